"""Metode og kilder: how grades, ranks and the innovation index are computed; data sources."""

import streamlit as st

from analysis import figures_ranking as fr
from analysis import innovation, scoring, slides, stats
from app_pages import _ui


def num(value: float, decimals: int = 0) -> str:
    """A number in the reader's language: 3,5 in bokmål, 3.5 in English."""
    return slides.format_number(value, decimals, _ui.lang())


def pct(share: float) -> str:
    return num(100 * share)


@st.cache_data(show_spinner=False)
def worked_example() -> tuple[scoring.WorkedExample, scoring.Scores]:
    example = scoring.worked_example()
    return example, scoring.score_all(*example)


sel = _ui.selection()
data = _ui.dataset()
first, year = sel.years
constants = {
    "min": num(scoring.MIN_GRADE),
    "avg": num(scoring.AVERAGE_GRADE, 1),
    "max": num(scoring.MAX_GRADE),
    "lower": pct(scoring.LOWER_PERCENTILE),
    "upper": pct(scoring.UPPER_PERCENTILE),
    "coverage": pct(scoring.MIN_COVERAGE),
}

st.title(_ui.tr("page_method"))
_ui.demo_notice()
st.caption(_ui.tr("met_intro"))
scores_tab, example_tab, innovation_tab, data_tab = st.tabs(
    [
        _ui.tr("met_tab_scores"),
        _ui.tr("met_tab_example"),
        _ui.tr("met_tab_innovation"),
        _ui.tr("met_tab_data"),
    ]
)

with scores_tab:
    st.markdown(_ui.tr("met_scores", **constants))
    indicators = data.indicators.set_index("indicator_id")
    with st.container(border=True):
        indicator = st.selectbox(
            _ui.tr("met_curve_indicator"),
            indicators.index.tolist(),
            format_func=lambda i: indicators.loc[i, "name"],
            key="metode_indikator",
        )
        rows = data.values.loc[
            (data.values["indicator_id"] == indicator) & (data.values["year"] == year)
        ].dropna(subset=["value"])
        if rows["value"].nunique() < 2:
            st.info(_ui.tr("met_curve_empty", year=year))
        else:
            direction = str(indicators.loc[indicator, "direction"])
            reference = fr.reference_values(rows["value"])
            curve = fr.grading_curve_data(rows["value"], direction)
            own = rows.loc[rows["kommunenummer"] == sel.code, "value"]
            point = None
            if not own.empty:
                own_grade = fr.grades_for(own, direction, reference)[0]
                point = (float(own.iloc[0]), float(own_grade), sel.name)
            unit = indicators.loc[indicator, "unit"]
            fig = fr.grading_curve(
                curve,
                reference,
                title=_ui.tr("met_curve_title", name=indicators.loc[indicator, "name"], year=year),
                x_label=f"{indicators.loc[indicator, 'name']} ({unit})",
                y_label=_ui.tr("met_curve_y"),
                source=_ui.tr("source_demo", n=len(rows)),
                marks=slides.grading_curve_marks(slides.Texts(_ui.lang())),
                point=point,
            )
            _ui.chart_card(
                fig,
                curve,
                key="metode_kurve",
                file_name=f"karakterkurve_{indicator}",
                view=_ui.slide_view("grading_curve", indicator=indicator, year=year),
            )
            st.caption(_ui.tr(f"met_direction_{direction}"))
    st.subheader(_ui.tr("met_weights_header"))
    st.dataframe(
        data.sectors[["name", "weight"]].assign(
            weight=lambda d: d["weight"].map(lambda w: f"{num(w, 1)} %")
        ),
        hide_index=True,
        height="content",  # all twelve sectors, no scrolling
        column_config={
            "name": st.column_config.TextColumn(_ui.tr("met_col_sector")),
            "weight": st.column_config.TextColumn(_ui.tr("met_col_weight"), alignment="right"),
        },
        key="metode_vekter",
    )
    st.caption(_ui.tr("met_weights_caption", total=num(float(data.sectors["weight"].sum()), 1)))

with example_tab:
    example, example_scores = worked_example()
    names = dict(zip(example.indicators["indicator_id"], example.indicators["name"], strict=True))
    sector_names = dict(zip(example.sectors["sector_id"], example.sectors["name"], strict=True))
    st.markdown(_ui.tr("met_example_intro", coverage=constants["coverage"]))
    right = {
        name: st.column_config.TextColumn(alignment="right")
        for name in [*names.values(), *sector_names.values()]
    }
    common = {
        "kommunenummer": st.column_config.TextColumn(_ui.tr("met_col_unit"), pinned=True),
        "year": st.column_config.NumberColumn(_ui.tr("axis_year"), format="%d"),
    }
    tables = fr.example_tables(example, example_scores)
    st.subheader(_ui.tr("met_example_values"))
    st.dataframe(
        tables.values, hide_index=True, column_config=common | right, key="metode_eks_verdier"
    )
    st.caption(_ui.tr("met_example_catalogue"))
    st.dataframe(
        example.indicators[["name", "sector_id", "direction", "weight"]].assign(
            sector_id=lambda d: d["sector_id"].map(sector_names),
            direction=lambda d: d["direction"].map(lambda x: _ui.tr(f"met_better_{x}")),
        ),
        hide_index=True,
        column_config={
            "name": _ui.tr("met_col_indicator"),
            "sector_id": _ui.tr("met_col_sector"),
            "direction": _ui.tr("met_col_direction"),
            "weight": st.column_config.NumberColumn(_ui.tr("met_col_weight_in_sector")),
        },
        key="metode_eks_katalog",
    )
    st.subheader(_ui.tr("met_example_grades"))
    st.dataframe(
        tables.grades, hide_index=True, column_config=common | right, key="metode_eks_karakterer"
    )
    st.subheader(_ui.tr("met_example_results"))
    st.dataframe(
        tables.results,
        hide_index=True,
        column_config=common
        | right
        | {
            "total": st.column_config.TextColumn(_ui.tr("rang_col_total"), alignment="right"),
            "rank": st.column_config.NumberColumn(_ui.tr("met_col_rank"), format="%d"),
            "rank_change": st.column_config.TextColumn(
                _ui.tr("rang_col_change"), alignment="right"
            ),
        },
        key="metode_eks_resultat",
    )
    st.markdown(_ui.tr("met_example_notes", coverage=constants["coverage"]))

with innovation_tab:
    components = ", ".join(f"«{_ui.tr(f'innov_measure_{c}')}»" for c in innovation.INDEX_COMPONENTS)
    st.markdown(_ui.tr("met_index", components=components))
    st.markdown(
        _ui.tr(
            "met_stats",
            min_points=stats.MIN_POINTS,
            max_lag=stats.MAX_LAG,
            before=stats.EVENT_WINDOW[0],
            after=stats.EVENT_WINDOW[1],
        )
    )
    st.warning(_ui.tr("met_causation"), icon=":material/warning:")

with data_tab:
    st.markdown(_ui.tr("met_data"))
    st.warning(_ui.tr("met_builtin_effect"), icon=":material/science:")
    st.markdown(_ui.tr("met_codes"))
    st.markdown(_ui.tr("met_sources"))
