"""Ranking and method pages: ranking table, custom sector weights, bump chart, grading curve."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import scoring
from analysis.figures import HIGHLIGHT, MUTED, PALETTE, TEMPLATE_NAME, add_source
from analysis.formatting import format_nb

TABLE_ATTRIBUTES = ("kommunenummer", "name", "county_name", "size_class", "peer_group")
BUMP_OTHERS = 4  # municipalities from the comparison group next to the chosen one, by default
BUMP_COLOURS = tuple(c for c in PALETTE if c != HIGHLIGHT)  # HIGHLIGHT is the chosen one's
LABEL_GAP = 0.055  # end labels: at least this share of the rank span apart
CURVE_POINTS = 200  # points along the grading curve
EXAMPLE_LETTERS = {"9901": "A", "9902": "B", "9903": "C", "9904": "D", "9905": "E"}


# --- Ranking table ------------------------------------------------------------------------------


def ranking_table(
    totals: pd.DataFrame,
    sector_scores: pd.DataFrame,
    municipalities: pd.DataFrame,
    sector_ids: Sequence[str],
    years: tuple[int, int],
) -> pd.DataFrame:
    """One row per municipality in the last year: rank, change, total, one column per sector grade,
    and `rank_history`, the ranks over the years as negative numbers (so a rise draws upwards).

    Sorted by rank; municipalities without a rank come last, by name.
    """
    first, last = years
    latest = totals.loc[totals["year"] == last, ["kommunenummer", "rank", "rank_change", "total"]]
    grades = (
        sector_scores.loc[sector_scores["year"] == last]
        .pivot(index="kommunenummer", columns="sector_id", values="score")
        .reindex(columns=list(sector_ids))
        .astype("Float64")
        .reset_index()
    )
    history = (
        totals.loc[totals["year"].between(first, last) & totals["rank"].notna()]
        .sort_values("year")
        .groupby("kommunenummer")["rank"]
        .agg(lambda ranks: [-float(r) for r in ranks])
        .rename("rank_history")
        .reset_index()
    )
    return (
        municipalities[list(TABLE_ATTRIBUTES)]
        .merge(latest, on="kommunenummer", how="left", validate="one_to_one")
        .merge(grades, on="kommunenummer", how="left", validate="one_to_one")
        .merge(history, on="kommunenummer", how="left", validate="one_to_one")
        .sort_values(["rank", "name"], na_position="last", ignore_index=True)
    )


def with_custom_ranks(table: pd.DataFrame, custom_totals: pd.DataFrame, year: int) -> pd.DataFrame:
    """Add custom_total, custom_rank and rank_shift = rank − custom_rank (positive = climbs)."""
    custom = custom_totals.loc[custom_totals["year"] == year, ["kommunenummer", "total", "rank"]]
    return table.merge(
        custom.rename(columns={"total": "custom_total", "rank": "custom_rank"}),
        on="kommunenummer",
        how="left",
        validate="one_to_one",
    ).assign(rank_shift=lambda d: d["rank"] - d["custom_rank"])


def filter_ranking(
    table: pd.DataFrame,
    *,
    counties: Collection[str] = (),
    sizes: Collection[str] = (),
    peer_groups: Collection[str] = (),
    query: str = "",
    first: str | None = None,
) -> pd.DataFrame:
    """The rows matching every non-empty filter; `query` matches name or number; `first` on top."""
    query = query.strip().casefold()
    keep = pd.Series(True, index=table.index)
    if counties:
        keep &= table["county_name"].isin(list(counties))
    if sizes:
        keep &= table["size_class"].astype("string").isin(list(sizes)).fillna(False)
    if peer_groups:
        keep &= table["peer_group"].isin(list(peer_groups)).fillna(False)
    if query:
        keep &= table["name"].str.casefold().str.contains(query, regex=False) | table[
            "kommunenummer"
        ].str.startswith(query)
    rows = table.loc[keep.astype(bool)]
    return rows.sort_values(
        "kommunenummer", key=lambda codes: codes != first, kind="stable", ignore_index=True
    )


def grades_as_text(frame: pd.DataFrame, columns: Sequence[str], decimals: int = 2) -> pd.DataFrame:
    """Grades written the Norwegian way («4,75», «–» when missing) for display.

    Grades lie between 1 and 6, so the text sorts like the numbers, and «–» sorts last.
    """
    return frame.assign(
        **{c: frame[c].map(lambda v: format_nb(v, decimals)).astype("string") for c in columns}
    )


def normalised_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Each weight as a per cent of their sum (all 0 when the sum is 0)."""
    total = sum(weights.values())
    return {k: (100 * w / total if total > 0 else 0.0) for k, w in weights.items()}


# --- Bump chart ---------------------------------------------------------------------------------


