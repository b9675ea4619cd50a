"""AppTest: the app frame and every page render without exceptions, for varied municipalities."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_utils import run_app

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p for p in (ROOT / "app_pages").glob("*.py") if not p.name.startswith("_"))
# one big, one small, and Haram (split from Ålesund in 2024: short history)
MUNICIPALITIES = {"0301": "Oslo", "1151": "Utsira", "1580": "Haram"}
TIMEOUT = 60


def test_app_opens_on_oevre_eiker_with_demo_notice():
    at = run_app()
    assert not at.exception
    assert "Øvre Eiker" in at.title[0].value
    assert any("Demodata" in info.value for info in at.info)


@pytest.mark.parametrize("code", MUNICIPALITIES)
def test_overview_shows_rank_for_municipality(code):
    at = run_app(kommune=code)
    assert not at.exception
    assert MUNICIPALITIES[code] in at.title[0].value
    assert at.metric, "KPI cards are shown"
    assert at.get("plotly_chart"), "rank history is drawn"


def test_haram_overview_explains_its_short_history():
    at = run_app(kommune="1580")
    assert any("2024" in caption.value for caption in at.caption)


def test_changing_municipality_in_sidebar_changes_the_overview():
    at = run_app()
    at.selectbox(key="kommune").select("5001").run()
    assert not at.exception
    assert "Trondheim" in at.title[0].value


def test_english_toggle_translates_the_page():
    at = run_app(lang="English")
    assert "Overview" in at.title[0].value
    assert any("Demo data" in info.value for info in at.info)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_each_page_runs_on_its_own(page):
    at = AppTest.from_file(str(page), default_timeout=TIMEOUT).run()
    assert not at.exception


def test_a_run_that_stops_early_gives_its_slot_back():
    """app.py holds a run slot for the whole run; st.rerun/st.stop leave it by an exception."""
    from app_pages import _ui

    for _ in range(_ui.MAX_CONCURRENT_RUNS + 2):
        with pytest.raises(RuntimeError), _ui.run_slot():
            raise RuntimeError("stopped early")
    slots = _ui._run_slots()
    taken = [slots.acquire(blocking=False) for _ in range(_ui.MAX_CONCURRENT_RUNS)]
    assert all(taken)  # every slot was free again
    for _ in taken:
        slots.release()
