"""The app's own database: imported datasets, which of them are shown, and the feed mode.

SQLite by default (a file under `instance/`), PostgreSQL when INNOSIKT_DB_URL or Streamlit's
secrets name one. Every imported file becomes one row in `datasets`; its rows go to tables derived
from the schema module with a `dataset_id` in front, so deleting a dataset cascades to its rows.
An import is one transaction: a crash or an error part-way leaves nothing behind.

The idea bank (analysis/ideas.py) keeps its tables in this database too, on the same METADATA
(schema version 2). It bumps `data_version`, the cache key for what the dashboard shows, only when
that changes: a new idea (ideas filed count in the innovation measures), a project made from an
idea, or such a project's phase. Presentation decks (analysis/decks.py, schema version 3) add
their tables the same way; they never change what the dashboard shows, so never bump it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from analysis import load, schema

if TYPE_CHECKING:
    from analysis.importer import ImportResult

# 1: datasets and their rows. 2: the idea bank (ideas, idea_history; analysis/ideas.py).
# 3: presentation decks (decks, deck_slides; analysis/decks.py).
SCHEMA_VERSION = 3
DB_URL_ENV = "INNOSIKT_DB_URL"
DEFAULT_SQLITE_PATH = Path(__file__).resolve().parent.parent / "instance" / "innosikt.sqlite"

FEED_MODES: tuple[str, ...] = ("demo", "own", "both")
DEFAULT_FEED_MODE = "both"  # an import shows at once; demo data fills what it does not cover

# Schema tables an import can write, and the table whose rows a dataset's row count means.
STORED_TABLES: tuple[str, ...] = (
    "indicators",
    "indicator_values",
    "projects",
    "project_municipalities",
)
MAIN_TABLE: dict[str, str] = {
    "indicators": "indicator_values",
    "catalogue": "indicators",
    "projects": "projects",
}
CHUNK_ROWS = 20_000  # rows per insert batch; progress is reported between batches
SQLITE_BUSY_TIMEOUT_S = 30  # how long a writer waits for another writer (an import) to finish
_PG_INIT_LOCK = 0x1_7A05_1C7  # advisory lock id serialising init_db across processes
_WRITE = "innosikt_write"  # execution option: SQLite takes the write lock at BEGIN

# --- Tables ---------------------------------------------------------------------------------

METADATA = sa.MetaData()
# SQLite only auto-numbers a primary key declared exactly INTEGER.
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

DATASETS = sa.Table(
    "datasets",
    METADATA,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("source_name", sa.Text, nullable=False),
    sa.Column("checksum", sa.String(64), nullable=False, unique=True),  # sha256 of the file
    sa.Column("rows", sa.BigInteger, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),  # UTC
    sa.Column("created_by", sa.Text),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sqlite_autoincrement=True,  # never reuse a deleted dataset's id, as PostgreSQL does not
)

# One row (id = 1): app-wide settings and the counter behind data_version().
SETTINGS = sa.Table(
    "settings",
    METADATA,
    sa.Column("id", sa.Integer, sa.CheckConstraint("id = 1"), primary_key=True),
    sa.Column("feed_mode", sa.Text, nullable=False),
    sa.Column("data_version", sa.BigInteger, nullable=False),
    # Random per database, so a recreated database never repeats an old cache key.
    sa.Column("instance_id", sa.String(32), nullable=False),
)

SCHEMA_VERSIONS = sa.Table(
    "schema_version",
    METADATA,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)


def _sql_type(dtype: str | pd.CategoricalDtype) -> sa.types.TypeEngine:
    if isinstance(dtype, pd.CategoricalDtype):
        return sa.Text()  # vocabularies change with the schema module; checked on read
    return {
        "string": sa.Text(),
        "Int64": sa.BigInteger(),
        "Float64": sa.Double(),
        "boolean": sa.Boolean(),
    }[dtype]


def _data_table(table: schema.Table) -> sa.Table:
    """A schema table with `dataset_id` in front; the key is unique within one dataset."""
    return sa.Table(
        table.name,
        METADATA,
        sa.Column(
            "dataset_id",
            _ID,
            sa.ForeignKey("datasets.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        *(
            sa.Column(
                col.name,
                _sql_type(col.dtype),
                primary_key=col.name in table.key,
                nullable=col.nullable and col.name not in table.key,
                autoincrement=False,
            )
            for col in table.columns
        ),
    )


DATA_TABLES: dict[str, sa.Table] = {
    name: _data_table(schema.TABLES[name]) for name in STORED_TABLES
}

# Schema steps after version 1: {version: function(connection)} bringing version - 1 up to it.
# New tables alone need no step (create_all adds them); changed columns do. Version 2 only added
# the idea bank's tables, version 3 only the decks' tables.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}

# --- Errors and records ---------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetInfo:
    """One imported dataset, as listed in `datasets`."""

    id: int
    name: str
    kind: str
    source_name: str
    checksum: str
    rows: int
    created_at: dt.datetime  # UTC
    created_by: str | None
    active: bool


class DuplicateImport(ValueError):
    """The same file (same checksum) is already stored; `existing` says as what."""

    def __init__(self, existing: DatasetInfo):
        self.existing = existing
        super().__init__(
            f"Denne fila er allerede importert som «{existing.name}» "
            f"({existing.created_at:%d.%m.%Y %H:%M} UTC, datasett {existing.id})."
        )


class UnknownDataset(LookupError):
    """No dataset has this id (deleted meanwhile, perhaps in another tab)."""

    def __init__(self, dataset_id: int):
        self.dataset_id = dataset_id
        super().__init__(f"Fant ikke datasett {dataset_id}; det kan være slettet.")


# --- Connecting -----------------------------------------------------------------------------


def database_url(secrets: Mapping | None = None, env: Mapping[str, str] = os.environ) -> str:
    """INNOSIKT_DB_URL, else `[connections.sql] url` from secrets, else the default SQLite file."""
    if env.get(DB_URL_ENV):
        return env[DB_URL_ENV]
    try:
        url = secrets["connections"]["sql"]["url"] if secrets is not None else None
    except (KeyError, TypeError, FileNotFoundError):  # st.secrets without a secrets.toml
        url = None
    return url or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def make_engine(url: str) -> Engine:
    """An engine for SQLite (WAL, foreign keys, busy timeout) or PostgreSQL (psycopg 3)."""
    parsed = sa.make_url(url)
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        # Always psycopg 3 (imports use its COPY); a bare postgresql:// would pick psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
        return sa.create_engine(parsed, pool_pre_ping=True)
    if backend != "sqlite":
        raise ValueError(f"Innosikt støtter SQLite og PostgreSQL, ikke «{backend}».")
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    sa.event.listen(engine, "connect", _sqlite_on_connect)
    sa.event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 neither begins a transaction before DDL nor lets us choose IMMEDIATE;
    # SQLAlchemy's documented recipe: switch its transaction handling off and BEGIN ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA foreign_keys = ON")  # off by default; needed for ON DELETE CASCADE
    _use_wal(cursor)
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """Switch the file to WAL, so readers keep reading while an import runs (it stays WAL)."""
    # The switch needs the file to itself, and SQLite reports «locked» at once rather than
    # waiting when other connections open the new file at the same moment: retry.
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_on_begin(conn: Connection) -> None:
    # Writers take the write lock up front, so two writers queue instead of one failing.
    immediate = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def _writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back on any error."""
    with engine.connect().execution_options(**{_WRITE: True}) as conn, conn.begin():
        yield conn


