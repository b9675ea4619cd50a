"""AppTest: «Idébank» (file an idea; the team's board) and «Prosjekter» (the portfolio).

Without `[auth]` the app runs in local single-user mode, which counts as an analyst. A viewer is
simulated as a visitor with `[auth]` configured who has not logged in.
"""

from __future__ import annotations

import os
import uuid

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from analysis import ideas, storage
from tests.apptest_utils import APP, TIMEOUT, run_app

AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s"}}
EMAIL = "ola.nordmann@example.no"


@pytest.fixture(scope="module")
def engine() -> sa.Engine:
    """The database the app under test uses (tests/conftest.py points it at a temp file)."""
    engine = storage.make_engine(os.environ["INNOSIKT_DB_URL"])
    storage.init_db(engine)
    return engine


def unique_title() -> str:
    return f"Lesevenner {uuid.uuid4().hex[:8]}"


def open_as_viewer(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH["auth"]
    at.run()
    return at.switch_page(f"app_pages/{page}.py").run()


def fill_form(at: AppTest, title: str, *, email: str = EMAIL) -> AppTest:
    at.text_input(key="ideas_title").input(title)
    at.text_area(key="ideas_problem").input("Mange barn leser lite hjemme.")
    at.text_area(key="ideas_proposal").input("Pensjonister blir lesevenner for elever på 2. trinn.")
    at.selectbox(key="ideas_sector").select("grunnskole")
    at.selectbox(key="ideas_municipality").select("3314")
    at.text_input(key="ideas_name").input("Ola Nordmann")
    at.text_input(key="ideas_email").input(email)
    at.checkbox(key="ideas_consent").check()
    return at


def file_idea(at: AppTest, title: str) -> str:
    """File an idea through the form; return its reference."""
    fill_form(at, title).button(key="ideas_send").click().run()
    assert not at.exception
    return at.session_state["ideas_receipt"]["reference"]


def idea_id(reference: str) -> int:
    return int(reference.removeprefix(ideas.REFERENCE_PREFIX))


def stored(engine: sa.Engine, title: str):
    frame = ideas.list_ideas(engine, include_personal=True)
    return frame.loc[frame["title"] == title]


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    """The shown table with `column` (AppTest's dataframes carry no key)."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def texts(at: AppTest) -> str:
    """Every text the page shows, in one string."""
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "success", "error")
        for e in at.get(kind)
    ]
    parts += [str(frame.value.to_dict()) for frame in at.dataframe]
    parts += [str(box.options) for box in at.selectbox]
    return "\n".join(map(str, parts))


# --- Idébank: filing -------------------------------------------------------------------------


def test_anyone_files_an_idea_and_gets_a_reference(engine):
    at = run_app("idebank")
    assert not at.exception
    title = unique_title()
    reference = file_idea(at, title)
    assert any(reference in s.value and "registrert" in s.value for s in at.success)
    row = stored(engine, title)
    assert row["reference"].tolist() == [reference]
    assert row["submitter_email"].tolist() == [EMAIL]
    assert row["stage"].astype(str).tolist() == ["ny"]


def test_a_resend_of_the_same_form_files_one_idea(engine):
    at = run_app("idebank")
    title = unique_title()
    fill_form(at, title)
    token = at.session_state["ideas_token"]
    at.button(key="ideas_send").click().run()
    first = at.session_state["ideas_receipt"]["reference"]
    # The browser sends the form again (a double click reaching the server after the first
    # run, or a resend after a reconnect): the same token reaches submit_idea.
    again = ideas.submit_idea(
        engine,
        ideas.IdeaForm(
            title,
            "Mange barn leser lite hjemme.",
            "Pensjonister blir lesevenner.",
            "grunnskole",
            "3314",
        ),
        token,
        valid_codes={"3314"},
        valid_sectors={"grunnskole"},
    )
    assert again.reference == first and not again.created
    assert len(stored(engine, title)) == 1


def test_a_new_form_gets_a_new_token_and_empty_fields():
    at = run_app("idebank")
    file_idea(at, unique_title())
    token = at.session_state["ideas_token"]
    at.button(key="ideas_another").click().run()
    assert at.session_state["ideas_token"] != token
    assert at.text_input(key="ideas_title").value == ""
    assert at.checkbox(key="ideas_consent").value is False


def test_an_incomplete_form_lists_every_problem_and_keeps_the_text(engine):
    at = run_app("idebank")
    at.text_input(key="ideas_title").input("Ok")
    at.text_input(key="ideas_email").input("ikke-en-adresse")
    at.button(key="ideas_send").click().run()
    assert not at.exception
    message = at.error[0].value
    for expected in (
        "«Tittel» er for kort",
        "Fyll inn «Problemet idéen løser»",
        "Fyll inn «Idéen»",
        "Velg «Sektor»",
        "E-postadressen ser ikke riktig ut",
        "ikke krysset av for at vi kan kontakte deg",
    ):
        assert expected in message
    assert at.text_input(key="ideas_title").value == "Ok"
    assert "ideas_receipt" not in at.session_state


# --- Idébank: the board ------------------------------------------------------------------------


def test_an_analyst_sees_a_filed_idea_on_the_board_with_the_filers_email():
    at = run_app("idebank")
    title = unique_title()
    reference = file_idea(at, title)
    assert len(at.tabs) == 2
    board = frame_with(at, "submitter_email")
    assert title in board["title"].tolist()
    assert EMAIL in board["submitter_email"].tolist()
    at.selectbox(key="ideas_selected").select(idea_id(reference)).run()
    assert any(title.replace(" ", " ") in h.value.replace("\\", "") for h in at.subheader)


def test_a_viewer_files_an_idea_but_sees_no_board_and_no_personal_data(engine):
    at = open_as_viewer("idebank")
    assert not at.exception
    assert len(at.tabs) == 0
    title = unique_title()
    reference = file_idea(at, title)
    assert reference in at.success[0].value
    assert len(stored(engine, title)) == 1
    assert not at.dataframe and not at.metric
    at.switch_page("app_pages/prosjekter.py").run()
    assert not at.exception
    assert EMAIL not in texts(at) and "Ola Nordmann" not in texts(at)


def test_the_board_moves_an_idea_with_a_reason_and_shows_the_history(engine):
    at = run_app("idebank")
    reference = file_idea(at, unique_title())
    number = idea_id(reference)
    at.text_input(key="ideas_search").input(reference).run()
    assert frame_with(at, "submitter_email")["reference"].tolist() == [reference]
    at.selectbox(key="ideas_selected").select(number).run()
    at.selectbox(key=f"ideas_to_{number}").select("vurderes")
    at.text_input(key=f"ideas_reason_{number}").input("Lovende, vi tar den videre")
    at.button(key=f"ideas_move_send_{number}").click().run()
    assert not at.exception
    history = ideas.idea_history(engine, [number])
    assert history["reason"].tolist()[-1] == "Lovende, vi tar den videre"
    shown = frame_with(at, "action")
    assert shown["action"].tolist()[0] == "Flyttet" and shown["to_stage"].tolist()[0] == "Vurderes"


def test_a_move_without_a_reason_is_refused_with_a_message(engine):
    at = run_app("idebank")
    number = idea_id(file_idea(at, unique_title()))
    at.selectbox(key="ideas_selected").select(number).run()
    at.selectbox(key=f"ideas_to_{number}").select("avslått")
    at.button(key=f"ideas_move_send_{number}").click().run()
    assert any("Begrunnelse" in e.value for e in at.error)
    assert len(ideas.idea_history(engine, [number])) == 1


def test_an_idea_made_into_a_project_shows_on_the_projects_page(engine):
    at = run_app("idebank")
    title = unique_title()
    number = idea_id(file_idea(at, title))
    at.selectbox(key="ideas_selected").select(number).run()
    key = f"ideas_project_{number}"
    at.selectbox(key=f"{key}_type").select("samskaping")
    at.multiselect(key=f"{key}_partners").select("innbyggere")
    at.button(key=f"{key}_send").click().run()
    assert not at.exception
    assert stored(engine, title)["project_id"].tolist() == [ideas.reference(number)]
    assert any(ideas.reference(number) in i.value for i in at.info)  # «Idéen er prosjekt …»
    at.switch_page("app_pages/prosjekter.py").run()
    assert not at.exception
    table = frame_with(at, "origin")
    row = table.loc[table["project_id"] == ideas.reference(number)]
    assert row["title"].tolist() == [title]
    assert row["origin"].tolist() == ["Idébanken"]
    assert "Idébanken i Innosikt" in row["source"].iloc[0]


def test_deleting_personal_data_leaves_the_idea_anonymised(engine):
    at = run_app("idebank")
    title = unique_title()
    number = idea_id(file_idea(at, title))
    at.selectbox(key="ideas_selected").select(number).run()
    at.button(key=f"ideas_anonymise_{number}").click().run()
    assert not at.exception
    row = stored(engine, title).iloc[0]
    assert row["anonymised"] and not row["contact_consent"]
    assert pd.isna(row["submitter_email"]) and pd.isna(row["submitter_name"])
    assert any("slettet etter ønske" in c.value for c in at.caption)


# --- Prosjekter --------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", ["municipality", "group", "national"])
def test_projects_page_draws_its_charts_for_every_scope(scope):
    at = run_app("prosjekter", kommune="3314")
    at.segmented_control(key="portefolje_omfang").set_value(scope).run()
    assert not at.exception
    assert "Øvre Eiker" in at.title[0].value
    assert len(at.get("plotly_chart")) >= 5
    labels = [m.label for m in at.metric]
    assert labels[:2] == ["Prosjekter", "Pågår nå"]


def test_real_projects_only_hides_demo_data_and_every_real_project_has_a_source():
    at = run_app("prosjekter", kommune="3314", portefolje_omfang="Hele landet")  # URL: label
    at.toggle(key="portefolje_reelle").set_value(True).run()
    table = frame_with(at, "origin")
    assert "Demodata (syntetisk)" not in table["origin"].tolist()
    assert {"R09", "R06"} <= set(table["project_id"])
    assert table["source"].str.len().gt(0).all()


def test_the_network_shows_the_real_co_operation_of_stad_and_nordre_follo():
    at = run_app("prosjekter", kommune="4649")
    assert not at.exception
    network = next(c for c in at.get("plotly_chart") if c.key == "portefolje_nettverk_chart")
    assert "Nordre Follo" in network.proto.spec and "Den samskapende kommune" in network.proto.spec


def test_projects_page_is_translated():
    at = run_app("prosjekter", kommune="3314", lang="English")
    assert not at.exception
    assert at.title[0].value == "Projects: Øvre Eiker"
    assert [m.label for m in at.metric][0] == "Projects"
