"""AppTest: «Innovasjon og resultater» renders for varied municipalities and follows its inputs."""

import pytest

from tests.apptest_utils import run_app

PAGE = "innovasjon"
# Oslo (big), Utsira (tiny), Haram (data only from 2024), Kvitsøy (no projects), Øvre Eiker
MUNICIPALITIES = ("0301", "1151", "1580", "1144", "3314")
WITHOUT_PROJECTS = "1144"


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("code", MUNICIPALITIES)
def test_page_shows_correlation_both_charts_and_the_table(code):
    at = run_app(PAGE, kommune=code)
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2
    assert metric(at, "Pearson r").startswith("0,")
    assert int(metric(at, "Kommuner i figuren")) >= 300
    assert len(at.dataframe[0].value) == int(metric(at, "Kommuner i figuren"))
    assert any(m.value.startswith("**r = ") and "95 % KI" in m.value for m in at.markdown)


def test_page_warns_that_correlation_is_not_causation_and_the_demo_effect_is_built_in():
    at = run_app(PAGE, kommune="3314")
    caveat = at.info[0].value
    assert "Samvariasjon er ikke årsak" in caveat
    assert "lagt inn med vilje" in caveat


def test_page_says_how_many_municipalities_were_left_out():
    at = run_app(PAGE, kommune="3314")
    assert any("er utelatt" in caption.value for caption in at.caption)


def test_haram_is_explained_as_missing_from_the_scatter():
    at = run_app(PAGE, kommune="1580")
    assert any("Haram er ikke med i figuren" in info.value for info in at.info)
    assert "Haram" not in at.dataframe[0].value["name"].tolist()


def test_municipality_without_projects_is_said_to_have_none():
    at = run_app(PAGE, kommune=WITHOUT_PROJECTS)
    assert any("ingen innovasjonsprosjekter" in caption.value for caption in at.caption)


def test_lag_changes_the_periods():
    at = run_app(PAGE, kommune="3314")
    at.slider(key="innov_lag").set_value(2).run()
    assert not at.exception
    assert any(
        "2015–2023" in caption.value and "2017 til 2025" in caption.value for caption in at.caption
    )


def test_measure_can_be_changed():
    at = run_app(PAGE, kommune="3314")
    before = metric(at, "Pearson r")
    at.selectbox(key="innov_maal").select("active_per_10k").run()
    assert not at.exception
    assert metric(at, "Pearson r") != before


def test_sector_offers_indicators_and_switching_sector_resets_the_indicator():
    at = run_app(PAGE, kommune="3314")
    at.selectbox(key="sektor").select("grunnskole").run()
    at.selectbox(key="innov_indikator").select("gs_grunnskolepoeng").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2
    at.selectbox(key="sektor").select("helse").run()
    assert not at.exception
    assert at.selectbox(key="innov_indikator").value is None


def test_too_short_period_for_the_lag_is_explained_not_drawn():
    at = run_app(PAGE, kommune="3314")
    at.slider(key="innov_lag").set_value(2).run()
    at.slider(key="aar").set_value((2023, 2025)).run()
    assert not at.exception
    assert any("for kort" in info.value for info in at.info)
    assert len(at.get("plotly_chart")) == 1  # the event study still shows


def test_too_few_points_warns_instead_of_fitting_a_line():
    # «Fullført vgs» is not published for 2025, so no municipality has a change to 2025
    at = run_app(PAGE, kommune="3314")
    at.selectbox(key="sektor").select("grunnskole").run()
    at.selectbox(key="innov_indikator").select("gs_fullfort_vgs").run()
    assert not at.exception
    assert any("For få kommuner" in warning.value for warning in at.warning)
    assert any("Ingen kommuner har data" in info.value for info in at.info)
    assert not any(m.label == "Pearson r" for m in at.metric)


def test_english_mode_translates_the_page():
    at = run_app(PAGE, kommune="3314", lang="English")
    assert not at.exception
    assert "Innovation and results" in at.title[0].value
    assert "Correlation is not causation" in at.info[0].value
