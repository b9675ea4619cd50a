"""Exports for talks: PNG and SVG of any chart, a deck as PowerPoint or as one offline HTML file.

Images come from kaleido 1.x, which draws with a Chrome-family browser: Debian's Chromium at
/usr/bin/chromium (or the browser choreographer's BROWSER_PATH names), never a downloaded one,
with MathJax switched off (kaleido would fetch it from a CDN) and plotly.js from the installed
plotly package. One browser draws a whole batch: starting it costs ~3 s, a chart ~0.3 s.

The HTML file embeds plotly.js once and refers to nothing outside itself; a few lines of inline
script move between slides with the arrow keys. Nothing here reads the database: exports draw
the figures they are given, and slides (analysis/slides.py) hold public statistics and, for the
portfolio, counts of the idea bank's ideas, never a filer's name or e-mail.
"""

from __future__ import annotations

import asyncio
import html
import io
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from analysis import figures, maps

DEFAULT_BROWSER = Path("/usr/bin/chromium")  # Debian's package `chromium`
BROWSER_PATH_ENV = "BROWSER_PATH"  # choreographer's (kaleido's browser driver) own variable
IMAGE_FORMATS = ("png", "svg")
RENDER_TIMEOUT_S = 90
RENDER_TABS = 2
CHART_IMAGE_WIDTH = 1200  # layout px of a page's chart as a picture: a report page's width
CHART_IMAGE_SCALE = 2  # its PNG has twice as many pixels each way, sharp in print
DEFAULT_CHART_HEIGHT = 450  # plotly's own, for a figure that sets none

# PowerPoint 16:9 (13.333 × 7.5 in), in EMU (914 400 per inch).
EMU_PER_INCH = 914_400
SLIDE_WIDTH_IN, SLIDE_HEIGHT_IN = 13.333, 7.5
MARGIN_IN = 0.4
TITLE_HEIGHT_IN = 1.1
SOURCE_HEIGHT_IN = 0.45
PPTX_IMAGE_WIDTH_PX = 1920  # the chart image's layout size; drawn at PPTX_SCALE for sharpness
PPTX_SCALE = 2
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5  # python-pptx's default template


@dataclass(frozen=True)
class ExportSlide:
    """One slide as exported: its title, the chart, the chart's source line and speaker notes."""

    title: str
    figure: go.Figure
    source: str
    notes: str = ""


def browser_path() -> str | None:
    """The browser kaleido should drive: BROWSER_PATH, else Debian's Chromium if installed."""
    if os.environ.get(BROWSER_PATH_ENV):
        return os.environ[BROWSER_PATH_ENV]
    return str(DEFAULT_BROWSER) if DEFAULT_BROWSER.exists() else None


# --- Images ---------------------------------------------------------------------------------


