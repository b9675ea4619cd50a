"""AppTest: «Rangering» and «Metode og kilder» render for varied municipalities and inputs."""

import pytest

from analysis import load, scoring
from tests.apptest_utils import run_app

# Oslo (big), Utsira (tiny), Haram (data only from 2024), Kvitsøy (no projects)
MUNICIPALITIES = ("0301", "1151", "1580", "1144")
N_MUNICIPALITIES = 357


def table(at):
    return at.dataframe[0].value


# --- Rangering ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", MUNICIPALITIES)
def test_ranking_shows_every_municipality_with_the_chosen_one_first_and_a_bump_chart(code):
    at = run_app("rangering", kommune=code)
    assert not at.exception
    assert at.title[0].value == "Rangering 2025"
    rows = table(at)
    assert len(rows) == N_MUNICIPALITIES
    assert rows["kommunenummer"].iloc[0] == code
    assert {"rank", "rank_change", "total", "grunnskole", "rank_history"} <= set(rows.columns)
    assert len(at.get("plotly_chart")) == 1
    assert at.multiselect(key="rang_bump").value[0] == code
    assert any("ikke strengt sammenlignbare" in c.value for c in at.caption)


def test_haram_has_a_rank_history_from_2024_only():
    rows = table(run_app("rangering", kommune="1580")).set_index("kommunenummer")
    assert len(rows.loc["1580", "rank_history"]) == 2
    assert len(rows.loc["0301", "rank_history"]) == 11


def test_bump_chart_defaults_to_the_chosen_and_four_from_its_group():
    at = run_app("rangering", kommune="3314")
    assert len(at.multiselect(key="rang_bump").value) == 5
    at.multiselect(key="rang_bump").set_value([]).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 0
    assert any("Velg minst én kommune" in i.value for i in at.info)


def test_filters_and_search_narrow_the_table():
    at = run_app("rangering", kommune="0301")
    at.multiselect(key="rang_fylke").set_value(["Rogaland"]).run()
    assert set(table(at)["kommunenummer"].str[:2]) == {"11"}
    at.text_input(key="rang_sok").set_value("utsira").run()
    assert table(at)["name"].tolist() == ["Utsira"]
    at.text_input(key="rang_sok").set_value("finnes ikke").run()
    assert not at.exception
    assert any("Ingen kommuner passer" in i.value for i in at.info)


def test_size_and_peer_group_filters():
    at = run_app("rangering", kommune="0301")
    at.multiselect(key="rang_gruppe").set_value(["Storbyene og Oslo"]).run()
    assert len(table(at)) == 6
    at.multiselect(key="rang_storrelse").set_value(["små"]).run()
    assert not at.exception
    assert any("Ingen kommuner passer" in i.value for i in at.info)


def test_custom_weights_add_custom_ranks_and_reset_restores_the_defaults():
    at = run_app("rangering", kommune="3314")
    assert "custom_rank" not in table(at).columns
    at.number_input(key="rang_vekt_grunnskole").set_value(100.0).run()
    assert not at.exception
    rows = table(at)
    assert {"custom_rank", "rank_shift", "custom_total"} <= set(rows.columns)
    assert (rows["rank_shift"] != 0).any()
    assert any("egne vekter" in i.value for i in at.info)
    assert any("Sum av vektene: 180,0" in c.value for c in at.caption)
    at.button(key="rang_tilbakestill").click().run()
    assert at.number_input(key="rang_vekt_grunnskole").value == 20.0
    assert "custom_rank" not in table(at).columns


def test_own_weights_and_filters_are_kept_after_a_visit_to_another_page():
    at = run_app("rangering", kommune="3314")
    at.number_input(key="rang_vekt_grunnskole").set_value(50.0).run()
    at.text_input(key="rang_sok").input("Oslo").run()
    at.switch_page("app_pages/oversikt.py").run()
    at.switch_page("app_pages/rangering.py").run()
    assert not at.exception
    assert at.number_input(key="rang_vekt_grunnskole").value == 50.0
    assert at.text_input(key="rang_sok").value == "Oslo"
    assert "custom_rank" in table(at).columns


def test_custom_weights_match_a_direct_rerank():
    at = run_app("rangering", kommune="0301")
    at.number_input(key="rang_vekt_okonomi").set_value(0.0).run()
    rows = table(at).set_index("kommunenummer")
    data = load.load_dataset()
    sector_scores = scoring.score_all(data.values, data.indicators, data.sectors).sectors
    expected = scoring.rerank(sector_scores, data.sectors, {"okonomi": 0.0})
    expected = expected.loc[expected["year"] == 2025].set_index("kommunenummer")["rank"]
    assert rows["custom_rank"].astype("Int64").to_dict() == expected.to_dict()
    assert (rows["rank_shift"] == rows["rank"] - rows["custom_rank"]).dropna().all()


def test_all_zero_weights_warn_and_fall_back_to_the_default_ranks():
    at = run_app("rangering", kommune="0301")
    for key in [w.key for w in at.number_input if w.key.startswith("rang_vekt_")]:
        at.number_input(key=key).set_value(0.0)
    at.run()
    assert not at.exception
    assert any("Alle vektene er null" in w.value for w in at.warning)
    assert "custom_rank" not in table(at).columns


# --- Metode og kilder ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", MUNICIPALITIES)
def test_method_page_shows_the_grading_curve_weights_and_worked_example(code):
    at = run_app("metode", kommune=code)
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert len(at.dataframe) == 5
    assert len(at.dataframe[0].value) == 12  # sector weights


def test_method_page_quotes_the_scoring_constants():
    text = " ".join(m.value for m in run_app("metode", kommune="0301").markdown)
    assert "får 3,5" in text
    assert f"{round(scoring.UPPER_PERCENTILE * 100)}. persentil" in text
    assert f"minst {round(scoring.MIN_COVERAGE * 100)} %" in text


def test_worked_example_on_the_method_page_has_the_tested_ranks_and_totals():
    at = run_app("metode", kommune="0301")
    results = at.dataframe[4].value
    ranks_2024 = results.loc[results["year"] == 2024].sort_values("rank")["rank"].tolist()
    assert ranks_2024 == [1, 2, 2, 4, 5]
    by_unit = results.set_index(["kommunenummer", "year"])
    assert by_unit.loc[("D (9904)", 2024), "total"] == "1,31250"
    assert by_unit.loc[("D (9904)", 2024), "Helse"] == "–"  # 1 of 2 indicators < 60 %
    assert by_unit.loc[("A (9901)", 2024), "total"] == by_unit.loc[("E (9905)", 2024), "total"]


def test_method_page_states_the_built_in_effect_and_causation_caveat():
    at = run_app("metode", kommune="0301")
    warnings = " ".join(w.value for w in at.warning)
    assert "Innebygd effekt" in warnings
    assert "Samvariasjon er ikke årsak" in warnings


def test_method_page_in_english():
    at = run_app("metode", kommune="0301", lang="English")
    assert not at.exception
    assert at.title[0].value == "Method and sources"
    assert "Correlation is not causation" in " ".join(w.value for w in at.warning)
    assert "gets 3.5" in " ".join(m.value for m in at.markdown)


def test_grading_curve_indicator_can_be_changed():
    at = run_app("metode", kommune="0301")
    at.selectbox(key="metode_indikator").set_value("gs_mobbing").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert any("lav verdi best" in c.value for c in at.caption)
