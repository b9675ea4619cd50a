"""Slides: every chart kind re-drawn from a view, and the presentation look."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis import figures, ideas, load, maps, slides, storage

CODE = "3314"  # Øvre Eiker
PORTFOLIO = {
    "code": CODE,
    "group_kind": "peer_group",
    "custom": [],
    "sector": "total",
    "years": [2016, 2024],
    "scope": "group",
    "real_only": False,
}
FILED = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
VIEWS = {
    "rank_history": {"code": CODE, "years": [2016, 2024]},
    "map": {"code": CODE, "measure": "total", "year": 2024, "sector": "total"},
    "profile_outcome": {
        "code": CODE,
        "group_kind": "peer_group",
        "custom": [],
        "sector": "total",
        "years": [2016, 2024],
    },
    "sector_comparison": {"code": CODE, "group_kind": "county", "custom": [], "year": 2024},
    "innovation_scatter": {
        "code": CODE,
        "group_kind": "peer_group",
        "custom": [],
        "sector": "total",
        "indicator": None,
        "measure": "innovation_index",
        "years": [2016, 2024],
        "lag": 1,
    },
    "bump": {"code": CODE, "codes": [CODE, "0301", "3301"], "years": [2016, 2024]},
    "event_study": {"sector": "total", "indicator": None},
    "grading_curve": {"code": CODE, "indicator": "gs_grunnskolepoeng", "year": 2024},
    "portfolio_funnel": PORTFOLIO,
    "portfolio_partners": PORTFOLIO,
    "portfolio_sectors": PORTFOLIO,
    "portfolio_milestones": PORTFOLIO,
    "portfolio_peers": {key: PORTFOLIO[key] for key in ("code", "group_kind", "custom", "years")},
    "portfolio_network": PORTFOLIO,
}


@pytest.fixture(scope="module")
def idea_bank(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    return make_idea_bank(tmp_path_factory.mktemp("ideas") / "innosikt.sqlite")


def make_idea_bank(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ideas and their history as the app reads them, from a database at `path` holding one
    idea from Øvre Eiker that reached piloting 30 days after it was filed."""
    engine = storage.make_engine(f"sqlite:///{path}")
    storage.init_db(engine)
    receipt = ideas.submit_idea(
        engine,
        ideas.IdeaForm(
            title="Digital vaktbytte-tavle",
            problem="Vaktbytter avtales på lapper og SMS, og ingen har oversikt.",
            proposal="En digital tavle der ansatte legger ut og tar vakter.",
            sector_id="pleie_og_omsorg",
            kommunenummer=CODE,
            submitter_name="Kari Nordmann",
            submitter_email="kari@example.no",
            contact_consent=True,
        ),
        ideas.new_token(),
        valid_codes={CODE},
        valid_sectors={"pleie_og_omsorg"},
        now=FILED,
    )
    ideas.move_idea(
        engine,
        receipt.idea_id,
        "utvikling og utprøving",
        "Prøves ut på to avdelinger",
        user="analytiker@example.no",
        now=FILED + dt.timedelta(days=30),
    )
    bank = ideas.list_ideas(engine), ideas.idea_history(engine)
    engine.dispose()
    return bank


@pytest.fixture(scope="module")
def data(idea_bank: tuple) -> slides.SlideData:
    dataset = load.load_dataset()
    bank, history = idea_bank
    return slides.SlideData.from_dataset(
        dataset, maps.load_geojson(), ideas=bank, idea_history=history
    )


def test_every_kind_has_a_view_in_these_tests():
    assert set(VIEWS) == set(slides.KINDS)


@pytest.mark.parametrize("kind", sorted(VIEWS))
def test_every_kind_draws_its_view_with_title_and_source(kind, data):
    view = copy.deepcopy(VIEWS[kind])
    drawn = slides.build(kind, view, data)
    assert drawn.figure.data
    assert drawn.figure.layout.title.text == drawn.title
    assert drawn.source in [a.text for a in drawn.figure.layout.annotations]
    assert view == VIEWS[kind]  # the view was not changed


def test_a_slide_is_drawn_in_english_when_asked(data):
    drawn = slides.build("rank_history", VIEWS["rank_history"], data, "en")
    assert "rank" in drawn.title and drawn.source.startswith("Source")


def test_unknown_kinds_and_impossible_views_raise_slide_not_drawable(data):
    with pytest.raises(slides.SlideNotDrawable):
        slides.build("pie", {}, data)
    with pytest.raises(slides.SlideNotDrawable):
        slides.build("rank_history", {"code": "9999", "years": [2016, 2024]}, data)
    with pytest.raises(slides.SlideNotDrawable):
        slides.build("rank_history", {"code": CODE}, data)  # no years


def test_make_view_keeps_the_kinds_fields_as_plain_json_values():
    fields = {"code": CODE, "years": (2016, 2024), "sector": "total", "group_kind": "county"}
    assert slides.make_view("rank_history", fields) == {"code": CODE, "years": [2016, 2024]}


