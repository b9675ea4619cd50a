"""Presentation decks: titled, ordered lists of chart views, stored in the app's database.

Two tables on storage.METADATA (schema version 3), in the same database as imports and ideas:

- `decks`: one row per deck (title, created and changed times).
- `deck_slides`: one row per slide: its deck, position, chart kind, the view (a small JSON
  object: municipality, group, years, measure …; see analysis/slides.py), an optional title of
  its own and the speaker notes. A slide stores the view, never a picture, so it is re-drawn from
  the data shown when it is presented or exported.

Every change is one write transaction; positions are renumbered 0, 1, 2 … after each change, and
on PostgreSQL the deck's row is locked first, so two tabs adding slides at once queue.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from analysis import storage

MAX_TITLE = 150  # characters, deck and slide titles
MAX_NOTES = 5000
MAX_VIEW = 10_000  # characters of JSON: views are a handful of fields

# --- Tables ---------------------------------------------------------------------------------

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # as storage: SQLite wants INTEGER

DECKS = sa.Table(
    "decks",
    storage.METADATA,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),  # UTC
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),  # UTC
    sqlite_autoincrement=True,  # a deleted deck's URL never opens another deck
)

DECK_SLIDES = sa.Table(
    "deck_slides",
    storage.METADATA,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column(
        "deck_id", _ID, sa.ForeignKey(DECKS.c.id, ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("position", sa.Integer, nullable=False),  # 0, 1, 2 … within the deck
    sa.Column("kind", sa.Text, nullable=False),  # a key of slides.KINDS
    sa.Column("view", sa.Text, nullable=False),  # JSON object
    sa.Column("title", sa.Text),  # None: the chart's own title
    sa.Column("notes", sa.Text, nullable=False, default=""),
    sqlite_autoincrement=True,
)

# --- Records and errors ---------------------------------------------------------------------


@dataclass(frozen=True)
class Slide:
    """One slide: which chart, for which view, with what title and notes."""

    id: int
    kind: str
    view: dict
    title: str | None
    notes: str


@dataclass(frozen=True)
class Deck:
    """A deck with its slides in order."""

    id: int
    title: str
    created_at: dt.datetime
    changed_at: dt.datetime
    slides: tuple[Slide, ...] = field(default_factory=tuple)


class UnknownDeck(LookupError):
    """No deck has this id (deleted meanwhile, perhaps in another tab)."""

    def __init__(self, deck_id: object):
        self.deck_id = deck_id
        super().__init__(f"Fant ikke presentasjon {deck_id}; den kan være slettet.")


class UnknownSlide(LookupError):
    """No slide has this id (removed meanwhile, perhaps in another tab)."""

    def __init__(self, slide_id: object):
        self.slide_id = slide_id
        super().__init__(f"Fant ikke lysbilde {slide_id}; det kan være fjernet.")


class InvalidDeckText(ValueError):
    """A title that is empty or too long, or notes or a view that are too long."""


# --- Cleaning -------------------------------------------------------------------------------


def clean_title(text: str | None) -> str:
    """A title on one line, trimmed; raises InvalidDeckText when empty or too long."""
    title = " ".join((text or "").split())
    if not title:
        raise InvalidDeckText("Tittelen kan ikke være tom.")
    if len(title) > MAX_TITLE:
        raise InvalidDeckText(f"Tittelen kan ha høyst {MAX_TITLE} tegn.")
    return title


def _clean_notes(text: str | None) -> str:
    notes = (text or "").replace("\r\n", "\n").strip()
    if len(notes) > MAX_NOTES:
        raise InvalidDeckText(f"Notatene kan ha høyst {MAX_NOTES} tegn.")
    return notes


def _view_json(view: Mapping) -> str:
    """The view as canonical JSON; raises InvalidDeckText for what JSON cannot hold."""
    try:
        text = json.dumps(dict(view), sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidDeckText(f"Visningen kan ikke lagres: {error}") from None
    if len(text) > MAX_VIEW:
        raise InvalidDeckText("Visningen er for stor.")
    return text


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- Writing --------------------------------------------------------------------------------


def create_deck(engine: Engine, title: str, *, now: dt.datetime | None = None) -> int:
    """A new, empty deck; returns its id."""
    now = now or _now()
    with storage.write_transaction(engine) as conn:
        return int(
            conn.execute(
                DECKS.insert()
                .values(title=clean_title(title), created_at=now, changed_at=now)
                .returning(DECKS.c.id)
            ).scalar_one()
        )


def rename_deck(engine: Engine, deck_id: int, title: str) -> None:
    with storage.write_transaction(engine) as conn:
        _lock_deck(conn, deck_id)
        conn.execute(
            sa.update(DECKS).where(DECKS.c.id == int(deck_id)).values(title=clean_title(title))
        )


def delete_deck(engine: Engine, deck_id: int) -> None:
    """Delete a deck and its slides."""
    with storage.write_transaction(engine) as conn:
        _lock_deck(conn, deck_id)
        conn.execute(sa.delete(DECKS).where(DECKS.c.id == int(deck_id)))


def add_slide(
    engine: Engine,
    deck_id: int,
    kind: str,
    view: Mapping,
    *,
    title: str | None = None,
    notes: str = "",
) -> int:
    """Append a slide showing chart `kind` for `view`; returns the slide's id."""
    values = {
        "kind": str(kind),
        "view": _view_json(view),
        "title": clean_title(title) if title else None,
        "notes": _clean_notes(notes),
    }
    with storage.write_transaction(engine) as conn:
        _lock_deck(conn, deck_id)
        last = conn.scalar(
            sa.select(sa.func.max(DECK_SLIDES.c.position)).where(
                DECK_SLIDES.c.deck_id == int(deck_id)
            )
        )
        slide_id = conn.execute(
            DECK_SLIDES.insert()
            .values(deck_id=int(deck_id), position=0 if last is None else last + 1, **values)
            .returning(DECK_SLIDES.c.id)
        ).scalar_one()
    return int(slide_id)


