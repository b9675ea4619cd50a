"""Presentasjon: decks of chart views — edit them, show them one per screen, export them."""

import streamlit as st

from analysis import decks
from app_pages import _deck, _ui


def create_deck() -> None:
    try:
        new_id = decks.create_deck(_ui.engine(), st.session_state.get("deck_ny_tittel", ""))
    except decks.InvalidDeckText:
        st.toast(_ui.tr("deck_title_invalid", n=decks.MAX_TITLE), icon=":material/error:")
        return
    st.session_state[_ui.LAST_DECK] = new_id


header = st.container()
titles = decks.list_decks(_ui.engine()).set_index("deck_id")["title"].sort_index().to_dict()
# One row: the deck, present mode and, when presenting, the slide controls (added below).
controls = st.container(horizontal=True, vertical_alignment="bottom")
with controls:
    if titles:
        linked = _deck.linked_deck()
        if "deck" not in st.session_state and linked in titles:
            st.session_state[_ui.LAST_DECK] = linked  # a copied link opens its deck
        last = st.session_state.get(_ui.LAST_DECK)  # e.g. the deck a chart was just added to
        if last in titles and (
            "deck" not in st.session_state or st.session_state.get("deck_follows") != last
        ):
            st.session_state["deck"] = st.session_state["deck_follows"] = last
        deck_id = st.selectbox(
            _ui.tr("deck_choose"),
            list(titles),
            format_func=lambda i: f"{titles[i]} ({i})",
            width=420,
            key="deck",
        )
        # The link names the deck by id, not by its label: renaming a deck keeps its links.
        st.query_params[_deck.DECK_PARAM] = str(deck_id)
        present = st.toggle(
            _ui.tr("deck_present"), help=_ui.tr("deck_present_help"), key="vis", bind="query-params"
        )
    else:
        deck_id, present = None, False
    if not present:
        with st.popover(_ui.tr("deck_new"), icon=":material/add:"):
            st.text_input(
                _ui.tr("deck_new_title"),
                value=_ui.tr("add_to_deck_default"),
                max_chars=decks.MAX_TITLE,
                key="deck_ny_tittel",
            )
            st.button(_ui.tr("deck_create"), on_click=create_deck, key="deck_opprett")

if not present:
    header.title(_ui.tr("deck_page_title"))
    header.caption(_ui.tr("deck_intro"))
if deck_id is None:
    st.info(_ui.tr("deck_none"))
    st.stop()
try:
    deck = decks.get_deck(_ui.engine(), deck_id)
except decks.UnknownDeck:
    st.warning(_ui.tr("deck_gone"))
    st.stop()
st.session_state[_ui.LAST_DECK] = st.session_state["deck_follows"] = deck.id
total = len(deck.slides)
if not total:
    st.info(_ui.tr("deck_empty"))


if present and total:
    _deck.present(deck, controls)
    st.stop()

with st.container(horizontal=True, vertical_alignment="bottom"):
    st.text_input(
        _ui.tr("deck_rename"),
        value=deck.title,
        max_chars=decks.MAX_TITLE,
        key=f"deck_navn_{deck.id}",
    )
    st.button(
        _ui.tr("deck_save"),
        on_click=lambda: _deck.run(
            decks.rename_deck, deck.id, st.session_state[f"deck_navn_{deck.id}"]
        ),
        key="deck_lagre_navn",
    )
    with st.popover(_ui.tr("deck_delete"), icon=":material/delete:"):
        st.markdown(_ui.tr("deck_delete_confirm", title=deck.title.replace("*", "\\*")))
        st.button(
            _ui.tr("deck_delete"),
            on_click=_deck.run,
            args=(decks.delete_deck, deck.id),
            key="deck_slett",
        )


if total:
    _deck.downloads(deck)
for number, slide in enumerate(deck.slides, start=1):
    with st.container(border=True):
        _deck.slide_card(deck, number, slide)
