"""The «Presentasjon» page's parts: present mode, the slide cards, the deck's downloads."""

import json
import re

import streamlit as st

from analysis import decks, exports, figures, ideas, slides
from app_pages import _ui

DECK_PARAM = "deck"  # the URL parameter naming the deck by its id
SLIDE_KEY = "deck_slide"  # the container the chart fills in present mode
# Present mode hides the sidebar and the app's chrome, and gives the chart (SLIDE_KEY's container,
# .st-key-deck_slide) the screen's height under the slide controls (~110 px): Streamlit sizes
# containers in px only, and the server does not know the screen. Static CSS, our text only.
PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"]
{display: none !important;}
[data-testid="stMainBlockContainer"] {padding: 0.5rem 1.5rem 0 1.5rem; max-width: 100%;}
.st-key-deck_slide {height: calc(100dvh - 110px) !important; min-height: 420px;
  flex: none !important;}
</style>"""


def linked_deck() -> int | None:
    """The deck a link names: `?deck=12`, or an older link's `?deck=Title (12)`."""
    match = re.search(r"(\d+)\)?\s*$", st.query_params.get(DECK_PARAM, ""))
    return int(match.group(1)) if match else None


def drawn(slide: decks.Slide) -> slides.SlideFigure | str:
    """The slide's chart from today's data, or why it cannot be drawn."""
    view = json.dumps(slide.view, sort_keys=True)
    try:
        if slide.kind in slides.IDEA_BANK_KINDS:
            return idea_bank_slide(
                slide.kind, view, _ui.lang(), _ui.data_version(), idea_bank_version()
            )
        return _ui.slide_figure(slide.kind, view, _ui.lang(), _ui.data_version())
    except slides.SlideNotDrawable as problem:
        return str(problem)


def idea_bank_version() -> str:
    """A key that changes when an idea is filed, moved or made a project.

    Moving an idea between triage stages keeps the data version, yet changes the portfolio.
    """
    bank = ideas.list_ideas(_ui.engine())
    return f"{len(bank)}-{bank['stage_changed_at'].max()}-{bank['project_id'].count()}"


@st.cache_resource(show_spinner=False, max_entries=64)
def idea_bank_slide(
    kind: str, view_json: str, lang: str, version: str, bank_version: str
) -> slides.SlideFigure:
    """A portfolio slide, with the idea bank read without filers' names or e-mails (cached per
    view, language, data and idea bank version; shared read-only, as _ui.slide_figure)."""
    engine = _ui.engine()
    data = slides.SlideData(
        _ui.dataset(version),
        _ui.scores(version),
        _ui.innovation_measures(version),
        _ui.geojson(),
        ideas=ideas.list_ideas(engine),
        idea_history=ideas.idea_history(engine),
    )
    return slides.build(kind, json.loads(view_json), data, lang)


def export_slides(deck: decks.Deck) -> list[exports.ExportSlide]:
    """The deck's drawable slides, titled and with notes, for PowerPoint and HTML."""
    charts = [(slide, drawn(slide)) for slide in deck.slides]
    return [
        exports.ExportSlide(slide.title or chart.title, chart.figure, chart.source, slide.notes)
        for slide, chart in charts
        if not isinstance(chart, str)
    ]


def step(by: int, total: int) -> None:
    st.session_state["deck_pos"] = min(max(st.session_state.get("deck_pos", 0) + by, 0), total - 1)


def toggle_notes() -> None:
    st.session_state["deck_vis_notater"] = not st.session_state.get("deck_vis_notater", False)


def run(action, *args) -> None:
    """A deck change from a button; a stale deck or slide (another tab) is reported, not raised."""
    try:
        action(_ui.engine(), *args)
    except (decks.UnknownDeck, decks.UnknownSlide):
        st.toast(_ui.tr("deck_gone"), icon=":material/error:")
    except decks.InvalidDeckText:
        st.toast(_ui.tr("deck_title_invalid", n=decks.MAX_TITLE), icon=":material/error:")


def save_slide(slide_id: int) -> None:
    run(decks.retitle_slide, slide_id, st.session_state[f"deck_tittel_{slide_id}"])
    run(decks.set_notes, slide_id, st.session_state[f"deck_notater_{slide_id}"])


