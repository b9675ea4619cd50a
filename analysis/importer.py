"""Read analysts' own files (Innosikt templates, SSB exports; CSV or Excel) into schema tables.

`detect` says what a file looks like; `parse` reads it into schema-conformed tables and an
ImportReport listing every problem with row, column, value and how to fix it. Any bytes either load
or raise ImportRefused, never another exception. Row numbers are the ones the user sees: the line
in a CSV file or the row in an Excel sheet, title and header lines included.

Big CSV files go through pyarrow's multi-threaded reader and vectorised cleaning: each distinct
municipality code, year and indicator is checked once, not once per row. In a long file
four-digit codes and years are read as 4-byte values and turned into numbers without hashing,
the indicator column is kept as the text pandas gets, and plain decimal-comma numbers are parsed
by the reader itself, the SSB symbols among them found in the file meanwhile. A long file sorted
in blocks (each municipality and year once, the same indicators in the same order) is checked
run by run and block by block, with no per-row keys at all. Anything irregular takes the general
path, which reports every problem; tests hold the fast paths to the general one's results.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime as dt
import functools
import hashlib
import io
import os
import re
import sys
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analysis import codes, i18n, schema

KINDS: tuple[str, ...] = ("indicators", "catalogue", "projects")
KIND_LABELS: dict[str, str] = {
    "indicators": "indikatorverdier",
    "catalogue": "indikatorkatalog",
    "projects": "prosjekter",
}
# Roles a user can point at a column in the mapping step → the schema column they fill.
MAPPING_ROLES: dict[str, str] = {
    "municipality": "kommunenummer",
    "year": "year",
    "indicator": "indicator_id",
    "value": "value",
}


def _env_megabytes(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


# Files above this size are refused before they are read (the operator may raise it).
MAX_BYTES = _env_megabytes("INNOSIKT_MAX_UPLOAD_MB", 200) * 1_000_000
SEPARATORS: tuple[str, ...] = (";", "\t", ",")  # in order of preference when equally likely
SEPARATOR_NAMES = {";": "semikolon", "\t": "tabulator", ",": "komma", None: "ingen"}
SNIFF_BYTES = 256 * 1024  # how much of a CSV file detection reads
SNIFF_ROWS = 200
MAX_PROBLEMS_PER_CHECK = 200  # distinct bad values listed per check; the rest are counted
ROWS_IN_MESSAGE = 5  # row numbers spelled out in one problem's message
ROWS_KEPT = 50  # row numbers kept in ImportProblem.rows
FUTURE_YEARS_OK = 1  # a year more than this far ahead is flagged as suspicious
SYMBOLS: tuple[str, ...] = tuple(schema.SSB_SYMBOLS)
_SYMBOL_DOTS = np.array([s.count(".") for s in SYMBOLS])
_SYMBOL_INDEX = {s.encode(): k for k, s in enumerate(SYMBOLS)}
_NULL_TEXTS = frozenset({b"", *_SYMBOL_INDEX})  # what the reader makes null in a number column
_NULL_CELLS_LOOKED_UP = 200_000  # null number cells found line by line before reading as text
_BLOCK_BYTES = 3 << 20  # pyarrow's reader parses blocks of this size in parallel
_SYMBOL_SCAN_BYTES_PER_HIT = 1024  # the symbol search gives up above a hit per 1 KiB or so

# Header names (normalised by _norm) that say which role a column has, best match first.
ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    "municipality": (
        "kommunenummer",
        "kommunenr",
        "kommune nr",
        "kommunekode",
        "kommune nummer",
        "knr",
        "municipality code",
        "municipality",
        "region",
        "kommune",
    ),
    "year": ("year", "år", "aar", "årstall", "arstall", "statistikkår", "tid"),
    "indicator": (
        "indicator id",
        "indikator id",
        "indikatorid",
        "indicator",
        "indikator",
        "statistikkvariabel",
        "variabel",
        "contentscode",
    ),
    "value": ("value", "verdi", "tall", "verdier"),
    "symbol": ("value symbol", "symbol (ssb)", "symbol", "verdisymbol"),
}
# Columns an indicator file may carry beside the data, which are not values (names, units…).
IGNORED_NAMES: frozenset[str] = frozenset(
    {
        "kommunenavn",
        "kommune navn",
        "navn",
        "name",
        "municipality name",
        "fylke",
        "fylkesnavn",
        "fylkesnummer",
        "county",
        "county name",
        "county number",
        "enhet",
        "unit",
        "kilde",
        "source",
        "merknad",
        "merknader",
        "kommentar",
        "note",
        "notes",
        "beskrivelse",
        "description",
        "sector id",
        "sektor",
        "direction",
        "weight",
        *ROLE_ALIASES["municipality"],
        *ROLE_ALIASES["indicator"],
    }
)
# Header names for the catalogue and project tables: schema name, Norwegian label, common words.
FIELD_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "catalogue": {
        "indicator_id": ("indicator id", "indikator id", "indikatorid", "id"),
        "sector_id": ("sector id", "sektor id", "sektor", "sector"),
        "name": ("name", "indikator", "navn", "indikatornavn", "indicator name"),
        "unit": ("unit", "enhet"),
        "direction": ("direction", "best når", "retning"),
        "weight": ("weight", "vekt i sektor", "vekt"),
        "source": ("source", "kilde"),
        "description": ("description", "beskrivelse"),
    },
    "projects": {
        "project_id": ("project id", "prosjekt id", "prosjektid", "id"),
        "title": ("title", "tittel", "prosjektnavn", "prosjekt", "navn", "name"),
        "description": ("description", "beskrivelse"),
        "sector_id": ("sector id", "sektor id", "sektor", "sector"),
        "phase": ("phase", "fase"),
        "start_year": ("start year", "startår", "start år", "oppstart", "start"),
        "end_year": ("end year", "sluttår", "slutt år", "slutt"),
        "partner_types": ("partner types", "partnere", "partnertyper", "partner"),
        "innovation_type": ("innovation type", "innovasjonstype", "type"),
        "budget_nok": ("budget nok", "budsjett (kr)", "budsjett kr", "budsjett"),
        "source": ("source", "kilde"),
        "is_real": ("is real", "reell (ikke demodata)", "reell", "ekte"),
        "municipalities": (
            "kommunenummer",
            "kommuner",
            "kommunenumre",
            "kommunenr",
            "kommune",
            "knr",
            "municipalities",
        ),
    },
}
_KNOWN_HEADER_NAMES = frozenset(
    {alias for aliases in ROLE_ALIASES.values() for alias in aliases}
    | {alias for kind in FIELD_ALIASES.values() for group in kind.values() for alias in group}
)
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "catalogue": ("indicator_id", "sector_id", "name", "unit", "direction", "weight"),
    "projects": ("project_id", "title", "phase", "start_year", "municipalities"),
}
FIELD_HELP: dict[str, str] = {
    "indicator_id": "kort ID uten mellomrom, f.eks. «gs_grunnskolepoeng»",
    "sector_id": "sektor-ID, f.eks. «grunnskole»",
    "name": "indikatorens navn",
    "unit": "enhet, f.eks. «prosent»",
    "direction": "«higher» (høyere er bedre) eller «lower» (lavere er bedre)",
    "weight": "vekt i sektoren, et tall",
    "project_id": "prosjektets ID, f.eks. «P001»",
    "title": "prosjektets tittel",
    "phase": "fase: " + ", ".join(schema.PHASES),
    "start_year": "startår med fire sifre",
    "municipalities": "kommunenummer, flere skilt med «;» eller «,»",
}
DIRECTION_WORDS: dict[str, str] = {
    **dict.fromkeys(("higher", "høyere", "høy", "høyt", "hoy", "hoyere", "opp", "+"), "higher"),
    **dict.fromkeys(("lower", "lavere", "lav", "lavt", "ned", "-"), "lower"),
}
TRUE_WORDS = frozenset({"true", "ja", "1", "yes", "x", "sann", "sant"})
FALSE_WORDS = frozenset({"false", "nei", "0", "no", "usann", "usant"})

# Region cells: «3314 Øvre Eiker», «K-3314 …», «3048 Øvre Eiker (2020-2023)», «32 Akershus».
_REGION_CODE = re.compile(r"^(?:K-)?(\d+)(?:\s+.*)?$", re.IGNORECASE | re.DOTALL)
# SSB/KOSTRA aggregates: EKA32 (county), EKG13 (KOSTRA group), EAK/EAKUO (country, without Oslo).
_AGGREGATE_CODE = re.compile(r"^E[A-Z]{2,6}\d*(?:\s|$)")
_NATIONAL_NAME = re.compile(r"^(hele landet|landet|norge|landet uten oslo)\b", re.IGNORECASE)
_SSB_TITLE = re.compile(r"^\s*(\d{3,6})\s*:\s*(.+)$", re.DOTALL)
_HEADER_YEAR = re.compile(r"^(?:(?P<before>.*\S)\s+)?(?P<year>\d{4})(?:\s+(?P<after>\S.*))?$")
_FORMULA = re.compile(r"^\s*=")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
# Numbers as RE2 patterns (pyarrow): optional sign, digits in groups of three or not, decimals.
_NUMBER_PATTERN = {
    ",": r"^[+-]?(?:(?:\d{1,3}(?:[. ]\d{3})+|\d+)(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?$",
    ".": r"^[+-]?(?:(?:\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$",
}
_THOUSANDS_PATTERN = {",": r"[. ]", ".": r"[, ]"}
# A decimal-comma number the CSV reader parses as _NUMBER_PATTERN would (no thousands groups).
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?\Z")
# For guessing the decimal mark from a sample: unambiguous and ambiguous («1.234») cells.
_COMMA_DECIMAL = re.compile(r"^[+-]?(\d+|\d{1,3}([. \u00a0]\d{3})+)?,\d+([eE][+-]?\d+)?$")
_POINT_DECIMAL = re.compile(r"^[+-]?(\d+|\d{1,3}([, \u00a0]\d{3})+)?\.\d+([eE][+-]?\d+)?$")
_AMBIGUOUS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
_AMBIGUOUS_POINT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_SCAN_BYTES = 1 << 22  # bytes compared at a time (bounds the temporary masks)
_PERIOD_PROBE = 1 << 14  # rows hashed to find the period of a repeating text column


# --- Public types ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Detection:
    """What a file looks like, and how sure we are; `mapping` is a suggestion for the user."""

    kind: str | None  # one of KINDS
    layout: str  # long, wide_indicators, wide_years, wide_mixed, table, unknown
    file_format: str  # "csv" or "xlsx"
    encoding: str | None
    separator: str | None
    decimal: str | None
    confidence: float  # 0–1
    columns: list[str]  # header as in the file
    mapping: dict[str, str]  # role (MAPPING_ROLES, or "symbol") → column name
    header_row: int | None  # line/row number of the header; None when the file has none
    sheets: list[str] = field(default_factory=list)  # Excel: every sheet, in order
    sheet: str | None = None  # Excel: the sheet detected
    source: str = "other"  # "innosikt", "ssb" or "other"
    title: str | None = None  # SSB: the table's title line
    notes: list[str] = field(default_factory=list)
    needs_mapping: bool = False  # the user should confirm which column is what
    # CSV: what was read from the start of the file, which parse() need not read again
    shape: _CsvShape | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class ImportProblem(schema.Problem):
    """A schema.Problem that also says how to fix it and every row it occurs on."""

    what: str = ""  # what is wrong (the message without the fix)
    fix: str = ""  # Norwegian: how to fix it
    rows: tuple[int, ...] = ()  # rows with the same problem and value (up to ROWS_KEPT)
    count: int = 1  # how many cells have it


@dataclass(frozen=True)
class ImportReport:
    """What an import found: rows read, kept and skipped, codes harmonised, problems."""

    rows_read: int  # data rows in the file
    rows_ok: int  # rows that will be stored (in the main table)
    skipped: pd.DataFrame  # row, column, value, reason (Norwegian)
    problems: list[schema.Problem]  # blocking: nothing is stored while there are any
    harmonised: pd.DataFrame  # old_code, new_code, rows
    notes: list[str]  # Norwegian notes for the summary

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ImportResult:
    """A parsed file: schema-conformed tables ready for storage, and the report."""

    kind: str
    source_name: str
    checksum: str  # sha256 of the file's bytes
    tables: dict[str, pd.DataFrame]
    report: ImportReport


class ImportRefused(ValueError):
    """The file cannot be read at all; str() says why in Norwegian, .problems lists details."""

    def __init__(self, message: str, problems: Sequence[schema.Problem] = ()):
        self.problems = list(problems)
        super().__init__(message)


# --- Public API -----------------------------------------------------------------------------


def detect(data: bytes, name: str = "", *, sheet: str | None = None) -> Detection:
    """Guess format, kind and layout from the first rows; ImportRefused if unreadable."""
    source = _open(data, name, sheet=sheet, sample_only=True)
    kind, kind_confidence = _detect_kind(source.header)
    plan = _plan(source, kind, mapping=None, known_ids=frozenset(), indicator_map={})
    confidence = min(kind_confidence, plan.confidence, 1.0 if source.decimal_sure else 0.8)
    if source.header_row is None:
        confidence = min(confidence, 0.4)
    needs_mapping = kind == "indicators" and (bool(plan.missing_roles) or confidence < 0.6)
    return Detection(
        kind=kind,
        layout=plan.layout,
        file_format=source.file_format,
        encoding=source.encoding,
        separator=source.separator,
        decimal=source.decimal,
        confidence=round(confidence, 2),
        columns=list(source.header),
        mapping={role: source.header[i] for role, i in plan.roles.items()},
        header_row=source.header_row,
        sheets=list(source.sheets),
        sheet=source.sheet,
        source=_source_family(source, plan),
        title=source.title,
        notes=[*source.notes, *plan.notes],
        needs_mapping=needs_mapping,
        shape=source.shape,
    )


def list_sheets(data: bytes) -> list[str]:
    """The worksheets of an Excel file, in order; ImportRefused for anything else."""
    _check_size(data, MAX_BYTES)
    if _file_format(data, "") != "zip":
        raise ImportRefused("Fila er ikke en Excel-fil (.xlsx), så den har ingen ark.")
    workbook = _open_workbook(data, MAX_BYTES)
    try:
        return [ws.title for ws in workbook.worksheets]
    finally:
        workbook.close()


def parse(
    data: bytes,
    name: str = "",
    *,
    kind: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | None = None,
    valid_codes: Iterable[str],
    catalogue_ids: Iterable[str] | Mapping[str, str],
    indicator_map: Mapping[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    current_year: int | None = None,
    detection: Detection | None = None,
) -> ImportResult:
    """Read a file into schema tables with a report of every problem; ImportRefused if unreadable.

    `catalogue_ids` are the indicator ids the catalogue knows; pass a mapping id → name to let SSB
    variable names match catalogue names. `indicator_map` says which catalogue id a file's
    indicator text is (the UI's mapping step); `mapping` says which column has which role
    (MAPPING_ROLES); `sheet` picks an Excel sheet (default: the first). `detection`, detect()'s
    answer for the same bytes, saves reading the start of a CSV file again (it is checked to be
    the same start).
    """
    if kind is not None and kind not in KINDS:
        raise ImportRefused(f"Ukjent type «{kind}»: velg en av {', '.join(KINDS)}.")
    _check_size(data, max_bytes)
    data = bytes(data)
    checksum = _Checksum(data)
    shape = detection.shape if detection is not None else None
    source = _open(data, name, sheet=sheet, sample_only=False, max_bytes=max_bytes, shape=shape)
    if kind is None:
        kind, _ = _detect_kind(source.header)
    context = _Context.build(
        valid_codes=valid_codes,
        catalogue_ids=catalogue_ids,
        indicator_map=indicator_map or {},
        current_year=current_year or dt.date.today().year,
    )
    plan = _plan(source, kind, mapping, context.known_ids, context.indicator_map)
    if source.file_format == "csv":
        checksum.pause()  # pyarrow's reader uses both cores; the checks after it only this one
    try:
        grid = _read_grid(source, plan)
    finally:
        checksum.resume()
    if kind == "indicators":
        built = _build_indicators(source, grid, plan, context)
    else:
        built = _build_table(kind, source, grid, plan, context)
    problems = [*grid.problems, *plan.problems, *built.problems]
    if grid.records == 0:
        problems.append(
            _problem(
                _MAIN_TABLE[kind],
                source.header_row,
                None,
                None,
                "Fila har ingen datarader under overskriften.",
                "Fyll inn minst én rad, eller sjekk at du lastet opp riktig fil.",
            )
        )
    skipped = built.skipped
    if grid.skipped:
        skipped = pd.concat([grid.skipped_frame(), skipped], ignore_index=True)
    if len(skipped):
        skipped = skipped.sort_values("row", kind="stable", ignore_index=True)
    report = ImportReport(
        rows_read=grid.records,
        rows_ok=len(built.tables[_MAIN_TABLE[kind]]),
        skipped=skipped,
        problems=problems,
        harmonised=built.harmonised,
        notes=[_format_note(source), *source.notes, *plan.notes, *grid.notes, *built.notes],
    )
    return ImportResult(
        kind=kind,
        source_name=name,
        checksum=checksum.hexdigest(),
        tables=built.tables,
        report=report,
    )


def report_lines(
    result: ImportResult, *, max_problems: int = 20, lang: str = i18n.DEFAULT_LANGUAGE
) -> list[str]:
    """The report as lines, printed the same way by the CLI and the data page.

    Headings and summary lines come from the translation table in `lang`; the problems, notes
    and reasons quote the file and stay in Norwegian.
    """

    def t(key: str, **fields: object) -> str:
        return i18n.t(f"import_report_{key}", lang, **fields)

    def rows(number: int) -> str:
        return t("row" if number == 1 else "rows", n=_n(number))

    report = result.report
    main = _MAIN_TABLE[result.kind]
    lines = [
        t("file", name=result.source_name or t("unnamed"), kind=t(f"kind_{result.kind}")),
        t("rows_read", n=_n(report.rows_read)),
        t("ready", rows=rows(report.rows_ok), table=t(f"table_{main}")),
    ]
    for table_name, frame in result.tables.items():
        if table_name != main and len(frame):
            lines.append(t("also", rows=rows(len(frame)), table=t(f"table_{table_name}")))
    if not report.skipped.empty:
        lines.append(t("skipped", rows=rows(len(report.skipped))))
        reasons = report.skipped["reason"].value_counts(sort=False)
        lines += [f"  - {_n(count)} × {reason}" for reason, count in reasons.items()]
    if not report.harmonised.empty:
        total = int(report.harmonised["rows"].sum())
        lines.append(t("harmonised", n=_n(len(report.harmonised)), rows=rows(total)))
        lines += [
            f"  - {row.old_code} → {row.new_code} ({rows(row.rows)})"
            for row in report.harmonised.head(max_problems).itertuples()
        ]
    if report.notes:
        lines.append(t("notes"))
        lines += [f"  - {note}" for note in report.notes]
    if report.problems:
        lines.append(t("problems", n=_n(len(report.problems))))
        lines += [f"  - {_problem_line(p, lang)}" for p in report.problems[:max_problems]]
        if len(report.problems) > max_problems:
            lines.append(t("more_problems", n=_n(len(report.problems) - max_problems)))
        lines.append(t("not_imported"))
    elif report.rows_ok == 0:
        lines.append(_nothing_to_import(result, lang))
    else:
        lines.append(t("ok"))
    return lines


def _nothing_to_import(result: ImportResult, lang: str) -> str:
    """Why a file without problems still stores nothing: rows skipped, or no values at all."""
    skipped = result.report.skipped
    if skipped.empty:
        return i18n.t("import_report_nothing_empty", lang)
    n = len(skipped)
    rows = i18n.t("import_report_row" if n == 1 else "import_report_rows", lang, n=_n(n))
    aggregates = skipped["reason"].str.endswith(_NOT_A_MUNICIPALITY).all()
    key = "aggregates" if result.kind == "indicators" and aggregates else "skipped"
    return i18n.t(f"import_report_nothing_{key}", lang, rows=rows)


def problems_frame(report: ImportReport) -> pd.DataFrame:
    """The report's problems as a table: Rad, Kolonne, Verdi, Feil, Slik retter du det."""
    return problems_frame_from(report.problems)


def problems_frame_from(problems: Sequence[schema.Problem]) -> pd.DataFrame:
    """Any list of problems (from a report or an ImportRefused) as the same table."""
    return pd.DataFrame(
        {
            "Rad": pd.array([p.row for p in problems], dtype="Int64"),
            "Kolonne": pd.array([p.column for p in problems], dtype="string"),
            "Verdi": pd.array([p.value for p in problems], dtype="string"),
            "Feil": pd.array([getattr(p, "what", "") or p.message for p in problems], "string"),
            "Slik retter du det": pd.array([getattr(p, "fix", "") for p in problems], "string"),
        }
    )


def slugify(text: str) -> str:
    """An indicator id made from a name: «Andel barn 1–2 år» → «andel_barn_1_2_ar»."""
    lowered = str(text).lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    unaccented = "".join(
        ch for ch in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(ch)
    )
    return re.sub(r"[^a-z0-9]+", "_", unaccented).strip("_")


# --- Internal records -----------------------------------------------------------------------


class _Background:
    """A function run in a thread while the caller goes on; result() waits for it.

    Worth it for work that releases the GIL (hashlib, numpy's loops, pyarrow's kernels): the
    machine's other core does it meanwhile.
    """

    def __init__(self, function: Callable[..., object], *args: object, inline: bool = False):
        """`inline`: the function is quick, so it is run here and now, with no thread."""
        self._result: object = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(function, args), daemon=True)
        if inline:
            self._run(function, args)
        else:
            self._thread.start()

    def _run(self, function: Callable[..., object], args: tuple) -> None:
        try:
            self._result = function(*args)
        except BaseException as error:  # handed to the caller in result()
            self._error = error

    def result(self) -> object:
        if self._thread.is_alive():
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result


