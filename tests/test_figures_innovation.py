"""Figure builders and data shaping for «Innovasjon og resultater», on tiny inline frames."""

import numpy as np
import pandas as pd
import pytest

from analysis import figures_innovation as fi
from analysis import stats

ROLE_NAMES = {"other": "Andre", "group": "Gruppen", "chosen": "Valgt"}


def totals() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kommunenummer": pd.array(["0001", "0001", "0002"], dtype="string"),
            "year": pd.array([2015, 2016, 2015], dtype="Int64"),
            "total": pd.array([3.0, 3.5, None], dtype="Float64"),
        }
    )


def sector_scores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kommunenummer": pd.array(["0001", "0001"], dtype="string"),
            "year": pd.array([2015, 2015], dtype="Int64"),
            "sector_id": pd.array(["helse", "kultur"], dtype="string"),
            "score": pd.array([4.0, 2.0], dtype="Float64"),
        }
    )


def indicator_scores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kommunenummer": pd.array(["0001", "0001"], dtype="string"),
            "year": pd.array([2015, 2015], dtype="Int64"),
            "indicator_id": pd.array(["a", "b"], dtype="string"),
            "score": pd.array([1.5, 5.5], dtype="Float64"),
        }
    )


def points(n: int = 12) -> pd.DataFrame:
    codes = [f"{i:04d}" for i in range(n)]
    roles = ["chosen", "group", "group"] + ["other"] * (n - 3)
    return pd.DataFrame(
        {
            "kommunenummer": pd.array(codes, dtype="string"),
            "activity": pd.array(np.linspace(0, 10, n), dtype="Float64"),
            "change": pd.array(np.linspace(-1, 1, n) + np.tile([0.1, -0.1], n // 2), "Float64"),
            "name": pd.array([f"K{i}" for i in range(n)], dtype="string"),
            "population": pd.array([1000 * (i + 1) for i in range(n)], dtype="Int64"),
            "role": pd.array(roles, dtype="string"),
        }
    )


def scatter(frame: pd.DataFrame, fit=None):
    return fi.activity_scatter(
        frame,
        fit,
        title="Tittel",
        x_label="Aktivitet",
        y_label="Endring",
        source="Kilde: test. n = 12",
        role_names=ROLE_NAMES,
        population_label="Innbyggere",
        fit_name="Trendlinje",
        band_name="95 % KI",
    )


def test_outcome_panel_for_total_uses_the_total_grade():
    result = fi.outcome_panel(totals(), sector_scores(), indicator_scores())
    assert list(result.columns) == ["kommunenummer", "year", "outcome"]
    assert result["outcome"].tolist()[:2] == [3.0, 3.5]
    assert result["outcome"].isna().sum() == 1


def test_outcome_panel_for_a_sector_uses_that_sectors_grade():
    result = fi.outcome_panel(totals(), sector_scores(), indicator_scores(), "kultur")
    assert result["outcome"].tolist() == [2.0]


def test_outcome_panel_for_an_indicator_uses_its_grade_not_its_value():
    result = fi.outcome_panel(totals(), sector_scores(), indicator_scores(), "helse", "b")
    assert result["outcome"].tolist() == [5.5]


def test_outcome_panel_does_not_change_its_input():
    before = sector_scores()
    frame = before.copy()
    fi.outcome_panel(totals(), frame, indicator_scores(), "helse")
    pd.testing.assert_frame_equal(frame, before)


def test_scatter_points_mark_chosen_group_and_others():
    change = pd.DataFrame(
        {
            "kommunenummer": pd.array(["0001", "0002", "0003"], dtype="string"),
            "activity": [1.0, 2.0, 3.0],
            "change": [0.1, 0.2, 0.3],
        }
    )
    municipalities = pd.DataFrame(
        {
            "kommunenummer": pd.array(["0001", "0002", "0003", "0004"], dtype="string"),
            "name": pd.array(["A", "B", "C", "D"], dtype="string"),
            "population": pd.array([10, 20, 30, 40], dtype="Int64"),
        }
    )
    result = fi.scatter_points(change, municipalities, "0002", ("0003", "0004"))
    assert result["role"].tolist() == ["other", "chosen", "group"]
    assert result["name"].tolist() == ["A", "B", "C"]


def test_points_table_puts_the_chosen_municipality_first_and_translates_roles():
    table = fi.points_table(points(), ROLE_NAMES)
    assert table["role"].iloc[0] == "Valgt"
    assert table["role"].iloc[1:3].tolist() == ["Gruppen", "Gruppen"]
    assert list(table.columns) == [
        "name",
        "kommunenummer",
        "activity",
        "change",
        "population",
        "role",
    ]


def test_format_correlation_writes_norwegian_decimals():
    result = stats.Correlation(
        r=0.3114, low=-0.21, high=0.401, n=340, p_value=0.01, method="pearson"
    )
    text = fi.format_correlation(result, "r = {r} (95 % KI {low} til {high}), n = {n}")
    assert text == "r = 0,31 (95 % KI −0,21 til 0,40), n = 340"


def test_scatter_without_fit_has_one_trace_per_role_and_labels_chosen_and_group():
    fig = scatter(points())
    assert [trace.name for trace in fig.data] == ["Andre", "Gruppen", "Valgt"]
    assert fig.data[2].mode == "markers+text"
    assert list(fig.data[2].text) == ["K0"]
    assert fig.data[1].mode == "markers+text"
    assert fig.data[0].mode == "markers"
    assert fig.layout.title.text == "Tittel"
    assert fig.layout.xaxis.title.text == "Aktivitet"
    assert fig.layout.yaxis.title.text == "Endring"
    assert any("n = 12" in a.text for a in fig.layout.annotations)


def test_scatter_with_fit_adds_band_and_line_below_the_points():
    frame = points()
    fig = scatter(frame, stats.ols_fit(frame["activity"], frame["change"]))
    assert [trace.name for trace in fig.data][:2] == ["95 % KI", "Trendlinje"]
    assert fig.data[0].fill == "toself"
    assert len(fig.data[1].x) == stats.GRID_POINTS


def test_scatter_marker_grows_with_population():
    fig = scatter(points())
    others = fig.data[0]
    assert others.marker.size[-1] == pytest.approx(fi.MARKER_MAX)
    assert others.marker.size[0] < others.marker.size[-1]


def test_scatter_hover_names_the_municipality_with_norwegian_formats():
    fig = scatter(points())
    assert "%{customdata[0]}" in fig.data[0].hovertemplate
    assert "%{x:,.2f}" in fig.data[0].hovertemplate
    assert fig.data[0].customdata[0][0] == "K3"


def test_big_group_is_coloured_but_not_labelled():
    frame = points(40).assign(role=lambda d: ["chosen"] + ["group"] * 30 + ["other"] * 9)
    fig = scatter(frame)
    assert fig.data[1].name == "Gruppen" and fig.data[1].mode == "markers"


def study(n_treated: int = 20) -> pd.DataFrame:
    years = list(range(-3, 6))
    rows = []
    for group, n in (("treated", n_treated), ("comparison", 30)):
        for k in years:
            mean = 0.0 if k == -1 else 0.01 * k
            rows.append((group, k, mean, mean - 0.02, mean + 0.02, n if k < 4 else 5))
    return pd.DataFrame(rows, columns=["group", "relative_year", "mean", "low", "high", "n"])


def event_figure(frame: pd.DataFrame):
    return fi.event_study_figure(
        frame,
        title="Forløp",
        x_label="År før/etter første prosjekt",
        y_label="Endring",
        source="Kilde: test",
        group_names={"treated": "Startet", "comparison": "Uten"},
        n_label="n",
        ci_label="95 % KI",
    )


def test_event_study_figure_draws_band_and_line_per_group():
    fig = event_figure(study())
    lines = [trace for trace in fig.data if trace.mode == "lines+markers"]
    assert [trace.name for trace in lines] == ["Startet", "Uten"]
    assert sum(trace.fill == "toself" for trace in fig.data) == 2
    assert fig.layout.xaxis.title.text == "År før/etter første prosjekt"


def test_event_study_figure_drops_years_with_fewer_than_ten_municipalities():
    fig = event_figure(study())
    line = next(trace for trace in fig.data if trace.name == "Startet")
    assert list(line.x) == [-3, -2, -1, 0, 1, 2, 3]


def test_event_study_figure_has_zero_lines_at_minus_one_and_zero():
    fig = event_figure(study())
    shapes = fig.layout.shapes
    assert any(shape.x0 == -1 and shape.x1 == -1 for shape in shapes)
    assert any(shape.y0 == 0 and shape.y1 == 0 for shape in shapes)


def test_event_study_figure_shows_n_in_hover():
    fig = event_figure(study())
    line = next(trace for trace in fig.data if trace.name == "Uten")
    assert "%{customdata[0]" in line.hovertemplate
    assert line.customdata[0][0] == 30
