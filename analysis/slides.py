"""Slides: a chart kind plus a small JSON view (municipality, group, years …) drawn as a figure.

A deck stores views, not pictures; `build` re-draws each from the data shown today with the same
figure builders the pages use. `KINDS` maps each kind to the view fields it keeps and its builder.
Covered: rank history, map, profile outcome, sector comparison, innovation scatter, bump chart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from analysis import figures, groups, i18n, innovation, load, scoring, stats
from analysis import figures_innovation as fi
from analysis import figures_profile as fp
from analysis import figures_ranking as fr

TOTAL = fp.TOTAL


@dataclass(frozen=True)
class SlideData:
    """Everything a slide may be drawn from: the shown dataset and what is derived from it."""

    dataset: load.Dataset
    scores: scoring.Scores
    measures: pd.DataFrame  # innovation.innovation_measures
    geojson: dict | None = None  # only the map needs it

    @classmethod
    def from_dataset(cls, dataset: load.Dataset, geojson: dict | None = None) -> SlideData:
        """Score a dataset and derive its measures: for exports, notebooks and tests."""
        scores = scoring.score_all(dataset.values, dataset.indicators, dataset.sectors)
        return cls(dataset, scores, innovation.measures_for(dataset), geojson)


@dataclass(frozen=True)
class SlideFigure:
    """A drawn slide: the figure (with its title and source line) and those two texts."""

    figure: go.Figure
    title: str
    source: str


class SlideNotDrawable(ValueError):
    """The view cannot be drawn from today's data (the message is for the user)."""


Translate = Callable[..., str]
Builder = Callable[[SlideData, Mapping, Translate], SlideFigure]


# --- Views ----------------------------------------------------------------------------------


def make_view(kind: str, fields: Mapping) -> dict:
    """The fields of `fields` that kind `kind` keeps, as plain JSON values."""
    if kind not in KINDS:
        raise KeyError(kind)
    return {name: _plain(fields[name]) for name in KINDS[kind][0] if name in fields}


def _plain(value: object) -> object:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _years(view: Mapping) -> tuple[int, int]:
    first, last = view["years"]
    return int(first), int(last)


def _group(data: SlideData, view: Mapping) -> tuple[str, ...]:
    try:
        return tuple(
            groups.comparison_group(
                data.dataset.municipalities,
                view["code"],
                view.get("group_kind", "peer_group"),
                custom=list(view.get("custom") or ()),
            )
        )
    except groups.GroupError:
        return ()


def _name(data: SlideData, code: str) -> str:
    names = _names(data)
    if code not in names:
        raise SlideNotDrawable(f"Kommune {code} finnes ikke i dataene.")
    return names[code]


def _names(data: SlideData) -> dict[str, str]:
    municipalities = data.dataset.municipalities
    return dict(zip(municipalities["kommunenummer"], municipalities["name"], strict=True))


def _sector_names(data: SlideData) -> dict[str, str]:
    sectors = data.dataset.sectors
    return dict(zip(sectors["sector_id"], sectors["name"], strict=True))


# --- Builders (the same calls as the pages) -------------------------------------------------


def rank_history(data: SlideData, view: Mapping, t: Translate) -> SlideFigure:
    code, (first, last) = view["code"], _years(view)
    name = _name(data, code)
    totals = data.scores.totals
    history = totals[
        (totals["kommunenummer"] == code)
        & totals["rank"].notna()
        & totals["year"].between(first, last)
    ].sort_values("year")
    if history.empty:
        raise SlideNotDrawable(t("no_rank", name=name))
    year = int(history["year"].max())
    n_ranked = int(totals.loc[totals["year"] == year, "rank"].count())
    title = t("rank_history_title", name=name, first=int(history["year"].min()), last=year)
    source = t("source_demo", n=n_ranked)
    fig = figures.rank_history(
        history,
        title=title,
        x_label=t("axis_year"),
        y_label=t("axis_rank", n=n_ranked),
        source=source,
        hover_rank=t("ov_rank_hover"),
    )
    return SlideFigure(fig, title, source)


