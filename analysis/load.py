"""Load the embedded demo dataset (or any folder in the same layout) into schema-typed frames.

The only module in `analysis/` that touches files. Indicator values are stored wide (one column per
indicator, small and readable in a diff) and reshaped to the long schema here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import schema

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ID_COLUMNS = ["kommunenummer", "year"]


@dataclass(frozen=True)
class Dataset:
    """Everything the dashboard shows, as schema-typed frames."""

    municipalities: pd.DataFrame
    sectors: pd.DataFrame
    indicators: pd.DataFrame
    values: pd.DataFrame  # long: kommunenummer, year, indicator_id, value
    projects: pd.DataFrame
    project_municipalities: pd.DataFrame
    awards: pd.DataFrame
    capacity: pd.DataFrame
    is_demo: bool = True


def read_table(path: Path, table: schema.Table) -> pd.DataFrame:
    """Read one CSV written by our own scripts, with dtypes from the schema."""
    raw = pd.read_csv(path, dtype="string", keep_default_na=False, na_values=[""])
    return schema.conform(raw, table)


def wide_to_long(wide: pd.DataFrame) -> pd.DataFrame:
    """One column per indicator → the long indicator_values table (missing values kept)."""
    long = wide.melt(id_vars=ID_COLUMNS, var_name="indicator_id", value_name="value")
    return schema.conform(long, schema.INDICATOR_VALUES)


def long_to_wide(values: pd.DataFrame) -> pd.DataFrame:
    """The long indicator_values table → one column per indicator, rows sorted by key."""
    return (
        values.pivot(index=ID_COLUMNS, columns="indicator_id", values="value")
        .rename_axis(columns=None)
        .reset_index()
        .sort_values(ID_COLUMNS, ignore_index=True)
    )


def load_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    """Load a dataset folder (default: the embedded demo data in `data/`)."""
    wide = pd.read_csv(
        data_dir / "indicator_values.csv",
        dtype={"kommunenummer": "string", "year": "Int64"},
        keep_default_na=False,
        na_values=[""],
    )
    return Dataset(
        municipalities=read_table(data_dir / "municipalities.csv", schema.MUNICIPALITIES),
        sectors=read_table(data_dir / "sectors.csv", schema.SECTORS),
        indicators=read_table(data_dir / "indicators.csv", schema.INDICATORS),
        values=wide_to_long(wide),
        projects=read_table(data_dir / "projects.csv", schema.PROJECTS),
        project_municipalities=read_table(
            data_dir / "project_municipalities.csv", schema.PROJECT_MUNICIPALITIES
        ),
        awards=read_table(data_dir / "awards.csv", schema.AWARDS),
        capacity=read_table(data_dir / "capacity.csv", schema.CAPACITY),
        is_demo=True,
    )
