"""Data shaping and figures for «Oversikt» and «Kommuneprofil»: where a municipality stands."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis import groups, innovation, maps, schema
from analysis.figures import HIGHLIGHT, MUTED, PALETTE, TEMPLATE_NAME, add_source

TOTAL = "total"
# Measures the overview map can show: key → (column in the map frame, lower is better?)
MAP_MEASURES = ("total", "rank", "sector", "innovation_index", "active_per_10k")
N_MOVERS = 10
# Series in the municipality-vs-peers charts, in drawing order (the municipality last, on top).
SERIES = ("national", "group", "municipality")
SERIES_STYLE = {
    "national": {"color": MUTED, "dash": "dot", "width": 2},
    "group": {"color": PALETTE[0], "dash": "dash", "width": 2},
    "municipality": {"color": HIGHLIGHT, "dash": "solid", "width": 4},
}
# One colour per phase (Okabe–Ito, colour-blind-safe); stopped projects are grey.
PHASE_COLORS = dict(
    zip(
        schema.PHASES,
        ("#56B4E9", "#E69F00", "#CC79A7", "#009E73", "#0072B2", MUTED),
        strict=True,
    )
)
# Phase → a plain-ASCII slug for translation keys (profile_phase_<slug>).
PHASE_SLUGS = dict(
    zip(
        schema.PHASES,
        (
            "for_du_starter",
            "innsikt_og_ide",
            "utvikling_og_utproving",
            "overgang_til_drift",
            "ny_praksis",
            "stoppet",
        ),
        strict=True,
    )
)
MAX_TITLE = 38  # characters of a project title shown as a tick label; the hover has all of it
ROW_PX = 26  # timeline height per project
TIMELINE_PAD_PX = 40  # the timeline's own axis labels
OUTCOME_PX = 300  # the grade panel
PANEL_GAP_PX = 100  # the grade panel's year labels and the phase legend between the panels
TOP_MARGIN_PX = 110  # title and the lines' legend
SOURCE_MARGIN_PX = 110  # x-axis title and the source line
LEGEND_ON_TOP = {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"}


# --- Data shaping -------------------------------------------------------------------------------


def grade_panel(totals: pd.DataFrame, sector_scores: pd.DataFrame, sector: str) -> pd.DataFrame:
    """kommunenummer, year, grade: the total grade (sector 'total') or one sector's grade."""
    if sector == TOTAL:
        rows, column = totals, "total"
    else:
        rows, column = sector_scores.loc[sector_scores["sector_id"] == sector], "score"
    return (
        rows[["kommunenummer", "year", column]]
        .rename(columns={column: "grade"})
        .astype({"grade": "Float64"})
        .reset_index(drop=True)
    )


