"""Shared UI pieces for every page: cached data, the sidebar, translation, chart cards."""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError, StreamlitSecretNotFoundError

from analysis import (
    decks,
    exports,
    figures,
    groups,
    i18n,
    innovation,
    load,
    maps,
    roles,
    scoring,
    slides,
    storage,
)
from analysis.formatting import to_csv_bytes, to_xlsx_bytes

DEFAULT_MUNICIPALITY = "3314"  # Øvre Eiker: the story the demo data tells
# Size of the caches that hold one entry per municipality view: all 357 municipalities in both
# languages fit, so a warmed server (bench/warm_caches.py) keeps every default view. An entry is
# a few kB to ~100 kB (a figure and its frame).
PER_MUNICIPALITY = 1024


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


_RUN_DATA_VERSION = "_data_version_this_run"
# How many sessions' script runs go at once in this process. Python runs one thread at a time
# (the GIL): with a hundred runs at once, each crawls, all finish late, and the thread that
# sends the finished pages to the browsers waits its turn too (bench/bench_load.py measured
# p50 14 s for 100 viewers). Queued runs start in order as slots free up instead.
MAX_CONCURRENT_RUNS = int(os.environ.get("INNOSIKT_MAX_CONCURRENT_RUNS", "2"))


@st.cache_resource(show_spinner=False)
def _run_slots() -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(max(1, MAX_CONCURRENT_RUNS))


@contextlib.contextmanager
def run_slot() -> Iterator[None]:
    """Hold one of the process's script-run slots for this run (app.py wraps the whole run)."""
    slots = _run_slots()
    slots.acquire()
    try:
        yield
    finally:
        slots.release()


def start_run() -> None:
    """Read the data version once at the top of each run (app.py); pages then reuse it.

    Every cached loader is keyed by it, and a page asks for it a dozen times per run: one
    database round trip per run instead. Writes happen in callbacks (before the run) or are
    followed by st.rerun(), so a run never needs to see its own write.
    """
    st.session_state[_RUN_DATA_VERSION] = storage.data_version(engine())
    st.session_state.pop(_RUN_DECK_TITLES, None)


