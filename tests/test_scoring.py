"""Kommunebarometer grading: the worked example computed by hand, plus the method's edge cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import schema, scoring

A, B, C, D, E = "9901", "9902", "9903", "9904", "9905"
NA = None

# --- The worked example, by hand (analysis.scoring.worked_example() holds the inputs) ---------
#
# Percentiles with linear interpolation: for n sorted values v0..v(n−1), the p-th percentile sits
# at position p·(n−1). With 5 values: 5th → v0 + 0.2·(v1−v0), 95th → v3 + 0.8·(v4−v3).
# With 4 values: 5th → v0 + 0.15·(v1−v0), 95th → v2 + 0.85·(v3−v2).
# Grade on the good side: 3.5 + 2.5·(distance from mean)/(distance mean→best end), at most 6;
# on the bad side: 3.5 − 2.5·(distance from mean)/(distance mean→worst end), at least 1.
#
# 2023 (five values each)
#   sk_poeng (higher)     31 36 40 44 49        mean 40   5th 32    95th 48
#       49 > 48 → 6 | 44 → 3.5 + 2.5·4/8 = 4.75 | 40 → 3.5 | 36 → 3.5 − 2.5·4/8 = 2.25 | 31 → 1
#   sk_mobbing (lower)    4 9 10.5 12 14.5      mean 10   best = 5th = 5   worst = 95th = 14
#       4 < 5 → 6 | 9 → 3.5 + 2.5·1/5 = 4.0 | 10.5 → 3.5 − 2.5·0.5/4 = 3.1875 | 12 → 2.25
#       14.5 > 14 → 1
#   sk_trivsel (higher)   80.5 83 84.5 86 91    mean 85   5th 81    95th 90
#       91 → 6 | 86 → 4.0 | 84.5 → 3.1875 | 83 → 2.25 | 80.5 → 1
#   he_lege (higher)      7.5 10 12 14 16.5     mean 12   5th 8     95th 16
#       16.5 → 6 | 14 → 4.75 | 12 → 3.5 | 10 → 2.25 | 7.5 → 1
#   he_helsesykepleier    14 19 20 21 26        mean 20   5th 15    95th 25
#       26 → 6 | 21 → 4.0 | 20 → 3.5 | 19 → 3.0 | 14 → 1
# 2024: sk_poeng, sk_mobbing and he_lege hold the same five values in other municipalities, so the
# same grades apply. The two indicators with a missing value have four values:
#   sk_trivsel            83 83 85 89 (C missing)   mean 85   5th 83   95th 85 + 0.85·4 = 88.4
#       89 → 6 | 85 → 3.5 | 83 → 3.5 − 2.5·2/2 = 1 (exactly at the end)
#   he_helsesykepleier    15 20 20 25 (D missing)   mean 20   5th 15.75   95th 24.25
#       25 → 6 | 20 → 3.5 | 15 → 1
#
# Sector grades: grunnskole = (2·poeng + mobbing + trivsel)/4, helse = (lege + helsesykepleier)/2,
# weights renormalised over the grades present. Total = 0.75·grunnskole + 0.25·helse.
#   C 2024: trivsel missing → grunnskole = (2·2.25 + 3.1875)/3 = 2.5625 (2 of 3 = 67 % ≥ 60 %)
#   D 2024: helsesykepleier missing → 1 of 2 = 50 % < 60 % → no helse grade; the total then
#           rests on grunnskole alone (75 % of the weight ≥ 60 %): 1.3125.
#   A and E 2024 tie at 3.96875 by different routes and share rank 2; the next place is 4.

INDICATOR_GRADES = {  # (kommune, year): (sk_poeng, sk_mobbing, sk_trivsel, he_lege, he_hsp)
    (A, 2023): (6.0, 4.0, 4.0, 4.75, 4.0),
    (B, 2023): (3.5, 6.0, 3.1875, 2.25, 3.0),
    (C, 2023): (4.75, 3.1875, 6.0, 3.5, 6.0),
    (D, 2023): (2.25, 2.25, 2.25, 6.0, 3.5),
    (E, 2023): (1.0, 1.0, 1.0, 1.0, 1.0),
    (A, 2024): (6.0, 6.0, 1.0, 2.25, 1.0),
    (B, 2024): (3.5, 4.0, 3.5, 6.0, 6.0),
    (C, 2024): (2.25, 3.1875, NA, 4.75, 3.5),
    (D, 2024): (1.0, 2.25, 1.0, 1.0, NA),
    (E, 2024): (4.75, 1.0, 6.0, 3.5, 3.5),
}
SECTOR_GRADES = {  # (kommune, year): (grunnskole, helse)
    (A, 2023): ((12 + 4 + 4) / 4, (4.75 + 4) / 2),  # 5.0, 4.375
    (B, 2023): ((7 + 6 + 3.1875) / 4, (2.25 + 3) / 2),  # 4.046875, 2.625
    (C, 2023): ((9.5 + 3.1875 + 6) / 4, (3.5 + 6) / 2),  # 4.671875, 4.75
    (D, 2023): ((4.5 + 2.25 + 2.25) / 4, (6 + 3.5) / 2),  # 2.25, 4.75
    (E, 2023): (1.0, 1.0),
    (A, 2024): ((12 + 6 + 1) / 4, (2.25 + 1) / 2),  # 4.75, 1.625
    (B, 2024): ((7 + 4 + 3.5) / 4, (6 + 6) / 2),  # 3.625, 6.0
    (C, 2024): ((4.5 + 3.1875) / 3, (4.75 + 3.5) / 2),  # 2.5625, 4.125
    (D, 2024): ((2 + 2.25 + 1) / 4, NA),  # 1.3125, —
    (E, 2024): ((9.5 + 1 + 6) / 4, (3.5 + 3.5) / 2),  # 4.125, 3.5
}
TOTALS = {  # (kommune, year): (total, rank, rank_change)
    (A, 2023): (4.84375, 1, NA),
    (B, 2023): (3.69140625, 3, NA),
    (C, 2023): (4.69140625, 2, NA),
    (D, 2023): (2.875, 4, NA),
    (E, 2023): (1.0, 5, NA),
    (A, 2024): (3.96875, 2, 1 - 2),
    (B, 2024): (4.21875, 1, 3 - 1),
    (C, 2024): (2.953125, 4, 2 - 4),
    (D, 2024): (1.3125, 5, 4 - 5),  # grunnskole alone
    (E, 2024): (3.96875, 2, 5 - 2),  # tie with A; climbs three places
}


@pytest.fixture
def example() -> scoring.WorkedExample:
    return scoring.worked_example()


def by_key(frame: pd.DataFrame, columns: list[str]) -> dict[tuple[str, int], tuple]:
    rows = frame.sort_values(["kommunenummer", "year"]).itertuples(index=False)
    return {
        (r.kommunenummer, r.year): tuple(
            None if pd.isna(x) else x for x in (getattr(r, c) for c in columns)
        )
        for r in rows
    }


def test_worked_example_indicator_grades_match_the_hand_calculation(example):
    scores = scoring.score_indicators(example.values, example.indicators)
    wide = scores.pivot(index=["kommunenummer", "year"], columns="indicator_id", values="score")
    got = by_key(wide.reset_index(), example.indicators["indicator_id"].tolist())
    assert got.keys() == INDICATOR_GRADES.keys()
    for key, grades in INDICATOR_GRADES.items():
        assert got[key] == pytest.approx(grades, nan_ok=True), key


def test_worked_example_sector_grades_and_coverage_match_the_hand_calculation(example):
    sectors = scoring.score_all(*example).sectors
    wide = sectors.pivot(index=["kommunenummer", "year"], columns="sector_id", values="score")
    got = by_key(wide.reset_index(), ["grunnskole", "helse"])
    for key, grades in SECTOR_GRADES.items():
        assert got[key] == pytest.approx(grades), key
    coverage = sectors.set_index(["kommunenummer", "year", "sector_id"])["coverage"]
    assert coverage[(C, 2024, "grunnskole")] == pytest.approx(2 / 3)
    assert coverage[(D, 2024, "helse")] == pytest.approx(0.5)
    assert (coverage.drop([(C, 2024, "grunnskole"), (D, 2024, "helse")]) == 1).all()


def test_worked_example_totals_ranks_and_rank_changes_match_the_hand_calculation(example):
    totals = scoring.score_all(*example).totals
    got = by_key(totals, ["total", "rank", "rank_change"])
    assert got.keys() == TOTALS.keys()
    for key, (total, rank, change) in TOTALS.items():
        assert got[key][0] == pytest.approx(total), key
        assert got[key][1:] == (rank, change), key


def test_tied_totals_share_the_best_place_and_the_next_place_is_skipped(example):
    totals = scoring.score_all(*example).totals
    ranks_2024 = totals[totals["year"] == 2024].sort_values("rank")["rank"].tolist()
    assert ranks_2024 == [1, 2, 2, 4, 5]


def test_outputs_have_the_schema_columns_and_dtypes(example):
    result = scoring.score_all(*example)
    for frame, table in [
        (result.indicators, schema.SCORES),
        (result.sectors, schema.SECTOR_SCORES),
        (result.totals, schema.TOTALS),
    ]:
        assert frame.columns.tolist() == table.names
        assert frame.dtypes.to_dict() == {
            k: pd.api.types.pandas_dtype(v) for k, v in table.dtypes.items()
        }


# --- Indicator grades: the method's edge cases ------------------------------------------------


def one_indicator(values: list[float | None], direction: str = "higher") -> scoring.WorkedExample:
    """One indicator in one sector, one year, one value per municipality."""
    kommuner = [f"{i:04d}" for i in range(1, len(values) + 1)]
    frame = pd.DataFrame(
        {"kommunenummer": kommuner, "year": 2024, "indicator_id": "x", "value": values}
    )
    indicators = pd.DataFrame(
        {
            "indicator_id": ["x"],
            "sector_id": ["s"],
            "name": ["X"],
            "unit": ["enhet"],
            "direction": [direction],
            "weight": [1.0],
            "source": ["test"],
        }
    )
    sectors = pd.DataFrame({"sector_id": ["s"], "name": ["S"], "weight": [100.0]})
    return scoring.WorkedExample(
        schema.conform(frame, schema.INDICATOR_VALUES),
        schema.conform(indicators, schema.INDICATORS),
        schema.conform(sectors, schema.SECTORS),
    )


def grades(values: list[float | None], direction: str = "higher") -> list[float | None]:
    data = one_indicator(values, direction)
    score = scoring.score_indicators(data.values, data.indicators)["score"]
    return [None if pd.isna(s) else s for s in score]


def test_values_beyond_the_percentile_ends_are_clipped_to_1_and_6():
    # mean 212, 5th percentile 2, 95th percentile 30 + 0.8·970 = 806
    assert grades([0, 10, 20, 30, 1000]) == pytest.approx(
        [1.0, 3.5 - 2.5 * 202 / 210, 3.5 - 2.5 * 192 / 210, 3.5 - 2.5 * 182 / 210, 6.0]
    )


def test_lower_is_better_mirrors_higher_is_better():
    values = [3.0, 7.0, 8.0, 12.0, 20.0, 21.0]
    higher, lower = grades(values, "higher"), grades(values, "lower")
    assert [h + lo for h, lo in zip(higher, lower, strict=True)] == pytest.approx([7.0] * 6)
    assert lower[0] == 6.0 and lower[-1] == 1.0


def test_the_national_average_gets_3_5():
    assert grades([1.0, 2.0, 6.0, 7.0, 4.0])[-1] == pytest.approx(3.5)


def test_an_indicator_where_all_values_are_equal_gives_3_5():
    assert grades([5.0, 5.0, 5.0, 5.0]) == [3.5, 3.5, 3.5, 3.5]


def test_a_single_value_gives_3_5():
    assert grades([42.0]) == [3.5]


def test_a_side_whose_end_lies_at_or_behind_the_mean_gives_3_5():
    # 20 zeros and one 100: mean 100/21 lies above the 95th percentile (0), so the good side has
    # no scale; the zeros sit exactly at the worst end (5th percentile 0) and get 1.
    assert grades([0.0] * 20 + [100.0]) == [1.0] * 20 + [3.5]


def test_a_missing_value_gets_no_grade_and_does_not_move_the_others():
    assert grades([1.0, None, 2.0, 3.0]) == [1.0, None, 3.5, 6.0]
    assert grades([1.0, 2.0, 3.0]) == [1.0, 3.5, 6.0]


def test_grades_stay_between_1_and_6_on_random_data():
    rng = np.random.default_rng(1)
    got = grades(list(rng.lognormal(0, 2, 200)), "lower")
    assert min(got) == 1.0 and max(got) == 6.0


def test_unknown_indicator_raises_a_schema_error_naming_it(example):
    values = pd.concat(
        [example.values, example.values.head(1).assign(indicator_id="ukjent")], ignore_index=True
    )
    with pytest.raises(schema.SchemaError) as error:
        scoring.score_indicators(values, example.indicators)
    assert [p.value for p in error.value.problems] == ["ukjent"]


# --- Sector grades and totals ------------------------------------------------------------------


def test_a_sector_grade_is_given_at_exactly_60_percent_coverage():
    indicators = pd.DataFrame(
        {
            "indicator_id": list("abcde"),
            "sector_id": "s",
            "name": list("abcde"),
            "unit": "enhet",
            "direction": "higher",
            "weight": [1.0, 1.0, 2.0, 1.0, 1.0],
            "source": "test",
        }
    ).pipe(schema.conform, schema.INDICATORS)
    scores = pd.DataFrame(
        {
            "kommunenummer": "0001",
            "year": 2024,
            "indicator_id": list("abcde"),
            "sector_id": "s",
            "value": 1.0,
            "score": [2.0, 5.0, 6.0, None, None],
        }
    ).astype(schema.SCORES.dtypes)
    three_of_five = scoring.score_sectors(scores, indicators)
    two_of_five = scoring.score_sectors(
        scores.assign(score=[2.0, 5.0, None, None, None]), indicators
    )
    assert three_of_five["coverage"].tolist() == [0.6]
    assert three_of_five["score"].tolist() == [pytest.approx((2 + 5 + 2 * 6) / 4)]
    assert two_of_five["coverage"].tolist() == [0.4]
    assert two_of_five["score"].isna().all()


def test_weights_override_changes_totals_and_can_take_a_total_away(example):
    totals = scoring.score_all(*example, weights={"grunnskole": 50, "helse": 50}).totals
    got = by_key(totals, ["total", "rank", "rank_change"])
    # 2023 at 50/50: A (5 + 4.375)/2 = 4.6875, B 3.3359375, C 4.7109375, D 3.5, E 1
    assert got[(C, 2023)] == (pytest.approx(4.7109375), 1, None)
    assert got[(A, 2023)] == (pytest.approx(4.6875), 2, None)
    # 2024: D has only grunnskole = 50 % of the weight < 60 %: no total, no rank, no change.
    assert got[(D, 2024)] == (None, None, None)
    assert got[(B, 2024)] == (pytest.approx((3.625 + 6) / 2), 1, 4 - 1)
    assert got[(E, 2024)] == (pytest.approx((4.125 + 3.5) / 2), 2, 5 - 2)
    assert got[(C, 2024)] == (pytest.approx((2.5625 + 4.125) / 2), 3, 1 - 3)
    assert got[(A, 2024)] == (pytest.approx((4.75 + 1.625) / 2), 4, 2 - 4)


def test_rerank_equals_a_full_score_all_with_the_same_weights(example):
    weights = {"helse": 60}
    full = scoring.score_all(*example, weights=weights)
    cheap = scoring.rerank(scoring.score_all(*example).sectors, example.sectors, weights)
    pd.testing.assert_frame_equal(cheap, full.totals)


def test_rerank_without_weights_reproduces_the_totals(example):
    result = scoring.score_all(*example)
    pd.testing.assert_frame_equal(scoring.rerank(result.sectors, example.sectors), result.totals)


def test_unknown_sector_or_negative_weight_raises_one_error_listing_both(example):
    with pytest.raises(schema.SchemaError) as error:
        scoring.score_all(*example, weights={"kultur": 10, "helse": -1})
    assert [p.value for p in error.value.problems] == ["kultur", "-1"]


def test_no_input_is_changed(example):
    before = [frame.copy(deep=True) for frame in example]
    result = scoring.score_all(*example, weights={"helse": 40})
    scoring.rerank(result.sectors, example.sectors, {"grunnskole": 10})
    for original, after in zip(before, example, strict=True):
        pd.testing.assert_frame_equal(original, after)


def test_no_values_gives_empty_tables_with_the_schema_dtypes(example):
    result = scoring.score_all(example.values.head(0), example.indicators, example.sectors)
    for frame, table in [
        (result.indicators, schema.SCORES),
        (result.sectors, schema.SECTOR_SCORES),
        (result.totals, schema.TOTALS),
    ]:
        pd.testing.assert_frame_equal(frame, schema.empty(table), check_index_type=False)
