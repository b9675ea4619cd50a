"""Innovasjon og resultater: innovation activity against the change in results, and after."""

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import figures_innovation as fi
from analysis import stats
from analysis.formatting import format_nb
from app_pages import _ui


@st.cache_data(show_spinner=False, max_entries=64)
def outcome(sector: str, indicator: str | None, version: str) -> pd.DataFrame:
    scores = _ui.scores(version)
    return fi.outcome_panel(scores.totals, scores.sectors, scores.indicators, sector, indicator)


@st.cache_data(show_spinner=False, max_entries=128)
def activity_change(
    measure: str, sector: str, indicator: str | None, years: tuple[int, int], lag: int, version: str
) -> tuple[pd.DataFrame, int]:
    measures = _ui.innovation_measures(version)
    panel = outcome(sector, indicator, version)
    return stats.activity_vs_change(measures, panel, measure, "outcome", *years, lag=lag)


@st.cache_data(show_spinner=False, max_entries=32)
def event_study(sector: str, indicator: str | None, version: str) -> tuple[pd.DataFrame, dict]:
    data = _ui.dataset(version)
    starts = stats.first_project_start(data.projects, data.project_municipalities)
    return stats.event_study(starts, outcome(sector, indicator, version), "outcome"), dict(
        zip(starts["kommunenummer"], starts["start_year"].astype("int64"), strict=True)
    )


@st.cache_resource(show_spinner=False, max_entries=32)
def event_view(
    sector: str, indicator: str | None, outcome_name: str, lang: str, version: str
) -> tuple[pd.DataFrame, dict[str, int], go.Figure | None]:
    """The event study, first project years, and its chart (None with too few points).

    The same for every reader: shared read-only, so it is drawn once per outcome and language.
    """
    study, first_years = event_study(sector, indicator, version)
    shown = study.loc[study["n"] >= fi.MIN_EVENT_N]
    if shown["mean"].notna().sum() < 2:
        return study, first_years, None
    n_by_group = study.groupby("group")["n"].max()
    fig = fi.event_study_figure(
        study,
        title=_ui.tr("innov_event_title", outcome=outcome_name),
        x_label=_ui.tr("innov_event_x"),
        y_label=_ui.tr("innov_event_y"),
        source=_ui.tr(
            "innov_event_source",
            treated=int(n_by_group.get("treated", 0)),
            comparison=int(n_by_group.get("comparison", 0)),
            min_n=fi.MIN_EVENT_N,
        ),
        group_names={
            "treated": _ui.tr("innov_event_treated"),
            "comparison": _ui.tr("innov_event_comparison"),
        },
        n_label=_ui.tr("innov_event_n"),
        ci_label=_ui.tr("innov_event_ci"),
    )
    return study, first_years, fig


@st.cache_resource(show_spinner=False, max_entries=_ui.PER_MUNICIPALITY)
def scatter_figure(
    code: str,
    group: tuple[str, ...],
    view: tuple[str, str, str | None, tuple[int, int], int],
    texts: tuple[str, str, str, str],
    lang: str,
    version: str,
) -> go.Figure:
    """The scatter with the reader's municipality and peers marked, shared per view (read-only).

    `view` is (measure, sector, indicator, years, lag); `texts` (title, x and y label, source).
    """
    measure, sector, indicator, years, lag = view
    title, x_label, y_label, source = texts
    frame, _ = activity_change(measure, sector, indicator, years, lag, version)
    points = fi.scatter_points(frame, _ui.dataset(version).municipalities, code, group)
    return fi.activity_scatter(
        points,
        association(measure, sector, indicator, years, lag, lang, version).fit,
        title=title,
        x_label=x_label,
        y_label=y_label,
        source=source,
        role_names={
            "other": _ui.tr("innov_role_other"),
            "group": _ui.tr("innov_role_group"),
            "chosen": _ui.municipality_names()[code],
        },
        population_label=_ui.tr("innov_population"),
        fit_name=_ui.tr("innov_fit"),
        band_name=_ui.tr("innov_band"),
    )


