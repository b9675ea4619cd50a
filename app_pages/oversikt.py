"""Oversikt: where the chosen municipality stands, the map of Norway, the year's movers and rank."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import figures_profile as fp
from analysis import groups, maps
from analysis.formatting import format_nb, markdown_table
from app_pages import _ui


@st.cache_data(show_spinner=False, max_entries=64)
def map_data(measure: str, year: int, sector: str, version: str) -> pd.DataFrame:
    scores = _ui.scores(version)
    values = fp.map_values(
        scores.totals, scores.sectors, _ui.innovation_measures(version), measure, year, sector
    )
    return fp.map_frame(_ui.dataset(version).municipalities, values, "value")


@st.cache_resource(show_spinner=False, max_entries=16)
def base_map(
    measure: str, label: str, year: int, sector: str, lang: str, version: str
) -> go.Figure:
    """The map for one measure and year, shared by every reader; built once (~70 ms).

    The polygons travel by URL (fetched once by the browser), so the figure is a few kB. Never
    mutated after it is built (st.plotly_chart only reads it), so sharing is safe.
    """
    frame = map_data(measure, year, sector, version)
    return fp.overview_map(
        frame,
        _ui.geojson(),
        "value",
        label=label,
        title=_ui.tr("ov_map_title", measure=label, year=year),
        source=_ui.tr("source_demo", n=int(frame["value"].notna().sum())),
        reverse=measure == "rank",  # lower is better
        hover_format=",d" if measure == "rank" else ",.1f",
        polygons_url=_ui.geojson_url(),
    )


@st.cache_resource(show_spinner=False, max_entries=_ui.PER_MUNICIPALITY)
def map_figure(
    measure: str, label: str, year: int, sector: str, code: str, lang: str, version: str
) -> go.Figure:
    """The shared map with the reader's municipality outlined (a cheap copy of base_map)."""
    base = base_map(measure, label, year, sector, lang, version)
    return maps.highlight_map(base, code, _ui.geojson_url())


@st.cache_data(show_spinner=False, max_entries=_ui.PER_MUNICIPALITY)
def key_figures(
    code: str, group: tuple[str, ...], year: int, version: str
) -> tuple[pd.DataFrame, pd.Series, float | None]:
    """Sector grades best first, the year's innovation row, and the index against the group."""
    scores, measures = _ui.scores(version), _ui.innovation_measures(version)
    grades = fp.sector_extremes(scores.sectors, _ui.dataset(version).sectors, code, year)
    innov_year = measures[measures["year"] == year]
    own = innov_year[innov_year["kommunenummer"] == code].iloc[0]
    group_index = groups.group_median(innov_year, group, "innovation_index")["median"]
    gap = own["innovation_index"] - group_index.iloc[0] if len(group_index) else None
    return grades, own, None if gap is None or pd.isna(gap) else float(gap)


@st.cache_data(show_spinner=False, max_entries=16)
def movers(year: int, version: str) -> pd.DataFrame:
    """The year's biggest climbers and fallers: the same for every reader."""
    return fp.movers(_ui.scores(version).totals, _ui.dataset(version).municipalities, year)


sel = _ui.selection()
version = _ui.data_version()
data = _ui.dataset()
code, name = sel.code, sel.name
first_shown, last_shown = sel.years
sectors = dict(zip(data.sectors["sector_id"], data.sectors["name"], strict=True))

st.title(_ui.tr("overview_title", name=name))
_ui.demo_notice()

scores = _ui.scores()
totals = scores.totals
history = totals[
    (totals["kommunenummer"] == code)
    & totals["rank"].notna()
    & totals["year"].between(first_shown, last_shown)
].sort_values("year")
if history.empty:
    st.info(_ui.tr("no_rank", name=name))
    st.stop()

latest = history.iloc[-1]
year = int(latest["year"])
n_ranked = int(totals.loc[totals["year"] == year, "rank"].notna().sum())
change = latest["rank_change"]
grades, own_innov, index_gap = key_figures(code, sel.group, year, version)

