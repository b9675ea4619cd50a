"""The Data page in a real browser: an uploaded file is checked, stored and shown at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from analysis.formatting import WORD_JOINER
from tests.browser.helpers import open_app, screenshot, wait_for_app

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
PROJECTS_KPI = "Aktive innovasjonsprosjekter"
# Markdown that would fetch an outside image and turn bold if a dataset name were read as markup;
# the page fixture fails on any outside request.
MARKUP_NAME = "**Nye prosjekter** ![bilde](http://example.com/x.png)"


def metric(page: Page, label_start: str) -> Locator:
    return page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label_start)
    )


def projects_file(tmp_path: Path, year: int) -> Path:
    """Two new projects for Øvre Eiker (the default municipality) starting in `year`."""
    path = tmp_path / "prosjekter_ovre_eiker.csv"
    path.write_text(
        "project_id;title;phase;start_year;kommunenummer\n"
        f"E2E1;Digital innbyggerdialog;utvikling og utprøving;{year};3314\n"
        f"E2E2;Smarte hjemmetjenester;innsikt og idé;{year};3314\n",
        encoding="utf-8",
    )
    return path


def upload(page: Page, path: Path) -> None:
    """Choose `path` in the Data page's uploader and wait for its report and preview."""
    page.locator(UPLOAD_INPUT).wait_for(state="attached")
    page.locator(UPLOAD_INPUT).set_input_files(path)
    page.get_by_test_id("stText").first.wait_for(state="visible")
    wait_for_app(page)
    page.get_by_test_id("stDataFrame").last.wait_for(state="visible")
    page.wait_for_timeout(500)  # let the data grid draw its rows before a screenshot


def test_uploaded_projects_show_on_the_overview_at_once(
    page: Page, fresh_streamlit_server, tmp_path: Path
):
    url = fresh_streamlit_server()  # its own database: the shared server's stays as it was
    open_app(page, url)
    kpi = metric(page, PROJECTS_KPI)
    year = int(kpi.get_by_test_id("stMetricLabel").inner_text().split()[-1])
    before = int(kpi.get_by_test_id("stMetricValue").inner_text())
    new_before = int(kpi.get_by_test_id("stMetricDelta").inner_text().split()[-1])  # «Nye i år: n»

    open_app(page, f"{url}/data")
    upload(page, projects_file(tmp_path, year))
    expect(page.get_by_text("Fila er i orden: 2 rader kan lagres.")).to_be_visible()
    expect(page.get_by_test_id("stText").first).to_contain_text("Klare til lagring: 2 rader")
    screenshot(page, "data_rapport")

    name = page.get_by_label("Navn på datasettet")
    name.fill(MARKUP_NAME)
    name.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Importer", exact=True).click()
    wait_for_app(page)
    saved = page.get_by_test_id("stAlertContentSuccess").filter(has_text="Lagret")
    expect(saved).to_be_visible()
    shown = saved.inner_text().replace(WORD_JOINER, "")  # the joiner keeps URLs from linking
    assert f"Lagret «{MARKUP_NAME}» (datasett 1, 2 rader)" in shown
    expect(saved.locator("strong, em, img, a")).to_have_count(0)
    expect(page.get_by_text("Denne fila er allerede lagret")).to_be_visible()
    page.get_by_role("tab", name="Datasett").click()
    expect(page.get_by_role("radio", name="Begge (egne verdier går foran)")).to_be_checked()
    screenshot(page, "data_lagret")

    page.get_by_test_id("stSidebarNav").get_by_text("Oversikt", exact=True).click()
    wait_for_app(page)
    kpi = metric(page, PROJECTS_KPI)
    expect(kpi.get_by_test_id("stMetricValue")).to_have_text(str(before + 2))
    expect(kpi.get_by_test_id("stMetricDelta")).to_have_text(f"Nye i år: {new_before + 2}")
    screenshot(page, "data_oversikt_etter_import")


def test_bad_file_is_explained_by_row_and_column_and_cannot_be_imported(
    page: Page, streamlit_server: str
):
    open_app(page, f"{streamlit_server}/data")
    upload(page, FIXTURES / "bad_text_in_numbers.csv")
    expect(page.get_by_text("Fila kan ikke importeres før 5 feil er rettet.")).to_be_visible()
    expect(page.get_by_test_id("stText").first).to_contain_text(
        "Rad 3, kolonne «value»: «ca. 43» er ikke et tall."
    )
    expect(page.get_by_role("button", name="Importer", exact=True)).to_be_disabled()
    screenshot(page, "data_feil")


def test_ssb_export_report_lists_skipped_aggregates(page: Page, streamlit_server: str):
    open_app(page, f"{streamlit_server}/data")
    upload(page, FIXTURES / "ssb_wide_title.csv")
    expect(page.get_by_text("Fila er i orden: 12 rader kan lagres.")).to_be_visible()
    page.get_by_text("8 rader hoppes over (se hvorfor)").click()
    page.wait_for_timeout(500)
    report = page.get_by_test_id("stText").first
    expect(report).to_contain_text("Hele landet (ikke en kommune)")
    expect(report).to_contain_text("3048 → 3314")
    screenshot(page, "data_ssb")