def write_transaction(engine: Engine) -> AbstractContextManager[Connection]:
    """One write transaction for other modules of ours (the idea bank); see _writing."""
    return _writing(engine)


@contextmanager
def _reading(engine: Engine) -> Iterator[Connection]:
    """One read transaction that sees a single snapshot across several queries."""
    options = {"isolation_level": "REPEATABLE READ"} if _is_postgres(engine) else {}
    with engine.connect().execution_options(**options) as conn, conn.begin():
        yield conn


def read_transaction(engine: Engine) -> AbstractContextManager[Connection]:
    """One read transaction (one snapshot) for other modules of ours (the decks); see _reading."""
    return _reading(engine)


def _is_postgres(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


def init_db(engine: Engine) -> None:
    """Create the tables on first start and record SCHEMA_VERSION; safe to call every start."""
    # The idea bank and the decks define their tables on METADATA; importing them here makes sure
    # they exist whichever module the caller imported (a module-level import would be circular).
    from analysis import decks, ideas  # noqa: F401

    with _writing(engine) as conn:
        if _is_postgres(conn):
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_INIT_LOCK)))
        METADATA.create_all(conn)
        current = conn.scalar(sa.select(sa.func.max(SCHEMA_VERSIONS.c.version)))
        if current is not None and current > SCHEMA_VERSION:
            raise RuntimeError(
                f"Databasen har skjemaversjon {current}, men denne versjonen av Innosikt "
                f"kjenner bare til {SCHEMA_VERSION}. Oppdater Innosikt."
            )
        # A new database gets today's layout from create_all: only the current version is
        # recorded, and upgrade steps run only on databases written by an older Innosikt.
        first_step = SCHEMA_VERSION if current is None else current + 1
        for version in range(first_step, SCHEMA_VERSION + 1):
            if version in MIGRATIONS and current is not None:
                MIGRATIONS[version](conn)
            conn.execute(SCHEMA_VERSIONS.insert().values(version=version, applied_at=_now()))
        if conn.scalar(sa.select(SETTINGS.c.id)) is None:
            conn.execute(
                SETTINGS.insert().values(
                    id=1, feed_mode=DEFAULT_FEED_MODE, data_version=1, instance_id=uuid.uuid4().hex
                )
            )


