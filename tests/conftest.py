"""Test-wide setup: a throwaway database for each test run, and the browser-test skip rule."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.databases import BACKENDS, fresh_database

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_PATH = Path("/usr/bin/chromium")
DB_URL_ENV = "INNOSIKT_DB_URL"  # the app's storage; read by the loading module
TEST_PG_URL_ENV = "INNOSIKT_TEST_PG_URL"  # a PostgreSQL server for storage tests; .ci/run sets it

_DB_DIR = pytest.StashKey[Path]()
_PREVIOUS_DB_URL = pytest.StashKey["str | None"]()


def pytest_configure(config: pytest.Config) -> None:
    # Set before any test module is imported, so even a module that reads the URL at import time
    # never sees (and never writes to) a database a developer has configured for real use.
    db_dir = Path(tempfile.mkdtemp(prefix="innosikt-test-db-"))
    config.stash[_DB_DIR] = db_dir
    config.stash[_PREVIOUS_DB_URL] = os.environ.get(DB_URL_ENV)
    os.environ[DB_URL_ENV] = f"sqlite:///{db_dir / 'innosikt.db'}"


def pytest_unconfigure(config: pytest.Config) -> None:
    previous = config.stash.get(_PREVIOUS_DB_URL, None)
    if previous is None:
        os.environ.pop(DB_URL_ENV, None)
    else:
        os.environ[DB_URL_ENV] = previous
    if _DB_DIR in config.stash:
        shutil.rmtree(config.stash[_DB_DIR], ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM_PATH.exists():
        return
    skip_browser = pytest.mark.skip(
        reason=f"{CHROMIUM_PATH} not found: install Debian's Chromium "
        "(apt-get install -y chromium) to run browser tests"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip_browser)


@pytest.fixture
def db_url() -> str:
    """The SQLite URL that INNOSIKT_DB_URL points at during this test run."""
    return os.environ[DB_URL_ENV]


@pytest.fixture
def postgres_url() -> str:
    """A SQLAlchemy URL for a disposable PostgreSQL server; skips when none is running."""
    url = os.environ.get(TEST_PG_URL_ENV)
    if not url:
        pytest.skip(f"{TEST_PG_URL_ENV} is not set: .ci/run's start_postgres sets it")
    return url


@pytest.fixture(params=BACKENDS)
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of this test's own on SQLite (db_url) or PostgreSQL (postgres_url)."""
    base = request.getfixturevalue("db_url" if request.param == "sqlite" else "postgres_url")
    with fresh_database(base, tmp_path) as url:
        yield url


@pytest.fixture
def engine(backend_url: str) -> Iterator[sa.Engine]:
    """An initialised, empty database (storage, decks and idea-bank tests)."""
    from analysis import storage  # imported late: pytest_configure sets the app's URL first

    engine = storage.make_engine(backend_url)
    storage.init_db(engine)
    yield engine
    engine.dispose()
