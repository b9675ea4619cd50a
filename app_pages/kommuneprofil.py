"""Kommuneprofil: a municipality's grades against its peers, and its innovation work, over time."""

import pandas as pd
import streamlit as st

from analysis import figures_profile as fp
from app_pages import _ui


@st.cache_data(show_spinner=False, max_entries=64)
def outcome_data(
    code: str, group: tuple[str, ...], sector: str, years: tuple[int, int], version: str
) -> pd.DataFrame:
    scores = _ui.scores(version)
    panel = fp.grade_panel(scores.totals, scores.sectors, sector)
    return fp.against_peers(panel[panel["year"].between(*years)], code, group, "grade")


@st.cache_data(show_spinner=False, max_entries=64)
def sector_data(code: str, group: tuple[str, ...], year: int, version: str) -> pd.DataFrame:
    scores = _ui.scores(version)
    return fp.latest_by_sector(scores.sectors, _ui.dataset(version).sectors, code, group, year)


sel = _ui.selection()
version = _ui.data_version()
data = _ui.dataset()
code, name, years = sel.code, sel.name, sel.years
first, last = years
sectors = dict(zip(data.sectors["sector_id"], data.sectors["name"], strict=True))
measure = (
    _ui.tr("profile_measure_total")
    if sel.sector == fp.TOTAL
    else _ui.tr("profile_measure_sector", sector=sectors[sel.sector])
)
series_names = {
    "municipality": name,
    "group": _ui.tr("profile_series_group"),
    "national": _ui.tr("profile_series_national"),
}

st.title(_ui.tr("profile_title", name=name))
_ui.demo_notice()
st.caption(_ui.tr("profile_intro"))
if not sel.group:
    st.info(_ui.tr("group_empty"), icon=":material/group_off:")

outcome = outcome_data(code, sel.group, sel.sector, years, version)
own = outcome[(outcome["series"] == "municipality") & outcome["value"].notna()]
timeline = fp.project_timeline(data.projects, data.project_municipalities, code, years)
awards = fp.awards_for(data.awards, code, years)

with st.container(border=True):
    if own.empty:
        st.info(_ui.tr("profile_no_grade", name=name, measure=measure, first=first, last=last))
    if timeline.empty:
        st.info(_ui.tr("profile_no_projects", name=name, first=first, last=last))
    title_key = "profile_outcome_title_only" if timeline.empty else "profile_outcome_title"
    fig = fp.outcome_and_timeline(
        outcome,
        timeline,
        awards,
        years=years,
        title=_ui.tr(title_key, name=name, measure=measure, first=first, last=last),
        series_names=series_names,
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
        _ui.rank_history_card(history, totals, code=code, key="profil_rank")

with st.container(border=True):
    latest = sector_data(code, sel.group, last, version)
    if latest.loc[latest["series"] == "municipality", "value"].notna().sum() == 0:
        st.info(_ui.tr("profile_no_sectors", name=name, year=last))
    else:
        fig = fp.sectors_against_peers(
            latest,
            title=_ui.tr("profile_sectors_title", name=name, year=last),
            x_label=_ui.tr("profile_sectors_axis"),
            series_names=series_names,
            hover_median=_ui.tr("profile_median_of"),
            source=_ui.tr("source_demo", n=int(latest["n"].max())),
        )
        _ui.chart_card(
            fig,
            latest,
            key="profil_sektorer",
            file_name=f"sektorer_{code}_{last}",
            view=_ui.slide_view("sector_comparison", year=last),
        )
