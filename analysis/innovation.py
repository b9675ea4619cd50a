"""Innovation work per municipality and year: active and new projects, capacity, an index 0–100.

How projects are counted (the method page quotes this):

- A project is active in every year from its start year to its end year, both included. Without an
  end year it is still running and counts through the last year shown. A stopped project
  («stoppet») counts until its end year; without one we only know that it ran in its start year,
  so it counts there only. Projects in «før du starter» count as active: preparing is innovation
  work too.
- A co-operation project counts once for every member municipality.
- New projects are those whose start year is that year.
- The phase is the project's current phase: the register keeps no history of phases.

Per inhabitant: the population is the municipality table's figure (one per municipality, used for
every year); no population, or 0, leaves the per-inhabitant measures missing. `leaders_trained` is
already a running total in the capacity table, so it is divided as it stands, not summed.

Innovation index (0–100):

    innovation_index = 100 × mean of the available components' percentile ranks within the year

over the components active_per_10k, innovation_fte_per_10k, leaders_trained_per_10k and
ideas_per_1k. A component's percentile rank is the municipality's rank among the municipalities
with a value for it that year, divided by how many they are; tied values share their average rank.
The highest value scores 1 and the lowest 1/n. A municipality without a value for a component is
ranked on the others; without any, it has no index. Municipalities with no projects have 0 active
projects per 10 000 inhabitants, which is a value, not a gap.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from analysis import schema

if TYPE_CHECKING:
    from analysis.load import Dataset

INDEX_COMPONENTS = (
    "active_per_10k",
    "innovation_fte_per_10k",
    "leaders_trained_per_10k",
    "ideas_per_1k",
)
STOPPED = "stoppet"
PROJECT_YEAR_DTYPES = {
    "project_id": "string",
    "kommunenummer": "string",
    "year": "Int64",
    "sector_id": "string",
    "phase": schema.PROJECTS.column("phase").dtype,
    "is_new": "boolean",
}
STAGE_DTYPES = {
    "kommunenummer": "string",
    "year": "Int64",
    "phase": schema.PROJECTS.column("phase").dtype,
    "active": "Int64",
    "new": "Int64",
}


def project_years(
    projects: pd.DataFrame, project_municipalities: pd.DataFrame, years: Iterable[int]
) -> pd.DataFrame:
    """One row per project × member municipality × year of `years` with the project active."""
    years = sorted({int(year) for year in years})
    if not years:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in PROJECT_YEAR_DTYPES.items()})
    return (
        project_municipalities[["project_id", "kommunenummer"]]
        .merge(
            projects[["project_id", "sector_id", "phase", "start_year", "end_year"]],
            on="project_id",
            validate="many_to_one",
        )
        .assign(last_year=lambda d: last_active_year(d, max(years)))
        .merge(pd.DataFrame({"year": pd.array(years, dtype="Int64")}), how="cross")
        .loc[
            lambda d: ((d["start_year"] <= d["year"]) & (d["year"] <= d["last_year"])).fillna(False)
        ]
        .assign(is_new=lambda d: d["year"] == d["start_year"])
        .sort_values(["kommunenummer", "year", "project_id"])[list(PROJECT_YEAR_DTYPES)]
        .astype(PROJECT_YEAR_DTYPES)
        .reset_index(drop=True)
    )


def last_active_year(projects: pd.DataFrame, last_shown_year: int) -> pd.Series:
    """End year; if none, the last year shown, or the start year for a stopped project."""
    open_end = projects["start_year"].where(projects["phase"] == STOPPED, last_shown_year)
    return projects["end_year"].fillna(open_end)


def innovation_measures(
    projects: pd.DataFrame,
    project_municipalities: pd.DataFrame,
    capacity: pd.DataFrame,
    municipalities: pd.DataFrame,
    years: Iterable[int],
) -> pd.DataFrame:
    """Project counts, capacity per inhabitant and the index for every municipality and year."""
    years = sorted({int(year) for year in years})
    counts = (
        project_years(projects, project_municipalities, years)
        .groupby(["kommunenummer", "year"], as_index=False)
        .agg(active_projects=("project_id", "size"), new_projects=("is_new", "sum"))
    )
    capacity_columns = ["innovation_fte", "leaders_trained", "ideas_filed"]
    return (
        municipalities[["kommunenummer", "population"]]
        .merge(pd.DataFrame({"year": pd.array(years, dtype="Int64")}), how="cross")
        .merge(counts, on=["kommunenummer", "year"], how="left", validate="one_to_one")
        .merge(
            capacity.reindex(columns=["kommunenummer", "year", *capacity_columns]),
            on=["kommunenummer", "year"],
            how="left",
            validate="one_to_one",
        )
        .fillna({"active_projects": 0, "new_projects": 0})
        .astype({c: "Float64" for c in ["population", *capacity_columns]})
        .assign(
            inhabitants=lambda d: d["population"].where(d["population"] > 0),
            active_per_10k=lambda d: 10_000 * d["active_projects"] / d["inhabitants"],
            innovation_fte_per_10k=lambda d: 10_000 * d["innovation_fte"] / d["inhabitants"],
            leaders_trained_per_10k=lambda d: 10_000 * d["leaders_trained"] / d["inhabitants"],
            ideas_per_1k=lambda d: 1_000 * d["ideas_filed"] / d["inhabitants"],
        )
        .assign(innovation_index=innovation_index)
        .sort_values(["kommunenummer", "year"])[schema.INNOVATION.names]
        .astype(schema.INNOVATION.dtypes)
        .reset_index(drop=True)
    )


def innovation_index(measures: pd.DataFrame) -> pd.Series:
    """100 × the mean of the available components' percentile ranks within each year."""
    percentile_ranks = measures.groupby("year")[list(INDEX_COMPONENTS)].rank(pct=True)
    return (100 * percentile_ranks.mean(axis=1)).astype("Float64")


def projects_by_stage(
    projects: pd.DataFrame, project_municipalities: pd.DataFrame, years: Iterable[int]
) -> pd.DataFrame:
    """Active and new projects per municipality, year and current phase (where any are active)."""
    return (
        project_years(projects, project_municipalities, years)
        .groupby(["kommunenummer", "year", "phase"], observed=True, as_index=False)
        .agg(active=("project_id", "size"), new=("is_new", "sum"))
        .astype(STAGE_DTYPES)
    )


def measures_for(dataset: Dataset) -> pd.DataFrame:
    """innovation_measures for every year the dataset has indicator values."""
    years = sorted(dataset.values["year"].dropna().unique().tolist())
    return innovation_measures(
        dataset.projects,
        dataset.project_municipalities,
        dataset.capacity,
        dataset.municipalities,
        years,
    )
