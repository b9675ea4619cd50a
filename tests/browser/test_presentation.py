"""Present mode at 1920×1080 and 1366×768 in headless Chromium, a chart card's PNG and SVG, and
the offline HTML deck opened from disk."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pptx import Presentation

from analysis import decks, exports, load, maps, slides, storage
from tests.browser.helpers import SCREENSHOT_DIR, open_app, screenshot, wait_for_app
from tests.browser.test_pages import charts_drawn
from tests.test_slides import VIEWS, make_idea_bank

pytestmark = pytest.mark.browser

FULL_HD = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1366, "height": 768}
DECK_TITLE = "Kommunekonferansen"
SLIDES = [
    ("rank_history", {"code": "3314", "years": [2016, 2024]}, "Pek på klatringen fra 2019."),
    ("sector_comparison", {"code": "3314", "group_kind": "county", "custom": [], "year": 2024}, ""),
    ("bump", {"code": "3314", "codes": ["3314", "0301", "3301"], "years": [2016, 2024]}, ""),
    ("portfolio_funnel", VIEWS["portfolio_funnel"], ""),
]
# Font sizes (CSS px) of the drawn chart's title, tick labels and axis titles.
TEXT_SIZES_JS = """() => {
    const chart = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const size = (sel) => [...chart.querySelectorAll(sel)]
        .map((el) => parseFloat(getComputedStyle(el).fontSize));
    return {
        title: size('.gtitle'), ticks: size('.xtick text, .ytick text'),
        axis_titles: size('.xtitle, .ytitle'),
        title_text: chart.querySelector('.gtitle').textContent,
    };
}"""


def seed_deck(db_url: str) -> int:
    engine = storage.make_engine(db_url)
    storage.init_db(engine)
    deck_id = decks.create_deck(engine, DECK_TITLE)
    for kind, view, notes in SLIDES:
        decks.add_slide(engine, deck_id, kind, view, notes=notes)
    engine.dispose()
    return deck_id


def test_present_mode_fills_a_full_hd_screen_in_large_type_and_the_arrow_keys_move(
    page: Page, fresh_streamlit_server, tmp_path: Path
):
    db_url = f"sqlite:///{tmp_path / 'innosikt.db'}"
    deck_id = seed_deck(db_url)
    url = fresh_streamlit_server(env={"INNOSIKT_DB_URL": db_url})
    page.set_viewport_size(FULL_HD)
    # A copied link (the deck by its id) opens the deck straight in present mode.
    open_app(page, f"{url}/presentasjon?deck={deck_id}&vis=true")
    charts_drawn(page)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
    expect(page.get_by_text("1 / 4")).to_be_visible()
    sizes = page.evaluate(TEXT_SIZES_JS)
    assert "plassering" in sizes["title_text"]
    assert min(sizes["ticks"]) >= 24 and min(sizes["axis_titles"]) >= 24
    assert min(sizes["title"]) >= 24
    assert_chart_fills_the_screen(page, FULL_HD)
    page.screenshot(path=SCREENSHOT_DIR / "presentation_slide_1.png")

    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    charts_drawn(page)
    expect(page.get_by_text("2 / 4")).to_be_visible()
    assert "sektorkarakterer" in page.evaluate(TEXT_SIZES_JS)["title_text"]
    page.keyboard.press("n")  # the notes panel
    wait_for_app(page)
    expect(page.get_by_text("Ingen notater til dette lysbildet.")).to_be_visible()
    page.screenshot(path=SCREENSHOT_DIR / "presentation_slide_2_notes.png")

    page.keyboard.press("ArrowLeft")
    wait_for_app(page)
    expect(page.get_by_text("1 / 4")).to_be_visible()
    expect(page.get_by_text(SLIDES[0][2])).to_be_visible()  # the notes panel follows


def assert_chart_fills_the_screen(page: Page, screen: dict[str, int]) -> None:
    """The slide's chart spans the width and the height under the controls, and nothing scrolls."""
    box = page.get_by_test_id("stPlotlyChart").bounding_box()
    assert box["width"] >= screen["width"] - 120, box
    assert box["height"] >= screen["height"] - 140, box
    assert box["y"] + box["height"] <= screen["height"], box  # its bottom is on the screen
    svg_height = page.evaluate(
        """() => document.querySelector('[data-testid="stPlotlyChart"] .main-svg')
            .getBoundingClientRect().height"""
    )
    assert abs(svg_height - box["height"]) <= 2, (svg_height, box)  # plotly drew at that size


def test_present_mode_fits_a_laptop_screen(page: Page, fresh_streamlit_server, tmp_path: Path):
    db_url = f"sqlite:///{tmp_path / 'innosikt.db'}"
    deck_id = seed_deck(db_url)
    url = fresh_streamlit_server(env={"INNOSIKT_DB_URL": db_url})
    page.set_viewport_size(LAPTOP)
    open_app(page, f"{url}/presentasjon?deck={deck_id}&vis=true")
    charts_drawn(page)
    assert_chart_fills_the_screen(page, LAPTOP)
    page.screenshot(path=SCREENSHOT_DIR / "presentation_laptop_slide_1.png")
    for number in (2, 3, 4):
        page.keyboard.press("ArrowRight")
        wait_for_app(page)
        expect(page.get_by_text(f"{number} / 4")).to_be_visible()
    charts_drawn(page)
    assert "Fra idé til ny praksis" in page.evaluate(TEXT_SIZES_JS)["title_text"]
    assert_chart_fills_the_screen(page, LAPTOP)
    page.screenshot(path=SCREENSHOT_DIR / "presentation_laptop_slide_4.png")


