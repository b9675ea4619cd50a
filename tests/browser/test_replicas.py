"""Two app replicas on one PostgreSQL: what one stores, the other shows after a reload.

Two `streamlit run app.py` processes (replica A and B) share a fresh database on the server
INNOSIKT_TEST_PG_URL names. Each process caches the dataset and scores in its own memory under
the database's data version; these tests check that neither shows stale data after the other
changed it, in both directions. How to run replicas for real: docs/deploy.md.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import (
    APP_PATH,
    APP_RUN_TIMEOUT_MS,
    VIEWPORT,
    open_app,
    screenshot,
    start_streamlit,
    wait_for_app,
    watch_traffic,
)
from tests.browser.test_data_page import PROJECTS_KPI, metric, projects_file, upload
from tests.browser.test_ideas import REFERENCE, wait_until_drawn
from tests.browser.test_pages import charts_drawn

pytestmark = [pytest.mark.browser, pytest.mark.integration]

TEST_PG_URL_ENV = "INNOSIKT_TEST_PG_URL"  # set by .ci/run's start_postgres


@dataclass(frozen=True)
class Replicas:
    a: str  # base URL of replica A
    b: str  # base URL of replica B


@pytest.fixture(scope="module")
def shared_database() -> Iterator[str]:
    """A URL for a new, empty PostgreSQL database, dropped after this module's tests."""
    server = os.environ.get(TEST_PG_URL_ENV)
    if not server:
        pytest.skip(f"{TEST_PG_URL_ENV} is not set: .ci/run's start_postgres sets it")
    url = sa.make_url(server)
    name = f"innosikt_replicas_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="module")
def replicas(shared_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    """Two servers on their own free ports, both with INNOSIKT_DB_URL at the shared database."""
    env = {"INNOSIKT_DB_URL": shared_database}
    a = start_streamlit(APP_PATH, tmp_path_factory.mktemp("replica-a"), env)
    try:
        b = start_streamlit(APP_PATH, tmp_path_factory.mktemp("replica-b"), env)
    except BaseException:
        a.stop()
        raise
    yield Replicas(a.url, b.url)
    b.stop()
    a.stop()


@pytest.fixture
def page_b(browser: Browser, replicas: Replicas) -> Iterator[Page]:
    """A second browser (own cookies, own sessions) for replica B, watched like `page`."""
    context = browser.new_context(viewport=VIEWPORT, locale="nb-NO", timezone_id="Europe/Oslo")
    traffic = watch_traffic(context)
    page = context.new_page()
    page.set_default_timeout(APP_RUN_TIMEOUT_MS)
    yield page
    context.close()
    if traffic.problems():
        pytest.fail("replica B's browser saw:\n" + "\n".join(traffic.problems()), pytrace=False)


def projects_shown(page: Page) -> int:
    return int(metric(page, PROJECTS_KPI).get_by_test_id("stMetricValue").inner_text())


def reload(page: Page) -> None:
    """Reload the browser tab: a new Streamlit session on the same replica."""
    page.reload()
    wait_for_app(page)


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    wait_for_app(page)


def file_idea(page: Page, title: str, problem: str, proposal: str) -> str:
    """File an idea through the Idébank form on the page's replica; return its reference."""
    wait_until_drawn(page)
    # The board's idea card has a form too: take the one that files ideas.
    form = page.get_by_test_id("stForm").filter(
        has=page.get_by_role("button", name="Send inn idéen")
    )
    form.get_by_label("Tittel", exact=True).fill(title)
    form.get_by_label("Problemet idéen løser", exact=True).fill(problem)
    form.get_by_label("Idéen", exact=True).fill(proposal)
    form.get_by_test_id("stSelectbox").filter(has_text="Sektor").click()
    page.get_by_role("option", name="Grunnskole").click()
    form.get_by_role("button", name="Send inn idéen").click()
    wait_for_app(page)
    receipt = page.get_by_test_id("stAlertContentSuccess")
    expect(receipt).to_contain_text("Takk! Idéen din er registrert")
    return REFERENCE.search(receipt.inner_text()).group()


def expect_idea_on_board(page: Page, reference: str, title: str) -> None:
    """Find the idea by its reference on the Idébank's follow-up board."""
    open_tab(page, "Oppfølging")
    search = page.get_by_label("Søk", exact=True)
    search.fill(reference)
    search.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("Viser 1 av")).to_be_visible()
    expect(page.get_by_role("heading", name=f"{reference} · {title}")).to_be_visible()


