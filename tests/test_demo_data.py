"""The embedded demo dataset: reproducible, loadable, and honest about what is real."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from analysis import codes, schema, scoring
from analysis.load import load_dataset

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SCRIPT = ROOT / "scripts" / "make_demo_data.py"
GENERATED = (
    "municipalities",
    "sectors",
    "indicators",
    "indicator_values",
    "projects",
    "project_municipalities",
    "awards",
    "capacity",
)
REAL_TITLES = {
    ("5001", "Ledelsesskolen"),
    ("5001", "Universitetskommunen (TRD 3.0)"),
    ("1516", "Teknologiskolen"),
    ("4626", "Rett i jobb i Fjell kommune"),
    ("4626", "Integreringsrådslag"),
    ("3314", "Innovasjonsrådgiver, utviklingsteam og innovasjonsseksjon"),
    ("3314", "Ledere og ansatte på Innovasjonsskolen"),
    ("3314", "Oppgaveutvalg for skolebehov og skolestruktur"),
    ("4649", "Den samskapende kommune"),
    ("3207", "Den samskapende kommune"),
    ("3203", "Asker velferdslab"),
    ("3203", "Løsningsjakten på Borgen"),
    ("1835", "Tenk Træna"),
}
OVRE_EIKER = "3314"


def _generator():
    spec = importlib.util.spec_from_file_location("make_demo_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return _generator()


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA_DIR)


@pytest.fixture(scope="module")
def members_with_titles(dataset):
    return dataset.project_municipalities.merge(
        dataset.projects, on="project_id", validate="many_to_one"
    )


def test_regenerating_into_a_temp_dir_reproduces_the_committed_files_byte_for_byte(
    generator, tmp_path
):
    generator.main(["--out", str(tmp_path)])
    for stem in GENERATED:
        name = f"{stem}.csv"
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


def test_the_committed_data_loads_and_every_file_conforms_to_its_table(dataset):
    for table in (schema.MUNICIPALITIES, schema.SECTORS, schema.INDICATORS, schema.PROJECTS):
        frame = getattr(dataset, table.name)
        pd.testing.assert_frame_equal(frame, schema.conform(frame, table))
    assert set(dataset.values["indicator_id"]) == set(dataset.indicators["indicator_id"])


def test_there_are_357_municipalities_in_15_counties_with_unique_2024_codes(dataset):
    munis = dataset.municipalities
    assert len(munis) == 357
    assert munis["kommunenummer"].is_unique
    assert munis["county_number"].nunique() == 15
    assert munis.groupby("county_number")["county_name"].nunique().eq(1).all()
    assert not set(munis["kommunenummer"]) & set(codes.RENUMBERED_2024)  # no old Viken codes
    assert {codes.ALESUND_2024, codes.HARAM_2024} <= set(munis["kommunenummer"])
    assert codes.ALESUND_2020 not in set(munis["kommunenummer"])


def test_every_peer_group_has_someone_to_compare_with(dataset):
    munis = dataset.municipalities.set_index("kommunenummer")
    assert munis.loc["0301", "peer_group"] == "Storbyene og Oslo"
    assert (munis["size_class"] == "storbyer").sum() == 6
    assert munis["peer_group"].value_counts().min() >= 5


def test_twelve_sectors_with_weights_summing_to_100(dataset):
    assert len(dataset.sectors) == 12
    assert dataset.sectors["weight"].sum() == pytest.approx(100)


def test_every_sector_has_three_to_six_indicators_with_a_prefixed_id(dataset):
    per_sector = dataset.indicators.groupby("sector_id").size()
    assert set(per_sector.index) == set(dataset.sectors["sector_id"])
    assert per_sector.between(3, 6).all(), per_sector
    assert dataset.indicators["indicator_id"].str.fullmatch(r"[a-z]{2}_[a-z0-9_]+").all()


def test_the_wide_values_file_has_id_columns_then_sorted_indicator_columns():
    header = (DATA_DIR / "indicator_values.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    columns = header.split(",")
    assert columns[:2] == ["kommunenummer", "year"]
    assert columns[2:] == sorted(columns[2:])


def test_indicator_values_cover_2015_to_2025_with_a_few_percent_missing(dataset):
    values = dataset.values
    assert (values["year"].min(), values["year"].max()) == (2015, 2025)
    assert 0.02 <= values["value"].isna().mean() <= 0.04


def test_shares_stay_within_0_and_100_and_only_the_operating_result_goes_negative(dataset):
    values = dataset.values.merge(dataset.indicators, on="indicator_id")
    result = values["indicator_id"] == "ok_netto_driftsresultat"  # a deficit is negative
    assert values.loc[~result, "value"].dropna().ge(0).all()
    shares = values[values["name"].str.startswith("Andel")]  # debt (% of income) may pass 100
    assert shares["value"].dropna().le(100).all()


def test_haram_has_no_values_or_capacity_before_2024(dataset):
    for frame in (dataset.values, dataset.capacity):
        haram = frame[frame["kommunenummer"] == codes.HARAM_2024]
        assert haram["year"].min() == 2024
    projects = dataset.project_municipalities.merge(dataset.projects, on="project_id")
    assert (projects.loc[projects["kommunenummer"] == codes.HARAM_2024, "start_year"] >= 2024).all()


def test_the_real_projects_are_present_marked_real_and_sourced(dataset, members_with_titles):
    real = members_with_titles[members_with_titles["is_real"]]
    assert set(zip(real["kommunenummer"], real["title"], strict=True)) == REAL_TITLES
    assert real["source"].str.len().gt(20).all()
    assert (dataset.projects["is_real"] == dataset.projects["project_id"].str.startswith("R")).all()


def test_the_awards_are_real_kmd_prizes_for_real_projects(dataset):
    awards = dataset.awards.merge(dataset.projects, on="project_id", validate="many_to_one")
    assert awards["is_real"].all()
    assert awards["source_x"].notna().all()
    winners = set(zip(awards["kommunenummer"], awards["year"], awards["result"], strict=True))
    assert {
        ("5001", 2019, "vinner"),
        ("1516", 2019, "finalist"),
        ("4626", 2019, "finalist"),
        ("3203", 2017, "vinner"),
        ("1835", 2018, "vinner"),
    } == winners


def test_synthetic_projects_are_marked_synthetic(dataset):
    synthetic = dataset.projects[~dataset.projects["is_real"]]
    assert 600 <= len(synthetic) <= 1000
    assert (synthetic["source"] == "Demodata").all()
    assert synthetic["description"].str.startswith("Demodata").all()


def test_project_phases_fit_their_years(dataset):
    projects = dataset.projects
    assert not projects.loc[projects["start_year"] == 2025, "phase"].isin(["ny praksis"]).any()
    ended = projects["end_year"].notna()
    assert (projects.loc[ended, "end_year"] >= projects.loc[ended, "start_year"]).all()


def test_cooperation_projects_join_municipalities_of_one_county(dataset, members_with_titles):
    counties = members_with_titles.merge(
        dataset.municipalities[["kommunenummer", "county_number"]], on="kommunenummer"
    )
    synthetic = counties[~counties["is_real"]]
    per_project = synthetic.groupby("project_id").agg(
        members=("kommunenummer", "size"), counties=("county_number", "nunique")
    )
    cooperation = per_project[per_project["members"] > 1]
    assert len(cooperation) > 50
    assert cooperation["members"].le(4).all()
    assert cooperation["counties"].eq(1).all()


def test_some_small_municipalities_have_no_projects_at_all(dataset):
    munis = dataset.municipalities
    without = munis[~munis["kommunenummer"].isin(dataset.project_municipalities["kommunenummer"])]
    assert len(without) >= 10
    assert (without["size_class"].isin(["små", "mellomstore"])).all()


def test_ovre_eiker_is_a_low_income_municipality_of_about_20_000(dataset):
    ovre_eiker = dataset.municipalities.set_index("kommunenummer").loc[OVRE_EIKER]
    assert ovre_eiker["name"] == "Øvre Eiker"
    assert ovre_eiker["income_level"] == "lav"
    assert 18_000 <= ovre_eiker["population"] <= 22_000


def test_ovre_eiker_has_an_innovation_adviser_from_2015_and_more_trained_leaders(dataset):
    capacity = dataset.capacity[dataset.capacity["kommunenummer"] == OVRE_EIKER]
    assert capacity.loc[capacity["year"] == 2015, "innovation_fte"].item() >= 1
    assert capacity["leaders_trained"].is_monotonic_increasing


def test_ovre_eiker_climbs_from_the_lower_half_to_the_top_quarter(dataset):
    totals = scoring.score_all(dataset.values, dataset.indicators, dataset.sectors).totals
    ranked = totals.dropna(subset=["rank"])
    size = ranked.groupby("year").size()
    rank = ranked[ranked["kommunenummer"] == OVRE_EIKER].set_index("year")["rank"]
    assert rank[2015] > size[2015] / 2
    assert rank[2025] <= size[2025] / 4


def test_the_readme_states_the_built_in_effect_and_lists_every_column(generator):
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert f"INNOVATION_EFFECT = {generator.INNOVATION_EFFECT}" in readme
    assert f"SEED = {generator.SEED}" in readme
    assert "## Kartgrunnlag" in readme
    for table in (
        schema.MUNICIPALITIES,
        schema.SECTORS,
        schema.INDICATORS,
        schema.PROJECTS,
        schema.PROJECT_MUNICIPALITIES,
        schema.AWARDS,
        schema.CAPACITY,
    ):
        line = next(row for row in readme.splitlines() if row.startswith(f"| `{table.name}.csv`"))
        assert all(name in line for name in table.names), table.name
