"""Rangering: every municipality's rank, grades and history, with filters and own sector weights."""

import pandas as pd
import streamlit as st

from analysis import figures_ranking as fr
from analysis import scoring
from analysis.formatting import format_nb
from app_pages import _ui


@st.cache_data(show_spinner=False, max_entries=16)
def table(years: tuple[int, int], version: str) -> pd.DataFrame:
    data, scores = _ui.dataset(version), _ui.scores(version)
    sector_ids = data.sectors["sector_id"].tolist()
    return fr.ranking_table(scores.totals, scores.sectors, data.municipalities, sector_ids, years)


@st.cache_data(show_spinner=False, max_entries=64)
def custom_totals(weights: tuple[tuple[str, float], ...], version: str) -> pd.DataFrame:
    return scoring.rerank(_ui.scores(version).sectors, _ui.dataset(version).sectors, dict(weights))


def grade(label: str) -> dict:
    """A grade column: Norwegian text («4,75», «–»), right-aligned like a number."""
    return st.column_config.TextColumn(label, alignment="right")


def reset_weights(defaults: dict[str, float]) -> None:
    for sector_id, weight in defaults.items():
        st.session_state[f"rang_vekt_{sector_id}"] = weight


sel = _ui.selection()
version = _ui.data_version()
data = _ui.dataset()
first, year = sel.years
sectors = dict(zip(data.sectors["sector_id"], data.sectors["name"], strict=True))
defaults = dict(zip(data.sectors["sector_id"], data.sectors["weight"].astype(float), strict=True))

st.title(_ui.tr("rang_title", year=year))
_ui.demo_notice()
st.caption(_ui.tr("rank_caveat"))

with st.expander(_ui.tr("rang_weights"), icon=":material/tune:"):
    st.caption(_ui.tr("rang_weights_intro"))
    with st.container(horizontal=True):
        for sector_id, name in sectors.items():
            st.session_state.setdefault(f"rang_vekt_{sector_id}", defaults[sector_id])
            st.number_input(
                name,
                min_value=0.0,
                max_value=100.0,
                step=2.5,
                format="%.1f",
                key=f"rang_vekt_{sector_id}",
                width=150,
                persist_state="session",  # own weights survive a visit to another page
            )
    weights = {s: float(st.session_state[f"rang_vekt_{s}"]) for s in sectors}
    shares = fr.normalised_weights(weights)
    st.caption(
        _ui.tr("rang_weights_sum", total=format_nb(sum(weights.values()), 1))
        + " "
        + ", ".join(f"{sectors[s]} {format_nb(v, 1)} %" for s, v in shares.items())
    )
    st.button(
        _ui.tr("rang_reset"),
        on_click=reset_weights,
        args=(defaults,),
        key="rang_tilbakestill",
        icon=":material/restart_alt:",
    )

ranking = table(sel.years, version)
custom = weights != defaults
if custom and sum(weights.values()) <= 0:
    st.warning(_ui.tr("rang_weights_zero"))
    custom = False
if custom:
    ranking = fr.with_custom_ranks(ranking, custom_totals(tuple(weights.items()), version), year)
    st.info(_ui.tr("rang_custom_active"), icon=":material/tune:")

with st.container(horizontal=True, vertical_alignment="bottom"):
    counties = st.multiselect(
        _ui.tr("rang_county"),
        sorted(ranking["county_name"].dropna().unique()),
        key="rang_fylke",
        persist_state="session",
        placeholder=_ui.tr("rang_all"),
    )
    sizes = st.multiselect(
        _ui.tr("rang_size"),
        list(data.municipalities["size_class"].cat.categories),
        key="rang_storrelse",
        persist_state="session",
        placeholder=_ui.tr("rang_all"),
    )
    peer_groups = st.multiselect(
        _ui.tr("rang_group"),
        sorted(ranking["peer_group"].dropna().unique()),
        key="rang_gruppe",
        persist_state="session",
        placeholder=_ui.tr("rang_all"),
    )
    query = st.text_input(
        _ui.tr("rang_search"), key="rang_sok", placeholder="Oslo, 0301 …", persist_state="session"
    )