def schema_version(engine: Engine) -> int | None:
    """The schema version recorded in the database, None before init_db."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(SCHEMA_VERSIONS.name):
            return None
        return conn.scalar(sa.select(sa.func.max(SCHEMA_VERSIONS.c.version)))


# --- Writing --------------------------------------------------------------------------------


def save_import(
    engine: Engine,
    result: ImportResult,
    name: str,
    *,
    user: str | None = None,
    progress: Callable[[float], None] | None = None,
) -> int:
    """Store an import as a new active dataset in one transaction; return its id.

    Raises DuplicateImport when a dataset with the same checksum exists (nothing is written) and
    SchemaError when the import has blocking problems. `progress` gets the share of rows written
    (0–1) after each batch.
    """
    if not result.report.ok:
        raise schema.SchemaError(list(result.report.problems))
    if result.kind not in MAIN_TABLE:
        raise ValueError(f"Ukjent importtype «{result.kind}».")
    unknown = set(result.tables) - set(STORED_TABLES)
    if unknown:
        raise ValueError(f"Kan ikke lagre tabellene {sorted(unknown)}.")
    frames = {
        table_name: schema.conform(frame, schema.TABLES[table_name])
        for table_name, frame in result.tables.items()
    }
    main = frames.get(MAIN_TABLE[result.kind])
    total = sum(len(frame) for frame in frames.values())
    written = 0

    def after_chunk(rows: int) -> None:
        nonlocal written
        written += rows
        if progress is not None:
            progress(written / total)

    try:
        with _writing(engine) as conn:
            existing = _dataset_by_checksum(conn, result.checksum)
            if existing is not None:
                raise DuplicateImport(existing)
            dataset_id = insert_dataset(
                conn,
                frames,
                name=name,
                kind=result.kind,
                source_name=result.source_name,
                checksum=result.checksum,
                rows=0 if main is None else len(main),
                user=user,
                after_chunk=after_chunk,
            )
    except sa.exc.IntegrityError:
        # Another process stored the same file between our check and our insert.
        with engine.connect() as conn:
            existing = _dataset_by_checksum(conn, result.checksum)
        if existing is None:
            raise
        raise DuplicateImport(existing) from None
    return dataset_id


def insert_dataset(
    conn: Connection,
    frames: Mapping[str, pd.DataFrame],
    *,
    name: str,
    kind: str,
    source_name: str,
    checksum: str,
    rows: int,
    user: str | None,
    after_chunk: Callable[[int], None] = lambda rows: None,
) -> int:
    """Write one active dataset and its schema-typed frames inside the caller's write transaction.

    For callers that write more in the same transaction (the idea bank's projects); imports go
    through save_import. Bumps the data version. Returns the new dataset's id.
    """
    dataset_id = conn.execute(
        DATASETS.insert().values(
            name=name,
            kind=kind,
            source_name=source_name,
            checksum=checksum,
            rows=rows,
            created_at=_now(),
            created_by=user,
            active=True,
        )
    ).inserted_primary_key[0]
    for table_name, frame in frames.items():
        _insert_frame(conn, DATA_TABLES[table_name], frame, dataset_id, after_chunk)
    _bump_data_version(conn)
    return dataset_id


def _insert_frame(
    conn: Connection,
    table: sa.Table,
    frame: pd.DataFrame,
    dataset_id: int,
    after_chunk: Callable[[int], None],
) -> None:
    # Rows are tuples in the table's column order: dataset_id, then the schema's columns.
    values = [_python_values(frame[column.name]) for column in table.columns[1:]]
    rows = list(zip([dataset_id] * len(frame), *values, strict=True))
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        _insert_rows(conn, table, chunk)
        after_chunk(len(chunk))


def _insert_rows(conn: Connection, table: sa.Table, rows: list[tuple]) -> None:
    # Measured on 200 000 values, against conn.execute(table.insert(), list_of_dicts): COPY is
    # 2.3-2.9x as fast on PostgreSQL, plain tuples through sqlite3's executemany 2.2-2.5x.
    if _is_postgres(conn):
        from psycopg import sql  # only PostgreSQL installs need psycopg

        copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name),
            sql.SQL(", ").join(sql.Identifier(column.name) for column in table.columns),
        )
        with conn.connection.driver_connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        conn.exec_driver_sql(str(table.insert().compile(dialect=conn.dialect)), rows)


def _python_values(column: pd.Series) -> list:
    """Plain Python values with None for missing, which every driver adapts."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype("string")
    return column.array.to_numpy(dtype=object, na_value=None).tolist()


def delete_dataset(engine: Engine, dataset_id: int) -> None:
    """Delete a dataset and all its rows."""
    with _writing(engine) as conn:
        deleted = conn.execute(sa.delete(DATASETS).where(DATASETS.c.id == dataset_id)).rowcount
        if not deleted:
            raise UnknownDataset(dataset_id)
        _bump_data_version(conn)


def undo_last_import(engine: Engine) -> DatasetInfo | None:
    """Delete the newest dataset and return what it was; None when there is none."""
    with _writing(engine) as conn:
        newest = conn.execute(sa.select(DATASETS).order_by(DATASETS.c.id.desc()).limit(1)).first()
        if newest is None:
            return None
        conn.execute(sa.delete(DATASETS).where(DATASETS.c.id == newest.id))
        _bump_data_version(conn)
    return _dataset_info(newest)


def set_active(engine: Engine, dataset_id: int, active: bool) -> None:
    """Show (active) or hide a dataset without deleting it."""
    with _writing(engine) as conn:
        info = conn.execute(sa.select(DATASETS).where(DATASETS.c.id == dataset_id)).first()
        if info is None:
            raise UnknownDataset(dataset_id)
        if info.active != active:
            conn.execute(
                sa.update(DATASETS).where(DATASETS.c.id == dataset_id).values(active=active)
            )
            _bump_data_version(conn)


def feed_mode(engine: Engine) -> str:
    """Which data the app shows: "demo", "own" or "both" (own values win on the same key)."""
    with engine.connect() as conn:
        return conn.scalar(sa.select(SETTINGS.c.feed_mode))


def set_feed_mode(engine: Engine, mode: str) -> None:
    """Choose which data the app shows (see FEED_MODES)."""
    if mode not in FEED_MODES:
        raise ValueError(f"Ukjent datagrunnlag «{mode}»; velg en av {', '.join(FEED_MODES)}.")
    with _writing(engine) as conn:
        changed = conn.execute(
            sa.update(SETTINGS).where(SETTINGS.c.feed_mode != mode).values(feed_mode=mode)
        ).rowcount
        if changed:
            _bump_data_version(conn)


def data_version(engine: Engine) -> str:
    """A key that changes whenever datasets, their activity or the feed mode change."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(SETTINGS.c.instance_id, SETTINGS.c.data_version)).one()
    return f"{row.instance_id}-{row.data_version}"


def _bump_data_version(conn: Connection) -> None:
    conn.execute(sa.update(SETTINGS).values(data_version=SETTINGS.c.data_version + 1))


def bump_data_version(conn: Connection) -> None:
    """Tell every session that what the dashboard shows has changed (inside a write transaction)."""
    _bump_data_version(conn)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- Reading --------------------------------------------------------------------------------


def list_datasets(engine: Engine) -> pd.DataFrame:
    """Every stored dataset, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(DATASETS).order_by(DATASETS.c.id.desc())).all()
    infos = [_dataset_info(row) for row in rows]
    return pd.DataFrame(
        {
            "id": pd.array([i.id for i in infos], dtype="Int64"),
            "name": pd.array([i.name for i in infos], dtype="string"),
            "kind": pd.array([i.kind for i in infos], dtype="string"),
            "source_name": pd.array([i.source_name for i in infos], dtype="string"),
            "checksum": pd.array([i.checksum for i in infos], dtype="string"),
            "rows": pd.array([i.rows for i in infos], dtype="Int64"),
            "created_at": pd.to_datetime([i.created_at for i in infos], utc=True),
            "created_by": pd.array([i.created_by for i in infos], dtype="string"),
            "active": pd.array([i.active for i in infos], dtype="boolean"),
        }
    )


