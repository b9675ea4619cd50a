"""Shared UI pieces for every page: cached data, the sidebar, translation, chart cards."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from analysis import groups, i18n, innovation, load, maps, roles, scoring, storage
from analysis.formatting import to_csv_bytes, to_xlsx_bytes

DEFAULT_MUNICIPALITY = "3314"  # Øvre Eiker: the story the demo data tells


# --- Data, cached at the page edge -----------------------------------------------------------
# The dataset, scores and measures are shared read-only by every session and keyed by the
# database's data version, so an import or a change of datasets shows at once everywhere.
# st.cache_resource, not st.cache_data: cache_data would hand each call its own unpickled copy
# of ~200 000 values; these frames are never mutated (pandas copy-on-write makes derived frames
# independent), so one shared object per version is safe.


@st.cache_resource(show_spinner=False)
def engine() -> sa.Engine:
    """The database: SQLite by default, PostgreSQL when a URL is configured."""
    db = storage.make_engine(storage.database_url(secrets()))
    storage.init_db(db)
    return db


def secrets() -> dict:
    """`.streamlit/secrets.toml` as a dict; empty when there is none."""
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return {}


def data_version() -> str:
    return storage.data_version(engine())


@st.cache_resource(show_spinner=False, max_entries=4)
def demo_dataset() -> load.Dataset:
    return load.load_dataset()


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(version: str) -> load.Dataset:
    return storage.combined_dataset(demo_dataset(), engine())


def dataset(version: str | None = None) -> load.Dataset:
    """The dataset the dashboard shows: demo, own imports or both (chosen on «Data»)."""
    return _dataset(version or data_version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _scores(version: str) -> scoring.Scores:
    data = dataset(version)
    return scoring.score_all(data.values, data.indicators, data.sectors)


def scores(version: str | None = None) -> scoring.Scores:
    return _scores(version or data_version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _innovation_measures(version: str) -> pd.DataFrame:
    data = dataset(version)
    years = sorted(data.values["year"].dropna().unique().tolist())
    return innovation.innovation_measures(
        data.projects, data.project_municipalities, data.capacity, data.municipalities, years
    )


def innovation_measures(version: str | None = None) -> pd.DataFrame:
    return _innovation_measures(version or data_version())


# --- Language ---------------------------------------------------------------------------------


LANGUAGE_LABELS = {"nb": "Norsk", "en": "English"}


def lang() -> str:
    """The chosen language, known before the sidebar's language control is drawn.

    Navigation and sidebar labels are drawn before that control: on a first visit through a
    copied link (`?lang=English`) its value is still only in the URL, so read it from there.
    """
    if "lang" in st.session_state:
        return st.session_state["lang"] or i18n.DEFAULT_LANGUAGE
    shown = st.query_params.get("lang")
    for code, label in LANGUAGE_LABELS.items():
        if shown in (code, label):
            return code
    return i18n.DEFAULT_LANGUAGE


def tr(key: str, **fields: object) -> str:
    """Translate a key into the language chosen in the sidebar."""
    return i18n.t(key, lang(), **fields)


# --- Sidebar ----------------------------------------------------------------------------------

GROUP_KINDS = ("peer_group", "county", "size_class", "similar", "custom")
SECTOR_TOTAL = "total"


@dataclass(frozen=True)
class Selection:
    """What the user chose in the shared sidebar."""

    code: str
    name: str
    group_kind: str
    group: tuple[str, ...]  # comparison municipalities, the chosen one excluded
    years: tuple[int, int]
    sector: str  # SECTOR_TOTAL or a sector_id


def year_bounds() -> tuple[int, int]:
    """First and last year with values; the demo data's years when the shown data has none."""
    years = dataset().values["year"].dropna()
    if years.empty:  # «own data only» before anything with years is imported
        years = demo_dataset().values["year"]
    return int(years.min()), int(years.max())


def _clamp_years(chosen: object, first: int, last: int) -> tuple[int, int]:
    """A year range kept from before (URL, another dataset) pulled inside today's data."""
    try:
        start, end = (int(year) for year in chosen)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return first, last
    start, end = min(max(start, first), last), max(min(end, last), first)
    return (start, end) if start <= end else (first, last)


