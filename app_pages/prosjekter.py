"""Prosjekter: the innovation portfolio — from idea to new practice, by sector, partner and peer."""

import pandas as pd
import streamlit as st

from analysis import figures_portfolio as fp
from analysis import ideas, slides
from analysis.formatting import format_nb, to_csv_bytes, to_xlsx_bytes
from app_pages import _ui

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

sel = _ui.selection()
version = _ui.data_version()
data = _ui.dataset()
names = _ui.municipality_names()
sectors = dict(zip(data.sectors["sector_id"], data.sectors["name"], strict=True))
first, last = sel.years
_, last_data_year = _ui.year_bounds()
labels = slides.portfolio_names(_ui.tr)  # stage, origin, type and partner names


def card(fig, frame: pd.DataFrame, key: str, kind: str, caption: str | None = None) -> None:
    """A chart card whose «Legg til i presentasjon» stores this page's view as slide `kind`."""
    view = _ui.slide_view(kind, scope=scope, real_only=real_only)
    with st.container(border=True):
        _ui.chart_card(fig, frame, key=key, file_name=key, view=view)
        if caption:
            st.caption(caption)


st.title(_ui.tr("portfolio_title", name=sel.name))
_ui.demo_notice()
st.caption(_ui.tr("portfolio_intro"))
with st.container(horizontal=True, vertical_alignment="bottom"):
    scope = st.segmented_control(
        _ui.tr("portfolio_scope"),
        slides.PORTFOLIO_SCOPES,
        default="municipality",
        format_func=lambda s: _ui.tr(f"portfolio_scope_{s}", name=sel.name),
        required=True,
        key="portefolje_omfang",
        bind="query-params",
    )
    real_only = st.toggle(
        _ui.tr("portfolio_real_only"),
        help=_ui.tr("portfolio_real_only_help"),
        key="portefolje_reelle",
    )

projects, bank = slides.portfolio_in_scope(
    data,
    ideas.list_ideas(_ui.engine()),  # no personal data: this page is for everyone
    code=sel.code,
    group=sel.group,
    scope=scope,
    years=sel.years,
    last_data_year=last_data_year,
    sector=None if sel.sector == _ui.SECTOR_TOTAL else sel.sector,
    real_only=real_only,
)
period = (
    _ui.tr("portfolio_period_open", first=first)
    if last == last_data_year
    else _ui.tr("portfolio_period", first=first, last=last)
)
members = data.project_municipalities.loc[
    data.project_municipalities["project_id"].isin(projects["project_id"])
]
shared = members.groupby("project_id").size().loc[lambda n: n > 1]
source = _ui.tr("portfolio_source", n=len(projects), ideas=len(bank))

with st.container(horizontal=True):
    st.metric(_ui.tr("portfolio_kpi_projects"), format_nb(len(projects)), border=True)
    active = projects["phase"].isin(fp.FUNNEL_STAGES) & projects["end_year"].isna()
    st.metric(_ui.tr("portfolio_kpi_running"), format_nb(int(active.sum())), border=True)
    st.metric(
        _ui.tr("portfolio_kpi_real"),
        format_nb(int((projects["origin"] != "demo").sum())),
        help=_ui.tr("portfolio_kpi_real_help"),
        border=True,
    )
    st.metric(_ui.tr("portfolio_kpi_ideas"), format_nb(len(bank)), border=True)
    st.metric(_ui.tr("portfolio_kpi_shared"), format_nb(len(shared)), border=True)
st.caption(period)

if projects.empty and bank.empty:
    st.info(_ui.tr("portfolio_none"))
    st.stop()

left, right = st.columns(2)
with left:
    counts = fp.funnel_counts(projects, bank)
    outside = fp.out_of_funnel(projects, bank)
    card(
        fp.funnel_figure(
            counts,
            stage_names=labels["stage"],
            origin_names=labels["origin"],
            title=_ui.tr("portfolio_funnel_title"),
            source=source,
        ),
        counts,
        "portefolje_trakt",
        "portfolio_funnel",
        _ui.tr("portfolio_funnel_caption", stopped=outside["stoppet"], rejected=outside["avslått"]),
    )
with right:
    partners = fp.partner_counts(projects)
    if not partners["n"].sum():
        st.info(_ui.tr("portfolio_no_partners"))
    else:
        card(
            fp.partner_figure(
                partners,
                partner_names=labels["partner"],
                title=_ui.tr("portfolio_partner_title"),
                x_label=_ui.tr("portfolio_axis_projects"),
                source=source,
                share_label=_ui.tr("portfolio_share"),
            ),
            partners,
            "portefolje_partnere",
            "portfolio_partners",
        )

