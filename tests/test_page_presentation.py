"""AppTest: the «Presentasjon» page and «Legg til i presentasjon» on chart cards."""

from __future__ import annotations

import json
import os
import uuid

import pytest
import sqlalchemy as sa

from analysis import decks, ideas, slides, storage
from tests.apptest_utils import run_app
from tests.test_slides import PORTFOLIO

PAGES_WITH_CHARTS = ("oversikt", "kommuneprofil", "rangering", "innovasjon", "prosjekter", "metode")
# What makes a trace the same chart on the page and on the slide (the look may differ).
TRACE_DATA = ("type", "x", "y", "z", "lat", "lon", "locations")

VIEWS = [
    ("rank_history", {"code": "3314", "years": [2016, 2024]}),
    ("sector_comparison", {"code": "3314", "group_kind": "county", "custom": [], "year": 2024}),
    ("bump", {"code": "3314", "codes": ["3314", "0301"], "years": [2016, 2024]}),
]


@pytest.fixture
def engine() -> sa.Engine:
    """The database the app under test uses (INNOSIKT_DB_URL, a throwaway file per test run)."""
    engine = storage.make_engine(os.environ["INNOSIKT_DB_URL"])
    storage.init_db(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def deck_id(engine: sa.Engine) -> int:
    deck_id = decks.create_deck(engine, f"Konferanse {uuid.uuid4().hex[:6]}")
    for kind, view in VIEWS:
        decks.add_slide(engine, deck_id, kind, view, notes=f"Notat om {kind}")
    return deck_id


def open_deck(deck_id: int, **query: str):
    at = run_app("presentasjon")
    at.selectbox(key="deck").set_value(deck_id).run()
    for key, value in query.items():
        at.toggle(key=key).set_value(value == "true").run()
    assert not at.exception
    return at


def chart_title(at) -> str:
    return json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]


def test_the_page_lists_the_decks_slides_with_their_notes(deck_id):
    at = open_deck(deck_id)
    assert at.title[0].value == "Presentasjoner"
    assert len(at.subheader) >= len(VIEWS)
    notes = [area.value for area in at.text_area]
    assert notes == [f"Notat om {kind}" for kind, _ in VIEWS]


def test_present_mode_shows_one_chart_and_the_buttons_move_between_slides(deck_id):
    at = open_deck(deck_id, vis="true")
    assert len(at.get("plotly_chart")) == 1
    assert "plassering" in chart_title(at)
    assert any("1 / 3" in md.value for md in at.markdown)
    at.button(key="deck_neste").click().run()
    assert "sektorkarakterer" in chart_title(at)
    assert any("2 / 3" in md.value for md in at.markdown)
    at.button(key="deck_forrige").click().run()
    assert "plassering" in chart_title(at)


def test_present_mode_shows_the_notes_panel_on_request(deck_id):
    at = open_deck(deck_id, vis="true")
    assert not [t for t in at.text if "Notat" in t.value]
    at.button(key="deck_notater_knapp").click().run()
    assert [t.value for t in at.text] == ["Notat om rank_history"]


def test_moving_and_removing_slides_from_the_page(deck_id, engine):
    at = open_deck(deck_id)
    first, second, third = (s.id for s in decks.get_deck(engine, deck_id).slides)
    at.button(key=f"deck_deck_down_{first}").click().run()
    assert [s.id for s in decks.get_deck(engine, deck_id).slides] == [second, first, third]
    at.button(key=f"deck_fjern_{third}").click().run()
    assert [s.id for s in decks.get_deck(engine, deck_id).slides] == [second, first]
    assert not at.exception


