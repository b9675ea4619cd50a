"""The idea bank and the portfolio in headless Chromium: file an idea, find it on the board."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from analysis import ideas, load, storage
from tests.browser.helpers import open_app, screenshot, wait_for_app
from tests.browser.test_pages import charts_drawn

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"IDE-\d{5}")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
TEAM = "innovasjon@ovre-eiker.kommune.no"
# title, problem, idea, sector, municipality, name, e-mail, (days after filing, stage) moves;
# «project» makes the idea a project just before it reaches that stage.
SEED = [
    (
        "Digital vaktbytte-tavle",
        "Vaktbytter avtales på lapper og SMS.",
        "En digital tavle for vaktbytter.",
        "pleie_og_omsorg",
        "3314",
        "Kari Nordmann",
        "kari@example.no",
        [(20, "vurderes"), (45, "project", "utvikling og utprøving"), (120, "overgang til drift")],
    ),
    (
        "Felles lunsj med eldre",
        "Eldre på sykehjemmet får lite besøk av barn.",
        "Barnehagebarna spiser lunsj med beboerne.",
        "flere",
        "3314",
        "",
        "",
        [(10, "vurderes"), (30, "utvikling og utprøving")],
    ),
    (
        "Chatbot for byggesøknader",
        "Mange ringer med de samme spørsmålene.",
        "En chatbot som svarer på de vanligste.",
        "saksbehandling",
        "3314",
        "Ola",
        "",
        [(14, "vurderes"), (60, "avslått")],
    ),
    (
        "Trygge skoleveier",
        "Foreldre vet ikke hvilke veier som er trygge.",
        "Kart over trygge skoleveier, laget med elevene.",
        "grunnskole",
        "3314",
        "",
        "",
        [(5, "vurderes")],
    ),
    (
        "Sensor i avløpsnettet",
        "Lekkasjer oppdages sent.",
        "Billige sensorer som varsler lekkasjer.",
        "vann_avlop_renovasjon",
        "3312",
        "",
        "",
        [
            (25, "vurderes"),
            (50, "project", "innsikt og idé"),
            (90, "utvikling og utprøving"),
            (200, "ny praksis"),
        ],
    ),
    (
        "Lesevenner",
        "Mange barn leser lite hjemme.",
        "Pensjonister blir lesevenner for elever.",
        "grunnskole",
        "3314",
        "",
        "",
        [],
    ),
]


def seed_ideas(url: str) -> None:
    """A database with a few ideas filed and moved on over months, two of them projects."""
    engine = storage.make_engine(url)
    storage.init_db(engine)
    demo = load.load_dataset()
    valid = {
        "valid_codes": set(demo.municipalities["kommunenummer"]),
        "valid_sectors": set(demo.sectors["sector_id"]),
    }
    for week, (title, problem, idea, sector, code, name, email, moves) in enumerate(SEED):
        filed = START + dt.timedelta(weeks=week)
        form = ideas.IdeaForm(title, problem, idea, sector, code, name, email, bool(email))
        idea_id = ideas.submit_idea(engine, form, ideas.new_token(), now=filed, **valid).idea_id
        for days, *steps in moves:
            when = filed + dt.timedelta(days=days)
            if steps[0] == "project":
                row = ideas.list_ideas(engine).set_index("idea_id").loc[idea_id]
                draft = ideas.draft_project(row, 2025)
                ideas.convert_to_project(engine, idea_id, draft, user=TEAM, now=when, **valid)
            ideas.move_idea(engine, idea_id, steps[-1], "Vurdert av teamet", user=TEAM, now=when)
    engine.dispose()


def wait_until_drawn(page: Page) -> None:
    """Streamlit loads widget code lazily: wait until no skeleton placeholder is left."""
    page.get_by_test_id("stSkeleton").first.wait_for(state="detached", timeout=30_000)
    page.wait_for_timeout(300)


def test_an_idea_filed_through_the_form_is_on_the_board(page: Page, streamlit_server: str):
    open_app(page, f"{streamlit_server}/idebank")
    wait_until_drawn(page)
    screenshot(page, "side_idebank")
    form = page.get_by_test_id("stForm")
    title = f"Lesevenner for 2. trinn {uuid.uuid4().hex[:6]}"
    form.get_by_label("Tittel", exact=True).fill(title)
    form.get_by_label("Problemet idéen løser", exact=True).fill("Mange barn leser lite hjemme.")
    form.get_by_label("Idéen", exact=True).fill(
        "Pensjonister blir lesevenner for elever på 2. trinn."
    )
    form.get_by_test_id("stSelectbox").filter(has_text="Sektor").click()
    page.get_by_role("option", name="Grunnskole").click()
    form.get_by_label("E-post (valgfritt)", exact=True).fill("ola@example.no")
    form.get_by_text("Innovasjonsteamet kan kontakte meg om idéen").click()
    form.get_by_role("button", name="Send inn idéen").click()
    wait_for_app(page)
    receipt = page.get_by_test_id("stAlertContentSuccess")
    expect(receipt).to_contain_text("Takk! Idéen din er registrert")
    reference = REFERENCE.search(receipt.inner_text()).group()

    page.get_by_role("tab", name="Oppfølging").click()
    wait_for_app(page)
    search = page.get_by_label("Søk", exact=True)
    search.fill(reference)
    search.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("Viser 1 av")).to_be_visible()
    card = page.get_by_role("heading", name=f"{reference} · {title}")
    expect(card).to_be_visible()
    contact = page.get_by_test_id("stMarkdown").filter(has_text="Innsender:")
    expect(contact).to_contain_text("ola@example.no")  # analysts see the filer's e-mail


def test_the_board_and_the_portfolio_draw_with_ideas_moved_over_months(
    page: Page, fresh_streamlit_server, tmp_path: Path
):
    url = f"sqlite:///{tmp_path / 'innosikt.db'}"
    seed_ideas(url)
    base = fresh_streamlit_server(env={"INNOSIKT_DB_URL": url})

    open_app(page, f"{base}/idebank")
    page.get_by_role("tab", name="Oppfølging").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="IDE-00006 · Lesevenner")).to_be_visible()
    wait_until_drawn(page)
    expect(page.get_by_test_id("stMetric").first).to_contain_text("Nye")
    screenshot(page, "side_idebank_oppfolging")

    open_app(page, f"{base}/prosjekter")
    traces = charts_drawn(page)
    assert len(traces) >= 5 and all(count > 0 for count in traces), traces
    expect(page.get_by_text("Tid fra idé til pilot og til drift")).to_be_visible()
    screenshot(page, "side_prosjekter")
    page.get_by_role("radio", name="Hele landet").click()  # segmented control
    wait_for_app(page)
    traces = charts_drawn(page)
    assert all(count > 0 for count in traces), traces
    screenshot(page, "side_prosjekter_hele_landet")