by_sector = fp.sector_type_counts(projects, sectors, _ui.tr("ideas_sector_several"))
if not by_sector.empty:
    card(
        fp.sector_type_figure(
            by_sector,
            type_names=labels["type"],
            title=_ui.tr("portfolio_sector_title"),
            x_label=_ui.tr("portfolio_axis_projects"),
            source=source,
        ),
        by_sector,
        "portefolje_sektor",
        "portfolio_sectors",
    )

left, right = st.columns(2)
with left:
    times = ideas.milestones(bank, ideas.idea_history(_ui.engine(), bank["idea_id"].tolist()))
    if times.empty:
        st.info(_ui.tr("portfolio_no_milestones"), icon=":material/schedule:")
    else:
        card(
            fp.milestone_figure(
                times,
                milestone_names={
                    m: _ui.tr(f"portfolio_milestone_{m}") for m in ideas.MILESTONE_STAGES
                },
                title=_ui.tr("portfolio_time_title"),
                y_label=_ui.tr("portfolio_axis_days"),
                source=_ui.tr("portfolio_time_source", n=times["idea_id"].nunique()),
                idea_label=_ui.tr("portfolio_idea"),
            ),
            times,
            "portefolje_tid",
            "portfolio_milestones",
            _ui.tr("portfolio_time_caption"),
        )
with right:
    measures = _ui.innovation_measures(version)
    year = min(last, int(measures["year"].max()))
    peers = fp.peer_comparison(measures, data.municipalities, sel.code, sel.group, year)
    axis_end, beyond = fp.peers_axis(peers)
    caption = _ui.tr("portfolio_peers_caption", name=sel.name)
    if beyond:
        clipped = _ui.tr("portfolio_peers_clipped", n=beyond, x=format_nb(axis_end, 1))
        caption = f"{caption} {clipped}"
    card(
        fp.peers_figure(
            peers,
            axis_end=axis_end,
            title=_ui.tr("portfolio_peers_title", year=year),
            x_label=_ui.tr("portfolio_axis_per_10k"),
            source=_ui.tr("portfolio_peers_source", n=len(peers)),
            row_names=slides.portfolio_peer_rows(_ui.tr),
            chosen_name=sel.name,
        ),
        peers,
        "portefolje_per_10k",
        "portfolio_peers",
        caption,
    )

edges = fp.cooperation_edges(projects, data.project_municipalities)
if edges.empty:
    st.info(_ui.tr("portfolio_no_network", name=sel.name), icon=":material/hub:")
else:
    nodes = fp.network_nodes(edges, data.municipalities, sel.code, sel.group)
    card(
        fp.network_figure(
            nodes,
            edges,
            _ui.geojson(),
            title=_ui.tr("portfolio_network_title"),
            source=_ui.tr("portfolio_network_source", n=len(shared), m=len(nodes)),
            **slides.portfolio_network_labels(_ui.tr, sel.name),
        ),
        edges.assign(titles=edges["titles"].map("; ".join)),
        "portefolje_nettverk",
        "portfolio_network",
        _ui.tr("portfolio_network_caption"),
    )

with st.container(border=True):
    st.subheader(_ui.tr("portfolio_table_title"))
    table = fp.project_table(projects, data.project_municipalities, names, sectors)
    readable = table.assign(
        phase=table["phase"].astype("string").map(labels["stage"]),
        origin=table["origin"].astype("string").map(labels["origin"]),
        sector=table["sector"].fillna(_ui.tr("ideas_sector_several")),
        innovation_type=table["innovation_type"]
        .astype("string")
        .fillna(fp.NOT_GIVEN)
        .map(labels["type"]),
        partner_types=table["partner_types"]
        .astype("string")
        .map(
            lambda p: ", ".join(labels["partner"].get(x, x) for x in p.split(";")),
            na_action="ignore",
        )
        .fillna(""),
        end_year=table["end_year"].astype("string").fillna(""),
    )
    headers = {c: _ui.tr(f"portfolio_col_{c}") for c in readable.columns}
    st.dataframe(
        readable,
        hide_index=True,
        column_config={
            **headers,
            "title": st.column_config.TextColumn(headers["title"], width="medium"),
            "start_year": st.column_config.NumberColumn(headers["start_year"], format="%d"),
            "source": st.column_config.TextColumn(headers["source"], width="large"),
        },
        key="portefolje_tabell",
    )
    with st.container(horizontal=True):
        for label, payload, ext, mime in (
            ("CSV", to_csv_bytes, "csv", "text/csv"),
            ("Excel", to_xlsx_bytes, "xlsx", XLSX),
        ):
            st.download_button(
                label,
                payload(readable.rename(columns=headers)),
                file_name=f"prosjekter_{scope}.{ext}",
                mime=mime,
                icon=":material/download:",
                key=f"portefolje_tabell_{ext}",
                on_click="ignore",
            )