def data_version() -> str:
    """The database's data version: the key of every cached dataset, score and measure."""
    version = st.session_state.get(_RUN_DATA_VERSION)
    return version if version is not None else storage.data_version(engine())


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
    return innovation.measures_for(dataset(version))


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
    return _year_bounds(data_version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _year_bounds(version: str) -> tuple[int, int]:
    years = dataset(version).values["year"].dropna()
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
    """Code → name, shared read-only (callers must not change the dict)."""
    return _municipality_names(data_version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _municipality_names(version: str) -> dict[str, str]:
    municipalities = dataset(version).municipalities
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


@st.cache_data(show_spinner=False, max_entries=PER_MUNICIPALITY)
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


def chart_card(fig, data, *, key: str, file_name: str, view: dict | None = None) -> None:
    """A chart with downloads of the data behind it (CSV and Excel, formulas neutralised) and
    of the chart itself (PNG and SVG, drawn by kaleido when asked: ~1 s each).

    `view` (from `slide_view`) adds «Legg til i presentasjon», which stores that view in a deck.
    """
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
    for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
        buttons.download_button(
            fmt.upper(),
            lambda fmt=fmt: exports.chart_image(fig, fmt),  # drawn on click, never on a rerun
            file_name=f"{file_name}.{fmt}",
            mime=mime,
            icon=":material/image:",
            key=f"{key}_{fmt}",
            on_click="ignore",
        )
    if view is not None:
        with buttons.popover(tr("add_to_deck"), icon=":material/slideshow:"):
            add_to_deck_form(view, key)


# --- Presentations --------------------------------------------------------------------------

NEW_DECK = 0  # the «new presentation» choice; deck ids start at 1
LAST_DECK = "deck_last"  # the deck this session added to or opened last


def page_link(path: str, label: str, icon: str | None = None) -> None:
    """A link to another page of the app; none when a page runs on its own (no st.navigation,
    as in a test of one page file), where Streamlit knows no other page."""
    with contextlib.suppress(StreamlitPageNotFoundError):
        st.page_link(path, label=label, icon=icon)


def rank_history_card(history: pd.DataFrame, *, code: str, key: str) -> None:
    """One municipality's rank over the years, with its downloads and «add to presentation».

    `history` is the municipality's ranked rows in the chosen years (not empty).
    """
    years = (int(history["year"].min()), int(history["year"].max()))
    fig = _rank_history_figure(code, years, lang(), data_version())
    chart_card(
        fig,
        history,
        key=key,
        file_name=f"plassering_{code}",
        view=slide_view("rank_history"),
    )
    st.caption(tr("rank_caveat"))


@st.cache_resource(show_spinner=False, max_entries=PER_MUNICIPALITY)
def _rank_history_figure(code: str, years: tuple[int, int], lang: str, version: str):
    """The rank-history chart, shared by every reader of the same view (read-only)."""
    totals = scores(version).totals
    history = totals[
        (totals["kommunenummer"] == code) & totals["rank"].notna() & totals["year"].between(*years)
    ].sort_values("year")
    name = municipality_names()[code]
    n_ranked = int(totals.loc[totals["year"] == years[1], "rank"].count())
    return figures.rank_history(
        history,
        title=tr("rank_history_title", name=name, first=years[0], last=years[1]),
        x_label=tr("axis_year"),
        y_label=tr("axis_rank", n=n_ranked),
        source=tr("source_demo", n=n_ranked),
        hover_rank=tr("ov_rank_hover"),
    )


def slide_view(kind: str, **fields: object) -> dict:
    """What a chart shows, for a slide: the sidebar's choices overridden by `fields`."""
    sel = selection()
    custom = list(st.session_state.get("egne") or ()) if sel.group_kind == "custom" else []
    base = {
        "code": sel.code,
        "group_kind": sel.group_kind,
        "custom": custom,
        "sector": sel.sector,
        "years": list(sel.years),
    }
    return {"kind": kind, **slides.make_view(kind, {**base, **fields})}


_RUN_DECK_TITLES = "_deck_titles_this_run"


def deck_titles() -> dict[int, str]:
    """Deck id → title, read once per run (every chart card's popover lists them)."""
    titles = st.session_state.get(_RUN_DECK_TITLES)
    if titles is None:
        listed = decks.list_decks(engine())
        titles = dict(zip(listed["deck_id"].tolist(), listed["title"].tolist(), strict=True))
        st.session_state[_RUN_DECK_TITLES] = titles
    return titles


def add_to_deck_form(view: dict, key: str) -> None:
    """Choose a deck (or name a new one) and append `view` to it as a slide."""
    titles = deck_titles()
    options = [*titles, NEW_DECK]
    # Every card follows the deck this session used last, until the user picks another here.
    last = st.session_state.get(LAST_DECK)
    if last in options and st.session_state.get(f"{key}_deck_follows") != last:
        st.session_state[f"{key}_deck"] = st.session_state[f"{key}_deck_follows"] = last
    choice = st.selectbox(
        tr("add_to_deck_which"),
        options,
        format_func={**titles, NEW_DECK: tr("add_to_deck_new")}.__getitem__,
        key=f"{key}_deck",
    )
    if choice == NEW_DECK:
        st.text_input(
            tr("deck_new_title"),
            value=tr("add_to_deck_default"),
            max_chars=decks.MAX_TITLE,
            key=f"{key}_deck_title",
        )
    st.button(
        tr("add_to_deck_button"),
        on_click=_add_slide,
        args=(view, key),
        type="primary",
        icon=":material/add:",
        key=f"{key}_deck_add",
    )


def _add_slide(view: dict, key: str) -> None:
    db = engine()
    deck_id = st.session_state.get(f"{key}_deck") or NEW_DECK
    try:
        if deck_id == NEW_DECK:
            deck_id = decks.create_deck(db, st.session_state.get(f"{key}_deck_title", ""))
        fields = {name: value for name, value in view.items() if name != "kind"}
        decks.add_slide(db, deck_id, view["kind"], fields)
        deck = decks.get_deck(db, deck_id)
    except decks.InvalidDeckText:
        st.toast(tr("deck_title_invalid", n=decks.MAX_TITLE), icon=":material/error:")
        return
    except decks.UnknownDeck:
        st.toast(tr("deck_gone"), icon=":material/error:")
        return
    st.session_state[LAST_DECK] = st.session_state[f"{key}_deck"] = deck_id
    st.toast(tr("add_to_deck_done", n=len(deck.slides), title=deck.title), icon=":material/check:")


@st.cache_resource(show_spinner=False, max_entries=128)
def slide_figure(kind: str, view_json: str, lang: str, version: str) -> slides.SlideFigure:
    """A slide drawn from the data shown (cached per view, language and data version).

    Shared read-only: callers restyle copies (figures.for_presentation), never the figure itself.
    """
    data = slides.SlideData(
        dataset(version), scores(version), innovation_measures(version), geojson()
    )
    return slides.build(kind, json.loads(view_json), data, lang)


@st.cache_resource(show_spinner=False)
def geojson_url() -> str:
    """The polygons' URL on this server, for the pages' maps (exports embed the polygons)."""
    return maps.geojson_url(base_url_path=st.get_option("server.baseUrlPath") or "")


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
