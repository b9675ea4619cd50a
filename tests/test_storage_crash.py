"""A process killed (kill -9) in the middle of an import leaves no half dataset behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from analysis import storage
from tests.test_storage import big_values, make_result

REPO_ROOT = Path(__file__).resolve().parent.parent
ROWS = 50_000
CHUNK_ROWS = 5_000
MARKER_TIMEOUT_S = 60


def import_until_killed(url: str, marker: str) -> None:
    """Run in a child process: start a large import, then wait mid-transaction to be killed."""
    storage.CHUNK_ROWS = CHUNK_ROWS

    def after_first_batch(share: float) -> None:
        written = Path(f"{marker}.tmp")
        written.write_text(f"{share}")
        written.replace(marker)  # atomic: the test never reads a half-written marker
        time.sleep(600)

    engine = storage.make_engine(url)
    result = make_result("indicators", {"indicator_values": big_values(ROWS)})
    storage.save_import(engine, result, "Avbrutt import", progress=after_first_batch)


def test_kill_9_during_an_import_leaves_no_dataset_and_no_rows(backend_url, tmp_path):  # noqa: F811
    engine = storage.make_engine(backend_url)
    storage.init_db(engine)
    version = storage.data_version(engine)
    marker = tmp_path / "first-batch-written"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from tests.test_storage_crash import import_until_killed; "
            "import_until_killed(sys.argv[1], sys.argv[2])",
            backend_url,
            str(marker),
        ],
        cwd=REPO_ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + MARKER_TIMEOUT_S
        while not marker.exists():
            if child.poll() is not None:
                raise AssertionError(
                    f"the import ended before it was killed:\n{child.stderr.read()}"
                )
            assert time.monotonic() < deadline, "the import never reported its first batch"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
        child.stderr.close()
    assert float(marker.read_text()) == CHUNK_ROWS / ROWS  # killed after one batch of ten

    engine.dispose()
    engine = storage.make_engine(backend_url)  # as a restarted app would
    assert storage.list_datasets(engine).empty
    with engine.connect() as conn:
        for table in storage.DATA_TABLES.values():
            assert conn.scalar(sa.select(sa.func.count()).select_from(table)) == 0, table.name
    assert storage.data_version(engine) == version
    # Nothing is left locked: the next import goes through.
    small = make_result("indicators", {"indicator_values": big_values(100)})
    storage.save_import(engine, small, "Ny")
    assert storage.list_datasets(engine)["rows"].tolist() == [100]
    engine.dispose()