def correlation_text(x: pd.Series, y: pd.Series, method: str) -> tuple[str, str]:
    result = stats.correlation(x, y, method)
    return format_nb(result.r, 2), fi.format_correlation(result, _ui.tr("innov_corr_line"))


@dataclass(frozen=True)
class Association:
    """Pearson and Spearman (value, line with CI and n) and the OLS fit, or why there are none."""

    pearson: tuple[str, str] | None = None
    spearman: tuple[str, str] | None = None
    fit: stats.OlsFit | None = None
    problem: str | None = None


@st.cache_resource(show_spinner=False, max_entries=128)  # frozen: safe to share
def association(
    measure: str,
    sector: str,
    indicator: str | None,
    years: tuple[int, int],
    lag: int,
    lang: str,
    version: str,
) -> Association:
    """The statistics of the scatter: the same whichever municipality the reader has chosen."""
    frame, _ = activity_change(measure, sector, indicator, years, lag, version)
    try:
        return Association(
            pearson=correlation_text(frame["activity"], frame["change"], "pearson"),
            spearman=correlation_text(frame["activity"], frame["change"], "spearman"),
            fit=stats.ols_fit(frame["activity"], frame["change"]),
        )
    except stats.NotComputable as problem:
        return Association(problem=str(problem))


sel = _ui.selection()
version = _ui.data_version()
data = _ui.dataset()
st.title(_ui.tr("innov_title", name=sel.name))
st.caption(_ui.tr("innov_intro"))
caveat = _ui.tr("innov_causation")
st.info(
    f"{caveat}\n\n{_ui.tr('innov_demo_effect')}" if data.is_demo else caveat,
    icon=":material/warning:",
)

indicators = data.indicators.loc[data.indicators["sector_id"] == sel.sector]
indicator_names = dict(zip(indicators["indicator_id"], indicators["name"], strict=True))
if st.session_state.get("innov_indikator") not in (None, *indicator_names):
    st.session_state["innov_indikator"] = None  # left over from another sector
with st.container(horizontal=True):
    measure = st.selectbox(
        _ui.tr("innov_measure"),
        fi.MEASURES,
        format_func={m: _ui.tr(f"innov_measure_{m}") for m in fi.MEASURES}.__getitem__,
        key="innov_maal",
        bind="query-params",
    )
    indicator = None
    if sel.sector != _ui.SECTOR_TOTAL:
        indicator = st.selectbox(
            _ui.tr("innov_indicator"),
            (None, *indicator_names),
            format_func={None: _ui.tr("innov_indicator_none"), **indicator_names}.__getitem__,
            help=_ui.tr("innov_indicator_help"),
            key="innov_indikator",
        )
    lag = st.slider(
        _ui.tr("innov_lag"),
        0,
        stats.MAX_LAG,
        0,
        help=_ui.tr("innov_lag_help"),
        key="innov_lag",
        bind="query-params",
    )

sectors = dict(zip(data.sectors["sector_id"], data.sectors["name"], strict=True))
if indicator:
    outcome_name = _ui.tr("innov_outcome_indicator", indicator=indicator_names[indicator])
elif sel.sector == _ui.SECTOR_TOTAL:
    outcome_name = _ui.tr("innov_outcome_total")
else:
    outcome_name = _ui.tr("innov_outcome_sector", sector=sectors[sel.sector].lower())
measure_name = _ui.tr(f"innov_measure_{measure}")

scatter_tab, event_tab = st.tabs([_ui.tr("innov_tab_scatter"), _ui.tr("innov_tab_event")])

