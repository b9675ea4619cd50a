"""Honest statistics for the dashboard: correlations and trend lines with n and intervals.

Every result carries its n and a confidence interval. Nothing is computed from fewer than
MIN_POINTS municipalities: below that we raise TooFewPoints, whose message a page can show as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats as sps

MIN_POINTS = 10  # the fewest municipalities we draw a line or compute a correlation through
GRID_POINTS = 50  # points along x in an OLS confidence band
MAX_LAG = 4  # years between innovation activity and the outcome window, at most
EVENT_WINDOW = (-3, 5)  # relative years around a first project start
EVENT_GROUPS = ("treated", "comparison")  # keys; the UI translates them
CONTROLS = ("never", "not_yet")

ArrayLike = Sequence[float] | np.ndarray | pd.Series


class NotComputable(ValueError):
    """A statistic cannot honestly be computed from these data; the message is for the user."""


class TooFewPoints(NotComputable):
    """Fewer than MIN_POINTS complete pairs."""

    def __init__(self, n: int, what: str):
        self.n = n
        self.what = what
        super().__init__(
            f"For få kommuner (n = {n}) til å beregne {what}. Minst {MIN_POINTS} trengs."
        )


class NotEnoughVariation(NotComputable):
    """One variable is the same for every municipality, so r (or a slope) is undefined."""

    def __init__(self, n: int, what: str, variable: Literal["x", "y"]):
        self.n = n
        self.what = what
        self.variable = variable
        axis = "den vannrette aksen" if variable == "x" else "den loddrette aksen"
        super().__init__(
            f"Kan ikke beregne {what}: alle de {n} kommunene har samme verdi på {axis}."
        )


# --- Correlation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Correlation:
    r: float
    low: float
    high: float
    n: int
    p_value: float
    method: str  # "pearson" or "spearman"
    confidence: float = 0.95


def correlation(
    x: ArrayLike,
    y: ArrayLike,
    method: Literal["pearson", "spearman"] = "pearson",
    confidence: float = 0.95,
) -> Correlation:
    """Pearson's or Spearman's r with a Fisher-z confidence interval and scipy's p-value.

    x and y are paired by position; a pair with a missing value is dropped. The interval is
    tanh(atanh(r) ± z·SE) with SE = 1/√(n−3) for Pearson and the Bonett–Wright
    SE = √((1 + r²/2)/(n−3)) for Spearman. Raises TooFewPoints when fewer than MIN_POINTS pairs
    remain and NotEnoughVariation when x or y is constant (r is then undefined, not 0).
    """
    if method not in ("pearson", "spearman"):
        raise ValueError(f"method must be 'pearson' or 'spearman', not {method!r}")
    _check_confidence(confidence)
    xs, ys = _complete_pairs(x, y, "en korrelasjon")
    result = sps.pearsonr(xs, ys) if method == "pearson" else sps.spearmanr(xs, ys)
    r = float(result.statistic)
    low, high = fisher_interval(r, len(xs), method, confidence)
    return Correlation(r, low, high, len(xs), float(result.pvalue), method, confidence)


def fisher_interval(
    r: float,
    n: int,
    method: Literal["pearson", "spearman"] = "pearson",
    confidence: float = 0.95,
) -> tuple[float, float]:
    """The Fisher-z confidence interval for a correlation r from n pairs (see `correlation`)."""
    if n <= 3:
        return (np.nan, np.nan)
    variance = 1.0 if method == "pearson" else 1.0 + r**2 / 2.0
    se = np.sqrt(variance / (n - 3))
    z_crit = sps.norm.ppf((1.0 + confidence) / 2.0)
    with np.errstate(divide="ignore"):  # |r| = 1 gives z = ±inf and the interval [r, r]
        z = np.arctanh(np.clip(r, -1.0, 1.0))
    return (float(np.tanh(z - z_crit * se)), float(np.tanh(z + z_crit * se)))


# --- Trend line -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OlsFit:
    slope: float
    intercept: float
    slope_low: float
    slope_high: float
    r_squared: float
    n: int
    band: pd.DataFrame  # x, fit, low, high: confidence band of the mean response
    confidence: float = 0.95


def ols_fit(
    x: ArrayLike,
    y: ArrayLike,
    confidence: float = 0.95,
    grid: ArrayLike | None = None,
) -> OlsFit:
    """Least-squares line y = intercept + slope·x with confidence intervals from t(n−2).

    x and y are paired by position; pairs with a missing value are dropped. `band` gives, at
    each x in `grid` (default: GRID_POINTS evenly spaced points from min x to max x), the fitted
    mean and its confidence band ŷ ± t·s·√(1/n + (x − x̄)²/Sxx): where the average municipality
    with that x plausibly lies, not where single municipalities lie. Raises TooFewPoints under
    MIN_POINTS pairs and NotEnoughVariation when x or y is constant.
    """
    _check_confidence(confidence)
    xs, ys = _complete_pairs(x, y, "en trendlinje")
    n = len(xs)
    x_mean, y_mean = xs.mean(), ys.mean()
    sxx = np.sum((xs - x_mean) ** 2)
    slope = np.sum((xs - x_mean) * (ys - y_mean)) / sxx
    intercept = y_mean - slope * x_mean
    residual_ss = np.sum((ys - intercept - slope * xs) ** 2)
    s2 = residual_ss / (n - 2)
    t_crit = sps.t.ppf((1.0 + confidence) / 2.0, n - 2)
    slope_half = t_crit * np.sqrt(s2 / sxx)

    grid_x = np.linspace(xs.min(), xs.max(), GRID_POINTS) if grid is None else _floats(grid)
    fit = intercept + slope * grid_x
    half = t_crit * np.sqrt(s2 * (1.0 / n + (grid_x - x_mean) ** 2 / sxx))
    band = pd.DataFrame({"x": grid_x, "fit": fit, "low": fit - half, "high": fit + half})
    return OlsFit(
        slope=float(slope),
        intercept=float(intercept),
        slope_low=float(slope - slope_half),
        slope_high=float(slope + slope_half),
        r_squared=float(1.0 - residual_ss / np.sum((ys - y_mean) ** 2)),
        n=n,
        band=band,
        confidence=confidence,
    )


# --- Change over time -----------------------------------------------------------------------


def change_between(
    frame: pd.DataFrame,
    value_col: str,
    start: int,
    end: int,
    by: str = "kommunenummer",
) -> tuple[pd.DataFrame, int]:
    """Each municipality's value in `end` minus its value in `start`, and how many were dropped.

    Returns (changes, n_dropped). `changes` has columns `by`, value_start, value_end, change, one
    row per municipality with a value in both years. n_dropped counts the municipalities that
    appear in `frame` (in any year) but lack a value in `start` or `end`, so a page can say
    "n = 312 av 357; 45 mangler data". `frame` must have one row per (`by`, year).
    """
    if start >= end:
        raise ValueError(f"start ({start}) must be before end ({end})")
    _check_unique(frame, [by, "year"])
    values = frame[[by, "year", value_col]].dropna(subset=[value_col])
    at_start = values.loc[values["year"] == start, [by, value_col]]
    at_end = values.loc[values["year"] == end, [by, value_col]]
    changes = (
        at_start.rename(columns={value_col: "value_start"})
        .merge(at_end.rename(columns={value_col: "value_end"}), on=by, validate="one_to_one")
        .astype({"value_start": "Float64", "value_end": "Float64"})
        .assign(change=lambda d: d["value_end"] - d["value_start"])
        .sort_values(by, ignore_index=True)
    )
    return changes, int(frame[by].nunique() - len(changes))


def activity_vs_change(
    innovation: pd.DataFrame,
    outcome: pd.DataFrame,
    measure: str,
    outcome_col: str,
    start: int,
    end: int,
    lag: int = 0,
) -> tuple[pd.DataFrame, int]:
    """Innovation activity in one period against the change in a result a little later.

    For each municipality:
    - activity = the average yearly value of `measure` (a column of the innovation table) over
      the years from `start` to `end − lag`, both included; years without a value are skipped;
    - change = the result (`outcome_col`) in `end` minus the result in `start + lag`.
    Both periods are equally long; with a lag of L years the result period starts and ends
    L years after the activity period, giving the work time to show. Example: start 2016,
    end 2023, lag 2 → activity averaged over 2016–2021, change in result from 2018 to 2023.

    Returns (frame, n_dropped): frame has kommunenummer, activity, change, one row per
    municipality with both; n_dropped counts municipalities found in either input but lacking
    an activity value in the period or a result in either of the two years.
    """
    if not 0 <= lag <= MAX_LAG:
        raise ValueError(f"lag must be between 0 and {MAX_LAG} years, not {lag}")
    if start + lag >= end:
        raise ValueError(f"start + lag ({start} + {lag}) must be before end ({end})")
    _check_unique(innovation, ["kommunenummer", "year"])
    activity = (
        innovation.loc[innovation["year"].between(start, end - lag), ["kommunenummer", measure]]
        .dropna(subset=[measure])
        .astype({measure: "Float64"})
        .groupby("kommunenummer", as_index=False)
        .agg(activity=(measure, "mean"))
    )
    changes, _ = change_between(outcome, outcome_col, start + lag, end)
    result = activity.merge(
        changes[["kommunenummer", "change"]], on="kommunenummer", validate="one_to_one"
    ).sort_values("kommunenummer", ignore_index=True)
    seen = pd.concat([innovation["kommunenummer"], outcome["kommunenummer"]]).nunique()
    return result, int(seen - len(result))


# --- Event study ----------------------------------------------------------------------------


def first_project_start(
    projects: pd.DataFrame, project_municipalities: pd.DataFrame
) -> pd.DataFrame:
    """Each municipality's first project start year (co-operation projects count for all members).

    Returns kommunenummer, start_year; municipalities with no project are absent. Filter
    `projects` first (for example to real projects only) if the study should use a subset.
    """
    return (
        project_municipalities[["project_id", "kommunenummer"]]
        .merge(projects[["project_id", "start_year"]], on="project_id", validate="many_to_one")
        .dropna(subset=["start_year"])
        .groupby("kommunenummer", as_index=False)
        .agg(start_year=("start_year", "min"))
        .astype({"kommunenummer": "string", "start_year": "Int64"})
        .sort_values("kommunenummer", ignore_index=True)
    )


def event_study(
    first_start: pd.DataFrame,
    outcome: pd.DataFrame,
    outcome_col: str,
    window: tuple[int, int] = EVENT_WINDOW,
    control: Literal["never", "not_yet"] = "never",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """How a result developed around the year a municipality started its first project.

    Started ('treated'): for each municipality in `first_start`, relative year k = calendar year
    − start year, for k in `window` (default −3 to +5). Its value at k is the result that year
    minus the result in the year before the start (k = −1), so every curve passes through 0 at
    k = −1. A municipality without a result in the year before the start is left out.

    No start ('comparison'): municipalities with no project start (`control="never"`; with
    `"not_yet"` also those whose first start comes after the window ends, e.g. after start + 5).
    For every start year Y in use and every k, each comparison municipality's change from
    Y − 1 to Y + k is computed; these are averaged with weights equal to the number of started
    municipalities from start year Y that have a value at k, so the comparison covers the same
    calendar years in the same mix as the started group. Each comparison municipality then
    counts once.

    Returns a long frame: group ('treated' or 'comparison'), relative_year, mean, low, high
    (confidence interval of the mean from the t distribution) and n (municipalities). Every
    (group, relative year) in the window is present; mean is missing where n = 0 and low/high
    where n < 2. The comparison is descriptive: municipalities that start projects may differ
    from those that do not in ways that also move their results, so a gap is not an effect.
    """
    before, after = window
    if not before < 0 <= after:
        raise ValueError(f"window must run from a negative year to 0 or later, not {window}")
    if control not in CONTROLS:
        raise ValueError(f"control must be one of {CONTROLS}, not {control!r}")
    _check_confidence(confidence)
    _check_unique(first_start, ["kommunenummer"])
    panel = _panel(outcome, outcome_col)
    starts = first_start.dropna(subset=["start_year"]).astype({"start_year": "int64"})
    relative = pd.DataFrame({"relative_year": np.arange(before, after + 1)})

    treated = (
        starts[["kommunenummer", "start_year"]]
        .rename(columns={"start_year": "cohort"})
        .merge(relative, how="cross")
        .pipe(_change_since_year_before, panel)
    )
    weights = (
        treated.groupby(["cohort", "relative_year"], as_index=False)
        .size()
        .rename(columns={"size": "weight"})
    )
    never = pd.DataFrame(
        {
            "kommunenummer": panel.loc[
                ~panel["kommunenummer"].isin(first_start["kommunenummer"]), "kommunenummer"
            ].unique(),
            "start_year": np.nan,
        }
    )
    late = starts[["kommunenummer", "start_year"]].astype({"start_year": "float64"})
    candidates = pd.concat([never, late], ignore_index=True) if control == "not_yet" else never
    comparison = (
        candidates.merge(weights, how="cross")
        .loc[lambda d: d["start_year"].isna() | (d["start_year"] > d["cohort"] + after)]
        .pipe(_change_since_year_before, panel)
        .assign(weighted=lambda d: d["change"] * d["weight"])
        .groupby(["kommunenummer", "relative_year"], as_index=False)
        .agg(weighted=("weighted", "sum"), weight=("weight", "sum"))
        .assign(change=lambda d: d["weighted"] / d["weight"])
    )

    summary = (
        pd.concat(
            [treated.assign(group="treated"), comparison.assign(group="comparison")],
            ignore_index=True,
        )
        .groupby(["group", "relative_year"])["change"]
        .agg(["mean", "std", "count"])
        .reindex(pd.MultiIndex.from_product([EVENT_GROUPS, relative["relative_year"]]))
        .rename_axis(["group", "relative_year"])
        .reset_index()
    )
    n = summary["count"].fillna(0).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_crit = np.where(n >= 2, sps.t.ppf((1.0 + confidence) / 2.0, np.maximum(n - 1, 1)), np.nan)
        half = t_crit * summary["std"].to_numpy(dtype=float) / np.sqrt(n)
    mean = summary["mean"].to_numpy(dtype=float)
    return pd.DataFrame(
        {
            "group": summary["group"].astype("string"),
            "relative_year": summary["relative_year"].astype("Int64"),
            "mean": pd.array(mean, dtype="Float64"),
            "low": pd.array(mean - half, dtype="Float64"),
            "high": pd.array(mean + half, dtype="Float64"),
            "n": pd.array(n, dtype="Int64"),
        }
    )


# --- Helpers --------------------------------------------------------------------------------


def _floats(values: ArrayLike) -> np.ndarray:
    return pd.Series(values).to_numpy(dtype=float, na_value=np.nan)


def _complete_pairs(x: ArrayLike, y: ArrayLike, what: str) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = _floats(x), _floats(y)
    if len(xs) != len(ys):
        raise ValueError(f"x and y must be equally long, not {len(xs)} and {len(ys)}")
    complete = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[complete], ys[complete]
    n = len(xs)
    if n < MIN_POINTS:
        raise TooFewPoints(n, what)
    if np.ptp(xs) == 0:
        raise NotEnoughVariation(n, what, "x")
    if np.ptp(ys) == 0:
        raise NotEnoughVariation(n, what, "y")
    return xs, ys


def _check_confidence(confidence: float) -> None:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")


def _check_unique(frame: pd.DataFrame, key: list[str]) -> None:
    if frame.duplicated(key).any():
        raise ValueError(
            f"expected one row per {', '.join(key)}; filter the frame first (e.g. to one sector)"
        )


def _panel(outcome: pd.DataFrame, outcome_col: str) -> pd.DataFrame:
    """kommunenummer, year, value with no missing values, one row per municipality and year."""
    _check_unique(outcome, ["kommunenummer", "year"])
    return (
        outcome[["kommunenummer", "year", outcome_col]]
        .rename(columns={outcome_col: "value"})
        .dropna()
        .astype({"year": "int64", "value": "float64"})
    )


def _change_since_year_before(rows: pd.DataFrame, panel: pd.DataFrame) -> pd.DataFrame:
    """Add `change`: the value in year cohort + relative_year minus the value in cohort − 1."""
    values = panel.set_index(["kommunenummer", "year"])["value"]
    keys = rows["kommunenummer"].to_numpy()
    years = (rows["cohort"] + rows["relative_year"]).to_numpy()
    base_years = (rows["cohort"] - 1).to_numpy()
    now = values.reindex(pd.MultiIndex.from_arrays([keys, years])).to_numpy()
    base = values.reindex(pd.MultiIndex.from_arrays([keys, base_years])).to_numpy()
    return rows.assign(change=now - base).dropna(subset=["change"])
