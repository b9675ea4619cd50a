"""Correlations, trend lines, changes and the event study, on tiny inline data."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis import stats

X12 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
Y12 = [2.1, 3.9, 3.2, 5.8, 4.9, 7.2, 6.1, 8.8, 7.7, 9.1, 11.4, 10.2]


def codes(n: int, first: int = 1) -> list[str]:
    return [f"{i:04d}" for i in range(first, first + n)]


# --- correlation ----------------------------------------------------------------------------


def test_perfect_line_has_r_1_and_an_interval_hugging_1():
    result = stats.correlation(X12, [3 * x + 2 for x in X12])
    assert result.r == pytest.approx(1.0)
    assert result.low == pytest.approx(1.0, abs=1e-6)
    assert result.high == pytest.approx(1.0)
    assert result.n == 12


def test_pearson_r_and_p_match_scipy():
    expected = sps.pearsonr(X12, Y12)
    result = stats.correlation(X12, Y12)
    assert result.r == pytest.approx(expected.statistic)
    assert result.p_value == pytest.approx(expected.pvalue)
    assert result.method == "pearson"
    assert result.low < result.r < result.high


def test_spearman_r_and_p_match_scipy():
    expected = sps.spearmanr(X12, Y12)
    result = stats.correlation(X12, Y12, method="spearman")
    assert result.r == pytest.approx(expected.statistic)
    assert result.p_value == pytest.approx(expected.pvalue)


def test_fisher_interval_matches_hand_computation():
    # r = 0.5, n = 28: atanh(0.5) = 0.549306, SE = 1/√25 = 0.2, z = 1.959964
    # → tanh(0.549306 ∓ 0.391993) = tanh(0.157313), tanh(0.941299) = 0.156028, 0.735818
    assert stats.fisher_interval(0.5, 28) == pytest.approx((0.156028, 0.735818), abs=1e-6)


def test_spearman_interval_uses_bonett_wright_standard_error():
    # SE = √((1 + 0.5²/2)/25) = 0.212132 → tanh(0.549306 ∓ 0.415772) = 0.132747, 0.746533
    low, high = stats.fisher_interval(0.5, 28, method="spearman")
    assert (low, high) == pytest.approx((0.132747, 0.746533), abs=1e-6)


def test_correlation_interval_is_fisher_interval_of_its_r():
    result = stats.correlation(X12, Y12)
    assert (result.low, result.high) == pytest.approx(stats.fisher_interval(result.r, 12))


def test_pairs_with_a_missing_value_are_dropped():
    x = pd.Series([*X12, np.nan, 5.0], dtype="Float64")
    y = pd.Series([*Y12, 1.0, pd.NA], dtype="Float64")
    result = stats.correlation(x, y)
    assert result.n == 12
    assert result.r == pytest.approx(sps.pearsonr(X12, Y12).statistic)


def test_fewer_than_ten_points_raise_too_few_points_in_norwegian():
    with pytest.raises(stats.TooFewPoints) as caught:
        stats.correlation(X12[:9], Y12[:9])
    assert caught.value.n == 9
    assert str(caught.value) == (
        "For få kommuner (n = 9) til å beregne en korrelasjon. Minst 10 trengs."
    )


def test_missing_values_count_against_the_minimum():
    y = [*Y12[:9], None, None, None]
    with pytest.raises(stats.TooFewPoints, match="n = 9"):
        stats.correlation(X12, y)


def test_constant_variable_raises_not_enough_variation():
    with pytest.raises(stats.NotEnoughVariation) as caught:
        stats.correlation(X12, [4.0] * 12)
    assert caught.value.variable == "y"
    assert isinstance(caught.value, stats.NotComputable)


def test_correlation_does_not_change_its_input():
    x = pd.Series(X12, dtype="Float64")
    before = x.copy()
    stats.correlation(x, Y12)
    pd.testing.assert_series_equal(x, before)


# --- ols_fit --------------------------------------------------------------------------------


def test_ols_recovers_slope_and_intercept_of_exact_data():
    fit = stats.ols_fit(X12, [0.5 * x - 3 for x in X12])
    assert fit.slope == pytest.approx(0.5)
    assert fit.intercept == pytest.approx(-3.0)
    assert fit.r_squared == pytest.approx(1.0)
    assert fit.n == 12
    assert fit.slope_low == pytest.approx(0.5)
    assert fit.slope_high == pytest.approx(0.5)


def test_ols_slope_interval_matches_scipy_linregress():
    expected = sps.linregress(X12, Y12)
    fit = stats.ols_fit(X12, Y12)
    half = sps.t.ppf(0.975, 10) * expected.stderr
    assert fit.slope == pytest.approx(expected.slope)
    assert fit.intercept == pytest.approx(expected.intercept)
    assert fit.r_squared == pytest.approx(expected.rvalue**2)
    assert (fit.slope_low, fit.slope_high) == pytest.approx(
        (expected.slope - half, expected.slope + half)
    )


def test_band_has_50_points_over_the_x_range_and_contains_the_fit():
    band = stats.ols_fit(X12, Y12).band
    assert list(band.columns) == ["x", "fit", "low", "high"]
    assert len(band) == 50
    assert band["x"].iloc[0] == 1 and band["x"].iloc[-1] == 12
    assert ((band["low"] < band["fit"]) & (band["fit"] < band["high"])).all()


def test_band_is_narrowest_at_the_mean_of_x_and_widens_away_from_it():
    band = stats.ols_fit(X12, Y12, grid=[1.0, 4.0, 6.5, 9.0, 12.0]).band
    width = (band["high"] - band["low"]).to_numpy()
    assert width[2] < width[1] < width[0]
    assert width[2] < width[3] < width[4]


def test_ols_under_ten_points_raises_too_few_points():
    with pytest.raises(stats.TooFewPoints, match="trendlinje"):
        stats.ols_fit(X12[:5], Y12[:5])


# --- change_between and activity_vs_change -------------------------------------------------


def panel(values: dict[str, dict[int, float | None]], column: str = "total") -> pd.DataFrame:
    rows = [(code, year, v) for code, by_year in values.items() for year, v in by_year.items()]
    return pd.DataFrame(
        {
            "kommunenummer": pd.array([r[0] for r in rows], dtype="string"),
            "year": pd.array([r[1] for r in rows], dtype="Int64"),
            column: pd.array([r[2] for r in rows], dtype="Float64"),
        }
    )


def test_change_between_drops_and_counts_municipalities_lacking_a_year():
    totals = panel(
        {
            "0301": {2020: 3.0, 2023: 4.5},
            "1103": {2020: 4.0, 2023: None},  # missing value at the end
            "4601": {2023: 5.0},  # no row at the start
            "5001": {2020: 2.0, 2021: 2.5, 2023: 1.5},
        }
    )
    before = totals.copy()
    changes, n_dropped = stats.change_between(totals, "total", 2020, 2023)
    expected = pd.DataFrame(
        {
            "kommunenummer": pd.array(["0301", "5001"], dtype="string"),
            "value_start": pd.array([3.0, 2.0], dtype="Float64"),
            "value_end": pd.array([4.5, 1.5], dtype="Float64"),
            "change": pd.array([1.5, -0.5], dtype="Float64"),
        }
    )
    pd.testing.assert_frame_equal(changes, expected)
    assert n_dropped == 2
    pd.testing.assert_frame_equal(totals, before)


def test_change_between_refuses_several_rows_per_municipality_and_year():
    doubled = pd.concat([panel({"0301": {2020: 1.0, 2023: 2.0}})] * 2)
    with pytest.raises(ValueError, match="one row per"):
        stats.change_between(doubled, "total", 2020, 2023)


def square_panels() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Activity = year − 2000 and result = (year − 2000)², so each window is visible."""
    years = range(2014, 2024)
    innovation = panel({"0301": {y: y - 2000 for y in years}}, "active_per_10k")
    outcome = panel({"0301": {y: (y - 2000) ** 2 for y in years}})
    return innovation, outcome


