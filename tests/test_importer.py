"""The importer: every file shape it promises to read, and every problem it promises to report."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from analysis import importer, load, schema, templates

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


@pytest.fixture(scope="module")
def demo() -> load.Dataset:
    return load.load_dataset()


@pytest.fixture(scope="module")
def context(demo: load.Dataset) -> dict:
    """What the data page passes: 2024 codes and the catalogue (id → name)."""
    return {
        "valid_codes": set(demo.municipalities["kommunenummer"]),
        "catalogue_ids": dict(
            zip(demo.indicators["indicator_id"], demo.indicators["name"], strict=True)
        ),
        "current_year": 2026,
    }


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse(data: bytes, name: str, context: dict, **kwargs) -> importer.ImportResult:
    return importer.parse(data, name, **context, **kwargs)


def values_of(result: importer.ImportResult) -> pd.DataFrame:
    return result.tables["indicator_values"]


def expected_values(rows: list[tuple]) -> pd.DataFrame:
    """indicator_values from (kommunenummer, year, indicator_id, value, value_symbol) tuples."""
    return schema.conform(
        pd.DataFrame(rows, columns=schema.INDICATOR_VALUES.names), schema.INDICATOR_VALUES
    )


def messages(result: importer.ImportResult) -> str:
    return "\n".join(p.message for p in result.report.problems)


# --- Encodings, separators, numbers ---------------------------------------------------------


def test_utf8_with_bom_is_read_with_symbols_from_the_symbol_column(context):
    result = parse(fixture("long_utf8_bom.csv"), "long_utf8_bom.csv", context)
    assert result.report.ok
    pd.testing.assert_frame_equal(
        values_of(result),
        expected_values(
            [
                ("0301", 2023, "gs_grunnskolepoeng", 42.7, None),
                ("5001", 2023, "gs_grunnskolepoeng", 43.1, None),
                ("3314", 2023, "gs_grunnskolepoeng", None, ":"),
                ("1508", 2023, "he_legearsverk", 11.2, None),
            ]
        ),
    )
    assert "utf-8 med BOM" in result.report.notes[0]


def test_windows_1252_file_with_norwegian_letters_is_detected_and_matched_by_name(context):
    data = fixture("ssb_long_cp1252.csv")
    assert importer.detect(data, "ssb_long_cp1252.csv").encoding == "windows-1252"
    result = parse(data, "ssb_long_cp1252.csv", context)
    assert result.report.ok
    assert values_of(result)["indicator_id"].tolist() == [
        "bh_barn_1_2_ar",  # «Andel barn 1–2 år i barnehage»: the en dash only Windows-1252 has
        "bh_barn_1_2_ar",
        "gs_elever_per_laerer",  # «Elever per lærer»
    ]


def test_excel_unicode_text_utf16_is_read(context):
    result = parse(fixture("long_utf16_excel.txt"), "long_utf16_excel.txt", context)
    assert result.report.ok
    assert values_of(result)["value"].tolist() == [42.7, 41.3]


@pytest.mark.parametrize(
    ("name", "separator", "decimal"),
    [
        ("long_tab.tsv", "\t", "."),
        ("long_comma.csv", ",", "."),
        ("long_comma_decimal_comma.csv", ",", ","),
        ("long_utf8_bom.csv", ";", ","),
    ],
)
def test_separator_and_decimal_mark_are_detected(name, separator, decimal, context):
    detection = importer.detect(fixture(name), name)
    assert (detection.separator, detection.decimal) == (separator, decimal)
    assert parse(fixture(name), name, context).report.ok


def test_thousands_separated_by_space_nbsp_narrow_space_and_dot(context):
    result = parse(fixture("thousands.csv"), "thousands.csv", context)
    assert result.report.ok
    assert values_of(result)["value"].tolist() == [
        131500.0,
        128250.5,
        1234567.25,
        119900.0,
        -1000.5,
    ]


def test_mixed_decimal_marks_make_the_odd_one_a_problem(context):
    data = (
        b"kommunenummer;year;indicator_id;value\n"
        b"0301;2022;gs_grunnskolepoeng;42,5\n"
        b"0301;2023;gs_grunnskolepoeng;42.75\n"
        b"5001;2023;gs_grunnskolepoeng;43,1\n"
    )
    result = parse(data, "blandet.csv", context)
    [problem] = result.report.problems
    assert (problem.row, problem.column, problem.value) == (3, "value", "42.75")
    assert "desimalkomma" in problem.fix


# --- Excel ----------------------------------------------------------------------------------


def test_xlsx_first_sheet_skips_title_rows_and_reads_numbers_and_text(context):
    data = fixture("two_sheets.xlsx")
    detection = importer.detect(data, "two_sheets.xlsx")
    assert (detection.file_format, detection.sheets, detection.header_row) == (
        "xlsx",
        ["Langt", "Bredt"],
        3,
    )
    result = parse(data, "two_sheets.xlsx", context)
    pd.testing.assert_frame_equal(
        values_of(result),
        expected_values(
            [
                ("0301", 2023, "gs_grunnskolepoeng", 42.7, None),  # 301 as an Excel number
                ("5001", 2023, "gs_grunnskolepoeng", 43.1, None),  # «43,1» stored as text
                ("3314", 2023, "he_legearsverk", 9.0, None),
            ]
        ),
    )


def test_xlsx_sheet_parameter_reads_another_sheet(context):
    result = parse(fixture("two_sheets.xlsx"), "two_sheets.xlsx", context, sheet="Bredt")
    assert result.report.ok
    assert len(values_of(result)) == 5  # 3 rows × 2 indicators, one empty cell left out


def test_list_sheets_names_every_sheet_in_order():
    assert importer.list_sheets(fixture("two_sheets.xlsx")) == ["Langt", "Bredt"]


def test_list_sheets_of_a_csv_file_is_refused():
    with pytest.raises(importer.ImportRefused, match="ikke en Excel-fil"):
        importer.list_sheets(fixture("long_tab.tsv"))


def test_detect_reads_a_chosen_sheet():
    detection = importer.detect(fixture("two_sheets.xlsx"), "x.xlsx", sheet="Bredt")
    assert (detection.sheet, detection.layout, detection.header_row) == (
        "Bredt",
        "wide_indicators",
        1,
    )


def test_excel_notes_below_the_table_are_skipped(context):
    workbook = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("long")))
    workbook["Data"].append([])
    workbook["Data"].append(["Kilde: egne tall"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = parse(buffer.getvalue(), "mal.xlsx", context)
    assert result.report.ok
    assert result.report.skipped[["row", "reason"]].values.tolist() == [
        [8, "Merknad etter tabellen"]
    ]


def test_unknown_sheet_is_refused_with_the_sheets_there_are(context):
    with pytest.raises(importer.ImportRefused, match="«Langt», «Bredt»"):
        parse(fixture("two_sheets.xlsx"), "two_sheets.xlsx", context, sheet="Ark3")


def test_xlsx_problem_rows_are_sheet_rows(context):
    data = templates.template_xlsx("long")
    broken = importer.parse(
        data, "mal.xlsx", valid_codes={"0301"}, catalogue_ids=context["catalogue_ids"]
    )
    assert broken.report.problems[0].row == 3  # header on row 1; 5001 on row 3


# --- SSB Statistikkbanken -------------------------------------------------------------------


def test_ssb_wide_export_with_title_line_gives_one_row_per_municipality_and_year(context):
    result = parse(fixture("ssb_wide_title.csv"), "ssb_wide_title.csv", context)
    assert result.report.ok
    values = values_of(result).set_index(["kommunenummer", "year"])
    assert values.loc[("0301", 2023), "value"] == 43.4
    assert values.loc[("3201", 2024), "value"] == 45.1  # «K-3201 Bærum»
    assert values.loc[("5001", 2023), "value_symbol"] == ":"
    assert values.loc[("5001", 2024), "value_symbol"] == "..."
    assert set(values_of(result)["indicator_id"]) == {"gs_grunnskolepoeng"}


def test_ssb_aggregate_rows_are_skipped_and_each_reported(context):
    result = parse(fixture("ssb_wide_title.csv"), "ssb_wide_title.csv", context)
    skipped = result.report.skipped
    aggregates = skipped[skipped["column"] == "region"]
    assert aggregates["row"].tolist() == [4, 5, 6, 7, 8]  # lines in the file, title included
    assert aggregates["value"].tolist() == [
        "0 Hele landet",
        "EAKUO Landet uten Oslo",
        "32 Akershus",
        "EKA32 Akershus",
        "EKG13 Kostragruppe 13",
    ]
    assert aggregates["reason"].str.contains("ikke en kommune").all()


def test_ssb_old_and_new_code_rows_merge_into_the_2024_code(context):
    result = parse(fixture("ssb_wide_title.csv"), "ssb_wide_title.csv", context)
    eiker = values_of(result).query("kommunenummer == '3314'")
    assert eiker[["year", "value"]].values.tolist() == [[2022, 40.2], [2023, 40.9], [2024, 41.3]]
    merged = result.report.skipped.query("reason.str.startswith('Gammelt')")
    assert sorted(merged["row"].tolist()) == [
        11,
        12,
        12,
    ]  # «.» cells of 3048 (2024), 3314 (2022–23)
    assert result.report.harmonised.to_dict("records") == [
        {"old_code": "3048", "new_code": "3314", "rows": 1}
    ]


def test_old_and_new_code_with_two_different_values_stay_a_duplicate(context):
    data = (
        "region;år;statistikkvariabel;verdi\n"
        "3048 Øvre Eiker (2020-2023);2023;Grunnskolepoeng;40,9\n"
        "3314 Øvre Eiker;2023;Grunnskolepoeng;41,0\n"
    ).encode()
    result = parse(data, "to_verdier.csv", context)
    [problem] = result.report.problems
    assert problem.rows == (2, 3)
    assert "gammelt og et nytt kommunenummer" in problem.message


def test_ssb_variable_in_the_column_header_gives_indicator_and_year(context):
    result = parse(fixture("ssb_wide_variable_in_header.csv"), "ssb.csv", context)
    assert result.report.ok
    values = values_of(result).set_index(["kommunenummer", "year", "indicator_id"])["value"]
    assert values[("0301", 2022, "gs_grunnskolepoeng")] == 43.4
    assert values[("5001", 2023, "gs_elever_per_laerer")] == 13.0


def test_ssb_title_names_the_indicator_when_no_column_does(context):
    result = parse(fixture("ssb_title_names_indicator.csv"), "ssb.csv", context)
    assert result.report.ok
    assert set(values_of(result)["indicator_id"]) == {"gs_grunnskolepoeng"}
    assert any("tittelen" in note for note in result.report.notes)


def test_ssb_long_layout_skips_kostra_groups(context):
    result = parse(fixture("ssb_long.csv"), "ssb_long.csv", context)
    assert result.report.ok
    assert values_of(result)["kommunenummer"].tolist() == ["0301", "5001", "0301"]
    assert result.report.skipped["value"].tolist() == ["EKG13 Kostragruppe 13"]


def test_every_ssb_region_form_is_recognised_and_old_codes_harmonised(context):
    result = parse(fixture("ssb_regions.csv"), "ssb_regions.csv", context)
    assert result.report.ok
    assert values_of(result)["kommunenummer"].tolist() == [
        "3314",  # 3048 Øvre Eiker (2020-2023)
        "3314",  # 3314 Øvre Eiker
        "3314",  # K-3314 Øvre Eiker
        "0301",  # K-0301 Oslo
        "1508",  # 1507 Ålesund (2020-2023)
        "3314",  # 0624 Øvre Eiker (-2019)
    ]
    assert result.report.harmonised[["old_code", "new_code"]].values.tolist() == [
        ["0624", "3314"],
        ["1507", "1508"],
        ["3048", "3314"],
    ]
    assert any("Haram" in note for note in result.report.notes)
    assert result.report.skipped["reason"].tolist() == [
        "Fylke (ikke en kommune)",
        "Fylke, KOSTRA-aggregat (ikke en kommune)",
        "KOSTRA-gruppe (ikke en kommune)",
        "Landet uten Oslo (ikke en kommune)",
        "Hele landet (ikke en kommune)",
        "Bydel (ikke en kommune)",
    ]


def test_all_five_ssb_symbols_are_kept_apart_from_the_value(context):
    result = parse(fixture("ssb_symbols.csv"), "ssb_symbols.csv", context)
    values = values_of(result)
    assert values["value_symbol"].tolist()[1:] == ["..", "...", ":", ".", "-"]
    assert values["value"].tolist()[0] == 43.0
    assert values["value"].isna().tolist() == [False, True, True, True, True, False]
    assert values["value"].iloc[-1] == 0.0  # «-» means zero
    # «confidential» and «not available» stay distinguishable
    assert set(schema.SSB_SYMBOLS) == set(values["value_symbol"].dropna())


def test_unknown_indicator_suggests_an_id_and_how_to_fix_it(context):
    result = parse(fixture("bad_unknown_indicator.csv"), "ssb.csv", context)
    [problem] = result.report.problems
    assert problem.column == "statistikkvariabel"
    assert problem.rows == (2, 3)
    assert "netto_driftsutgifter_per_innbygger_kr" in problem.message
    assert "katalograd" in problem.fix and "koblingssteget" in problem.fix


def test_indicator_map_says_which_catalogue_id_a_variable_is(context):
    result = parse(
        fixture("bad_unknown_indicator.csv"),
        "ssb.csv",
        context,
        indicator_map={"Netto driftsutgifter per innbygger (kr)": "kn_administrasjon"},
    )
    assert result.report.ok
    assert values_of(result)["indicator_id"].tolist()[:2] == ["kn_administrasjon"] * 2


def test_indicator_map_to_an_id_not_in_the_catalogue_is_a_problem(context):
    result = parse(
        fixture("bad_unknown_indicator.csv"),
        "ssb.csv",
        context,
        indicator_map={"Netto driftsutgifter per innbygger (kr)": "finnes_ikke"},
    )
    assert "«finnes_ikke» finnes ikke i katalogen" in messages(result)


def test_catalogue_ids_without_names_still_match_ids_and_slugs(context):
    data = "region;år;statistikkvariabel;verdi\n0301 Oslo;2023;gs_grunnskolepoeng;43,0\n".encode()
    result = importer.parse(
        data, "x.csv", valid_codes=context["valid_codes"], catalogue_ids={"gs_grunnskolepoeng"}
    )
    assert result.report.ok


# --- Innosikt templates ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", templates.TEMPLATE_KINDS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_template_reads_back_without_problems(kind, file_format, context):
    data = getattr(templates, f"template_{file_format}")(kind)
    detection = importer.detect(data, f"mal.{file_format}")
    assert detection.kind == templates.IMPORT_KIND[kind]
    assert not detection.needs_mapping
    result = parse(data, f"mal.{file_format}", context)
    assert result.report.ok, messages(result)
    frame = templates.template_frame(kind)
    if kind == "long":
        pd.testing.assert_frame_equal(values_of(result), frame)
    elif kind == "wide":
        long = load.wide_to_long(frame).dropna(subset=["value"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(values_of(result), long.astype(values_of(result).dtypes))
    elif kind == "catalogue":
        pd.testing.assert_frame_equal(result.tables["indicators"], frame)
    else:
        pd.testing.assert_frame_equal(
            result.tables["projects"], frame.drop(columns="kommunenummer")
        )
        assert result.tables["project_municipalities"]["kommunenummer"].tolist() == [
            "3314",
            "3301",
            "3312",
            "0301",
        ]


def test_template_xlsx_has_a_data_sheet_first_and_an_explanation():
    assert importer.list_sheets(templates.template_xlsx("projects")) == ["Data", "Forklaring"]


def test_unknown_template_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="Ukjent mal"):
        templates.template_frame("regneark")


def test_wide_template_leaves_empty_cells_out_and_says_so(context):
    result = parse(fixture("wide_template.csv"), "wide_template.csv", context)
    assert result.report.ok
    assert len(values_of(result)) == 7
    assert any("2 tomme celler" in note for note in result.report.notes)


def test_catalogue_file_with_norwegian_direction_words(context):
    result = parse(fixture("catalogue.csv"), "catalogue.csv", context)
    assert result.kind == "catalogue"
    catalogue = result.tables["indicators"]
    assert catalogue["direction"].tolist() == ["lower", "lower"]
    assert catalogue["weight"].tolist() == [1.5, 1.0]
    pd.testing.assert_frame_equal(catalogue, schema.conform(catalogue, schema.INDICATORS))


def test_catalogue_problems_name_row_column_and_fix(context):
    data = (
        b"indicator_id;sector_id;name;unit;direction;weight\n"
        b"a;okonomi;A;kr;opp og ned;1\n"
        b"b;okonomi;B;kr;higher;mye\n"
        b"a;okonomi;A2;kr;lower;1\n"
        b"c;;C;kr;lower;1\n"
    )
    result = parse(data, "katalog.csv", context)
    found = {(p.row, p.column) for p in result.report.problems}
    assert found == {(2, "direction"), (3, "weight"), (2, "indicator_id"), (5, "sector_id")}
    assert result.tables["indicators"].empty


def test_values_file_may_carry_its_own_catalogue_columns(context):
    data = (
        b"kommunenummer;year;indicator_id;value;sector_id;name;unit;direction;weight\n"
        b"0301;2023;egen_ny;5,5;okonomi;Egen ny;kr;higher;1\n"
        b"5001;2023;egen_ny;6,5;okonomi;Egen ny;kr;higher;1\n"
    )
    result = parse(data, "med_katalog.csv", context)
    assert result.report.ok
    assert result.tables["indicators"]["indicator_id"].tolist() == ["egen_ny"]
    assert len(values_of(result)) == 2


def test_projects_with_several_municipalities_per_cell(context):
    result = parse(fixture("projects.csv"), "projects.csv", context)
    assert result.report.ok, messages(result)
    members = result.tables["project_municipalities"]
    assert members.values.tolist() == [
        ["P001", "3314"],
        ["P001", "3301"],
        ["P002", "0301"],
        ["P002", "5001"],
        ["P003", "1508"],
    ]  # «3314; 3301; 3048»: 3048 is Øvre Eiker's old code, so it is there once
    projects = result.tables["projects"]
    assert projects["phase"].tolist() == ["utvikling og utprøving", "ny praksis", "innsikt og idé"]
    assert projects["partner_types"].tolist()[0] == "akademia;næringsliv"
    assert projects["budget_nok"].tolist()[0] == 1_200_000.0
    assert projects["is_real"].tolist() == [True, True, False]


def test_project_problems_cover_phase_years_and_municipalities(context):
    data = (
        b"project_id;title;phase;start_year;end_year;kommunenummer\n"
        b"P1;A;fase 9;2022;;0301\n"
        b"P2;B;ny praksis;2023;2020;0301\n"
        b"P3;C;ny praksis;2023;;32 Akershus\n"
        b"P4;D;ny praksis;2023;;\n"
    )
    result = parse(data, "prosjekter.csv", context)
    found = sorted((p.row, p.column) for p in result.report.problems)
    assert found == [(2, "phase"), (3, "end_year"), (4, "kommunenummer"), (5, "kommunenummer")]
    assert result.tables["projects"].empty


def test_formula_and_html_in_text_cells_are_stored_as_plain_text_with_a_note(context):
    result = parse(fixture("projects_html_formula.csv"), "p.csv", context)
    assert result.report.ok
    titles = result.tables["projects"]["title"].tolist()
    assert titles == ['<script>alert("hei")</script>', '=HYPERLINK("http://example.com")']
    notes = "\n".join(result.report.notes)
    assert "Kolonnen «title», rad 3: teksten starter med «=»" in notes
    assert "Kolonnen «title», rad 2: teksten inneholder HTML-kode" in notes


# --- Bad files ------------------------------------------------------------------------------


def test_pipe_separated_file_is_refused_with_what_to_use_instead(context):
    with pytest.raises(importer.ImportRefused, match="«\\|» som skilletegn") as refused:
        parse(fixture("bad_separator.csv"), "bad_separator.csv", context)
    assert refused.value.problems and "semikolon" in str(refused.value)


def test_missing_columns_are_problems_and_detection_asks_for_mapping(context):
    data = fixture("bad_missing_columns.csv")
    assert importer.detect(data, "x.csv").needs_mapping
    result = parse(data, "x.csv", context)
    assert not result.report.ok
    assert "årskolonne" in messages(result) and "indikator" in messages(result)
    assert values_of(result).empty


def test_unknown_codes_are_one_problem_per_code_with_every_row(context):
    result = parse(fixture("bad_unknown_codes.csv"), "x.csv", context)
    problems = result.report.problems
    assert [(p.value, p.rows) for p in problems] == [("9999", (3, 5)), ("Oslo", (4,))]
    assert all(p.column == "kommunenummer" and "firesifret" in p.fix for p in problems)
    assert values_of(result)["kommunenummer"].tolist() == ["0301"]


def test_text_in_numbers_and_bad_years_each_name_row_column_and_value(context):
    result = parse(fixture("bad_text_in_numbers.csv"), "x.csv", context)
    found = {(p.row, p.column, p.value) for p in result.report.problems}
    assert found == {
        (3, "value", "ca. 43"),
        (4, "value", "=SUM(A1:A3)"),
        (5, "value", "NaN"),
        (6, "year", "20x3"),
        (7, "year", "1850"),
    }
    formula = next(p for p in result.report.problems if p.row == 4)
    assert "Excel-formel" in formula.message


def test_duplicate_keys_list_every_row_with_the_key(context):
    result = parse(fixture("bad_duplicates.csv"), "x.csv", context)
    [problem] = result.report.problems
    assert problem.rows == (2, 4)
    assert "0301, 2023, gs_grunnskolepoeng" in problem.message


def test_empty_file_is_refused(context):
    with pytest.raises(importer.ImportRefused, match="tom"):
        parse(fixture("empty.csv"), "empty.csv", context)


def test_header_without_rows_is_a_problem(context):
    result = parse(fixture("header_only.csv"), "x.csv", context)
    assert "ingen datarader" in messages(result)


def test_binary_garbage_is_refused(context):
    with pytest.raises(importer.ImportRefused, match="tekstfil"):
        parse(fixture("garbage.bin"), "garbage.csv", context)


@pytest.mark.parametrize(
    ("head", "match"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "gammel Excel-fil"),
        (b"%PDF-1.7\n" + bytes(100), "PDF"),
        (b"PK\x03\x04" + bytes(100), "ødelagt"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "komprimert"),
    ],
)
def test_other_file_types_are_refused_with_what_to_do(head, match, context):
    with pytest.raises(importer.ImportRefused, match=match):
        parse(head, "fil.xlsx", context)


def test_huge_files_are_refused_before_they_are_read(context):
    data = b"kommunenummer;year;indicator_id;value\n" + b"0301;2023;x;1\n" * 100
    with pytest.raises(importer.ImportRefused, match="grensen er 0 MB") as refused:
        parse(data, "stor.csv", context, max_bytes=1000)
    assert "INNOSIKT_MAX_UPLOAD_MB" in str(refused.value)


def test_blank_lines_and_footnotes_keep_row_numbers_true_to_the_file(context):
    result = parse(fixture("blank_lines_and_footnotes.csv"), "x.csv", context)
    [problem] = result.report.problems
    assert (problem.row, problem.value) == (4, "tekst")
    assert result.report.skipped["row"].tolist() == [7, 8]
    assert (result.report.skipped["reason"] == "Merknad etter tabellen").all()


def test_ragged_row_in_the_middle_is_a_problem(context):
    data = (
        b"kommunenummer;year;indicator_id;value\n"
        b"0301;2023;gs_grunnskolepoeng;42,7\n"
        b"5001;2023;gs_grunnskolepoeng;43;1;ekstra\n"
        b"3201;2023;gs_grunnskolepoeng;45,1\n"
    )
    result = parse(data, "x.csv", context)
    [problem] = result.report.problems
    assert problem.row == 3 and "6 felt" in problem.message
    assert values_of(result)["kommunenummer"].tolist() == ["0301", "3201"]


def test_unclosed_quote_is_refused_with_the_line(context):
    data = b'kommunenummer;year;indicator_id;value\n"0301;2023;gs_grunnskolepoeng;42,7\n' + (
        b"x" * 200_000
    )
    with pytest.raises(importer.ImportRefused, match="anførselstegn"):
        parse(data, "x.csv", context)


# --- Validation rules -----------------------------------------------------------------------


def test_far_future_years_are_a_warning_not_a_problem(context):
    data = b"kommunenummer;year;indicator_id;value\n0301;2030;gs_grunnskolepoeng;1\n"
    result = parse(data, "x.csv", context)
    assert result.report.ok
    assert any(note.startswith("Advarsel") and "2030" in note for note in result.report.notes)


def test_value_rows_in_aggregates_are_not_reported(context):
    data = "region;år;statistikkvariabel;verdi\nEKG13;2023;Grunnskolepoeng;tekst\n".encode()
    result = parse(data, "x.csv", context)
    assert result.report.ok
    assert len(result.report.skipped) == 1


def test_many_distinct_bad_values_are_listed_up_to_a_limit_then_counted(context):
    count = importer.MAX_PROBLEMS_PER_CHECK + 30
    rows = "".join(f"0301;2023;gs_grunnskolepoeng;feil{i}\n" for i in range(count))
    result = parse(f"kommunenummer;year;indicator_id;value\n{rows}".encode(), "x.csv", context)
    problems = result.report.problems
    assert len(problems) == importer.MAX_PROBLEMS_PER_CHECK + 1
    assert problems[-1].row is None and "30 andre verdier" in problems[-1].message


def test_mapping_says_which_column_is_what(context):
    data = (
        b"Knr.;Periode;Hva;Tallet;Kommentar\n"
        b"0301;2023;gs_grunnskolepoeng;42,7;fin\n"
        b"5001;2023;gs_grunnskolepoeng;43,1;\n"
    )
    assert importer.detect(data, "x.csv").needs_mapping
    result = parse(
        data,
        "x.csv",
        context,
        mapping={"municipality": "Knr.", "year": "Periode", "indicator": "Hva", "value": "Tallet"},
    )
    assert result.report.ok
    assert values_of(result)["value"].tolist() == [42.7, 43.1]


def test_mapping_to_a_column_that_is_not_there_is_a_problem(context):
    result = parse(
        fixture("long_tab.tsv"), "x.tsv", context, mapping={"municipality": "finnes ikke"}
    )
    assert "«finnes ikke» finnes ikke i fila" in messages(result)


def test_headerless_file_gets_numbered_columns_and_suggestions(context):
    data = b"0301;2023;gs_grunnskolepoeng;42,7\n5001;2023;gs_grunnskolepoeng;43,1\n"
    detection = importer.detect(data, "x.csv")
    assert detection.header_row is None and detection.needs_mapping
    assert detection.columns == ["Kolonne 1", "Kolonne 2", "Kolonne 3", "Kolonne 4"]
    assert detection.mapping == {"municipality": "Kolonne 1", "year": "Kolonne 2"}
    mapping = {"municipality": "Kolonne 1", "year": "Kolonne 2", "indicator": "Kolonne 3"}
    result = parse(data, "x.csv", context, mapping={**mapping, "value": "Kolonne 4"})
    assert result.report.ok and len(values_of(result)) == 2


@pytest.mark.parametrize(
    ("name", "kind", "layout", "source"),
    [
        ("long_utf8_bom.csv", "indicators", "long", "innosikt"),
        ("wide_template.csv", "indicators", "wide_indicators", "innosikt"),
        ("ssb_wide_title.csv", "indicators", "wide_years", "ssb"),
        ("ssb_wide_variable_in_header.csv", "indicators", "wide_mixed", "ssb"),
        ("ssb_long.csv", "indicators", "long", "ssb"),
        ("catalogue.csv", "catalogue", "table", "innosikt"),
        ("projects.csv", "projects", "table", "innosikt"),
    ],
)
def test_detect_says_kind_layout_and_source(name, kind, layout, source):
    detection = importer.detect(fixture(name), name)
    assert (detection.kind, detection.layout, detection.source) == (kind, layout, source)
    assert detection.confidence >= 0.9 and not detection.needs_mapping


def test_kind_can_be_forced(context):
    result = parse(fixture("catalogue.csv"), "c.csv", context, kind="indicators")
    assert result.kind == "indicators" and not result.report.ok
    with pytest.raises(importer.ImportRefused, match="Ukjent type"):
        parse(fixture("catalogue.csv"), "c.csv", context, kind="tabell")


def test_result_tables_are_schema_conformed_and_input_unchanged(context):
    data = fixture("ssb_wide_title.csv")
    copy = bytes(data)
    result = parse(data, "ssb.csv", context)
    assert data == copy
    for name, frame in result.tables.items():
        pd.testing.assert_frame_equal(frame, schema.conform(frame, schema.TABLES[name]))
    assert result.checksum == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("pause_after", [None, 0, 1, 3])
def test_the_checksum_is_the_files_sha256_however_its_hashing_pauses(pause_after):
    data = bytes(range(256)) * 40_000  # five pieces of the background hashing
    checksum = importer._Checksum(data)
    if pause_after is not None:
        while checksum._done < pause_after * checksum.PIECE and checksum._done < len(data):
            pass  # let the hashing thread get so far
        checksum.pause()
        checksum.resume()
    assert checksum.hexdigest() == hashlib.sha256(data).hexdigest()


def test_a_big_file_has_the_sha256_of_its_bytes(context):
    codes = sorted(context["valid_codes"])
    rows = [f"{codes[i % 300]};{2000 + i // 300};gs_grunnskolepoeng;{i},5" for i in range(200_000)]
    data = ("kommunenummer;year;indicator_id;value\n" + "\n".join(rows) + "\n").encode()
    assert parse(data, "stor.csv", context).checksum == hashlib.sha256(data).hexdigest()


def test_fast_and_exact_csv_readers_agree(context):
    rng = np.random.default_rng(7)
    codes = sorted(context["valid_codes"])
    rows = [
        f"{codes[i % len(codes)]};{2015 + i // len(codes)};gs_grunnskolepoeng;"
        f"{rng.normal(40, 3):.2f}".replace(".", ",")
        for i in range(3000)
    ]
    rows[17] = rows[17].rsplit(";", 1)[0] + ";.."
    clean = ("kommunenummer;year;indicator_id;value\n" + "\n".join(rows) + "\n").encode()
    blank = clean.replace(b"\n", b"\n\n", 1)  # one blank line forces the exact reader
    fast, exact = parse(clean, "a.csv", context), parse(blank, "b.csv", context)
    pd.testing.assert_frame_equal(values_of(fast), values_of(exact))


# --- Report ---------------------------------------------------------------------------------


def test_report_lines_summarise_in_norwegian(context):
    result = parse(fixture("ssb_regions.csv"), "ssb_regions.csv", context)
    lines = importer.report_lines(result)
    assert lines[0] == "Fil: ssb_regions.csv — indikatorverdier"
    assert "Rader lest: 12" in lines
    assert "Klare til lagring: 6 rader i indikatorverdier" in lines
    assert "Hoppet over: 6 rader (lagres ikke)" in lines
    assert "  - 3048 → 3314 (1 rad)" in lines
    assert lines[-1] == "Alt i orden: fila kan importeres."


def test_report_lines_list_problems_and_say_nothing_is_stored(context):
    result = parse(fixture("bad_unknown_codes.csv"), "x.csv", context)
    lines = importer.report_lines(result)
    assert "Feil som må rettes før import: 2" in lines
    assert any(line.startswith("  - Rad 3, kolonne «kommunenummer»:") for line in lines)
    assert lines[-1].startswith("Ikke importert")


def test_report_lines_follow_the_chosen_language(context):
    result = parse(fixture("ssb_regions.csv"), "ssb_regions.csv", context)
    lines = importer.report_lines(result, lang="en")
    assert lines[0] == "File: ssb_regions.csv — indicator values"
    assert "Rows read: 12" in lines
    assert "Ready to store: 6 rows in indicator values" in lines
    assert "Skipped: 6 rows (not stored)" in lines
    assert "  - 3048 → 3314 (1 row)" in lines
    assert lines[-1] == "All in order: the file can be imported."
    problems = parse(fixture("bad_unknown_codes.csv"), "x.csv", context)
    english = importer.report_lines(problems, lang="en")
    assert any(line.startswith("  - Row 3, column «kommunenummer»:") for line in english)
    assert english[-1].startswith("Not imported")


def test_a_file_of_only_aggregate_rows_says_nothing_is_imported_and_why(context):
    data = (
        "region;år;statistikkvariabel;verdi\n"
        "32 Akershus;2024;Grunnskolepoeng;43,1\n"
        "EKG13 Kostragruppe 13;2024;Grunnskolepoeng;42,3\n"
        "0 Hele landet;2024;Grunnskolepoeng;42,0\n"
    ).encode()
    result = parse(data, "fylker.csv", context)
    assert result.report.ok and result.report.rows_ok == 0
    lines = importer.report_lines(result)
    assert "Alt i orden: fila kan importeres." not in lines
    assert lines[-1].startswith("Ingenting importeres: ingen rader kan lagres. Hoppet over: 3 ")
    assert "ikke kommuner" in lines[-1]
    assert importer.report_lines(result, lang="en")[-1].startswith("Nothing is imported")


def test_a_file_of_only_a_footnote_points_to_the_reasons(context):
    data = b"indicator_id;sector_id;name;unit;direction;weight\nKilde: SSB\n"
    result = parse(data, "katalog.csv", context, kind="catalogue")
    assert result.report.ok and result.report.rows_ok == 0
    assert importer.report_lines(result)[-2:] == [
        "  - Lest som CSV (utf-8, skilletegn semikolon, desimalkomma); radnumrene er "
        "linjenumrene i fila (overskriften er linje 1).",
        "Ingenting importeres: ingen rader kan lagres. Hoppet over: 1 rad (se grunnene over).",
    ]


def test_a_wide_file_of_empty_cells_says_there_are_no_values(context):
    data = b"kommunenummer;year;gs_grunnskolepoeng\n0301;2023;\n5001;2023;\n"
    result = parse(data, "tom.csv", context)
    assert result.report.ok and result.report.rows_ok == 0 and result.report.skipped.empty
    assert importer.report_lines(result)[-1] == (
        "Ingenting importeres: fila har ingen verdier som kan lagres (verdicellene er tomme)."
    )


def test_problems_frame_has_the_columns_the_page_shows(context):
    result = parse(fixture("bad_text_in_numbers.csv"), "x.csv", context)
    frame = importer.problems_frame(result.report)
    assert frame.columns.tolist() == ["Rad", "Kolonne", "Verdi", "Feil", "Slik retter du det"]
    assert frame["Rad"].dtype == "Int64"
    first = frame.iloc[0]
    assert first["Feil"] == "«20x3» er ikke et årstall."
    assert first["Slik retter du det"] == "Skriv året med fire sifre, f.eks. 2023."


def test_problems_frame_from_a_refusal_and_from_plain_schema_problems():
    frame = importer.problems_frame_from(
        [schema.Problem("indicators", 4, "weight", "x", "«x» passer ikke.")]
    )
    assert frame.to_dict("records") == [
        {
            "Rad": 4,
            "Kolonne": "weight",
            "Verdi": "x",
            "Feil": "«x» passer ikke.",
            "Slik retter du det": "",
        }
    ]


def test_slugify_makes_catalogue_style_ids():
    assert importer.slugify("Andel barn 1–2 år i barnehage") == "andel_barn_1_2_ar_i_barnehage"
    assert importer.slugify("Elever per lærer") == "elever_per_laerer"


# --- Storage --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ssb_wide_title.csv", "catalogue.csv", "projects.csv"])
def test_parsed_files_round_trip_through_storage(name, context, tmp_path):
    storage = pytest.importorskip("analysis.storage")
    engine = storage.make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    storage.init_db(engine)
    result = parse(fixture(name), name, context)
    dataset_id = storage.save_import(engine, result, name)
    stored = storage.stored_tables(engine, [dataset_id])
    for table_name, frame in result.tables.items():
        key = list(schema.TABLES[table_name].key)
        pd.testing.assert_frame_equal(
            stored[table_name], frame.sort_values(key, ignore_index=True), check_categorical=False
        )
