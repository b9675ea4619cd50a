"""The innovation portfolio: data shaping and figures for the «Prosjekter» page.

A project's origin is «idebank» when it was made from an idea in the idea bank, otherwise «real»
(a documented project with a source) or «demo» (synthetic). Ideas not yet made into projects are
counted in the funnel's first stages under «idebank».
"""

from __future__ import annotations

import html
import math
from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import innovation, schema
from analysis.figures import HIGHLIGHT, MUTED, PALETTE, TEMPLATE_NAME, add_source

# The funnel: the idea bank's triage stages, then KS' veikart phases. Stopped projects and
# rejected ideas are counted beside it, not in it.
FUNNEL_STAGES: tuple[str, ...] = ("ny", "vurderes", *schema.PHASES[:5])
OUT_OF_FUNNEL: tuple[str, ...] = ("stoppet", "avslått")
ORIGIN_COLORS = {"idebank": PALETTE[2], "real": PALETTE[0], "demo": "#B8C4CE"}
NOT_GIVEN = "ikke oppgitt"  # innovation type or sector missing
MAX_LABELS = 25  # more name labels than this in the network turn it into a smudge
MAX_TITLES_IN_HOVER = 5
NODE_MIN, NODE_MAX = 8.0, 26.0  # px
CHOSEN_MIN = 14.0  # px: the chosen municipality must be easy to find
CROWDED_NODE_MAX = 14.0  # px, when more than MAX_LABELS nodes share the chart
MIN_SPAN_DEG = 1.5  # the network's smallest view, in degrees of longitude
TALL_NETWORK_DEG = 6.0  # a network spanning more latitude than this gets a taller chart
PEERS_QUANTILE, PEERS_AXIS_PAD = 0.9, 1.15  # the peers axis ends past the group and 90 % of all

# --- Data shaping -------------------------------------------------------------------------------


def with_origin(projects: pd.DataFrame, idea_project_ids: Collection[str]) -> pd.DataFrame:
    """Projects with `origin`: idebank (made from an idea), real (with a source) or demo."""
    origin = np.select(
        [projects["project_id"].isin(list(idea_project_ids)), projects["is_real"].fillna(False)],
        ["idebank", "real"],
        "demo",
    )
    return projects.assign(origin=pd.Categorical(origin, categories=list(schema.ORIGINS)))


def in_scope(
    projects: pd.DataFrame,
    project_municipalities: pd.DataFrame,
    codes: Collection[str] | None,
    years: tuple[int, int],
    *,
    open_end: bool,
    sector: str | None = None,
    real_only: bool = False,
) -> pd.DataFrame:
    """The projects of `codes` (None: all) active in `years`, in `sector`, real ones if asked.

    `open_end`: the period runs on past its last year (the year slider is at its end), so a
    project started since the last year with indicator data still counts.
    """
    first, last = years
    members = project_municipalities
    if codes is not None:
        members = members.loc[members["kommunenummer"].isin(list(codes))]
    last_year = innovation.last_active_year(projects, last if not open_end else schema.MAX_YEAR)
    keep = (
        projects["project_id"].isin(members["project_id"])
        & (last_year >= first).fillna(False)
        & ((projects["start_year"] <= last).fillna(False) | open_end)
    )
    if sector is not None:
        keep &= (projects["sector_id"] == sector).fillna(False)
    if real_only:
        keep &= projects["is_real"].fillna(False)
    return projects.loc[keep].reset_index(drop=True)


def funnel_counts(projects: pd.DataFrame, ideas: pd.DataFrame) -> pd.DataFrame:
    """stage, origin, n for every funnel stage and origin: projects by phase, plus the ideas
    that are not (yet) projects by stage. `projects` needs `origin`."""
    open_ideas = ideas.loc[ideas["project_id"].isna()]
    rows = pd.concat(
        [
            projects[["phase", "origin"]].rename(columns={"phase": "stage"}).astype("string"),
            pd.DataFrame({"stage": open_ideas["stage"].astype("string"), "origin": "idebank"}),
        ],
        ignore_index=True,
    )
    grid = pd.MultiIndex.from_product(
        [FUNNEL_STAGES, schema.ORIGINS], names=["stage", "origin"]
    ).to_frame(index=False)
    counts = rows.groupby(["stage", "origin"], as_index=False).agg(n=("stage", "size"))
    return (
        grid.merge(counts, on=["stage", "origin"], how="left", validate="one_to_one")
        .fillna({"n": 0})
        .astype({"stage": "string", "origin": "string", "n": "Int64"})
    )