with scatter_tab:
    start, end = sel.years
    if start + lag >= end:
        st.info(_ui.tr("innov_period_too_short", start=start, end=end, lag=lag))
    else:
        frame, dropped = activity_change(measure, sel.sector, indicator, sel.years, lag, version)
        points = fi.scatter_points(frame, data.municipalities, sel.code, sel.group)
        period = {"a_start": start, "a_end": end - lag, "o_start": start + lag, "o_end": end}
        n = len(points)
        found = association(measure, sel.sector, indicator, sel.years, lag, _ui.lang(), version)
        fit = found.fit
        with st.container(horizontal=True):
            if found.problem is None:
                pearson, pearson_line = found.pearson
                spearman, spearman_line = found.spearman
                st.metric(_ui.tr("innov_kpi_pearson"), pearson, border=True)
                st.metric(_ui.tr("innov_kpi_spearman"), spearman, border=True)
            else:
                st.warning(found.problem, icon=":material/block:")
            st.metric(_ui.tr("innov_kpi_n"), format_nb(n), border=True)
            st.metric(_ui.tr("innov_kpi_dropped"), format_nb(dropped), border=True)
        if fit is not None:
            st.markdown(f"**{pearson_line}**")
            st.caption(_ui.tr("innov_corr_caption", spearman=spearman_line))
        if dropped:
            st.caption(
                _ui.tr(
                    "innov_dropped", dropped=dropped, total=n + dropped, start=start + lag, end=end
                )
            )
        if sel.code not in set(points["kommunenummer"]):
            st.info(_ui.tr("innov_chosen_missing", name=sel.name, start=start + lag, end=end))

        if points.empty:
            st.info(_ui.tr("innov_no_points"))
        else:
            x_label = _ui.tr(
                "innov_axis_activity", measure=measure_name, start=start, end=end - lag
            )
            y_label = _ui.tr("innov_axis_change", outcome=outcome_name, start=start + lag, end=end)
            fig = scatter_figure(
                sel.code,
                sel.group,
                (measure, sel.sector, indicator, sel.years, lag),
                (
                    _ui.tr("innov_scatter_title", outcome=outcome_name, **period),
                    x_label,
                    y_label,
                    _ui.tr("innov_source", n=n, dropped=dropped),
                ),
                _ui.lang(),
                version,
            )
            with st.container(border=True):
                _ui.chart_card(
                    fig,
                    points,
                    key="innov_scatter",
                    file_name=f"innovasjon_{measure}",
                    view=_ui.slide_view(
                        "innovation_scatter", measure=measure, indicator=indicator, lag=lag
                    ),
                )
                st.caption(_ui.tr("innov_period", **period))

            st.subheader(_ui.tr("innov_table_title"))
            table = fi.points_table(
                points,
                {
                    "chosen": _ui.tr("innov_role_chosen"),
                    "group": _ui.tr("innov_role_group"),
                    "other": _ui.tr("innov_role_other"),
                },
            )
            st.dataframe(
                table.style.format(  # Norwegian numbers whatever the browser's locale
                    {
                        "activity": lambda v: format_nb(v, 2),
                        "change": lambda v: format_nb(v, 3, signed=True),
                        "population": format_nb,
                    }
                ),
                hide_index=True,
                column_config={
                    "name": _ui.tr("innov_col_name"),
                    "kommunenummer": _ui.tr("innov_col_code"),
                    "activity": st.column_config.Column(_ui.tr("innov_col_activity"), help=x_label),
                    "change": st.column_config.Column(_ui.tr("innov_col_change"), help=y_label),
                    "population": _ui.tr("innov_population"),
                    "role": _ui.tr("innov_col_role"),
                },
                key="innov_table",
            )

with event_tab:
    study, first_years, fig = event_view(sel.sector, indicator, outcome_name, _ui.lang(), version)
    if sel.code in first_years:
        st.caption(_ui.tr("innov_event_chosen", name=sel.name, year=first_years[sel.code]))
    else:
        st.caption(_ui.tr("innov_event_chosen_none", name=sel.name))
    if fig is None:
        st.info(_ui.tr("innov_event_empty"))
    else:
        with st.container(border=True):
            _ui.chart_card(
                fig,
                study,
                key="innov_event",
                file_name="innovasjon_forlop",
                view=_ui.slide_view("event_study", indicator=indicator),
            )
            st.caption(_ui.tr("innov_event_explain"))