shown = fr.filter_ranking(
    ranking, counties=counties, sizes=sizes, peer_groups=peer_groups, query=query, first=sel.code
)
n_ranked = int(ranking["rank"].notna().sum())
if shown.empty:
    st.info(_ui.tr("rang_no_match"))
else:
    st.caption(_ui.tr("rang_table_caption", n=len(shown), total=len(ranking), name=sel.name))
    if pd.isna(ranking.loc[ranking["kommunenummer"] == sel.code, "rank"]).all():
        st.info(_ui.tr("no_rank", name=sel.name))
    grade_columns = ["total", *sectors, *(["custom_total"] if custom else [])]
    st.dataframe(
        fr.grades_as_text(shown, grade_columns).drop(
            columns=["county_name", "size_class", "peer_group"]
        ),
        hide_index=True,
        height=460,
        column_config={
            "kommunenummer": st.column_config.TextColumn(_ui.tr("rang_col_code"), pinned=True),
            "name": st.column_config.TextColumn(_ui.tr("rang_col_name"), pinned=True),
            "rank": st.column_config.NumberColumn(_ui.tr("rang_col_rank", n=n_ranked), format="%d"),
            "rank_change": st.column_config.NumberColumn(
                _ui.tr("rang_col_change"), format="%+d", help=_ui.tr("kpi_rank_change_help")
            ),
            "total": grade(_ui.tr("rang_col_total")),
            "custom_rank": st.column_config.NumberColumn(_ui.tr("rang_col_custom"), format="%d"),
            "custom_total": grade(_ui.tr("rang_col_custom_total")),
            "rank_shift": st.column_config.NumberColumn(
                _ui.tr("rang_col_shift"), format="%+d", help=_ui.tr("rang_col_shift_help")
            ),
            **{s: grade(name) for s, name in sectors.items()},
            "rank_history": st.column_config.LineChartColumn(
                _ui.tr("rang_col_history", first=first, last=year),
                help=_ui.tr("rang_col_history_help"),
                y_min=-n_ranked,
                y_max=-1,
            ),
        },
        column_order=[
            "kommunenummer",
            "name",
            "rank",
            "rank_change",
            "total",
            *(["custom_rank", "rank_shift", "custom_total"] if custom else []),
            "rank_history",
            *sectors,
        ],
        key="rang_tabell",
    )

# --- Bump chart: a handful of municipalities over the years ----------------------------------
totals = _ui.scores().totals
names = _ui.municipality_names()
bump_for = (sel.code, sel.group, year)
if "rang_bump" not in st.session_state or st.session_state.get("rang_bump_for") != bump_for:
    st.session_state["rang_bump"] = fr.bump_default(totals, sel.code, sel.group, year)
    st.session_state["rang_bump_for"] = bump_for
with st.container(border=True):
    st.subheader(_ui.tr("rang_bump_header"))
    chosen = st.multiselect(
        _ui.tr("rang_bump_pick"),
        sorted(names, key=lambda c: (names[c], c)),
        format_func=lambda c: f"{names[c]} ({c})",
        max_selections=10,
        key="rang_bump",
        placeholder=_ui.tr("rang_bump_placeholder"),
    )
    history = totals.loc[
        totals["kommunenummer"].isin(chosen) & totals["year"].between(first, year),
        ["kommunenummer", "year", "rank", "total"],
    ].dropna(subset=["rank"])
    if history.empty:
        st.info(_ui.tr("rang_bump_empty"))
    else:
        fig = fr.bump_chart(
            history,
            names,
            sel.code,
            title=_ui.tr("rang_bump_title", first=first, last=year),
            x_label=_ui.tr("axis_year"),
            y_label=_ui.tr("axis_rank", n=n_ranked),
            source=_ui.tr("source_demo", n=history["kommunenummer"].nunique()),
            hover_rank=_ui.tr("rang_col_rank", n=n_ranked),
        )
        _ui.chart_card(
            fig,
            history.assign(name=history["kommunenummer"].map(names)),
            key="rang_bump",
            file_name=f"plasseringer_{first}_{year}",
            view=_ui.slide_view("bump", codes=list(chosen)),
        )
        missing = [names[c] for c in chosen if c not in set(history["kommunenummer"])]
        if missing:
            st.caption(_ui.tr("rang_bump_missing", names=", ".join(missing)))