def out_of_funnel(projects: pd.DataFrame, ideas: pd.DataFrame) -> dict[str, int]:
    """How many projects are stopped and how many ideas were rejected."""
    return {
        "stoppet": int((projects["phase"] == "stoppet").sum()),
        "avslått": int((ideas["stage"] == "avslått").sum()),
    }


def sector_type_counts(
    projects: pd.DataFrame, sector_names: Mapping[str, str], several: str
) -> pd.DataFrame:
    """sector, innovation_type, n: projects by sector (name; `several` when none) and type."""
    return (
        projects.assign(
            sector=projects["sector_id"].map(dict(sector_names)).fillna(several).astype("string"),
            innovation_type=projects["innovation_type"].astype("string").fillna(NOT_GIVEN),
        )
        .groupby(["sector", "innovation_type"], as_index=False)
        .agg(n=("project_id", "size"))
        .astype({"n": "Int64"})
    )


def partner_counts(projects: pd.DataFrame) -> pd.DataFrame:
    """partner_type, n, share: how many projects (and what share of them) work with each type."""
    total = len(projects)
    listed = (
        projects["partner_types"]
        .astype("string")
        .str.split(";")
        .explode()
        .str.strip()
        .loc[lambda s: s.notna() & (s != "")]
    )
    counts = listed.value_counts().reindex(list(schema.PARTNER_TYPES), fill_value=0)
    return pd.DataFrame(
        {
            "partner_type": pd.array(counts.index, dtype="string"),
            "n": pd.array(counts.to_numpy(), dtype="Int64"),
            "share": pd.array(counts.to_numpy() / total if total else np.nan, dtype="Float64"),
        }
    )


def peer_comparison(
    measures: pd.DataFrame,
    municipalities: pd.DataFrame,
    code: str,
    group: Collection[str],
    year: int,
) -> pd.DataFrame:
    """Every municipality in `year` with active projects per 10 000 inhabitants and its role:
    chosen, group (the comparison group) or other."""
    group = set(group)
    return (
        measures.loc[
            measures["year"] == year, ["kommunenummer", "active_projects", "active_per_10k"]
        ]
        .merge(municipalities[["kommunenummer", "name"]], on="kommunenummer", validate="one_to_one")
        .assign(
            role=lambda d: np.select(
                [d["kommunenummer"] == code, d["kommunenummer"].isin(group)],
                ["chosen", "group"],
                "other",
            )
        )
        .sort_values(["active_per_10k", "name"], ascending=[False, True], na_position="last")
        .reset_index(drop=True)
    )


def cooperation_edges(projects: pd.DataFrame, project_municipalities: pd.DataFrame) -> pd.DataFrame:
    """a, b, projects, real, titles: pairs of municipalities sharing co-operation projects.

    One row per pair (a < b); `real` counts the real or idea-bank projects among them, `titles`
    lists the projects' titles, earliest first.
    """
    members = project_municipalities.loc[
        project_municipalities["project_id"].isin(projects["project_id"]),
        ["project_id", "kommunenummer"],
    ]
    pairs = (
        members.merge(members, on="project_id", suffixes=("_a", "_b"))
        .loc[lambda d: d["kommunenummer_a"] < d["kommunenummer_b"]]
        .rename(columns={"kommunenummer_a": "a", "kommunenummer_b": "b"})
        .merge(
            projects[["project_id", "title", "start_year", "origin"]],
            on="project_id",
            validate="many_to_one",
        )
        .sort_values(["a", "b", "start_year", "project_id"])
    )
    return (
        pairs.assign(is_real=lambda d: d["origin"].astype("string") != "demo")
        .groupby(["a", "b"], as_index=False)
        .agg(
            projects=("project_id", "size"),
            real=("is_real", "sum"),
            titles=("title", lambda t: list(t)),
        )
        .astype({"a": "string", "b": "string", "projects": "Int64", "real": "Int64"})
    )


