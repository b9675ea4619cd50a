"""The idea bank: filing exactly once, triage with full history, ideas made into projects.

Database tests run against SQLite and against a real PostgreSQL server (skipped without
INNOSIKT_TEST_PG_URL), each in a fresh database, as in tests/test_storage.py.
"""

from __future__ import annotations

import datetime as dt
import io
import threading

import pandas as pd
import pytest
import sqlalchemy as sa

from analysis import figures_profile, ideas, innovation, load, schema, storage
from analysis.formatting import to_csv_bytes, to_xlsx_bytes
from tests.databases import BACKENDS

CODES = {"3314", "0301", "4649", "3207"}
SECTORS = {"grunnskole", "pleie_og_omsorg"}
NAME, EMAIL = "Kari Nordmann", "kari.nordmann@ovre-eiker.kommune.no"
FILED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
USER = "analytiker@kommune.no"


def form(title: str = "Digital vaktbytte-tavle", **changes: object) -> ideas.IdeaForm:
    """A valid form; `changes` replace fields."""
    fields = {
        "title": title,
        "problem": "Vaktbytter avtales på lapper og SMS, og ingen har oversikt.",
        "proposal": "En digital tavle der ansatte legger ut og tar vakter.",
        "sector_id": "pleie_og_omsorg",
        "kommunenummer": "3314",
        "submitter_name": NAME,
        "submitter_email": EMAIL,
        "contact_consent": True,
    }
    return ideas.IdeaForm(**{**fields, **changes})


def submit(engine: sa.Engine, idea: ideas.IdeaForm | None = None, token: str | None = None, **kw):
    return ideas.submit_idea(
        engine,
        idea or form(),
        token or ideas.new_token(),
        valid_codes=CODES,
        valid_sectors=SECTORS,
        **kw,
    )


def convert(
    engine: sa.Engine, idea_id: int, start_year: int = 2024, **changes
) -> ideas.ProjectLink:
    row = ideas.list_ideas(engine).set_index("idea_id").loc[idea_id]
    draft = ideas.draft_project(row, start_year)
    draft = ideas.ProjectDraft(**{**vars(draft), **changes})
    return ideas.convert_to_project(
        engine, idea_id, draft, user=USER, valid_codes=CODES, valid_sectors=SECTORS
    )


def count_ideas(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(sa.select(sa.func.count()).select_from(ideas.IDEAS))


def run_at_once(jobs: list) -> list:
    """Run the callables in threads released together; return their results or errors."""
    start = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index: int, job) -> None:
        start.wait()
        try:
            results[index] = job()
        except Exception as error:  # collected and asserted by the caller
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# --- Filing ---------------------------------------------------------------------------------


def test_fifty_concurrent_submissions_store_exactly_fifty_ideas(engine):
    # Five engines, as five app processes would have, ten sessions each.
    url = engine.url.render_as_string(hide_password=False)
    engines = [storage.make_engine(url) for _ in range(5)]
    jobs = [
        lambda i=i: submit(engines[i % 5], form(f"Idé nummer {i}"), ideas.new_token())
        for i in range(50)
    ]
    receipts = run_at_once(jobs)
    assert [r for r in receipts if isinstance(r, Exception)] == []
    assert count_ideas(engine) == 50
    assert len({r.reference for r in receipts}) == 50
    assert all(r.created for r in receipts)
    history = ideas.idea_history(engine)
    assert (history["action"] == "filed").sum() == 50
    for other in engines:
        other.dispose()


def test_fifty_sends_of_one_form_at_once_store_one_idea(engine):
    token = ideas.new_token()
    receipts = run_at_once([lambda: submit(engine, form(), token) for _ in range(50)])
    assert [r for r in receipts if isinstance(r, Exception)] == []
    assert count_ideas(engine) == 1
    # Every send gets the stored idea's reference. (Not necessarily IDE-00001: on PostgreSQL a
    # send that loses the race still draws a number from the sequence, so numbers may skip.)
    stored = ideas.list_ideas(engine)["reference"].tolist()
    assert {r.reference for r in receipts} == set(stored)
    assert sum(r.created for r in receipts) == 1
    assert all(r.same_form for r in receipts)


