"""Databases for the storage tests: SQLite always, PostgreSQL when a server is given."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)]


@contextmanager
def fresh_database(base_url: str, directory: Path) -> Iterator[str]:
    """A URL for an empty database of this test's own, on the server `base_url` points at."""
    url = sa.make_url(base_url)
    if url.get_backend_name() == "sqlite":
        yield url.set(database=str(directory / "innosikt.sqlite")).render_as_string(False)
        return
    name = f"innosikt_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
