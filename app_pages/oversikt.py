"""Oversikt: where the chosen municipality stands and how its rank has moved."""

import pandas as pd
import streamlit as st

from analysis import figures
from analysis.formatting import format_nb
from app_pages import _ui

data = _ui.dataset()
code = _ui.selected_municipality()
municipality = data.municipalities.set_index("kommunenummer").loc[code]
name = municipality["name"]

st.title(_ui.tr("overview_title", name=name))
_ui.demo_notice()

totals = _ui.scores().totals
history = totals[(totals["kommunenummer"] == code) & totals["rank"].notna()].sort_values("year")
if history.empty:
    st.info(_ui.tr("no_rank", name=name))
    st.stop()

latest = history.iloc[-1]
year = int(latest["year"])
n_ranked = int(totals.loc[totals["year"] == year, "rank"].notna().sum())
change = latest["rank_change"]
with st.container(horizontal=True):
    st.metric(
        _ui.tr("kpi_rank", year=year),
        f"{int(latest['rank'])} {_ui.tr('kpi_rank_of', n=n_ranked)}",
        delta=None if pd.isna(change) else int(change),
        help=_ui.tr("kpi_rank_change_help"),
        border=True,
    )
    st.metric(_ui.tr("kpi_total", year=year), format_nb(latest["total"], 2), border=True)

first_year = int(history["year"].min())
if first_year > int(totals["year"].min()):
    st.caption(_ui.tr("short_history", name=name, first=first_year))

with st.container(border=True):
    fig = figures.rank_history(
        history,
        title=_ui.tr("rank_history_title", name=name, first=first_year, last=year),
        x_label=_ui.tr("axis_year"),
        y_label=_ui.tr("axis_rank", n=n_ranked),
        source=_ui.tr("source_demo", n=n_ranked),
    )
    _ui.chart_card(fig, history, key="oversikt_rank", file_name=f"plassering_{code}")
    st.caption(_ui.tr("rank_caveat"))