def test_a_repeated_submit_with_the_same_token_returns_the_first_receipt(engine):
    token = ideas.new_token()
    first = submit(engine, form(), token)
    version = storage.data_version(engine)
    again = submit(engine, form(), token)
    assert (first.created, again.created, again.same_form) == (True, False, True)
    assert again.reference == first.reference
    assert count_ideas(engine) == 1
    assert storage.data_version(engine) == version  # nothing was written


def test_the_same_idea_from_a_second_tab_is_not_stored_twice(engine):
    first = submit(engine, form(), ideas.new_token())
    # Another form instance (a second tab, or after a server restart): same text, other spacing.
    again = submit(engine, form("  digital  VAKTBYTTE-tavle "), ideas.new_token())
    assert again.reference == first.reference
    assert (again.created, again.same_form) == (False, False)
    assert count_ideas(engine) == 1


def test_the_same_text_for_another_municipality_is_another_idea(engine):
    submit(engine, form())
    submit(engine, form(kommunenummer="0301"))
    assert count_ideas(engine) == 2


def test_a_filed_idea_is_new_with_a_reference_and_a_filed_line_in_its_history(engine):
    receipt = submit(engine, now=FILED)
    stored = ideas.list_ideas(engine, include_personal=True).iloc[0]
    assert receipt.reference == stored["reference"] == "IDE-00001"
    assert stored["stage"] == "ny"
    assert stored["created_at"] == pd.Timestamp(FILED)
    assert (stored["submitter_name"], stored["submitter_email"]) == (NAME, EMAIL)
    history = ideas.idea_history(engine)
    assert history[["action", "to_stage"]].astype(str).values.tolist() == [["filed", "ny"]]
    assert history["changed_by"].isna().all()  # the filer's name is not copied into history


def test_an_invalid_form_lists_every_problem_in_norwegian_and_stores_nothing(engine):
    bad = ideas.IdeaForm(
        title=" ",
        problem="kort",
        proposal="x" * 5000,
        sector_id=None,
        kommunenummer="9999",
        submitter_email="ikke-en-adresse",
        contact_consent=False,
    )
    with pytest.raises(ideas.InvalidIdea) as raised:
        submit(engine, bad)
    found = {(p.field, p.code) for p in raised.value.problems}
    assert found == {
        ("title", "missing"),
        ("problem", "too_short"),
        ("proposal", "too_long"),
        ("sector", "choose"),
        ("municipality", "unknown"),
        ("submitter_email", "email_invalid"),
        ("contact_consent", "email_without_consent"),
    }
    assert "Fyll inn «Tittel»." in str(raised.value)
    assert count_ideas(engine) == 0


def test_filing_changes_the_data_version_because_ideas_count_in_the_measures(engine):
    version = storage.data_version(engine)
    submit(engine)
    assert storage.data_version(engine) != version


# --- Triage ---------------------------------------------------------------------------------


def test_every_stage_move_appears_in_history_with_who_when_from_to_and_why(engine):
    idea_id = submit(engine, now=FILED).idea_id
    moves = [
        ("vurderes", "Relevant for flere tjenester"),
        ("innsikt og idé", "Vi intervjuer ansatte"),
        ("utvikling og utprøving", "Pilot på to avdelinger"),
        ("overgang til drift", "Piloten virket"),
    ]
    for day, (stage, reason) in enumerate(moves, start=1):
        moved = ideas.move_idea(
            engine, idea_id, stage, reason, user=USER, now=FILED + dt.timedelta(days=day)
        )
        assert moved
    history = ideas.idea_history(engine, [idea_id])
    assert history["action"].astype(str).tolist() == ["filed", *["moved"] * 4]
    assert history["from_stage"].astype(str).tolist()[1:] == [
        "ny",
        "vurderes",
        "innsikt og idé",
        "utvikling og utprøving",
    ]
    assert history["to_stage"].astype(str).tolist()[1:] == [stage for stage, _ in moves]
    assert history["reason"].tolist()[1:] == [reason for _, reason in moves]
    assert history["changed_by"].tolist()[1:] == [USER] * 4
    assert history["changed_at"].tolist()[1:] == [
        pd.Timestamp(FILED + dt.timedelta(days=d)) for d in range(1, 5)
    ]
    assert ideas.list_ideas(engine).iloc[0]["stage"] == "overgang til drift"