def test_activity_vs_change_without_lag_uses_the_same_years():
    innovation, outcome = square_panels()
    result, n_dropped = stats.activity_vs_change(
        innovation, outcome, "active_per_10k", "total", 2016, 2020
    )
    # activity = mean(16..20) = 18; change = 20² − 16² = 144
    expected = pd.DataFrame(
        {
            "kommunenummer": pd.array(["0301"], dtype="string"),
            "activity": pd.array([18.0], dtype="Float64"),
            "change": pd.array([144.0], dtype="Float64"),
        }
    )
    pd.testing.assert_frame_equal(result, expected)
    assert n_dropped == 0


def test_activity_vs_change_lag_ends_activity_earlier_and_starts_change_later():
    innovation, outcome = square_panels()
    result, _ = stats.activity_vs_change(
        innovation, outcome, "active_per_10k", "total", 2016, 2020, lag=2
    )
    # activity over 2016–2018 = 17; change from 2018 to 2020 = 400 − 324 = 76
    assert result["activity"].tolist() == [17.0]
    assert result["change"].tolist() == [76.0]


def test_activity_vs_change_counts_municipalities_lacking_either_part():
    innovation = panel(
        {"0301": {2016: 1.0, 2020: 3.0}, "1103": {2016: None}, "4601": {2016: 2.0}},
        "active_per_10k",
    )
    outcome = panel({"0301": {2016: 3.0, 2020: 4.0}, "1103": {2016: 3.0, 2020: 4.0}, "5001": {}})
    result, n_dropped = stats.activity_vs_change(
        innovation, outcome, "active_per_10k", "total", 2016, 2020
    )
    assert result["kommunenummer"].tolist() == ["0301"]
    assert n_dropped == 2  # 1103 has no activity, 4601 no result


