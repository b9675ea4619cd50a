"""Kommuneprofil: a municipality's grades against its peers, and its innovation work, over time."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import figures_profile as fp
from app_pages import _ui

# One reader's view costs ~0.3 s to compute and draw; the same view for the next reader (the
# speaker's municipality on a conference screen, say) is shared. cache_resource: the frames and
# figures are only read after they are built (st.plotly_chart copies the figure it sends).


@st.cache_resource(show_spinner=False, max_entries=32)
def grade_panel(
    sector: str, years: tuple[int, int], version: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every municipality's grade in the years, and its national median (the same for all)."""
    scores = _ui.scores(version)
    panel = fp.grade_panel(scores.totals, scores.sectors, sector)
    panel = panel[panel["year"].between(*years)]
    return panel, fp.national_median(panel, "grade")


@st.cache_resource(show_spinner=False, max_entries=32)
def sector_national(year: int, version: str) -> pd.DataFrame:
    """The national median grade per sector in `year` (the same for every municipality)."""
    sector_scores = _ui.scores(version).sectors
    return fp.national_median(sector_scores[sector_scores["year"] == year], "score", "sector_id")


@st.cache_resource(show_spinner=False, max_entries=_ui.PER_MUNICIPALITY)
def outcome_view(
    code: str,
    group: tuple[str, ...],
    sector: str,
    years: tuple[int, int],
    lang: str,
    version: str,
) -> tuple[pd.DataFrame, pd.DataFrame, go.Figure]:
    """The grade against peers, the projects timeline, and the chart of both."""
    data = _ui.dataset(version)
    panel, national = grade_panel(sector, years, version)
    outcome = fp.against_peers(panel, code, group, "grade", national=national)
    timeline = fp.project_timeline(data.projects, data.project_municipalities, code, years)
    awards = fp.awards_for(data.awards, code, years)
    name = _ui.municipality_names()[code]
    first, last = years
    measure = measure_label(sector, data.sectors)
    title_key = "profile_outcome_title_only" if timeline.empty else "profile_outcome_title"
    fig = fp.outcome_and_timeline(
        outcome,
        timeline,
        awards,
        years=years,
        title=_ui.tr(title_key, name=name, measure=measure, first=first, last=last),
        series_names=series_labels(name),
        phase_names={p: _ui.tr(f"profile_phase_{s}") for p, s in fp.PHASE_SLUGS.items()},
        labels={
            "x_axis": _ui.tr("axis_year"),
            "y_axis": _ui.tr("profile_axis_grade"),
            "grade": _ui.tr("profile_grade"),
            "median_of": _ui.tr("profile_median_of"),
            "phase": _ui.tr("profile_phase"),
            "real": _ui.tr("profile_real"),
            "demo": _ui.tr("profile_demo_project"),
            "source": _ui.tr("profile_source"),
            "award": _ui.tr("profile_award"),
            "timeline": _ui.tr("profile_timeline"),
        },
        source=_ui.tr("source_demo", n=int(outcome["n"].max()) if len(outcome) else 0),
    )
    return outcome, timeline, fig


@st.cache_resource(show_spinner=False, max_entries=_ui.PER_MUNICIPALITY)
def sector_view(
    code: str, group: tuple[str, ...], year: int, lang: str, version: str
) -> tuple[pd.DataFrame, go.Figure | None]:
    """Sector grades in `year` against peers, and their chart (None without grades)."""
    sector_scores = _ui.scores(version).sectors
    latest = fp.latest_by_sector(
        sector_scores,
        _ui.dataset(version).sectors,
        code,
        group,
        year,
        national=sector_national(year, version),
    )
    if latest.loc[latest["series"] == "municipality", "value"].notna().sum() == 0:
        return latest, None
    name = _ui.municipality_names()[code]
    fig = fp.sectors_against_peers(
        latest,
        title=_ui.tr("profile_sectors_title", name=name, year=year),
        x_label=_ui.tr("profile_sectors_axis"),
        series_names=series_labels(name),
        hover_median=_ui.tr("profile_median_of"),
        source=_ui.tr("source_demo", n=int(latest["n"].max())),
    )
    return latest, fig


def measure_label(sector: str, sectors: pd.DataFrame) -> str:
    if sector == fp.TOTAL:
        return _ui.tr("profile_measure_total")
    names = dict(zip(sectors["sector_id"], sectors["name"], strict=True))
    return _ui.tr("profile_measure_sector", sector=names[sector])


def series_labels(name: str) -> dict[str, str]:
    return {
        "municipality": name,
        "group": _ui.tr("profile_series_group"),
        "national": _ui.tr("profile_series_national"),
    }


sel = _ui.selection()
version = _ui.data_version()
data = _ui.dataset()
code, name, years = sel.code, sel.name, sel.years
first, last = years
measure = measure_label(sel.sector, data.sectors)

st.title(_ui.tr("profile_title", name=name))
_ui.demo_notice()
st.caption(_ui.tr("profile_intro"))
if not sel.group:
    st.info(_ui.tr("group_empty"), icon=":material/group_off:")

outcome, timeline, fig = outcome_view(code, sel.group, sel.sector, years, _ui.lang(), version)
own = outcome[(outcome["series"] == "municipality") & outcome["value"].notna()]

with st.container(border=True):
    if own.empty:
        st.info(_ui.tr("profile_no_grade", name=name, measure=measure, first=first, last=last))
    if timeline.empty:
        st.info(_ui.tr("profile_no_projects", name=name, first=first, last=last))
    _ui.chart_card(
        fig,
        outcome,
        key="profil_utvikling",
        file_name=f"utvikling_{code}",
        view=_ui.slide_view("profile_outcome"),
    )
    if not timeline.empty:
        st.caption(_ui.tr("profile_timeline_caption"))
        with st.expander(_ui.tr("profile_projects_table"), icon=":material/table:"):
            st.dataframe(
                timeline.drop(columns=["project_id", "label", "last_year"]),
                hide_index=True,
                column_config={
                    "title": _ui.tr("profile_col_title"),
                    "phase": _ui.tr("profile_phase"),
                    "start_year": st.column_config.NumberColumn(
                        _ui.tr("profile_col_start"), format="%d"
                    ),
                    "end_year": st.column_config.NumberColumn(
                        _ui.tr("profile_col_end"), format="%d"
                    ),
                    "is_real": st.column_config.CheckboxColumn(_ui.tr("profile_col_real")),
                    "source": st.column_config.TextColumn(_ui.tr("profile_source"), width="large"),
                },
            )

totals = _ui.scores().totals
history = totals[
    (totals["kommunenummer"] == code) & totals["rank"].notna() & totals["year"].between(first, last)
].sort_values("year")
with st.container(border=True):
    if history.empty:
        st.info(_ui.tr("no_rank", name=name))
    else:
        _ui.rank_history_card(history, code=code, key="profil_rank")

with st.container(border=True):
    latest, fig = sector_view(code, sel.group, last, _ui.lang(), version)
    if fig is None:
        st.info(_ui.tr("profile_no_sectors", name=name, year=last))
    else:
        _ui.chart_card(
            fig,
            latest,
            key="profil_sektorer",
            file_name=f"sektorer_{code}_{last}",
            view=_ui.slide_view("sector_comparison", year=last),
        )