def test_a_repeated_move_is_a_no_op_and_a_move_needs_a_reason(engine):
    idea_id = submit(engine).idea_id
    assert ideas.move_idea(engine, idea_id, "vurderes", "Ser lovende ut", user=USER)
    assert not ideas.move_idea(engine, idea_id, "vurderes", "Ser lovende ut", user=USER)
    with pytest.raises(ideas.InvalidIdea) as raised:
        ideas.move_idea(engine, idea_id, "avslått", "  ", user=USER)
    assert [(p.field, p.code) for p in raised.value.problems] == [("reason", "missing")]
    assert len(ideas.idea_history(engine, [idea_id])) == 2


def test_a_move_from_a_stage_someone_else_has_changed_is_refused(engine):
    idea_id = submit(engine).idea_id
    ideas.move_idea(engine, idea_id, "avslått", "Finnes allerede", user="en@kommune.no")
    with pytest.raises(ideas.StaleIdea) as raised:
        ideas.move_idea(engine, idea_id, "vurderes", "Ser bra ut", user=USER, from_stage="ny")
    assert raised.value.current == "avslått"


def test_moves_of_an_unknown_idea_say_so(engine):
    with pytest.raises(ideas.UnknownIdea, match="IDE-00042"):
        ideas.move_idea(engine, 42, "vurderes", "Ser bra ut", user=USER)


# --- Ideas become projects ------------------------------------------------------------------


def test_an_idea_made_into_a_project_is_linked_both_ways(engine):
    idea_id = submit(engine).idea_id
    link = convert(engine, idea_id, municipalities=("3314", "0301"))
    assert (link.project_id, link.created) == ("IDE-00001", True)
    idea = ideas.list_ideas(engine).iloc[0]
    assert idea["project_id"] == link.project_id  # idea → project
    assert idea["stage"] == "innsikt og idé"  # the first phase, from triage
    stored = storage.stored_tables(engine)
    project = stored["projects"].set_index("project_id").loc[link.project_id]
    assert "IDE-00001" in project["source"]  # project → idea
    assert bool(project["is_real"]) and project["phase"] == "innsikt og idé"
    members = stored["project_municipalities"]
    assert sorted(members.loc[members["project_id"] == link.project_id, "kommunenummer"]) == [
        "0301",
        "3314",
    ]
    info = storage.dataset_info(engine, link.dataset_id)
    assert (info.kind, info.source_name, info.created_by) == ("projects", "idébank", USER)
    history = ideas.idea_history(engine, [idea_id])
    assert history.iloc[-1][["action", "from_stage", "to_stage"]].astype(str).tolist() == [
        "project",
        "ny",
        "innsikt og idé",
    ]


def test_making_a_project_twice_returns_the_same_project(engine):
    idea_id = submit(engine).idea_id
    results = run_at_once([lambda: convert(engine, idea_id) for _ in range(5)])
    assert [r for r in results if isinstance(r, Exception)] == []
    assert {r.project_id for r in results} == {"IDE-00001"}
    assert sum(r.created for r in results) == 1
    assert len(storage.list_datasets(engine)) == 1


