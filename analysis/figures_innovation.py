"""Innovation against results: data shaping and figures for the «Innovasjon og resultater» page."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import stats
from analysis.figures import HIGHLIGHT, MUTED, PALETTE, TEMPLATE_NAME, add_source

# Columns of the INNOVATION table a user may put on the horizontal axis (schema.INNOVATION labels).
MEASURES = (
    "innovation_index",
    "active_per_10k",
    "innovation_fte_per_10k",
    "leaders_trained_per_10k",
    "ideas_per_1k",
)
TOTAL = "total"
ROLES = ("other", "group", "chosen")  # drawn in this order, so the chosen one lies on top
MAX_GROUP_LABELS = 25  # more text labels than this turn the chart into a smudge
MARKER_MIN, MARKER_MAX = 5.0, 30.0  # px; marker diameter grows with √population
CHOSEN_MIN = 14.0  # px; the chosen municipality must be easy to find even when it is small
LEGEND_ON_TOP = {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"}  # clear of the source
MIN_EVENT_N = stats.MIN_POINTS  # relative years with fewer municipalities are not drawn


# --- Data shaping -------------------------------------------------------------------------------


def outcome_panel(
    totals: pd.DataFrame,
    sector_scores: pd.DataFrame,
    indicator_scores: pd.DataFrame,
    sector: str = TOTAL,
    indicator: str | None = None,
) -> pd.DataFrame:
    """kommunenummer, year, outcome: the total grade, a sector's grade or an indicator's grade.

    Grades (1–6) rather than raw values, so "up is better" holds for every indicator.
    """
    if indicator:
        rows = indicator_scores.loc[indicator_scores["indicator_id"] == indicator]
        column = "score"
    elif sector == TOTAL:
        rows, column = totals, "total"
    else:
        rows = sector_scores.loc[sector_scores["sector_id"] == sector]
        column = "score"
    return (
        rows[["kommunenummer", "year", column]]
        .rename(columns={column: "outcome"})
        .astype({"outcome": "Float64"})
        .reset_index(drop=True)
    )


def scatter_points(
    activity_change: pd.DataFrame,
    municipalities: pd.DataFrame,
    chosen: str,
    group: Collection[str],
) -> pd.DataFrame:
    """The output of stats.activity_vs_change with name, population and role for each point."""
    group = set(group)
    return (
        activity_change.merge(
            municipalities[["kommunenummer", "name", "population"]],
            on="kommunenummer",
            how="left",
            validate="one_to_one",
        )
        .assign(
            role=lambda d: np.select(
                [d["kommunenummer"] == chosen, d["kommunenummer"].isin(group)],
                ["chosen", "group"],
                "other",
            )
        )
        .astype({"role": "string"})
    )


def points_table(points: pd.DataFrame, role_names: Mapping[str, str]) -> pd.DataFrame:
    """The points for a table: chosen first, then the group, then the rest; best change first."""
    return (
        points.assign(order=points["role"].map({role: -i for i, role in enumerate(ROLES)}))
        .sort_values(["order", "change"], ascending=[True, False])
        .assign(role=lambda d: d["role"].map(dict(role_names)))
        .loc[:, ["name", "kommunenummer", "activity", "change", "population", "role"]]
        .reset_index(drop=True)
    )


def format_correlation(result: stats.Correlation, template: str) -> str:
    """`template` filled with r, its interval and n in Norwegian form (0,31; 0,21 til 0,40)."""
    return template.format(r=_nb(result.r), low=_nb(result.low), high=_nb(result.high), n=result.n)


def _nb(value: float, decimals: int = 2) -> str:
    return f"{value:.{decimals}f}".replace(".", ",").replace("-", "−")


# --- Figures ------------------------------------------------------------------------------------


def activity_scatter(
    points: pd.DataFrame,
    fit: stats.OlsFit | None,
    *,
    title: str,
    x_label: str,
    y_label: str,
    source: str,
    role_names: Mapping[str, str],
    population_label: str,
    fit_name: str,
    band_name: str,
) -> go.Figure:
    """Activity (x) against change in the result (y), one point per municipality.

    Marker area follows the population; the chosen municipality and its comparison group are
    coloured and labelled, the rest muted. `fit` (or None) adds the OLS line and its 95 % band.
    """
    fig = go.Figure()
    if fit is not None:
        band = fit.band
        fig.add_trace(
            go.Scatter(
                x=np.concatenate([band["x"], band["x"][::-1]]),
                y=np.concatenate([band["high"], band["low"][::-1]]),
                mode="lines",
                fill="toself",
                fillcolor="rgba(0,114,178,0.15)",
                line={"width": 0},
                hoverinfo="skip",
                name=band_name,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=band["x"],
                y=band["fit"],
                mode="lines",
                line={"color": PALETTE[0], "width": 2},
                hoverinfo="skip",
                name=fit_name,
            )
        )
    population = points["population"].astype("float64").fillna(0.0)
    largest = max(float(population.max()), 1.0) if len(points) else 1.0
    sizes = MARKER_MIN + (MARKER_MAX - MARKER_MIN) * np.sqrt(population / largest)
    hover = (
        "<b>%{customdata[0]}</b><br>"
        f"{x_label}: %{{x:,.2f}}<br>{y_label}: %{{y:+,.2f}}<br>"
        f"{population_label}: %{{customdata[1]:,.0f}}<extra></extra>"
    )
    styles = {
        "other": {"color": MUTED, "opacity": 0.45},
        "group": {"color": PALETTE[0], "opacity": 0.85},
        "chosen": {"color": HIGHLIGHT, "opacity": 1.0},
    }
    for role in ROLES:
        rows = points["role"] == role
        subset = points.loc[rows]
        if subset.empty:
            continue
        labelled = role == "chosen" or (role == "group" and len(subset) <= MAX_GROUP_LABELS)
        fig.add_trace(
            go.Scatter(
                x=subset["activity"].astype("float64"),
                y=subset["change"].astype("float64"),
                mode="markers+text" if labelled else "markers",
                text=subset["name"].astype("object") if labelled else None,
                textposition="top center",
                textfont={
                    "size": 14 if role == "chosen" else 11,
                    "color": HIGHLIGHT if role == "chosen" else PALETTE[0],
                },
                marker={
                    "size": np.maximum(
                        sizes[rows.to_numpy()], CHOSEN_MIN if role == "chosen" else 0
                    ),
                    "color": styles[role]["color"],
                    "opacity": styles[role]["opacity"],
                    "line": {"width": 1.5 if role == "chosen" else 0.5, "color": "white"},
                },
                customdata=np.column_stack(
                    [subset["name"].astype("object"), population[rows].to_numpy()]
                ),
                hovertemplate=hover,
                name=role_names[role],
            )
        )
    fig.add_hline(y=0, line={"color": MUTED, "width": 1, "dash": "dot"})
    return add_source(
        fig.update_layout(
            template=TEMPLATE_NAME,
            title=title,
            xaxis={"title": x_label},
            yaxis={"title": y_label},
            legend=LEGEND_ON_TOP,
            margin={"t": 100},
            height=580,
        ),
        source,
    )


def event_study_figure(
    study: pd.DataFrame,
    *,
    title: str,
    x_label: str,
    y_label: str,
    source: str,
    group_names: Mapping[str, str],
    n_label: str,
    ci_label: str,
    min_n: int = MIN_EVENT_N,
) -> go.Figure:
    """Mean change since the year before the first project, with 95 % bands, for both groups.

    `study` is stats.event_study's output. Relative years with fewer than `min_n` municipalities
    are left out, so a line never rests on a handful of places.
    """
    fig = go.Figure()
    colours = {"treated": HIGHLIGHT, "comparison": PALETTE[0]}
    for group in stats.EVENT_GROUPS:
        rows = (
            study.loc[(study["group"] == group) & (study["n"] >= min_n)]
            .astype({"relative_year": "int64", "n": "int64"})
            .astype({c: "float64" for c in ("mean", "low", "high")})
            .sort_values("relative_year")
        )
        if rows.empty:
            continue
        colour = colours[group]
        band = rows.dropna(subset=["low", "high"])
        fig.add_trace(
            go.Scatter(
                x=np.concatenate([band["relative_year"], band["relative_year"][::-1]]),
                y=np.concatenate([band["high"], band["low"][::-1]]),
                mode="lines",
                fill="toself",
                fillcolor=_rgba(colour, 0.15),
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=group,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=rows["relative_year"],
                y=rows["mean"],
                mode="lines+markers",
                line={"color": colour, "width": 3},
                marker={"size": 8},
                customdata=np.column_stack([rows["n"], rows["low"], rows["high"]]),
                hovertemplate=(
                    f"<b>{group_names[group]}</b><br>{x_label}: %{{x}}<br>"
                    f"{y_label}: %{{y:+,.3f}}<br>{ci_label}: %{{customdata[1]:+,.3f}} – "
                    f"%{{customdata[2]:+,.3f}}<br>{n_label}: %{{customdata[0]:,.0f}}"
                    "<extra></extra>"
                ),
                name=group_names[group],
                legendgroup=group,
            )
        )
    fig.add_hline(y=0, line={"color": MUTED, "width": 1})
    fig.add_vline(x=-1, line={"color": MUTED, "width": 1, "dash": "dash"})
    return add_source(
        fig.update_layout(
            template=TEMPLATE_NAME,
            title=title,
            xaxis={"title": x_label, "dtick": 1},
            yaxis={"title": y_label},
            legend=LEGEND_ON_TOP,
            margin={"t": 100},
            height=500,
        ),
        source,
    )


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"
