"""Slides: every chart kind re-drawn from a view, and the presentation look."""

from __future__ import annotations

import copy

import pytest

from analysis import figures, load, maps, slides

CODE = "3314"  # Øvre Eiker
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
}


@pytest.fixture(scope="module")
def data() -> slides.SlideData:
    dataset = load.load_dataset()
    return slides.SlideData.from_dataset(dataset, maps.load_geojson())


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