def bump_default(
    totals: pd.DataFrame, chosen: str, group: Collection[str], year: int, n: int = BUMP_OTHERS
) -> list[str]:
    """The chosen municipality and the `n` group members ranked nearest to it in `year`."""
    ranked = totals.loc[(totals["year"] == year) & totals["rank"].notna()]
    ranks = dict(zip(ranked["kommunenummer"], ranked["rank"].astype("int64"), strict=True))
    target = ranks.get(chosen, 1)
    members = sorted(
        (code for code in group if code in ranks and code != chosen),
        key=lambda code: (abs(ranks[code] - target), ranks[code], code),
    )
    return [chosen, *members[:n]]


def spread_labels(positions: Sequence[float], min_gap: float) -> list[float]:
    """Label positions moved apart so that neighbours are at least `min_gap` apart, in order."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [float(positions[i]) for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + min_gap)
    # centre the block over where the labels want to be, so it does not drift one way
    shift = (sum(placed) - sum(float(positions[i]) for i in order)) / max(len(placed), 1)
    result = [0.0] * len(placed)
    for k, i in enumerate(order):
        result[i] = placed[k] - shift
    return result


def bump_chart(
    history: pd.DataFrame,
    names: Mapping[str, str],
    chosen: str,
    *,
    title: str,
    x_label: str,
    y_label: str,
    source: str,
    hover_rank: str,
) -> go.Figure:
    """Rank over the years, one line per municipality, rank 1 on top, each labelled at its end."""
    fig = go.Figure()
    rows = history.dropna(subset=["rank"]).sort_values("year")
    others = iter(BUMP_COLOURS * 4)
    codes = list(dict.fromkeys(rows["kommunenummer"]))
    ends = []  # (year, rank, name, colour) of each line's last point
    # the chosen one last, so its line is drawn on top
    for code in sorted(codes, key=lambda c: c == chosen):
        line = rows.loc[rows["kommunenummer"] == code]
        is_chosen = code == chosen
        colour = HIGHLIGHT if is_chosen else next(others)
        name = names.get(code, code)
        fig.add_trace(
            go.Scatter(
                x=line["year"].astype("int64"),
                y=line["rank"].astype("float64"),
                name=name,
                mode="lines+markers",
                line={"width": 4 if is_chosen else 2, "color": colour},
                marker={"size": 9 if is_chosen else 7},
                hovertemplate=f"{name}<br>%{{x}}: {hover_rank} %{{y}}<extra></extra>",
            )
        )
        ends.append((int(line["year"].iloc[-1]), float(line["rank"].iloc[-1]), name, colour))
    ranks = rows["rank"].astype("float64")
    span = float(ranks.max() - ranks.min()) if len(ranks) else 0.0
    label_y = spread_labels([rank for _, rank, _, _ in ends], max(span, 10.0) * LABEL_GAP)
    for (year, _, name, colour), y in zip(ends, label_y, strict=True):
        fig.add_annotation(
            x=year,
            y=y,
            text=name,
            xanchor="left",
            xshift=10,
            showarrow=False,
            font={"color": colour, "size": 13},
        )
    years = rows["year"].astype("int64")
    x_range = [years.min() - 0.3, years.max() + 0.3] if len(years) else None
    return add_source(
        fig.update_layout(
            template=TEMPLATE_NAME,
            title=title,
            showlegend=False,
            xaxis={"title": x_label, "dtick": 1, "range": x_range},
            yaxis={"title": y_label, "autorange": "reversed"},
            margin={"r": 170},
            height=480,
        ),
        source,
    )


# --- Grading curve (method page) ----------------------------------------------------------------


def reference_values(values: pd.Series) -> dict[str, float]:
    """The year's mean and the 5th/95th percentile ends that grading uses (NaN skipped)."""
    numbers = values.astype("Float64").dropna().to_numpy(dtype=float)
    lower, upper = np.quantile(numbers, [scoring.LOWER_PERCENTILE, scoring.UPPER_PERCENTILE])
    return {"mean": float(numbers.mean()), "lower": float(lower), "upper": float(upper)}


def grades_for(values: pd.Series, direction: str, reference: Mapping[str, float]) -> np.ndarray:
    """The grade 1–6 of each value, graded against `reference` as analysis.scoring does."""
    sign = -1.0 if direction == "lower" else 1.0
    x = values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    best = reference["upper"] if sign > 0 else -reference["lower"]
    worst = reference["lower"] if sign > 0 else -reference["upper"]
    n = len(x)
    return scoring.grade(
        good=sign * x,
        mean=np.full(n, sign * reference["mean"]),
        best=np.full(n, best),
        worst=np.full(n, worst),
    )


