"""Helpers for AppTest: open the app (optionally on a page) for a chosen municipality."""

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
TIMEOUT = 90
_MUNICIPALITIES = pd.read_csv(ROOT / "data" / "municipalities.csv", dtype="string")
NAMES = dict(zip(_MUNICIPALITIES["kommunenummer"], _MUNICIPALITIES["name"], strict=True))
# one big, one small, Haram (split from Ålesund in 2024: short history)
EDGE_MUNICIPALITIES = ("0301", "1151", "1580")


def url_label(code: str) -> str:
    """How a municipality appears in the URL (Streamlit binds the option's label)."""
    return f"{NAMES[code]} ({code})"


def run_app(page: str | None = None, *, kommune: str | None = None, **query: str) -> AppTest:
    """Run app.py like a first visit with these URL parameters, then switch to `page`."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if kommune:
        at.query_params["kommune"] = url_label(kommune)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    return at