class _Checksum:
    """sha256 of the file, computed in background threads (hashlib releases the GIL).

    A piece at a time until paused, so that it makes way while the CSV reader keeps both cores
    busy; after that the rest in one call. (Between pieces a thread needs the GIL, which a busy
    thread holds for up to the interpreter's switch interval.)
    """

    PIECE = 2 << 20

    def __init__(self, data: bytes):
        self._data = memoryview(data)
        self._hash = hashlib.sha256()
        self._done = 0
        self._stop = threading.Event()
        self._thread = _Background(self._pieces)

    def _pieces(self) -> None:
        # A quarter first, about what a CSV file's checks take before its read (full-file
        # scans): the thread would wait for the GIL through them anyway.
        piece = max(self.PIECE, len(self._data) // 4)
        while self._done < len(self._data) and not self._stop.is_set():
            self._hash.update(self._data[self._done : self._done + piece])
            self._done += piece
            piece = self.PIECE

    def pause(self) -> None:
        self._stop.set()

    def resume(self) -> None:
        self._thread.result()  # the piece in hand
        if self._done < len(self._data):
            self._thread = _Background(self._hash.update, self._data[self._done :])
            self._done = len(self._data)

    def hexdigest(self) -> str:
        self.resume()
        self._thread.result()
        return self._hash.hexdigest()


_MAIN_TABLE = {"indicators": "indicator_values", "catalogue": "indicators", "projects": "projects"}
_SKIPPED_COLUMNS = ["row", "column", "value", "reason"]


@dataclass
class _Source:
    """A file opened far enough to know its shape: header, first rows, format details."""

    file_format: str  # "csv" or "xlsx"
    header: list[str]  # column names as shown to the user (unique, never empty)
    header_row: int | None  # line/row number of the header; None when the file has none
    sample: list[list[str | None]]  # the first data rows, as text
    decimal: str = ","
    decimal_sure: bool = True
    encoding: str | None = None
    separator: str | None = None
    title: str | None = None
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    preamble: int = 0  # non-empty lines before the header
    buf: bytes = b""  # CSV: the file as UTF-8
    body_start: int = 0  # CSV: byte offset of the first data line in buf
    first_data_line: int = 1  # CSV: that line's number
    cells: list[tuple[int, list[str | None]]] | None = None  # Excel: (row, cells) after header
    shape: _CsvShape | None = None  # CSV: what detection read from the start


class _LineNumbers:
    """The row numbers first, first + 1, …, indexed like an array but without one in memory."""

    def __init__(self, first: int, count: int):
        self.first, self.count = first, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, key: slice | np.ndarray) -> _LineNumbers | np.ndarray:
        if isinstance(key, slice):
            start, stop, step = key.indices(self.count)
            if step == 1:
                return _LineNumbers(self.first + start, max(0, stop - start))
            return self.first + np.arange(start, stop, step, dtype=np.int64)
        key = np.asarray(key)
        if key.dtype == bool:
            if len(key) != self.count:
                raise IndexError("mask length differs from the number of rows")
            return self.first + np.flatnonzero(key)
        index = key.astype(np.int64)
        index[index < 0] += self.count
        if index.size and (index.min() < 0 or index.max() >= self.count):
            raise IndexError("row index out of range")
        return self.first + index

    def __array__(self, dtype: object = None, copy: object = None) -> np.ndarray:
        return np.arange(self.first, self.first + self.count, dtype=dtype or np.int64)


@dataclass
class _Grid:
    """The data rows of a file: its columns (text, dictionary-encoded or 4-byte values, whole or in
    the reader's chunks) and their row numbers."""

    header: list[str]
    columns: dict[int, pa.Array | pa.ChunkedArray]
    rows: np.ndarray | _LineNumbers  # the row number in the file of each record
    records: int  # data records in the file, including those not read
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[tuple[int, str | None, str, str]] = field(default_factory=list)
    numbers: dict[int, _Numbers] = field(default_factory=dict)  # value columns the reader parsed

    def skipped_frame(self) -> pd.DataFrame:
        return _skipped(self.skipped)


@dataclass(frozen=True)
class _Measure:
    """A column holding values; its header may name the indicator, the year or both."""

    column: int
    indicator: str | None
    year: int | None


@dataclass
class _Plan:
    """Which column plays which role, and which columns hold values."""

    kind: str
    layout: str
    roles: dict[str, int]  # role → column index
    fields: dict[str, int] = field(default_factory=dict)  # catalogue/projects: field → column
    measures: list[_Measure] = field(default_factory=list)
    catalogue: dict[str, int] = field(default_factory=dict)  # catalogue columns in a values file
    missing_roles: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    confidence: float = 1.0
    title_indicator: str | None = None

    @property
    def wanted(self) -> dict[int, pa.DataType]:
        """Columns to read: low-cardinality keys as dictionaries, everything else as text."""
        dictionary = pa.dictionary(pa.int32(), pa.string())
        keyed = {
            self.roles[r]
            for r in ("municipality", "year", "indicator", "symbol")
            if r in self.roles
        }
        columns = {
            *self.roles.values(),
            *self.fields.values(),
            *self.catalogue.values(),
            *(m.column for m in self.measures),
        }
        return {i: dictionary if i in keyed else pa.string() for i in sorted(columns)}


@dataclass
class _Context:
    """What the parser checks against: valid codes, known indicators, the user's mapping."""

    valid_codes: frozenset[str]
    known_ids: frozenset[str]
    names: dict[str, str]  # catalogue id → name
    indicator_map: dict[str, str]
    current_year: int

    @functools.cached_property
    def names_to_id(self) -> dict[str, str]:
        """Normalised catalogue name → id; made when a text is not an id (SSB variable names)."""
        return {_norm_text(str(n)): str(i) for i, n in self.names.items() if n}

    @classmethod
    def build(
        cls,
        *,
        valid_codes: Iterable[str],
        catalogue_ids: Iterable[str] | Mapping[str, str],
        indicator_map: Mapping[str, str],
        current_year: int,
    ) -> _Context:
        names = dict(catalogue_ids) if isinstance(catalogue_ids, Mapping) else {}
        return cls(
            valid_codes=frozenset(str(c) for c in valid_codes),
            known_ids=frozenset(str(i) for i in catalogue_ids),
            names=names,
            indicator_map={str(k): str(v) for k, v in indicator_map.items()},
            current_year=current_year,
        )


@dataclass
class _Built:
    tables: dict[str, pd.DataFrame]
    problems: list[schema.Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Empty tables by default: shallow copies (copy-on-write) of empty ones made once.
    skipped: pd.DataFrame = field(default_factory=lambda: _NO_SKIPPED.copy(deep=False))
    harmonised: pd.DataFrame = field(default_factory=lambda: _NO_HARMONISED.copy(deep=False))


# --- Opening a file -------------------------------------------------------------------------


def _check_size(data: bytes, max_bytes: int) -> None:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ImportRefused("Fila må leses inn som bytes.")
    if len(data) > max_bytes:
        raise ImportRefused(
            f"Fila er {len(data) / 1e6:.0f} MB; grensen er {max_bytes / 1e6:.0f} MB. "
            "Del den opp (f.eks. ett år eller én sektor per fil), eller be driftsansvarlig "
            "heve grensen (INNOSIKT_MAX_UPLOAD_MB)."
        )
    blank = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
    if not bytes(data[:4096]).strip(blank) and not bytes(data).strip(blank):
        raise ImportRefused(
            "Fila er tom. Last opp en fil med en overskriftsrad og minst én datarad."
        )


def _file_format(data: bytes, name: str) -> str:
    head = bytes(data[:8])
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            "Fila er en gammel Excel-fil (.xls) eller en passordbeskyttet fil. "
            "Åpne den i Excel og lagre som .xlsx uten passord, eller som CSV."
        )
    if head.startswith(b"%PDF"):
        raise ImportRefused("Fila er en PDF. Last opp tallene som CSV eller Excel (.xlsx).")
    if head.startswith(b"\x1f\x8b"):
        raise ImportRefused("Fila er komprimert (gzip). Pakk den ut og last opp CSV-fila.")
    return "text"


def _open(
    data: bytes,
    name: str,
    *,
    sheet: str | None,
    sample_only: bool,
    max_bytes: int = MAX_BYTES,
    shape: _CsvShape | None = None,
) -> _Source:
    _check_size(data, max_bytes)
    if _file_format(data, name) == "zip":
        return _open_xlsx(data, sheet, sample_only, max_bytes)
    if sheet is not None:
        raise ImportRefused(f"Fila er ikke en Excel-fil, så den har ikke arket «{sheet}».")
    return _open_csv(data, sample_only, shape)


@dataclass(frozen=True)
class _CsvShape:
    """What the start of a CSV file says about all of it: separator, header, sample rows.

    Worked out from `text` alone, so detect() can hand it to parse() for the same file.
    """

    text: bytes  # the start of the file (as UTF-8) it was read from
    mac_lines: bool  # old Mac line ends («\r» only)
    separator: str | None
    header: list[str]
    header_row: int | None
    first_data_line: int
    sample: list[list[str | None]]
    decimal: str
    decimal_sure: bool
    title: str | None
    notes: list[str]
    preamble: int


def _open_csv(data: bytes, sample_only: bool, shape: _CsvShape | None = None) -> _Source:
    buf, start, encoding = _to_utf8(data, sample_only)
    end = min(len(buf), start + SNIFF_BYTES)
    if end < len(buf):
        end = buf.rfind(b"\n", start, end) + 1 or end
    if shape is None or shape.text != buf[start:end]:  # the same start gives the same shape
        shape = _csv_shape(buf[start:end])
    if shape.mac_lines:
        buf, start = buf[start:].replace(b"\r", b"\n"), 0
    return _Source(
        file_format="csv",
        header=shape.header,
        header_row=shape.header_row,
        sample=shape.sample,
        decimal=shape.decimal,
        decimal_sure=shape.decimal_sure,
        encoding=encoding,
        separator=shape.separator,
        title=shape.title,
        notes=list(shape.notes),
        preamble=shape.preamble,
        buf=buf,
        body_start=_line_offset(buf, start, shape.first_data_line),
        first_data_line=shape.first_data_line,
        shape=shape,
    )


def _csv_shape(start: bytes) -> _CsvShape:
    """Separator, header, title and sample rows from the start of a CSV file (UTF-8)."""
    text = start.decode("utf-8", errors="replace")
    mac_lines = "\n" not in text and "\r" in text
    if mac_lines:
        text = text.replace("\r", "\n")
    _refuse_binary(text)
    separator, records, sep_line = _sniff_separator(text)
    header_at = _header_index(records)
    preamble_records = [r for r in records[:header_at] if _filled(r[1])]
    notes = []
    title = None
    if preamble_records:
        first = " ".join(c for c in preamble_records[0][1] if c.strip()).strip()
        title = first if _SSB_TITLE.match(first) or len(preamble_records) == 1 else None
        notes.append(_preamble_note([line for line, _ in preamble_records], title, "linje"))
    if header_at >= len(records):
        raise ImportRefused("Fant ingen rader med data i fila.")
    header_line, header_fields = records[header_at]
    header, header_row, data_records = header_fields, header_line, records[header_at + 1 :]
    if _looks_headerless(header_fields):
        header = [f"Kolonne {i + 1}" for i in range(len(header_fields))]
        header_row, data_records = None, records[header_at:]
        notes.append("Fila ser ut til å mangle overskriftsrad; kolonnene heter «Kolonne 1» osv.")
    first_data_line = header_line if header_row is None else _next_line(records, header_at)
    sample = [
        _pad(fields, len(header)) for _, fields in data_records[:SNIFF_ROWS] if _filled(fields)
    ]
    decimal, sure, decimal_note = _sniff_decimal(sample, separator)
    if decimal_note:
        notes.append(decimal_note)
    if sep_line:
        notes.append("Første linje («sep=…») sier hvilket skilletegn fila bruker.")
    return _CsvShape(
        text=start,
        mac_lines=mac_lines,
        separator=separator,
        header=_unique_names(header),
        header_row=header_row,
        first_data_line=first_data_line,
        sample=sample,
        decimal=decimal,
        decimal_sure=sure,
        title=title,
        notes=notes,
        preamble=len(preamble_records),
    )


def _to_utf8(data: bytes, sample_only: bool) -> tuple[bytes, int, str]:
    """The file as UTF-8 bytes, where its text starts, and the encoding it was in.

    With `sample_only` (detection) only the first SNIFF_BYTES are checked and converted, with a
    byte-order mark and a byte more: the part parse() reads first, and a sign that more follows.
    """
    if sample_only:
        data = data[: SNIFF_BYTES + len(codecs.BOM_UTF8) + 1]
    if data.startswith(codecs.BOM_UTF8):
        if _utf8_error_at(data, partial=sample_only) is not None:
            raise ImportRefused(
                "Fila sier at den er UTF-8, men inneholder tegn som ikke er gyldig UTF-8. "
                "Lagre den på nytt som «CSV UTF-8»."
            )
        return data, 3, "utf-8 med BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16", errors="replace" if sample_only else "strict")
        except UnicodeDecodeError:
            raise ImportRefused("Fila sier at den er UTF-16, men kan ikke leses som det.") from None
        return text.encode("utf-8"), 0, "utf-16"
    error_at = _utf8_error_at(data, partial=sample_only)
    if error_at is None:
        return data, 0, "utf-8"
    if b"\x00" in data[:SNIFF_BYTES] or _charset_guess(data, error_at) is None:
        raise ImportRefused(_NOT_TEXT)
    try:
        return data.decode("cp1252").encode("utf-8"), 0, "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1").encode("utf-8"), 0, "iso-8859-1"


_NOT_TEXT = (
    "Fila ser ikke ut til å være en tekstfil (CSV) eller en Excel-fil (.xlsx). "
    "Eksporter dataene som CSV eller .xlsx og prøv igjen."
)


def _utf8_error_at(data: bytes, *, partial: bool = False) -> int | None:
    """Where the bytes stop being UTF-8, or None (a cut-off last character is fine if `partial`)."""
    if data.isascii():
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        cut_off = error.reason == "unexpected end of data" and error.start >= len(data) - 3
        return None if partial and cut_off else error.start
    return None


def _charset_guess(data: bytes, error_at: int) -> str | None:
    """charset-normalizer on the start and where UTF-8 failed; None means not text."""
    from charset_normalizer import from_bytes

    sample = data[: 32 * 1024] + data[max(0, error_at - 1024) : error_at + 32 * 1024]
    match = from_bytes(sample, cp_isolation=["cp1252", "latin_1"]).best()
    return None if match is None else match.encoding


def _refuse_binary(text: str) -> None:
    sample = text[:65536]
    controls = len(_CONTROL_CHARS.findall(sample))
    if sample and (controls > len(sample) / 100 or "\x00" in sample):
        raise ImportRefused(_NOT_TEXT)