def network_nodes(
    edges: pd.DataFrame, municipalities: pd.DataFrame, chosen: str, group: Collection[str]
) -> pd.DataFrame:
    """kommunenummer, name, lat, lon, partners, projects, real, role for every municipality in
    `edges` (role: chosen, group or other)."""
    ends = pd.concat(
        [
            edges[["a", "b", "projects", "real"]].rename(columns={"a": "kommunenummer", "b": "o"}),
            edges[["a", "b", "projects", "real"]].rename(columns={"b": "kommunenummer", "a": "o"}),
        ],
        ignore_index=True,
    )
    group = set(group)
    return (
        ends.groupby("kommunenummer", as_index=False)
        .agg(partners=("o", "nunique"), projects=("projects", "sum"), real=("real", "sum"))
        .merge(
            municipalities[["kommunenummer", "name", "lat", "lon"]],
            on="kommunenummer",
            validate="one_to_one",
        )
        .assign(
            role=lambda d: np.select(
                [d["kommunenummer"] == chosen, d["kommunenummer"].isin(group)],
                ["chosen", "group"],
                "other",
            )
        )
        .sort_values("kommunenummer", ignore_index=True)
    )


def project_table(
    projects: pd.DataFrame,
    project_municipalities: pd.DataFrame,
    municipality_names: Mapping[str, str],
    sector_names: Mapping[str, str],
) -> pd.DataFrame:
    """One row per project, newest first, with member municipalities by name and the source."""
    members = (
        project_municipalities.loc[
            project_municipalities["project_id"].isin(projects["project_id"])
        ]
        .assign(name=lambda d: d["kommunenummer"].map(dict(municipality_names)))
        .groupby("project_id", as_index=False)
        .agg(municipalities=("name", lambda names: ", ".join(sorted(names.dropna()))))
    )
    return (
        projects.merge(members, on="project_id", how="left", validate="one_to_one")
        .assign(sector=lambda d: d["sector_id"].map(dict(sector_names)).astype("string"))
        .sort_values(["start_year", "project_id"], ascending=[False, True])[
            [
                "project_id",
                "title",
                "municipalities",
                "phase",
                "start_year",
                "end_year",
                "sector",
                "innovation_type",
                "partner_types",
                "origin",
                "source",
            ]
        ]
        .reset_index(drop=True)
    )


# --- Figures ------------------------------------------------------------------------------------


def _layout(fig: go.Figure, *, title: str, source: str, height: int, **layout) -> go.Figure:
    return add_source(
        fig.update_layout(template=TEMPLATE_NAME, title=title, height=height, **layout), source
    )


def funnel_figure(
    counts: pd.DataFrame,
    *,
    stage_names: Mapping[str, str],
    origin_names: Mapping[str, str],
    title: str,
    source: str,
) -> go.Figure:
    """Ideas and projects in each stage, stacked by origin, first stage at the top."""
    fig = go.Figure()
    for origin in schema.ORIGINS:
        rows = counts.loc[counts["origin"] == origin].set_index("stage").reindex(FUNNEL_STAGES)
        values = rows["n"].fillna(0).astype("int64").tolist()
        fig.add_trace(
            go.Funnel(
                name=origin_names[origin],
                y=[stage_names[s] for s in FUNNEL_STAGES],
                x=values,
                text=[str(v) if v else "" for v in values],
                textinfo="text",
                marker={"color": ORIGIN_COLORS[origin]},
                connector={"line": {"color": "rgba(0,0,0,0)"}},
                hovertemplate=f"{origin_names[origin]}<br>%{{y}}: %{{x}}<extra></extra>",
            )
        )
    return _layout(
        fig,
        title=title,
        source=source,
        height=480,
        funnelmode="stack",
        # Below the funnel: three names do not fit beside the title in a half-width card.
        legend={"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top", "traceorder": "normal"},
        margin={"l": 170, "r": 20, "t": 60, "b": 130},
    )


