"""Exports read back: PNG/SVG sizes, the PowerPoint's slides and notes, the offline HTML file."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from analysis import exports, figures

needs_chromium = pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(), reason="kaleido draws with /usr/bin/chromium"
)


def chart(title: str, source: str = "Kilde: test. n = 3.") -> go.Figure:
    fig = go.Figure(go.Scatter(x=[2022, 2023, 2024], y=[3.1, 3.4, 3.9], mode="lines+markers"))
    fig.update_layout(template=figures.TEMPLATE_NAME, title=title)
    return figures.add_source(fig, source)


def deck(n: int) -> list[exports.ExportSlide]:
    return [
        exports.ExportSlide(
            title=f"Lysbilde {i}",
            figure=chart(f"Diagram {i}"),
            source="Kilde: test. n = 3.",
            notes=f"Husk å si {i}." if i % 2 else "",
        )
        for i in range(1, n + 1)
    ]


class Links(HTMLParser):
    """Every src and href attribute value in an HTML text (script bodies are not parsed)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.values += [v or "" for k, v in attrs if k in ("src", "href")]


# --- Images ---------------------------------------------------------------------------------


@needs_chromium
def test_png_has_the_requested_size_and_scale():
    first, second = exports.images([chart("A"), chart("B")], "png", width=800, height=450)
    assert Image.open(io.BytesIO(first)).size == (800, 450)
    assert Image.open(io.BytesIO(second)).size == (800, 450)
    sharp = exports.image(chart("C"), "png", width=640, height=360, scale=2)
    assert Image.open(io.BytesIO(sharp)).size == (1280, 720)


@needs_chromium
def test_svg_is_an_svg_of_the_requested_size():
    svg = exports.slide_image(deck(1)[0], "svg", width=1920, height=1080).decode()
    assert svg.lstrip().startswith("<svg")
    assert 'width="1920"' in svg and 'height="1080"' in svg
    assert "Lysbilde 1" in svg


@needs_chromium
def test_a_pages_chart_as_png_is_report_width_at_twice_the_pixels_and_its_own_height():
    tall = chart("Høy").update_layout(height=620)
    assert exports.chart_image_size(tall) == (exports.CHART_IMAGE_WIDTH, 620)
    png = exports.chart_image(tall, "png")
    width, height = exports.CHART_IMAGE_WIDTH, 620
    scale = exports.CHART_IMAGE_SCALE
    assert Image.open(io.BytesIO(png)).size == (width * scale, height * scale)
    assert tall.layout.font.family is None  # the page's figure was not changed


@needs_chromium
def test_a_pages_chart_as_svg_is_an_svg_of_its_size():
    svg = exports.chart_image(chart("Uten høyde"), "svg").decode()
    assert svg.lstrip().startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert f'width="{exports.CHART_IMAGE_WIDTH}"' in svg
    assert f'height="{exports.DEFAULT_CHART_HEIGHT}"' in svg
    assert "Uten høyde" in svg


def test_a_map_naming_its_polygons_by_url_gets_them_inside_for_drawing():
    fig = go.Figure(
        go.Choroplethmap(geojson="/app/static/kommuner.geojson?v=1", locations=["3314"], z=[1])
    )
    fig.add_trace(go.Scatter(x=[1], y=[1]))
    spec = exports.offline_spec(fig)
    polygons = spec["data"][0]["geojson"]
    assert isinstance(polygons, dict) and polygons["type"] == "FeatureCollection"
    assert "3314" in {feature["id"] for feature in polygons["features"]}
    assert fig.data[0].geojson == "/app/static/kommuner.geojson?v=1"  # the figure is unchanged
    plain = chart("A")
    assert exports.offline_spec(plain) == plain.to_plotly_json()


def test_unknown_image_formats_are_refused():
    with pytest.raises(ValueError):
        exports.images([chart("A")], "gif")


# --- PowerPoint -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pptx() -> Presentation:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("kaleido draws with /usr/bin/chromium")
    return Presentation(io.BytesIO(exports.deck_pptx("Kommunekonferansen", deck(3))))


def test_pptx_has_a_title_slide_and_one_slide_per_chart_in_16_to_9(pptx):
    assert len(pptx.slides) == 1 + 3
    assert pptx.slides[0].shapes.title.text == "Kommunekonferansen"
    assert (pptx.slide_width, pptx.slide_height) == (Inches(13.333), Inches(7.5))


def test_pptx_slides_carry_title_chart_image_source_and_notes(pptx):
    charts = list(pptx.slides)[1:]
    assert [s.shapes.title.text for s in charts] == ["Lysbilde 1", "Lysbilde 2", "Lysbilde 3"]
    for page in charts:
        pictures = [shape for shape in page.shapes if shape.shape_type == 13]  # PICTURE
        assert len(pictures) == 1
        width_px, _ = Image.open(io.BytesIO(pictures[0].image.blob)).size
        assert width_px == exports.PPTX_IMAGE_WIDTH_PX * exports.PPTX_SCALE
        texts = [shape.text_frame.text for shape in page.shapes if shape.has_text_frame]
        assert "Kilde: test. n = 3." in texts
    notes = [s.notes_slide.notes_text_frame.text if s.has_notes_slide else "" for s in charts]
    assert notes == ["Husk å si 1.", "", "Husk å si 3."]


