"""AppTest: «Oversikt» and «Kommuneprofil» render for varied municipalities and follow inputs."""

import json

import pytest

from tests.apptest_utils import run_app

# Oslo (big), Utsira (tiny), Haram (data only from 2024), Kvitsøy (no projects), Øvre Eiker
MUNICIPALITIES = ("0301", "1151", "1580", "1144", "3314")
WITHOUT_PROJECTS = "1144"


def labels(at) -> list[str]:
    return [m.label for m in at.metric]


def movers_tables(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("| Kommune |")]


def movers_rows(table: str) -> int:
    return len(table.splitlines()) - 2  # header and rule


def spec(at, index: int) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


@pytest.mark.parametrize("code", MUNICIPALITIES)
def test_overview_shows_kpis_map_movers_and_a_link_to_the_profile(code):
    at = run_app("oversikt", kommune=code)
    assert not at.exception
    assert len(at.metric) == 6
    assert any(label.startswith("Sterkeste sektor") for label in labels(at))
    assert any(label.startswith("Innovasjonsindeks") for label in labels(at))
    assert len(at.get("plotly_chart")) == 1  # the map; the rank history is on Kommuneprofil
    assert [movers_rows(table) for table in movers_tables(at)] == [10, 10]  # up and down
    assert at.get("page_link")[0].proto.page.endswith("kommuneprofil")
    assert any("ikke strengt sammenlignbare" in c.value for c in at.caption)


def test_overview_map_follows_the_chosen_measure_and_reverses_for_rank():
    at = run_app("oversikt", kommune="3314")
    assert "Totalkarakter" in spec(at, 0)["layout"]["title"]["text"]
    at.selectbox(key="kart").select("rank").run()
    layout = spec(at, 0)["layout"]
    assert "Plassering" in layout["title"]["text"]
    assert layout["coloraxis"]["reversescale"] is True


def test_overview_offers_the_sidebar_sector_on_the_map():
    at = run_app("oversikt", kommune="3314")
    assert "sector" not in at.selectbox(key="kart").options
    at.selectbox(key="sektor").select("grunnskole").run()
    at.selectbox(key="kart").select("sector").run()
    assert not at.exception
    assert "Grunnskole" in spec(at, 0)["layout"]["title"]["text"]


def test_overview_first_year_has_no_movers_and_says_why():
    at = run_app("oversikt", kommune="3314")
    at.slider(key="aar").set_value((2015, 2015)).run()
    assert not at.exception
    assert not movers_tables(at)
    assert any("første året med plasseringer" in info.value for info in at.info)


@pytest.mark.parametrize("code", MUNICIPALITIES)
def test_profile_shows_outcome_rank_and_sector_charts(code):
    at = run_app("kommuneprofil", kommune=code)
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3
    outcome = spec(at, 0)
    names = [trace.get("name") for trace in outcome["data"]]
    assert "Hele landet (median)" in names and "Sammenligningsgruppen (median)" in names


def test_profile_of_oevre_eiker_shows_real_projects_on_the_year_axis():
    at = run_app("kommuneprofil", kommune="3314")
    outcome = spec(at, 0)
    bars = [t for t in outcome["data"] if t["type"] == "bar"]
    assert bars and all(t["xaxis"] == "x2" for t in bars)
    ticks = outcome["layout"]["yaxis2"]["ticktext"]
    assert any("Innovasjonsrådgiver" in tick and tick.startswith("<b>") for tick in ticks)
    assert at.dataframe[0].value["is_real"].sum() == 3


def test_profile_without_projects_says_so_and_still_shows_the_grade():
    at = run_app("kommuneprofil", kommune=WITHOUT_PROJECTS)
    assert any("ingen registrerte innovasjonsprosjekter" in info.value for info in at.info)
    outcome = spec(at, 0)
    assert {t["type"] for t in outcome["data"]} == {"scatter"}
    assert not at.dataframe


def test_profile_follows_the_sidebar_sector():
    at = run_app("kommuneprofil", kommune="3314")
    at.selectbox(key="sektor").select("grunnskole").run()
    assert not at.exception
    assert "karakter for Grunnskole" in spec(at, 0)["layout"]["title"]["text"]


def test_profile_with_an_empty_custom_group_explains_it():
    at = run_app("kommuneprofil", kommune="3314")
    at.selectbox(key="gruppe").select("custom").run()
    assert not at.exception
    assert any("Sammenligningsgruppen er tom" in info.value for info in at.info)
    assert len(at.get("plotly_chart")) == 3


def test_pages_speak_english_when_asked():
    at = run_app("kommuneprofil", kommune="3314")
    at.segmented_control(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Municipality profile: Øvre Eiker"
    assert "All of Norway (median)" in [t.get("name") for t in spec(at, 0)["data"]]


def test_a_copied_english_link_shows_the_sidebar_in_english_from_the_first_run():
    at = run_app(None, kommune="3314", lang="English")
    assert not at.exception
    labels = [box.label for box in at.sidebar.selectbox]
    assert labels == ["Municipality", "Compare with", "Sector"]
    assert at.title[0].value.startswith("Overview")