def sector_type_figure(
    counts: pd.DataFrame,
    *,
    type_names: Mapping[str, str],
    title: str,
    x_label: str,
    source: str,
) -> go.Figure:
    """Projects per sector as horizontal bars, stacked by innovation type; biggest sector on top."""
    order = counts.groupby("sector")["n"].sum().sort_values(kind="stable").index.tolist()
    types = [*schema.INNOVATION_TYPES, NOT_GIVEN]
    fig = go.Figure()
    for index, kind in enumerate(types):
        rows = counts.loc[counts["innovation_type"] == kind]
        if rows.empty:
            continue
        fig.add_trace(
            go.Bar(
                name=type_names[kind],
                y=rows["sector"].tolist(),
                x=rows["n"].astype("int64").tolist(),
                orientation="h",
                marker={"color": MUTED if kind == NOT_GIVEN else PALETTE[index % len(PALETTE)]},
                hovertemplate=f"{type_names[kind]}<br>%{{y}}: %{{x}}<extra></extra>",
            )
        )
    return _layout(
        fig,
        title=title,
        source=source,
        height=max(380, 120 + 28 * len(order)),
        barmode="stack",
        xaxis={"title": x_label},
        yaxis={"categoryorder": "array", "categoryarray": order, "automargin": True},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "traceorder": "normal"},
        margin={"l": 20, "r": 20, "t": 100, "b": 100},
    )