def images(
    figs: Sequence[go.Figure],
    fmt: str = "png",
    *,
    width: int = figures.PRESENTATION_SIZE[0],
    height: int = figures.PRESENTATION_SIZE[1],
    scale: float = 1,
) -> list[bytes]:
    """Draw each figure as PNG or SVG of width × height layout px (× scale), with one browser."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"Ukjent bildeformat «{fmt}».")
    if not figs:
        return []
    opts = {"format": fmt, "width": int(width), "height": int(height), "scale": scale}
    specs = [offline_spec(fig) for fig in figs]
    # Its own thread and event loop: the caller (a Streamlit script) may run inside one already.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _draw(specs, opts)).result()


def offline_spec(fig: go.Figure | dict) -> dict:
    """The figure as kaleido draws it, with no server behind it: a map that names its polygons
    by URL (as the pages' maps do, see maps.geojson_url) gets them inside instead."""
    spec = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
    traces = spec.get("data", [])
    if not any(isinstance(trace.get("geojson"), str) for trace in traces):
        return spec
    polygons = maps.load_geojson()
    inline = [
        {**trace, "geojson": polygons} if isinstance(trace.get("geojson"), str) else trace
        for trace in traces
    ]
    return {**spec, "data": inline}


async def _draw(specs: list[dict], opts: dict) -> list[bytes]:
    import kaleido  # imported late: the app starts without loading the browser driver

    # Two tabs draw at once (this runs on 2 cores); results come back in the figures' order.
    options = {"n": min(RENDER_TABS, len(specs)), "timeout": RENDER_TIMEOUT_S, "mathjax": False}
    if path := browser_path():
        options["path"] = path
    async with kaleido.Kaleido(**options) as renderer:
        return list(await asyncio.gather(*(renderer.calc_fig(spec, opts=opts) for spec in specs)))


def image(fig: go.Figure, fmt: str = "png", **size: float) -> bytes:
    """One figure as PNG or SVG (see `images`)."""
    return images([fig], fmt, **size)[0]


def chart_image_size(fig: go.Figure) -> tuple[int, int]:
    """Width and height (layout px) of a page's chart as a picture: its own height, report width."""
    return CHART_IMAGE_WIDTH, int(fig.layout.height or DEFAULT_CHART_HEIGHT)


def chart_image(fig: go.Figure, fmt: str = "png") -> bytes:
    """A page's chart as it looks there, as PNG (at CHART_IMAGE_SCALE, for print) or SVG."""
    width, height = chart_image_size(fig)
    # The browser that draws it lacks the app's web font: fall back to a sans-serif, not serif.
    drawn = figures.copy_figure(fig).update_layout(
        font_family=f"{figures.FONT_FAMILY}, {figures.PRESENTATION_FONT}"
    )
    scale = CHART_IMAGE_SCALE if fmt == "png" else 1  # an SVG scales by itself
    return image(drawn, fmt, width=width, height=height, scale=scale)


def slide_image(slide: ExportSlide, fmt: str = "png", **size: float) -> bytes:
    """A slide's chart as a picture of its own: presentation look, its title, its source line."""
    return image(
        figures.for_presentation(slide.figure, title=plotly_text(slide.title)), fmt, **size
    )


def plotly_text(text: str) -> str:
    """User text for a plotly title: plotly reads <a>, <b> … as markup, so escape it."""
    return html.escape(text, quote=False)


# --- PowerPoint -----------------------------------------------------------------------------


def deck_pptx(title: str, slides: Sequence[ExportSlide], *, scale: float = PPTX_SCALE) -> bytes:
    """A 16:9 PowerPoint: a title slide, then per chart its title, image, source and notes."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_WIDTH_IN), Inches(SLIDE_HEIGHT_IN)
    cover = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    cover.shapes.title.text = title
    cover.placeholders[1].text = f"{len(slides)} lysbilder · Innosikt"

    image_w_in = SLIDE_WIDTH_IN - 2 * MARGIN_IN
    image_h_in = SLIDE_HEIGHT_IN - TITLE_HEIGHT_IN - SOURCE_HEIGHT_IN - 2 * MARGIN_IN
    height_px = round(PPTX_IMAGE_WIDTH_PX * image_h_in / image_w_in)
    pictures = images(
        [figures.for_presentation(s.figure, show_title=False, drop_text=s.source) for s in slides],
        "png",
        width=PPTX_IMAGE_WIDTH_PX,
        height=height_px,
        scale=scale,
    )
    for slide, picture in zip(slides, pictures, strict=True):
        page = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
        heading = page.shapes.title
        heading.left, heading.top = Inches(MARGIN_IN), Inches(MARGIN_IN / 2)
        heading.width, heading.height = Inches(image_w_in), Inches(TITLE_HEIGHT_IN)
        heading.text = slide.title
        heading.text_frame.paragraphs[0].font.size = Pt(30)
        top = MARGIN_IN / 2 + TITLE_HEIGHT_IN
        page.shapes.add_picture(
            io.BytesIO(picture), Inches(MARGIN_IN), Inches(top), width=Inches(image_w_in)
        )
        box = page.shapes.add_textbox(
            Inches(MARGIN_IN),
            Inches(top + image_h_in + 0.05),
            Inches(image_w_in),
            Emu(int(SOURCE_HEIGHT_IN * EMU_PER_INCH)),
        )
        box.text_frame.word_wrap = True
        box.text_frame.text = slide.source
        run_font = box.text_frame.paragraphs[0].font
        run_font.size, run_font.color.rgb = Pt(14), RGBColor(0x33, 0x33, 0x33)
        if slide.notes:
            page.notes_slide.notes_text_frame.text = slide.notes
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


# --- Standalone HTML ------------------------------------------------------------------------

_STYLE = """
html, body { margin: 0; height: 100%; background: #fff; color: #000;
  font-family: "Source Sans Pro", "Source Sans 3", Arial, sans-serif; }
.slide { position: absolute; inset: 0 0 64px 0; visibility: hidden; }
.slide.current { visibility: visible; }
.chart { width: 100%; height: 100%; }
footer { position: fixed; left: 0; right: 0; bottom: 0; height: 64px; display: flex;
  align-items: center; gap: 16px; padding: 0 24px; font-size: 24px; border-top: 2px solid #000; }
footer button { font-size: 24px; padding: 4px 18px; background: #fff; color: #000;
  border: 2px solid #000; border-radius: 6px; cursor: pointer; }
footer .deck-title { flex: 1; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
progress { width: 200px; height: 16px; }
#notes { position: fixed; right: 24px; bottom: 80px; width: 32vw; max-height: 50vh;
  overflow: auto; padding: 16px; font-size: 24px; background: #fffbe6; border: 2px solid #000;
  white-space: pre-wrap; display: none; }
#notes.shown { display: block; }
"""

# Arrow keys, Page Up/Down and space move; Home/End jump; N shows the notes. Our text only.
_SCRIPT = """
(function () {
  var slides = document.querySelectorAll(".slide");
  var counter = document.getElementById("counter");
  var bar = document.getElementById("progress");
  var notes = document.getElementById("notes");
  var current = 0;
  function show(i) {
    current = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach(function (s, j) { s.classList.toggle("current", j === current); });
    counter.textContent = (current + 1) + " / " + slides.length;
    bar.value = current + 1;
    notes.textContent = slides[current].dataset.notes || "";
    if (history.replaceState) { history.replaceState(null, "", "#" + (current + 1)); }
    var chart = slides[current].querySelector(".js-plotly-plot");
    if (chart && window.Plotly) { window.Plotly.Plots.resize(chart); }
  }
  document.addEventListener("keydown", function (e) {
    if (["ArrowRight", "ArrowDown", "PageDown", " "].indexOf(e.key) >= 0) { show(current + 1); }
    else if (["ArrowLeft", "ArrowUp", "PageUp"].indexOf(e.key) >= 0) { show(current - 1); }
    else if (e.key === "Home") { show(0); }
    else if (e.key === "End") { show(slides.length - 1); }
    else if (e.key === "n" || e.key === "N") { notes.classList.toggle("shown"); }
    else { return; }
    e.preventDefault();
  });
  document.getElementById("prev").addEventListener("click", function () { show(current - 1); });
  document.getElementById("next").addEventListener("click", function () { show(current + 1); });
  document.getElementById("notes-toggle").addEventListener("click", function () {
    notes.classList.toggle("shown");
  });
  window.addEventListener("resize", function () { show(current); });
  show((parseInt(location.hash.slice(1), 10) || 1) - 1);
})();
"""


def deck_html(
    title: str, slides: Sequence[ExportSlide], *, labels: dict[str, str] | None = None
) -> str:
    """The whole deck as one HTML file: plotly.js inside, no outside reference, arrow keys.

    `labels` names the buttons (keys prev, next, notes) in the user's language.
    """
    labels = {"prev": "Forrige", "next": "Neste", "notes": "Notater", **(labels or {})}
    sections = []
    for number, slide in enumerate(slides, start=1):
        fig = figures.for_presentation(slide.figure, title=plotly_text(slide.title))
        chart = pio.to_html(
            fig,
            full_html=False,
            include_plotlyjs=number == 1,  # plotly.js once, embedded: never a CDN
            include_mathjax=False,
            div_id=f"chart-{number}",
            default_width="100%",
            default_height="100%",
            config={"displaylogo": False, "responsive": True},
            validate=False,
        )
        sections.append(
            f'<section class="slide" id="slide-{number}" aria-label="{html.escape(slide.title)}"'
            f' data-notes="{html.escape(slide.notes)}"><div class="chart">{chart}</div></section>'
        )
    count = len(slides)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nb"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        + "".join(sections)
        + '<aside id="notes" aria-live="polite"></aside>'
        f'<footer><span class="deck-title">{html.escape(title)}</span>'
        f'<button id="prev" type="button">← {html.escape(labels["prev"])}</button>'
        f'<span id="counter">1 / {count}</span>'
        f'<progress id="progress" max="{max(count, 1)}" value="1"></progress>'
        f'<button id="next" type="button">{html.escape(labels["next"])} →</button>'
        f'<button id="notes-toggle" type="button">{html.escape(labels["notes"])}</button>'
        f"</footer><script>{_SCRIPT}</script></body></html>\n"
    )