def test_for_presentation_makes_every_text_at_least_24_px_and_leaves_the_input(data):
    fig = slides.build("bump", VIEWS["bump"], data).figure
    before = fig.to_json()
    slide = figures.for_presentation(fig, title="Egen tittel")
    assert fig.to_json() == before
    layout = slide.layout
    assert layout.template.layout.font.size >= figures.PRESENTATION_TEXT_PX
    assert layout.title.text == "Egen tittel"
    assert all(a.font.size >= figures.PRESENTATION_TEXT_PX for a in layout.annotations)
    assert layout.xaxis.tickfont.size >= figures.PRESENTATION_TEXT_PX
    assert layout.yaxis.title.font.size >= figures.PRESENTATION_TEXT_PX
    assert layout.paper_bgcolor is None  # from the template: white
    assert layout.template.layout.paper_bgcolor == "#FFFFFF"


def test_for_presentation_can_leave_out_title_and_source_line(data):
    drawn = slides.build("rank_history", VIEWS["rank_history"], data)
    slide = figures.for_presentation(drawn.figure, show_title=False, drop_text=drawn.source)
    assert slide.layout.title.text is None
    assert drawn.source not in [a.text for a in slide.layout.annotations]


# --- The kinds added for the innovation, method and portfolio pages -------------------------


def test_the_event_study_slide_names_its_outcome_and_both_groups(data):
    drawn = slides.build("event_study", VIEWS["event_study"], data)
    assert "totalkarakter" in drawn.title
    names = {trace.name for trace in drawn.figure.data if trace.name}
    assert names == {"Kommuner som starter sitt første prosjekt", "Kommuner uten prosjekter"}


def test_the_event_study_slide_follows_the_chosen_sector(data):
    drawn = slides.build("event_study", {"sector": "grunnskole", "indicator": None}, data)
    assert "grunnskole" in drawn.title


def test_the_grading_curve_marks_the_municipality_and_writes_numbers_in_the_readers_language(data):
    bokmal = slides.build("grading_curve", VIEWS["grading_curve"], data)
    english = slides.build("grading_curve", VIEWS["grading_curve"], data, "en")
    assert [trace.text for trace in bokmal.figure.data if trace.mode == "markers+text"] == [
        ("Øvre Eiker",)
    ]
    marks = {a.text for a in bokmal.figure.layout.annotations}
    assert "snitt = 3,5" in marks and "mean = 3.5" in {
        a.text for a in english.figure.layout.annotations
    }


def test_a_grading_curve_of_an_unknown_indicator_is_not_drawable(data):
    with pytest.raises(slides.SlideNotDrawable):
        slides.build("grading_curve", {**VIEWS["grading_curve"], "indicator": "finnes_ikke"}, data)


def test_portfolio_slides_name_whose_portfolio_they_show(data):
    titles = {
        scope: slides.build("portfolio_partners", {**PORTFOLIO, "scope": scope}, data).title
        for scope in slides.PORTFOLIO_SCOPES
    }
    assert titles["municipality"].endswith("(Øvre Eiker)")
    assert titles["group"].endswith("(Øvre Eiker og sammenligningsgruppen)")
    assert titles["national"].endswith("(Hele landet)")


def test_the_funnel_slide_counts_the_idea_bank_s_ideas(data):
    funnel = slides.build("portfolio_funnel", {**PORTFOLIO, "scope": "municipality"}, data)
    from_bank = next(trace for trace in funnel.figure.data if trace.name == "Idébanken")
    assert sum(from_bank.x) == 1  # the one idea, at its stage
    assert funnel.source.endswith("1 idéer")


def test_the_milestone_slide_shows_days_from_filing_to_pilot(data):
    drawn = slides.build("portfolio_milestones", PORTFOLIO, data)
    pilot = drawn.figure.data[0]
    assert list(pilot.y) == [30.0]


def test_portfolio_slides_need_the_idea_bank(data):
    without = slides.SlideData(data.dataset, data.scores, data.measures, data.geojson)
    assert {
        "portfolio_funnel",
        "portfolio_partners",
        "portfolio_sectors",
        "portfolio_milestones",
        "portfolio_network",
    } == slides.IDEA_BANK_KINDS
    for kind in slides.IDEA_BANK_KINDS:
        with pytest.raises(slides.SlideNotDrawable):
            slides.build(kind, VIEWS[kind], without)
    assert slides.build("portfolio_peers", VIEWS["portfolio_peers"], without).figure.data


def test_a_wider_scope_counts_at_least_as_many_projects(data):
    counts = [
        len(
            slides.portfolio_in_scope(
                data.dataset,
                data.ideas,
                code=CODE,
                group=("3301", "3303"),
                scope=scope,
                years=(2016, 2024),
                last_data_year=2024,
                sector=None,
                real_only=False,
            )[0]
        )
        for scope in slides.PORTFOLIO_SCOPES
    ]
    assert counts == sorted(counts) and counts[0] < counts[-1]