def overview_map(data: SlideData, view: Mapping, t: Translate) -> SlideFigure:
    measure, year, sector = view["measure"], int(view["year"]), view.get("sector", TOTAL)
    if data.geojson is None:
        raise SlideNotDrawable("Kartet trenger kommunegrensene.")
    values = fp.map_values(
        data.scores.totals, data.scores.sectors, data.measures, measure, year, sector
    )
    frame = fp.map_frame(data.dataset.municipalities, values, "value")
    label = t(f"ov_measure_{measure}", sector=_sector_names(data).get(sector, ""))
    title = t("ov_map_title", measure=label, year=year)
    source = t("source_demo", n=int(frame["value"].notna().sum()))
    fig = fp.overview_map(
        frame,
        data.geojson,
        "value",
        label=label,
        title=title,
        source=source,
        highlight=view.get("code"),
        reverse=measure == "rank",
        hover_format=",d" if measure == "rank" else ",.1f",
    )
    return SlideFigure(fig, title, source)


def profile_outcome(data: SlideData, view: Mapping, t: Translate) -> SlideFigure:
    code, years, sector = view["code"], _years(view), view.get("sector", TOTAL)
    first, last = years
    name = _name(data, code)
    sectors = _sector_names(data)
    if sector != TOTAL and sector not in sectors:
        raise SlideNotDrawable(f"Sektoren {sector} finnes ikke i dataene.")
    measure = (
        t("profile_measure_total")
        if sector == TOTAL
        else t("profile_measure_sector", sector=sectors[sector])
    )
    panel = fp.grade_panel(data.scores.totals, data.scores.sectors, sector)
    outcome = fp.against_peers(
        panel[panel["year"].between(*years)], code, _group(data, view), "grade"
    )
    ds = data.dataset
    timeline = fp.project_timeline(ds.projects, ds.project_municipalities, code, years)
    awards = fp.awards_for(ds.awards, code, years)
    title_key = "profile_outcome_title_only" if timeline.empty else "profile_outcome_title"
    title = t(title_key, name=name, measure=measure, first=first, last=last)
    source = t("source_demo", n=int(outcome["n"].max()) if len(outcome) else 0)
    fig = fp.outcome_and_timeline(
        outcome,
        timeline,
        awards,
        years=years,
        title=title,
        series_names=_series_names(name, t),
        phase_names={p: t(f"profile_phase_{s}") for p, s in fp.PHASE_SLUGS.items()},
        labels={
            "x_axis": t("axis_year"),
            "y_axis": t("profile_axis_grade"),
            "grade": t("profile_grade"),
            "median_of": t("profile_median_of"),
            "phase": t("profile_phase"),
            "real": t("profile_real"),
            "demo": t("profile_demo_project"),
            "source": t("profile_source"),
            "award": t("profile_award"),
            "timeline": t("profile_timeline"),
        },
        source=source,
    )
    return SlideFigure(fig, title, source)


def _series_names(name: str, t: Translate) -> dict[str, str]:
    return {
        "municipality": name,
        "group": t("profile_series_group"),
        "national": t("profile_series_national"),
    }


def sector_comparison(data: SlideData, view: Mapping, t: Translate) -> SlideFigure:
    code, year = view["code"], int(view["year"])
    name = _name(data, code)
    latest = fp.latest_by_sector(
        data.scores.sectors, data.dataset.sectors, code, _group(data, view), year
    )
    if latest.loc[latest["series"] == "municipality", "value"].notna().sum() == 0:
        raise SlideNotDrawable(t("profile_no_sectors", name=name, year=year))
    title = t("profile_sectors_title", name=name, year=year)
    source = t("source_demo", n=int(latest["n"].max()))
    fig = fp.sectors_against_peers(
        latest,
        title=title,
        x_label=t("profile_sectors_axis"),
        series_names=_series_names(name, t),
        hover_median=t("profile_median_of"),
        source=source,
    )
    return SlideFigure(fig, title, source)