@needs_chromium
def test_every_slide_kind_goes_into_a_pptx_with_its_title_and_a_chart_image(tmp_path):
    from analysis import load, maps, slides
    from tests.test_slides import VIEWS, make_idea_bank

    bank, history = make_idea_bank(tmp_path / "innosikt.sqlite")
    data = slides.SlideData.from_dataset(
        load.load_dataset(), maps.load_geojson(), ideas=bank, idea_history=history
    )
    drawn = [slides.build(kind, view, data) for kind, view in VIEWS.items()]
    deck = Presentation(
        io.BytesIO(
            exports.deck_pptx(
                "Alle", [exports.ExportSlide(d.title, d.figure, d.source) for d in drawn], scale=1
            )
        )
    )
    charts = list(deck.slides)[1:]
    assert [page.shapes.title.text for page in charts] == [d.title for d in drawn]
    for page in charts:
        (picture,) = [shape for shape in page.shapes if shape.shape_type == 13]  # PICTURE
        assert Image.open(io.BytesIO(picture.image.blob)).size[0] == exports.PPTX_IMAGE_WIDTH_PX


# --- Standalone HTML ------------------------------------------------------------------------


def test_html_embeds_plotly_once_and_refers_to_nothing_outside():
    slides = [
        exports.ExportSlide(
            '<a href="https://evil.example">klikk</a>', chart("X"), "Kilde: test.", "<b>n</b>"
        ),
        *deck(2),
    ]
    text = exports.deck_html("Konferanse <2026>", slides)
    links = Links()
    links.feed(text)
    assert not [v for v in links.values if v.lower().startswith(("http://", "https://", "//"))]
    assert not [t for t, attrs in links.tags if t == "script" and "src" in attrs]
    assert not [t for t, attrs in links.tags if t == "link"]
    assert text.count("<section") == 3
    assert text.count("Plotly.newPlot") == 3
    assert len(text) > 3_000_000  # plotly.js itself is in the file, once
    assert "<title>Konferanse &lt;2026&gt;</title>" in text
    assert 'href="https://evil.example"' not in text


def test_html_notes_and_titles_are_text_not_markup():
    text = exports.deck_html("T", [exports.ExportSlide("<i>x</i>", chart("X"), "K", "<b>n</b>")])
    assert 'data-notes="&lt;b&gt;n&lt;/b&gt;"' in text
    assert "&lt;i&gt;x&lt;/i&gt;" in text


# --- No personal data -----------------------------------------------------------------------


def test_a_deck_showing_a_project_from_the_idea_bank_exports_no_filers_name_or_email(tmp_path):
    from analysis import ideas, load, maps, slides, storage

    name, email = "Kari Filersen", "kari.filersen@example.no"
    engine = storage.make_engine(f"sqlite:///{tmp_path / 'innosikt.sqlite'}")
    storage.init_db(engine)
    demo = load.load_dataset()
    codes, sectors = set(demo.municipalities["kommunenummer"]), set(demo.sectors["sector_id"])
    receipt = ideas.submit_idea(
        engine,
        ideas.IdeaForm(
            title="Digital vaktbytte-tavle",
            problem="Vaktbytter avtales på lapper og SMS, og ingen har oversikt.",
            proposal="En digital tavle der ansatte legger ut og tar vakter.",
            sector_id="pleie_og_omsorg",
            kommunenummer="3314",
            submitter_name=name,
            submitter_email=email,
            contact_consent=True,
        ),
        ideas.new_token(),
        valid_codes=codes,
        valid_sectors=sectors,
    )
    row = ideas.list_ideas(engine).set_index("idea_id").loc[receipt.idea_id]
    analyst, reason = "analytiker@example.no", "Avtalt med Kari på telefon"
    ideas.convert_to_project(
        engine,
        receipt.idea_id,
        ideas.draft_project(row, 2024),
        user=analyst,
        valid_codes=codes,
        valid_sectors=sectors,
    )
    ideas.move_idea(engine, receipt.idea_id, "utvikling og utprøving", reason, user=analyst)
    dataset = storage.combined_dataset(demo, engine)
    data = slides.SlideData.from_dataset(
        dataset,
        maps.load_geojson(),
        ideas=ideas.list_ideas(engine),  # as the app reads it: without personal data
        idea_history=ideas.idea_history(engine),
    )
    view = {"code": "3314", "group_kind": "peer_group", "custom": [], "sector": "total"}
    years = {"years": [2016, 2025]}
    portfolio = {**view, **years, "scope": "municipality", "real_only": False}
    drawn = [
        slides.build("profile_outcome", {**view, **years}, data),
        *(slides.build(kind, portfolio, data) for kind in sorted(slides.IDEA_BANK_KINDS)),
    ]
    text = exports.deck_html("T", [exports.ExportSlide(d.title, d.figure, d.source) for d in drawn])
    assert "Digital vaktbytte-tavle" in text  # the project is on the slides …
    assert ideas.reference(receipt.idea_id) in text  # … and the idea, by its reference …
    for personal in (name, email, analyst, reason):  # … not who filed or moved it, nor why
        assert personal not in text
    engine.dispose()