def dataset_info(engine: Engine, dataset_id: int) -> DatasetInfo:
    """One dataset's record."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(DATASETS).where(DATASETS.c.id == dataset_id)).first()
    if row is None:
        raise UnknownDataset(dataset_id)
    return _dataset_info(row)


def _dataset_by_checksum(conn: Connection, checksum: str) -> DatasetInfo | None:
    row = conn.execute(sa.select(DATASETS).where(DATASETS.c.checksum == checksum)).first()
    return None if row is None else _dataset_info(row)


def _dataset_info(row: sa.Row) -> DatasetInfo:
    created_at = row.created_at
    # SQLite hands back naive datetimes (we store UTC); PostgreSQL aware ones in its session zone.
    created_at = (
        created_at.replace(tzinfo=dt.UTC)
        if created_at.tzinfo is None
        else created_at.astimezone(dt.UTC)
    )
    return DatasetInfo(
        id=int(row.id),
        name=row.name,
        kind=row.kind,
        source_name=row.source_name,
        checksum=row.checksum,
        rows=int(row.rows),
        created_at=created_at,
        created_by=row.created_by,
        active=bool(row.active),
    )


def stored_tables(
    engine: Engine, dataset_ids: Sequence[int] | None = None
) -> dict[str, pd.DataFrame]:
    """Schema-typed frames of the active datasets (or of `dataset_ids`, active or not).

    Where two datasets hold the same key, the newer dataset's row wins. Rows are sorted by key.
    """
    with _reading(engine) as conn:
        if dataset_ids is None:
            dataset_ids = conn.scalars(sa.select(DATASETS.c.id).where(DATASETS.c.active)).all()
        return {name: _read_table(conn, name, list(dataset_ids)) for name in STORED_TABLES}


def _read_table(conn: Connection, name: str, dataset_ids: list[int]) -> pd.DataFrame:
    spec, table = schema.TABLES[name], DATA_TABLES[name]
    if not dataset_ids:
        return schema.empty(spec)
    # Declared dtypes, because SQLite returns nullable integers as floats and booleans as 0/1.
    read_dtypes = {
        col.name: col.dtype
        for col in spec.columns
        if not isinstance(col.dtype, pd.CategoricalDtype)
    }
    raw = pd.read_sql(
        sa.select(table).where(table.c.dataset_id.in_(dataset_ids)),
        conn,
        dtype={"dataset_id": "Int64", **read_dtypes},
    )
    newest_first = (
        raw.sort_values("dataset_id", ascending=False, kind="stable")
        .drop_duplicates(list(spec.key))
        .drop(columns="dataset_id")
    )
    # Sorted here, not in SQL: collation differs between SQLite and PostgreSQL servers.
    return schema.conform(newest_first, spec).sort_values(list(spec.key), ignore_index=True)


def combined_dataset(demo: load.Dataset, engine: Engine) -> load.Dataset:
    """The dataset the app shows, by feed mode.

    demo: the demo dataset as it is. own: only stored rows, with the reference tables
    (municipalities, sectors) and the demo catalogue entries that stored values use but no stored
    catalogue defines. both: demo plus stored rows, stored rows winning on the key. In «own» and
    «both», ideas filed in the idea bank count in `capacity.ideas_filed` (added to the demo's
    synthetic counts in «both»), and projects made from ideas are stored rows like imported ones.
    """
    from analysis import ideas  # imports this module; see init_db

    mode = feed_mode(engine)
    if mode == "demo":
        return demo
    own = stored_tables(engine)
    filed = ideas.filed_per_year(engine)
    if mode == "own":
        used = own["indicator_values"]["indicator_id"].unique()
        demo_definitions = demo.indicators[
            demo.indicators["indicator_id"].isin(used)
            & ~demo.indicators["indicator_id"].isin(own["indicators"]["indicator_id"])
        ]
        projects = own["projects"]["project_id"]
        return dataclasses.replace(
            demo,
            indicators=_own_first(own["indicators"], demo_definitions, schema.INDICATORS),
            values=own["indicator_values"],
            projects=own["projects"],
            project_municipalities=own["project_municipalities"],
            awards=demo.awards[demo.awards["project_id"].isin(projects)].reset_index(drop=True),
            capacity=ideas.add_filed_ideas(schema.empty(schema.CAPACITY), filed),
            is_demo=False,
        )
    own_projects = own["projects"]["project_id"]
    return dataclasses.replace(
        demo,
        indicators=_own_first(own["indicators"], demo.indicators, schema.INDICATORS),
        values=_own_first(own["indicator_values"], demo.values, schema.INDICATOR_VALUES),
        projects=_own_first(own["projects"], demo.projects, schema.PROJECTS),
        # A project's member list comes whole from whichever side the project came from.
        project_municipalities=schema.conform(
            pd.concat(
                [
                    own["project_municipalities"],
                    demo.project_municipalities[
                        ~demo.project_municipalities["project_id"].isin(own_projects)
                    ],
                ],
                ignore_index=True,
            ),
            schema.PROJECT_MUNICIPALITIES,
        ),
        capacity=ideas.add_filed_ideas(demo.capacity, filed),
        is_demo=True,
    )


def _own_first(own: pd.DataFrame, demo: pd.DataFrame, table: schema.Table) -> pd.DataFrame:
    """Own rows plus the demo rows whose key no own row has."""
    key = list(table.key)
    demo_only = (
        demo.merge(own[key].drop_duplicates(), on=key, how="left", indicator=True)
        .query("_merge == 'left_only'")
        .drop(columns="_merge")
    )
    return schema.conform(pd.concat([own, demo_only], ignore_index=True), table)
