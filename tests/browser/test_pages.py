"""The real app in headless Chromium: every page draws, deep links and copied URLs work."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import open_app, screenshot, wait_for_app

pytestmark = pytest.mark.browser

PAGES = {
    "": "Oversikt",
    "kommuneprofil": "Kommuneprofil",
    "innovasjon": "Innovasjon og resultater",
    "idebank": "Idébank",
    "prosjekter": "Prosjekter",
    "rangering": "Rangering",
    "data": "Data",
    "metode": "Metode og kilder",
}
# Pages that explain or manage data rather than chart it.
WITHOUT_CHARTS = frozenset({"data", "idebank", "metode"})
# The idea bank's form and board hold only what users filed: no synthetic figures, no notice.
WITHOUT_DEMO_FIGURES = frozenset({"idebank"})
OSLO = "kommune=Oslo+%280301%29"
# The number of traces plotly has drawn in each chart on the page (-1: not drawn yet).
# Charts in a tab that is not open are skipped: plotly draws them when the tab opens.
DRAWN_TRACES_JS = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter((el) => el.checkVisibility())
    .map((el) => (el._fullData ? el._fullData.length : -1))"""
# True once every visible map has its traces on it and its polygons fetched and drawn. A map
# unmounted before that (a page switch in its first second) makes plotly.js throw on the
# map it has already removed ("reading 'getCenter'"), which users never see.
MAPS_DRAWN_JS = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter((el) => el.checkVisibility())
    .flatMap((el) => Object.values(el._fullLayout || {}))
    .filter((layout) => layout && layout._subplot && layout._subplot.map)
    .every(({ _subplot }) => Object.keys(_subplot.traceHash || {}).length > 0
        && _subplot.map.loaded())"""


def charts_drawn(page: Page, *, expect_charts: bool = True) -> list[int]:
    """Wait until every visible plotly chart (and map) has drawn, and return their trace counts.

    Streamlit loads its plotly component lazily: the run can be finished a second before the
    first chart element exists, so a page that should have charts waits for the first one.
    """
    charts = page.get_by_test_id("stPlotlyChart")
    if expect_charts:
        charts.first.wait_for(state="visible", timeout=30_000)
        page.wait_for_timeout(300)
    for index in range(charts.count()):
        chart = charts.nth(index)
        if not chart.is_visible():
            continue
        chart.scroll_into_view_if_needed()
        chart.locator(".main-svg").first.wait_for(state="attached", timeout=30_000)
    page.wait_for_function(MAPS_DRAWN_JS, timeout=30_000)
    return page.evaluate(DRAWN_TRACES_JS)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "oversikt")
def test_every_page_draws_its_charts_without_errors(page: Page, streamlit_server: str, path: str):
    open_app(page, f"{streamlit_server}/{path}")
    expect(page.locator("h1").first).to_be_visible()
    traces = charts_drawn(page, expect_charts=path not in WITHOUT_CHARTS)
    if path not in WITHOUT_CHARTS:
        assert traces, "the page shows at least one chart"
    assert all(count > 0 for count in traces), f"an empty or undrawn chart: {traces}"
    if path not in WITHOUT_DEMO_FIGURES:
        expect(page.get_by_text("Demodata", exact=False).first).to_be_visible()
    screenshot(page, f"side_{path or 'oversikt'}")


def test_pages_render_for_a_big_and_a_new_municipality(page: Page, streamlit_server: str):
    for label, query in (("oslo", OSLO), ("haram", "kommune=Haram+%281580%29")):
        for path in PAGES:
            open_app(page, f"{streamlit_server}/{path}?{query}")
            traces = charts_drawn(page, expect_charts=path not in WITHOUT_CHARTS)
            assert all(count > 0 for count in traces)
            if path == "kommuneprofil":
                screenshot(page, f"{label}_kommuneprofil")


def test_deep_link_opened_first_on_a_fresh_server_shows_the_full_frame(
    page: Page, fresh_streamlit_server
):
    url = fresh_streamlit_server()
    open_app(page, f"{url}/kommuneprofil?{OSLO}")
    navigation = page.get_by_test_id("stSidebarNav")
    for title in PAGES.values():
        expect(navigation.get_by_text(title, exact=True)).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_text("Sammenlign med")).to_be_visible()
    expect(page.locator("h1").first).to_contain_text("Oslo")
    assert all(count > 0 for count in charts_drawn(page))
    screenshot(page, "dyplenke_kommuneprofil")


def test_a_copied_url_reopens_the_same_municipality_group_and_years(
    page: Page, streamlit_server: str
):
    open_app(page, streamlit_server)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").nth(0).click()
    page.keyboard.type("Trondheim")
    page.get_by_role("option", name="Trondheim (5001)").click()
    wait_for_app(page)
    sidebar.get_by_test_id("stSelectbox").nth(1).click()
    page.get_by_role("option", name="Samme fylke").click()
    wait_for_app(page)
    thumb = sidebar.get_by_role("slider").first
    thumb.focus()
    thumb.press("ArrowRight")
    thumb.press("ArrowRight")
    wait_for_app(page)
    copied = page.url
    assert "aar=2017" in copied, copied

    fresh = page.context.browser.new_page()
    try:
        open_app(fresh, copied)
        fresh_sidebar = fresh.get_by_test_id("stSidebar")
        expect(fresh.locator("h1").first).to_contain_text("Trondheim")
        expect(fresh_sidebar.get_by_role("combobox", name="Sammenlign med")).to_have_value(
            "Samme fylke"
        )
        expect(fresh_sidebar.get_by_test_id("stSlider").first).to_contain_text("2017")
    finally:
        fresh.close()


def test_choices_survive_a_page_switch(page: Page, streamlit_server: str):
    open_app(page, f"{streamlit_server}/?{OSLO}")
    charts_drawn(page)  # as a reader would: the map drawn before moving on (see MAPS_DRAWN_JS)
    page.get_by_test_id("stSidebarNav").get_by_text("Kommuneprofil", exact=True).click()
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text("Oslo")
