"""Figure builders: pure DataFrame → plotly Figure functions sharing one template."""

from __future__ import annotations

import textwrap

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


def copy_figure(fig: go.Figure) -> go.Figure:
    """An independent copy of `fig`, safe while other threads read or copy the same figure.

    The app shares cached figures between sessions (script threads). `go.Figure(fig)` is not
    safe for that: plotly pops each trace's "type" out of the shared figure while copying and
    puts it back after, so a second thread copying at that moment builds a Scatter from a map
    trace and fails (seen under load, bench/bench_load.py). `to_dict()` only reads.
    """
    return go.Figure(fig.to_dict())


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


# --- Presentation: one chart per screen, read from the back of a hall ---------------------------

PRESENTATION_TEMPLATE_NAME = "innosikt_presentation"
PRESENTATION_INK = "#000000"
# Fonts every machine has: text is measured and drawn with the same font (the app's web font
# may load after plotly has measured legends and margins, which then clip).
PRESENTATION_FONT = "Arial, Liberation Sans, DejaVu Sans, sans-serif"
PRESENTATION_TEXT_PX = 24  # the smallest text on a slide, in CSS px at 1920×1080
PRESENTATION_TITLE_PX = 36
PRESENTATION_TITLE_CHARS = 70  # a longer title wraps: it must fit beside the notes panel
PRESENTATION_SIZE = (1920, 1080)  # width, height of a slide image at scale 1
# Room under the plot for tick labels, the axis title and the source line, in px.
PRESENTATION_BOTTOM = 190
PRESENTATION_SOURCE_SHIFT = -125


def presentation_template() -> go.layout.Template:
    """Innosikt's template for slides: the same palette, large type, black on white."""
    axis = {
        "gridcolor": "rgba(0,0,0,0.18)",
        "linecolor": PRESENTATION_INK,
        "tickcolor": PRESENTATION_INK,
        "tickfont": {"size": PRESENTATION_TEXT_PX, "color": PRESENTATION_INK},
        "title": {"font": {"size": PRESENTATION_TEXT_PX + 2, "color": PRESENTATION_INK}},
        "zeroline": False,
        "showline": True,
        "automargin": True,
    }
    return go.layout.Template(
        layout=go.Layout(
            colorway=[c for c in PALETTE if c != "#F0E442"],  # yellow is faint on white
            separators=PLOTLY_SEPARATORS,
            font={
                "family": PRESENTATION_FONT,
                "size": PRESENTATION_TEXT_PX,
                "color": PRESENTATION_INK,
            },
            title={
                "font": {"size": PRESENTATION_TITLE_PX, "color": PRESENTATION_INK},
                "x": 0.01,
                "xanchor": "left",
                "xref": "container",
            },
            paper_bgcolor="#FFFFFF",
            plot_bgcolor="#FFFFFF",
            xaxis=axis,
            yaxis=axis,
            legend={"font": {"size": PRESENTATION_TEXT_PX}},
            coloraxis={"colorbar": {"tickfont": {"size": PRESENTATION_TEXT_PX}}},
            hoverlabel={"font": {"family": PRESENTATION_FONT, "size": PRESENTATION_TEXT_PX}},
        )
    )


pio.templates[PRESENTATION_TEMPLATE_NAME] = presentation_template()


def for_presentation(
    fig: go.Figure,
    *,
    title: str | None = None,
    show_title: bool = True,
    drop_text: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """A copy of `fig` for a slide: presentation template, every text at least 24 px.

    `title` replaces the chart's title (hidden with show_title=False, when the slide prints it
    itself, as in PowerPoint); the annotation whose text is `drop_text` (the source line, when
    the slide prints it itself) is left out. `height` None: the container's or image's size.
    """
    slide = copy_figure(fig)
    heading = "<br>".join(
        textwrap.wrap(title or slide.layout.title.text or "", PRESENTATION_TITLE_CHARS)
    )
    legend_on_top = {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "xanchor": "left"}
    slide.update_layout(
        template=PRESENTATION_TEMPLATE_NAME,
        title={"text": heading if show_title else None},
        legend=legend_on_top,
        margin={
            "t": (130 + 45 * heading.count("<br>")) if show_title else 90,
            "b": PRESENTATION_BOTTOM,
            "l": 70,
            "r": 40,
        },
        height=height,
        width=None,
    )
    slide.update_xaxes(tickfont_size=PRESENTATION_TEXT_PX, title_font_size=PRESENTATION_TEXT_PX + 2)
    slide.update_yaxes(tickfont_size=PRESENTATION_TEXT_PX, title_font_size=PRESENTATION_TEXT_PX + 2)
    # A panel sharing its years with the panel below: large labels would run into that panel.
    slide.update_xaxes(showticklabels=False, selector=lambda axis: axis.matches is not None)
    kept = []
    for note in slide.layout.annotations:
        if drop_text is not None and note.text == drop_text:
            continue
        size = max(note.font.size or PRESENTATION_TEXT_PX, PRESENTATION_TEXT_PX)
        is_source = note.yshift is not None and note.yshift <= -60 and note.yref == "paper"
        kept.append(
            note.update(
                font={"size": size, "color": "#333333" if is_source else note.font.color},
                yshift=PRESENTATION_SOURCE_SHIFT if is_source else note.yshift,
            )
        )
    slide.layout.annotations = kept
    for trace in slide.data:
        textfont = getattr(trace, "textfont", None)
        if textfont is not None and trace.text is not None:
            textfont.size = max(textfont.size or 0, PRESENTATION_TEXT_PX)
    return slide
