"""The fast paths give what the general ones give: the same tables, the same problems with the same
rows, and no cell lost. Fast: four-digit keys read as 4-byte values, the indicator column as plain
text, plain numbers parsed by the CSV reader (SSB symbols found in the file afterwards), and a file
sorted in blocks built from runs without per-row checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import importer, load

DEMO = load.load_dataset()
CODES = sorted(DEMO.municipalities["kommunenummer"])
CONTEXT = {
    "valid_codes": set(CODES),
    "catalogue_ids": dict(
        zip(DEMO.indicators["indicator_id"], DEMO.indicators["name"], strict=True)
    ),
    "current_year": 2026,
}
INDICATORS = sorted(CONTEXT["catalogue_ids"])[:5]
HEADER = "kommunenummer;year;indicator_id;value"


def long_rows(n: int, seed: int = 1, indicators: list[str] = INDICATORS) -> list[list[str]]:
    """n clean rows with unique keys, decimal comma."""
    rng = np.random.default_rng(seed)
    keys = [(c, y, i) for c in CODES for y in range(2015, 2025) for i in indicators][:n]
    return [[c, str(y), i, f"{rng.uniform(1, 99):.2f}".replace(".", ",")] for c, y, i in keys]


def csv_bytes(rows: list[list[str]], header: str = HEADER, newline: str = "\n") -> bytes:
    return (newline.join([header, *(";".join(r) for r in rows)]) + newline).encode()


def parse_both(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple:
    """The file parsed with the fast paths, and with the general ones (checked to agree)."""
    fast = importer.parse(data, "fil.csv", **CONTEXT)
    with monkeypatch.context() as patched:
        patched.setattr(importer, "_fast_types", lambda *args: {})
        patched.setattr(importer, "_parse_plain_numbers", lambda *args: None)
        general = importer.parse(data, "fil.csv", **CONTEXT)
    with monkeypatch.context() as patched:
        patched.setattr(importer, "_fast_types", lambda *args: {})
        assert_same(importer.parse(data, "fil.csv", **CONTEXT), general)
    return fast, general


def assert_same(fast: importer.ImportResult, text: importer.ImportResult) -> None:
    for name, frame in text.tables.items():
        pd.testing.assert_frame_equal(fast.tables[name], frame)
    assert [(p.row, p.column, p.value, p.message) for p in fast.report.problems] == [
        (p.row, p.column, p.value, p.message) for p in text.report.problems
    ]
    pd.testing.assert_frame_equal(fast.report.skipped, text.report.skipped)
    pd.testing.assert_frame_equal(fast.report.harmonised, text.report.harmonised)
    assert fast.report.notes == text.report.notes
    assert fast.report.rows_read == text.report.rows_read


def typed_read(data: bytes) -> importer._Grid:
    source = importer._open(data, "fil.csv", sheet=None, sample_only=False)
    plan = importer._plan(source, "indicators", None, frozenset(INDICATORS), {})
    return importer._read_grid(source, plan)


def returns(monkeypatch: pytest.MonkeyPatch, name: str) -> list[bool]:
    """Spy on importer.<name>: for each call, whether it returned something (not None)."""
    calls: list[bool] = []
    original = getattr(importer, name)

    def spy(*args, **kwargs):
        result = original(*args, **kwargs)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(importer, name, spy)
    return calls


def test_a_clean_long_file_is_read_with_four_digit_keys_and_plain_indicator_text():
    grid = typed_read(csv_bytes(long_rows(400)))
    assert grid.columns[0].type == grid.columns[1].type == importer.pa.binary(4)
    assert grid.columns[2].type == importer.pa.large_string()
    assert grid.columns[3].type == importer.pa.float64()


def test_symbols_and_empty_values_are_kept_apart_from_numbers(monkeypatch):
    rows = long_rows(3000)
    for at, cell in [(0, ".."), (5, ""), (999, "..."), (1500, ":"), (2000, "."), (2999, "-")]:
        rows[at][3] = cell
    fast, text = parse_both(csv_bytes(rows), monkeypatch)
    assert_same(fast, text)
    values = fast.tables["indicator_values"]
    assert values["value_symbol"].fillna("").tolist()[:6] == ["..", "", "", "", "", ""]
    assert pd.isna(values["value"][5]) and pd.isna(values["value_symbol"][5])
    assert values["value"][2999] == 0.0 and values["value_symbol"][2999] == "-"
    assert values["value_symbol"].notna().sum() == 5


def test_quoted_cells_and_windows_line_ends_keep_symbols_and_rows(monkeypatch):
    rows = [[f'"{c}"' if k % 2 else c for k, c in enumerate(row)] for row in long_rows(900)]
    rows[10][3] = '".."'
    rows[20][3] = '""'
    rows[30][2] = "ukjent_indikator"
    fast, text = parse_both(csv_bytes(rows, newline="\r\n"), monkeypatch)
    assert_same(fast, text)
    assert fast.tables["indicator_values"]["value_symbol"].notna().sum() == 1
    assert [p.row for p in fast.report.problems] == [32]


def test_symbols_in_a_value_column_that_is_not_the_last(monkeypatch):
    rows = [[*row, "merknad"] for row in long_rows(600)]
    rows[100][3] = ".."
    rows[200][3] = ""
    rows[300][3], rows[300][4] = ":", "lang " * 2000  # a line longer than a block of the scan
    rows[299][4] = rows[301][4] = "lang " * 1000
    fast, text = parse_both(csv_bytes(rows, header=HEADER + ";kommentar"), monkeypatch)
    assert_same(fast, text)
    assert fast.tables["indicator_values"]["value_symbol"][100] == ".."


@pytest.mark.parametrize(
    ("cell", "column"),
    [
        ("12,5x", 3),  # text in the number column
        ("1.234,5", 3),  # thousands separator
        ("inf", 3),
        ("nan", 3),
        ("301", 0),  # three-digit code
        ("K-0301", 0),
        ("9999", 0),  # unknown code, still four digits
        ("", 0),
        ("3048", 0),  # a 2020 code
        ("0999", 1),  # year out of range, still four digits
        ("2020,0", 1),
        ("20x0", 1),
        ("", 1),
    ],
)
def test_an_odd_cell_late_in_the_file_is_treated_as_the_text_read_treats_it(
    cell, column, monkeypatch
):
    rows = long_rows(2500)
    rows[2222][column] = cell
    fast, text = parse_both(csv_bytes(rows), monkeypatch)
    assert_same(fast, text)


def test_a_file_of_many_chunks_keeps_symbols_and_reports_a_late_bad_cell(monkeypatch):
    rows = long_rows(100_000, indicators=sorted(CONTEXT["catalogue_ids"]))
    for at in range(5, 100_000, 7919):
        rows[at][3] = ".."
    data = csv_bytes(rows)
    assert typed_read(data).columns[2].num_chunks > 1
    fast, text = parse_both(data, monkeypatch)
    assert_same(fast, text)
    assert fast.report.ok and fast.tables["indicator_values"]["value_symbol"].notna().sum() == 13
    rows[99_000][3] = "12,5 kr"
    fast, text = parse_both(csv_bytes(rows), monkeypatch)
    assert_same(fast, text)
    assert [(p.row, p.value) for p in fast.report.problems] == [(99_002, "12,5 kr")]


def test_an_odd_indicator_late_in_a_repeating_column_is_reported(monkeypatch):
    rows = long_rows(70_000, indicators=sorted(CONTEXT["catalogue_ids"]))
    rows[68_000][2] = "ukjent_indikator"
    rows[69_000][2] = rows[69_001][2]  # same length, other text: breaks the repetition
    fast, text = parse_both(csv_bytes(rows), monkeypatch)
    assert_same(fast, text)
    assert [p.row for p in fast.report.problems] == [68_002, 69_002]


def test_a_duplicate_key_in_a_typed_file_names_both_rows(monkeypatch):
    rows = long_rows(2000)
    rows[1500] = [*rows[3][:3], "1,0"]
    fast, text = parse_both(csv_bytes(rows), monkeypatch)
    assert_same(fast, text)
    assert [p.rows for p in fast.report.problems] == [(5, 1502)]


def test_old_and_new_code_for_the_same_municipality_merge_in_the_fast_read(monkeypatch):
    rows = long_rows(2000)
    old, new = next((o, n) for o, n in importer.codes.RENUMBERED_2024.items() if n in CODES)
    rows += [[new, "2014", INDICATORS[0], "3,5"], [old, "2014", INDICATORS[0], ".."]]
    fast, text = parse_both(csv_bytes(rows), monkeypatch)
    assert_same(fast, text)
    assert fast.report.ok and len(fast.report.skipped) == 1


def test_small_negative_numbers_are_not_taken_for_symbols(monkeypatch):
    rows = long_rows(1000)
    for at, cell in [(1, "-1"), (2, "-,5"), (3, "-"), (4, ".5"), (5, "--"), (6, "..")]:
        rows[at][3] = cell
    fast, text = parse_both(csv_bytes(rows), monkeypatch)
    assert_same(fast, text)


def test_a_lone_carriage_return_sends_the_file_to_the_exact_reader(monkeypatch):
    rows = long_rows(300)
    data = csv_bytes(rows).replace(b"\n", b"\r", 1)  # the header ends with an old Mac line end
    data = data[:200] + data[200:].replace(b"\n", b"\rx\n", 1)
    fast, text = parse_both(data, monkeypatch)
    assert_same(fast, text)


CELL = st.sampled_from(["1,5", "-2", "0", "12,25", "..", "...", ":", ".", "-", "", "x", "1.000,5"])
CODE = st.sampled_from([*CODES[:5], "3048", "301", "9999", "", "K-0301", "EKG13"])
YEAR = st.sampled_from(["2020", "2021", "1999", "0999", "2020,0", "", "20x0"])
INDICATOR = st.sampled_from([*INDICATORS, "ukjent", ""])


EDIT = st.tuples(
    st.integers(0, 1199),
    st.integers(0, 3).flatmap(lambda c: st.tuples(st.just(c), (CODE, YEAR, INDICATOR, CELL)[c])),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDIT, max_size=6), st.booleans())
def test_fast_and_text_reads_agree_on_edited_files(edits, quoted):
    rows = long_rows(1200)
    for at, (column, cell) in edits:
        rows[at][column] = cell
    if quoted:
        rows = [[f'"{c}"' for c in row] for row in rows]
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, text = parse_both(csv_bytes(rows), monkeypatch)
    assert_same(fast, text)


# --- Numbers parsed by the reader, symbols found in the file ----------------------------------


def test_symbols_ending_lines_are_found_with_windows_line_ends_and_no_last_newline(monkeypatch):
    rows = long_rows(2000)
    for at, cell in [(0, "..."), (7, ":"), (1000, "."), (1500, "-"), (1999, "..")]:
        rows[at][3] = cell
    data = csv_bytes(rows, newline="\r\n").removesuffix(b"\r\n")
    assert 3 in typed_read(data).numbers  # parsed by the reader, not as text
    found = returns(monkeypatch, "_symbols_ending_lines")
    fast, text = parse_both(data, monkeypatch)
    assert found == [True]  # only the fast parse reads numbers with the reader
    assert_same(fast, text)
    symbols = fast.tables["indicator_values"]["value_symbol"]
    assert symbols.dropna().to_dict() == {0: "...", 7: ":", 1000: ".", 1500: "-", 1999: ".."}
    assert fast.tables["indicator_values"]["value"][1500] == 0.0


def test_empty_number_cells_are_looked_up_line_by_line(monkeypatch):
    rows = long_rows(2000)
    for at, cell in [(3, ""), (4, ".."), (1998, ""), (1999, ":")]:
        rows[at][3] = cell
    data = csv_bytes(rows)
    assert 3 in typed_read(data).numbers
    looked_up = returns(monkeypatch, "_null_cells")
    fast, text = parse_both(data, monkeypatch)
    assert looked_up == [True]
    assert_same(fast, text)
    values = fast.tables["indicator_values"]
    assert values["value"].isna().sum() == 4 and values["value_symbol"].notna().sum() == 2


def test_many_negative_numbers_and_symbols_keep_apart(monkeypatch):
    rows = long_rows(3000)
    for at in range(0, 3000, 2):
        rows[at][3] = "-" + rows[at][3]
    for at in (1, 33, 2999):
        rows[at][3] = "-"
    fast, text = parse_both(csv_bytes(rows), monkeypatch)
    assert_same(fast, text)
    assert fast.tables["indicator_values"]["value_symbol"].notna().sum() == 3


def test_a_symbol_like_text_in_another_column_is_not_taken_for_a_value(monkeypatch):
    rows = [[*row[:3], "..", row[3]] for row in long_rows(1500)]
    rows[10][4] = "..."
    fast, text = parse_both(
        csv_bytes(rows, header=HEADER.replace(";value", ";merknad;value")), monkeypatch
    )
    assert_same(fast, text)
    assert fast.tables["indicator_values"]["value_symbol"].dropna().to_dict() == {10: "..."}


# --- A file in blocks, built from runs ---------------------------------------------------------


def test_a_clean_file_in_blocks_is_built_from_runs(monkeypatch):
    old, new = next((o, n) for o, n in importer.codes.RENUMBERED_2024.items() if n in CODES)
    rows = [row for row in long_rows(5000) if row[0] != new]
    rows[:50] = [[old, *row[1:]] for row in rows[:50]]  # an old code, alone: harmonised
    blocks = returns(monkeypatch, "_long_in_blocks")
    fast, text = parse_both(csv_bytes(rows), monkeypatch)
    assert blocks[0]  # the fast parse; the general ones never get there
    assert_same(fast, text)
    assert fast.report.harmonised["old_code"].tolist() == [old]


@pytest.mark.parametrize(
    "edit",
    [
        "repeated_block",
        "code_changes_inside_a_block",
        "old_and_new_code_meet",
        "far_future_year",
        "aggregate_row",
        "indicator_out_of_order",
        "indicator_named_by_its_name",
        "text_in_a_number",
    ],
)
def test_files_not_quite_in_blocks_are_checked_row_by_row(edit, monkeypatch):
    rows = long_rows(5000)
    if edit == "repeated_block":
        rows[500:505] = [[*row[:3], "1,5"] for row in rows[0:5]]
    elif edit == "code_changes_inside_a_block":
        rows[502][0] = rows[700][0]
    elif edit == "old_and_new_code_meet":
        old, new = next((o, n) for o, n in importer.codes.RENUMBERED_2024.items() if n in CODES)
        mine = [row for row in rows if row[0] == new]
        rows += [[old, *row[1:3], ".."] for row in mine[:5]]
    elif edit == "far_future_year":
        rows[-5:] = [[row[0], "2031", *row[2:]] for row in rows[-5:]]
    elif edit == "aggregate_row":
        rows[-5:] = [["EKG13", *row[1:]] for row in rows[-5:]]
    elif edit == "indicator_out_of_order":
        rows[3000][2], rows[3001][2] = rows[3001][2], rows[3000][2]
    elif edit == "indicator_named_by_its_name":
        names = CONTEXT["catalogue_ids"]
        rows = [[*row[:2], names[row[2]], row[3]] for row in rows]
    elif edit == "text_in_a_number":
        rows[4000][3] = "12,5 kr"
    blocks = returns(monkeypatch, "_long_in_blocks")
    fast, text = parse_both(csv_bytes(rows), monkeypatch)
    assert not any(blocks)
    assert_same(fast, text)


def test_a_table_from_runs_can_be_changed_in_place_like_any_other(monkeypatch):
    blocks = returns(monkeypatch, "_long_in_blocks")
    result = importer.parse(csv_bytes(long_rows(2000)), "fil.csv", **CONTEXT)
    assert blocks == [True]
    values = result.tables["indicator_values"]
    for column, value in [("year", 2000), ("value", 1.0), ("kommunenummer", "0301")]:
        values.loc[0, column] = value  # numpy arrays made by Arrow must be writable too
        assert values.loc[0, column] == value


# --- detect() hands what it read to parse() ----------------------------------------------------


def test_parse_takes_the_start_detect_read_for_the_same_file_only(monkeypatch):
    data = csv_bytes(long_rows(2000))
    other = csv_bytes(long_rows(2000)).replace(b";", b",")
    detection = importer.detect(data, "fil.csv")
    shapes = returns(monkeypatch, "_csv_shape")
    assert_same(
        importer.parse(data, "fil.csv", detection=detection, **CONTEXT),
        importer.parse(data, "fil.csv", **CONTEXT),
    )
    assert shapes == [True]  # read once: by the parse without a detection
    assert_same(
        importer.parse(other, "fil.csv", detection=detection, **CONTEXT),
        importer.parse(other, "fil.csv", **CONTEXT),
    )


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
def test_detect_and_parse_read_the_same_start_of_a_big_file(mark):
    rows = long_rows(20_000, indicators=sorted(CONTEXT["catalogue_ids"]))
    data = mark + csv_bytes(rows)
    assert len(data) > importer.SNIFF_BYTES
    detection = importer.detect(data, "fil.csv")
    source = importer._open(data, "fil.csv", sheet=None, sample_only=False)
    assert detection.shape == source.shape