def test_an_idea_made_into_a_project_changes_the_innovation_measures(engine):
    demo = load.load_dataset()
    years = range(2015, 2026)

    def measures() -> pd.DataFrame:
        data = storage.combined_dataset(demo, engine)
        return innovation.innovation_measures(
            data.projects, data.project_municipalities, data.capacity, data.municipalities, years
        ).set_index(["kommunenummer", "year"])

    idea_id = submit(engine).idea_id
    before = measures()
    convert(engine, idea_id, start_year=2024)
    after = measures()
    for year in (2024, 2025):
        assert after.loc[("3314", year), "active_projects"] == (
            before.loc[("3314", year), "active_projects"] + 1
        )
        assert (
            after.loc[("3314", year), "active_per_10k"]
            > before.loc[("3314", year), "active_per_10k"]
        )
    assert (
        after.loc[("3314", 2023), "active_projects"]
        == before.loc[("3314", 2023), "active_projects"]
    )
    assert not after["innovation_index"].equals(before["innovation_index"])
    # … and it shows on the municipality profile's timeline, as a real project with its source.
    data = storage.combined_dataset(demo, engine)
    timeline = figures_profile.project_timeline(
        data.projects, data.project_municipalities, "3314", (2015, 2025)
    )
    row = timeline.set_index("project_id").loc["IDE-00001"]
    assert bool(row["is_real"]) and "Idébanken" in row["source"]


def test_moving_a_project_idea_moves_its_phase_and_rejecting_it_stops_the_project(engine):
    idea_id = submit(engine).idea_id
    convert(engine, idea_id)

    def project() -> pd.Series:
        return storage.stored_tables(engine)["projects"].set_index("project_id").loc["IDE-00001"]

    version = storage.data_version(engine)
    ideas.move_idea(engine, idea_id, "utvikling og utprøving", "Pilot", user=USER)
    assert project()["phase"] == "utvikling og utprøving"
    assert storage.data_version(engine) != version
    now = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    ideas.move_idea(engine, idea_id, "avslått", "Piloten virket ikke", user=USER, now=now)
    assert (project()["phase"], project()["end_year"]) == ("stoppet", 2025)
    ideas.move_idea(engine, idea_id, "innsikt og idé", "Ny runde", user=USER)
    assert project()["phase"] == "innsikt og idé" and pd.isna(project()["end_year"])


def test_a_project_idea_cannot_go_back_to_triage_and_a_rejected_idea_cannot_become_one(engine):
    first = submit(engine).idea_id
    convert(engine, first)
    with pytest.raises(ideas.StageNotAllowed):
        ideas.move_idea(engine, first, "vurderes", "Tilbake", user=USER)
    second = submit(engine, form("Lesevenner")).idea_id
    ideas.move_idea(engine, second, "avslått", "Finnes allerede", user=USER)
    with pytest.raises(ideas.StageNotAllowed):
        convert(engine, second)


def test_deleting_the_project_dataset_on_the_data_page_unlinks_the_idea(engine):
    idea_id = submit(engine).idea_id
    link = convert(engine, idea_id)
    storage.delete_dataset(engine, link.dataset_id)
    assert ideas.list_ideas(engine).iloc[0]["project_id"] is pd.NA
    again = convert(engine, idea_id)  # and it may be made into a project again
    assert again.created and again.project_id == link.project_id


def test_an_invalid_project_draft_lists_every_problem(engine):
    idea_id = submit(engine).idea_id
    with pytest.raises(ideas.InvalidIdea) as raised:
        convert(engine, idea_id, title="", start_year=1800, municipalities=(), budget_nok=-1.0)
    assert {(p.field, p.code) for p in raised.value.problems} == {
        ("project_title", "missing"),
        ("start_year", "year_range"),
        ("municipality", "choose"),
        ("budget_nok", "negative"),
    }
    assert storage.list_datasets(engine).empty


# --- Personal data --------------------------------------------------------------------------


def test_names_and_emails_are_read_only_on_request(engine):
    submit(engine)
    assert not set(schema.IDEA_PERSONAL_COLUMNS) & set(ideas.list_ideas(engine).columns)
    personal = ideas.list_ideas(engine, include_personal=True)
    assert personal.dtypes.to_dict() == schema.IDEAS.dtypes


