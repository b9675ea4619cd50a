"""Municipality maps of Norway drawn with no network: polygons on a blank base, no tiles, no CDN."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.figures import TEMPLATE_NAME
from analysis.formatting import PLOTLY_SEPARATORS

GEOJSON_PATH = Path(__file__).resolve().parent.parent / "data" / "kommuner_2024.geojson"
# "white-bg" is plotly's only map style with no tile source: nothing is fetched.
MAP_STYLE = "white-bg"
NORWAY_CENTER = {"lat": 65.4, "lon": 17.5}
NORWAY_ZOOM = 3.6  # the whole mainland fills ~85 % of a 650 px tall chart
MAP_HEIGHT = 650
BORDER_COLOR = "#FFFFFF"
NO_DATA_COLOR = "#D9D9D9"
OUTLINE_COLOR = "#1A1A1A"
NO_DATA_TEXT = "Ingen data"


def load_geojson(path: Path = GEOJSON_PATH) -> dict:
    """The municipality polygons (2024 codes as feature ids), as a plain dict."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


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
) -> go.Figure:
    """A choropleth of `value_col` by municipality; codes without a polygon (Haram) as points.

    `frame` needs kommunenummer, name, lat, lon and `value_col`. `reverse=True` flips the colour
    scale (for "lower is better"); `hover_format` is a d3 format, shown with Norwegian separators.
    `highlight` is a kommunenummer drawn with a thick dark outline.
    """
    drawn = {feature["id"] for feature in geojson["features"]}
    rows = frame.assign(
        _value=frame[value_col].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        _polygon=frame["kommunenummer"].isin(drawn),
    )
    has_value = rows["_value"].notna()
    name_line = "<b>%{customdata[0]}</b><br>"
    hover = f"{name_line}{label}: %{{customdata[1]:{hover_format}}}<extra></extra>"
    no_data_hover = f"{name_line}{NO_DATA_TEXT}<extra></extra>"

    areas = rows[rows["_polygon"] & has_value]
    fig = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
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
                geojson,
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
        ring = np.where(points["kommunenummer"].isin([highlight]), 22, 13)
        fig.add_trace(_dots(points, size=ring, color=OUTLINE_COLOR, name="", hoverinfo="skip"))
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

    if highlight is not None and highlight in drawn:
        fig.add_trace(
            _outline_trace(
                geojson,
                [highlight],
                fill="rgba(0,0,0,0)",
                line=(3, OUTLINE_COLOR),
                name=highlight,
                hoverinfo="skip",
            )
        )

    return fig.update_layout(
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


def _customdata(rows: pd.DataFrame) -> list[list[object]]:
    """Name and value per row, for hover templates (None where the value is missing)."""
    values = [None if np.isnan(v) else float(v) for v in rows["_value"]]
    return [[str(name), value] for name, value in zip(rows["name"], values, strict=True)]


def _outline_trace(
    geojson: dict, codes: list[str], *, fill: str, line: tuple[float, str], **kwargs: object
) -> go.Choroplethmap:
    """A single-colour polygon layer for `codes`, carrying only their features."""
    wanted = set(codes)
    subset = {
        "type": "FeatureCollection",
        "features": [f for f in geojson["features"] if f["id"] in wanted],
    }
    width, color = line
    return go.Choroplethmap(
        geojson=subset,
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
