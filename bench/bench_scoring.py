"""Time score_all on a national-scale synthetic dataset against the minimum groupby work.

357 municipalities × 20 years × 150 indicators in 12 sectors ≈ 1.07 M values, ~3 % missing.
Run from the repository root: `python bench/bench_scoring.py`.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

# Run as a plain script: make the repository root (and so `analysis`) importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis import schema, scoring  # noqa: E402

MUNICIPALITIES = 357
YEARS = range(2005, 2025)
INDICATORS = 150
SECTORS = 12
MISSING_SHARE = 0.03
REPEATS = 5
TARGET_SECONDS = 0.5
SEED = 2024


def synthetic_dataset(seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Values, indicator catalogue and sectors of the benchmark's size, schema-typed."""
    rng = np.random.default_rng(seed)
    kommuner = [f"{i:04d}" for i in range(101, 101 + MUNICIPALITIES)]
    indicator_ids = [f"ind{i:03d}" for i in range(INDICATORS)]
    sector_ids = [f"sektor{i:02d}" for i in range(SECTORS)]
    indicators = pd.DataFrame(
        {
            "indicator_id": indicator_ids,
            "sector_id": [sector_ids[i % SECTORS] for i in range(INDICATORS)],
            "name": indicator_ids,
            "unit": "enhet",
            "direction": rng.choice(schema.DIRECTIONS, INDICATORS),
            "weight": rng.integers(1, 4, INDICATORS).astype(float),
            "source": "syntetisk",
        }
    )
    sectors = pd.DataFrame({"sector_id": sector_ids, "name": sector_ids, "weight": 100 / SECTORS})
    keys = pd.MultiIndex.from_product(
        [kommuner, YEARS, indicator_ids], names=["kommunenummer", "year", "indicator_id"]
    ).to_frame(index=False)
    value = rng.lognormal(3, 0.5, len(keys))
    value[rng.random(len(keys)) < MISSING_SHARE] = np.nan
    return (
        schema.conform(keys.assign(value=value), schema.INDICATOR_VALUES),
        schema.conform(indicators, schema.INDICATORS),
        schema.conform(sectors, schema.SECTORS),
    )


def median_seconds(run: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median wall time of `repeats` runs after one warm-up run."""
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline(values: pd.DataFrame) -> pd.DataFrame:
    """The minimum work: one pass of per indicator-year mean and quantile."""
    return values.groupby(["indicator_id", "year"])["value"].agg(["mean", "quantile"])


def main() -> None:
    values, indicators, sectors = synthetic_dataset()
    rows = len(values)
    base = median_seconds(lambda: baseline(values))
    full = median_seconds(lambda: scoring.score_all(values, indicators, sectors))
    scores = scoring.score_all(values, indicators, sectors)
    steps = {
        "score_indicators": lambda: scoring.score_indicators(values, indicators),
        "score_sectors": lambda: scoring.score_sectors(scores.indicators, indicators),
        "rerank (new weights)": lambda: scoring.rerank(scores.sectors, sectors, {"sektor00": 30}),
    }
    print(f"rows: {rows:,} values ({values['value'].isna().mean():.1%} missing)")
    print(f"baseline groupby mean+quantile: {base * 1000:7.1f} ms")
    print(f"score_all:                      {full * 1000:7.1f} ms  ({rows / full:,.0f} rows/s)")
    for name, run in steps.items():
        print(f"  {name:28s}{median_seconds(run) * 1000:7.1f} ms")
    print(f"ratio score_all / baseline:     {full / base:7.2f}×")
    print(f"target < {TARGET_SECONDS} s: {'met' if full < TARGET_SECONDS else 'NOT met'}")


if __name__ == "__main__":
    main()