def test_personal_data_is_absent_from_presentation_exports(engine):
    submit(engine)
    board = ideas.list_ideas(engine, include_personal=True)
    exported = ideas.export_frame(
        board,
        municipality_names={"3314": "Øvre Eiker"},
        sector_names={"pleie_og_omsorg": "Pleie og omsorg"},
        stage_names={s: s.capitalize() for s in schema.IDEA_STAGES},
        several_sectors="Flere",
    )
    workbook = pd.read_excel(io.BytesIO(to_xlsx_bytes(exported)), dtype=str)
    cells = " ".join(workbook.fillna("").to_numpy().ravel().tolist() + list(workbook.columns))
    assert "Digital vaktbytte-tavle" in cells
    assert NAME not in cells and EMAIL not in cells and "Kari" not in cells
    csv = to_csv_bytes(ideas.presentation_table(board)).decode("utf-8-sig")
    assert "Kari" not in csv and "kari.nordmann" not in csv
    # The project an idea becomes carries no personal data either.
    convert(engine, int(board["idea_id"].iloc[0]))
    projects = storage.stored_tables(engine)["projects"].to_csv()
    assert "Digital vaktbytte-tavle" in projects
    assert "Kari" not in projects and "kari.nordmann" not in projects


def test_anonymising_deletes_name_and_email_and_keeps_the_idea_and_its_history(engine):
    idea_id = submit(engine).idea_id
    ideas.move_idea(engine, idea_id, "vurderes", "Ser lovende ut", user=USER)
    assert ideas.anonymise_idea(engine, idea_id, user=USER)
    assert not ideas.anonymise_idea(engine, idea_id, user=USER)  # nothing left to delete
    idea = ideas.list_ideas(engine, include_personal=True).iloc[0]
    assert idea["submitter_name"] is pd.NA and idea["submitter_email"] is pd.NA
    assert not idea["contact_consent"] and idea["anonymised"]
    assert (idea["title"], idea["stage"]) == ("Digital vaktbytte-tavle", "vurderes")
    with engine.connect() as conn:
        raw = conn.execute(sa.select(ideas.IDEAS)).one()._asdict()
    assert NAME not in map(str, raw.values()) and EMAIL not in map(str, raw.values())
    history = ideas.idea_history(engine, [idea_id])
    assert history["action"].astype(str).tolist() == ["filed", "moved", "anonymised"]


# --- Counting ideas -------------------------------------------------------------------------


def test_filed_ideas_count_in_the_capacity_table_in_own_and_both_modes(engine):
    oslo = dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC)  # 1 January 2025 in Norway
    submit(engine, form("Første idé"), now=FILED)
    submit(engine, form("Andre idé"), now=oslo)
    assert ideas.filed_per_year(engine).values.tolist() == [["3314", 2025, 1], ["3314", 2026, 1]]
    demo = load.load_dataset()
    both = storage.combined_dataset(demo, engine).capacity.set_index(["kommunenummer", "year"])
    demo_2025 = demo.capacity.set_index(["kommunenummer", "year"]).loc[("3314", 2025)]
    assert both.loc[("3314", 2025), "ideas_filed"] == demo_2025["ideas_filed"] + 1
    assert both.loc[("3314", 2026), "ideas_filed"] == 1
    storage.set_feed_mode(engine, "own")
    own = storage.combined_dataset(demo, engine).capacity
    assert own[["kommunenummer", "year", "ideas_filed"]].values.tolist() == [
        ["3314", 2025, 1],
        ["3314", 2026, 1],
    ]
    assert own.dtypes.to_dict() == schema.CAPACITY.dtypes


# --- Schema version ---------------------------------------------------------------------------


@pytest.mark.parametrize("backend_url", BACKENDS, indirect=True)
def test_init_db_adds_the_idea_tables_to_a_version_1_database(backend_url):
    engine = storage.make_engine(backend_url)
    storage.init_db(engine)
    with engine.begin() as conn:  # what Innosikt with schema version 1 left behind
        ideas.IDEA_HISTORY.drop(conn)
        ideas.IDEAS.drop(conn)
        conn.execute(sa.delete(storage.SCHEMA_VERSIONS))
        conn.execute(storage.SCHEMA_VERSIONS.insert().values(version=1, applied_at=FILED))
    storage.init_db(engine)
    assert storage.schema_version(engine) == storage.SCHEMA_VERSION
    assert {"ideas", "idea_history"} <= set(sa.inspect(engine).get_table_names())
    submit(engine)
    engine.dispose()