def retitle_slide(engine: Engine, slide_id: int, title: str | None) -> None:
    """Give a slide its own title; empty: the chart's own title again."""
    _update_slide(engine, slide_id, title=clean_title(title) if (title or "").strip() else None)


def set_notes(engine: Engine, slide_id: int, notes: str) -> None:
    """The speaker notes of a slide."""
    _update_slide(engine, slide_id, notes=_clean_notes(notes))


def remove_slide(engine: Engine, slide_id: int) -> None:
    with storage.write_transaction(engine) as conn:
        deck_id = _deck_of(conn, slide_id)
        conn.execute(sa.delete(DECK_SLIDES).where(DECK_SLIDES.c.id == int(slide_id)))
        _renumber(conn, deck_id, _slide_ids(conn, deck_id))


def move_slide(engine: Engine, slide_id: int, steps: int) -> None:
    """Move a slide `steps` places later (negative: earlier), stopping at either end."""
    with storage.write_transaction(engine) as conn:
        deck_id = _deck_of(conn, slide_id)
        order = _slide_ids(conn, deck_id)
        old = order.index(int(slide_id))
        new = min(max(old + int(steps), 0), len(order) - 1)
        order.insert(new, order.pop(old))
        _renumber(conn, deck_id, order)


def reorder_slides(engine: Engine, deck_id: int, slide_ids: Sequence[int]) -> None:
    """Put the deck's slides in this order; `slide_ids` must be exactly the deck's slides."""
    wanted = [int(i) for i in slide_ids]
    with storage.write_transaction(engine) as conn:
        _lock_deck(conn, deck_id)
        current = _slide_ids(conn, int(deck_id))
        if sorted(wanted) != sorted(current):
            raise ValueError("Rekkefølgen må inneholde hvert lysbilde i presentasjonen én gang.")
        _renumber(conn, int(deck_id), wanted)


def _update_slide(engine: Engine, slide_id: int, **values: object) -> None:
    with storage.write_transaction(engine) as conn:
        deck_id = _deck_of(conn, slide_id)
        conn.execute(
            sa.update(DECK_SLIDES).where(DECK_SLIDES.c.id == int(slide_id)).values(**values)
        )
        _touch(conn, deck_id)


