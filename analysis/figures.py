"""Figure builders: pure DataFrame → plotly Figure functions sharing one template."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from analysis.formatting import PLOTLY_SEPARATORS

# Okabe–Ito: distinguishable with the common colour-vision deficiencies, readable on light and
# dark backgrounds.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
HIGHLIGHT = "#D55E00"
MUTED = "#8C8C8C"
TEMPLATE_NAME = "innosikt"
FONT_FAMILY = "Source Sans Pro, Source Sans 3, Arial, sans-serif"


def template() -> go.layout.Template:
    """Innosikt's plotly template: colour-blind-safe palette, Norwegian separators, quiet grid."""
    return go.layout.Template(
        layout=go.Layout(
            colorway=list(PALETTE),
            separators=PLOTLY_SEPARATORS,
            font={"family": FONT_FAMILY, "size": 14},
            title={"font": {"size": 18}, "x": 0, "xanchor": "left"},
            paper_bgcolor="rgba(0,0,0,0)",
            plot_bgcolor="rgba(0,0,0,0)",
            xaxis={"gridcolor": "rgba(128,128,128,0.25)", "zeroline": False},
            yaxis={"gridcolor": "rgba(128,128,128,0.25)", "zeroline": False},
            margin={"l": 60, "r": 20, "t": 60, "b": 110},
            hoverlabel={"font": {"family": FONT_FAMILY}},
            legend={"orientation": "h", "y": -0.2},
        )
    )


pio.templates[TEMPLATE_NAME] = template()


def add_source(fig: go.Figure, text: str) -> go.Figure:
    """Write the source line (and n) under the plot area."""
    return fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-82,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": 12, "color": MUTED},
        align="left",
    )


def rank_history(
    totals: pd.DataFrame,
    *,
    title: str,
    x_label: str,
    y_label: str,
    source: str,
    hover_rank: str = "Plassering",
) -> go.Figure:
    """Rank over the years for one municipality; rank 1 at the top."""
    fig = go.Figure(
        go.Scatter(
            x=totals["year"].astype("int64"),
            y=totals["rank"].astype("float64"),
            mode="lines+markers",
            line={"width": 3, "color": PALETTE[0]},
            marker={"size": 9},
            hovertemplate=f"%{{x}}: {hover_rank} %{{y}}<extra></extra>",
        )
    )
    return add_source(
        fig.update_layout(
            template=TEMPLATE_NAME,
            title=title,
            xaxis={"title": x_label, "dtick": 1},
            yaxis={"title": y_label, "autorange": "reversed"},
            height=420,
        ),
        source,
    )
