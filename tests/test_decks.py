"""Presentation decks: created, retitled, reordered and emptied in the database.

Every test runs against SQLite and against a real PostgreSQL server (skipped without
INNOSIKT_TEST_PG_URL), each time in a fresh database of its own.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from analysis import decks, storage
from tests.databases import BACKENDS

VIEW = {"code": "3314", "years": [2019, 2024]}


def deck_with(engine: sa.Engine, n: int) -> tuple[int, list[int]]:
    deck_id = decks.create_deck(engine, "Kommunekonferansen")
    slides = [decks.add_slide(engine, deck_id, "rank_history", {**VIEW, "i": i}) for i in range(n)]
    return deck_id, slides


def order(engine: sa.Engine, deck_id: int) -> list[int]:
    return [slide.id for slide in decks.get_deck(engine, deck_id).slides]


def test_a_new_deck_is_listed_with_its_title_and_no_slides(engine):
    deck_id = decks.create_deck(engine, "  Kommunekonferansen\n2026 ")
    listed = decks.list_decks(engine)
    assert listed["deck_id"].tolist() == [deck_id]
    assert listed["title"].tolist() == ["Kommunekonferansen 2026"]
    assert listed["slides"].tolist() == [0]
    assert str(listed["created_at"].dt.tz) == "UTC"


def test_slides_come_back_in_the_order_they_were_added_with_their_views(engine):
    deck_id, slides = deck_with(engine, 3)
    deck = decks.get_deck(engine, deck_id)
    assert [s.id for s in deck.slides] == slides
    assert deck.slides[2].view == {**VIEW, "i": 2}
    assert deck.slides[0].kind == "rank_history"
    assert deck.slides[0].title is None and deck.slides[0].notes == ""
    assert decks.list_decks(engine)["slides"].tolist() == [3]


def test_a_slide_can_be_retitled_and_given_notes_and_the_title_cleared(engine):
    deck_id, (slide_id,) = deck_with(engine, 1)
    decks.retitle_slide(engine, slide_id, "Vi klatrer")
    decks.set_notes(engine, slide_id, "Pek på 2021.\r\nSi takk.")
    slide = decks.get_deck(engine, deck_id).slides[0]
    assert (slide.title, slide.notes) == ("Vi klatrer", "Pek på 2021.\nSi takk.")
    decks.retitle_slide(engine, slide_id, "  ")
    assert decks.get_deck(engine, deck_id).slides[0].title is None


def test_moving_a_slide_shifts_the_others_and_stops_at_the_ends(engine):
    deck_id, (a, b, c) = deck_with(engine, 3)
    decks.move_slide(engine, c, -1)
    assert order(engine, deck_id) == [a, c, b]
    decks.move_slide(engine, a, 10)
    assert order(engine, deck_id) == [c, b, a]
    decks.move_slide(engine, c, -1)
    assert order(engine, deck_id) == [c, b, a]


def test_reorder_takes_exactly_the_decks_slides(engine):
    deck_id, (a, b, c) = deck_with(engine, 3)
    decks.reorder_slides(engine, deck_id, [b, c, a])
    assert order(engine, deck_id) == [b, c, a]
    with pytest.raises(ValueError):
        decks.reorder_slides(engine, deck_id, [b, c])


def test_removing_a_slide_keeps_the_rest_in_order_and_numbers_them_anew(engine):
    deck_id, (a, b, c) = deck_with(engine, 3)
    decks.remove_slide(engine, b)
    assert order(engine, deck_id) == [a, c]
    with engine.connect() as conn:
        positions = conn.scalars(
            sa.select(decks.DECK_SLIDES.c.position).order_by(decks.DECK_SLIDES.c.position)
        ).all()
    assert positions == [0, 1]
    with pytest.raises(decks.UnknownSlide):
        decks.remove_slide(engine, b)


def test_renaming_and_deleting_a_deck(engine):
    deck_id, _ = deck_with(engine, 2)
    decks.rename_deck(engine, deck_id, "Ny tittel")
    assert decks.get_deck(engine, deck_id).title == "Ny tittel"
    decks.delete_deck(engine, deck_id)
    assert decks.list_decks(engine).empty
    with engine.connect() as conn:  # the slides went with it
        assert conn.scalar(sa.select(sa.func.count()).select_from(decks.DECK_SLIDES)) == 0
    with pytest.raises(decks.UnknownDeck):
        decks.get_deck(engine, deck_id)


def test_unknown_decks_and_bad_text_are_refused(engine):
    with pytest.raises(decks.UnknownDeck):
        decks.add_slide(engine, 999, "rank_history", VIEW)
    with pytest.raises(decks.UnknownDeck):
        decks.get_deck(engine, "ikke-et-tall")
    with pytest.raises(decks.InvalidDeckText):
        decks.create_deck(engine, "   ")
    with pytest.raises(decks.InvalidDeckText):
        decks.create_deck(engine, "x" * (decks.MAX_TITLE + 1))
    deck_id = decks.create_deck(engine, "Ok")
    with pytest.raises(decks.InvalidDeckText):
        decks.add_slide(engine, deck_id, "rank_history", {"value": float("nan")})
    assert decks.get_deck(engine, deck_id).slides == ()


def test_the_view_given_is_not_changed(engine):
    deck_id = decks.create_deck(engine, "Ok")
    view = {"code": "3314", "years": [2019, 2024]}
    decks.add_slide(engine, deck_id, "rank_history", view)
    assert view == {"code": "3314", "years": [2019, 2024]}


@pytest.mark.parametrize("backend_url", BACKENDS, indirect=True)
def test_slides_added_at_once_from_several_connections_all_get_their_own_place(backend_url):
    engines = [storage.make_engine(backend_url) for _ in range(4)]
    storage.init_db(engines[0])
    deck_id = decks.create_deck(engines[0], "Samtidig")
    start = threading.Barrier(len(engines))
    errors = []

    def add(engine: sa.Engine, i: int) -> None:
        start.wait()
        try:
            for j in range(5):
                decks.add_slide(engine, deck_id, "rank_history", {"i": i, "j": j})
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=add, args=(e, i)) for i, e in enumerate(engines)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engines[0].connect() as conn:
        positions = conn.scalars(sa.select(decks.DECK_SLIDES.c.position)).all()
    assert sorted(positions) == list(range(20))
    for each in engines:
        each.dispose()


@pytest.mark.parametrize("backend_url", BACKENDS, indirect=True)
def test_init_db_adds_the_deck_tables_to_a_version_2_database(backend_url):
    engine = storage.make_engine(backend_url)
    storage.init_db(engine)
    with engine.begin() as conn:  # what Innosikt with schema version 2 left behind
        decks.DECK_SLIDES.drop(conn)
        decks.DECKS.drop(conn)
        conn.execute(sa.delete(storage.SCHEMA_VERSIONS))
        conn.execute(storage.SCHEMA_VERSIONS.insert().values(version=2, applied_at=storage._now()))
    storage.init_db(engine)
    assert storage.schema_version(engine) == 3
    assert {"decks", "deck_slides"} <= set(sa.inspect(engine).get_table_names())
    deck_with(engine, 1)
    engine.dispose()
