"""Kommunebarometeret's grading: indicator grades 1–6, sector grades, a weighted total and ranks.

The method, step by step (the method page quotes this):

1. **Indicator grade.** For each indicator and year, the national average (unweighted mean over the
   municipalities with a value) gets 3.5. The best end is the 95th percentile of that year's values
   when higher is better (the 5th when lower is better) and gets 6; the worst end is the opposite
   percentile and gets 1. Values in between are placed linearly: mean → best end maps 3.5 → 6,
   worst end → mean maps 1 → 3.5. Values beyond an end are clipped to 6 or 1, so one extreme
   municipality cannot stretch the scale for everyone else. Percentiles use linear interpolation
   between the sorted values (pandas' and numpy's default). Kommunebarometeret picks its reference
   values per indicator so that outliers do not decide the scale; the fixed 5th/95th percentiles
   (`LOWER_PERCENTILE`, `UPPER_PERCENTILE`) are our reproducible stand-in: with 357 municipalities
   about 18 reach each end, and an outlier moving further out shifts the mean but not the ends.
   A side whose end does not lie beyond the mean (all values equal, or one huge outlier dragging
   the mean past the percentile) has no scale, and values on that side get 3.5. A missing value
   gets no grade.
2. **Sector grade.** The weighted mean of the sector's indicator grades, with the catalogue's
   weights renormalised over the indicators that have a grade. Only given when at least 60 % of the
   sector's catalogue indicators have a grade that year (`MIN_COVERAGE`); otherwise the row is kept
   with `coverage` filled in and `score` missing, so the dashboard can say why a grade is absent.
3. **Total.** The sector grades weighted with the sectors' weights (per cent), renormalised over the
   sectors that have a grade; only given when those sectors carry at least 60 % of all the weight.
   Municipalities without a total keep their row with total and rank missing.
4. **Rank.** 1 = highest total, per year, among municipalities with a total. Equal totals (to
   `RANK_DECIMALS` decimals, so rounding noise cannot split a tie) share the best of their places
   (1, 2, 2, 4). `rank_change` = last year's rank − this year's rank: positive means the
   municipality climbed; missing when it had no rank the year before.

From Kommunebarometeret (Kommunal Rapport): the 1–6 scale, 3.5 = the national average (since
2019; before, the midpoint of the ends), the 60 % data rule for a sector ranking, sector weights
in per cent. Ours: the percentile ends, the 3.5 fallback and the tie rounding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import schema

LOWER_PERCENTILE = 0.05  # reference end: worst when higher is better, best when lower is better
UPPER_PERCENTILE = 0.95
MIN_GRADE, AVERAGE_GRADE, MAX_GRADE = 1.0, 3.5, 6.0
MIN_COVERAGE = 0.6  # share of a sector's indicators / of the total weight needed for a grade
COVERAGE_TOLERANCE = 1e-9  # weights summed in floating point must not miss 60 % by a hair
RANK_DECIMALS = 9


@dataclass(frozen=True)
class Scores:
    """The three levels of grades: per indicator, per sector and the total with ranks."""

    indicators: pd.DataFrame  # schema.SCORES
    sectors: pd.DataFrame  # schema.SECTOR_SCORES
    totals: pd.DataFrame  # schema.TOTALS


def score_all(
    values: pd.DataFrame,
    indicators: pd.DataFrame,
    sectors: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
) -> Scores:
    """Grade every indicator, sector and total; `weights` (sector_id → %) override the sectors'."""
    indicator_scores = score_indicators(values, indicators)
    sector_scores = score_sectors(indicator_scores, indicators)
    return Scores(indicator_scores, sector_scores, rerank(sector_scores, sectors, weights))