def present(deck: decks.Deck, controls) -> None:
    """Present mode: one chart filling the screen, slide controls in `controls`, notes beside."""
    total = len(deck.slides)
    st.html(PRESENT_CSS)
    if st.session_state.get("deck_pos_for") != deck.id:
        st.session_state["deck_pos"], st.session_state["deck_pos_for"] = 0, deck.id
    pos = min(st.session_state.get("deck_pos", 0), total - 1)
    slide = deck.slides[pos]
    with controls:
        st.button(
            _ui.tr("deck_prev"),
            icon=":material/arrow_back:",
            shortcut="Left",
            on_click=step,
            args=(-1, total),
            disabled=pos == 0,
            key="deck_forrige",
        )
        st.markdown(f"**{_ui.tr('deck_counter', n=pos + 1, total=total)}**", width="content")
        st.progress((pos + 1) / total, width=240)
        st.button(
            _ui.tr("deck_next"),
            icon=":material/arrow_forward:",
            shortcut="Right",
            on_click=step,
            args=(1, total),
            disabled=pos == total - 1,
            key="deck_neste",
        )
        # A button, not a toggle: a focused switch would keep the arrow keys from the shortcuts.
        st.button(
            _ui.tr("deck_notes_toggle"),
            icon=":material/speaker_notes:",
            shortcut="N",
            on_click=toggle_notes,
            type="primary" if st.session_state.get("deck_vis_notater") else "secondary",
            key="deck_notater_knapp",
        )
    show_notes = st.session_state.get("deck_vis_notater", False)
    chart_area, notes_area = st.columns([3, 1]) if show_notes else (st.container(), None)
    chart = drawn(slide)
    if isinstance(chart, str):
        chart_area.warning(_ui.tr("deck_not_drawable", reason=chart))
    else:
        title = exports.plotly_text(slide.title) if slide.title else None
        chart_area.container(key=SLIDE_KEY).plotly_chart(
            figures.for_presentation(chart.figure, title=title),
            height="stretch",  # the container's: the screen's height (PRESENT_CSS)
            key="deck_lysbilde",
            theme=None,  # the presentation template as it is: Streamlit's theme shrinks titles
            config={"displayModeBar": False, "displaylogo": False},
        )
    if notes_area is not None:
        with notes_area.container(border=True):
            st.subheader(_ui.tr("deck_slide_notes"))
            st.text(slide.notes or _ui.tr("deck_no_notes"))  # text, never markdown: user input


def downloads(deck: decks.Deck) -> None:
    """PowerPoint and HTML of the whole deck, made when the button is pressed."""
    st.subheader(_ui.tr("deck_export"))
    st.caption(_ui.tr("deck_export_caption"))
    with st.container(horizontal=True):
        st.download_button(
            "PPTX",
            lambda: exports.deck_pptx(deck.title, export_slides(deck)),
            file_name=f"presentasjon_{deck.id}.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            icon=":material/download:",
            on_click="ignore",
            key="deck_pptx",
        )
        labels = {k: _ui.tr(f"deck_{k}") for k in ("prev", "next")}
        st.download_button(
            "HTML",
            lambda: exports.deck_html(
                deck.title,
                export_slides(deck),
                labels={**labels, "notes": _ui.tr("deck_slide_notes")},
            ).encode("utf-8"),
            file_name=f"presentasjon_{deck.id}.html",
            mime="text/html",
            icon=":material/download:",
            on_click="ignore",
            key="deck_html",
        )


def slide_card(deck: decks.Deck, number: int, slide: decks.Slide) -> None:
    """One slide to edit: title, notes, order, removal, and its chart as PNG or SVG."""
    total = len(deck.slides)
    chart = drawn(slide)
    kind = _ui.tr(f"deck_kind_{slide.kind}") if slide.kind in slides.KINDS else slide.kind
    st.subheader(_ui.tr("deck_slide_n", n=number, kind=kind))
    if isinstance(chart, str):
        st.warning(_ui.tr("deck_not_drawable", reason=chart))
    with st.form(key=f"deck_skjema_{slide.id}", border=False):
        st.text_input(
            _ui.tr("deck_slide_title"),
            value=slide.title or "",
            placeholder=None if isinstance(chart, str) else chart.title,
            help=_ui.tr("deck_slide_title_help"),
            max_chars=decks.MAX_TITLE,
            key=f"deck_tittel_{slide.id}",
        )
        st.text_area(
            _ui.tr("deck_slide_notes"),
            value=slide.notes,
            max_chars=decks.MAX_NOTES,
            key=f"deck_notater_{slide.id}",
        )
        st.form_submit_button(_ui.tr("deck_save"), on_click=save_slide, args=(slide.id,))
    with st.container(horizontal=True):
        for label, icon, by in (
            ("deck_up", "arrow_upward", -1),
            ("deck_down", "arrow_downward", 1),
        ):
            st.button(
                _ui.tr(label),
                icon=f":material/{icon}:",
                on_click=run,
                args=(decks.move_slide, slide.id, by),
                disabled=number == (1 if by < 0 else total),
                key=f"deck_{label}_{slide.id}",
            )
        st.button(
            _ui.tr("deck_remove"),
            icon=":material/delete:",
            on_click=run,
            args=(decks.remove_slide, slide.id),
            key=f"deck_fjern_{slide.id}",
        )
        if not isinstance(chart, str):
            export = exports.ExportSlide(slide.title or chart.title, chart.figure, chart.source)
            for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
                st.download_button(
                    fmt.upper(),
                    lambda export=export, fmt=fmt: exports.slide_image(export, fmt),
                    file_name=f"lysbilde_{number}.{fmt}",
                    mime=mime,
                    icon=":material/image:",
                    on_click="ignore",
                    key=f"deck_{fmt}_{slide.id}",
                )
