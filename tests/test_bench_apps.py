"""The floor app bench_elements.py measures draws its chart after ten copies of every element
kind the bench lists, so a Streamlit upgrade that breaks one shows here, not in a bench run."""

import importlib.util
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
FLOOR_APP = ROOT / "bench" / "one_plotly_chart.py"


def _bench_elements():
    spec = importlib.util.spec_from_file_location(
        "bench_elements", ROOT / "bench" / "bench_elements.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench_elements()


def test_floor_app_is_one_chart():
    at = AppTest.from_file(str(FLOOR_APP)).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert len(at.main.children) == 2  # title and chart, nothing else


@pytest.mark.parametrize("kind", BENCH.ELEMENTS)
def test_floor_app_draws_copies_of_each_element_before_its_chart(kind, monkeypatch):
    monkeypatch.setenv("INNOSIKT_BENCH_ELEMENT", kind)
    monkeypatch.setenv("INNOSIKT_BENCH_COPIES", str(BENCH.COPIES))
    at = AppTest.from_file(str(FLOOR_APP)).run()
    assert not at.exception
    assert len(at.main.children) == 2 + BENCH.COPIES
    assert len(at.get("plotly_chart")) == 1