def rerank(
    sector_scores: pd.DataFrame,
    sectors: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Totals and ranks from existing sector grades with other sector weights (the cheap path)."""
    return score_totals(sector_scores, with_weights(sectors, weights))


def with_weights(sectors: pd.DataFrame, weights: Mapping[str, float] | None) -> pd.DataFrame:
    """The sector table with `weights` (sector_id → %) replacing the listed sectors' weights."""
    if not weights:
        return sectors
    known = set(sectors["sector_id"])
    problems = [
        schema.Problem(
            schema.SECTORS.name,
            None,
            "weight",
            str(sector_id),
            f"Sektoren «{sector_id}» finnes ikke; velg en av: {', '.join(sorted(known))}.",
        )
        for sector_id in weights
        if sector_id not in known
    ] + [
        schema.Problem(
            schema.SECTORS.name,
            None,
            "weight",
            str(weight),
            f"Vekten for «{sector_id}» må være et tall som er null eller større.",
        )
        for sector_id, weight in weights.items()
        if not (np.isfinite(weight) and weight >= 0)
    ]
    if problems:
        raise schema.SchemaError(problems)
    return sectors.assign(
        weight=sectors["sector_id"].map(dict(weights)).astype("Float64").fillna(sectors["weight"])
    )


# --- Indicator grades -----------------------------------------------------------------------


def score_indicators(values: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Grade 1–6 per value: 3.5 at the year's mean, 1 and 6 at the 5th/95th percentile ends."""
    catalogue_row = _catalogue_rows(
        values["indicator_id"], indicators, "indicator_id", schema.INDICATOR_VALUES
    )
    value = values["value"].to_numpy(dtype=float, na_value=np.nan)
    mean, lower_end, upper_end = _reference_values(value, catalogue_row, values["year"])
    # +1 when higher is better, −1 when lower is better: grading then always treats "up" as good.
    sign = np.where(indicators["direction"].to_numpy() == "lower", -1.0, 1.0)[catalogue_row]
    higher = sign > 0
    score = grade(
        good=sign * value,
        mean=sign * mean,
        best=np.where(higher, upper_end, -lower_end),
        worst=np.where(higher, lower_end, -upper_end),
    )
    return pd.DataFrame(
        {
            "kommunenummer": values["kommunenummer"].array,
            "year": values["year"].array,
            "indicator_id": values["indicator_id"].array,
            "sector_id": indicators["sector_id"].array.take(catalogue_row),
            "value": values["value"].array,
            "score": pd.array(score, dtype="Float64"),
        }
    )


def grade(good: np.ndarray, mean: np.ndarray, best: np.ndarray, worst: np.ndarray) -> np.ndarray:
    """Piecewise-linear grade: worst → 1, mean → 3.5, best → 6, clipped; "up" is good in all four.

    NaN in `good` gives NaN. A side whose end does not lie beyond the mean gives 3.5.
    """
    above = good >= mean
    span = np.where(above, best - mean, mean - worst)  # distance from the mean to the end
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.where(span > 0, np.abs(good - mean) / span, 0.0)
    half_range = np.where(above, MAX_GRADE - AVERAGE_GRADE, MIN_GRADE - AVERAGE_GRADE)
    graded = AVERAGE_GRADE + half_range * np.minimum(step, 1.0)
    return np.where(np.isnan(good), np.nan, graded)


def _reference_values(
    value: np.ndarray, indicator: np.ndarray, year: pd.Series
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: the mean and 5th/95th percentiles of its indicator-year (NaN values skipped)."""
    # One integer key per indicator-year: faster to group on than the string and year columns.
    year_code, years = pd.factorize(year, use_na_sentinel=False)
    grouped = pd.Series(value).groupby(indicator * len(years) + year_code)
    group_of_row = grouped.ngroup().to_numpy()
    mean = grouped.mean().to_numpy()
    levels = [LOWER_PERCENTILE, UPPER_PERCENTILE]
    ends = grouped.quantile(levels).unstack().reindex(columns=levels).to_numpy()
    return mean[group_of_row], ends[group_of_row, 0], ends[group_of_row, 1]


# --- Sector grades and totals ---------------------------------------------------------------


def score_sectors(
    scores: pd.DataFrame, indicators: pd.DataFrame, min_coverage: float = MIN_COVERAGE
) -> pd.DataFrame:
    """Weighted mean grade per sector, renormalised over graded indicators; NA under min_coverage.

    Every (municipality, year, sector) with at least one row in `scores` appears; `coverage` is the
    share of the sector's catalogue indicators with a grade.
    """
    catalogue_row = _catalogue_rows(
        scores["indicator_id"], indicators, "indicator_id", schema.SCORES
    )
    weight = indicators["weight"].to_numpy(dtype=float, na_value=np.nan)[catalogue_row]
    score = scores["score"].to_numpy(dtype=float, na_value=np.nan)
    graded = ~np.isnan(score)
    indicators_in_sector = indicators.groupby("sector_id")["indicator_id"].size()
    return (
        pd.DataFrame(
            {
                "kommunenummer": scores["kommunenummer"].array,
                "year": scores["year"].array,
                # The indicators' sectors as codes: no string work per row.
                "sector_id": pd.Categorical(indicators["sector_id"])[catalogue_row],
                "weighted": np.where(graded, weight * score, 0.0),
                "weight": np.where(graded, weight, 0.0),
                "graded": graded,
            }
        )
        .groupby(["kommunenummer", "year", "sector_id"], observed=True, as_index=False)
        .sum()
        .assign(sector_id=lambda d: d["sector_id"].astype("string"))
        .assign(coverage=lambda d: d["graded"] / d["sector_id"].map(indicators_in_sector))
        .assign(
            score=lambda d: (d["weighted"] / d["weight"]).where(
                (d["coverage"] >= min_coverage - COVERAGE_TOLERANCE) & (d["weight"] > 0)
            )
        )
        .pipe(_as_table, schema.SECTOR_SCORES)
    )


def score_totals(
    sector_scores: pd.DataFrame, sectors: pd.DataFrame, min_coverage: float = MIN_COVERAGE
) -> pd.DataFrame:
    """Weighted total of sector grades, rank per year (ties share the best place) and rank change.

    A total needs graded sectors carrying at least `min_coverage` of the sectors' total weight.
    """
    catalogue_row = _catalogue_rows(
        sector_scores["sector_id"], sectors, "sector_id", schema.SECTOR_SCORES
    )
    weight = sectors["weight"].to_numpy(dtype=float, na_value=np.nan)[catalogue_row]
    score = sector_scores["score"].to_numpy(dtype=float, na_value=np.nan)
    graded = ~np.isnan(score)
    all_weight = float(sectors["weight"].sum())
    totals = (
        pd.DataFrame(
            {
                "kommunenummer": sector_scores["kommunenummer"].array,
                "year": sector_scores["year"].array,
                "weighted": np.where(graded, weight * score, 0.0),
                "weight": np.where(graded, weight, 0.0),
            }
        )
        .groupby(["kommunenummer", "year"], as_index=False)
        .sum()
        .assign(
            total=lambda d: (d["weighted"] / d["weight"]).where(
                (d["weight"] > 0) & (d["weight"] / all_weight >= min_coverage - COVERAGE_TOLERANCE)
            )
        )
    )
    return (
        totals.assign(rank=rank_totals(totals)).pipe(add_rank_change).pipe(_as_table, schema.TOTALS)
    )


def rank_totals(totals: pd.DataFrame) -> pd.Series:
    """Rank 1 = highest total within each year; equal totals share the best place ("min")."""
    return (
        totals["total"]
        .round(RANK_DECIMALS)
        .groupby(totals["year"])
        .rank(method="min", ascending=False)
        .astype("Int64")
    )


def add_rank_change(totals: pd.DataFrame) -> pd.DataFrame:
    """Add rank_change = rank the year before − rank this year (positive = climbed)."""
    previous = totals[["kommunenummer", "year", "rank"]].assign(year=lambda d: d["year"] + 1)
    return totals.merge(
        previous,
        on=["kommunenummer", "year"],
        how="left",
        suffixes=("", "_before"),
        validate="one_to_one",
    ).assign(rank_change=lambda d: d["rank_before"] - d["rank"])


# --- Helpers --------------------------------------------------------------------------------


def _catalogue_rows(
    keys: pd.Series, catalogue: pd.DataFrame, key: str, table: schema.Table
) -> np.ndarray:
    """Row position in `catalogue` of every key; SchemaError naming each unknown key."""
    codes, uniques = pd.factorize(keys)
    positions = pd.Index(catalogue[key]).get_indexer(uniques)
    unknown = [str(k) for k, p in zip(uniques, positions, strict=True) if p < 0]
    if unknown or (codes < 0).any():
        label = table.column(key).label
        raise schema.SchemaError(
            [
                schema.Problem(
                    table.name, None, key, k, f"«{k}» finnes ikke i katalogen ({label})."
                )
                for k in unknown
            ]
            or [schema.Problem(table.name, None, key, None, f"«{label}» kan ikke være tom.")]
        )
    return positions[codes]


def _as_table(frame: pd.DataFrame, table: schema.Table) -> pd.DataFrame:
    """Exactly the table's columns in order, with its dtypes."""
    return frame[table.names].astype(table.dtypes).reset_index(drop=True)


# --- Worked example (the method page and tests/test_scoring.py share it) ---------------------


class WorkedExample(NamedTuple):
    values: pd.DataFrame  # schema.INDICATOR_VALUES
    indicators: pd.DataFrame  # schema.INDICATORS
    sectors: pd.DataFrame  # schema.SECTORS


# Five fictional municipalities A–E (codes 9901–9905 are unused), two years, two sectors.
# Per row: grunnskolepoeng, mobbing (%), trivsel (%), legeårsverk, helsesykepleierårsverk.
# C has no trivsel in 2024 (grunnskole keeps 2 of 3 indicators ≥ 60 %); D has no
# helsesykepleier value in 2024 (helse keeps 1 of 2 = 50 % < 60 %, so no helse grade).
_EXAMPLE_INDICATORS = ("sk_poeng", "sk_mobbing", "sk_trivsel", "he_lege", "he_helsesykepleier")
_EXAMPLE_ROWS = {
    ("9901", 2023): (49, 9, 86, 14, 21),
    ("9902", 2023): (40, 4, 84.5, 10, 19),
    ("9903", 2023): (44, 10.5, 91, 12, 26),
    ("9904", 2023): (36, 12, 83, 16.5, 20),
    ("9905", 2023): (31, 14.5, 80.5, 7.5, 14),
    ("9901", 2024): (49, 4, 83, 10, 15),
    ("9902", 2024): (40, 9, 85, 16.5, 25),
    ("9903", 2024): (36, 10.5, None, 14, 20),
    ("9904", 2024): (31, 12, 83, 7.5, None),
    ("9905", 2024): (44, 14.5, 89, 12, 20),
}


def worked_example() -> WorkedExample:
    """The small hand-computed example that the method page shows and the tests check."""
    indicators = pd.DataFrame(
        {
            "indicator_id": _EXAMPLE_INDICATORS,
            "sector_id": ["grunnskole"] * 3 + ["helse"] * 2,
            "name": [
                "Grunnskolepoeng",
                "Elever som opplever mobbing",
                "Elever som trives",
                "Legeårsverk per 10 000 innbyggere",
                "Helsesykepleierårsverk per 10 000 innbyggere 0–20 år",
            ],
            "unit": ["poeng", "prosent", "prosent", "årsverk", "årsverk"],
            "direction": ["higher", "lower", "higher", "higher", "higher"],
            "weight": [2.0, 1.0, 1.0, 1.0, 1.0],
            "source": ["Eksempel"] * 5,
        }
    )
    sectors = pd.DataFrame(
        {"sector_id": ["grunnskole", "helse"], "name": ["Grunnskole", "Helse"], "weight": [75, 25]}
    )
    values = pd.DataFrame(
        [
            (kommune, year, indicator, value)
            for (kommune, year), row in _EXAMPLE_ROWS.items()
            for indicator, value in zip(_EXAMPLE_INDICATORS, row, strict=True)
        ],
        columns=[c.name for c in schema.INDICATOR_VALUES.columns if c.required],
    )
    return WorkedExample(
        values=schema.conform(values, schema.INDICATOR_VALUES),
        indicators=schema.conform(indicators, schema.INDICATORS),
        sectors=schema.conform(sectors, schema.SECTORS),
    )