def test_an_import_in_one_replica_shows_in_the_other_and_an_undo_there_shows_back(
    replicas: Replicas, page: Page, page_b: Page, tmp_path: Path
):
    # Both replicas draw the dashboard before the import, so each holds the old data in cache.
    open_app(page_b, f"{replicas.b}/data")
    open_tab(page_b, "Datasett")
    expect(page_b.get_by_text("Ingen egne datasett er lagret ennå.")).to_be_visible()
    screenshot(page_b, "replikaer_b_data_for_import")
    open_app(page_b, replicas.b)
    before = projects_shown(page_b)
    open_app(page, replicas.a)
    assert projects_shown(page) == before
    label = metric(page, PROJECTS_KPI).get_by_test_id("stMetricLabel").inner_text()
    year = int(label.split()[-1])

    name = f"Prosjekter fra replika A {uuid.uuid4().hex[:6]}"
    open_app(page, f"{replicas.a}/data")
    upload(page, projects_file(tmp_path, year))
    field = page.get_by_label("Navn på datasettet")
    field.fill(name)
    field.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Importer", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_test_id("stAlertContentSuccess").filter(has_text="Lagret")).to_be_visible()
    screenshot(page, "replikaer_a_importert")
    open_app(page, replicas.a)
    assert projects_shown(page) == before + 2

    # B was drawn from its cache of the old version: a reload must read the new one.
    reload(page_b)
    expect(metric(page_b, PROJECTS_KPI).get_by_test_id("stMetricValue")).to_have_text(
        str(before + 2)
    )
    charts_drawn(page_b)
    screenshot(page_b, "replikaer_b_oversikt_etter_import")
    open_app(page_b, f"{replicas.b}/data")
    open_tab(page_b, "Datasett")
    chosen = page_b.get_by_role("combobox", name="Velg datasett")
    expect(chosen).to_have_value(re.compile(rf"^{re.escape(name)} \(\d+\)$"))
    screenshot(page_b, "replikaer_b_datasett")

    # The other way: B undoes the import; A, which cached the new version, must drop it.
    page_b.get_by_role("button", name="Angre siste import").click()
    wait_for_app(page_b)
    expect(page_b.get_by_text(f"Angret importen av «{name}».")).to_be_visible()
    reload(page)
    expect(metric(page, PROJECTS_KPI).get_by_test_id("stMetricValue")).to_have_text(str(before))
    charts_drawn(page)
    screenshot(page, "replikaer_a_oversikt_etter_angring")


def test_an_idea_filed_in_either_replica_is_on_the_other_replicas_board(
    replicas: Replicas, page: Page, page_b: Page
):
    tag = uuid.uuid4().hex[:6]
    open_app(page_b, f"{replicas.b}/idebank")
    open_app(page, f"{replicas.a}/idebank")
    title_a = f"Lesekvarter i biblioteket {tag}"
    reference_a = file_idea(
        page,
        title_a,
        "Mange barn leser lite hjemme.",
        "En fast lesekvarter for 3. trinn på biblioteket.",
    )

    reload(page_b)
    expect_idea_on_board(page_b, reference_a, title_a)
    screenshot(page_b, "replikaer_b_idebank")

    title_b = f"Skolehage ved ungdomsskolen {tag}"
    open_tab(page_b, "Meld inn en idé")
    reference_b = file_idea(
        page_b,
        title_b,
        "Elevene vet lite om hvor maten kommer fra.",
        "En skolehage som elevene driver gjennom året.",
    )
    assert reference_b != reference_a

    reload(page)
    expect_idea_on_board(page, reference_b, title_b)
    screenshot(page, "replikaer_a_idebank")