def _csv_records(
    text: str, separator: str, limit: int | None = None
) -> list[tuple[int, list[str]]]:
    """(line number where the record starts, fields) for each record, blank lines included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=False)
    out = []
    line = 0
    try:
        for fields in reader:
            out.append((line + 1, fields))
            line = reader.line_num
            if limit is not None and len(out) >= limit:
                break
    except csv.Error as error:
        raise ImportRefused(
            f'Klarte ikke å lese fila rundt linje {line + 1}: et anførselstegn («"») lukkes '
            "ikke, eller en celle er svært lang. Sjekk linjen og lagre fila på nytt.",
        ) from error
    return out


def _sniff_separator(text: str) -> tuple[str | None, list[tuple[int, list[str]]], bool]:
    """The separator that splits the sample most consistently, and the sample split by it."""
    first_line = text.split("\n", 1)[0].rstrip("\r").strip('"')
    if first_line.lower().startswith("sep=") and len(first_line) == 5:  # Excel's «sep=;» line
        separator = first_line[4]
        records = _csv_records(text, separator, SNIFF_ROWS + 50)
        return separator, [(line, [""]) if line == 1 else (line, f) for line, f in records], True
    _refuse_unknown_separator(text)
    best_key, best = None, (None, [])
    # Separators not in the text split alike, into one field a line: the first of them stands
    # for all, and only when no separator there gives two fields or more.
    present = [separator for separator in SEPARATORS if separator in text]
    absent = [separator for separator in SEPARATORS if separator not in present]
    for separator in present + absent[:1]:
        if separator not in present and best_key is not None and best_key[0]:
            break
        records = _csv_records(text, separator, SNIFF_ROWS + 50)
        counts = [len(fields) for _, fields in records if _filled(fields)]
        if not counts:
            continue
        width = max(set(counts), key=lambda c: (counts.count(c), c))
        start = counts.index(width)
        consistency = sum(c == width for c in counts[start:]) / len(counts[start:])
        key = (width >= 2, round(consistency, 2), -start, width, -SEPARATORS.index(separator))
        if best_key is None or key > best_key:
            best_key, best = key, (separator if width >= 2 else None, records)
    return best[0], best[1], False


def _refuse_unknown_separator(text: str) -> None:
    """A file split evenly by «|» or similar but by none of ours: say so, and what to use."""
    lines = [line for line in text.split("\n", 20)[:20] if line.strip()]
    if len(lines) < 2:
        return

    def even(char: str) -> bool:
        counts = {line.count(char) for line in lines}
        return len(counts) == 1 and counts != {0}

    if any(even(separator) for separator in SEPARATORS):
        return
    for candidate in ("|", "#", "~", "^", "/", ":"):
        if even(candidate):
            raise ImportRefused(
                f"Fila ser ut til å bruke «{candidate}» som skilletegn. Innosikt leser "
                "semikolon (;), komma (,) eller tabulator: lagre fila på nytt med ett av dem.",
                [
                    _problem(
                        "fil",
                        1,
                        None,
                        candidate,
                        f"Skilletegnet «{candidate}» støttes ikke.",
                        "Lagre fila med semikolon, komma eller tabulator som skilletegn.",
                    )
                ],
            )


def _filled(fields: Sequence[str | None]) -> bool:
    try:
        return not "".join(fields).isspace() and any(fields)  # text cells (CSV): one call
    except TypeError:  # Excel cells: None, numbers, dates
        return any(f is not None and str(f).strip() for f in fields)


def _header_index(records: Sequence[tuple[int, Sequence[str | None]]]) -> int:
    """The header is the first row with two or more filled cells (SSB titles have one)."""
    widths = [sum(1 for f in fields if f is not None and str(f).strip()) for _, fields in records]
    for i, width in enumerate(widths):
        if width >= 2:
            return i
    return next((i for i, width in enumerate(widths) if width), len(records))


def _next_line(records: list[tuple[int, list[str]]], index: int) -> int:
    return records[index + 1][0] if index + 1 < len(records) else records[index][0] + 1


def _line_offset(buf: bytes, start: int, line: int) -> int:
    """Byte offset in buf where the given 1-based line starts."""
    offset = start
    for _ in range(line - 1):
        found = buf.find(b"\n", offset)
        if found < 0:
            return len(buf)
        offset = found + 1
    return offset


def _preamble_note(lines: list[int], title: str | None, word: str) -> str:
    if title and len(lines) == 1:
        return f"Tittelen på {word} {lines[0]} er ikke en del av tabellen: «{title[:120]}»."
    listed = ", ".join(map(str, lines[:5]))
    return f"Hoppet over {len(lines)} {word}(r) før overskriften ({word} {listed})."


def _looks_headerless(fields: Sequence[str | None]) -> bool:
    """A first row of data, not of names: no known column name, a municipality code first."""
    if any(_norm(f) in _KNOWN_HEADER_NAMES for f in fields if f):
        return False
    first = str(fields[0] or "").strip() if fields else ""
    starts_with_code = re.match(r"^(K-)?\d{3,4}(\s|$)", first, re.IGNORECASE)
    return bool(starts_with_code) and any(_is_number(f) for f in fields[1:])


def _is_number(text: str | None) -> bool:
    t = str(text or "").strip()
    return bool(t) and bool(_COMMA_DECIMAL.match(t) or _POINT_DECIMAL.match(t) or t.isdigit())


def _pad(fields: Sequence[str | None], width: int) -> list[str | None]:
    cells = [f if f is None or str(f).strip() else None for f in fields[:width]]
    return cells + [None] * (width - len(cells))


def _unique_names(header: Sequence[str | None]) -> list[str]:
    names: list[str] = []
    for i, raw in enumerate(header):
        name = str(raw).strip().strip('"').strip() if raw is not None else ""
        name = name or f"Kolonne {i + 1}"
        base, n = name, 2
        while name in names:
            name, n = f"{base} ({n})", n + 1
        names.append(name)
    return names


def _sniff_decimal(sample: list[list[str | None]], separator: str | None) -> tuple[str, bool, str]:
    """Decimal comma or point, whether we are sure, and a note when we had to guess."""
    comma = point = ambiguous_point = ambiguous_comma = 0
    for row in sample:
        for cell in row:
            if cell is None or ("," not in cell and "." not in cell):
                continue  # whole numbers and words say nothing about the decimal mark
            text = str(cell).strip()
            if _AMBIGUOUS_POINT.match(text):
                ambiguous_point += 1
            elif _AMBIGUOUS_COMMA.match(text):
                ambiguous_comma += 1
            elif _COMMA_DECIMAL.match(text):
                comma += 1
            elif _POINT_DECIMAL.match(text):
                point += 1
    if comma != point:
        return ("," if comma > point else "."), comma == 0 or point == 0, ""
    default = "." if separator == "," else ","
    if ambiguous_point or ambiguous_comma:
        mark = "desimalkomma" if default == "," else "desimalpunktum"
        return (
            default,
            False,
            (
                f"Tall som «1.234» eller «1,234» kan leses på to måter; fila er lest med {mark}. "
                "Sjekk verdiene i forhåndsvisningen."
            ),
        )
    return default, True, ""


# --- Excel ----------------------------------------------------------------------------------


def _open_workbook(data: bytes, max_bytes: int):
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError, RuntimeError):
        raise ImportRefused(
            "Fila ser ut som en Excel-fil (.xlsx), men er ødelagt. "
            "Åpne den i Excel og lagre på nytt."
        ) from None
    if b"opendocument" in mimetype:
        raise ImportRefused(
            "Fila er et OpenDocument-regneark (.ods). Lagre den som .xlsx eller CSV."
        )
    if "word/document.xml" in names or "ppt/presentation.xml" in names:
        raise ImportRefused("Fila er et Word- eller PowerPoint-dokument, ikke et regneark.")
    if "xl/workbook.xml" not in names:
        raise ImportRefused("Fila er en zip-fil, men ikke en Excel-fil (.xlsx).")
    if unpacked > 20 * max_bytes:
        raise ImportRefused("Excel-fila er for stor når den pakkes ut. Del den opp.")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a third-party reader on untrusted bytes fails in many ways
        raise ImportRefused(
            "Klarte ikke å åpne Excel-fila. Åpne den i Excel og lagre på nytt som .xlsx "
            f"(teknisk: {type(error).__name__})."
        ) from None


def _open_xlsx(data: bytes, sheet: str | None, sample_only: bool, max_bytes: int) -> _Source:
    workbook = _open_workbook(data, max_bytes)
    try:
        sheets = [ws.title for ws in workbook.worksheets]
        if not sheets:
            raise ImportRefused("Excel-fila har ingen regneark.")
        chosen = sheets[0] if sheet is None else sheet
        if chosen not in sheets:
            raise ImportRefused(
                f"Excel-fila har ikke noe ark som heter «{sheet}». Arkene er: "
                + ", ".join(f"«{s}»" for s in sheets)
                + "."
            )
        limit = SNIFF_ROWS + 50 if sample_only else None
        records = _sheet_rows(workbook.worksheets[sheets.index(chosen)], limit)
    finally:
        workbook.close()
    header_at = _header_index(records)
    if header_at >= len(records):
        raise ImportRefused(f"Arket «{chosen}» er tomt.")
    preamble = [r for r in records[:header_at] if _filled(r[1])]
    notes = []
    title = None
    if preamble:
        first = " ".join(str(c) for c in preamble[0][1] if c is not None and str(c).strip())
        title = first if _SSB_TITLE.match(first) or len(preamble) == 1 else None
        notes.append(_preamble_note([row for row, _ in preamble], title, "rad"))
    header_row, header_cells = records[header_at]
    header_text = [_cell_text(c, ".") for c in header_cells]  # years as numbers → «2021»
    body = records[header_at + 1 :]
    headerless = _looks_headerless(header_text)
    if headerless:
        body = records[header_at:]
        notes.append("Arket ser ut til å mangle overskriftsrad; kolonnene heter «Kolonne 1» osv.")
    n = len(header_text)
    beyond = [number for number, row in body if _filled(row[n:])]
    if beyond:
        listed = ", ".join(map(str, beyond[:ROWS_IN_MESSAGE]))
        notes.append(
            f"{_rows(len(beyond))} har celler til høyre for tabellen (rad {listed}"
            f"{' …' if len(beyond) > ROWS_IN_MESSAGE else ''}); de er ikke lest."
        )
    text_cells = [[c if isinstance(c, str) else None for c in row] for _, row in body[:SNIFF_ROWS]]
    decimal, sure, decimal_note = _sniff_decimal(text_cells, None)
    if decimal_note:
        notes.append(decimal_note)
    cells = [
        (number, _pad([_cell_text(c, decimal) for c in row[:n]], n))
        for number, row in body
        if _filled(row[:n])
    ]
    return _Source(
        file_format="xlsx",
        header=_unique_names([f"Kolonne {i + 1}" for i in range(n)] if headerless else header_text),
        header_row=None if headerless else header_row,
        sample=[row for _, row in cells[:SNIFF_ROWS]],
        decimal=decimal,
        decimal_sure=sure,
        title=title,
        sheets=sheets,
        sheet=chosen,
        notes=notes,
        preamble=len(preamble),
        cells=cells,
    )


def _sheet_rows(worksheet, limit: int | None) -> list[tuple[int, list]]:
    rows = []
    try:
        for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1):
            values = list(values)
            while values and (values[-1] is None or values[-1] == ""):
                values.pop()
            rows.append((number, values))
            if limit is not None and number >= limit:
                break
    except Exception as error:  # malformed sheet XML surfaces here, in many exception types
        raise ImportRefused(
            "Klarte ikke å lese arket i Excel-fila. Åpne den i Excel og lagre på nytt som .xlsx "
            f"(teknisk: {type(error).__name__})."
        ) from None
    return rows


def _cell_text(value: object, decimal: str) -> str | None:
    """An Excel cell as the text a CSV export would hold (numbers with the file's decimal mark)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        return text.replace(".", ",") if decimal == "," else text
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


# --- Reading the rows -----------------------------------------------------------------------


def _read_grid(source: _Source, plan: _Plan) -> _Grid:
    wanted = plan.wanted
    if source.file_format == "xlsx":
        return _grid_from_cells(source, wanted)
    body = _Body.of(source)
    typed = _fast_types(source, plan, body)
    # The quickest reading the sample allows first; each later one reads more as plain text.
    attempts = [typed, {i: t for i, t in typed.items() if t != pa.float64()}, {}]
    try:
        for at, attempt in enumerate(attempts):
            if attempt not in attempts[:at]:
                fast = _read_csv_fast(source, body, wanted, attempt)
                if fast is not None:
                    return fast
    except _Irregular:
        pass
    return _read_csv_exact(source, wanted)


@dataclass(frozen=True)
class _Body:
    """Where a CSV file's data lines are in its buffer, and what pyarrow's reader must know."""

    start: int
    end: int  # trailing blank space and line ends left out
    quoted: bool  # a «"» somewhere: values may span lines

    @classmethod
    def of(cls, source: _Source) -> _Body:
        buf, start = source.buf, source.body_start
        end = len(buf)
        while end > start and buf[end - 1] in b" \t\r\n":
            end -= 1
        return cls(start, end, buf.find(b'"', start, end) >= 0)


class _Irregular(Exception):
    """The file's lines are not one record each: only the exact reader numbers them right."""


def _fast_types(source: _Source, plan: _Plan, body: _Body) -> dict[int, pa.DataType]:
    """Columns of a long file read in the form that is quickest to check, judged by the sample.

    Municipality and year columns of four digits are read as 4-byte values (_four_digits turns
    them into numbers without hashing), the indicator column as the text pandas keeps. A value
    column of plain decimal-comma numbers and SSB symbols is parsed by the reader itself, on
    every core (see _read_numbers). If a cell further down does not fit, the read fails and the
    caller reads those columns as text instead.
    """
    if plan.kind != "indicators" or plan.layout != "long" or not source.sample:
        return {}
    typed: dict[int, pa.DataType] = {}
    for role in ("municipality", "year"):
        column = plan.roles.get(role)
        if column is not None and all(
            (cell := row[column]) is not None
            and len(cell) == 4
            and cell.isascii()
            and cell.isdigit()
            for row in source.sample
        ):
            typed[column] = pa.binary(4)
    if "indicator" in plan.roles:
        typed[plan.roles["indicator"]] = pa.large_string()
    value = plan.roles.get("value")
    if (
        value is not None
        and source.decimal == ","
        and not body.quoted
        and all(
            (cell := row[value]) is None or cell in SYMBOLS or _PLAIN_NUMBER.match(cell)
            for row in source.sample
        )
    ):
        typed[value] = pa.float64()
    return typed


def _read_csv_fast(
    source: _Source, body: _Body, wanted: dict[int, pa.DataType], typed: dict[int, pa.DataType]
) -> _Grid | None:
    """pyarrow's multi-threaded reader, when every line is one record of the header's width.

    `typed` overrides the type of some columns (see _fast_types). None when a cell does not fit
    those types; _Irregular when the lines are not one record each.
    """
    buf, start, end = source.buf, body.start, body.end
    n = len(source.header)
    if end <= start:
        return _Grid(
            source.header, {i: pa.array([], t) for i, t in wanted.items()}, np.empty(0, np.int64), 0
        )
    if buf.find(b"\r", start, end) >= 0 and buf.count(b"\r", start, end) != buf.count(
        b"\r\n", start, end
    ):
        raise _Irregular  # a lone «\r» ends a record for pyarrow but not a line
    invalid: list[object] = []

    def on_invalid(row: object) -> str:
        invalid.append(row)
        return "skip"

    names = [f"c{i}" for i in range(n)]
    floats = [i for i, t in typed.items() if t == pa.float64()]
    # SSB symbols in a last number column are looked for meanwhile: bytes.find holds the GIL,
    # which the reader does not need, so the search shares the cores with the reader.
    symbols = (
        _Background(_symbols_ending_lines, buf, start, end, ord(source.separator or ";"))
        if floats == [n - 1] and n > 1
        else None
    )
    try:
        table = pacsv.read_csv(
            pa.py_buffer(memoryview(buf)[start:end]),
            # Blocks of a few MB: fewer chunks for the checks after the read to go through.
            read_options=pacsv.ReadOptions(column_names=names, block_size=_BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(
                delimiter=source.separator or ";",
                newlines_in_values=body.quoted,
                ignore_empty_lines=False,  # a blank line is an invalid row: see on_invalid
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={names[i]: typed.get(i, t) for i, t in wanted.items()},
                include_columns=[names[i] for i in wanted],
                # Number columns: empty cells and SSB symbols are nulls, told apart afterwards.
                # Text columns then keep empty cells as "", which every step treats as empty.
                strings_can_be_null=not floats,
                quoted_strings_can_be_null=True,
                null_values=["", *SYMBOLS] if floats else [""],
                decimal_point=source.decimal,
                check_utf8=False,  # _to_utf8 has checked (or made) the whole buffer UTF-8
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    if invalid:
        raise _Irregular  # blank lines or ragged rows: the exact reader numbers and reports them
    if body.quoted and buf.count(b"\n", start, end) + 1 != table.num_rows:
        raise _Irregular  # a quoted value spans lines: row numbers need the exact reader
    numbers = {}
    for i in floats:
        found = symbols.result() if symbols is not None else None
        numbers[i] = _read_numbers(table.column(names[i]), source, body, i, found)
        if numbers[i] is None:
            return None
    # Columns stay in the reader's chunks where every step takes them as they are (the 4-byte
    # key columns, the indicator text); dictionaries are unified once.
    columns = {
        i: _combine(table.column(names[i]))
        if pa.types.is_dictionary(wanted[i]) and i not in typed
        else table.column(names[i])
        for i in wanted
    }
    return _Grid(
        source.header,
        columns,
        _LineNumbers(source.first_data_line, table.num_rows),
        table.num_rows,
        numbers=numbers,
    )


def _combine(column: pa.ChunkedArray) -> pa.Array:
    if pa.types.is_dictionary(column.type):
        column = column.unify_dictionaries()
    return column.combine_chunks()


def _read_csv_exact(source: _Source, wanted: dict[int, pa.DataType]) -> _Grid:
    """Python's csv module, for files with blank lines, multi-line values or ragged rows."""
    text = source.buf[source.body_start :].decode("utf-8", errors="replace")
    records = _csv_records(text, source.separator or ";")
    offset = source.first_data_line - 1
    rows = [(line + offset, fields) for line, fields in records if _filled(fields)]
    return _grid_from_rows(source, rows, wanted)


def _grid_from_cells(source: _Source, wanted: dict[int, pa.DataType]) -> _Grid:
    return _grid_from_rows(source, source.cells or [], wanted, excel=True)


def _grid_from_rows(
    source: _Source,
    rows: list[tuple[int, list[str | None]]],
    wanted: dict[int, pa.DataType],
    *,
    excel: bool = False,
) -> _Grid:
    """Text rows → a grid: notes around the table skipped, short rows padded, long ones reported.

    A CSV row with another number of fields than the header and at most one filled cell is a note
    (SSB puts «Kilde: …» under its tables); in Excel, where every row is as wide as the header,
    such rows count as notes only below the last row of the table.
    """
    n = len(source.header)
    filled = [sum(1 for f in fields if f is not None and str(f).strip()) for _, fields in rows]
    last_data = max((i for i, k in enumerate(filled) if k >= 2), default=-1)
    kept: list[tuple[int, list[str | None]]] = []
    short, long, notes = [], [], []
    for at, (number, fields) in enumerate(rows):
        fields = list(fields)
        while len(fields) > n and not (fields[-1] and str(fields[-1]).strip()):
            fields.pop()  # empty cells after the last column («a;b;c;»)
        note = filled[at] <= 1 and n >= 3 and (at > last_data if excel else len(fields) != n)
        if note:
            reason = "Merknad etter tabellen" if at > last_data else "Rad med bare én utfylt celle"
            notes.append((number, None, _row_text(fields, source.separator)[:200], reason))
        elif len(fields) > n:
            long.append((number, _row_text(fields, source.separator), len(fields)))
        else:
            if len(fields) < n:
                short.append(number)
            kept.append((number, _pad(fields, n)))
    columns = {
        i: _as_type(pa.array([cells[i] for _, cells in kept], pa.string()), t)
        for i, t in wanted.items()
    }
    grid_rows = np.array([number for number, _ in kept], dtype=np.int64)
    grid = _Grid(source.header, columns, grid_rows, len(rows), skipped=notes)
    grid.problems += [
        _problem(
            "fil",
            number,
            None,
            text[:200],
            f"Raden har {width} felt, men overskriften har {n}.",
            'Sjekk skilletegnene i raden: tekst med skilletegnet i må stå i anførselstegn («"»).',
        )
        for number, text, width in long
    ]
    if short:
        listed = ", ".join(map(str, short[:ROWS_IN_MESSAGE]))
        grid.notes.append(
            f"{_n(len(short))} linje(r) har færre felt enn overskriften ({listed}"
            f"{' …' if len(short) > ROWS_IN_MESSAGE else ''}); "
            "de manglende cellene er lest som tomme."
        )
    return grid


def _row_text(fields: Sequence[str | None], separator: str | None) -> str:
    return (separator or ";").join("" if f is None else str(f) for f in fields)


def _as_type(array: pa.Array, dtype: pa.DataType) -> pa.Array:
    array = pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.string()), array)
    return array.dictionary_encode() if pa.types.is_dictionary(dtype) else array


# --- Kind, roles and layout -----------------------------------------------------------------


def _norm(text: object) -> str:
    """A header name for matching: lower case, no quotes, «_»/«-»/spaces as one space."""
    t = str(text or "").strip().strip('"').strip().lower()
    return re.sub(r"[\s_\-–]+", " ", t).strip(" :.")


def _norm_text(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).strip().casefold())


def _detect_kind(header: Sequence[str]) -> tuple[str, float]:
    """The kind a header says (project or catalogue columns, else values), and how sure."""
    names = {_norm(h) for h in header}

    def has(*aliases: str) -> bool:
        return any(a in names for a in aliases)

    if has("project id", "prosjekt id", "prosjektid") or (
        has("title", "tittel") and has("phase", "fase")
    ):
        return "projects", 0.95
    municipality = has(*ROLE_ALIASES["municipality"])
    if (
        has("indicator id", "indikator id", "indikatorid")
        and has("name", "navn", "indikatornavn")
        and has("direction", "best når", "retning", "weight", "vekt", "vekt i sektor")
        and not municipality
    ):
        return "catalogue", 0.95
    return "indicators", 0.95 if municipality else 0.5


def _find(names: Sequence[str], aliases: Sequence[str], taken: set[int]) -> int | None:
    for alias in aliases:
        for i, name in enumerate(names):
            if name == alias and i not in taken:
                return i
    return None


def _plan(
    source: _Source,
    kind: str,
    mapping: Mapping[str, str | None] | None,
    known_ids: frozenset[str],
    indicator_map: Mapping[str, str],
) -> _Plan:
    if kind == "indicators":
        return _plan_indicators(source, mapping, known_ids, indicator_map)
    names = [_norm(h) for h in source.header]
    fields: dict[str, int] = {}
    for field_name, aliases in FIELD_ALIASES[kind].items():
        found = _find(names, (_norm(field_name), *aliases), set(fields.values()))
        if found is not None:
            fields[field_name] = found
    plan = _Plan(kind=kind, layout="table", roles={}, fields=fields)
    table = "indicators" if kind == "catalogue" else "projects"
    required = [f for f in REQUIRED_FIELDS[kind] if f not in fields]
    if kind == "catalogue" and "indicator_id" in required and "name" in fields:
        required.remove("indicator_id")  # made from the name
    for missing in required:
        plan.problems.append(
            _problem(
                table,
                source.header_row,
                missing,
                None,
                f"Kolonnen «{missing}» mangler.",
                f"Legg til kolonnen «{missing}» ({FIELD_HELP.get(missing, '')}); se malen for "
                f"{KIND_LABELS[kind]}.",
            )
        )
    plan.missing_roles = required
    plan.confidence = 0.5 if required else 1.0
    return plan


def _plan_indicators(
    source: _Source,
    mapping: Mapping[str, str | None] | None,
    known_ids: frozenset[str],
    indicator_map: Mapping[str, str],
) -> _Plan:
    header = source.header
    names = [_norm(h) for h in header]
    plan = _Plan(kind="indicators", layout="unknown", roles={})
    table = "indicator_values"
    if mapping:
        _apply_mapping(plan, header, names, mapping, source.header_row)
    else:
        for role, aliases in ROLE_ALIASES.items():
            found = _find(names, aliases, set(plan.roles.values()))
            if found is not None:
                plan.roles[role] = found
                if names[found] != aliases[0]:
                    plan.confidence = min(plan.confidence, 0.9)
        _guess_roles_from_content(plan, source)
    if "symbol" not in plan.roles and mapping:
        found = _find(names, ROLE_ALIASES["symbol"], set(plan.roles.values()))
        if found is not None:
            plan.roles["symbol"] = found
    taken = set(plan.roles.values())
    catalogue = {
        f: i
        for f, i in ((f, names.index(_norm(f))) for f in _CATALOGUE_IN_VALUES if _norm(f) in names)
        if i not in taken
    }
    if "indicator" in plan.roles and set(REQUIRED_FIELDS["catalogue"][1:]) <= set(catalogue):
        plan.catalogue = catalogue
        taken |= set(catalogue.values())
    sample_columns = list(zip(*source.sample, strict=False)) if source.sample else []

    def empty_column(i: int) -> bool:
        return i >= len(sample_columns) or not any(c for c in sample_columns[i])

    others = [i for i in range(len(header)) if i not in taken]
    if "value" in plan.roles:
        plan.layout = "long"
        plan.measures = [_Measure(plan.roles["value"], None, None)]
        ignored = others
    else:
        candidates = [
            i
            for i in others
            if names[i] not in IGNORED_NAMES
            and not (header[i].startswith("Kolonne ") and empty_column(i))
        ]
        ignored = [i for i in others if i not in candidates]
        if "year" in plan.roles and "indicator" in plan.roles and len(candidates) == 1:
            plan.roles["value"] = candidates[0]
            plan.layout = "long"
            plan.measures = [_Measure(candidates[0], None, None)]
            plan.confidence = min(plan.confidence, 0.7)
            plan.notes.append(f"Kolonnen «{header[candidates[0]]}» er lest som verdier.")
        else:
            _plan_wide(plan, source, candidates, known_ids, indicator_map)
    if ignored and plan.layout != "unknown":
        listed = ", ".join(f"«{header[i]}»" for i in ignored[:8])
        plan.notes.append(
            f"Kolonner som ikke importeres: {listed}{' …' if len(ignored) > 8 else ''}."
        )
    plan.missing_roles = [
        role
        for role, missing in (
            ("municipality", "municipality" not in plan.roles),
            ("year", "year" not in plan.roles and any(m.year is None for m in plan.measures)),
            (
                "indicator",
                "indicator" not in plan.roles and any(m.indicator is None for m in plan.measures),
            ),
            ("value", not plan.measures),
        )
        if missing
    ]
    if not plan.measures and "year" not in plan.roles:
        plan.missing_roles.insert(1, "year")
    for role, what, fix in _MISSING_ROLE_TEXT:
        if role in plan.missing_roles:
            plan.problems.append(_problem(table, source.header_row, None, None, what, fix))
            plan.confidence = min(plan.confidence, 0.3)
    return plan


_CATALOGUE_IN_VALUES = ("sector_id", "name", "unit", "direction", "weight", "source", "description")
_MISSING_ROLE_TEXT = (
    (
        "municipality",
        "Fant ingen kolonne med kommunenummer.",
        "Kall kolonnen «kommunenummer» (eller «region» som i SSB-uttrekk), eller velg den i "
        "koblingssteget.",
    ),
    (
        "year",
        "Fant verken en årskolonne eller årstall i kolonnenavnene.",
        "Legg til kolonnen «year» med årstall, eller bruk år som kolonnenavn («2022», «2023»).",
    ),
    (
        "indicator",
        "Fant ingen indikator: verken en indikatorkolonne eller indikatornavn i kolonnenavnene.",
        "Legg til kolonnen «indicator_id», eller velg indikatorkolonnen i koblingssteget.",
    ),
    (
        "value",
        "Fant ingen kolonne med verdier.",
        "Legg til kolonnen «value» med tallene, eller velg verdikolonnen i koblingssteget.",
    ),
)


def _apply_mapping(
    plan: _Plan,
    header: list[str],
    names: list[str],
    mapping: Mapping[str, str | None],
    header_row: int | None,
) -> None:
    synonyms = {column: role for role, column in MAPPING_ROLES.items()}
    for role, column in mapping.items():
        role = synonyms.get(role, role)
        if column is None or column == "":
            continue
        if role not in ROLE_ALIASES:
            plan.problems.append(
                _problem(
                    "indicator_values",
                    None,
                    str(column),
                    None,
                    f"Ukjent rolle «{role}» i koblingen.",
                    "Bruk municipality, year, indicator eller value.",
                )
            )
            continue
        if column in header:
            plan.roles[role] = header.index(column)
        elif _norm(column) in names:
            plan.roles[role] = names.index(_norm(column))
        else:
            plan.problems.append(
                _problem(
                    "indicator_values",
                    header_row,
                    str(column),
                    None,
                    f"Kolonnen «{column}» finnes ikke i fila.",
                    "Velg en av kolonnene i fila: " + ", ".join(f"«{h}»" for h in header[:12]),
                )
            )
    plan.confidence = 1.0


def _guess_roles_from_content(plan: _Plan, source: _Source) -> None:
    """Suggest municipality and year columns by their values when no header names them."""
    if not source.sample:
        return
    columns = list(zip(*source.sample, strict=False))
    taken = set(plan.roles.values())
    for role, test in (("municipality", _looks_like_region), ("year", _looks_like_year)):
        if role in plan.roles:
            continue
        for i, cells in enumerate(columns):
            values = [str(c).strip() for c in cells if c is not None and str(c).strip()]
            if i in taken or not values:
                continue
            if sum(map(test, values)) >= 0.8 * len(values):
                plan.roles[role] = i
                taken.add(i)
                plan.confidence = min(plan.confidence, 0.5)
                break


def _looks_like_region(text: str) -> bool:
    return bool(
        re.match(r"^(K-)?\d{3,4}(\s|$)", text, re.IGNORECASE) or _AGGREGATE_CODE.match(text)
    )


def _looks_like_year(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", text)) and schema.MIN_YEAR <= int(text) <= schema.MAX_YEAR


def _plan_wide(
    plan: _Plan,
    source: _Source,
    candidates: list[int],
    known_ids: frozenset[str],
    indicator_map: Mapping[str, str],
) -> None:
    """One column per indicator, per year, or per «indicator year»: which, and what each holds."""
    header = source.header
    has_year, has_indicator = "year" in plan.roles, "indicator" in plan.roles
    title_indicator = _indicator_from_title(source.title)
    measures, not_understood = [], []
    for i in candidates:
        text = header[i].strip()
        if has_year:
            if has_indicator:
                not_understood.append(i)
            else:
                measures.append(_Measure(i, text, None))
            continue
        known = text in known_ids or text in indicator_map
        match = None if known else _HEADER_YEAR.match(text)
        year = int(match["year"]) if match else None
        if year is None or not schema.MIN_YEAR <= year <= schema.MAX_YEAR:
            not_understood.append(i)
            continue
        label = " ".join(p for p in (match["before"], match["after"]) if p)
        if has_indicator:
            measures.append(_Measure(i, None, year))
        elif label:
            measures.append(_Measure(i, label, year))
        elif title_indicator:
            measures.append(_Measure(i, title_indicator, year))
            plan.title_indicator = title_indicator
        else:
            measures.append(_Measure(i, None, year))
    plan.measures = measures
    if has_year:
        plan.layout = "wide_indicators"
    elif has_indicator:
        plan.layout = "wide_years"
    elif measures:
        plan.layout = "wide_mixed"
    if plan.title_indicator:
        plan.notes.append(f"Indikatoren er hentet fra tittelen: «{plan.title_indicator}».")
    for i in not_understood if measures else []:
        plan.problems.append(
            _problem(
                "indicator_values",
                source.header_row,
                header[i],
                header[i],
                f"Kolonnen «{header[i]}» er verken et år eller en indikator.",
                "Gi kolonnen et årstall som navn («2023»), eller fjern den fra fila.",
            )
        )
    if not measures:
        plan.confidence = min(plan.confidence, 0.3)


def _indicator_from_title(title: str | None) -> str | None:
    """SSB title «12345: Netto driftsutgifter, etter region og år» → «Netto driftsutgifter»."""
    if not title:
        return None
    match = _SSB_TITLE.match(title.strip().strip('"'))
    text = match[2] if match else title
    text = re.split(r",?\s+etter\s+", text, maxsplit=1)[0]
    return text.strip().strip('"').strip(" ,") or None


def _source_family(source: _Source, plan: _Plan) -> str:
    names = {_norm(h) for h in source.header}
    if (source.title and _SSB_TITLE.match(source.title)) or names & {
        "region",
        "statistikkvariabel",
    }:
        return "ssb"
    if plan.roles and all(_norm(source.header[i]) in _CANONICAL for i in plan.roles.values()):
        return "innosikt"
    if plan.fields and all(_norm(source.header[i]) in _CANONICAL for i in plan.fields.values()):
        return "innosikt"
    return "other"


# Column names of Innosikt's own tables (and templates), normalised.
_CANONICAL = frozenset(
    {_norm(n) for t in schema.TABLES.values() for n in t.names} | {"kommunenummer"}
)


# --- Indicator values -----------------------------------------------------------------------


def _build_indicators(source: _Source, grid: _Grid, plan: _Plan, context: _Context) -> _Built:
    """The indicator_values table from a long or wide file, with every problem found."""
    table = schema.INDICATOR_VALUES
    if plan.missing_roles or not plan.measures:
        return _Built(tables={table.name: schema.empty(table)})
    header = source.header
    found = _Findings(table.name)
    extra_tables: dict[str, pd.DataFrame] = {}
    known = context.known_ids
    if plan.catalogue:  # catalogue rows in the file make their ids known before values are checked
        catalogue = _embedded_catalogue(source, grid, plan, context)
        found.problems += catalogue.problems
        found.notes += catalogue.notes
        extra_tables = catalogue.tables
        known = known | set(catalogue.tables["indicators"]["indicator_id"])

    # Numbers the reader did not parse are parsed on the other core while this one does the keys
    # (Arrow's cast, the bulk of the parsing, lets go of the GIL).
    numbers_of = _Background(
        lambda: [
            grid.numbers[m.column]
            if m.column in grid.numbers
            else _parse_numbers(grid.columns[m.column], source.decimal)
            for m in plan.measures
        ],
        inline=all(m.column in grid.numbers for m in plan.measures),
    )
    regions = _Regions.build(grid.columns[plan.roles["municipality"]], context.valid_codes)
    if plan.layout == "long" and not plan.catalogue:
        blocks = _long_in_blocks(grid, plan, context, regions, numbers_of)
        if blocks is not None:
            return blocks
    in_scope = _check_regions(found, regions, grid, header[plan.roles["municipality"]])
    year_of_row = _years_from_column(found, grid, plan, header, in_scope)
    resolver = _IndicatorResolver(known, context)
    indicator_of_row = None
    ids_as_written = None  # the indicator column itself, when every cell is a catalogue id
    if "indicator" in plan.roles:
        column = grid.columns[plan.roles["indicator"]]
        idx, uniques = _factorize(column)
        resolved = [*map(resolver.index, uniques)]
        if resolved == list(range(len(uniques))) and not _any_negative(idx):
            indicator_of_row = idx  # each text is its own catalogue id, in the same order
        else:
            indicator_of_row = np.take(
                np.array([*resolved, resolver.EMPTY], np.int32),
                idx,
                out=_pooled(len(idx), np.int32),
            )
        if (
            plan.layout == "long"
            and column.type in (pa.string(), pa.large_string())
            and not _any_negative(idx)
            and all(k >= 0 and resolver.ids[k] == u for k, u in zip(resolved, uniques, strict=True))
        ):
            ids_as_written = column

    n = len(grid.rows)
    # A long file has one value per record, so its key columns, and whether any key repeats, can
    # be worked out while the other core still parses the numbers.
    early = (
        _keys_ahead(regions, year_of_row, indicator_of_row, resolver, ids_as_written)
        if plan.layout == "long"
        else None
    )
    pieces = []
    for measure, numbers in zip(plan.measures, numbers_of.result(), strict=True):
        if "symbol" in plan.roles:
            numbers = _with_symbol_column(numbers, grid, plan, header, table.name, found.problems)
        indicator = (
            indicator_of_row
            if measure.indicator is None
            else np.full(n, resolver.index(measure.indicator))
        )
        year = year_of_row if measure.year is None else np.full(n, measure.year, np.int64)
        keep = None if plan.layout == "long" else ~numbers.empty  # wide: empty cells left out
        pieces.append(_Piece(measure.column, numbers, indicator, year, keep))
    cells = _Cells.stack(pieces, n)
    if cells.dropped:
        found.notes.append(
            f"{_n(cells.dropped)} {'tom celle' if cells.dropped == 1 else 'tomme celler'} i den "
            "brede tabellen er ikke tatt med."
        )
    rows = grid.rows[cells.position]
    scope = slice(None) if in_scope is None else in_scope[cells.position]
    found.problems += resolver.problems(
        table.name, source, rows[scope], cells.indicator[scope], cells.column[scope], plan
    )
    _check_values(found, cells, rows, scope, header, source.decimal)
    in_range = _check_years(found, cells.year, rows, scope, plan, header, context.current_year)

    code = regions.new_index_of_row[cells.position]
    # None stands for «every row»: a clean file allocates no masks at all.
    good = _all_of(
        code >= 0 if _any_negative(code) else None,
        in_range,
        cells.indicator >= 0 if _any_negative(cells.indicator) else None,
        ~cells.excluded if cells.excluded.any() else None,
    )
    if early is None or early.repeated:
        duplicate = _settle_duplicates(found, cells, code, good, rows, regions, resolver, header)
        if duplicate is not None:
            good = _all_of(good, ~duplicate)
    keep = slice(None) if good is None else good  # a slice keeps views instead of copies
    values = cells.values[keep]
    key_columns = (
        early.columns(keep)
        if early is not None
        else {
            "kommunenummer": _strings(regions.new_codes, code[keep]),
            "year": _as_int64(cells.year[keep]),
            "indicator_id": _strings(resolver.ids, cells.indicator[keep]),
        }
    )
    frame = pd.DataFrame(
        {
            "kommunenummer": key_columns["kommunenummer"],
            "year": pd.arrays.IntegerArray(key_columns["year"], np.zeros(len(values), bool)),
            "indicator_id": key_columns["indicator_id"],
            "value": pd.arrays.FloatingArray(values, np.isnan(values)),
            "value_symbol": _strings(SYMBOLS, cells.symbol[keep]),
        },
        copy=False,
    )
    return _Built(
        tables={table.name: frame, **extra_tables},
        problems=found.problems,
        notes=[*found.notes, *regions.notes, *resolver.notes],
        skipped=_skipped_concat(found.skipped),
        harmonised=regions.harmonised,
    )


def _long_in_blocks(
    grid: _Grid, plan: _Plan, context: _Context, regions: _Regions, numbers_of: _Background
) -> _Built | None:
    """A clean long file in blocks: each municipality and year once, with the same indicators
    in the same order; None for any other file, which the general code checks row by row.

    Such a file (the common export sorted by municipality, year and indicator) is checked run by
    run and block by block: its keys are unique when no (municipality, year) repeats across
    blocks, and its columns are laid out from the runs with no per-row work in Python.
    """
    codes = regions.runs
    if (
        codes is None
        or codes.starts is None
        or not regions.all_codes
        or "symbol" in plan.roles
        or "year" not in plan.roles
        or "indicator" not in plan.roles
    ):
        return None
    years = _digit_runs(grid.columns[plan.roles["year"]])
    if years is None or years.starts is None:
        return None
    last_year = min(schema.MAX_YEAR, context.current_year + FUTURE_YEARS_OK)
    if years.values.min() < schema.MIN_YEAR or years.values.max() > last_year:
        return None  # the general code reports or warns about them
    ids = grid.columns[plan.roles["indicator"]]
    period = _period(ids)
    if period is None:
        return None
    size, texts = period
    resolver = _IndicatorResolver(context.known_ids, context)
    if [*map(resolver.index, texts)] != list(range(size)) or resolver.ids != texts:
        return None  # only a column of catalogue ids as written is kept as it is
    blocks = -(-codes.n // size)
    if (codes.starts % size).any() or (years.starts % size).any():
        return None  # a municipality or year changes inside a block
    begins = np.zeros(blocks, bool)
    begins[codes.starts // size] = begins[years.starts // size] = True
    if not begins.all():
        return None  # a block has the municipality and year of the one before
    new_index = regions.new_index[:-1][regions.position]  # code number → index in new_codes
    code_of_block = np.repeat(new_index[codes.values], -(-codes.lengths // size))
    year_of_block = np.repeat(years.values, -(-years.lengths // size))
    keys = code_of_block.astype(np.int64) * 10_000 + year_of_block
    if len(np.unique(keys)) != len(keys):
        return None  # a key repeats: the general code settles or reports it
    (numbers,) = numbers_of.result()
    if numbers.excluded.any():
        return None
    values = numbers.values
    year = _repeated(years.values.astype(np.int64), years.lengths)
    frame = pd.DataFrame(
        {
            "kommunenummer": _repeated_strings(
                regions.new_codes, new_index[codes.values], codes.lengths
            ),
            "year": pd.arrays.IntegerArray(year, _falses(codes.n)),
            "indicator_id": pd.arrays.ArrowStringArray(ids.cast(pa.large_string())),
            "value": pd.arrays.FloatingArray(values, numbers.missing),
            "value_symbol": numbers.symbol_strings(),
        },
        copy=False,
    )
    return _Built(
        tables={schema.INDICATOR_VALUES.name: frame},
        notes=[*regions.notes, *resolver.notes],
        harmonised=regions.harmonised,
    )


def _period(array: pa.Array | pa.ChunkedArray) -> tuple[int, list[str]] | None:
    """(p, the first p texts) when a text column is those p distinct texts over and over.

    A long file sorted by municipality and year lists the same indicators in the same order for
    each. Each of the reader's chunks is compared, offsets and bytes, with those texts over and
    over: whole-buffer comparisons, no hashing.
    """
    n = len(array)
    if n == 0 or array.null_count or array.type not in _TEXT_TYPES:
        return None
    head = pc.dictionary_encode(array.slice(0, min(n, _PERIOD_PROBE)))
    if isinstance(head, pa.ChunkedArray):
        head = _combine(head)
    pattern = head.indices.to_numpy(zero_copy_only=False)
    again = np.flatnonzero(pattern[1:] == 0)
    if len(again) == 0:
        return None
    size = int(again[0]) + 1
    if not np.array_equal(pattern[:size], np.arange(size)):
        return None
    texts = head.dictionary.to_pylist()[:size]
    chunks = [c for c in (array.chunks if isinstance(array, pa.ChunkedArray) else [array]) if c]
    # The texts over and over, as cell offsets and bytes, enough for any chunk from any phase;
    # made in Arrow's pool and compared with memcmp, so no big temporary arrays (page faults).
    cells = max(map(len, chunks)) + size + 1
    lengths = _pooled(cells, np.int64)
    lengths[0] = 0
    lengths[1 : size + 1] = [len(text.encode()) for text in texts]
    _fill_repeating(lengths[1:], size)
    ends = np.cumsum(lengths, out=lengths)  # ends[k]: where cell k starts, cells from 0 on
    text = _pooled(int(ends[size]) * (cells // size + 1), np.uint8)
    text[: int(ends[size])] = np.frombuffer("".join(texts).encode(), np.uint8)
    _fill_repeating(text, int(ends[size]))
    expected = _pooled(cells, np.int64)
    row = 0
    for chunk in chunks:
        phase, m = row % size, len(chunk)
        offsets = _offsets(chunk)
        first, last = int(offsets[0]), int(offsets[-1])
        begin = int(ends[phase])  # where the chunk's first cell starts in `text`
        np.subtract(ends[phase : phase + m + 1], begin - first, out=expected[: m + 1])
        data = chunk.buffers()[2]
        if not (
            pa.py_buffer(offsets).equals(pa.py_buffer(expected[: m + 1]))
            and (data.slice(first, last - first) if data else pa.py_buffer(b"")).equals(
                pa.py_buffer(text[begin : begin + last - first])
            )
        ):
            return None
        row += m
    return size, texts


@dataclass
class _KeysAhead:
    """A long file's key columns for every record, laid out before its numbers are parsed."""

    kommunenummer: pd.arrays.ArrowStringArray | None
    year: np.ndarray
    indicator_id: pd.arrays.ArrowStringArray | None
    repeated: bool  # whether some key may occur twice (checked again once the numbers are in)
    code: np.ndarray
    indicator: np.ndarray
    labels: tuple[list[str], list[str]]

    def columns(self, keep: slice | np.ndarray) -> dict[str, object]:
        """The key columns of the rows kept (made again for a mask: that only happens when rows
        are left out for a problem or a merged code)."""
        made = self.kommunenummer is not None and self.indicator_id is not None
        if isinstance(keep, slice) and made:
            return {
                "kommunenummer": self.kommunenummer,
                "year": self.year,
                "indicator_id": self.indicator_id,
            }
        codes, ids = self.labels
        return {
            "kommunenummer": _strings(codes, self.code[keep]),
            "year": self.year[keep],
            "indicator_id": _strings(ids, self.indicator[keep]),
        }


def _keys_ahead(
    regions: _Regions,
    year: np.ndarray | None,
    indicator: np.ndarray | None,
    resolver: _IndicatorResolver,
    ids_as_written: pa.ChunkedArray | pa.Array | None,
) -> _KeysAhead | None:
    """Key columns of a long file and a first look for repeated keys; None without year/indicator.

    When no key repeats among all records, none repeats among those kept, and the duplicate check
    after the numbers can be left out.
    """
    if year is None or indicator is None:
        return None
    code = regions.new_index_of_row
    clean = not (_any_negative(code) or _any_negative(indicator) or _any_negative(year))
    repeated = (
        not clean
        or _duplicates(code, year, indicator, None, len(regions.new_codes), len(resolver.ids))
        is not None
    )
    ids = None
    if clean:
        ids = (
            pd.arrays.ArrowStringArray(ids_as_written.cast(pa.large_string()))
            if ids_as_written is not None
            else _strings(resolver.ids, indicator)
        )
    return _KeysAhead(
        kommunenummer=_strings(regions.new_codes, code) if clean else None,
        year=_as_int64(year),
        indicator_id=ids,
        repeated=repeated,
        code=code,
        indicator=indicator,
        labels=(regions.new_codes, resolver.ids),
    )


@dataclass
class _Findings:
    """What the checks of one table found: problems, notes and skipped rows."""

    table: str
    problems: list[schema.Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[pd.DataFrame] = field(default_factory=list)

    def grouped(
        self,
        column: str | None,
        values: np.ndarray,
        rows: np.ndarray,
        what: Callable[[object, int], str],
        fix: str,
    ) -> None:
        self.problems += _grouped(self.table, column, values, rows, what, fix)


def _check_regions(
    found: _Findings, regions: _Regions, grid: _Grid, column: str
) -> np.ndarray | None:
    """Report unknown and missing codes, skip aggregates; rows still in scope (None: all)."""
    if regions.all_codes:
        return None
    of_row = regions.status_of_row
    unknown = of_row == _UNKNOWN
    found.grouped(
        column,
        regions.raw_of_rows(unknown),
        grid.rows[unknown],
        lambda v, k: f"Kommunenummeret «{v}» finnes ikke i 2024-inndelingen.",
        "Bruk firesifret kommunenummer (0301 for Oslo); SSB-uttrekk må ha «kode og tekst» for "
        "region. Gamle numre fra 2020–2023 oversettes av seg selv.",
    )
    empty = of_row == _EMPTY
    found.grouped(
        column,
        np.full(int(empty.sum()), None, object),
        grid.rows[empty],
        lambda v, k: "Kommunenummer mangler.",
        "Fyll inn kommunenummeret, eller slett raden.",
    )
    aggregate = of_row == _AGGREGATE
    found.skipped.append(
        _skipped(
            zip(
                grid.rows[aggregate].tolist(),
                [column] * int(aggregate.sum()),
                regions.raw_of_rows(aggregate).tolist(),
                regions.reason_of_rows(aggregate).tolist(),
                strict=True,
            )
        )
    )
    return ~aggregate


def _years_from_column(
    found: _Findings, grid: _Grid, plan: _Plan, header: list[str], in_scope: np.ndarray | None
) -> np.ndarray | None:
    """Each row's year from the year column (-1 if not a year); each distinct cell parsed once."""
    if "year" not in plan.roles:
        return None
    column = plan.roles["year"]
    digits = _four_digits(grid.columns[column])
    if digits is not None:  # four digits are a year (whether in range is checked later)
        return digits
    idx, uniques = _factorize(grid.columns[column])
    parsed = np.array([*map(_year_of, uniques), -1], np.int64)
    year = parsed[idx]  # idx -1 (an empty cell) picks the sentinel
    if (parsed[:-1] >= 0).all() and not _any_negative(idx):
        return year
    scope = np.ones(len(idx), bool) if in_scope is None else in_scope
    text = (year == -1) & (idx >= 0) & scope
    found.grouped(
        header[column],
        np.asarray(uniques, object)[idx[text]],
        grid.rows[text],
        lambda v, k: f"«{v}» er ikke et årstall.",
        "Skriv året med fire sifre, f.eks. 2023.",
    )
    empty = (idx < 0) & scope
    found.grouped(
        header[column],
        np.full(int(empty.sum()), None, object),
        grid.rows[empty],
        lambda v, k: "Året mangler.",
        "Fyll inn året med fire sifre, eller slett raden.",
    )
    return year


def _check_values(
    found: _Findings,
    cells: _Cells,
    rows: np.ndarray,
    scope: slice | np.ndarray,
    header: list[str],
    decimal: str,
) -> None:
    """Text in a number column: one problem per distinct text and column."""
    if not cells.bad.any():
        return
    bad = cells.bad & scope if isinstance(scope, np.ndarray) else cells.bad
    texts = cells.raw_bad[bad[cells.bad]]  # raw_bad holds the text of every bad cell, in order
    columns = cells.column[bad]
    for i in np.unique(columns).tolist():
        found.grouped(
            header[i],
            texts[columns == i],
            rows[bad][columns == i],
            _not_a_number,
            _number_fix(decimal),
        )


def _check_years(
    found: _Findings,
    year: np.ndarray,
    rows: np.ndarray,
    scope: slice | np.ndarray,
    plan: _Plan,
    header: list[str],
    current_year: int,
) -> np.ndarray | None:
    """Years outside MIN_YEAR..MAX_YEAR are problems, far-future ones a warning; → in range.

    None when every year is in range.
    """
    if len(year) == 0:
        return None
    low, high = int(year.min()), int(year.max())
    if low >= schema.MIN_YEAR and high <= schema.MAX_YEAR:
        in_range = None
    else:
        in_range = (year >= schema.MIN_YEAR) & (year <= schema.MAX_YEAR)
        outside = (year >= 0) & ~in_range
        if isinstance(scope, np.ndarray):
            outside &= scope
        found.grouped(
            header[plan.roles["year"]] if "year" in plan.roles else None,
            year[outside].astype(str),
            rows[outside],
            lambda v, k: f"Året {v} er utenfor {schema.MIN_YEAR}–{schema.MAX_YEAR}.",
            "Sjekk at årskolonnen virkelig inneholder år, og rett årstallet.",
        )
    if high > current_year + FUTURE_YEARS_OK:
        future = year > current_year + FUTURE_YEARS_OK
        if in_range is not None:
            future &= in_range
        if future.any():
            years = ", ".join(map(str, np.unique(year[future])[:10].tolist()))
            found.notes.append(
                f"Advarsel: {_n(int(future.sum()))} verdier gjelder år langt fram i tid "
                f"({years}); sjekk at årene er riktige."
            )
    return in_range


def _settle_duplicates(
    found: _Findings,
    cells: _Cells,
    code: np.ndarray,
    good: np.ndarray | None,
    rows: np.ndarray,
    regions: _Regions,
    resolver: _IndicatorResolver,
    header: list[str],
) -> np.ndarray | None:
    """Rows to leave out for a repeated key: merged old/new-code cells, and true duplicates.

    `good` None means every row; returns None when no row is left out.
    """
    duplicate = _duplicates(
        code, cells.year, cells.indicator, good, len(regions.new_codes), len(resolver.ids)
    )
    if duplicate is None:
        return None
    old = regions.idx[cells.position]
    drop, duplicate = _merge_renamed(
        duplicate, code, cells.year, cells.indicator, cells.values, old, regions
    )
    found.skipped.append(
        _skipped(
            zip(
                rows[drop].tolist(),
                np.asarray(header, object)[cells.column[drop]].tolist(),
                np.asarray([*SYMBOLS, ""], object)[cells.symbol[drop]].tolist(),
                [_MERGED_REASON] * int(drop.sum()),
                strict=True,
            )
        )
    )
    found.problems += _duplicate_problems(
        found.table,
        duplicate,
        code,
        cells.year,
        cells.indicator,
        rows,
        old,
        regions.new_codes,
        resolver.ids,
    )
    return drop | duplicate


_MERGED_REASON = "Gammelt og nytt kommunenummer for samme kommune: verdien står på en annen rad"


def _skipped_concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else _NO_SKIPPED.copy(deep=False)


def _as_int64(values: np.ndarray) -> np.ndarray:
    if values.dtype == np.int64:
        return values
    out = _pooled(len(values), np.int64)
    out[:] = values
    return out


def _pooled(n: int, dtype: type | np.dtype) -> np.ndarray:
    """An uninitialised numpy array in Arrow's memory pool.

    The pool keeps freed memory for the next file, where numpy's allocator hands big blocks back
    to the system and every fresh page then costs a page fault: for a million rows that is more
    than the arithmetic. Used for the few arrays the size of the file.
    """
    dtype = np.dtype(dtype)
    return np.frombuffer(pa.allocate_buffer(n * dtype.itemsize), dtype)


def _falses(n: int) -> np.ndarray:
    """A writable mask of n False, in Arrow's pool (np.zeros would fault in each page on use)."""
    mask = _pooled(n, np.bool_)
    mask.fill(False)
    return mask


def _repeated(values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """np.repeat(values, lengths), made by Arrow in its memory pool (see _pooled)."""
    ends = np.cumsum(lengths, dtype=np.int64)
    runs = lengths > 0  # run ends must rise
    ree = pa.RunEndEncodedArray.from_arrays(pa.array(ends[runs]), pa.array(values[runs]))
    decoded = pc.run_end_decode(ree)
    # A new buffer only this array holds: as writable as np.repeat's answer.
    return np.frombuffer(decoded.buffers()[1], values.dtype, len(decoded))


def _any_negative(index: np.ndarray) -> bool:
    return len(index) > 0 and int(index.min()) < 0


def _all_of(*masks: np.ndarray | None) -> np.ndarray | None:
    """Rows in every mask; None (every row) when no mask is given."""
    given = [m for m in masks if m is not None]
    if not given:
        return None
    out = given[0].copy() if len(given) > 1 else given[0]
    for mask in given[1:]:
        out &= mask
    return None if out.all() else out


_CODE, _AGGREGATE, _UNKNOWN, _EMPTY = 0, 1, 2, 3
_NOT_A_MUNICIPALITY = "(ikke en kommune)"  # how every reason for skipping an aggregate ends


@dataclass(frozen=True)
class _Piece:
    """One value column of a file, parsed, with the indicator and year of each of its cells."""

    column: int
    numbers: _Numbers
    indicator: np.ndarray
    year: np.ndarray
    keep: np.ndarray | None  # cells to keep; None for all


@dataclass(frozen=True)
class _Cells:
    """Every kept value cell of the file, in long form."""

    position: slice | np.ndarray  # the cell's record in the grid
    column: np.ndarray
    values: np.ndarray
    symbol: np.ndarray
    bad: np.ndarray
    excluded: np.ndarray
    raw_bad: np.ndarray  # texts of the bad cells, in order (bad cells are never left out)
    year: np.ndarray
    indicator: np.ndarray
    dropped: int  # empty cells left out

    @classmethod
    def stack(cls, pieces: list[_Piece], n: int) -> _Cells:
        if len(pieces) == 1 and pieces[0].keep is None:  # long layout: views, no copies
            piece = pieces[0]
            numbers = piece.numbers
            return cls(
                position=slice(None),
                column=np.broadcast_to(np.int32(piece.column), (n,)),  # one column: no memory
                values=numbers.values,
                symbol=numbers.symbol,
                bad=numbers.bad,
                excluded=numbers.excluded,
                raw_bad=numbers.raw_bad,
                year=piece.year,
                indicator=piece.indicator,
                dropped=0,
            )
        keeps = [np.ones(n, bool) if p.keep is None else p.keep for p in pieces]
        return cls(
            position=np.concatenate([np.flatnonzero(k) for k in keeps]),
            column=np.concatenate(
                [np.full(int(k.sum()), p.column) for p, k in zip(pieces, keeps, strict=True)]
            ),
            values=np.concatenate(
                [p.numbers.values[k] for p, k in zip(pieces, keeps, strict=True)]
            ),
            symbol=np.concatenate(
                [p.numbers.symbol[k] for p, k in zip(pieces, keeps, strict=True)]
            ),
            bad=np.concatenate([p.numbers.bad[k] for p, k in zip(pieces, keeps, strict=True)]),
            excluded=np.concatenate(
                [p.numbers.excluded[k] for p, k in zip(pieces, keeps, strict=True)]
            ),
            raw_bad=np.concatenate([p.numbers.raw_bad for p in pieces]),
            year=np.concatenate([p.year[k] for p, k in zip(pieces, keeps, strict=True)]),
            indicator=np.concatenate([p.indicator[k] for p, k in zip(pieces, keeps, strict=True)]),
            dropped=sum(int((~k).sum()) for k in keeps),
        )


@dataclass
class _Regions:
    """Distinct region cells classified (code, aggregate, unknown) and harmonised to 2024."""

    uniques: list[str]
    status: np.ndarray  # per unique, plus a last entry for empty cells
    reasons: list[str]
    new_index: np.ndarray  # per unique (+ empty): index into new_codes, -1 when none
    new_codes: list[str]
    current: np.ndarray  # per unique (+ empty): the cell's code is already the 2024 code
    harmonised: pd.DataFrame
    notes: list[str]
    # Per row, either the index into uniques (-1 for an empty cell) or, for four-digit codes,
    # the codes as numbers (in runs) and where each number is in uniques.
    factorized: np.ndarray | None = None
    runs: _Runs | None = None
    position: np.ndarray | None = None

    @classmethod
    def build(cls, column: pa.Array | pa.ChunkedArray, valid_codes: frozenset[str]) -> _Regions:
        runs = _digit_runs(column)
        if runs is None:
            idx, uniques = _factorize(column)
            counts = np.bincount(
                idx[idx >= 0] if _any_negative(idx) else idx, minlength=len(uniques)
            )
            position = None
        else:  # each distinct code once, no hashing: counted and looked up by its number
            idx = None
            counts = runs.counts(10_000)
            present = np.flatnonzero(counts)
            counts = counts[present]
            uniques = [f"{v:04d}" for v in present.tolist()]
            position = np.full(10_000, -1, np.int16)
            position[present] = np.arange(len(present), dtype=np.int16)
        classified = [
            (_CODE, u, "") if runs is not None and u != "0000" else _classify_region(u)
            for u in uniques
        ]  # four digits are a municipality's code (whether it exists is checked below)
        status = np.array([c[0] for c in classified] + [_EMPTY], np.int8)
        candidates = [c[1] for c in classified]
        # Only codes that are not 2024 codes already go through the code history.
        old = sorted({c for c in candidates if c is not None and c not in valid_codes})
        new_of = {c: c for c in candidates if c in valid_codes}
        notes: list[str] = []
        if old:
            new_of |= _harmonised(old, valid_codes, notes)
        targets = [new_of.get(c) if c is not None else None for c in candidates]
        unknown = [s == _CODE and t is None for s, t in zip(status[:-1], targets, strict=True)]
        status[:-1][np.array(unknown, bool)] = _UNKNOWN
        new_codes = sorted({t for t in targets if t is not None})
        where = {c: i for i, c in enumerate(new_codes)}
        new_index = np.array([where.get(t, -1) for t in targets] + [-1], np.int32)
        moved: dict[tuple[str, str], int] = {}
        for candidate, target, count in zip(candidates, targets, counts.tolist(), strict=True):
            if target is not None and target != candidate:
                moved[(candidate, target)] = moved.get((candidate, target), 0) + count
        harmonised_frame = pd.DataFrame(
            {
                "old_code": pd.array([o for o, _ in sorted(moved)], dtype="string"),
                "new_code": pd.array([n for _, n in sorted(moved)], dtype="string"),
                "rows": np.array([moved[k] for k in sorted(moved)], np.int64),
            }
        )
        return cls(
            uniques=uniques,
            status=status,
            reasons=[c[2] for c in classified] + [""],
            new_index=new_index,
            new_codes=new_codes,
            current=np.array(
                [c is not None and c == t for c, t in zip(candidates, targets, strict=True)]
                + [False]
            ),
            harmonised=harmonised_frame,
            notes=notes,
            factorized=idx,
            runs=runs,
            position=position,
        )

    @property
    def idx(self) -> np.ndarray:
        """Per row: index into uniques, -1 for an empty cell."""
        if self.factorized is None:
            self.factorized = self.position[self.runs.expand()]
        return self.factorized

    @property
    def all_codes(self) -> bool:
        """Whether every cell is a municipality code (none empty, unknown or an aggregate)."""
        return bool((self.status[:-1] == _CODE).all()) and not (
            self.runs is None and _any_negative(self.idx)
        )

    @property
    def status_of_row(self) -> np.ndarray:
        return self.status[self.idx]

    @functools.cached_property
    def new_index_of_row(self) -> np.ndarray:
        """Per row: index into new_codes, -1 when the cell has no 2024 code."""
        if self.runs is not None:  # one lookup by the code's number, once per run
            lookup = self.new_index[:-1][self.position]
            if self.runs.starts is not None:
                return np.repeat(lookup[self.runs.values], self.runs.lengths)
            digits = self.runs.values
            return np.take(lookup, digits, out=_pooled(len(digits), lookup.dtype))
        return self.new_index[self.idx]

    def raw_of_rows(self, mask: np.ndarray) -> np.ndarray:
        return np.asarray(self.uniques + [None], object)[self.idx[mask]]

    def reason_of_rows(self, mask: np.ndarray) -> np.ndarray:
        return np.asarray(self.reasons, object)[self.idx[mask]]


def _harmonised(old: list[str], valid_codes: frozenset[str], notes: list[str]) -> dict[str, str]:
    """2024 codes for older codes; unknown ones left out. Notes Ålesund's split, if it is there.

    The code history is looked up directly; codes.harmonise_codes, which also reports per row,
    is only asked when a split code needs its note.
    """
    if any(code in codes.SPLIT_2024 for code in old):
        harmonised, report = codes.harmonise_codes(pd.Series(old, dtype="string"), set(valid_codes))
        notes += report.notes
        return {o: n for o, n in zip(old, harmonised, strict=True) if n is not pd.NA}
    valid = set(valid_codes)
    return {code: targets[0] for code in old if (targets := codes.to_2024(code, valid))}


def _classify_region(cell: str) -> tuple[int, str | None, str]:
    """(status, 4-digit code or None, reason) for one region cell."""
    text = cell.strip().strip('"').strip()
    if not text:
        return _EMPTY, None, ""
    match = _REGION_CODE.match(text)
    if match:
        digits = match[1]
        if set(digits) == {"0"}:
            return _AGGREGATE, None, "Hele landet (ikke en kommune)"
        if len(digits) in (3, 4):
            return _CODE, digits.zfill(4), ""
        if len(digits) <= 2:
            return _AGGREGATE, None, "Fylke (ikke en kommune)"
        if len(digits) == 6:
            return _AGGREGATE, None, "Bydel (ikke en kommune)"
        return _UNKNOWN, None, ""
    if _AGGREGATE_CODE.match(text):
        prefix = text[:3].upper()
        if text.upper().startswith("EAKUO"):
            return _AGGREGATE, None, "Landet uten Oslo (ikke en kommune)"
        reason = {
            "EKG": "KOSTRA-gruppe (ikke en kommune)",
            "EKA": "Fylke, KOSTRA-aggregat (ikke en kommune)",
            "EAK": "Hele landet, KOSTRA-aggregat (ikke en kommune)",
        }.get(prefix, "KOSTRA-aggregat (ikke en kommune)")
        return _AGGREGATE, None, reason
    if _NATIONAL_NAME.match(text):
        return _AGGREGATE, None, "Hele landet (ikke en kommune)"
    return _UNKNOWN, None, ""


def _factorize(array: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """Per row an index into the distinct values (-1 for empty), and the distinct values."""
    if pa.types.is_fixed_size_binary(array.type):
        array = array.cast(pa.binary()).cast(pa.string())
    periodic = _periodic(array)
    if periodic is not None:
        array = periodic
    elif not pa.types.is_dictionary(array.type):
        array = pc.dictionary_encode(array)
    if isinstance(array, pa.ChunkedArray):  # the reader's chunks: join the indices, not the text
        array = _combine(array)
    indices = array.indices
    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    indices = indices.to_numpy(zero_copy_only=False)
    uniques = array.dictionary.to_pylist()
    blank = np.array([not str(u).strip() for u in uniques] + [True])
    if blank[:-1].any():
        indices = np.where(blank[indices], -1, indices)
    return indices, uniques


def _periodic(array: pa.Array | pa.ChunkedArray) -> pa.DictionaryArray | None:
    """A text column that repeats with a fixed period, dictionary-encoded from its first period.

    A long file sorted by municipality and year lists the same indicators in the same order for
    each of them. Checking that takes a few comparisons of whole buffers; hashing every cell takes
    several times longer. None when the column does not repeat.
    """
    n = len(array)
    if n < 4 * _PERIOD_PROBE or array.null_count or array.type not in _TEXT_TYPES:
        return None
    head = pc.dictionary_encode(array.slice(0, _PERIOD_PROBE))
    if isinstance(head, pa.ChunkedArray):
        head = _combine(head)
    pattern = head.indices.to_numpy(zero_copy_only=False)
    column = _combine(array) if isinstance(array, pa.ChunkedArray) else array
    offsets = _offsets(column)
    data = column.buffers()[2]
    text = np.frombuffer(data, np.uint8) if data is not None else np.empty(0, np.uint8)
    text = text[int(offsets[0]) : int(offsets[-1])]
    lengths = None
    for period in (np.flatnonzero(pattern[1:] == pattern[0]) + 1)[:3].tolist():
        if not np.array_equal(pattern[period:], pattern[:-period]):
            continue
        if lengths is None:
            lengths = np.diff(offsets)
        if not np.array_equal(lengths[period:], lengths[:-period]):
            continue  # cell i and cell i + period differ in length somewhere
        # Same lengths, so cell i + period starts `shift` bytes after cell i: compare the bytes.
        shift = int(offsets[period] - offsets[0])
        later, earlier = text[shift:], text[: len(text) - shift]
        if all(
            np.array_equal(later[at : at + _SCAN_BYTES], earlier[at : at + _SCAN_BYTES])
            for at in range(0, len(earlier), _SCAN_BYTES)
        ):
            indices = _pooled(n, pattern.dtype)
            indices[:period] = pattern[:period]
            filled = period
            while filled < n:  # the period, then twice as much, and so on
                step = min(filled, n - filled)
                indices[filled : filled + step] = indices[:step]
                filled += step
            return pa.DictionaryArray.from_arrays(indices, head.dictionary)
    return None


_TEXT_TYPES = (pa.string(), pa.large_string())


def _offsets(array: pa.Array) -> np.ndarray:
    """Where each cell of a (large) string array starts in its data buffer, and where it ends."""
    dtype = np.int64 if array.type == pa.large_string() else np.int32
    width = np.dtype(dtype).itemsize
    return np.frombuffer(array.buffers()[1], dtype, len(array) + 1, array.offset * width)


@dataclass(frozen=True)
class _Runs:
    """A column as runs of equal values: each run's value and first row.

    `starts` None means a run per row (a column in no order is kept as it is).
    """

    values: np.ndarray
    starts: np.ndarray | None
    n: int

    @functools.cached_property
    def lengths(self) -> np.ndarray:
        if self.starts is None:
            return np.broadcast_to(np.int64(1), (self.n,))
        return np.diff(self.starts, append=self.n)

    def expand(self) -> np.ndarray:
        """The value of every row."""
        return self.values if self.starts is None else np.repeat(self.values, self.lengths)

    def counts(self, size: int) -> np.ndarray:
        """How many rows have each value 0 … size - 1."""
        if self.starts is None:
            return np.bincount(self.values, minlength=size)
        return np.bincount(self.values, weights=self.lengths, minlength=size).astype(np.int64)


def _digit_runs(array: pa.Array | pa.ChunkedArray) -> _Runs | None:
    """A 4-byte column (see _fast_types) whose every cell is four ASCII digits, as number runs.

    None for any other column. Each cell's four bytes are one 32-bit word, and the arithmetic is
    done on whole arrays of them, where hashing a million short strings takes several times
    longer. Files are mostly sorted by municipality and year, so only the first word of each run
    of equal words is worked out, straight from the reader's chunks.
    """
    n = len(array)
    if n == 0 or array.type != pa.binary(4) or array.null_count:
        return None
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    words = [
        np.frombuffer(chunk.buffers()[1], "<u4", len(chunk), chunk.offset * 4)
        for chunk in chunks
        if len(chunk)
    ]
    starts, heads = [], []
    row, last = 0, None
    for chunk in words:
        inner = np.flatnonzero(chunk[1:] != chunk[:-1]) + 1
        if last is None or chunk[0] != last:
            inner = np.concatenate([[0], inner])
        starts.append(inner + row)
        heads.append(chunk[inner])
        row, last = row + len(chunk), chunk[-1]
    if sum(map(len, starts)) < n // 4:
        numbers = _digits_of_words(np.concatenate(heads))
        return None if numbers is None else _Runs(numbers, np.concatenate(starts), n)
    numbers = _digits_of_words(np.concatenate(words) if len(words) > 1 else words[0])
    return None if numbers is None else _Runs(numbers, None, n)


def _fill_repeating(array: np.ndarray, period: int) -> None:
    """Repeat array[:period] over the whole array, in place (a copy of twice as much each time)."""
    filled = period
    while filled < len(array):
        step = min(filled, len(array) - filled)
        array[filled : filled + step] = array[:step]
        filled += step


def _four_digits(
    array: pa.Array | pa.ChunkedArray, counts: np.ndarray | None = None
) -> np.ndarray | None:
    """A 4-byte column of four ASCII digits as numbers, one per row (see _digit_runs).

    `counts` (10 000 zeros), if given, gets how often each number occurs.
    """
    runs = _digit_runs(array)
    if runs is None:
        return None
    if counts is not None:
        counts += runs.counts(10_000)
    return runs.expand()


def _digits_of_words(words: np.ndarray) -> np.ndarray | None:
    """Four ASCII digits in little-endian 32-bit words → their value; None if any is not digits."""
    # Every byte 0x30–0x39: high nibble 3, and adding 6 to the low nibble does not carry.
    check = words & 0xF0F0F0F0
    check ^= 0x30303030
    carry = words + 0x06060606
    carry &= 0xF0F0F0F0
    carry ^= 0x30303030
    check |= carry
    if check.any():
        return None
    nibbles = words & 0x0F0F0F0F  # the first character is the lowest byte
    np.right_shift(nibbles, 8, out=carry)
    carry &= 0x00FF00FF
    nibbles &= 0x00FF00FF
    nibbles *= 10
    nibbles += carry  # two-digit numbers «ab» and «cd» in the low and high half
    np.right_shift(nibbles, 16, out=carry)
    nibbles &= 0xFFFF
    nibbles *= 100
    nibbles += carry
    return nibbles.astype(np.int16)


def _year_of(text: str) -> int:
    """A year cell as an int; -1 when it is not a year (text, decimals)."""
    t = str(text).strip()
    match = re.fullmatch(r"(\d{4})(?:[.,]0+)?", t)
    return int(match[1]) if match else -1


@dataclass
class _Numbers:
    values: np.ndarray  # float64, NaN where there is no number
    symbol: np.ndarray  # int8: index into SYMBOLS, -1 for none
    bad: np.ndarray  # bool: text that is neither a number, a symbol nor empty
    empty: np.ndarray  # bool: no value and no symbol
    raw_bad: np.ndarray  # object: the text of the bad cells, in order
    invalid: np.ndarray | None = None  # bool: excluded for a problem reported elsewhere
    nulls: np.ndarray | None = None  # the cells without a number, in order, when known

    @property
    def missing(self) -> np.ndarray:
        """No value (NaN): empty cells and symbols other than «-»."""
        if self.nulls is None:
            return np.isnan(self.values)
        missing = _falses(len(self.values))
        missing[self.nulls[self.symbol[self.nulls] != SYMBOLS.index("-")]] = True
        return missing

    def symbol_strings(self) -> pd.arrays.ArrowStringArray:
        """The symbols as a pandas string column (missing where there is none)."""
        if self.nulls is None:
            return _strings(SYMBOLS, self.symbol)
        present = self.nulls[self.symbol[self.nulls] >= 0]
        if len(present) == 0:
            return pd.arrays.ArrowStringArray(pa.nulls(len(self.symbol), pa.large_string()))
        return _sparse_strings(SYMBOLS, [s.encode() for s in SYMBOLS], self.symbol, present)

    @property
    def excluded(self) -> np.ndarray:
        return self.bad if self.invalid is None else self.bad | self.invalid


def _parse_numbers(array: pa.Array | pa.ChunkedArray, decimal: str) -> _Numbers:
    """Numbers with the file's decimal mark and thousands separators; SSB symbols kept apart.

    Plain columns go through _parse_plain_numbers; the rest through _parse_numbers_exact, which
    knows every other form and reports what is not a number.
    """
    if isinstance(array, pa.ChunkedArray):
        array = _combine(array)
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    plain = _parse_plain_numbers(array, decimal)
    return plain if plain is not None else _parse_numbers_exact(array, decimal)


def _read_numbers(
    column: pa.ChunkedArray,
    source: _Source,
    body: _Body,
    at: int,
    symbols: list[bytes] | None = None,
) -> _Numbers | None:
    """A value column the CSV reader parsed (see _fast_types), with its SSB symbols put back.

    The reader makes empty cells and symbols null; each null cell's text is then found in the
    file: `symbols` are those that end a line, in order (see _symbols_ending_lines), else see
    _null_cells. None when that fails or a value is not finite («inf», «nan»): the column is
    then read as text, and the general path reports what it must.
    """
    n = len(column)
    values = _pooled(n, np.float64)  # one contiguous copy, as pandas wants it
    done = 0
    for chunk in column.chunks:
        values[done : done + len(chunk)] = np.frombuffer(
            chunk.buffers()[1], np.float64, len(chunk), chunk.offset * 8
        )
        done += len(chunk)
    nulls = np.empty(0, np.int64)
    if column.null_count:
        nulls = pc.indices_nonzero(pc.is_null(column)).to_numpy().astype(np.int64)
        values[nulls] = 0.0
    with np.errstate(over="ignore", invalid="ignore"):  # a sum is finite when every value is
        finite = np.isfinite(values.sum()) or np.isfinite(values).all()
    if not finite:
        return None
    symbol = _pooled(n, np.int8)
    symbol.fill(-1)
    empty = np.broadcast_to(np.False_, (n,))  # no memory for «nothing is empty»
    if len(nulls):
        cells = symbols if symbols is not None and len(symbols) == len(nulls) else None
        cells = cells or _null_cells(nulls, source, body, at, n)
        if cells is None:
            return None
        symbol[nulls] = [_SYMBOL_INDEX.get(cell, -1) for cell in cells]
        values[nulls] = np.where(symbol[nulls] == SYMBOLS.index("-"), 0.0, np.nan)
        if (symbol[nulls] < 0).any():
            empty = _falses(n)
            empty[nulls] = symbol[nulls] < 0
    no_bad = np.broadcast_to(np.False_, (n,))
    return _Numbers(values, symbol, no_bad, empty, np.array([], object), nulls=nulls)


def _null_cells(
    rows: np.ndarray, source: _Source, body: _Body, at: int, records: int
) -> list[bytes] | None:
    """The text of column `at` on the given records (in order) of an unquoted CSV body, looked up
    line by line; None when a cell is not empty or a symbol, or there are too many to look up."""
    buf, start, end = source.buf, body.start, body.end
    separator = (source.separator or ";").encode()
    width = len(source.header)
    if len(rows) > _NULL_CELLS_LOOKED_UP:
        return None
    line_ends = np.flatnonzero(np.frombuffer(buf, np.uint8, end - start, start) == 10) + start
    if len(line_ends) + 1 != records:
        return None
    cells = []
    for row in rows.tolist():
        first = int(line_ends[row - 1]) + 1 if row else start
        last = int(line_ends[row]) if row < len(line_ends) else end
        fields = buf[first:last].rstrip(b"\r").split(separator)
        if len(fields) != width or fields[at] not in _NULL_TEXTS:
            return None
        cells.append(fields[at])
    return cells


def _symbols_ending_lines(buf: bytes, start: int, end: int, separator: int) -> list[bytes] | None:
    """Every SSB symbol that is the last cell of its line in buf[start:end], in file order.

    Symbols start with «.», «:» or «-», which are rare in a decimal-comma file: a memchr for each
    finds them. None when they are not rare, to spare the time.
    """
    found: list[tuple[int, bytes]] = []
    looked, budget = 0, 1024 + (end - start) // _SYMBOL_SCAN_BYTES_PER_HIT
    for lead in (b".", b":", b"-"):
        at = buf.find(lead, start, end)
        while at >= 0:
            looked += 1
            if looked > budget:
                return None
            if buf[at - 1] != separator:  # not where a cell starts (a line's first never does)
                at = buf.find(lead, at + 1, end)
                continue
            stop = buf.find(b"\n", at, at + 5)  # a symbol, its «\r» and «\n» fit in five bytes
            if stop < 0:
                stop = end if end - at < 5 else at + 5
            cell = buf[at:stop].rstrip(b"\r")  # no separator in it, if it is a symbol
            if cell in _SYMBOL_INDEX:
                found.append((at, cell))
                at += len(cell) - 1  # «...» is one cell, not three
            at = buf.find(lead, at + 1, end)
    return [cell for _, cell in sorted(found)]


def _symbols_of(array: pa.Array) -> np.ndarray:
    found = pc.index_in(array, value_set=pa.array(SYMBOLS))
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int8)


def _parse_plain_numbers(array: pa.Array, decimal: str) -> _Numbers | None:
    """A column of plain cells parsed by Arrow; None when it is not that plain.

    Plain: ASCII without spaces or thousands separators, every cell a number, empty or an SSB
    symbol. Symbols are cells of one to three characters that start with «.», «:» or «-», so
    only those few are looked at one by one; «-» (zero) becomes «0» and the others null. The
    decimal comma is swapped for a point in a copy of the text, and Arrow parses the rest. A
    handful of whole-column steps, each letting go of the GIL once when run in the background.
    """
    n = len(array)
    if n == 0:
        return None
    offsets = np.frombuffer(array.buffers()[1], np.int32, n + 1, array.offset * 4)
    begin, end = int(offsets[0]), int(offsets[-1])
    data = array.buffers()[2]
    raw = bytearray(memoryview(data)[:end]) if data is not None else bytearray()
    cells = memoryview(raw)[begin:]
    if not raw[begin:].isascii() or any(raw.find(c, begin) >= 0 for c in (b" ", b"\t", b"\r")):
        return None  # spaces or non-ASCII (no-break spaces, minus signs): the exact path
    text = np.frombuffer(raw, np.uint8)
    lengths = np.diff(offsets)
    short = np.flatnonzero((lengths > 0) & (lengths <= 3))
    first = text[offsets[short]]
    candidates = short[(first == 46) | (first == 58) | (first == 45)]  # «.», «:», «-»
    symbol = np.full(n, -1, np.int8)
    symbol[candidates] = [
        _SYMBOL_INDEX.get(bytes(cells[offsets[k] - begin : offsets[k + 1] - begin]), -1)
        for k in candidates.tolist()
    ]
    found = candidates[symbol[candidates] >= 0]
    if decimal == "," and raw.count(b".", begin) != int(_SYMBOL_DOTS[symbol[found]].sum()):
        return None  # dots as thousands separators
    if decimal == "." and raw.find(b",", begin) >= 0:
        return None
    del cells
    if decimal == ",":
        np.putmask(text, text == 44, 46)  # «,» → «.»
    zero = found[symbol[found] == SYMBOLS.index("-")]
    text[offsets[zero]] = 48  # SSB's «-» means zero: «0»
    validity = array.buffers()[0]
    nulls = found[symbol[found] != SYMBOLS.index("-")]
    if len(nulls):
        valid = np.ones(array.offset + n, bool)  # the bitmap counts from the buffers' start
        valid[array.offset :] = array.is_valid().to_numpy(zero_copy_only=False)
        valid[array.offset + nulls] = False
        validity = pa.py_buffer(np.packbits(valid, bitorder="little"))
    cleaned = pa.StringArray.from_buffers(
        n, array.buffers()[1], pa.py_buffer(raw), validity, -1, array.offset
    )
    try:
        parsed = pc.fill_null(pc.cast(cleaned, pa.float64()), np.nan)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    values = np.frombuffer(parsed.buffers()[1], np.float64, n, parsed.offset * 8)
    if int(np.isfinite(values).sum()) != n - cleaned.null_count:
        return None  # «inf», «nan» and the like: the exact path names them
    empty = np.isnan(values)
    empty &= symbol < 0
    no_bad = np.broadcast_to(np.False_, (n,))  # no memory for «nothing is bad»
    return _Numbers(values, symbol, no_bad, empty, np.array([], object))


def _parse_numbers_exact(array: pa.Array, decimal: str) -> _Numbers:
    text = pc.utf8_trim_whitespace(array)
    text = pc.replace_substring_regex(text, "[\u00a0\u202f]", " ")
    text = pc.replace_substring(text, "\u2212", "-")
    blank = pc.fill_null(pc.equal(text, ""), True).to_numpy(zero_copy_only=False)
    symbol = _symbols_of(text)
    is_number = pc.fill_null(pc.match_substring_regex(text, _NUMBER_PATTERN[decimal]), False)
    cleaned = pc.replace_substring_regex(text, _THOUSANDS_PATTERN[decimal], "")
    if decimal == ",":
        cleaned = pc.replace_substring(cleaned, ",", ".")
    cleaned = pc.if_else(is_number, cleaned, pa.scalar(None, pa.string()))
    try:
        values = pc.cast(cleaned, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        values = pd.to_numeric(
            pd.Series(cleaned.to_pylist(), dtype=object), errors="coerce"
        ).to_numpy(dtype=np.float64, na_value=np.nan)
    finite = np.isfinite(values)
    values = np.where(finite, values, np.nan)
    bad = ~blank & (symbol < 0) & ~finite
    values = _apply_symbol_values(values, symbol)
    raw_bad = np.asarray(array.filter(pa.array(bad)).to_pylist(), object)
    return _Numbers(values, symbol, bad, blank & (symbol < 0), raw_bad)


def _apply_symbol_values(values: np.ndarray, symbol: np.ndarray) -> np.ndarray:
    """SSB's «-» means zero; the other symbols mean no value."""
    zero = symbol == SYMBOLS.index("-")
    return np.where(zero, 0.0, values) if zero.any() else values


def _with_symbol_column(
    parsed: _Numbers,
    grid: _Grid,
    plan: _Plan,
    header: list[str],
    table: str,
    problems: list[schema.Problem],
) -> _Numbers:
    """Combine a value column with a template-style value_symbol column."""
    column = plan.roles["symbol"]
    idx, uniques = _factorize(grid.columns[column])
    lookup = [SYMBOLS.index(u.strip()) if u.strip() in SYMBOLS else -2 for u in uniques]
    given = np.array([*lookup, -1], np.int64)[idx]
    unknown = given == -2
    problems += _grouped(
        table,
        header[column],
        np.asarray(uniques, object)[idx[unknown]],
        grid.rows[unknown],
        lambda v, k: f"«{v}» er ikke et av SSBs symboler.",
        "Bruk ett av symbolene .. ... : . - eller la cellen stå tom.",
    )
    zero = SYMBOLS.index("-")
    has_value = (parsed.symbol < 0) & ~np.isnan(parsed.values)
    clash = (given >= 0) & (
        ((parsed.symbol >= 0) & (given != parsed.symbol))
        | (has_value & ((given != zero) | (parsed.values != 0)))
    )
    problems += _grouped(
        table,
        header[column],
        np.asarray(uniques, object)[idx[clash]],
        grid.rows[clash],
        lambda v, k: f"Symbolet «{v}» passer ikke med verdien på samme rad.",
        "Et symbol betyr at verdien mangler (eller er 0 for «-»): fjern verdien eller symbolet.",
    )
    symbol = np.where(given >= 0, given, parsed.symbol).astype(np.int8)
    values = _apply_symbol_values(parsed.values, symbol)
    return _Numbers(
        values=values,
        symbol=symbol,
        bad=parsed.bad,
        empty=np.isnan(values) & (symbol < 0) & ~parsed.bad,
        raw_bad=parsed.raw_bad,
        invalid=unknown | clash,
    )


_UNKNOWN_INDICATOR_FIX = (
    "Importer først en katalograd for indikatoren (malen «Indikatorkatalog») med den foreslåtte "
    "ID-en, eller velg i koblingssteget hvilken katalogindikator dette er."
)


class _IndicatorResolver:
    """Indicator texts → catalogue ids: the user's map, an id, a catalogue name, or a slug."""

    EMPTY = -2
    UNKNOWN = -11  # and below: one code per distinct unknown text

    def __init__(self, known: frozenset[str] | set[str], context: _Context):
        self.known = known
        self.context = context
        self.ids: list[str] = []
        self._position: dict[str, int] = {}
        self._unknown: dict[str, str] = {}  # text → suggested id
        self._unknown_index: dict[str, int] = {}
        self._matched: dict[str, str] = {}
        self._bad_target: dict[str, str] = {}
        self._map = {_norm_text(k): v for k, v in context.indicator_map.items()}

    def index(self, text: str | None) -> int:
        """Index into self.ids; EMPTY for an empty text, UNKNOWN - k for the k-th unknown one."""
        if text is None or not str(text).strip():
            return self.EMPTY
        raw = str(text).strip()
        found = self._resolve(raw)
        if found is None:
            self._unknown.setdefault(raw, slugify(raw))
            return self.UNKNOWN - self._unknown_index.setdefault(raw, len(self._unknown_index))
        if found not in self._position:
            self._position[found] = len(self.ids)
            self.ids.append(found)
        return self._position[found]

    def _resolve(self, text: str) -> str | None:
        mapped = self.context.indicator_map.get(text) or (
            self._map.get(_norm_text(text)) if self._map else None
        )
        if mapped is not None:
            if mapped in self.known:
                return mapped
            self._bad_target[text] = mapped
            return None
        if text in self.known:
            return text
        by_name = self.context.names_to_id.get(_norm_text(text))
        if by_name is not None:
            self._matched[text] = by_name
            return by_name
        slug = slugify(text)
        if slug in self.known:
            if slug != text:
                self._matched[text] = slug
            return slug
        return None

    @property
    def notes(self) -> list[str]:
        return [
            f"Indikatoren «{text}» er koblet til katalogens «{target}»."
            for text, target in list(self._matched.items())[:20]
        ]

    def problems(
        self,
        table: str,
        source: _Source,
        rows: np.ndarray,
        indicator: np.ndarray,
        column_of: np.ndarray,
        plan: _Plan,
    ) -> list[ImportProblem]:
        header = source.header
        out: list[ImportProblem] = []
        if not _any_negative(indicator):
            return out
        unknown = indicator <= self.UNKNOWN
        texts = np.asarray(list(self._unknown_index), object)
        names = texts[self.UNKNOWN - indicator[unknown]] if unknown.any() else texts[:0]
        if "indicator" in plan.roles:
            out += _grouped(
                table,
                header[plan.roles["indicator"]],
                names,
                rows[unknown],
                self._unknown_what,
                _UNKNOWN_INDICATOR_FIX,
            )
        else:  # the indicator is in the column headers: report it once, at the header
            unknown_columns = column_of[unknown]
            for text in texts:
                here = names == text
                columns = sorted(set(unknown_columns[here].tolist()))
                if not columns:
                    continue
                listed = ", ".join(f"«{header[c]}»" for c in columns[:5])
                out.append(
                    _problem(
                        table,
                        source.header_row,
                        header[columns[0]],
                        str(text),
                        f"{self._unknown_what(str(text), int(here.sum()))} (kolonne {listed})",
                        _UNKNOWN_INDICATOR_FIX,
                        count=int(here.sum()),
                    )
                )
        empty = indicator == self.EMPTY
        if empty.any():
            out += _grouped(
                table,
                header[plan.roles["indicator"]] if "indicator" in plan.roles else None,
                np.full(int(empty.sum()), None, object),
                rows[empty],
                lambda v, k: "Indikator mangler.",
                "Fyll inn indikatorens ID, eller slett raden.",
            )
        return out

    def _unknown_what(self, text: str, count: int) -> str:
        target = self._bad_target.get(text)
        if target is not None:
            return f"«{text}» er koblet til «{target}», men «{target}» finnes ikke i katalogen."
        return (
            f"Indikatoren «{text}» finnes ikke i katalogen (foreslått ID: "
            f"«{self._unknown.get(text, slugify(text))}»)."
        )


def _duplicates(
    code: np.ndarray,
    year: np.ndarray,
    indicator: np.ndarray,
    good: np.ndarray | None,
    n_codes: int,
    n_indicators: int,
) -> np.ndarray | None:
    """Rows whose (municipality, year, indicator) occurs more than once among the good rows.

    `good` None means every row; codes and indicators of good rows are below n_codes and
    n_indicators. Returns None when no key repeats.
    """
    pick = slice(None) if good is None else good
    if len(code) == 0 or (good is not None and not good.any()):
        return None
    code, year, indicator = code[pick], year[pick], indicator[pick]
    first_year = int(year.min())
    span = int(year.max()) - first_year + 1
    size = n_codes * span * n_indicators
    key = code.astype(np.int32 if size < 2**31 else np.int64)  # in place: big files are big
    key *= span
    key += year
    key -= first_year
    key *= n_indicators
    key += indicator
    if size < 8 * len(key) + 1_000_000:  # small key space: mark each key in a table
        seen = np.zeros(size, bool)
        seen[key] = True
        if np.count_nonzero(seen) == len(key):
            return None
        repeated = np.bincount(key, minlength=size)[key] > 1
    else:
        repeated = pd.Series(key).duplicated(keep=False).to_numpy()
        if not repeated.any():
            return None
    if good is None:
        return repeated
    duplicated = np.zeros(len(good), bool)
    duplicated[good] = repeated
    return duplicated


def _merge_renamed(
    duplicate: np.ndarray,
    code: np.ndarray,
    year: np.ndarray,
    indicator: np.ndarray,
    values: np.ndarray,
    old: np.ndarray,
    regions: _Regions,
) -> tuple[np.ndarray, np.ndarray]:
    """Settle keys repeated because an old and a new code are the same municipality in 2024.

    SSB exports a row for «3048 Øvre Eiker (2020-2023)» and one for «3314 Øvre Eiker», each with
    symbols where the other has values. When at most one of them has a value (or all values are
    equal), the other rows are dropped; otherwise the key stays a duplicate for the user to fix.
    Returns (rows to drop, rows still duplicated).
    """
    where = np.flatnonzero(duplicate)
    groups = pd.DataFrame(
        {
            "at": where,
            "key": (code[where].astype(np.int64) * 200 + year[where] - schema.MIN_YEAR)
            * (int(indicator.max()) + 1)
            + indicator[where],
            "old": old[where],
            "valued": ~np.isnan(values[where]),
            "value": values[where],
            "current": regions.current[old[where]],
        }
    ).sort_values(["key", "valued", "current"], ascending=[True, False, False], kind="stable")
    by_key = groups.groupby("key")
    olds, valued = by_key["old"].nunique(), by_key["valued"].sum()
    distinct = (
        groups[groups["valued"]]
        .drop_duplicates(["key", "value"])
        .groupby("key")
        .size()
        .reindex(olds.index, fill_value=0)
    )
    settled = olds.index[(olds > 1) & ((valued <= 1) | (distinct <= 1))]
    in_settled = groups["key"].isin(settled)
    losers = groups.loc[in_settled & groups.duplicated("key", keep="first"), "at"].to_numpy()
    drop = np.zeros(len(duplicate), bool)
    drop[losers] = True
    still = duplicate.copy()
    still[groups.loc[in_settled, "at"].to_numpy()] = False
    return drop, still


def _duplicate_problems(
    table: str,
    duplicate: np.ndarray,
    code: np.ndarray,
    year: np.ndarray,
    indicator: np.ndarray,
    rows: np.ndarray,
    old: np.ndarray,
    new_codes: Sequence[str],
    ids: Sequence[str],
) -> list[ImportProblem]:
    """One problem per repeated key; says so when old and new codes met in the same 2024 code."""
    where = np.flatnonzero(duplicate)
    keys = np.array(
        [
            f"{new_codes[c]}, {y}, {ids[i]}"
            for c, y, i in zip(
                code[where].tolist(), year[where].tolist(), indicator[where].tolist(), strict=True
            )
        ],
        object,
    )
    olds = pd.DataFrame({"key": keys, "old": old[where]}).groupby("key")["old"].nunique()
    renamed = set(olds.index[olds > 1])

    def what(key: str, count: int) -> str:
        why = (
            " (et gammelt og et nytt kommunenummer gir samme kommune i 2024)"
            if key in renamed
            else ""
        )
        return f"Samme kommune, år og indikator ({key}) står på {count} rader{why}."

    return _grouped(
        table,
        "kommunenummer, år, indikator",
        keys,
        rows[where],
        what,
        "Behold én av radene og slett de andre.",
    )


def _strings(labels: Sequence[str], index: np.ndarray) -> pd.arrays.ArrowStringArray:
    """Labels picked by index (negative for missing) as a pandas string array, without Python loops.

    Built as large_string, the type pandas keeps its Arrow strings in, so it is not cast again.
    Four-byte labels (municipality codes) are laid out with numpy; mostly missing ones (SSB
    symbols) are built around the few that are there.
    """
    n = len(index)
    negative = _any_negative(index)
    encoded = [label.encode() for label in labels]
    if not negative and encoded and all(len(label) == 4 for label in encoded):
        words = np.frombuffer(b"".join(encoded), "<u4")
        data = np.take(words, index, out=_pooled(n, np.uint32))
        offsets = _pooled(n + 1, np.int64)
        offsets[0] = 0
        np.cumsum(np.broadcast_to(np.int64(4), (n,)), out=offsets[1:])  # 0, 4, 8, …
        array = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))
        return pd.arrays.ArrowStringArray(array)
    if negative and n >= 1000:
        present = np.flatnonzero(index >= 0)
        if len(present) == 0:
            return pd.arrays.ArrowStringArray(pa.nulls(n, pa.large_string()))
        if len(present) < n // 4:
            return _sparse_strings(labels, encoded, index, present)
    dictionary = pa.array([*labels, None], pa.large_string())  # the last label is «missing»
    if negative:
        index = np.where(index < 0, len(labels), index)
    return pd.arrays.ArrowStringArray(dictionary.take(pa.array(index)))


def _repeated_strings(
    labels: Sequence[str], index: np.ndarray, lengths: np.ndarray
) -> pd.arrays.ArrowStringArray:
    """Labels picked by index, each repeated `lengths` times, as a pandas string array.

    Four-byte labels (municipality codes) are laid out with numpy, a run at a time.
    """
    encoded = [label.encode() for label in labels]
    if not encoded or any(len(label) != 4 for label in encoded):
        return _strings(labels, np.repeat(index, lengths))
    n = int(lengths.sum())
    words = np.frombuffer(b"".join(encoded), "<u4")
    data = _repeated(words[index], lengths)
    offsets = _pooled(n + 1, np.int64)
    offsets[0] = 0
    np.cumsum(np.broadcast_to(np.int64(4), (n,)), out=offsets[1:])  # 0, 4, 8, …
    array = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))
    return pd.arrays.ArrowStringArray(array)


def _sparse_strings(
    labels: Sequence[str], encoded: list[bytes], index: np.ndarray, present: np.ndarray
) -> pd.arrays.ArrowStringArray:
    """_strings for a column that is mostly missing: offsets step only at the rows present."""
    n = len(index)
    picked = index[present]
    sizes = np.array([len(b) for b in encoded], np.int64)[picked]
    # Offset k is the length of the labels above row k: each running total, held over a gap.
    totals = np.concatenate([[0], np.cumsum(sizes)])
    offsets = _repeated(totals, np.diff(np.concatenate([[0], present + 1, [n + 1]])))
    data = pa.array(list(labels), pa.large_string()).take(pa.array(picked))
    valid = np.zeros((n + 7) // 8, np.uint8)
    np.bitwise_or.at(valid, present >> 3, np.left_shift(1, present & 7).astype(np.uint8))
    array = pa.LargeStringArray.from_buffers(
        n, pa.py_buffer(offsets), data.buffers()[2], pa.py_buffer(valid), n - len(present)
    )
    return pd.arrays.ArrowStringArray(array)


def _embedded_catalogue(source: _Source, grid: _Grid, plan: _Plan, context: _Context) -> _Built:
    """Catalogue columns in a values file: one catalogue row per indicator id."""
    fields = {"indicator_id": plan.roles["indicator"], **plan.catalogue}
    columns = {name: source.header[i] for name, i in fields.items()}
    first = _text_frame(grid, fields).drop_duplicates(subset=list(fields), keep="first")
    checks = _Checks("indicators", first, columns)
    checks.unique(
        "indicator_id",
        lambda v, k: f"Indikatoren «{v}» har ulike katalogopplysninger på ulike rader.",
        "Bruk samme sektor, navn, enhet, retning og vekt på alle radene for indikatoren.",
    )
    built = _catalogue_from_frame(first.loc[~checks.bad], columns, source.decimal, context)
    built.problems[:0] = checks.problems
    return built


# --- Catalogue and projects -----------------------------------------------------------------


def _text_frame(grid: _Grid, fields: Mapping[str, int]) -> pd.DataFrame:
    """Chosen columns as trimmed pandas strings (empty → <NA>), with the file row in `_row`."""
    out = {}
    for name, i in fields.items():
        column = grid.columns[i]
        if isinstance(column, pa.ChunkedArray):
            column = _combine(column)
        if pa.types.is_fixed_size_binary(column.type):
            column = column.cast(pa.binary()).cast(pa.string())
        if pa.types.is_dictionary(column.type):
            column = column.dictionary_decode()
        text = pd.array(pc.utf8_trim_whitespace(column), dtype="string")
        out[name] = pd.Series(text).replace("", pd.NA)
    return pd.DataFrame({**out, "_row": np.asarray(grid.rows)})


def _build_table(kind: str, source: _Source, grid: _Grid, plan: _Plan, context: _Context) -> _Built:
    main = _MAIN_TABLE[kind]
    tables = {main: schema.empty(schema.TABLES[main])}
    if kind == "projects":
        tables["project_municipalities"] = schema.empty(schema.PROJECT_MUNICIPALITIES)
    if plan.missing_roles:
        return _Built(tables=tables)
    frame = _text_frame(grid, plan.fields)
    columns = {name: source.header[i] for name, i in plan.fields.items()}
    build = _catalogue_from_frame if kind == "catalogue" else _projects_from_frame
    built = build(frame, columns, source.decimal, context)
    built.notes[:0] = _text_cell_notes(frame, columns)
    return built


class _Checks:
    """Problems for a small table, and which of its rows they rule out."""

    def __init__(self, table: str, frame: pd.DataFrame, columns: Mapping[str, str]):
        self.table, self.frame, self.columns = table, frame, columns
        self.problems: list[schema.Problem] = []
        self.bad = np.zeros(len(frame), bool)

    def add(
        self,
        name: str,
        mask: np.ndarray | pd.Series,
        what: Callable[[object, int], str],
        fix: str,
        values: pd.Series | None = None,
    ) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        shown = self.frame[name] if values is None else values
        self.problems += _grouped(
            self.table,
            self.columns.get(name, name),
            shown[mask].to_numpy(object),
            self.frame["_row"].to_numpy()[mask],
            what,
            fix,
        )
        self.bad |= mask

    def required(self, names: Sequence[str]) -> None:
        for name in names:
            if name in self.frame:
                what = f"Cellen i kolonnen «{self.columns.get(name, name)}» er tom."
                self.add(
                    name,
                    self.frame[name].isna(),
                    lambda v, k, what=what: what,
                    f"Fyll inn {FIELD_HELP.get(name, name)}.",
                )

    def unique(self, name: str, what: Callable[[object, int], str], fix: str) -> None:
        self.add(
            name, self.frame[name].duplicated(keep=False) & self.frame[name].notna(), what, fix
        )


def _catalogue_from_frame(
    frame: pd.DataFrame, columns: Mapping[str, str], decimal: str, context: _Context
) -> _Built:
    table = schema.INDICATORS
    notes: list[str] = []
    if "indicator_id" not in frame:
        ids = frame["name"].map(slugify, na_action="ignore").astype("string")
        frame = frame.assign(indicator_id=ids)
        notes.append("Kolonnen «indicator_id» mangler; ID-ene er laget av navnene.")
    checks = _Checks(table.name, frame, columns)
    checks.required(REQUIRED_FIELDS["catalogue"])
    direction = frame["direction"].str.lower().map(DIRECTION_WORDS).astype("string")
    checks.add(
        "direction",
        frame["direction"].notna() & direction.isna(),
        lambda v, k: f"«{v}» er ikke en gyldig retning.",
        "Skriv «higher» (høyere er bedre) eller «lower» (lavere er bedre).",
    )
    weight, bad_weight = _numbers_in_frame(frame, "weight", decimal)
    checks.add("weight", bad_weight, _not_a_number, _number_fix(decimal))
    checks.add(
        "weight", weight < 0, lambda v, k: f"Vekten {v} er negativ.", "Bruk en vekt på 0 eller mer."
    )
    checks.unique(
        "indicator_id",
        lambda v, k: f"Indikator-ID-en «{v}» står på {k} rader.",
        "Hver indikator skal ha én rad: slett de andre eller gi dem nye ID-er.",
    )
    result = frame.assign(direction=direction, weight=pd.array(weight, dtype="Float64"))
    kept = result.loc[~checks.bad]
    replacing = int(kept["indicator_id"].isin(context.known_ids).sum())
    if replacing:
        notes.append(f"{_n(replacing)} av indikatorene finnes fra før; de nye radene gjelder.")
    conformed, conform_problems = _conform(kept, table)
    return _Built(
        tables={table.name: conformed}, problems=checks.problems + conform_problems, notes=notes
    )


def _projects_from_frame(
    frame: pd.DataFrame, columns: Mapping[str, str], decimal: str, context: _Context
) -> _Built:
    table = schema.PROJECTS
    notes: list[str] = []
    checks = _Checks(table.name, frame, columns)
    checks.required(REQUIRED_FIELDS["projects"])
    chosen = {}
    for name, vocabulary in (
        ("phase", schema.PHASES),
        ("innovation_type", schema.INNOVATION_TYPES),
    ):
        chosen[name] = _vocabulary(frame, name, vocabulary)
        if name in frame:
            checks.add(
                name,
                frame[name].notna() & chosen[name].isna(),
                lambda v, k: f"«{v}» er ikke en gyldig verdi.",
                "Bruk en av: " + ", ".join(vocabulary) + ".",
            )
    years = {}
    for name in ("start_year", "end_year"):
        text = frame.get(name, pd.Series(pd.NA, index=frame.index, dtype="string"))
        year = np.array([-2 if t is pd.NA else _year_of(t) for t in text], np.int64)
        wrong = (year == -1) | ((year >= 0) & ((year < schema.MIN_YEAR) | (year > schema.MAX_YEAR)))
        if name in frame:
            checks.add(
                name,
                wrong,
                lambda v, k: (
                    f"«{v}» er ikke et årstall mellom {schema.MIN_YEAR} og {schema.MAX_YEAR}."
                ),
                "Skriv året med fire sifre, f.eks. 2023.",
            )
        years[name] = pd.array(np.where(year >= 0, year, 0), dtype="Int64")
        years[name][year < 0] = pd.NA
    if "end_year" in frame:
        checks.add(
            "end_year",
            (years["end_year"] < years["start_year"]).fillna(False),
            lambda v, k: f"Sluttåret {v} er før startåret.",
            "Rett start- eller sluttåret.",
        )
    budget, bad_budget = _numbers_in_frame(frame, "budget_nok", decimal)
    if "budget_nok" in frame:
        checks.add("budget_nok", bad_budget, _not_a_number, _number_fix(decimal))
    is_real = pd.Series(True, index=frame.index, dtype="boolean")
    if "is_real" in frame:
        word = frame["is_real"].str.lower()
        is_real = word.isin(TRUE_WORDS).astype("boolean").where(frame["is_real"].notna(), True)
        checks.add(
            "is_real",
            frame["is_real"].notna() & ~word.isin(TRUE_WORDS | FALSE_WORDS),
            lambda v, k: f"«{v}» er ikke ja eller nei.",
            "Skriv «ja» eller «nei».",
        )
    else:
        notes.append(
            "Kolonnen «is_real» mangler: prosjektene er merket som reelle (ikke demodata)."
        )
    checks.unique(
        "project_id",
        lambda v, k: f"Prosjekt-ID-en «{v}» står på {k} rader.",
        "Gi hvert prosjekt sin egen ID.",
    )
    members, wrong_member_rows, member_problems, harmonised, member_notes = _project_municipalities(
        frame, columns.get("municipalities"), context
    )
    checks.problems += member_problems
    checks.bad |= frame["_row"].isin(wrong_member_rows).to_numpy(bool)
    notes += member_notes
    extra = {}
    if "partner_types" in frame:
        extra["partner_types"] = (
            frame["partner_types"].str.split(r"\s*[;,]\s*", regex=True).str.join(";").str.lower()
        )
    result = frame.assign(
        phase=chosen["phase"],
        innovation_type=chosen["innovation_type"],
        start_year=years["start_year"],
        end_year=years["end_year"],
        budget_nok=pd.array(budget, dtype="Float64"),
        is_real=is_real,
        **extra,
    )
    kept = result.loc[~checks.bad]
    conformed, conform_problems = _conform(kept, table)
    kept_members = members[members["project_id"].isin(conformed["project_id"])]
    conformed_members, member_conform = _conform(kept_members, schema.PROJECT_MUNICIPALITIES)
    return _Built(
        tables={table.name: conformed, "project_municipalities": conformed_members},
        problems=checks.problems + conform_problems + member_conform,
        notes=notes,
        harmonised=harmonised,
    )


def _project_municipalities(
    frame: pd.DataFrame, column: str | None, context: _Context
) -> tuple[pd.DataFrame, set[int], list[ImportProblem], pd.DataFrame, list[str]]:
    """«0301; 5001» in one cell → one (project_id, kommunenummer) row per municipality."""
    cells = frame[["project_id", "municipalities", "_row"]].dropna(subset=["municipalities"])
    exploded = (
        cells.assign(code=cells["municipalities"].str.split(r"\s*[;,\n]\s*", regex=True))
        .explode("code")
        .assign(code=lambda d: d["code"].astype("string").str.strip())
        .loc[lambda d: d["code"].fillna("") != ""]
        .reset_index(drop=True)
    )
    regions = _Regions.build(
        pa.array(exploded["code"].to_numpy(object), pa.string()), context.valid_codes
    )
    wrong = regions.status_of_row != _CODE
    problems = _grouped(
        "project_municipalities",
        column,
        exploded.loc[wrong, "code"].to_numpy(object),
        exploded.loc[wrong, "_row"].to_numpy(),
        lambda v, k: f"«{v}» er ikke et kommunenummer i 2024-inndelingen.",
        "Skriv firesifrede kommunenummer skilt med «;», f.eks. «3314; 3301». Fylker og "
        "KOSTRA-grupper kan ikke eie prosjekter.",
    )
    codes_of_row = np.asarray([*regions.new_codes, None], object)[regions.new_index_of_row]
    members = (
        pd.DataFrame({"project_id": exploded["project_id"], "kommunenummer": codes_of_row})
        .astype("string")
        .loc[~wrong]
    )
    before = len(members)
    members = members.drop_duplicates(ignore_index=True)
    notes = list(regions.notes)
    if len(members) < before:
        notes.append(
            f"{_n(before - len(members))} kommuner stod to ganger på samme prosjekt "
            "(f.eks. gammelt og nytt nummer) og er tatt med én gang."
        )
    wrong_rows = set(exploded.loc[wrong, "_row"].tolist())
    return members, wrong_rows, problems, regions.harmonised, notes


def _vocabulary(frame: pd.DataFrame, name: str, vocabulary: Sequence[str]) -> pd.Series:
    """Cells matched to a closed vocabulary, ignoring case, spacing and dash style."""
    if name not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    lookup = {_norm_text(v).replace("–", "-"): v for v in vocabulary}
    return (
        frame[name]
        .map(lambda v: lookup.get(_norm_text(v).replace("–", "-")), na_action="ignore")
        .astype("string")
    )


def _numbers_in_frame(
    frame: pd.DataFrame, name: str, decimal: str
) -> tuple[np.ndarray, np.ndarray]:
    """(float values with NaN, bad mask) for a number column of a small table."""
    if name not in frame:
        return np.full(len(frame), np.nan), np.zeros(len(frame), bool)
    cells = pa.array(frame[name].to_numpy(object, na_value=None), pa.string())
    parsed = _parse_numbers_exact(cells, decimal)
    bad = parsed.bad | (parsed.symbol >= 0)
    return np.where(bad, np.nan, parsed.values), bad


def _conform(frame: pd.DataFrame, table: schema.Table) -> tuple[pd.DataFrame, list[schema.Problem]]:
    """schema.conform as a last check; its problems come back with file row numbers.

    Columns the file may leave out (our own checks said which are needed) are added as empty.
    """
    rows = frame["_row"].to_numpy() if "_row" in frame else np.arange(1, len(frame) + 1)
    absent = {
        c.name: pd.Series(pd.NA, index=frame.index, dtype=c.dtype)
        for c in table.columns
        if c.name not in frame
    }
    frame = frame.assign(**absent)
    try:
        return schema.conform(frame.drop(columns="_row", errors="ignore"), table), []
    except schema.SchemaError as error:
        problems = [
            _problem(
                table.name,
                int(rows[p.row - 1]) if p.row else None,
                p.column,
                p.value,
                p.message,
                "Rett cellen i fila.",
            )
            for p in error.problems
        ]
        return schema.empty(table), problems


def _text_cell_notes(frame: pd.DataFrame, columns: Mapping[str, str]) -> list[str]:
    """Formulas and HTML in text cells are kept as plain text, never run; say where they are."""
    notes = []
    for name, label in columns.items():
        text = frame[name].dropna()
        for pattern, what in (
            (
                _FORMULA,
                "starter med «=» (ser ut som en Excel-formel). Den lagres som vanlig tekst "
                "og regnes aldri ut",
            ),
            (_HTML, "inneholder HTML-kode. Den lagres som vanlig tekst og vises aldri som HTML"),
        ):
            hits = text[text.str.contains(pattern, regex=True)]
            if len(hits):
                rows = frame.loc[hits.index, "_row"].tolist()
                listed = ", ".join(map(str, rows[:ROWS_IN_MESSAGE]))
                more = " …" if len(rows) > ROWS_IN_MESSAGE else ""
                notes.append(f"Kolonnen «{label}», rad {listed}{more}: teksten {what}.")
    return notes


# --- Problems, skipped rows, notes ----------------------------------------------------------


def _problem(
    table: str,
    row: int | None,
    column: str | None,
    value: str | None,
    what: str,
    fix: str,
    rows: tuple[int, ...] = (),
    count: int = 1,
) -> ImportProblem:
    return ImportProblem(
        table=table,
        row=row,
        column=column,
        value=value,
        message=f"{what} {fix}".strip(),
        what=what,
        fix=fix,
        rows=rows or ((row,) if row is not None else ()),
        count=count,
    )


def _grouped(
    table: str,
    column: str | None,
    values: np.ndarray | Sequence[object],
    rows: np.ndarray,
    what: Callable[[object, int], str],
    fix: str,
) -> list[ImportProblem]:
    """One problem per distinct bad value, with every row it is on (the first one as `row`)."""
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) == 0:
        return []
    group, distinct = pd.factorize(pd.Series(np.asarray(values, object), dtype=object))
    group = np.where(group < 0, len(distinct), group)  # empty cells form their own group
    distinct = [*distinct, None] if (group == len(distinct)).any() else list(distinct)
    order = np.lexsort((rows, group))
    bounds = np.flatnonzero(np.diff(group[order])) + 1
    starts, ends = np.r_[0, bounds], np.r_[bounds, len(order)]
    first_rows = rows[order[starts]]
    out = []
    for g in np.argsort(first_rows, kind="stable")[:MAX_PROBLEMS_PER_CHECK].tolist():
        at = rows[order[starts[g] : ends[g]]]
        value = distinct[group[order[starts[g]]]]
        shown = None if value is None or value is pd.NA else str(value)
        out.append(
            _problem(
                table,
                int(at[0]),
                column,
                None if shown is None else shown[:200],
                _with_rows(what(shown, len(at)), at),
                fix,
                tuple(at[:ROWS_KEPT].tolist()),
                len(at),
            )
        )
    if len(starts) > MAX_PROBLEMS_PER_CHECK:
        rest = len(starts) - MAX_PROBLEMS_PER_CHECK
        out.append(
            _problem(
                table,
                None,
                column,
                None,
                f"… og {_n(rest)} andre verdier med samme feil.",
                fix,
                count=rest,
            )
        )
    return out


def _with_rows(text: str, rows: np.ndarray) -> str:
    """«… står på 2 rader (rad 2, 5).»: the rows named before the sentence's full stop."""
    if len(rows) < 2:
        return text
    listed = ", ".join(map(str, rows[:ROWS_IN_MESSAGE].tolist()))
    more = f" og {_n(len(rows) - ROWS_IN_MESSAGE)} til" if len(rows) > ROWS_IN_MESSAGE else ""
    where = f" (rad {listed}{more})"
    return f"{text[:-1]}{where}." if text.endswith(".") else text + where


def _not_a_number(value: object, count: int) -> str:
    text = str(value)
    if _FORMULA.match(text):
        return f"«{text}» ser ut som en Excel-formel, ikke et tall."
    return f"«{text}» er ikke et tall."


def _number_fix(decimal: str) -> str:
    mark = "desimalkomma (12,5)" if decimal == "," else "desimalpunktum (12.5)"
    return (
        f"Skriv tallet med {mark} som resten av fila, la cellen stå tom, eller bruk et av SSBs "
        "symboler (.. ... : . -). Formler må limes inn som verdier."
    )


def _skipped(rows: Iterable[tuple[int, str | None, str | None, str]]) -> pd.DataFrame:
    records = list(rows)
    return pd.DataFrame(
        {
            "row": pd.array([r[0] for r in records], dtype="Int64"),
            "column": pd.array([r[1] for r in records], dtype="string"),
            "value": pd.array([r[2] for r in records], dtype="string"),
            "reason": pd.array([r[3] for r in records], dtype="string"),
        }
    )


_NO_SKIPPED = _skipped([])
_NO_HARMONISED = pd.DataFrame(
    {
        "old_code": pd.Series(dtype="string"),
        "new_code": pd.Series(dtype="string"),
        "rows": pd.Series(dtype="int64"),
    }
)


def _format_note(source: _Source) -> str:
    if source.file_format == "xlsx":
        where = f"Excel-ark «{source.sheet}»"
        numbering = "radnumrene er radene i arket"
    else:
        mark = "desimalkomma" if source.decimal == "," else "desimalpunktum"
        where = (
            f"CSV ({source.encoding}, skilletegn {SEPARATOR_NAMES.get(source.separator, '?')}, "
            f"{mark})"
        )
        numbering = "radnumrene er linjenumrene i fila"
    word = "rad" if source.file_format == "xlsx" else "linje"
    header = (
        f"overskriften er {word} {source.header_row}"
        if source.header_row
        else "ingen overskriftsrad"
    )
    return f"Lest som {where}; {numbering} ({header})."


def _problem_line(problem: schema.Problem, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    parts = []
    if problem.row is not None:
        parts.append(i18n.t("import_report_at_row", lang, row=problem.row))
    if problem.column:
        parts.append(i18n.t("import_report_in_column", lang, column=problem.column))
    prefix = ", ".join(parts)
    return f"{prefix}: {problem.message}" if prefix else problem.message


def _n(number: int) -> str:
    return f"{int(number):,}".replace(",", "\u00a0")


def _rows(number: int) -> str:
    return f"{_n(number)} {'rad' if number == 1 else 'rader'}"


# --- Command line ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m analysis.importer FILE`: check, print the report, store unless --dry-run."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis.importer",
        description="Sjekk og importer indikatorverdier, en indikatorkatalog eller prosjekter.",
    )
    parser.add_argument("file", type=Path, help="CSV- eller Excel-fila")
    parser.add_argument("--kind", choices=KINDS, help="hva fila inneholder (ellers gjettes det)")
    parser.add_argument("--sheet", help="Excel: arket som skal leses (ellers det første)")
    parser.add_argument("--name", help="navnet datasettet får (ellers filnavnet)")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="TEKST=ID",
        help="koble en indikatortekst i fila til en katalog-ID (kan gjentas)",
    )
    parser.add_argument("--dry-run", action="store_true", help="bare sjekk; lagre ingenting")
    parser.add_argument("--db-url", help="databasen (ellers INNOSIKT_DB_URL eller standard SQLite)")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except ImportRefused as refused:
        print(f"Kan ikke importere {args.file.name}: {refused}", file=sys.stderr)
        for problem in refused.problems:
            print(f"  - {_problem_line(problem)}", file=sys.stderr)
        return 2
    except Exception as error:  # the CLI never shows a traceback
        print(
            f"Uventet feil under import av {args.file.name} ({type(error).__name__}: {error}). "
            "Meld fra til de som drifter Innosikt, gjerne med fila.",
            file=sys.stderr,
        )
        return 3


def _run(args: argparse.Namespace) -> int:
    from analysis import load

    try:
        data = args.file.read_bytes()
    except OSError as error:
        why = {
            FileNotFoundError: "fila finnes ikke",
            IsADirectoryError: "det er en mappe, ikke en fil",
            PermissionError: "du har ikke lov til å lese den",
        }.get(type(error), error.strerror or str(error))
        print(f"Kan ikke lese {args.file}: {why}.", file=sys.stderr)
        return 2
    indicator_map = {}
    for item in args.map:
        text, _, target = item.partition("=")
        if not target:
            print(f"--map må ha formen TEKST=ID, ikke «{item}».", file=sys.stderr)
            return 2
        indicator_map[text.strip()] = target.strip()
    demo = load.load_dataset()
    catalogue = dict(zip(demo.indicators["indicator_id"], demo.indicators["name"], strict=True))
    engine = _engine(args.db_url, create=not args.dry_run)
    if engine is not None:
        from analysis import storage

        stored = storage.stored_tables(engine)["indicators"]
        catalogue.update(zip(stored["indicator_id"], stored["name"], strict=True))
    result = parse(
        data,
        args.file.name,
        kind=args.kind,
        sheet=args.sheet,
        valid_codes=set(demo.municipalities["kommunenummer"]),
        catalogue_ids=catalogue,
        indicator_map=indicator_map,
    )
    print("\n".join(report_lines(result, max_problems=50)))
    if not result.report.ok or result.report.rows_ok == 0:
        return 1  # problems to fix, or nothing to store (the report's last line says why)
    if args.dry_run:
        print("Prøvekjøring (--dry-run): ingenting er lagret.")
        return 0
    from analysis import storage

    try:
        dataset_id = storage.save_import(
            engine, result, args.name or args.file.stem, user=os.environ.get("USER")
        )
    except storage.DuplicateImport as duplicate:
        print(str(duplicate), file=sys.stderr)
        return 1
    print(f"Lagret som datasett {dataset_id} («{args.name or args.file.stem}»).")
    return 0


def _engine(db_url: str | None, *, create: bool):
    """The app's database; for a dry run only when it exists already (a dry run creates nothing)."""
    from analysis import storage

    url = db_url or storage.database_url()
    if not create and url.startswith("sqlite"):
        import sqlalchemy as sa

        database = sa.make_url(url).database
        if not database or database == ":memory:" or not Path(database).exists():
            return None
    engine = storage.make_engine(url)
    if create:
        storage.init_db(engine)
    elif storage.schema_version(engine) is None:
        return None
    return engine


if __name__ == "__main__":
    raise SystemExit(main())