def sidebar() -> None:
    """The selections every page shares, bound to the URL and kept across page switches."""
    data = dataset()
    names = municipality_names()
    codes = sorted(names, key=lambda code: (names[code], code))
    sectors = dict(zip(data.sectors["sector_id"], data.sectors["name"], strict=True))
    first, last = year_bounds()
    # Labels are looked up now, not in a lambda: AppTest formats options after the run, when
    # the chosen language can no longer be read.
    group_labels = {kind: tr(f"group_{kind}") for kind in GROUP_KINDS}
    sector_labels = {SECTOR_TOTAL: tr("sector_total"), **sectors}
    with st.sidebar:
        st.selectbox(
            tr("sidebar_municipality"),
            codes,
            index=codes.index(DEFAULT_MUNICIPALITY),
            format_func=lambda code: f"{names[code]} ({code})",
            help=tr("sidebar_municipality_help"),
            key="kommune",
            bind="query-params",
            persist_state="session",
        )
        kind = st.selectbox(
            tr("sidebar_group"),
            GROUP_KINDS,
            format_func=group_labels.__getitem__,
            help=tr("sidebar_group_help"),
            key="gruppe",
            bind="query-params",
            persist_state="session",
        )
        if kind == "custom":
            st.multiselect(
                tr("sidebar_custom"),
                codes,
                placeholder=tr("sidebar_custom_placeholder"),
                format_func=lambda code: f"{names[code]} ({code})",
                key="egne",
                bind="query-params",
                persist_state="session",
            )
        kept = st.session_state.get("aar")
        if kept is not None and _clamp_years(kept, first, last) != tuple(kept):
            st.session_state["aar"] = _clamp_years(kept, first, last)
        if first < last:
            st.slider(
                tr("sidebar_years"),
                min_value=first,
                max_value=last,
                value=(first, last),
                key="aar",
                bind="query-params",
                persist_state="session",
            )
        else:  # one year of data: nothing to choose
            st.session_state["aar"] = (first, last)
            st.caption(tr("sidebar_one_year", year=first))
        st.selectbox(
            tr("sidebar_sector"),
            (SECTOR_TOTAL, *sectors),
            format_func=sector_labels.__getitem__,
            key="sektor",
            bind="query-params",
            persist_state="session",
        )
        st.caption(tr("group_summary", n=len(selection().group)))
        st.segmented_control(
            tr("sidebar_language"),
            list(i18n.LANGUAGES),
            default=i18n.DEFAULT_LANGUAGE,
            format_func=LANGUAGE_LABELS.__getitem__,
            key="lang",
            bind="query-params",
            persist_state="session",
            required=True,
        )


def municipality_names() -> dict[str, str]:
    municipalities = dataset().municipalities
    return dict(zip(municipalities["kommunenummer"], municipalities["name"], strict=True))


def selection() -> Selection:
    """The sidebar's choices (defaults when a page runs on its own, as in a smoke test)."""
    state = st.session_state
    code = state.setdefault("kommune", DEFAULT_MUNICIPALITY) or DEFAULT_MUNICIPALITY
    kind = state.setdefault("gruppe", GROUP_KINDS[0]) or GROUP_KINDS[0]
    years = _clamp_years(state.setdefault("aar", year_bounds()), *year_bounds())
    group = comparison_codes(code, kind, tuple(state.get("egne") or ()))
    return Selection(
        code=code,
        name=municipality_names()[code],
        group_kind=kind,
        group=group,
        years=(int(years[0]), int(years[1])),
        sector=state.setdefault("sektor", SECTOR_TOTAL) or SECTOR_TOTAL,
    )


@st.cache_data(show_spinner=False, max_entries=256)
def comparison_codes(code: str, kind: str, custom: tuple[str, ...]) -> tuple[str, ...]:
    municipalities = dataset().municipalities
    try:
        return tuple(groups.comparison_group(municipalities, code, kind, custom=list(custom)))
    except groups.GroupError:  # e.g. «similar» for a municipality lacking the attributes
        return ()


def selected_municipality() -> str:
    """The chosen municipality's code (works when a page runs on its own, too)."""
    return selection().code


def demo_notice() -> None:
    if dataset().is_demo:
        st.info(tr("demo_notice"), icon=":material/science:")


def translate_file_uploader(types: list[str]) -> None:
    """Put the upload box's own English words («Upload», «200MB per file») into our language.

    Streamlit has no option for them; static CSS (our text only, never user text) swaps them.
    """
    limit = int(st.get_option("server.maxUploadSize"))
    button = tr("upload_button")
    hint = tr("upload_hint", mb=limit, types=", ".join(t.upper() for t in types))
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p,'
        '[data-testid="stFileUploaderDropzoneInstructions"] span {font-size: 0;}'
        '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after'
        f'{{content: "{button}"; font-size: 0.875rem;}}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span::after'
        f'{{content: "{hint}"; font-size: 0.875rem;}}'
        "</style>"
    )


# --- Chart card ---------------------------------------------------------------------------


def chart_card(fig, data, *, key: str, file_name: str) -> None:
    """A chart with downloads of the data behind it (CSV and Excel, formulas neutralised)."""
    st.plotly_chart(fig, key=f"{key}_chart", config={"displaylogo": False})
    # A horizontal container, not columns: column widths shrink the buttons in half-width cards.
    buttons = st.container(horizontal=True)
    buttons.download_button(
        "CSV",
        lambda: to_csv_bytes(data),  # made on click: an Excel file per chart per rerun is slow
        file_name=f"{file_name}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"{key}_csv",
        on_click="ignore",
    )
    buttons.download_button(
        "Excel",
        lambda: to_xlsx_bytes(data),
        file_name=f"{file_name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key=f"{key}_xlsx",
        on_click="ignore",
    )


@st.cache_resource(show_spinner=False)
def geojson() -> dict:
    """Municipality boundaries (2024 codes), loaded once and shared read-only by all sessions.

    cache_resource, not cache_data: cache_data would unpickle a fresh copy on every rerun.
    """
    return maps.load_geojson()


def current_role() -> roles.Role:
    """The current user's role: local single-user mode when no `[auth]` is configured."""
    configured = roles.auth_configured(secrets())
    logged_in = configured and bool(st.user.get("is_logged_in", False))
    return roles.role_for(
        auth_is_configured=configured,
        is_logged_in=logged_in,
        email=st.user.get("email") if logged_in else None,
        analysts=roles.analyst_emails(secrets()),
    )


def current_email() -> str | None:
    return st.user.get("email") if st.user.get("is_logged_in", False) else None