def test_a_slide_can_be_retitled_and_given_notes_on_the_page(deck_id, engine):
    at = open_deck(deck_id)
    slide_id = decks.get_deck(engine, deck_id).slides[0].id
    at.text_input(key=f"deck_tittel_{slide_id}").input("Vi klatrer")
    at.text_area(key=f"deck_notater_{slide_id}").input("Si takk.")
    form_buttons = [b for b in at.button if b.proto.is_form_submitter]
    form_buttons[0].click().run()
    slide = decks.get_deck(engine, deck_id).slides[0]
    assert (slide.title, slide.notes) == ("Vi klatrer", "Si takk.")


def test_a_view_that_cannot_be_drawn_is_explained_not_raised(engine):
    deck_id = decks.create_deck(engine, "Gammel")
    decks.add_slide(engine, deck_id, "rank_history", {"code": "9999", "years": [2016, 2024]})
    at = open_deck(deck_id)
    assert at.warning
    at.toggle(key="vis").set_value(True).run()
    assert not at.exception and at.warning


def test_add_to_presentation_on_a_chart_stores_its_view_in_a_new_deck(engine):
    before = set(decks.list_decks(engine)["deck_id"])
    at = run_app()
    at.selectbox(key="oversikt_kart_deck").set_value(0).run()
    at.text_input(key="oversikt_kart_deck_title").input("Fra oversikten").run()
    at.button(key="oversikt_kart_deck_add").click().run()
    assert not at.exception
    (new,) = set(decks.list_decks(engine)["deck_id"]) - before
    deck = decks.get_deck(engine, new)
    assert deck.title == "Fra oversikten"
    assert [(s.kind, s.view["code"]) for s in deck.slides] == [("map", "3314")]
    # the next chart, on another page, goes to the same deck by default
    at.switch_page("app_pages/kommuneprofil.py").run()
    at.button(key="profil_rank_deck_add").click().run()
    assert not at.exception
    assert [s.kind for s in decks.get_deck(engine, new).slides] == ["map", "rank_history"]


def test_a_new_deck_is_created_on_the_page_and_opened(engine):
    at = run_app("presentasjon")
    at.text_input(key="deck_ny_tittel").input("Nytt foredrag")
    at.button(key="deck_opprett").click().run()
    assert not at.exception
    created = decks.list_decks(engine).query("title == 'Nytt foredrag'")["deck_id"].tolist()
    assert len(created) == 1
    assert at.selectbox(key="deck").value == created[0]
    assert any("ingen lysbilder" in info.value for info in at.info)


def test_an_empty_title_is_refused_without_an_exception(engine):
    before = len(decks.list_decks(engine))
    at = run_app("presentasjon")
    at.text_input(key="deck_ny_tittel").input("   ")
    at.button(key="deck_opprett").click().run()
    assert not at.exception
    assert len(decks.list_decks(engine)) == before


def test_the_page_speaks_english(deck_id):
    at = run_app("presentasjon", lang="English")
    at.selectbox(key="deck").set_value(deck_id).run()
    assert at.title[0].value == "Presentations"
    assert not at.exception


# --- Every chart: «Legg til i presentasjon», PNG and SVG ----------------------------------------


def chart_keys(at) -> list[str]:
    return [chart.key.removesuffix("_chart") for chart in at.get("plotly_chart")]


@pytest.mark.parametrize("page", PAGES_WITH_CHARTS)
def test_every_chart_on_a_page_can_go_into_a_deck_and_be_downloaded_as_png_and_svg(page):
    at = run_app(page, kommune="3314")
    assert not at.exception
    keys = chart_keys(at)
    assert keys, f"{page} shows no chart"
    buttons = {button.key for button in at.button}
    downloads = {button.key for button in at.get("download_button")}
    for key in keys:
        assert f"{key}_deck_add" in buttons, f"{key} has no «Legg til i presentasjon»"
        assert {f"{key}_png", f"{key}_svg"} <= downloads, f"{key} has no PNG or SVG"


def trace_data(spec: str) -> list[dict]:
    return [{k: t[k] for k in TRACE_DATA if k in t} for t in json.loads(spec)["data"]]