def test_the_page_lists_a_deck_and_offers_its_downloads(
    page: Page, fresh_streamlit_server, tmp_path: Path
):
    db_url = f"sqlite:///{tmp_path / 'innosikt.db'}"
    deck_id = seed_deck(db_url)
    url = fresh_streamlit_server(env={"INNOSIKT_DB_URL": db_url})
    # A link from before decks were linked by id (it carried the label) still opens the deck.
    open_app(page, f"{url}/presentasjon?deck={quote_plus(f'{DECK_TITLE} ({deck_id})')}")
    expect(page.locator("h1").first).to_have_text("Presentasjoner")
    assert page.url.endswith(f"?deck={deck_id}"), page.url
    screenshot(page, "presentation_edit")
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("button", name="PPTX").click()
    deck = Presentation(download.value.path())
    assert len(deck.slides) == 1 + len(SLIDES)
    assert deck.slides[1].notes_slide.notes_text_frame.text == SLIDES[0][2]
    with page.expect_download() as download:
        page.get_by_role("button", name="HTML").click()
    assert Path(download.value.path()).read_text(encoding="utf-8").count("<section") == len(SLIDES)


# --- A chart card's PNG and SVG ----------------------------------------------------------------


def download(page: Page, button_key: str) -> bytes:
    with page.expect_download(timeout=90_000) as done:  # kaleido starts a browser: seconds
        page.locator(f".st-key-{button_key} button").click()
    return Path(done.value.path()).read_bytes()


def drawn_height(page: Page, chart_key: str) -> int:
    return page.evaluate(
        "(key) => document.querySelector(`.st-key-${key} .js-plotly-plot`)._fullLayout.height",
        f"{chart_key}_chart",
    )


def test_a_chart_card_downloads_its_chart_as_png_and_svg(page: Page, streamlit_server: str):
    open_app(page, f"{streamlit_server}/metode")
    charts_drawn(page)
    height = drawn_height(page, "metode_kurve")
    png = download(page, "metode_kurve_png")
    scale = exports.CHART_IMAGE_SCALE
    assert Image.open(io.BytesIO(png)).size == (exports.CHART_IMAGE_WIDTH * scale, height * scale)
    svg = download(page, "metode_kurve_svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "Slik blir verdien til karakter" in svg

    open_app(page, streamlit_server)  # the map names its polygons by URL on the page
    charts_drawn(page)
    height = drawn_height(page, "oversikt_kart")
    png = download(page, "oversikt_kart_png")
    assert Image.open(io.BytesIO(png)).size == (exports.CHART_IMAGE_WIDTH * scale, height * scale)


# --- The standalone HTML file, offline ----------------------------------------------------------


@pytest.fixture(scope="module")
def html_deck(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A deck of every chart kind as one HTML file on disk."""
    dataset = load.load_dataset()
    bank, history = make_idea_bank(tmp_path_factory.mktemp("ideas") / "innosikt.sqlite")
    data = slides.SlideData.from_dataset(
        dataset, maps.load_geojson(), ideas=bank, idea_history=history
    )
    assert set(VIEWS) == set(slides.KINDS)
    drawn = [slides.build(kind, view, data) for kind, view in VIEWS.items()]
    path = tmp_path_factory.mktemp("html") / "presentasjon.html"
    path.write_text(
        exports.deck_html(
            DECK_TITLE, [exports.ExportSlide(d.title, d.figure, d.source, "Notat") for d in drawn]
        ),
        encoding="utf-8",
    )
    return path, len(drawn)


def test_the_html_deck_opens_from_disk_offline_with_every_chart_drawn(
    browser: Browser, html_deck: tuple[Path, int]
):
    path, count = html_deck
    context = browser.new_context(viewport=FULL_HD)
    requested, errors = [], []
    # The network is blocked: everything but the file itself is refused and recorded.
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url == path.as_uri()
            else (requested.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_function(
        """(n) => [...document.querySelectorAll('.slide .js-plotly-plot')]
            .filter((el) => el._fullData && el.querySelector('.main-svg')).length === n""",
        arg=count,
        timeout=60_000,
    )
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map((el) => el._fullData.length)"
    )
    assert len(drawn) == count and all(n > 0 for n in drawn), drawn
    expect(page.locator("#counter")).to_have_text(f"1 / {count}")
    page.screenshot(path=SCREENSHOT_DIR / "presentation_html_slide_1.png")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#counter")).to_have_text(f"2 / {count}")
    expect(page.locator("#slide-2")).to_be_visible()
    expect(page.locator("#slide-1")).to_be_hidden()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#counter")).to_have_text(f"1 / {count}")
    page.keyboard.press("End")
    expect(page.locator("#counter")).to_have_text(f"{count} / {count}")
    page.screenshot(path=SCREENSHOT_DIR / "presentation_html_last_slide.png")
    context.close()
    assert requested == [], f"the file asked the network for: {requested}"
    assert errors == []
