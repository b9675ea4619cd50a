"""Ranking table, custom weights, bump chart and grading curve on tiny inline frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import figures_ranking as fr
from analysis import scoring
from analysis.figures import HIGHLIGHT


def totals_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kommunenummer": pd.array(["0001", "0002", "0003"] * 2 + ["0004"], dtype="string"),
            "year": pd.array([2023] * 3 + [2024] * 4, dtype="Int64"),
            "total": pd.array([4.0, 3.0, 2.0, 3.5, 4.5, None, 2.5], dtype="Float64"),
            "rank": pd.array([1, 2, 3, 2, 1, None, 3], dtype="Int64"),
            "rank_change": pd.array([None, None, None, -1, 1, None, None], dtype="Int64"),
        }
    )


def sector_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kommunenummer": pd.array(["0001", "0001", "0002", "0004"], dtype="string"),
            "year": pd.array([2024] * 4, dtype="Int64"),
            "sector_id": pd.array(["skole", "helse", "skole", "skole"], dtype="string"),
            "score": pd.array([3.0, 4.0, 4.5, None], dtype="Float64"),
            "coverage": pd.array([1.0, 1.0, 1.0, 0.5], dtype="Float64"),
        }
    )


def municipality_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kommunenummer": pd.array(["0001", "0002", "0003", "0004"], dtype="string"),
            "name": pd.array(["Alfa", "Beta", "Gamma", "Alvdal"], dtype="string"),
            "county_name": pd.array(["Nord", "Nord", "Sør", "Sør"], dtype="string"),
            "size_class": pd.Categorical(["små", "store", "små", "små"]),
            "peer_group": pd.array(["G1", "G2", "G1", None], dtype="string"),
        }
    )


def table() -> pd.DataFrame:
    return fr.ranking_table(
        totals_frame(), sector_frame(), municipality_frame(), ["skole", "helse"], (2023, 2024)
    )


def test_ranking_table_sorts_by_rank_and_puts_the_unranked_last():
    assert table()["kommunenummer"].tolist() == ["0002", "0001", "0004", "0003"]


def test_ranking_table_has_one_grade_column_per_sector_in_catalogue_order():
    result = table().set_index("kommunenummer")
    assert result.columns[7:9].tolist() == ["skole", "helse"]
    assert result.loc["0001", "helse"] == 4.0
    assert pd.isna(result.loc["0002", "helse"])
    assert pd.isna(result.loc["0004", "skole"])


def test_rank_history_is_negative_rank_over_the_years_with_missing_years_left_out():
    history = table().set_index("kommunenummer")["rank_history"]
    assert history["0001"] == [-1.0, -2.0]
    assert history["0003"] == [-3.0]  # no rank in 2024
    assert history["0004"] == [-3.0]  # first ranked in 2024


def test_ranking_table_does_not_change_its_inputs():
    totals = totals_frame()
    table_before = totals.copy()
    fr.ranking_table(totals, sector_frame(), municipality_frame(), ["skole"], (2023, 2024))
    pd.testing.assert_frame_equal(totals, table_before)


def test_custom_ranks_add_the_shift_positive_when_climbing():
    custom = totals_frame().assign(rank=pd.array([1, 2, 3, 1, 2, None, 3], dtype="Int64"))
    result = fr.with_custom_ranks(table(), custom, 2024).set_index("kommunenummer")
    assert result.loc["0001", "custom_rank"] == 1
    assert result.loc["0001", "rank_shift"] == 1
    assert result.loc["0002", "rank_shift"] == -1
    assert pd.isna(result.loc["0003", "rank_shift"])


def test_filters_combine_and_search_matches_name_or_number():
    rows = table()
    assert fr.filter_ranking(rows, counties=["Sør"])["kommunenummer"].tolist() == ["0004", "0003"]
    assert fr.filter_ranking(rows, sizes=["små"], counties=["Nord"])["name"].tolist() == ["Alfa"]
    assert fr.filter_ranking(rows, peer_groups=["G1"])["name"].tolist() == ["Alfa", "Gamma"]
    assert fr.filter_ranking(rows, query=" al")["name"].tolist() == ["Alfa", "Alvdal"]
    assert fr.filter_ranking(rows, query="0003")["name"].tolist() == ["Gamma"]
    assert fr.filter_ranking(rows, query="zzz").empty


def test_chosen_municipality_comes_first_and_the_rest_keep_rank_order():
    result = fr.filter_ranking(table(), first="0004")
    assert result["kommunenummer"].tolist() == ["0004", "0002", "0001", "0003"]


def test_normalised_weights_sum_to_100_and_survive_all_zero():
    assert fr.normalised_weights({"a": 1.0, "b": 3.0}) == {"a": 25.0, "b": 75.0}
    assert fr.normalised_weights({"a": 0.0}) == {"a": 0.0}


def test_bump_default_takes_the_group_members_ranked_nearest():
    totals = pd.DataFrame(
        {
            "kommunenummer": pd.array(list("abcdefg"), dtype="string"),
            "year": pd.array([2024] * 7, dtype="Int64"),
            "rank": pd.array([1, 2, 3, 4, 5, 6, None], dtype="Int64"),
        }
    )
    assert fr.bump_default(totals, "d", list("abcefg"), 2024, n=3) == ["d", "c", "e", "b"]
    assert fr.bump_default(totals, "g", list("abc"), 2024) == ["g", "a", "b", "c"]
    assert fr.bump_default(totals, "a", [], 2024) == ["a"]


def bump() -> object:
    return fr.bump_chart(
        totals_frame(),
        {"0001": "Alfa", "0002": "Beta"},
        "0001",
        title="Plassering",
        x_label="År",
        y_label="Plassering (1 = best)",
        source="Kilde: test. n = 3.",
        hover_rank="Plassering",
    )


def test_bump_chart_draws_one_line_per_ranked_municipality_chosen_last_and_highlighted():
    fig = bump()
    assert len(fig.data) == 4  # 0003 has one ranked year, 0004 one; both still drawn
    assert fig.data[-1].name == "Alfa"
    assert fig.data[-1].line.color == HIGHLIGHT
    assert list(fig.data[-1].y) == [1.0, 2.0]


def test_bump_chart_labels_each_line_at_its_end_with_rank_one_on_top():
    fig = bump()
    labels = {a.text: (a.x, a.font.color) for a in fig.layout.annotations[:-1]}
    assert labels["Alfa"] == (2024, HIGHLIGHT)
    assert labels["0003"][0] == 2023  # its last ranked year
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.title.text == "Plassering"
    assert fig.layout.template.layout.separators == ", "
    assert fig.layout.annotations[-1].text == "Kilde: test. n = 3."


def test_spread_labels_keeps_order_and_a_minimum_gap_around_the_same_centre():
    placed = fr.spread_labels([50.0, 49.0, 51.0, 200.0], min_gap=5.0)
    assert placed[1] < placed[0] < placed[2]
    assert placed[0] - placed[1] == pytest.approx(5.0)
    assert placed[2] - placed[0] == pytest.approx(5.0)
    assert sum(placed) == pytest.approx(350.0)
    assert fr.spread_labels([1.0, 100.0], min_gap=5.0) == pytest.approx([1.0, 100.0])


def test_grading_curve_matches_the_scoring_of_the_worked_example():
    example = scoring.worked_example()
    graded = scoring.score_indicators(example.values, example.indicators)
    rows = graded.loc[(graded["indicator_id"] == "sk_mobbing") & (graded["year"] == 2023)]
    reference = fr.reference_values(rows["value"])
    assert reference == pytest.approx({"mean": 10.0, "lower": 5.0, "upper": 14.0})
    np.testing.assert_allclose(
        fr.grades_for(rows["value"], "lower", reference), rows["score"].to_numpy(dtype=float)
    )


def test_grading_curve_runs_from_grade_1_to_6_and_marks_the_reference_values():
    values = pd.Series([31, 36, 40, 44, 49], dtype="Float64")
    curve = fr.grading_curve_data(values, "higher")
    assert len(curve) == fr.CURVE_POINTS
    assert curve["grade"].iloc[0] == scoring.MIN_GRADE
    assert curve["grade"].iloc[-1] == scoring.MAX_GRADE
    assert curve["grade"].is_monotonic_increasing
    fig = fr.grading_curve(
        curve,
        fr.reference_values(values),
        title="Karakterkurve",
        x_label="Poeng",
        y_label="Karakter",
        source="Kilde: test. n = 5.",
        marks={"mean": "snitt", "lower": "5. persentil", "upper": "95. persentil"},
    )
    assert len(fig.data) == 1
    assert [s.x0 for s in fig.layout.shapes] == [32.0, 40.0, 48.0]
    assert fig.layout.template.layout.separators == ", "


def test_example_results_have_sector_grades_total_and_rank_per_municipality_year():
    example = scoring.worked_example()
    result = fr.example_results(scoring.score_all(*example), example.sectors)
    assert len(result) == 10
    assert result.columns.tolist()[:4] == ["kommunenummer", "year", "Grunnskole", "Helse"]
    d_2024 = result.set_index(["kommunenummer", "year"]).loc[("D (9904)", 2024)]
    assert pd.isna(d_2024["Helse"])
    assert d_2024["total"] == pytest.approx(1.3125)


def test_grading_curve_can_mark_the_chosen_municipality():
    values = pd.Series([31, 36, 40, 44, 49], dtype="Float64")
    fig = fr.grading_curve(
        fr.grading_curve_data(values, "higher"),
        fr.reference_values(values),
        title="t",
        x_label="x",
        y_label="y",
        source="s",
        marks={"mean": "m", "lower": "l", "upper": "u"},
        point=(44.0, 4.75, "Alfa"),
    )
    assert len(fig.data) == 2
    assert list(fig.data[1].text) == ["Alfa"]
    assert fig.data[1].marker.color == HIGHLIGHT


def test_grades_as_text_use_decimal_comma_a_dash_for_missing_and_sort_like_numbers():
    frame = pd.DataFrame(
        {"g": pd.array([4.75, None, 1.0, 6.0], dtype="Float64"), "n": [1, 2, 3, 4]}
    )
    result = fr.grades_as_text(frame, ["g"])
    assert result["g"].tolist() == ["4,75", "–", "1,00", "6,00"]
    assert result.sort_values("g")["n"].tolist() == [3, 1, 4, 2]
    assert frame["g"].dtype == "Float64"  # input unchanged


def test_example_tables_write_the_worked_example_the_norwegian_way():
    example = scoring.worked_example()
    tables = fr.example_tables(example, scoring.score_all(*example))
    values = tables.values.set_index(["kommunenummer", "year"])
    assert values.loc[("C (9903)", 2024), "Elever som trives"] == "–"
    assert values.loc[("B (9902)", 2023), "Elever som trives"] == "84,5"
    grades = tables.grades.set_index(["kommunenummer", "year"])
    assert grades.loc[("C (9903)", 2023), "Elever som opplever mobbing"] == "3,1875"
    results = tables.results.set_index(["kommunenummer", "year"])
    assert results.loc[("B (9902)", 2024), "rank_change"] == "+2"
    assert results.loc[("A (9901)", 2023), "rank_change"] == "–"
    assert results.loc[("A (9901)", 2024), "total"] == "3,96875"