@pytest.mark.parametrize("page", ["innovasjon", "metode", "prosjekter"])
def test_a_chart_added_to_a_deck_is_re_drawn_in_present_mode_with_the_pages_data(page, engine):
    at = run_app(page, kommune="3314")
    shown = {c.key.removesuffix("_chart"): trace_data(c.proto.spec) for c in at.get("plotly_chart")}
    keys = list(shown)
    at.selectbox(key=f"{keys[0]}_deck").set_value(0).run()
    at.text_input(key=f"{keys[0]}_deck_title").input(f"Fra {page} {uuid.uuid4().hex[:6]}").run()
    for key in keys:  # the first creates the deck, the others follow it
        at.button(key=f"{key}_deck_add").click().run()
    assert not at.exception
    deck_id = at.session_state["deck_last"]
    deck = decks.get_deck(engine, deck_id)
    assert [s.kind in slides.KINDS for s in deck.slides] == [True] * len(keys)

    at.switch_page("app_pages/presentasjon.py").run()
    at.selectbox(key="deck").set_value(deck_id).run()
    at.toggle(key="vis").set_value(True).run()
    for number, key in enumerate(keys, start=1):
        assert any(f"{number} / {len(keys)}" in md.value for md in at.markdown)
        (slide,) = at.get("plotly_chart")
        assert trace_data(slide.proto.spec) == shown[key], f"{key} drew other data as a slide"
        if number < len(keys):
            at.button(key="deck_neste").click().run()


def test_a_funnel_slide_follows_an_ideas_move_that_keeps_the_data_version(engine):
    deck_id = decks.create_deck(engine, f"Trakt {uuid.uuid4().hex[:6]}")
    decks.add_slide(engine, deck_id, "portfolio_funnel", {**PORTFOLIO, "scope": "municipality"})
    receipt = ideas.submit_idea(
        engine,
        ideas.IdeaForm(
            title=f"Lesevenner {uuid.uuid4().hex[:6]}",
            problem="Mange barn leser lite hjemme, og biblioteket når dem ikke.",
            proposal="Frivillige lesevenner møter barna på skolen hver uke.",
            sector_id="grunnskole",
            kommunenummer="3314",
        ),
        ideas.new_token(),
        valid_codes={"3314"},
        valid_sectors={"grunnskole"},
    )

    def ideas_at(at, stage: str) -> int:
        funnel = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
        from_bank = next(trace for trace in funnel if trace["name"] == "Idébanken")
        return dict(zip(from_bank["y"], from_bank["x"], strict=True))[stage]

    at = open_deck(deck_id, vis="true")
    waiting = ideas_at(at, "Vurderes")
    version = storage.data_version(engine)
    ideas.move_idea(engine, receipt.idea_id, "vurderes", "Ser lovende ut", user=None)
    assert storage.data_version(engine) == version
    at.run()
    assert ideas_at(at, "Vurderes") == waiting + 1


# --- Links ----------------------------------------------------------------------------------


def test_a_link_names_the_deck_by_id_and_still_opens_it_after_a_rename(deck_id, engine):
    at = run_app("presentasjon", deck=str(deck_id))
    assert at.selectbox(key="deck").value == deck_id
    assert at.query_params["deck"] == str(deck_id)
    decks.rename_deck(engine, deck_id, "Nytt navn på foredraget")
    again = run_app("presentasjon", deck=str(deck_id))
    assert again.selectbox(key="deck").value == deck_id
    assert again.text_input(key=f"deck_navn_{deck_id}").value == "Nytt navn på foredraget"


def test_an_older_link_with_the_decks_label_still_opens_it(deck_id, engine):
    title = decks.get_deck(engine, deck_id).title
    at = run_app("presentasjon", deck=f"{title} ({deck_id})")
    assert at.selectbox(key="deck").value == deck_id
    assert at.query_params["deck"] == str(deck_id)  # and the link becomes the short one
