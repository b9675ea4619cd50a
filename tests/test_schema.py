"""The schema module: one definition of every table, and checks that name every bad cell."""

import pandas as pd
import pytest

from analysis import schema


def test_every_table_has_unique_columns_labels_and_a_key_among_its_columns():
    for table in schema.TABLES.values():
        assert len(table.names) == len(set(table.names)), table.name
        assert all(table.labels.values()), table.name
        assert set(table.key) <= set(table.names), table.name


def test_municipality_codes_are_strings_and_values_nullable_numbers():
    assert schema.MUNICIPALITIES.dtypes["kommunenummer"] == "string"
    assert schema.INDICATOR_VALUES.dtypes["value"] == "Float64"
    assert schema.INDICATOR_VALUES.dtypes["year"] == "Int64"


def test_phases_follow_ks_veikart_in_order_plus_stopped():
    assert schema.PHASES == (
        "før du starter",
        "innsikt og idé",
        "utvikling og utprøving",
        "overgang til drift",
        "ny praksis",
        "stoppet",
    )


def test_conform_casts_and_orders_columns_and_keeps_leading_zeros():
    raw = pd.DataFrame(
        {
            "value": ["1.5", None],
            "year": ["2020", "2021"],
            "indicator_id": ["a", "a"],
            "kommunenummer": ["0301", "0301"],
        }
    )
    out = schema.conform(raw, schema.INDICATOR_VALUES)
    assert out.columns.tolist() == schema.INDICATOR_VALUES.names
    assert out["kommunenummer"].tolist() == ["0301", "0301"]
    assert out["value"].isna().tolist() == [False, True]
    assert out.dtypes.to_dict() == schema.INDICATOR_VALUES.dtypes


def test_conform_lists_every_problem_with_row_and_column():
    raw = pd.DataFrame(
        {
            "kommunenummer": ["0301", None, "3314", "3314"],
            "year": ["2020", "2020", "x", "x"],
            "indicator_id": ["a", "a", "a", "a"],
            "value": ["1", "tekst", "2", "3"],
        }
    )
    with pytest.raises(schema.SchemaError) as error:
        schema.conform(raw, schema.INDICATOR_VALUES)
    found = {(p.row, p.column) for p in error.value.problems}
    assert {(2, "kommunenummer"), (2, "value"), (3, "year"), (4, "year")} <= found
    assert error.value.to_frame()["Rad"].notna().all()


def test_conform_reports_missing_required_columns_by_name():
    with pytest.raises(schema.SchemaError) as error:
        schema.conform(pd.DataFrame({"kommunenummer": ["0301"]}), schema.INDICATOR_VALUES)
    assert {p.column for p in error.value.problems} == {"year", "indicator_id", "value"}
    assert all("mangler" in p.message for p in error.value.problems)


def test_conform_flags_duplicate_keys():
    raw = pd.DataFrame(
        {
            "kommunenummer": ["0301"] * 2,
            "year": [2020] * 2,
            "indicator_id": ["a"] * 2,
            "value": [1.0, 2.0],
        }
    )
    with pytest.raises(schema.SchemaError) as error:
        schema.conform(raw, schema.INDICATOR_VALUES)
    assert [p.row for p in error.value.problems] == [1, 2]


def test_conform_refuses_unknown_categories():
    raw = pd.DataFrame(
        {
            "project_id": ["p1"],
            "title": ["T"],
            "sector_id": ["helse"],
            "phase": ["ferdig"],
            "start_year": [2020],
            "end_year": [None],
            "innovation_type": ["samskaping"],
            "source": ["x"],
            "is_real": ["ja"],
        }
    )
    with pytest.raises(schema.SchemaError) as error:
        schema.conform(raw, schema.PROJECTS)
    assert [(p.column, p.value) for p in error.value.problems] == [("phase", "ferdig")]


def test_empty_has_the_tables_dtypes():
    assert schema.empty(schema.CAPACITY).dtypes.to_dict() == schema.CAPACITY.dtypes
