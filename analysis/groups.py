"""Comparison groups: which municipalities a leader compares her own with, and their median."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis import schema

GROUP_KINDS = ("peer_group", "county", "size_class", "similar", "custom")
N_SIMILAR = 20
# kind → the municipalities column a member must share with the chosen municipality
SHARED_COLUMN = {"peer_group": "peer_group", "county": "county_number", "size_class": "size_class"}


class GroupError(ValueError):
    """A comparison group cannot be formed; the message is for the user."""


def comparison_group(
    municipalities: pd.DataFrame,
    code: str,
    kind: str,
    *,
    custom: Iterable[str] | None = None,
    n_similar: int = N_SIMILAR,
    income: pd.Series | None = None,
) -> list[str]:
    """Codes of the municipalities to compare `code` with, never `code` itself.

    - peer_group, county, size_class: every municipality sharing that attribute, by code;
    - similar: the `n_similar` nearest, nearest first (like Kolada's «liknande kommuner»), by
      Euclidean distance on standardised log(population), income and centrality. Income is
      income_level as 0/1/2 (lav/middels/høy), or `income` (numeric, indexed by kommunenummer)
      when given. Municipalities missing any of the three are left out; ties go to the lower code;
    - custom: the codes in `custom` that exist, in the given order, without repeats.
    An empty list means no municipality shares the attribute (or it is missing for `code`).
    """
    if kind not in GROUP_KINDS:
        raise ValueError(f"kind must be one of {GROUP_KINDS}, not {kind!r}")
    codes = municipalities["kommunenummer"]
    if not codes.eq(code).any():
        raise GroupError(f"Ukjent kommunenummer «{code}».")

    if kind == "custom":
        known = set(codes)
        return list(dict.fromkeys(c for c in (custom or ()) if c in known and c != code))
    if kind == "similar":
        return _similar(municipalities, code, n_similar, income)

    column = municipalities[SHARED_COLUMN[kind]]
    own = column[codes.eq(code)].iloc[0]
    if pd.isna(own):
        return []
    members = codes[column.eq(own).fillna(False) & codes.ne(code)]
    return sorted(members)


def similarity_features(
    municipalities: pd.DataFrame, income: pd.Series | None = None
) -> pd.DataFrame:
    """log(population), income and centrality per municipality, each standardised to mean 0, sd 1.

    Indexed by kommunenummer; municipalities missing any feature are left out.
    """
    population = municipalities["population"].to_numpy(dtype=float, na_value=np.nan)
    if income is None:
        levels = pd.Categorical(
            municipalities["income_level"], categories=schema.INCOME_LEVELS, ordered=True
        ).codes
        income_values = np.where(levels >= 0, levels, np.nan).astype(float)
    else:
        income_values = (
            municipalities["kommunenummer"].map(income).to_numpy(dtype=float, na_value=np.nan)
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        log_population = np.where(population > 0, np.log(population), np.nan)
    features = pd.DataFrame(
        {
            "log_population": log_population,
            "income": income_values,
            "centrality": municipalities["centrality"].to_numpy(dtype=float, na_value=np.nan),
        },
        index=pd.Index(municipalities["kommunenummer"], name="kommunenummer"),
    ).dropna()
    spread = features.std(ddof=0).replace(0.0, 1.0)  # a constant feature then adds nothing
    return (features - features.mean()) / spread


def group_median(
    frame: pd.DataFrame,
    codes: Iterable[str],
    value_col: str,
    by: str | Iterable[str] = ("year",),
) -> pd.DataFrame:
    """The median of `value_col` over the municipalities in `codes`, per `by`, with n.

    Returns the `by` columns, median and n (municipalities with a value). Missing values are
    skipped; a group where all are missing has median missing and n = 0.
    """
    keys = [by] if isinstance(by, str) else list(by)
    members = frame.loc[frame["kommunenummer"].isin(list(codes)), [*keys, value_col]]
    # Plain floats (NaN for missing) group ~2× faster than the nullable Float64 column; this
    # runs for every municipality a page shows.
    values = pd.Series(
        members[value_col].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        index=members.index,
    )
    grouped = values.groupby([members[key] for key in keys], sort=True, observed=True)
    summary = pd.DataFrame({"median": grouped.median(), "n": grouped.count()}).reset_index()
    return summary.astype({"median": "Float64", "n": "Int64"})


def _similar(
    municipalities: pd.DataFrame, code: str, n_similar: int, income: pd.Series | None
) -> list[str]:
    features = similarity_features(municipalities, income)
    if code not in features.index:
        raise GroupError(
            f"Kan ikke finne liknende kommuner for «{code}»: folketall, inntektsnivå eller "
            "sentralitet mangler."
        )
    distance = np.sqrt(((features - features.loc[code]) ** 2).sum(axis=1))
    return (
        distance.drop(code)
        .rename("distance")
        .reset_index()
        .sort_values(["distance", "kommunenummer"], kind="stable")
        .head(n_similar)["kommunenummer"]
        .tolist()
    )
