"""Comparison groups and their median, on tiny inline data."""

import pandas as pd
import pytest

from analysis import groups, schema

LEVELS = ["lav", "middels", "høy"]


def municipalities(n: int = 30) -> pd.DataFrame:
    """n municipalities: 0001 is the one we compare; 0002 is its near-twin."""
    codes = [f"{i:04d}" for i in range(1, n + 1)]
    population = [5000, 5010] + [1000 + 997 * i for i in range(n - 2)]
    income = ["middels", "middels"] + [LEVELS[i % 3] for i in range(n - 2)]
    centrality = [4, 4] + [1 + (i * 5) % 6 for i in range(n - 2)]
    return pd.DataFrame(
        {
            "kommunenummer": pd.array(codes, dtype="string"),
            "name": pd.array([f"Kommune {c}" for c in codes], dtype="string"),
            "county_number": pd.array(["31", "32"] * (n // 2), dtype="string"),
            "population": pd.array(population, dtype="Int64"),
            "size_class": pd.Categorical(
                ["små"] * (n // 2) + ["store"] * (n - n // 2),
                dtype=schema.MUNICIPALITIES.dtypes["size_class"],
            ),
            "income_level": pd.Categorical(
                income, dtype=schema.MUNICIPALITIES.dtypes["income_level"]
            ),
            "centrality": pd.array(centrality, dtype="Int64"),
            "peer_group": pd.array(["K1", "K2", "K1"] + ["K3"] * (n - 3), dtype="string"),
        }
    )


def test_peer_group_holds_the_others_in_the_same_group():
    assert groups.comparison_group(municipalities(), "0001", "peer_group") == ["0003"]


def test_county_and_size_class_exclude_the_municipality_itself():
    frame = municipalities()
    county = groups.comparison_group(frame, "0001", "county")
    size = groups.comparison_group(frame, "0001", "size_class")
    assert "0001" not in county and "0001" not in size
    assert county == [f"{i:04d}" for i in range(3, 31, 2)]
    assert size == [f"{i:04d}" for i in range(2, 16)]


def test_similar_returns_twenty_codes_nearest_first():
    similar = groups.comparison_group(municipalities(), "0001", "similar")
    assert len(similar) == 20
    assert similar[0] == "0002"
    assert "0001" not in similar
    assert len(set(similar)) == 20


def test_similar_breaks_ties_by_code():
    frame = municipalities()
    twin = frame[frame["kommunenummer"] == "0002"].assign(
        kommunenummer=pd.array(["0000"], dtype="string")
    )
    similar = groups.comparison_group(pd.concat([frame, twin]), "0001", "similar", n_similar=3)
    assert similar[:2] == ["0000", "0002"]


def test_similar_can_use_a_numeric_income_series():
    frame = municipalities()
    income = pd.Series([500_000.0] * len(frame), index=frame["kommunenummer"].to_numpy()).mask(
        frame["kommunenummer"].eq("0002").to_numpy(), 900_000.0
    )
    similar = groups.comparison_group(frame, "0001", "similar", income=income)
    assert similar[0] != "0002"


def test_similar_without_own_attributes_raises_a_group_error():
    frame = municipalities().assign(
        centrality=lambda d: d["centrality"].mask(d["kommunenummer"] == "0001")
    )
    with pytest.raises(groups.GroupError, match="sentralitet"):
        groups.comparison_group(frame, "0001", "similar")


def test_custom_keeps_known_codes_in_order_without_self_or_repeats():
    custom = ["0005", "9999", "0001", "0003", "0005"]
    assert groups.comparison_group(municipalities(), "0001", "custom", custom=custom) == [
        "0005",
        "0003",
    ]


def test_unknown_municipality_raises_a_group_error():
    with pytest.raises(groups.GroupError, match="9999"):
        groups.comparison_group(municipalities(), "9999", "county")


def test_comparison_group_does_not_change_its_input():
    frame = municipalities()
    before = frame.copy()
    for kind in groups.GROUP_KINDS:
        groups.comparison_group(frame, "0001", kind, custom=["0002"])
    pd.testing.assert_frame_equal(frame, before)


def test_group_median_per_year_with_n():
    totals = pd.DataFrame(
        {
            "kommunenummer": pd.array(["0002", "0003", "0004", "0002", "0003", "0009"], "string"),
            "year": pd.array([2022, 2022, 2022, 2023, 2023, 2023], dtype="Int64"),
            "total": pd.array([3.0, 4.0, 8.0, 5.0, None, 1.0], dtype="Float64"),
        }
    )
    before = totals.copy()
    expected = pd.DataFrame(
        {
            "year": pd.array([2022, 2023], dtype="Int64"),
            "median": pd.array([4.0, 5.0], dtype="Float64"),
            "n": pd.array([3, 1], dtype="Int64"),
        }
    )
    result = groups.group_median(totals, ["0002", "0003", "0004"], "total")
    pd.testing.assert_frame_equal(result, expected)
    pd.testing.assert_frame_equal(totals, before)