def _lock_deck(conn: Connection, deck_id: int) -> None:
    """Lock the deck's row (PostgreSQL; SQLite's write lock covers it) and mark it changed."""
    found = conn.scalar(sa.select(DECKS.c.id).where(DECKS.c.id == int(deck_id)).with_for_update())
    if found is None:
        raise UnknownDeck(deck_id)
    _touch(conn, int(deck_id))


def _touch(conn: Connection, deck_id: int) -> None:
    conn.execute(sa.update(DECKS).where(DECKS.c.id == deck_id).values(changed_at=_now()))


def _deck_of(conn: Connection, slide_id: int) -> int:
    deck_id = conn.scalar(sa.select(DECK_SLIDES.c.deck_id).where(DECK_SLIDES.c.id == int(slide_id)))
    if deck_id is None:
        raise UnknownSlide(slide_id)
    _lock_deck(conn, deck_id)
    return int(deck_id)


def _slide_ids(conn: Connection, deck_id: int) -> list[int]:
    return [
        int(i)
        for i in conn.scalars(
            sa.select(DECK_SLIDES.c.id)
            .where(DECK_SLIDES.c.deck_id == deck_id)
            .order_by(DECK_SLIDES.c.position, DECK_SLIDES.c.id)
        )
    ]


def _renumber(conn: Connection, deck_id: int, order: Sequence[int]) -> None:
    for position, slide_id in enumerate(order):
        conn.execute(
            sa.update(DECK_SLIDES)
            .where(DECK_SLIDES.c.id == slide_id, DECK_SLIDES.c.deck_id == deck_id)
            .values(position=position)
        )


# --- Reading --------------------------------------------------------------------------------


def list_decks(engine: Engine) -> pd.DataFrame:
    """deck_id, title, slides (count), created_at, changed_at (UTC): most recently changed first."""
    counts = (
        sa.select(DECK_SLIDES.c.deck_id, sa.func.count().label("slides"))
        .group_by(DECK_SLIDES.c.deck_id)
        .subquery()
    )
    query = (
        sa.select(
            DECKS.c.id.label("deck_id"),
            DECKS.c.title,
            sa.func.coalesce(counts.c.slides, 0).label("slides"),
            DECKS.c.created_at,
            DECKS.c.changed_at,
        )
        .outerjoin(counts, counts.c.deck_id == DECKS.c.id)
        .order_by(DECKS.c.changed_at.desc(), DECKS.c.id.desc())
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame(rows, columns=["deck_id", "title", "slides", "created_at", "changed_at"])
    return frame.assign(
        deck_id=lambda d: d["deck_id"].astype("int64"),
        title=lambda d: d["title"].astype("string"),
        slides=lambda d: d["slides"].astype("int64"),
        created_at=lambda d: _utc(d["created_at"]),
        changed_at=lambda d: _utc(d["changed_at"]),
    )


def get_deck(engine: Engine, deck_id: int) -> Deck:
    """A deck with its slides in order; raises UnknownDeck."""
    try:
        deck_id = int(deck_id)
    except (TypeError, ValueError):
        raise UnknownDeck(deck_id) from None
    with storage.read_transaction(engine) as conn:
        row = conn.execute(sa.select(DECKS).where(DECKS.c.id == deck_id)).one_or_none()
        if row is None:
            raise UnknownDeck(deck_id)
        slides = conn.execute(
            sa.select(DECK_SLIDES)
            .where(DECK_SLIDES.c.deck_id == deck_id)
            .order_by(DECK_SLIDES.c.position, DECK_SLIDES.c.id)
        ).all()
    return Deck(
        id=int(row.id),
        title=row.title,
        created_at=_utc_one(row.created_at),
        changed_at=_utc_one(row.changed_at),
        slides=tuple(
            Slide(id=int(s.id), kind=s.kind, view=json.loads(s.view), title=s.title, notes=s.notes)
            for s in slides
        ),
    )


def _utc(times: pd.Series) -> pd.Series:
    # SQLite hands back naive datetimes (stored as UTC), PostgreSQL aware ones.
    parsed = pd.to_datetime(times)
    return parsed.dt.tz_localize("UTC") if parsed.dt.tz is None else parsed.dt.tz_convert("UTC")


def _utc_one(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