# --- Pure helpers -----------------------------------------------------------------------------


def test_user_text_is_shown_literally_in_markdown():
    text = "![sporing](https://evil.example/x.png) [lenke](javascript:x) **fet** :red[rød]\nlinje"
    escaped = ideas.escape_markdown(text)
    assert "![" not in escaped and "](" not in escaped and "**" not in escaped
    assert ":red[" not in escaped
    assert escaped.replace("\\", "").replace("  \n", "\n") == text


def test_search_finds_reference_text_and_filer_ignoring_case():
    frame = pd.DataFrame(
        {
            "reference": ["IDE-00001", "IDE-00002"],
            "title": ["Vaktplan", "Lesevenner"],
            "problem": ["a", "b"],
            "proposal": ["c", "d"],
            "submitter_email": [pd.NA, "per@kommune.no"],
        },
        dtype="string",
    )
    before = frame.copy()
    assert ideas.search_ideas(frame, "vakt")["reference"].tolist() == ["IDE-00001"]
    assert ideas.search_ideas(frame, "PER@")["reference"].tolist() == ["IDE-00002"]
    assert ideas.search_ideas(frame, "ide-0000")["reference"].tolist() == ["IDE-00001", "IDE-00002"]
    assert len(ideas.search_ideas(frame, "  ")) == 2
    pd.testing.assert_frame_equal(frame, before)


def test_milestones_count_days_to_the_first_pilot_and_operation_stage():
    created = pd.Timestamp(FILED)
    idea_frame = pd.DataFrame(
        {
            "idea_id": pd.array([1, 2], dtype="Int64"),
            "reference": ["IDE-00001", "IDE-00002"],
            "kommunenummer": ["3314", "3314"],
            "created_at": [created, created],
        }
    )
    history = pd.DataFrame(
        {
            "idea_id": pd.array([1, 1, 1, 2], dtype="Int64"),
            "changed_at": [created + pd.Timedelta(days=d) for d in (10, 40, 90, 5)],
            # Idea 1 skips «utvikling og utprøving»: it reached pilot when it reached operation.
            "to_stage": ["vurderes", "overgang til drift", "ny praksis", "vurderes"],
        }
    )
    result = ideas.milestones(idea_frame, history)
    assert result[["idea_id", "milestone", "days"]].astype(str).values.tolist() == [
        ["1", "pilot", "40.0"],
        ["1", "drift", "40.0"],
    ]
    assert result.dtypes.to_dict() == schema.IDEA_MILESTONES.dtypes


def test_add_filed_ideas_adds_to_existing_counts_and_keeps_missing_ones_missing():
    capacity = schema.conform(
        pd.DataFrame(
            {
                "kommunenummer": ["3314", "3314", "0301"],
                "year": [2024, 2025, 2025],
                "innovation_fte": [1.0, 2.0, 3.0],
                "leaders_trained": [1, 2, 3],
                "ideas_filed": [10, None, None],
            }
        ),
        schema.CAPACITY,
    )
    filed = pd.DataFrame(
        {"kommunenummer": ["3314", "3314"], "year": [2024, 2025], "ideas_filed": [2, 3]}
    ).astype({"kommunenummer": "string", "year": "Int64", "ideas_filed": "Int64"})
    before = capacity.copy()
    result = ideas.add_filed_ideas(capacity, filed)
    assert result["kommunenummer"].tolist() == ["0301", "3314", "3314"]
    assert result["ideas_filed"].fillna(-1).tolist() == [-1, 12, 3]
    assert result.dtypes.to_dict() == schema.CAPACITY.dtypes
    pd.testing.assert_frame_equal(capacity, before)
