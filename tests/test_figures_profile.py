"""Data shaping and figures for «Oversikt» and «Kommuneprofil», on tiny inline frames."""

import pandas as pd
import pytest

from analysis import figures_profile as fp
from analysis import schema

LABELS = {
    "x_axis": "År",
    "y_axis": "Karakter (1–6)",
    "grade": "karakter",
    "median_of": "median av",
    "phase": "Fase",
    "real": "Reelt prosjekt",
    "demo": "Demodata",
    "source": "Kilde",
    "award": "Innovasjonspris",
    "timeline": "Prosjekter etter fase:",
}
SERIES_NAMES = {"municipality": "A-by", "group": "Gruppen", "national": "Landet"}
MUNICIPALITIES = pd.DataFrame(
    {
        "kommunenummer": pd.array(["0001", "0002", "0003", "0004"], dtype="string"),
        "name": pd.array(["A-by", "B-by", "C-by", "D-by"], dtype="string"),
        "lat": pd.array([60.0, 61.0, 62.0, 63.0], dtype="Float64"),
        "lon": pd.array([10.0, 11.0, 12.0, 13.0], dtype="Float64"),
    }
)


def totals() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kommunenummer": pd.array(["0001", "0002", "0003", "0004"] * 2, dtype="string"),
            "year": pd.array([2020] * 4 + [2021] * 4, dtype="Int64"),
            "total": pd.array([3.0, 4.0, 5.0, 2.0, 5.5, 4.0, 3.0, None], dtype="Float64"),
            "rank": pd.array([3, 2, 1, 4, 1, 2, 3, None], dtype="Int64"),
            "rank_change": pd.array([None] * 4 + [2, 0, -2, None], dtype="Int64"),
        }
    )


def sector_scores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kommunenummer": pd.array(["0001", "0001", "0002", "0002", "0003"], dtype="string"),
            "year": pd.array([2021] * 5, dtype="Int64"),
            "sector_id": pd.array(["skole", "helse", "skole", "helse", "skole"], dtype="string"),
            "score": pd.array([5.0, 2.0, 3.0, None, 4.0], dtype="Float64"),
        }
    )


SECTORS = pd.DataFrame(
    {
        "sector_id": pd.array(["skole", "helse"], dtype="string"),
        "name": pd.array(["Grunnskole", "Helse"], dtype="string"),
    }
)


def projects() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": pd.array(["P1", "P2", "P3", "P4", "P5"], dtype="string"),
            "title": pd.array(
                ["Velferdsteknologi", "Velferdsteknologi", "Ny skole", "Gammel", "Stopp"],
                dtype="string",
            ),
            "phase": pd.Categorical(
                ["ny praksis", "innsikt og idé", "ny praksis", "ny praksis", "stoppet"],
                categories=schema.PHASES,
                ordered=True,
            ),
            "start_year": pd.array([2018, 2018, 2020, 2010, 2019], dtype="Int64"),
            "end_year": pd.array([None, None, 2021, 2012, None], dtype="Int64"),
            "is_real": pd.array([True, False, False, False, False], dtype="boolean"),
            "source": pd.array(
                ["KS (ks.no)", "Demodata", "Demodata", "Demodata", "Demodata"], dtype="string"
            ),
        }
    )


MEMBERS = pd.DataFrame(
    {
        "project_id": pd.array(["P1", "P2", "P3", "P4", "P5", "P3"], dtype="string"),
        "kommunenummer": pd.array(["0001", "0001", "0001", "0001", "0001", "0002"], dtype="string"),
    }
)


def test_grade_panel_takes_the_total_or_one_sector():
    assert fp.grade_panel(totals(), sector_scores(), "total")["grade"].tolist()[:2] == [3.0, 4.0]
    skole = fp.grade_panel(totals(), sector_scores(), "skole")
    assert skole["grade"].tolist() == [5.0, 3.0, 4.0]
    assert list(skole.columns) == ["kommunenummer", "year", "grade"]


def test_against_peers_gives_municipality_group_and_national_median_with_n():
    panel = fp.grade_panel(totals(), sector_scores(), "total")
    before = panel.copy()
    out = fp.against_peers(panel, "0001", ["0002", "0003"], "grade")
    year_2021 = out[out["year"] == 2021].set_index("series")
    assert year_2021.loc["municipality", "value"] == 5.5
    assert year_2021.loc["group", "value"] == 3.5
    assert year_2021.loc["group", "n"] == 2
    assert year_2021.loc["national", "value"] == 4.0  # median of 5.5, 4, 3; D-by has none
    assert year_2021.loc["national", "n"] == 3
    pd.testing.assert_frame_equal(panel, before)