def test_activity_vs_change_refuses_a_lag_that_leaves_no_window():
    innovation, outcome = square_panels()
    with pytest.raises(ValueError, match="lag"):
        stats.activity_vs_change(innovation, outcome, "active_per_10k", "total", 2016, 2020, 5)
    with pytest.raises(ValueError, match="before end"):
        stats.activity_vs_change(innovation, outcome, "active_per_10k", "total", 2018, 2020, 2)


# --- first_project_start and event_study ---------------------------------------------------


def test_first_project_start_takes_the_earliest_project_of_each_member():
    projects = pd.DataFrame(
        {
            "project_id": pd.array(["a", "b", "c"], dtype="string"),
            "start_year": pd.array([2018, 2016, 2020], dtype="Int64"),
        }
    )
    members = pd.DataFrame(
        {
            "project_id": pd.array(["a", "b", "b", "c"], dtype="string"),
            "kommunenummer": pd.array(["0301", "0301", "1103", "4601"], dtype="string"),
        }
    )
    expected = pd.DataFrame(
        {
            "kommunenummer": pd.array(["0301", "1103", "4601"], dtype="string"),
            "start_year": pd.array([2016, 2016, 2020], dtype="Int64"),
        }
    )
    pd.testing.assert_frame_equal(stats.first_project_start(projects, members), expected)


YEARS = range(2008, 2024)
COHORTS = {2013: 4, 2016: 3}  # start year → number of municipalities starting that year


