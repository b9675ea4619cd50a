"""Municipality maps of Norway drawn with no network: polygons on a blank base, no tiles, no CDN."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.figures import TEMPLATE_NAME, copy_figure
from analysis.formatting import PLOTLY_SEPARATORS

# In static/, which Streamlit serves at /app/static/: the pages' maps let the browser fetch the
# polygons once (and cache them) instead of carrying them in every rerun's chart (see geojson_url).
GEOJSON_PATH = Path(__file__).resolve().parent.parent / "static" / "kommuner_2024.geojson"
STATIC_ROUTE = "app/static"
# "white-bg" is plotly's only map style with no tile source: nothing is fetched.
MAP_STYLE = "white-bg"
NORWAY_CENTER = {"lat": 65.4, "lon": 17.5}
NORWAY_ZOOM = 3.6  # the whole mainland fills ~85 % of a 650 px tall chart
MAP_HEIGHT = 650
BORDER_COLOR = "#FFFFFF"
NO_DATA_COLOR = "#D9D9D9"
OUTLINE_COLOR = "#1A1A1A"
NO_DATA_TEXT = "Ingen data"
# Points (municipalities without a polygon) sit on a dark ring, larger for the highlighted one.
RING_SIZE, RING_SIZE_HIGHLIGHT = 13, 22
RING_META = "ring"


def load_geojson(path: Path = GEOJSON_PATH) -> dict:
    """The municipality polygons (2024 codes as feature ids), as a plain dict.

    Each ring is a float array of shape (points, 2), not a list of [lon, lat] lists: ~18 000
    small lists become ~1 000 arrays, which plotly copies, and Python's garbage collector scans,
    in a fraction of the time; plotly writes them to the same JSON.
    """
    geojson = json.loads(Path(path).read_text(encoding="utf-8"))
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            geometry["coordinates"] = [_ring(ring) for ring in geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            geometry["coordinates"] = [
                [_ring(ring) for ring in polygon] for polygon in geometry["coordinates"]
            ]
    return geojson


def _ring(points: list[list[float]]) -> np.ndarray:
    ring = np.asarray(points, dtype=float)
    ring.flags.writeable = False  # shared read-only by every session
    return ring


def geojson_url(path: Path = GEOJSON_PATH, base_url_path: str = "") -> str:
    """Where the browser fetches the polygons: Streamlit's static route, with a content version.

    `base_url_path` is Streamlit's `server.baseUrlPath` (an app behind a proxy prefix). The
    version changes with the file, so a browser never keeps stale borders from its cache.
    """
    version = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
    prefix = "/".join(part for part in (base_url_path.strip("/"), STATIC_ROUTE) if part)
    return f"/{prefix}/{Path(path).name}?v={version}"


def municipality_map(
    frame: pd.DataFrame,
    geojson: dict,
    value_col: str,
    *,
    label: str,
    title: str,
    highlight: str | None = None,
    colorscale: str = "Viridis",
    reverse: bool = False,
    hover_format: str = ",.1f",
    height: int = MAP_HEIGHT,
    polygons_url: str | None = None,
) -> go.Figure:
    """A choropleth of `value_col` by municipality; codes without a polygon (Haram) as points.

    With `polygons_url` (from `geojson_url`) the traces name the polygons by URL instead of
    carrying them: the browser fetches them once, and each rerun sends a few kB instead of
    ~340 kB. Exports (PNG, PPTX, standalone HTML) leave it out: they must carry everything.

    `frame` needs kommunenummer, name, lat, lon and `value_col`. `reverse=True` flips the colour
    scale (for "lower is better"); `hover_format` is a d3 format, shown with Norwegian separators.
    `highlight` is a kommunenummer drawn with a thick dark outline.
    """
    drawn = {feature["id"] for feature in geojson["features"]}
    source = polygons_url or geojson
    rows = frame.assign(
        _value=frame[value_col].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        # a set lookup per row: Series.isin on Arrow strings is ~100× slower for 357 codes
        _polygon=[code in drawn for code in frame["kommunenummer"]],
    )
    has_value = rows["_value"].notna()
    name_line = "<b>%{customdata[0]}</b><br>"
    hover = f"{name_line}{label}: %{{customdata[1]:{hover_format}}}<extra></extra>"
    no_data_hover = f"{name_line}{NO_DATA_TEXT}<extra></extra>"

    areas = rows[rows["_polygon"] & has_value]
    fig = go.Figure(
        go.Choroplethmap(
            geojson=source,
            featureidkey="id",
            locations=areas["kommunenummer"].tolist(),
            z=areas["_value"].to_numpy(),
            coloraxis="coloraxis",
            marker={"line": {"width": 0.4, "color": BORDER_COLOR}},
            customdata=_customdata(areas),
            hovertemplate=hover,
            name=label,
        )
    )
    blank_areas = rows[rows["_polygon"] & ~has_value]
    if not blank_areas.empty:
        fig.add_trace(
            _outline_trace(
                source,
                blank_areas["kommunenummer"].tolist(),
                fill=NO_DATA_COLOR,
                line=(0.4, BORDER_COLOR),
                customdata=_customdata(blank_areas),
                hovertemplate=no_data_hover,
                name=NO_DATA_TEXT,
            )
        )

    points = rows[~rows["_polygon"]]
    if not points.empty:
        # Map markers have no outline of their own: a slightly larger dark dot underneath gives one.
        fig.add_trace(
            _dots(
                points,
                size=[RING_SIZE] * len(points),
                color=OUTLINE_COLOR,
                name="",
                hoverinfo="skip",
                ids=points["kommunenummer"].tolist(),
                meta=RING_META,
            )
        )
        valued = points[points["_value"].notna()]
        fig.add_trace(
            _dots(
                valued,
                size=9,
                color=valued["_value"].to_numpy(),
                coloraxis="coloraxis",
                name=label,
                customdata=_customdata(valued),
                hovertemplate=hover,
            )
        )
        blank = points[points["_value"].isna()]
        if not blank.empty:
            fig.add_trace(
                _dots(
                    blank,
                    size=9,
                    color=NO_DATA_COLOR,
                    name=NO_DATA_TEXT,
                    customdata=_customdata(blank),
                    hovertemplate=no_data_hover,
                )
            )

    fig.update_layout(
        template=TEMPLATE_NAME,
        title={"text": title},
        separators=PLOTLY_SEPARATORS,
        height=height,
        margin={"l": 0, "r": 0, "t": 50, "b": 0},
        showlegend=False,
        uirevision="norway",  # keep the reader's zoom when the shown value changes
        map={"style": MAP_STYLE, "center": NORWAY_CENTER, "zoom": NORWAY_ZOOM, "layers": []},
        coloraxis={
            "colorscale": colorscale,
            "reversescale": reverse,
            "colorbar": {
                "title": {"text": label, "side": "top"},
                "tickformat": hover_format,
                "thickness": 14,
                # lower right: over Sweden, clear of Finnmark even in a narrow column
                "len": 0.5,
                "x": 0.98,
                "xanchor": "right",
                "y": 0.04,
                "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.8)",
            },
        },
    )
    return highlight_map(fig, highlight, source) if highlight is not None else fig


def highlight_map(base: go.Figure, code: str, polygons: dict | str) -> go.Figure:
    """A copy of a `municipality_map` with `code` outlined in dark; `base` is left as it was.

    Cheap next to building the map (~10 ms against ~70), so a page can keep one map per measure
    and year and outline each reader's municipality on a copy. `polygons` is the map's GeoJSON
    or its URL. A municipality drawn as a point (no polygon, like Haram) gets a larger ring.
    """
    fig = copy_figure(base)
    for trace in fig.data:
        if trace.meta == RING_META and code in trace.ids:
            trace.marker.size = [RING_SIZE_HIGHLIGHT if i == code else RING_SIZE for i in trace.ids]
            return fig
    return fig.add_trace(
        _outline_trace(
            polygons,
            [code],
            fill="rgba(0,0,0,0)",
            line=(3, OUTLINE_COLOR),
            name=code,
            hoverinfo="skip",
        )
    )


def _customdata(rows: pd.DataFrame) -> list[list[object]]:
    """Name and value per row, for hover templates (None where the value is missing)."""
    values = [None if np.isnan(v) else float(v) for v in rows["_value"]]
    return [[str(name), value] for name, value in zip(rows["name"], values, strict=True)]


def _outline_trace(
    source: dict | str, codes: list[str], *, fill: str, line: tuple[float, str], **kwargs: object
) -> go.Choroplethmap:
    """A single-colour polygon layer for `codes`: only their features, or the URL of all."""
    if isinstance(source, dict):
        wanted = set(codes)
        source = {
            "type": "FeatureCollection",
            "features": [f for f in source["features"] if f["id"] in wanted],
        }
    width, color = line
    return go.Choroplethmap(
        geojson=source,
        featureidkey="id",
        locations=codes,
        z=[0] * len(codes),
        colorscale=[[0, fill], [1, fill]],
        showscale=False,
        marker={"line": {"width": width, "color": color}},
        **kwargs,
    )


def _dots(
    rows: pd.DataFrame,
    *,
    size: object,
    color: object,
    coloraxis: str | None = None,
    **kwargs: object,
) -> go.Scattermap:
    """Circle markers at each row's lat/lon (circles need no glyphs, so nothing is fetched)."""
    return go.Scattermap(
        lat=rows["lat"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        lon=rows["lon"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        mode="markers",
        marker={"size": size, "color": color, "coloraxis": coloraxis},
        **kwargs,
    )