def innovation_scatter(data: SlideData, view: Mapping, t: Translate) -> SlideFigure:
    code, (start, end) = view["code"], _years(view)
    sector, indicator = view.get("sector", TOTAL), view.get("indicator")
    measure, lag = view["measure"], int(view.get("lag", 0))
    name = _name(data, code)
    if start + lag >= end:
        raise SlideNotDrawable(t("innov_period_too_short", start=start, end=end, lag=lag))
    scores = data.scores
    outcome = fi.outcome_panel(scores.totals, scores.sectors, scores.indicators, sector, indicator)
    frame, dropped = stats.activity_vs_change(
        data.measures, outcome, measure, "outcome", start, end, lag=lag
    )
    points = fi.scatter_points(frame, data.dataset.municipalities, code, _group(data, view))
    if points.empty:
        raise SlideNotDrawable(t("innov_no_points"))
    try:
        fit = stats.ols_fit(points["activity"], points["change"])
    except stats.NotComputable:
        fit = None
    indicators = data.dataset.indicators
    indicator_names = dict(zip(indicators["indicator_id"], indicators["name"], strict=True))
    if indicator:
        outcome_name = t("innov_outcome_indicator", indicator=indicator_names.get(indicator, ""))
    elif sector == TOTAL:
        outcome_name = t("innov_outcome_total")
    else:
        outcome_name = t("innov_outcome_sector", sector=_sector_names(data)[sector].lower())
    period = {"a_start": start, "a_end": end - lag, "o_start": start + lag, "o_end": end}
    title = t("innov_scatter_title", outcome=outcome_name, **period)
    source = t("innov_source", n=len(points), dropped=dropped)
    fig = fi.activity_scatter(
        points,
        fit,
        title=title,
        x_label=t(
            "innov_axis_activity",
            measure=t(f"innov_measure_{measure}"),
            start=start,
            end=end - lag,
        ),
        y_label=t("innov_axis_change", outcome=outcome_name, start=start + lag, end=end),
        source=source,
        role_names={"other": t("innov_role_other"), "group": t("innov_role_group"), "chosen": name},
        population_label=t("innov_population"),
        fit_name=t("innov_fit"),
        band_name=t("innov_band"),
    )
    return SlideFigure(fig, title, source)


def bump(data: SlideData, view: Mapping, t: Translate) -> SlideFigure:
    first, last = _years(view)
    totals = data.scores.totals
    names = _names(data)
    history = totals.loc[
        totals["kommunenummer"].isin(list(view["codes"])) & totals["year"].between(first, last),
        ["kommunenummer", "year", "rank", "total"],
    ].dropna(subset=["rank"])
    if history.empty:
        raise SlideNotDrawable(t("rang_bump_empty"))
    n_ranked = int(totals.loc[totals["year"] == last, "rank"].notna().sum())
    title = t("rang_bump_title", first=first, last=last)
    source = t("source_demo", n=history["kommunenummer"].nunique())
    fig = fr.bump_chart(
        history,
        names,
        view.get("code", ""),
        title=title,
        x_label=t("axis_year"),
        y_label=t("axis_rank", n=n_ranked),
        source=source,
        hover_rank=t("rang_col_rank", n=n_ranked),
    )
    return SlideFigure(fig, title, source)


# kind: (the view fields it keeps, its builder)
KINDS: dict[str, tuple[tuple[str, ...], Builder]] = {
    "rank_history": (("code", "years"), rank_history),
    "map": (("code", "measure", "year", "sector"), overview_map),
    "profile_outcome": (("code", "group_kind", "custom", "sector", "years"), profile_outcome),
    "sector_comparison": (("code", "group_kind", "custom", "year"), sector_comparison),
    "innovation_scatter": (
        ("code", "group_kind", "custom", "sector", "indicator", "measure", "years", "lag"),
        innovation_scatter,
    ),
    "bump": (("code", "codes", "years"), bump),
}


def build(
    kind: str, view: Mapping, data: SlideData, lang: str = i18n.DEFAULT_LANGUAGE
) -> SlideFigure:
    """Draw a slide's chart from today's data; raises SlideNotDrawable when that cannot be done."""
    if kind not in KINDS:
        raise SlideNotDrawable(f"Ukjent diagramtype «{kind}».")
    try:
        return KINDS[kind][1](data, view, partial(i18n.t, lang=lang))
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, SlideNotDrawable):
            raise
        raise SlideNotDrawable(f"Visningen kan ikke tegnes: {error!r}") from None