def synthetic_study(trend=lambda year: 0.0, noise: float = 0.02):
    """Treated municipalities jump by +1 from their start year on; everyone shares `trend`."""
    rng = np.random.default_rng(7)
    start_codes = codes(sum(COHORTS.values()))
    starts = [year for year, size in COHORTS.items() for _ in range(size)]
    never = codes(8, first=101)
    first_start = pd.DataFrame(
        {
            "kommunenummer": pd.array(start_codes, dtype="string"),
            "start_year": pd.array(starts, dtype="Int64"),
        }
    )
    start_of = dict(zip(start_codes, starts, strict=True))
    level = {c: rng.uniform(2, 5) for c in start_codes + never}
    values = {
        code: {
            y: level[code] + trend(y) + (y >= start_of.get(code, 9999)) + rng.normal(0, noise)
            for y in YEARS
        }
        for code in start_codes + never
    }
    return first_start, panel(values)


def test_event_study_shows_a_jump_of_one_after_start_and_none_before():
    first_start, outcome = synthetic_study()
    before = (first_start.copy(), outcome.copy())
    result = stats.event_study(first_start, outcome, "total")
    assert list(result.columns) == ["group", "relative_year", "mean", "low", "high", "n"]
    assert len(result) == 2 * 9
    treated = result[result["group"] == "treated"].set_index("relative_year")
    comparison = result[result["group"] == "comparison"].set_index("relative_year")
    assert treated.loc[0:5, "mean"].to_numpy() == pytest.approx(1.0, abs=0.05)
    assert treated.loc[-3:-1, "mean"].to_numpy() == pytest.approx(0.0, abs=0.05)
    assert comparison["mean"].to_numpy() == pytest.approx(0.0, abs=0.05)
    assert treated.loc[-1, "mean"] == 0 and treated.loc[-1, "low"] == 0
    assert (treated["n"] == 7).all() and (comparison["n"] == 8).all()
    assert ((treated["low"] <= treated["mean"]) & (treated["mean"] <= treated["high"])).all()
    pd.testing.assert_frame_equal(first_start, before[0])
    pd.testing.assert_frame_equal(outcome, before[1])


def test_event_study_comparison_follows_the_calendar_years_of_the_started():
    # A curved common trend: only a comparison weighted by start year (4 in 2013, 3 in 2016)
    # removes it, leaving the jump of 1 as the gap between the groups.
    def trend(year: int) -> float:
        return 0.05 * (year - 2008) ** 2

    first_start, outcome = synthetic_study(trend, noise=0.0)
    result = stats.event_study(first_start, outcome, "total").set_index(["group", "relative_year"])
    gap = result.loc["treated", "mean"] - result.loc["comparison", "mean"]
    assert gap.loc[0:5].to_numpy() == pytest.approx(1.0)
    assert gap.loc[-3:-1].to_numpy() == pytest.approx(0.0)
    weighted_trend = (4 * (trend(2015) - trend(2012)) + 3 * (trend(2018) - trend(2015))) / 7
    assert result.loc[("comparison", 2), "mean"] == pytest.approx(weighted_trend)


def test_not_yet_control_adds_municipalities_starting_after_the_window():
    first_start, outcome = synthetic_study()
    late = pd.DataFrame(
        {
            "kommunenummer": pd.array(["0999"], dtype="string"),
            "start_year": pd.array([2021], dtype="Int64"),  # after 2013 + 5, not after 2016 + 5
        }
    )
    outcome_late = pd.concat([outcome, panel({"0999": {y: 3.0 for y in YEARS}})])
    first_start_late = pd.concat([first_start, late], ignore_index=True)
    never = stats.event_study(first_start_late, outcome_late, "total")
    not_yet = stats.event_study(first_start_late, outcome_late, "total", control="not_yet")
    comparison = never["group"] == "comparison"
    assert (never.loc[comparison, "n"] == 8).all()
    assert (not_yet.loc[comparison, "n"] == 9).all()


def test_event_study_reports_empty_relative_years_with_n_zero():
    first_start, outcome = synthetic_study()
    result = stats.event_study(first_start, outcome, "total", window=(-3, 12))
    last = result[(result["group"] == "treated") & (result["relative_year"] == 12)]
    assert last["n"].tolist() == [0]
    assert last["mean"].isna().all()