def test_against_peers_with_an_empty_group_has_no_group_rows():
    panel = fp.grade_panel(totals(), sector_scores(), "total")
    out = fp.against_peers(panel, "0001", [], "grade")
    assert set(out["series"]) == {"municipality", "national"}


def test_sector_extremes_puts_the_best_first_and_skips_missing_grades():
    out = fp.sector_extremes(sector_scores(), SECTORS, "0002", 2021)
    assert out["name"].tolist() == ["Grunnskole"]
    assert fp.sector_extremes(sector_scores(), SECTORS, "0001", 2021)["name"].tolist() == [
        "Grunnskole",
        "Helse",
    ]


def test_map_values_picks_the_measure_for_the_year():
    measures = pd.DataFrame(
        {
            "kommunenummer": pd.array(["0001"], dtype="string"),
            "year": pd.array([2021], dtype="Int64"),
            "innovation_index": pd.array([80.0], dtype="Float64"),
            "active_per_10k": pd.array([1.5], dtype="Float64"),
        }
    )
    rank = fp.map_values(totals(), sector_scores(), measures, "rank", 2021)
    assert rank["value"].tolist()[:3] == [1.0, 2.0, 3.0]
    sector = fp.map_values(totals(), sector_scores(), measures, "sector", 2021, "helse")
    assert sector["value"].tolist()[0] == 2.0
    index = fp.map_values(totals(), sector_scores(), measures, "innovation_index", 2021)
    assert index["value"].tolist() == [80.0]
    with pytest.raises(ValueError):
        fp.map_values(totals(), sector_scores(), measures, "nonsense", 2021)


def test_map_frame_keeps_every_municipality_with_missing_values():
    values = pd.DataFrame({"kommunenummer": pd.array(["0002"], dtype="string"), "value": [4.0]})
    out = fp.map_frame(MUNICIPALITIES, values, "value")
    assert len(out) == 4
    assert out["value"].notna().tolist() == [False, True, False, False]


def test_movers_lists_climbers_then_fallers_and_leaves_out_unchanged():
    out = fp.movers(totals(), MUNICIPALITIES, 2021)
    assert out["name"].tolist() == ["A-by", "C-by"]
    assert out["direction"].tolist() == ["up", "down"]
    assert fp.movers(totals(), MUNICIPALITIES, 2020).empty  # first year: no change


def test_project_timeline_keeps_projects_in_the_period_and_ends_open_ones_at_the_last_year():
    out = fp.project_timeline(projects(), MEMBERS, "0001", (2015, 2021))
    assert out["project_id"].tolist() == ["P1", "P2", "P5", "P3"]  # P4 ended before 2015
    last = dict(zip(out["project_id"], out["last_year"], strict=True))
    assert last == {"P1": 2021, "P2": 2021, "P5": 2019, "P3": 2021}  # stopped: start year only
    assert out["label"].is_unique  # two projects share a title and years


def test_project_timeline_is_empty_for_a_municipality_without_projects():
    assert fp.project_timeline(projects(), MEMBERS, "0004", (2015, 2021)).empty


def test_latest_by_sector_follows_the_catalogue_order():
    out = fp.latest_by_sector(sector_scores(), SECTORS, "0001", ["0002"], 2021)
    assert out["name"].drop_duplicates().tolist() == ["Grunnskole", "Helse"]
    own = out[out["series"] == "municipality"].set_index("sector_id")["value"]
    assert own.to_dict() == {"skole": 5.0, "helse": 2.0}


def outcome_figure(timeline: pd.DataFrame, awards: pd.DataFrame | None = None):
    panel = fp.grade_panel(totals(), sector_scores(), "total")
    return fp.outcome_and_timeline(
        fp.against_peers(panel, "0001", ["0002"], "grade"),
        timeline,
        awards if awards is not None else pd.DataFrame(columns=["project_id", "year", "award"]),
        years=(2018, 2021),
        title="A-by: totalkarakter og prosjekter",
        series_names=SERIES_NAMES,
        phase_names={},
        labels=LABELS,
        source="Kilde: test. n = 4.",
    )