def partner_figure(
    counts: pd.DataFrame,
    *,
    partner_names: Mapping[str, str],
    title: str,
    x_label: str,
    source: str,
    share_label: str,
) -> go.Figure:
    """How many projects work with each partner type, most common on top."""
    rows = counts.sort_values("n", kind="stable")
    shares = rows["share"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    fig = go.Figure(
        go.Bar(
            y=[partner_names[p] for p in rows["partner_type"]],
            x=rows["n"].astype("int64").tolist(),
            orientation="h",
            marker={"color": PALETTE[0]},
            customdata=np.nan_to_num(shares * 100),
            hovertemplate=f"%{{y}}: %{{x}} ({share_label} %{{customdata:.0f}} %)<extra></extra>",
        )
    )
    return _layout(
        fig,
        title=title,
        source=source,
        height=380,
        xaxis={"title": x_label},
        yaxis={"automargin": True},
        showlegend=False,
    )


def milestone_figure(
    milestones: pd.DataFrame,
    *,
    milestone_names: Mapping[str, str],
    title: str,
    y_label: str,
    source: str,
    idea_label: str,
) -> go.Figure:
    """Days from filing to pilot and to operation: a box per milestone with every idea as a dot."""
    fig = go.Figure()
    for index, (milestone, name) in enumerate(milestone_names.items()):
        rows = milestones.loc[milestones["milestone"] == milestone]
        fig.add_trace(
            go.Box(
                name=name,
                x=[name] * len(rows),
                y=rows["days"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
                text=rows["reference"].astype("string").fillna("").tolist(),
                boxpoints="all",
                jitter=0.4,
                pointpos=0,
                marker={"color": PALETTE[index], "size": 8},
                line={"color": PALETTE[index]},
                hovertemplate=f"{idea_label} %{{text}}: %{{y:.0f}}<extra>{name}</extra>",
            )
        )
    return _layout(
        fig,
        title=title,
        source=source,
        height=400,
        yaxis={"title": y_label, "rangemode": "tozero"},
        showlegend=False,
    )


def peers_axis(peers: pd.DataFrame) -> tuple[float, int]:
    """Where the peers chart's axis ends, and how many municipalities lie beyond it.

    A few small municipalities with one or two projects reach extreme values per inhabitant;
    the axis ends where the chosen municipality, its group and 90 % of the country fit.
    """
    values = peers["active_per_10k"].astype("Float64").dropna()
    near = peers.loc[peers["role"] != "other", "active_per_10k"].astype("Float64").dropna()
    ends = [near.max() if len(near) else 0.0, values.quantile(PEERS_QUANTILE) if len(values) else 0]
    axis_end = PEERS_AXIS_PAD * max(float(e) for e in ends) or 1.0
    return axis_end, int((values > axis_end).sum())


def peers_figure(
    peers: pd.DataFrame,
    *,
    axis_end: float,
    title: str,
    x_label: str,
    source: str,
    row_names: Mapping[str, str],
    chosen_name: str,
) -> go.Figure:
    """Active projects per 10 000 inhabitants: the comparison group and all municipalities as
    dots with a box, the chosen municipality as a diamond on both rows (axis: see peers_axis)."""
    rows = {"group": peers.loc[peers["role"] != "other"], "national": peers}
    fig = go.Figure()
    for index, (row, frame) in enumerate(rows.items()):
        color = PALETTE[0] if index == 0 else MUTED
        fig.add_trace(
            go.Box(
                x=frame["active_per_10k"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
                y=[row_names[row]] * len(frame),
                name=row_names[row],
                orientation="h",
                boxpoints="all",
                jitter=0.5,
                pointpos=0,
                marker={"color": color, "size": 6, "opacity": 0.7},
                line={"color": color},
                fillcolor="rgba(0,0,0,0)",
                text=[html.escape(str(n)) for n in frame["name"]],
                hovertemplate="%{text}: %{x:.2f}<extra></extra>",
            )
        )
    chosen = peers.loc[peers["role"] == "chosen"]
    if len(chosen) and chosen["active_per_10k"].notna().all():
        value = float(chosen["active_per_10k"].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=[value, value],
                y=[row_names["group"], row_names["national"]],
                mode="markers+text",
                text=[html.escape(chosen_name), ""],
                textposition="top center",
                marker={
                    "color": HIGHLIGHT,
                    "size": 16,
                    "symbol": "diamond",
                    "line": {"color": "white", "width": 1.5},
                },
                hovertemplate=f"{html.escape(chosen_name)}: %{{x:.2f}}<extra></extra>",
            )
        )
    return _layout(
        fig,
        title=title,
        source=source,
        height=400,
        xaxis={"title": x_label, "range": [0, axis_end]},
        yaxis={"automargin": True, "autorange": "reversed"},
        showlegend=False,
    )


def _outline_paths(geojson: dict) -> tuple[list[float | None], list[float | None]]:
    """Every municipality border as one path with gaps, for a faint background."""
    lon: list[float | None] = []
    lat: list[float | None] = []
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        for polygon in polygons:
            for ring in polygon:
                lon += [*np.asarray(ring)[:, 0].tolist(), None]
                lat += [*np.asarray(ring)[:, 1].tolist(), None]
    return lon, lat


def network_figure(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    geojson: dict,
    *,
    title: str,
    source: str,
    edge_names: Mapping[str, str],
    role_names: Mapping[str, str],
    hover_projects: str,
    hover_partners: str,
) -> go.Figure:
    """Municipalities (at their centres) joined by the co-operation projects they share.

    Real and idea-bank projects are drawn as thick dark lines, demo projects as thin grey ones.
    Plain axes in degrees (longitude stretched by 1/cos(latitude)), so labels need no map fonts.
    """
    position = nodes.set_index("kommunenummer")[["lon", "lat", "name"]]
    ends = edges.merge(position, left_on="a", right_index=True, validate="many_to_one").merge(
        position.add_suffix("_b"), left_on="b", right_index=True, validate="many_to_one"
    )
    outline_lon, outline_lat = _outline_paths(geojson)
    fig = go.Figure(
        go.Scatter(
            x=outline_lon,
            y=outline_lat,
            mode="lines",
            line={"color": "#D9DEE3", "width": 0.6},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for kind, is_real in (("demo", False), ("real", True)):
        rows = ends.loc[(ends["real"] > 0) == is_real]
        if rows.empty:
            continue
        x = np.column_stack([rows["lon"], rows["lon_b"], np.full(len(rows), np.nan)]).ravel()
        y = np.column_stack([rows["lat"], rows["lat_b"], np.full(len(rows), np.nan)]).ravel()
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                name=edge_names[kind],
                line={"color": "#1B2430" if is_real else "#8C99A6", "width": 3 if is_real else 1.5},
                hoverinfo="skip",
            )
        )
        # Invisible points halfway along each line carry the pair's projects as hover text.
        fig.add_trace(
            go.Scatter(
                x=((rows["lon"] + rows["lon_b"]) / 2).tolist(),
                y=((rows["lat"] + rows["lat_b"]) / 2).tolist(),
                mode="markers",
                marker={"size": 10, "opacity": 0},
                hovertext=[
                    _edge_hover(a, b, titles)
                    for a, b, titles in zip(
                        rows["name"], rows["name_b"], rows["titles"], strict=True
                    )
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            )
        )
    labelled = len(nodes) <= MAX_LABELS
    for role, color in (("other", PALETTE[4]), ("group", PALETTE[0]), ("chosen", HIGHLIGHT)):
        rows = nodes.loc[nodes["role"] == role]
        if rows.empty:
            continue
        # Many nodes: name only the chosen municipality and the members of real projects.
        named = labelled or role == "chosen"
        names = [html.escape(str(n)) for n in rows["name"]]
        fig.add_trace(
            go.Scatter(
                x=rows["lon"].astype("float64").tolist(),
                y=rows["lat"].astype("float64").tolist(),
                mode="markers+text",
                name=role_names[role],
                text=[
                    name if named or real > 0 else ""
                    for name, real in zip(names, rows["real"], strict=True)
                ],
                # The chosen one's name below its dot, clear of neighbours named above theirs.
                textposition="bottom center" if role == "chosen" else "top center",
                textfont={"size": 12},
                marker={
                    "size": [
                        max(size, CHOSEN_MIN) if role == "chosen" else size
                        for size in _node_sizes(
                            rows["projects"], nodes["projects"].max(), crowded=not labelled
                        )
                    ],
                    "color": color,
                    "line": {"color": "white", "width": 1},
                },
                customdata=list(
                    zip(names, rows["partners"].tolist(), rows["projects"].tolist(), strict=True)
                ),
                hovertemplate=(
                    f"<b>%{{customdata[0]}}</b><br>{hover_partners}: %{{customdata[1]}}"
                    f"<br>{hover_projects}: %{{customdata[2]}}<extra></extra>"
                ),
            )
        )
    return _layout(
        fig,
        title=title,
        source=source,
        height=620 if span_deg(nodes["lat"]) < TALL_NETWORK_DEG else 820,
        xaxis={"visible": False, "range": _view(nodes["lon"], pad=0.6)},
        yaxis={
            "visible": False,
            "range": _view(nodes["lat"], pad=0.35),
            "scaleanchor": "x",
            "scaleratio": 1 / math.cos(math.radians(float(nodes["lat"].astype("float64").mean()))),
        },
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        margin={"l": 10, "r": 10, "t": 90, "b": 100},
    )


def _edge_hover(a: str, b: str, titles: list[str]) -> str:
    shown = [html.escape(str(t)) for t in titles[:MAX_TITLES_IN_HOVER]]
    more = [f"… +{len(titles) - MAX_TITLES_IN_HOVER}"] if len(titles) > MAX_TITLES_IN_HOVER else []
    return f"<b>{html.escape(a)} – {html.escape(b)}</b><br>" + "<br>".join([*shown, *more])


def _node_sizes(projects: pd.Series, most: float, *, crowded: bool) -> list[float]:
    """Marker diameters growing with √projects, smaller when many nodes share the chart."""
    top = NODE_MAX if not crowded else CROWDED_NODE_MAX
    share = np.sqrt(projects.astype("float64").to_numpy()) / max(np.sqrt(float(most)), 1.0)
    return (NODE_MIN * (0.75 if crowded else 1) + (top - NODE_MIN) * share).tolist()


def span_deg(values: pd.Series) -> float:
    return float(values.max() - values.min()) if len(values) else 0.0


def _view(values: pd.Series, *, pad: float) -> list[float]:
    low, high = float(values.min()), float(values.max())
    half = max((high - low) / 2 + pad, MIN_SPAN_DEG / 2)
    middle = (low + high) / 2
    return [middle - half, middle + half]
