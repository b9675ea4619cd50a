"""Innovation measures: counting projects per municipality and year, per inhabitant, the index."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import innovation, schema

YEARS = [2022, 2023, 2024]


def make_projects(rows: list[tuple]) -> pd.DataFrame:
    """rows: (project_id, phase, start_year, end_year)."""
    frame = pd.DataFrame(rows, columns=["project_id", "phase", "start_year", "end_year"])
    return schema.conform(
        frame.assign(
            title=frame["project_id"],
            sector_id="helse",
            innovation_type="tjenesteinnovasjon",
            source="test",
            is_real=True,
        ),
        schema.PROJECTS,
    )


def make_members(rows: list[tuple[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["project_id", "kommunenummer"])
    return schema.conform(frame, schema.PROJECT_MUNICIPALITIES)


def make_municipalities(populations: dict[str, int | None]) -> pd.DataFrame:
    """Only the columns the measures read: code and population."""
    frame = pd.DataFrame(
        {"kommunenummer": list(populations), "population": list(populations.values())}
    )
    return frame.astype({"kommunenummer": "string", "population": "Int64"})


def make_capacity(rows: list[tuple]) -> pd.DataFrame:
    """rows: (kommunenummer, year, innovation_fte, leaders_trained, ideas_filed)."""
    columns = ["kommunenummer", "year", "innovation_fte", "leaders_trained", "ideas_filed"]
    return schema.conform(pd.DataFrame(rows, columns=columns), schema.CAPACITY)


PROJECTS = make_projects(
    [
        ("samarbeid", "utvikling og utprøving", 2023, None),  # co-operation, still running
        ("ferdig", "ny praksis", 2022, 2023),
        ("stoppet", "stoppet", 2022, 2022),
        ("stoppet-uten-slutt", "stoppet", 2023, None),
        ("forberedes", "før du starter", 2024, None),
    ]
)
MEMBERS = make_members(
    [
        ("samarbeid", "0001"),
        ("samarbeid", "0002"),
        ("samarbeid", "0003"),
        ("ferdig", "0001"),
        ("stoppet", "0002"),
        ("stoppet-uten-slutt", "0002"),
        ("forberedes", "0001"),
    ]
)
MUNICIPALITIES = make_municipalities({"0001": 20_000, "0002": 5_000, "0003": 10_000, "0004": None})
CAPACITY = make_capacity(
    [
        ("0001", 2024, 4.0, 10, 50),
        ("0002", 2024, 1.0, 5, 20),
        ("0003", 2024, None, 2, None),
    ]
)


def measures() -> pd.DataFrame:
    return innovation.innovation_measures(PROJECTS, MEMBERS, CAPACITY, MUNICIPALITIES, YEARS)


def cell(frame: pd.DataFrame, kommune: str, year: int, column: str):
    row = frame[(frame["kommunenummer"] == kommune) & (frame["year"] == year)]
    assert len(row) == 1
    value = row[column].iloc[0]
    return None if pd.isna(value) else value


def test_a_co_operation_project_counts_for_each_member():
    active = innovation.project_years(PROJECTS, MEMBERS, YEARS)
    members = active[(active["project_id"] == "samarbeid") & (active["year"] == 2024)]
    assert members["kommunenummer"].tolist() == ["0001", "0002", "0003"]


def test_a_project_is_active_from_start_to_end_year_and_new_only_in_its_start_year():
    active = innovation.project_years(PROJECTS, MEMBERS, YEARS)
    done = active[active["project_id"] == "ferdig"]
    assert done["year"].tolist() == [2022, 2023]
    assert done["is_new"].tolist() == [True, False]


def test_a_project_without_end_year_runs_through_the_last_year():
    active = innovation.project_years(PROJECTS, MEMBERS, YEARS)
    running = active[(active["project_id"] == "samarbeid") & (active["kommunenummer"] == "0001")]
    assert running["year"].tolist() == [2023, 2024]


def test_a_stopped_project_counts_until_its_end_year_or_only_its_start_year():
    active = innovation.project_years(PROJECTS, MEMBERS, YEARS)
    assert active.loc[active["project_id"] == "stoppet", "year"].tolist() == [2022]
    assert active.loc[active["project_id"] == "stoppet-uten-slutt", "year"].tolist() == [2023]


def test_active_and_new_counts_per_municipality_and_year():
    got = measures()
    # 0001: 2022 ferdig (new) | 2023 ferdig + samarbeid (new) | 2024 samarbeid + forberedes (new)
    assert [cell(got, "0001", y, "active_projects") for y in YEARS] == [1, 2, 2]
    assert [cell(got, "0001", y, "new_projects") for y in YEARS] == [1, 1, 1]
    # 0002: 2022 stoppet (new) | 2023 samarbeid + stoppet-uten-slutt (both new) | 2024 samarbeid
    assert [cell(got, "0002", y, "active_projects") for y in YEARS] == [1, 2, 1]
    assert [cell(got, "0002", y, "new_projects") for y in YEARS] == [1, 2, 0]


def test_every_municipality_and_year_appears_with_zeros_where_there_are_no_projects():
    got = measures()
    assert len(got) == 4 * len(YEARS)
    assert not got.duplicated(["kommunenummer", "year"]).any()
    assert [cell(got, "0004", y, "active_projects") for y in YEARS] == [0, 0, 0]
    assert cell(got, "0003", 2022, "active_projects") == 0


def test_measures_per_inhabitant():
    got = measures()
    assert cell(got, "0001", 2024, "active_per_10k") == pytest.approx(2 / 20_000 * 10_000)
    assert cell(got, "0001", 2024, "innovation_fte_per_10k") == pytest.approx(4 / 2)
    assert cell(got, "0002", 2024, "leaders_trained_per_10k") == pytest.approx(5 / 5_000 * 10_000)
    assert cell(got, "0002", 2024, "ideas_per_1k") == pytest.approx(20 / 5_000 * 1_000)
    assert cell(got, "0003", 2024, "innovation_fte_per_10k") is None  # not reported
    assert cell(got, "0004", 2024, "active_per_10k") is None  # no population


def test_innovation_index_averages_the_available_percentile_ranks():
    got = measures()
    # 2024 per component (value → percentile rank among municipalities with a value):
    #   active_per_10k   0001 1.0, 0002 2.0, 0003 1.0   → 0001 1.5/3, 0002 3/3, 0003 1.5/3
    #   fte_per_10k      0001 2.0, 0002 2.0             → 1.5/2 each
    #   leaders_per_10k  0001 5.0, 0002 10.0, 0003 2.0  → 2/3, 3/3, 1/3
    #   ideas_per_1k     0001 2.5, 0002 4.0             → 1/2, 2/2
    assert cell(got, "0001", 2024, "innovation_index") == pytest.approx(
        100 * (0.5 + 0.75 + 2 / 3 + 0.5) / 4
    )
    assert cell(got, "0002", 2024, "innovation_index") == pytest.approx(
        100 * (1 + 0.75 + 1 + 1) / 4
    )
    assert cell(got, "0003", 2024, "innovation_index") == pytest.approx(100 * (0.5 + 1 / 3) / 2)
    assert cell(got, "0004", 2024, "innovation_index") is None  # no component at all


def test_innovation_index_stays_within_0_and_100():
    index = measures()["innovation_index"].dropna()
    assert ((index > 0) & (index <= 100)).all()


def test_innovation_index_does_not_fall_when_one_component_rises():
    base = make_capacity([("0001", 2024, 1.0, 1, 1), ("0002", 2024, 2.0, 2, 2)])
    raised = base.assign(
        innovation_fte=pd.array([10.0, 2.0], dtype="Float64")
    )  # 0.5 → 5 per 10k, past 0002 (4)
    before, after = (
        innovation.innovation_measures(PROJECTS, MEMBERS, c, MUNICIPALITIES, [2024])
        for c in (base, raised)
    )
    assert cell(after, "0001", 2024, "innovation_index") > cell(
        before, "0001", 2024, "innovation_index"
    )
    assert cell(after, "0002", 2024, "innovation_index") <= cell(
        before, "0002", 2024, "innovation_index"
    )


def test_output_has_the_schema_columns_and_dtypes():
    got = measures()
    assert got.columns.tolist() == schema.INNOVATION.names
    expected = {k: pd.api.types.pandas_dtype(v) for k, v in schema.INNOVATION.dtypes.items()}
    assert got.dtypes.to_dict() == expected


def test_projects_by_stage_counts_active_and_new_per_current_phase():
    stages = innovation.projects_by_stage(PROJECTS, MEMBERS, YEARS)
    row = stages[(stages["kommunenummer"] == "0001") & (stages["year"] == 2024)]
    assert dict(
        zip(row["phase"].astype(str), zip(row["active"], row["new"], strict=True), strict=True)
    ) == {
        "før du starter": (1, 1),
        "utvikling og utprøving": (1, 0),
    }
    assert stages["active"].sum() == len(innovation.project_years(PROJECTS, MEMBERS, YEARS))


def test_no_years_gives_empty_frames():
    assert innovation.project_years(PROJECTS, MEMBERS, []).empty
    assert innovation.innovation_measures(PROJECTS, MEMBERS, CAPACITY, MUNICIPALITIES, []).empty


def test_no_input_is_changed():
    inputs = [PROJECTS, MEMBERS, CAPACITY, MUNICIPALITIES]
    before = [frame.copy(deep=True) for frame in inputs]
    measures()
    innovation.projects_by_stage(PROJECTS, MEMBERS, YEARS)
    for original, after in zip(before, inputs, strict=True):
        pd.testing.assert_frame_equal(original, after)