def against_peers(
    panel: pd.DataFrame,
    code: str,
    group: Collection[str],
    value_col: str,
    by: str = "year",
    national: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Long frame `by`, series, value, n: the municipality, its group's and the national median.

    series is one of SERIES; n is how many municipalities the median is over (1 for the
    municipality itself). An empty group gives no group rows. `national`: the national median
    (`national_median` of the same panel) when the caller keeps it, as it is the same for every
    municipality; computed here otherwise.
    """
    own = (
        panel.loc[panel["kommunenummer"] == code, [by, value_col]]
        .rename(columns={value_col: "median"})
        .assign(n=lambda d: d["median"].notna().astype("int64"))
    )
    parts = {
        "municipality": own,
        "group": groups.group_median(panel, group, value_col, by=by),
        "national": national_median(panel, value_col, by) if national is None else national,
    }
    return (
        pd.concat(
            [part.assign(series=series) for series, part in parts.items() if not part.empty],
            ignore_index=True,
        )
        .rename(columns={"median": "value"})
        .astype({"value": "Float64", "n": "Int64", "series": "string"})[
            [by, "series", "value", "n"]
        ]
        .sort_values([by, "series"], ignore_index=True)
    )


def sector_extremes(
    sector_scores: pd.DataFrame, sectors: pd.DataFrame, code: str, year: int
) -> pd.DataFrame:
    """The municipality's sector grades in `year`, best first, with sector names (NA left out)."""
    return (
        sector_scores.loc[
            (sector_scores["kommunenummer"] == code)
            & (sector_scores["year"] == year)
            & sector_scores["score"].notna(),
            ["sector_id", "score"],
        ]
        .merge(sectors[["sector_id", "name"]], on="sector_id", validate="one_to_one")
        .sort_values(["score", "sector_id"], ascending=[False, True], ignore_index=True)
    )


def map_values(
    totals: pd.DataFrame,
    sector_scores: pd.DataFrame,
    measures: pd.DataFrame,
    measure: str,
    year: int,
    sector: str = TOTAL,
) -> pd.DataFrame:
    """kommunenummer, value: the map measure (one of MAP_MEASURES) for every municipality in year.

    'sector' is the grade of `sector`; with sector 'total' it is the total grade.
    """
    if measure == "sector" and sector != TOTAL:
        rows, column = sector_scores.loc[sector_scores["sector_id"] == sector], "score"
    elif measure in ("innovation_index", "active_per_10k"):
        rows, column = measures, measure
    elif measure in ("total", "rank", "sector"):
        rows, column = totals, "total" if measure != "rank" else "rank"
    else:
        raise ValueError(f"measure must be one of {MAP_MEASURES}, not {measure!r}")
    return (
        rows.loc[rows["year"] == year, ["kommunenummer", column]]
        .rename(columns={column: "value"})
        .astype({"value": "Float64"})
        .reset_index(drop=True)
    )


def map_frame(municipalities: pd.DataFrame, values: pd.DataFrame, value_col: str) -> pd.DataFrame:
    """Every municipality with name, lat, lon and `value_col` (missing where `values` lacks it)."""
    return municipalities[["kommunenummer", "name", "lat", "lon"]].merge(
        values[["kommunenummer", value_col]], on="kommunenummer", how="left", validate="one_to_one"
    )


def movers(
    totals: pd.DataFrame, municipalities: pd.DataFrame, year: int, n: int = N_MOVERS
) -> pd.DataFrame:
    """The `n` biggest climbers and `n` biggest fallers of `year` by rank_change.

    Columns kommunenummer, name, rank, rank_change, direction ('up'/'down'); climbers first,
    biggest change first; ties go to the better rank.
    """
    changed = (
        totals.loc[(totals["year"] == year) & totals["rank_change"].notna()]
        .merge(municipalities[["kommunenummer", "name"]], on="kommunenummer", validate="one_to_one")
        .astype({"rank": "int64", "rank_change": "int64"})
    )
    up = changed[changed["rank_change"] > 0].sort_values(
        ["rank_change", "rank"], ascending=[False, True]
    )
    down = changed[changed["rank_change"] < 0].sort_values(["rank_change", "rank"])
    return pd.concat(
        [up.head(n).assign(direction="up"), down.head(n).assign(direction="down")],
        ignore_index=True,
    )[["kommunenummer", "name", "rank", "rank_change", "direction"]]


def project_timeline(
    projects: pd.DataFrame,
    project_municipalities: pd.DataFrame,
    code: str,
    years: tuple[int, int],
) -> pd.DataFrame:
    """The municipality's projects active within `years`, earliest first, one row each.

    Columns project_id, title, label (unique, short), phase, start_year, end_year (as given),
    last_year (open-ended → the last year shown; stopped without end → start year), is_real,
    source. Bars are clipped to the period by the chart, not here.
    """
    first, last = years
    own = project_municipalities.loc[project_municipalities["kommunenummer"] == code, "project_id"]
    rows = (
        projects.loc[projects["project_id"].isin(own)]
        .assign(last_year=lambda d: innovation.last_active_year(d, last).astype("Int64"))
        .loc[lambda d: (d["start_year"] <= last) & (d["last_year"] >= first)]
        .sort_values(["start_year", "last_year", "project_id"], ignore_index=True)
    )
    short = rows["title"].where(
        rows["title"].str.len() <= MAX_TITLE, rows["title"].str.slice(0, MAX_TITLE - 1) + "…"
    )
    span = rows["start_year"].astype("string") + "–" + rows["end_year"].astype("string").fillna("")
    label = short + " (" + span + ")"
    label = label.where(~label.duplicated(keep=False), label + " " + rows["project_id"])
    return rows.assign(label=label)[
        [
            "project_id",
            "title",
            "label",
            "phase",
            "start_year",
            "end_year",
            "last_year",
            "is_real",
            "source",
        ]
    ]


def awards_for(awards: pd.DataFrame, code: str, years: tuple[int, int]) -> pd.DataFrame:
    """The municipality's prize applications and awards within `years`."""
    return awards.loc[
        (awards["kommunenummer"] == code) & awards["year"].between(*years)
    ].reset_index(drop=True)


def national_median(panel: pd.DataFrame, value_col: str, by: str = "year") -> pd.DataFrame:
    """The median of `value_col` over every municipality in `panel`, per `by`, with n."""
    return groups.group_median(panel, panel["kommunenummer"].unique(), value_col, by=by)


def latest_by_sector(
    sector_scores: pd.DataFrame,
    sectors: pd.DataFrame,
    code: str,
    group: Collection[str],
    year: int,
    national: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per sector in `year`: the municipality's grade, the group's and the national median.

    Long frame sector_id, name, series, value, n, sectors in the catalogue's order. `national`:
    `national_median` of the year's sector scores by sector_id, when the caller keeps it.
    """
    order = {sector: i for i, sector in enumerate(sectors["sector_id"])}
    return (
        against_peers(
            sector_scores.loc[sector_scores["year"] == year],
            code,
            group,
            "score",
            by="sector_id",
            national=national,
        )
        .merge(sectors[["sector_id", "name"]], on="sector_id", validate="many_to_one")
        .assign(_order=lambda d: d["sector_id"].map(order))
        .sort_values(["_order", "series"], ignore_index=True)
        .drop(columns="_order")[["sector_id", "name", "series", "value", "n"]]
    )


# --- Figures ------------------------------------------------------------------------------------


def overview_map(
    frame: pd.DataFrame,
    geojson: dict,
    value_col: str,
    *,
    label: str,
    title: str,
    source: str,
    highlight: str | None = None,
    reverse: bool = False,
    hover_format: str = ",.1f",
    polygons_url: str | None = None,
) -> go.Figure:
    """maps.municipality_map with room for the source line under the map."""
    fig = maps.municipality_map(
        frame,
        geojson,
        value_col,
        label=label,
        title=title,
        highlight=highlight,
        reverse=reverse,
        hover_format=hover_format,
        polygons_url=polygons_url,
    )
    # Grow the figure by the source line's margin, so the map keeps its size and Finnmark its top.
    source_margin = 110
    fig.update_layout(margin={"b": source_margin}, height=maps.MAP_HEIGHT + source_margin)
    return add_source(fig, source)


def _line(rows: pd.DataFrame, series: str, name: str, hover: str, x_col: str) -> go.Scatter:
    style = SERIES_STYLE[series]
    return go.Scatter(
        x=rows[x_col].astype("int64").to_numpy(),
        y=rows["value"].to_numpy(dtype=float, na_value=np.nan),
        mode="lines+markers",
        name=name,
        line={"color": style["color"], "dash": style["dash"], "width": style["width"]},
        marker={"size": 9 if series == "municipality" else 6},
        customdata=rows["n"].to_numpy(dtype=float, na_value=np.nan),
        hovertemplate=hover,
    )


def outcome_and_timeline(
    outcome: pd.DataFrame,
    timeline: pd.DataFrame,
    awards: pd.DataFrame,
    *,
    years: tuple[int, int],
    title: str,
    series_names: Mapping[str, str],
    phase_names: Mapping[str, str],
    labels: Mapping[str, str],
    source: str,
) -> go.Figure:
    """Grade over the years against the peers on top; the projects as bars on the same years below.

    `outcome` is the long output of against_peers; `timeline` of project_timeline (may be empty:
    then only the grade is drawn); `awards` of awards_for. `labels` holds the translated texts
    x_axis, y_axis, grade, median_of, phase, real, demo, source, award and timeline.
    """
    first, last = years
    has_projects = not timeline.empty
    # Sizes in pixels, so the gap between the panels always holds the grade panel's year labels
    # and the phase legend (up to two lines), however few projects the timeline has.
    timeline_px = TIMELINE_PAD_PX + ROW_PX * len(timeline)
    plot_px = OUTCOME_PX + (PANEL_GAP_PX + timeline_px if has_projects else 0)
    fig = (
        make_subplots(
            rows=2,
            cols=1,
            shared_xaxes=True,
            vertical_spacing=PANEL_GAP_PX / plot_px,
            row_heights=[OUTCOME_PX, timeline_px],
        )
        if has_projects
        else make_subplots(rows=1, cols=1)
    )
    for series in SERIES:
        rows = outcome[outcome["series"] == series].sort_values("year")
        if rows.empty:
            continue
        extra = "" if series == "municipality" else f" ({labels['median_of']} %{{customdata:,d}})"
        hover = (
            f"<b>{series_names[series]}</b><br>%{{x}}: {labels['grade']} %{{y:,.2f}}"
            f"{extra}<extra></extra>"
        )
        fig.add_trace(_line(rows, series, series_names[series], hover, "year"), row=1, col=1)

    if has_projects:
        _add_timeline(fig, timeline, awards, years, phase_names, labels)

    fig.update_layout(
        template=TEMPLATE_NAME,
        title=title,
        height=plot_px + TOP_MARGIN_PX + SOURCE_MARGIN_PX,
        legend={**LEGEND_ON_TOP, "traceorder": "reversed"},  # the municipality first
        barmode="overlay",
        margin={"t": TOP_MARGIN_PX, "b": SOURCE_MARGIN_PX},
    )
    fig.update_xaxes(range=[first - 0.5, last + 0.5], dtick=1, showticklabels=True)
    fig.update_xaxes(title=labels["x_axis"], row=2 if has_projects else 1, col=1)
    fig.update_yaxes(title=labels["y_axis"], range=[0.8, 6.2], row=1, col=1)
    return add_source(fig, source)


def _add_timeline(
    fig: go.Figure,
    timeline: pd.DataFrame,
    awards: pd.DataFrame,
    years: tuple[int, int],
    phase_names: Mapping[str, str],
    labels: Mapping[str, str],
) -> None:
    """Project bars from start to last year (whole years), one trace per phase; awards as stars."""
    first, last = years
    for phase in schema.PHASES:
        rows = timeline[timeline["phase"] == phase]
        if rows.empty:
            continue
        start = rows["start_year"].astype("int64").to_numpy()
        stop = rows["last_year"].astype("int64").to_numpy()
        real = rows["is_real"].fillna(False).astype(bool).to_numpy()
        end_text = rows["end_year"].astype("string").fillna("")
        provenance = np.where(
            real,
            f"<b>{labels['real']}</b><br>{labels['source']}: "
            + rows["source"].fillna("").map(_wrap).to_numpy(dtype=object),
            labels["demo"],
        )
        fig.add_trace(
            go.Bar(
                base=start - 0.45,
                x=stop - start + 0.9,
                y=rows["label"].astype(str).to_numpy(),
                orientation="h",
                name=phase_names.get(phase, phase),
                legend="legend2",
                marker={
                    "color": PHASE_COLORS[phase],
                    "line": {"color": "#1A1A1A", "width": np.where(real, 2.5, 0)},
                },
                customdata=np.column_stack(
                    [
                        rows["title"].to_numpy(dtype=object),
                        start,
                        end_text.to_numpy(dtype=object),
                        provenance,
                    ]
                ),
                hovertemplate=(
                    f"<b>%{{customdata[0]}}</b><br>{labels['phase']}: "
                    f"{phase_names.get(phase, phase)}"
                    "<br>%{customdata[1]}–%{customdata[2]}<br>%{customdata[3]}<extra></extra>"
                ),
            ),
            row=2,
            col=1,
        )
    order = timeline["label"].astype(str).tolist()
    if not awards.empty:
        known = awards["project_id"].isin(timeline["project_id"])
        y = np.where(
            known,
            awards["project_id"].map(
                dict(zip(timeline["project_id"], timeline["label"], strict=True))
            ),
            awards["award"],
        )
        order = [*order, *dict.fromkeys(y[~known.to_numpy()])]
        fig.add_trace(
            go.Scatter(
                x=awards["year"].astype("int64").to_numpy(),
                y=y,
                mode="markers",
                name=labels["award"],
                legend="legend2",
                marker={
                    "symbol": "star",
                    "size": 16,
                    "color": "#F0E442",
                    "line": {"color": "#1A1A1A", "width": 1.5},
                },
                customdata=np.column_stack(
                    [
                        awards["award"].to_numpy(dtype=object),
                        awards["result"].astype("string").to_numpy(dtype=object),
                    ]
                ),
                hovertemplate="<b>%{customdata[0]}</b> %{x}: %{customdata[1]}<extra></extra>",
            ),
            row=2,
            col=1,
        )
    real_labels = set(timeline.loc[timeline["is_real"].fillna(False), "label"])
    tick_text = [f"<b>{label}</b>" if label in real_labels else label for label in order]
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=order,
        tickvals=order,
        ticktext=tick_text,
        autorange="reversed",  # earliest project on top
        automargin=True,
        row=2,
        col=1,
    )
    fig.update_xaxes(range=[first - 0.5, last + 0.5], row=2, col=1)
    # The phases' legend sits right above the timeline panel, titled, apart from the lines' legend.
    fig.update_layout(
        legend2={
            "title": {"text": labels["timeline"]},
            "orientation": "h",
            "x": 0,
            "y": fig.layout.yaxis2.domain[1],
            "yanchor": "bottom",
        }
    )


def _wrap(text: str, width: int = 60) -> str:
    """Break a long source text into hover lines of about `width` characters."""
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line] if line else lines)


def sectors_against_peers(
    latest: pd.DataFrame,
    *,
    title: str,
    x_label: str,
    series_names: Mapping[str, str],
    hover_median: str,
    source: str,
) -> go.Figure:
    """Grouped horizontal bars per sector: the municipality, its group's and the national median."""
    order = list(dict.fromkeys(latest["name"].astype(str)))
    colors = {"municipality": HIGHLIGHT, "group": PALETTE[0], "national": MUTED}
    fig = go.Figure()
    for series in ("municipality", "group", "national"):
        rows = latest[latest["series"] == series]
        if rows.empty:
            continue
        extra = "" if series == "municipality" else f" ({hover_median} %{{customdata:,d}})"
        fig.add_trace(
            go.Bar(
                x=rows["value"].to_numpy(dtype=float, na_value=np.nan),
                y=rows["name"].astype(str).to_numpy(),
                orientation="h",
                name=series_names[series],
                marker_color=colors[series],
                customdata=rows["n"].to_numpy(dtype=float, na_value=np.nan),
                hovertemplate=(
                    f"<b>%{{y}}</b><br>{series_names[series]}: %{{x:,.2f}}{extra}<extra></extra>"
                ),
            )
        )
    return add_source(
        fig.update_layout(
            template=TEMPLATE_NAME,
            title=title,
            barmode="group",
            xaxis={"title": x_label, "range": [0, 6.2], "dtick": 1},
            yaxis={
                "title": None,
                "type": "category",
                "categoryorder": "array",
                "categoryarray": order,
                "autorange": "reversed",
                "automargin": True,
            },
            legend=LEGEND_ON_TOP,
            bargap=0.2,
            bargroupgap=0.05,
            height=max(460, 150 + 60 * len(order)),
            margin={"t": 100},
        ),
        source,
    )