with st.container(horizontal=True):
    st.metric(
        _ui.tr("kpi_rank", year=year),
        f"{int(latest['rank'])} {_ui.tr('kpi_rank_of', n=n_ranked)}",
        delta=None if pd.isna(change) else int(change),
        help=_ui.tr("kpi_rank_change_help"),
        border=True,
    )
    st.metric(_ui.tr("kpi_total", year=year), format_nb(latest["total"], 2), border=True)
    for key, row in (("ov_kpi_best", 0), ("ov_kpi_weakest", -1)):
        if not grades.empty:
            st.metric(
                _ui.tr(key, year=year),
                format_nb(grades["score"].iloc[row], 1),
                delta=grades["name"].iloc[row],
                delta_color="off",
                delta_arrow="off",
                help=_ui.tr("ov_kpi_sector_help"),
                border=True,
            )
    st.metric(
        _ui.tr("ov_kpi_projects", year=year),
        int(own_innov["active_projects"]),
        delta=_ui.tr("ov_kpi_projects_new", n=int(own_innov["new_projects"])),
        delta_color="off",
        delta_arrow="off",
        help=_ui.tr("ov_kpi_projects_help"),
        border=True,
    )
    st.metric(
        _ui.tr("ov_kpi_index", year=year),
        format_nb(own_innov["innovation_index"], 0),
        delta=None if index_gap is None else round(index_gap),
        delta_description=_ui.tr("ov_kpi_index_delta"),
        help=_ui.tr("ov_kpi_index_help"),
        border=True,
    )

first_year = int(history["year"].min())
if first_year > int(totals["year"].min()):
    st.caption(_ui.tr("short_history", name=name, first=first_year))

options = [m for m in fp.MAP_MEASURES if m != "sector" or sel.sector != fp.TOTAL]
if st.session_state.get("kart") not in (None, *options):
    st.session_state["kart"] = options[0]  # «sector» left over from another sector
measure_labels = {
    m: _ui.tr(f"ov_measure_{m}", sector=sectors.get(sel.sector, "")) for m in fp.MAP_MEASURES
}
map_col, movers_col = st.columns([3, 2])
with map_col, st.container(border=True):
    measure = st.selectbox(
        _ui.tr("ov_map_measure"),
        options,
        format_func=measure_labels.get,
        key="kart",
        bind="query-params",
        persist_state="session",
    )
    frame = map_data(measure, last_shown, sel.sector, version)
    fig = map_figure(
        measure, measure_labels[measure], last_shown, sel.sector, code, _ui.lang(), version
    )
    _ui.chart_card(
        fig,
        frame,
        key="oversikt_kart",
        file_name=f"kart_{measure}_{last_shown}",
        view=_ui.slide_view("map", measure=measure, year=last_shown),
    )
    st.caption(_ui.tr("ov_map_caption", name=name))

with movers_col, st.container(border=True):
    st.subheader(_ui.tr("ov_movers_title", prev=last_shown - 1, year=last_shown))
    moved = movers(last_shown, version)
    if moved.empty:
        st.info(_ui.tr("ov_movers_none", year=last_shown))
    for direction in ("up", "down") if not moved.empty else ():
        part = moved[moved["direction"] == direction]
        table = pd.DataFrame(
            {
                _ui.tr("ov_col_name"): part["name"].astype(str),
                _ui.tr("ov_movers_rank", year=last_shown): part["rank"].map(format_nb),
                _ui.tr("ov_col_change"): part["rank_change"].map(
                    lambda change: format_nb(change, signed=True)
                ),
            }
        )
        st.markdown(f"**{_ui.tr(f'ov_movers_{direction}')}**")
        # Markdown, not st.dataframe: ten rows need no grid, and the grid's code would compete
        # with the map for the browser's first seconds on the most visited page.
        st.markdown(markdown_table(table, right=tuple(table.columns[1:])))
    st.caption(_ui.tr("rank_caveat"))

_ui.page_link(
    "app_pages/kommuneprofil.py", _ui.tr("ov_profile_link", name=name), icon=":material/timeline:"
)
