"""The app's database: imports stored whole or not at all, read back with exact dtypes.

Every test runs against SQLite and against a real PostgreSQL server (skipped without
INNOSIKT_TEST_PG_URL), each time in a fresh database of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import uuid

import pandas as pd
import pytest
import sqlalchemy as sa

from analysis import importer, load, schema, storage
from analysis.importer import ImportReport, ImportResult
from tests.databases import BACKENDS

# --- Builders ----------------------------------------------------------------------------------


def make_result(
    kind: str,
    tables: dict[str, pd.DataFrame],
    *,
    checksum: str | None = None,
    problems: list[schema.Problem] | None = None,
) -> ImportResult:
    """An ImportResult as the importer would return it for these tables."""
    rows = len(tables[storage.MAIN_TABLE[kind]]) if storage.MAIN_TABLE[kind] in tables else 0
    report = ImportReport(
        rows_read=rows,
        rows_ok=rows,
        skipped=pd.DataFrame(columns=["row", "column", "value", "reason"]),
        problems=problems or [],
        harmonised=pd.DataFrame(columns=["old_code", "new_code", "rows"]),
        notes=[],
    )
    return ImportResult(
        kind=kind,
        source_name=f"{kind}.csv",
        checksum=checksum or uuid.uuid4().hex * 2,
        tables={name: schema.conform(frame, schema.TABLES[name]) for name, frame in tables.items()},
        report=report,
    )


def values_frame(rows: list[tuple]) -> pd.DataFrame:
    """indicator_values from (kommunenummer, year, indicator_id, value, value_symbol) tuples."""
    return schema.conform(
        pd.DataFrame(rows, columns=schema.INDICATOR_VALUES.names), schema.INDICATOR_VALUES
    )


VALUES = values_frame(
    [
        ("0301", 2023, "gs_grunnskolepoeng", 41.5, None),
        ("0301", 2024, "gs_grunnskolepoeng", None, ".."),
        ("1508", 2024, "gs_grunnskolepoeng", 0.0, "-"),
        ("0301", 2024, "ny_indikator", 1e-300, None),
        ("5001", 2024, "ny_indikator", None, None),
    ]
)
CATALOGUE = schema.conform(
    pd.DataFrame(
        {
            "indicator_id": ["ny_indikator", "gs_grunnskolepoeng"],
            "sector_id": ["grunnskole", "grunnskole"],
            "name": ["Ny indikator", "Grunnskolepoeng (egen)"],
            "unit": ["prosent", "poeng"],
            "direction": ["lower", "higher"],
            "weight": [1.0, 2.5],
            "source": ["Egen kilde", None],
            "description": [None, "Æ, ø og å; «sitat»\tmed tab og\nlinjeskift"],
        }
    ),
    schema.INDICATORS,
)
PROJECTS = schema.conform(
    pd.DataFrame(
        {
            "project_id": ["E1", "E2"],
            "title": ["Velferdslab", "Digital hjemmetjeneste"],
            "description": [None, "Beskrivelse"],
            "sector_id": ["sosialtjeneste", None],
            "phase": ["ny praksis", "innsikt og idé"],
            "start_year": [2021, 2024],
            "end_year": [2023, None],
            "partner_types": ["akademia;innbyggere", None],
            "innovation_type": [None, "teknologisk innovasjon"],
            "budget_nok": [1_250_000.5, None],
            "source": ["Kommunens årsrapport", None],
            "is_real": [True, False],
        }
    ),
    schema.PROJECTS,
)
PROJECT_MUNICIPALITIES = schema.conform(
    pd.DataFrame({"project_id": ["E1", "E1", "E2"], "kommunenummer": ["0301", "3203", "0301"]}),
    schema.PROJECT_MUNICIPALITIES,
)
TABLES_BY_KIND = {
    "indicators": {"indicator_values": VALUES, "indicators": CATALOGUE},
    "catalogue": {"indicators": CATALOGUE},
    "projects": {"projects": PROJECTS, "project_municipalities": PROJECT_MUNICIPALITIES},
}


def save(engine: sa.Engine, kind: str, name: str = "Egne tall", **options) -> int:
    """Store the sample tables of one import kind; return the dataset id."""
    return storage.save_import(engine, make_result(kind, TABLES_BY_KIND[kind]), name, **options)


def sorted_by_key(frame: pd.DataFrame, table: schema.Table) -> pd.DataFrame:
    return frame.sort_values(list(table.key), ignore_index=True)


def row_counts(engine: sa.Engine) -> dict[str, int]:
    """Rows in every table that holds imported data."""
    with engine.connect() as conn:
        return {
            table.name: conn.scalar(sa.select(sa.func.count()).select_from(table))
            for table in [storage.DATASETS, *storage.DATA_TABLES.values()]
        }


EMPTY_COUNTS = {name: 0 for name in ["datasets", *storage.STORED_TABLES]}

# --- Configuration --------------------------------------------------------------------------


def test_database_url_prefers_the_environment_then_secrets_then_the_sqlite_file():
    secrets = {"connections": {"sql": {"url": "postgresql+psycopg://u@h/db"}}}
    env = {"INNOSIKT_DB_URL": "sqlite:////tmp/x.sqlite"}
    assert storage.database_url(secrets, env) == "sqlite:////tmp/x.sqlite"
    assert storage.database_url(secrets, {}) == "postgresql+psycopg://u@h/db"
    assert storage.database_url({}, {}) == f"sqlite:///{storage.DEFAULT_SQLITE_PATH}"
    assert storage.database_url(None, {"INNOSIKT_DB_URL": ""}).startswith("sqlite:///")


def test_a_bare_postgresql_url_uses_psycopg_3_and_other_databases_are_refused():
    engine = storage.make_engine("postgresql://u@localhost/db")
    assert engine.dialect.driver == "psycopg"
    with pytest.raises(ValueError, match="SQLite og PostgreSQL"):
        storage.make_engine("mysql://u@localhost/db")


def test_make_engine_creates_the_folder_of_a_sqlite_file(tmp_path):
    path = tmp_path / "instance" / "innosikt.sqlite"
    storage.init_db(storage.make_engine(f"sqlite:///{path}"))
    assert path.exists()


# --- init_db --------------------------------------------------------------------------------


@pytest.mark.parametrize("backend_url", BACKENDS, indirect=True)
def test_init_db_creates_the_tables_and_records_the_schema_version(backend_url):
    engine = storage.make_engine(backend_url)
    assert storage.schema_version(engine) is None
    storage.init_db(engine)
    assert storage.schema_version(engine) == storage.SCHEMA_VERSION
    assert set(sa.inspect(engine).get_table_names()) >= {
        "datasets",
        "settings",
        "schema_version",
        *storage.STORED_TABLES,
    }
    assert storage.feed_mode(engine) == storage.DEFAULT_FEED_MODE
    engine.dispose()


def test_init_db_again_keeps_data_settings_and_version(engine):
    dataset_id = save(engine, "catalogue", "K")
    storage.set_feed_mode(engine, "own")
    version = storage.data_version(engine)
    storage.init_db(engine)
    assert storage.data_version(engine) == version
    assert storage.feed_mode(engine) == "own"
    assert storage.list_datasets(engine)["id"].tolist() == [dataset_id]
    with engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(storage.SCHEMA_VERSIONS)) == 1


@pytest.mark.parametrize("backend_url", BACKENDS, indirect=True)
def test_init_db_from_several_connections_at_once_creates_everything_once(backend_url):
    engines = [storage.make_engine(backend_url) for _ in range(4)]
    start = threading.Barrier(len(engines))
    errors = []

    def start_app(engine):
        start.wait()
        try:
            storage.init_db(engine)
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=start_app, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engines[0].connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(storage.SETTINGS)) == 1
        assert conn.scalar(sa.select(sa.func.count()).select_from(storage.SCHEMA_VERSIONS)) == 1
    for engine in engines:
        engine.dispose()


def test_init_db_refuses_a_database_from_a_newer_innosikt(engine):
    with engine.begin() as conn:
        conn.execute(storage.SCHEMA_VERSIONS.insert().values(version=99, applied_at=storage._now()))
    with pytest.raises(RuntimeError, match="skjemaversjon 99"):
        storage.init_db(engine)


# --- save_import ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["indicators", "catalogue", "projects"])
def test_save_import_round_trips_every_table_exactly(engine, kind):
    tables = TABLES_BY_KIND[kind]
    before = {name: frame.copy() for name, frame in tables.items()}
    storage.save_import(engine, make_result(kind, tables), "Egne tall")
    stored = storage.stored_tables(engine)
    for name in storage.STORED_TABLES:
        table = schema.TABLES[name]
        expected = sorted_by_key(tables[name], table) if name in tables else schema.empty(table)
        pd.testing.assert_frame_equal(stored[name], expected)
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, before[name])  # the input is not changed


def test_a_file_parsed_by_the_importer_round_trips_with_its_checksum(engine):
    data = (
        b"kommunenummer,year,indicator_id,value\n"
        b"0301,2024,gs_grunnskolepoeng,41.5\n"
        b"1507,2023,gs_grunnskolepoeng,..\n"  # Ålesund's 2020 code, harmonised to 1508
        b"3314,2024,gs_grunnskolepoeng,\n"
    )
    result = importer.parse(
        data,
        "egne.csv",
        valid_codes=["0301", "1508", "3314"],
        catalogue_ids=["gs_grunnskolepoeng"],
    )
    dataset_id = storage.save_import(engine, result, "Egne tall")
    stored = storage.stored_tables(engine)["indicator_values"]
    pd.testing.assert_frame_equal(
        stored, sorted_by_key(result.tables["indicator_values"], schema.INDICATOR_VALUES)
    )
    assert stored["value_symbol"].tolist() == [pd.NA, "..", pd.NA]
    assert storage.dataset_info(engine, dataset_id).checksum == hashlib.sha256(data).hexdigest()


def test_save_import_records_the_dataset(engine):
    result = make_result("indicators", TABLES_BY_KIND["indicators"])
    before = dt.datetime.now(dt.UTC)
    dataset_id = storage.save_import(engine, result, "Egne tall 2024", user="ola@kommune.no")
    info = storage.dataset_info(engine, dataset_id)
    assert (info.name, info.kind, info.source_name, info.checksum) == (
        "Egne tall 2024",
        "indicators",
        "indicators.csv",
        result.checksum,
    )
    assert (info.rows, info.created_by, info.active) == (len(VALUES), "ola@kommune.no", True)
    assert before - dt.timedelta(seconds=5) <= info.created_at <= dt.datetime.now(dt.UTC)


def test_save_import_of_the_same_file_again_names_the_first_import_and_writes_nothing(engine):
    first = make_result("indicators", TABLES_BY_KIND["indicators"], checksum="a" * 64)
    first_id = storage.save_import(engine, first, "Første")
    counts, version = row_counts(engine), storage.data_version(engine)
    again = make_result("catalogue", {"indicators": CATALOGUE}, checksum="a" * 64)
    with pytest.raises(storage.DuplicateImport, match="«Første»") as raised:
        storage.save_import(engine, again, "Andre")
    assert raised.value.existing.id == first_id
    assert raised.value.existing.name == "Første"
    assert row_counts(engine) == counts
    assert storage.data_version(engine) == version


def test_the_same_file_saved_twice_at_once_is_stored_once(engine):
    results = [make_result("catalogue", {"indicators": CATALOGUE}, checksum="b" * 64)] * 2
    start = threading.Barrier(len(results))
    outcomes = []

    def upload(result):
        start.wait()
        try:
            outcomes.append(storage.save_import(engine, result, "Samtidig"))
        except storage.DuplicateImport as duplicate:
            outcomes.append(duplicate)

    threads = [threading.Thread(target=upload, args=(r,)) for r in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = [o for o in outcomes if isinstance(o, int)]
    duplicates = [o for o in outcomes if isinstance(o, storage.DuplicateImport)]
    assert len(stored) == len(duplicates) == 1
    assert duplicates[0].existing.id == stored[0]
    assert row_counts(engine)["indicators"] == len(CATALOGUE)


def test_save_import_with_blocking_problems_is_refused(engine):
    problem = schema.Problem("indicator_values", 3, "year", "20x4", "«20x4» er ikke et årstall.")
    result = make_result("indicators", {"indicator_values": VALUES}, problems=[problem])
    with pytest.raises(schema.SchemaError) as raised:
        storage.save_import(engine, result, "Feil")
    assert raised.value.problems == [problem]
    assert row_counts(engine) == EMPTY_COUNTS


def big_values(rows: int) -> pd.DataFrame:
    """`rows` indicator values over made-up municipalities, years and indicators."""
    index = pd.RangeIndex(rows)
    return values_frame(
        list(
            zip(
                (f"{i % 400:04d}" for i in index),
                (2000 + (i // 400) % 25 for i in index),
                (f"ind_{i // 10_000:03d}" for i in index),
                (None if i % 7 == 0 else i / 3 for i in index),
                (".." if i % 7 == 0 else None for i in index),
                strict=True,
            )
        )
    )


def test_an_error_after_the_first_batch_leaves_no_dataset_and_no_rows(engine, monkeypatch):
    monkeypatch.setattr(storage, "CHUNK_ROWS", 100)
    version = storage.data_version(engine)

    def fail_after_first_batch(share: float) -> None:
        raise RuntimeError("avbrutt")

    result = make_result("indicators", {"indicator_values": big_values(1_000)})
    with pytest.raises(RuntimeError, match="avbrutt"):
        storage.save_import(engine, result, "Halv", progress=fail_after_first_batch)
    assert row_counts(engine) == EMPTY_COUNTS
    assert storage.data_version(engine) == version


def test_a_database_error_in_a_later_table_leaves_nothing_behind(engine, monkeypatch):
    monkeypatch.setattr(storage, "CHUNK_ROWS", 2)
    insert_rows = storage._insert_rows

    def fail_in_second_table(conn, table, rows):
        if table.name == "project_municipalities":
            conn.exec_driver_sql("SELECT * FROM no_such_table")  # a real database error
        insert_rows(conn, table, rows)

    monkeypatch.setattr(storage, "_insert_rows", fail_in_second_table)
    with pytest.raises(sa.exc.DBAPIError):
        save(engine, "projects", "P")
    assert row_counts(engine) == EMPTY_COUNTS


def test_progress_rises_batch_by_batch_to_one(engine, monkeypatch):
    monkeypatch.setattr(storage, "CHUNK_ROWS", 2)
    shares: list[float] = []
    save(engine, "indicators", "P", progress=shares.append)
    assert shares == sorted(shares)
    assert len(shares) == 4  # 2 catalogue rows in 1 batch, 5 values in 3
    assert shares[-1] == 1.0


# --- Managing datasets ----------------------------------------------------------------------


def test_delete_dataset_removes_its_rows_and_keeps_the_others(engine):
    kept = save(engine, "projects", "P")
    gone = save(engine, "indicators", "I")
    storage.delete_dataset(engine, gone)
    assert storage.list_datasets(engine)["id"].tolist() == [kept]
    counts = row_counts(engine)
    assert counts["indicator_values"] == counts["indicators"] == 0
    assert counts["projects"] == len(PROJECTS)
    assert counts["project_municipalities"] == len(PROJECT_MUNICIPALITIES)


def test_deleting_an_unknown_dataset_says_so(engine):
    with pytest.raises(storage.UnknownDataset, match="Fant ikke datasett 42"):
        storage.delete_dataset(engine, 42)


def test_undo_last_import_removes_the_newest_dataset(engine):
    older = save(engine, "catalogue", "A")
    newer = save(engine, "projects", "B")
    undone = storage.undo_last_import(engine)
    assert (undone.id, undone.name) == (newer, "B")
    assert storage.list_datasets(engine)["id"].tolist() == [older]
    assert row_counts(engine)["projects"] == 0


def test_undo_last_import_with_nothing_stored_returns_none(engine):
    assert storage.undo_last_import(engine) is None


def test_list_datasets_is_newest_first_with_typed_columns(engine):
    save(engine, "catalogue", "A")
    save(engine, "projects", "B", user="kari")
    listed = storage.list_datasets(engine)
    assert listed["name"].tolist() == ["B", "A"]
    assert listed["created_by"].tolist() == ["kari", pd.NA]
    assert listed["rows"].tolist() == [len(PROJECTS), len(CATALOGUE)]
    assert listed.dtypes.astype(str).to_dict() == {
        "id": "Int64",
        "name": "string",
        "kind": "string",
        "source_name": "string",
        "checksum": "string",
        "rows": "Int64",
        "created_at": "datetime64[us, UTC]",
        "created_by": "string",
        "active": "boolean",
    }


def test_list_datasets_of_an_empty_database_has_the_columns(engine):
    assert storage.list_datasets(engine).columns.tolist() == [
        "id",
        "name",
        "kind",
        "source_name",
        "checksum",
        "rows",
        "created_at",
        "created_by",
        "active",
    ]


def test_set_active_hides_a_dataset_and_changes_the_data_version(engine):
    dataset_id = save(engine, "catalogue", "A")
    version = storage.data_version(engine)
    storage.set_active(engine, dataset_id, False)
    assert storage.data_version(engine) != version
    assert storage.stored_tables(engine)["indicators"].empty
    assert len(storage.stored_tables(engine, [dataset_id])["indicators"]) == len(CATALOGUE)


def test_set_active_to_the_current_state_keeps_the_data_version(engine):
    dataset_id = save(engine, "catalogue", "A")
    version = storage.data_version(engine)
    storage.set_active(engine, dataset_id, True)
    assert storage.data_version(engine) == version


def test_feed_mode_change_changes_the_data_version_and_unknown_modes_are_refused(engine):
    version = storage.data_version(engine)
    storage.set_feed_mode(engine, "own")
    assert storage.feed_mode(engine) == "own"
    assert storage.data_version(engine) != version
    with pytest.raises(ValueError, match="Ukjent datagrunnlag"):
        storage.set_feed_mode(engine, "alt")


def test_import_delete_and_undo_each_change_the_data_version(engine):
    versions = {storage.data_version(engine)}
    first = save(engine, "catalogue", "A")
    versions.add(storage.data_version(engine))
    save(engine, "projects", "B")
    versions.add(storage.data_version(engine))
    storage.undo_last_import(engine)
    versions.add(storage.data_version(engine))
    storage.delete_dataset(engine, first)
    versions.add(storage.data_version(engine))
    assert len(versions) == 5


def test_stored_tables_let_the_newer_dataset_win_on_the_same_key(engine):
    old = values_frame([("0301", 2024, "x", 1.0, None), ("0301", 2023, "x", 5.0, None)])
    new = values_frame([("0301", 2024, "x", 2.0, None)])
    storage.save_import(engine, make_result("indicators", {"indicator_values": old}), "Gammel")
    storage.save_import(engine, make_result("indicators", {"indicator_values": new}), "Ny")
    stored = storage.stored_tables(engine)["indicator_values"]
    assert stored["value"].tolist() == [5.0, 2.0]


# --- combined_dataset -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo() -> load.Dataset:
    """A small demo dataset: two municipalities, one indicator, one project, one award."""
    full = load.load_dataset()
    codes = ["0301", "1508"]
    demo_values = values_frame(
        [
            ("0301", 2024, "gs_grunnskolepoeng", 40.0, None),
            ("1508", 2024, "gs_grunnskolepoeng", 42.0, None),
        ]
    )
    return load.Dataset(
        municipalities=full.municipalities[full.municipalities["kommunenummer"].isin(codes)],
        sectors=full.sectors,
        indicators=full.indicators[full.indicators["indicator_id"] == "gs_grunnskolepoeng"],
        values=demo_values,
        projects=full.projects[full.projects["project_id"].isin(["R01", "D0001"])],
        project_municipalities=full.project_municipalities[
            full.project_municipalities["project_id"].isin(["R01", "D0001"])
        ],
        awards=full.awards[full.awards["project_id"] == "R01"],
        capacity=full.capacity[full.capacity["kommunenummer"].isin(codes)],
        is_demo=True,
    )


@pytest.fixture
def own_data(engine) -> sa.Engine:
    """A database with one own indicator import (values + catalogue) and one project import."""
    save(engine, "indicators", "I")
    save(engine, "projects", "P")
    return engine


def test_combined_dataset_in_demo_mode_is_the_demo(own_data, demo):
    storage.set_feed_mode(own_data, "demo")
    assert storage.combined_dataset(demo, own_data) is demo


def test_combined_dataset_in_own_mode_shows_only_own_rows(own_data, demo):
    storage.set_feed_mode(own_data, "own")
    shown = storage.combined_dataset(demo, own_data)
    assert shown.is_demo is False
    pd.testing.assert_frame_equal(shown.values, sorted_by_key(VALUES, schema.INDICATOR_VALUES))
    assert sorted(shown.indicators["indicator_id"]) == ["gs_grunnskolepoeng", "ny_indikator"]
    assert shown.indicators.set_index("indicator_id").loc["gs_grunnskolepoeng", "name"] == (
        "Grunnskolepoeng (egen)"
    )
    assert sorted(shown.projects["project_id"]) == ["E1", "E2"]
    assert shown.awards.empty and shown.capacity.empty
    pd.testing.assert_frame_equal(shown.municipalities, demo.municipalities)


def test_combined_dataset_in_own_mode_borrows_demo_definitions_for_known_indicators(engine, demo):
    values = values_frame([("0301", 2024, "gs_grunnskolepoeng", 39.0, None)])
    storage.save_import(engine, make_result("indicators", {"indicator_values": values}), "I")
    storage.set_feed_mode(engine, "own")
    shown = storage.combined_dataset(demo, engine)
    pd.testing.assert_frame_equal(shown.indicators, demo.indicators.reset_index(drop=True))


def test_combined_dataset_in_both_mode_lets_own_values_win_on_the_key(own_data, demo):
    storage.set_feed_mode(own_data, "both")
    shown = storage.combined_dataset(demo, own_data)
    assert shown.is_demo is True
    values = shown.values.set_index(["kommunenummer", "year", "indicator_id"])["value"]
    assert values.loc[("0301", 2024, "gs_grunnskolepoeng")] is pd.NA  # own «..» beats demo 40
    assert values.loc[("1508", 2024, "gs_grunnskolepoeng")] == 0.0  # own «-» beats demo 42
    assert values.loc[("0301", 2023, "gs_grunnskolepoeng")] == 41.5  # own only
    assert len(shown.values) == len(VALUES)  # every demo key is covered by an own row here
    assert sorted(shown.projects["project_id"]) == ["D0001", "E1", "E2", "R01"]
    assert len(shown.project_municipalities) == len(demo.project_municipalities) + 3
    pd.testing.assert_frame_equal(shown.capacity, demo.capacity)


def test_combined_dataset_in_both_mode_keeps_demo_values_own_data_does_not_cover(engine, demo):
    own = values_frame([("0301", 2024, "gs_grunnskolepoeng", 39.0, None)])
    storage.save_import(engine, make_result("indicators", {"indicator_values": own}), "I")
    storage.set_feed_mode(engine, "both")
    shown = storage.combined_dataset(demo, engine)
    values = shown.values.set_index("kommunenummer")["value"]
    assert values.to_dict() == {"0301": 39.0, "1508": 42.0}
    assert shown.values.dtypes.to_dict() == schema.INDICATOR_VALUES.dtypes
    assert shown.projects.dtypes.to_dict() == schema.PROJECTS.dtypes
