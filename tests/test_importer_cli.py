"""`python -m analysis.importer`: Norwegian report, exit codes, --dry-run storing nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "import"


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    """Run the importer CLI against a database of the test's own."""
    env = {**os.environ, "INNOSIKT_DB_URL": f"sqlite:///{db}"}
    return subprocess.run(
        [sys.executable, "-m", "analysis.importer", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_good_file_prints_the_norwegian_report_and_exits_0(tmp_path):
    done = run_cli(str(FIXTURES / "ssb_wide_title.csv"), "--dry-run", db=tmp_path / "db.sqlite")
    assert done.returncode == 0, done.stderr
    assert "Fil: ssb_wide_title.csv — indikatorverdier" in done.stdout
    assert "Hoppet over: 8 rader (lagres ikke)" in done.stdout
    assert "  - 3048 → 3314 (1 rad)" in done.stdout
    assert "Alt i orden: fila kan importeres." in done.stdout
    assert "ingenting er lagret" in done.stdout


def test_file_with_problems_lists_them_and_exits_1(tmp_path):
    done = run_cli(str(FIXTURES / "bad_unknown_codes.csv"), db=tmp_path / "db.sqlite")
    assert done.returncode == 1
    assert "Feil som må rettes før import: 2" in done.stdout
    assert "Rad 3, kolonne «kommunenummer»" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("garbage.bin", "ikke ut til å være en tekstfil"),
        ("empty.csv", "Fila er tom"),
        ("bad_separator.csv", "«|» som skilletegn"),
        ("finnes_ikke.csv", "fila finnes ikke"),
    ],
)
def test_unreadable_file_exits_2_with_a_clear_message_and_no_traceback(name, message, tmp_path):
    done = run_cli(str(FIXTURES / name), "--dry-run", db=tmp_path / "db.sqlite")
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_file_whose_rows_are_all_skipped_stores_nothing_and_exits_1(tmp_path):
    counties = tmp_path / "fylker.csv"
    counties.write_text(
        "region;år;statistikkvariabel;verdi\n32 Akershus;2024;Grunnskolepoeng;43,1\n",
        encoding="utf-8",
    )
    database = tmp_path / "db.sqlite"
    done = run_cli(str(counties), db=database)
    assert done.returncode == 1
    assert "Alt i orden" not in done.stdout
    assert "Ingenting importeres: ingen rader kan lagres. Hoppet over: 1 rad" in done.stdout
    assert "Lagret som datasett" not in done.stdout


def test_dry_run_creates_no_database(tmp_path):
    database = tmp_path / "db.sqlite"
    done = run_cli(str(FIXTURES / "long_utf8_bom.csv"), "--dry-run", db=database)
    assert done.returncode == 0, done.stderr
    assert not database.exists()


def test_dry_run_stores_nothing_in_an_existing_database(tmp_path):
    storage = pytest.importorskip("analysis.storage")
    database = tmp_path / "db.sqlite"
    engine = storage.make_engine(f"sqlite:///{database}")
    storage.init_db(engine)
    done = run_cli(str(FIXTURES / "long_utf8_bom.csv"), "--dry-run", db=database)
    assert done.returncode == 0, done.stderr
    assert storage.list_datasets(engine).empty


def test_import_stores_a_dataset_and_recognises_the_same_file_again(tmp_path):
    storage = pytest.importorskip("analysis.storage")
    database = tmp_path / "db.sqlite"
    first = run_cli(str(FIXTURES / "projects.csv"), "--name", "Prosjekter 2024", db=database)
    assert first.returncode == 0, first.stderr
    assert "Lagret som datasett 1 («Prosjekter 2024»)" in first.stdout
    datasets = storage.list_datasets(storage.make_engine(f"sqlite:///{database}"))
    assert datasets[["name", "kind", "rows"]].values.tolist() == [
        ["Prosjekter 2024", "projects", 3]
    ]
    again = run_cli(str(FIXTURES / "projects.csv"), db=database)
    assert again.returncode == 1
    assert "allerede importert" in again.stderr


def test_a_stored_catalogue_row_makes_its_indicator_known(tmp_path):
    pytest.importorskip("analysis.storage")
    database = tmp_path / "db.sqlite"
    values = tmp_path / "verdier.csv"
    values.write_text(
        "kommunenummer;year;indicator_id;value\n0301;2023;ok_netto_driftsutgifter;98000\n",
        encoding="utf-8",
    )
    assert run_cli(str(values), "--dry-run", db=database).returncode == 1
    assert run_cli(str(FIXTURES / "catalogue.csv"), db=database).returncode == 0
    assert run_cli(str(values), "--dry-run", db=database).returncode == 0


def test_map_option_says_which_catalogue_id_a_variable_is(tmp_path):
    done = run_cli(
        str(FIXTURES / "bad_unknown_indicator.csv"),
        "--dry-run",
        "--map",
        "Netto driftsutgifter per innbygger (kr)=kn_administrasjon",
        db=tmp_path / "db.sqlite",
    )
    assert done.returncode == 0, done.stdout


def test_excel_sheet_option(tmp_path):
    done = run_cli(
        str(FIXTURES / "two_sheets.xlsx"), "--sheet", "Bredt", "--dry-run", db=tmp_path / "db"
    )
    assert done.returncode == 0, done.stderr
    assert "Lest som Excel-ark «Bredt»" in done.stdout