def test_outcome_and_timeline_shares_the_year_axis_and_colours_by_phase():
    timeline = fp.project_timeline(projects(), MEMBERS, "0001", (2018, 2021))
    awards = pd.DataFrame(
        {
            "project_id": pd.array(["P1"], dtype="string"),
            "year": pd.array([2020], dtype="Int64"),
            "award": pd.array(["KMDs innovasjonspris"], dtype="string"),
            "result": pd.Categorical(["vinner"], categories=schema.AWARD_RESULTS),
        }
    )
    fig = outcome_figure(timeline, awards)
    lines = [t for t in fig.data if t.type == "scatter" and t.mode == "lines+markers"]
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in lines] == ["Landet", "Gruppen", "A-by"]
    assert [t.name for t in bars] == ["innsikt og idé", "ny praksis", "stoppet"]  # PHASES order
    assert all(t.xaxis == "x2" for t in bars)
    assert fig.layout.xaxis.matches == "x2" or fig.layout.xaxis2.matches == "x"
    stars = [t for t in fig.data if t.name == "Innovasjonspris"]
    assert list(stars[0].x) == [2020]
    assert fig.layout.title.text == "A-by: totalkarakter og prosjekter"
    assert any("n = 4" in a.text for a in fig.layout.annotations)


def test_real_projects_are_bold_and_carry_their_source_in_the_hover():
    timeline = fp.project_timeline(projects(), MEMBERS, "0001", (2018, 2021))
    fig = outcome_figure(timeline)
    bold = [text for text in fig.layout.yaxis2.ticktext if text.startswith("<b>")]
    assert len(bold) == 1 and "Velferdsteknologi" in bold[0]
    new_practice = next(t for t in fig.data if t.name == "ny praksis")
    assert any("KS (ks.no)" in str(row[3]) for row in new_practice.customdata)


def test_outcome_without_projects_has_only_the_grade_panel():
    fig = outcome_figure(fp.project_timeline(projects(), MEMBERS, "0004", (2018, 2021)))
    assert {t.type for t in fig.data} == {"scatter"}
    assert "xaxis2" not in fig.layout.to_plotly_json()


def test_sectors_against_peers_draws_three_grouped_series():
    latest = fp.latest_by_sector(sector_scores(), SECTORS, "0001", ["0002"], 2021)
    fig = fp.sectors_against_peers(
        latest,
        title="Sektorkarakterer 2021",
        x_label="Sektorkarakter (1–6)",
        series_names=SERIES_NAMES,
        hover_median="median av",
        source="Kilde: test. n = 3.",
    )
    assert [t.name for t in fig.data] == ["A-by", "Gruppen", "Landet"]
    assert fig.layout.barmode == "group"
    assert list(fig.data[0].y) == ["Grunnskole", "Helse"]
    assert fig.layout.xaxis.title.text == "Sektorkarakter (1–6)"


def test_overview_map_adds_the_source_line():
    geojson = {"type": "FeatureCollection", "features": []}
    frame = fp.map_frame(
        MUNICIPALITIES,
        pd.DataFrame({"kommunenummer": pd.array(["0001"], dtype="string"), "value": [3.0]}),
        "value",
    )
    fig = fp.overview_map(
        frame, geojson, "value", label="Totalkarakter", title="Kart", source="Kilde: test. n = 1."
    )
    assert any(a.text == "Kilde: test. n = 1." for a in fig.layout.annotations)
    assert fig.layout.title.text == "Kart"


def test_a_kept_national_median_gives_the_same_comparison():
    panel = fp.grade_panel(totals(), sector_scores(), fp.TOTAL)
    kept = fp.national_median(panel, "grade")
    pd.testing.assert_frame_equal(
        fp.against_peers(panel, "0001", ["0002"], "grade", national=kept),
        fp.against_peers(panel, "0001", ["0002"], "grade"),
    )
    year_scores = sector_scores().loc[lambda d: d["year"] == 2021]
    pd.testing.assert_frame_equal(
        fp.latest_by_sector(
            sector_scores(),
            SECTORS,
            "0001",
            ["0002"],
            2021,
            national=fp.national_median(year_scores, "score", "sector_id"),
        ),
        fp.latest_by_sector(sector_scores(), SECTORS, "0001", ["0002"], 2021),
    )