def grading_curve_data(values: pd.Series, direction: str) -> pd.DataFrame:
    """value, grade along the range of `values` (one indicator, one year)."""
    reference = reference_values(values)
    numbers = values.astype("Float64").dropna()
    grid = pd.Series(np.linspace(float(numbers.min()), float(numbers.max()), CURVE_POINTS))
    return pd.DataFrame({"value": grid, "grade": grades_for(grid, direction, reference)})


def grading_curve(
    curve: pd.DataFrame,
    reference: Mapping[str, float],
    *,
    title: str,
    x_label: str,
    y_label: str,
    source: str,
    marks: Mapping[str, str],
    point: tuple[float, float, str] | None = None,
) -> go.Figure:
    """The grade as a function of the value, with the mean and the percentile ends marked.

    `marks` labels the reference lines: keys "mean", "lower", "upper"; `point` (value, grade,
    label) marks one municipality on the curve.
    """
    fig = go.Figure(
        go.Scatter(
            x=curve["value"],
            y=curve["grade"],
            mode="lines",
            line={"width": 3, "color": PALETTE[0]},
            hovertemplate=f"{x_label}: %{{x:,.1f}}<br>{y_label}: %{{y:,.2f}}<extra></extra>",
        )
    )
    if point is not None:
        value, grade, label = point
        fig.add_trace(
            go.Scatter(
                x=[value],
                y=[grade],
                mode="markers+text",
                text=[label],
                textposition="bottom right",
                marker={"size": 13, "color": HIGHLIGHT, "line": {"width": 1.5, "color": "white"}},
                textfont={"color": HIGHLIGHT},
                hovertemplate=f"{label}<br>%{{x:,.1f}}: %{{y:,.2f}}<extra></extra>",
            )
        )
    for key, dash in (("lower", "dot"), ("mean", "dash"), ("upper", "dot")):
        fig.add_vline(
            x=reference[key],
            line={"dash": dash, "color": MUTED, "width": 1.5},
            annotation={"text": marks[key], "font": {"color": MUTED, "size": 12}},
            annotation_position="top",
        )
    return add_source(
        fig.update_layout(
            template=TEMPLATE_NAME,
            title=title,
            showlegend=False,
            xaxis={"title": x_label},
            yaxis={
                "title": y_label,
                "range": [scoring.MIN_GRADE - 0.2, scoring.MAX_GRADE + 0.2],
                "dtick": 1,
            },
            margin={"t": 90},
            height=420,
        ),
        source,
    )


# --- Worked example (method page) ---------------------------------------------------------------


def example_label(code: str) -> str:
    """«A (9901)» for the worked example's fictional municipalities."""
    return f"{EXAMPLE_LETTERS.get(code, '?')} ({code})"


def example_wide(
    frame: pd.DataFrame, columns: str, values: str, labels: Mapping[str, str]
) -> pd.DataFrame:
    """One row per example municipality and year, one column per `columns` value (labelled)."""
    return (
        frame.pivot(index=["kommunenummer", "year"], columns=columns, values=values)
        .reindex(columns=list(labels))
        .rename(columns=dict(labels))
        .reset_index()
        .assign(kommunenummer=lambda d: d["kommunenummer"].map(example_label))
        .sort_values(["year", "kommunenummer"], ignore_index=True)
    )


def example_results(scores: scoring.Scores, sectors: pd.DataFrame) -> pd.DataFrame:
    """Sector grades, total, rank and rank change of the worked example, one row per unit-year."""
    labels = dict(zip(sectors["sector_id"], sectors["name"], strict=True))
    return example_wide(scores.sectors, "sector_id", "score", labels).merge(
        scores.totals.assign(kommunenummer=lambda d: d["kommunenummer"].map(example_label)),
        on=["kommunenummer", "year"],
        validate="one_to_one",
    )


class ExampleTables(NamedTuple):
    values: pd.DataFrame  # indicator values, one column per indicator name
    grades: pd.DataFrame  # indicator grades, likewise
    results: pd.DataFrame  # sector grades by sector name, total, rank, rank_change


def example_tables(example: scoring.WorkedExample, scores: scoring.Scores) -> ExampleTables:
    """The worked example's three stages as display tables, numbers written the Norwegian way."""
    names = dict(zip(example.indicators["indicator_id"], example.indicators["name"], strict=True))
    sectors = example.sectors["name"].tolist()
    results = example_results(scores, example.sectors)
    return ExampleTables(
        values=grades_as_text(
            example_wide(example.values, "indicator_id", "value", names), names.values(), 1
        ),
        grades=grades_as_text(
            example_wide(scores.indicators, "indicator_id", "score", names), names.values(), 4
        ),
        results=grades_as_text(results, sectors, 4)
        .pipe(grades_as_text, ["total"], 5)
        .assign(rank_change=results["rank_change"].map(lambda v: format_nb(v, signed=True))),
    )
