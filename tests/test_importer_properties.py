"""Properties: any bytes load or raise our own refusal; valid tables round-trip exactly."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analysis import importer, load, schema, templates

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
DEMO = load.load_dataset()
CODES = sorted(DEMO.municipalities["kommunenummer"])
NAMES = dict(zip(DEMO.municipalities["kommunenummer"], DEMO.municipalities["name"], strict=True))
CATALOGUE = dict(zip(DEMO.indicators["indicator_id"], DEMO.indicators["name"], strict=True))
CONTEXT = {"valid_codes": set(CODES), "catalogue_ids": CATALOGUE, "current_year": 2026}
SEEDS = [
    (FIXTURES / name).read_bytes()
    for name in ("long_utf8_bom.csv", "ssb_wide_title.csv", "projects.csv", "catalogue.csv")
]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_loads_or_refuses(data: bytes, name: str) -> None:
    """The property: an ImportResult that is internally sound, or ImportRefused; nothing else."""
    try:
        importer.detect(data, name)
    except importer.ImportRefused as refused:
        assert str(refused)
    try:
        result = importer.parse(data, name, **CONTEXT)
    except importer.ImportRefused as refused:
        assert str(refused) and all(isinstance(p, schema.Problem) for p in refused.problems)
        importer.problems_frame_from(refused.problems)
        return
    for table_name, frame in result.tables.items():
        pd.testing.assert_frame_equal(frame, schema.conform(frame, schema.TABLES[table_name]))
    assert all(isinstance(p, schema.Problem) for p in result.report.problems)
    assert result.report.rows_ok == len(result.tables[importer._MAIN_TABLE[result.kind]])
    assert importer.report_lines(result)
    assert len(importer.problems_frame(result.report)) == len(result.report.problems)


# --- Any input ------------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["fil.csv", "fil.xlsx", "fil.txt", ""]))
def test_any_bytes_load_or_are_refused(data, name):
    check_loads_or_refuses(data, name)


CSV_ALPHABET = st.sampled_from(
    list(";,\t|\"' \n\r\n0123456789.-:=<>K-Eæøå\u00a0\u2212")
    + ["..", "...", "0301", "2023", "3048 Øvre Eiker", "EKG13", "gs_grunnskolepoeng", "region"]
    + ["kommunenummer", "year", "indicator_id", "value", "år", "verdi", "statistikkvariabel"]
    + ["project_id", "title", "phase", "ny praksis", "sector_id", "name", "direction", "weight"]
)


@FUZZ
@given(
    st.lists(CSV_ALPHABET, max_size=200).map("".join),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_csv_like_text_loads_or_is_refused(text, encoding):
    check_loads_or_refuses(text.encode(encoding, errors="replace"), "fil.csv")


@FUZZ
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 4), CSV_ALPHABET), max_size=12),
)
def test_edited_real_files_load_or_are_refused(seed, edits):
    text = seed.decode("utf-8-sig")
    for at, cut, insert in edits:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + cut :]
    check_loads_or_refuses(text.encode("utf-8"), "fil.csv")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_excel_files_load_or_are_refused(flips):
    data = bytearray(templates.template_xlsx("long"))
    for at, byte in flips:
        data[at % len(data)] = byte
    check_loads_or_refuses(bytes(data), "mal.xlsx")


# --- Round trips ----------------------------------------------------------------------------

KEYS = st.tuples(
    st.sampled_from(CODES), st.integers(2000, 2026), st.sampled_from(sorted(CATALOGUE))
)
SYMBOL_CELLS = st.one_of(
    st.tuples(st.none(), st.sampled_from(["..", "...", ":", "."])),
    st.tuples(st.just(0.0), st.just("-")),  # SSB's «-» is zero
    st.tuples(st.none(), st.none()),
)
CELLS = st.one_of(
    st.tuples(st.floats(allow_nan=False, allow_infinity=False), st.none()), SYMBOL_CELLS
)
# Excel keeps 15 significant digits and nothing near ±1.8e308, so its round trip uses such numbers.
EXCEL_CELLS = st.one_of(
    st.tuples(st.floats(-1e300, 1e300).map(lambda v: float(f"{v:.15g}")), st.none()), SYMBOL_CELLS
)


@st.composite
def value_tables(draw, max_size: int = 40, cells=CELLS) -> pd.DataFrame:
    keys = draw(st.lists(KEYS, min_size=1, max_size=max_size, unique=True))
    cells = draw(st.lists(cells, min_size=len(keys), max_size=len(keys)))
    rows = [(*key, value, symbol) for key, (value, symbol) in zip(keys, cells, strict=True)]
    return schema.conform(
        pd.DataFrame(rows, columns=schema.INDICATOR_VALUES.names), schema.INDICATOR_VALUES
    )


def number_text(value: float, decimal: str) -> str:
    text = repr(float(value))
    return text.replace(".", ",") if decimal == "," else text


def unambiguous(frame: pd.DataFrame, decimal: str, symbols_in_value: bool) -> bool:
    """Whether the decimal mark can be told from the file (a file of only «1.234» cannot).

    With `symbols_in_value` a value that has an SSB symbol is written as the symbol alone, so
    only the other values show the decimal mark.
    """
    rows = frame.head(importer.SNIFF_ROWS)
    written = rows["value"].notna()
    if symbols_in_value:
        written &= rows["value_symbol"].isna()
    texts = [number_text(v, decimal) for v in rows.loc[written, "value"]]
    return not texts or any(
        not (importer._AMBIGUOUS_POINT.match(t) or importer._AMBIGUOUS_COMMA.match(t))
        for t in texts
    )


def long_csv(frame: pd.DataFrame, separator: str, decimal: str, symbols_in_value: bool) -> str:
    """The table as a long CSV, written by hand so the test decides every character."""
    quote = separator == decimal  # «,» decimals in a «,» file must be quoted
    header = ["kommunenummer", "kommunenavn", "year", "indicator_id", "value"]
    lines = [separator.join(header + ([] if symbols_in_value else ["value_symbol"]))]
    for row in frame.itertuples(index=False):
        value = "" if pd.isna(row.value) else number_text(row.value, decimal)
        symbol = "" if pd.isna(row.value_symbol) else row.value_symbol
        if symbols_in_value and symbol:
            value = symbol
        if quote and value:
            value = f'"{value}"'
        cells = [
            row.kommunenummer,
            NAMES[row.kommunenummer],
            str(row.year),
            row.indicator_id,
            value,
        ]
        lines.append(separator.join(cells + ([] if symbols_in_value else [symbol])))
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(
    value_tables(),
    st.sampled_from([";", ",", "\t"]),
    st.sampled_from([",", "."]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    st.booleans(),
)
def test_valid_long_tables_round_trip_exactly(frame, separator, decimal, encoding, in_value):
    assume(unambiguous(frame, decimal, in_value))
    # «-» with a value in the value cell is the SSB style; in the symbol column it needs 0.0 too
    text = long_csv(frame, separator, decimal, in_value)
    result = importer.parse(text.encode(encoding), "runde.csv", **CONTEXT)
    assert result.report.ok, [p.message for p in result.report.problems]
    pd.testing.assert_frame_equal(result.tables["indicator_values"], frame)


@settings(max_examples=40, deadline=None)
@given(value_tables(max_size=15, cells=EXCEL_CELLS))
def test_valid_long_tables_round_trip_through_excel(frame):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(schema.INDICATOR_VALUES.names)
    for row in frame.itertuples(index=False):
        sheet.append(
            [
                row.kommunenummer,
                int(row.year),
                row.indicator_id,
                None if pd.isna(row.value) else float(row.value),
                None if pd.isna(row.value_symbol) else row.value_symbol,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = importer.parse(buffer.getvalue(), "runde.xlsx", **CONTEXT)
    assert result.report.ok, [p.message for p in result.report.problems]
    pd.testing.assert_frame_equal(result.tables["indicator_values"], frame)


@settings(max_examples=60, deadline=None)
@given(value_tables(), st.sampled_from([";", "\t"]))
def test_valid_tables_round_trip_in_the_wide_layout(frame, separator):
    frame = frame.assign(value_symbol=pd.NA).astype({"value_symbol": "string"})
    frame = frame.dropna(subset=["value"]).reset_index(drop=True)
    assume(len(frame) and unambiguous(frame, ",", symbols_in_value=False))
    wide = load.long_to_wide(frame)
    lines = [separator.join(map(str, wide.columns))]
    for row in wide.itertuples(index=False):
        cells = [row[0], str(row[1])] + ["" if pd.isna(v) else number_text(v, ",") for v in row[2:]]
        lines.append(separator.join(cells))
    result = importer.parse(("\n".join(lines) + "\n").encode(), "bred.csv", **CONTEXT)
    assert result.report.ok, [p.message for p in result.report.problems]
    key = list(schema.INDICATOR_VALUES.key)
    pd.testing.assert_frame_equal(
        result.tables["indicator_values"].sort_values(key, ignore_index=True),
        frame.sort_values(key, ignore_index=True),
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(frame=value_tables())
def test_valid_tables_round_trip_through_storage(tmp_path_factory, frame):
    storage = pytest.importorskip("analysis.storage")
    engine = storage.make_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'runde.sqlite'}")
    storage.init_db(engine)
    assume(unambiguous(frame, ",", symbols_in_value=True))
    result = importer.parse(long_csv(frame, ";", ",", True).encode(), "runde.csv", **CONTEXT)
    assert result.report.ok
    dataset_id = storage.save_import(engine, result, "runde")
    stored = storage.stored_tables(engine, [dataset_id])["indicator_values"]
    key = list(schema.INDICATOR_VALUES.key)
    pd.testing.assert_frame_equal(stored, frame.sort_values(key, ignore_index=True))
