"""Slides: a chart kind plus a small JSON view (municipality, group, years …) drawn as a figure.

A deck stores views, not pictures; `build` re-draws each from the data shown today with the same
figure builders the pages use. `KINDS` maps each kind to the view fields it keeps and its builder:
every chart in the app has a kind (Oversikt, Kommuneprofil, Rangering, Innovasjon, Prosjekter,
Metode). The portfolio kinds (`IDEA_BANK_KINDS`) also count the idea bank's ideas, read without
filers' names or e-mails.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analysis import figures, groups, i18n, ideas, innovation, load, schema, scoring, stats
from analysis import figures_innovation as fi
from analysis import figures_portfolio as fpf
from analysis import figures_profile as fp
from analysis import figures_ranking as fr
from analysis.formatting import format_nb

TOTAL = fp.TOTAL


@dataclass(frozen=True)
class SlideData:
    """Everything a slide may be drawn from: the shown dataset and what is derived from it."""

    dataset: load.Dataset
    scores: scoring.Scores
    measures: pd.DataFrame  # innovation.innovation_measures
    geojson: dict | None = None  # only the maps need it
    # Only the portfolio kinds need these: ideas.list_ideas (never with personal data) and
    # ideas.idea_history (its stage moves; no figure shows who moved an idea or why).
    ideas: pd.DataFrame | None = None
    idea_history: pd.DataFrame | None = None

    @classmethod
    def from_dataset(
        cls,
        dataset: load.Dataset,
        geojson: dict | None = None,
        *,
        ideas: pd.DataFrame | None = None,
        idea_history: pd.DataFrame | None = None,
    ) -> SlideData:
        """Score a dataset and derive its measures: for exports, notebooks and tests.

        Without `ideas` and `idea_history` the idea bank counts as empty.
        """
        scores = scoring.score_all(dataset.values, dataset.indicators, dataset.sectors)
        if ideas is None:
            ideas = schema.empty(schema.IDEAS).drop(columns=list(schema.IDEA_PERSONAL_COLUMNS))
        if idea_history is None:
            idea_history = schema.empty(schema.IDEA_HISTORY)
        measures = innovation.measures_for(dataset)
        return cls(dataset, scores, measures, geojson, ideas, idea_history)


@dataclass(frozen=True)
class SlideFigure:
    """A drawn slide: the figure (with its title and source line) and those two texts."""

    figure: go.Figure
    title: str
    source: str


class SlideNotDrawable(ValueError):
    """The view cannot be drawn from today's data (the message is for the user)."""


@dataclass(frozen=True)
class Texts:
    """The user's language for a slide: `t(key, **fields)` translates, `t.number` formats."""

    lang: str = i18n.DEFAULT_LANGUAGE

    def __call__(self, key: str, **fields: object) -> str:
        return i18n.t(key, self.lang, **fields)

    def number(self, value: float, decimals: int = 0) -> str:
        return format_number(value, decimals, self.lang)


def format_number(value: float, decimals: int, lang: str) -> str:
    """A number as the reader writes it: 3,5 in bokmål, 3.5 in English."""
    return format_nb(value, decimals) if lang == "nb" else f"{value:,.{decimals}f}"


Translate = Callable[..., str]  # Texts, or the app's own translate function
Builder = Callable[[SlideData, Mapping, Texts], SlideFigure]


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


def _name(data: SlideData, code: str, t: Translate) -> str:
    names = _names(data)
    if code not in names:
        raise SlideNotDrawable(t("slide_unknown_municipality", code=code))
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
    name = _name(data, code, t)
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
        raise SlideNotDrawable(t("slide_needs_polygons"))
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
    name = _name(data, code, t)
    sectors = _sector_names(data)
    if sector != TOTAL and sector not in sectors:
        raise SlideNotDrawable(t("slide_unknown_sector", sector=sector))
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
    name = _name(data, code, t)
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
    name = _name(data, code, t)
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
    outcome_name = _outcome_name(data, sector, indicator, t)
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


def _outcome_name(data: SlideData, sector: str, indicator: str | None, t: Translate) -> str:
    if indicator:
        indicators = data.dataset.indicators
        names = dict(zip(indicators["indicator_id"], indicators["name"], strict=True))
        return t("innov_outcome_indicator", indicator=names.get(indicator, ""))
    if sector == TOTAL:
        return t("innov_outcome_total")
    sectors = _sector_names(data)
    if sector not in sectors:
        raise SlideNotDrawable(t("slide_unknown_sector", sector=sector))
    return t("innov_outcome_sector", sector=sectors[sector].lower())


def event_study(data: SlideData, view: Mapping, t: Translate) -> SlideFigure:
    sector, indicator = view.get("sector", TOTAL), view.get("indicator")
    outcome_name = _outcome_name(data, sector, indicator, t)
    scores, ds = data.scores, data.dataset
    outcome = fi.outcome_panel(scores.totals, scores.sectors, scores.indicators, sector, indicator)
    starts = stats.first_project_start(ds.projects, ds.project_municipalities)
    study = stats.event_study(starts, outcome, "outcome")
    if study.loc[study["n"] >= fi.MIN_EVENT_N, "mean"].notna().sum() < 2:
        raise SlideNotDrawable(t("innov_event_empty"))
    n_by_group = study.groupby("group")["n"].max()
    title = t("innov_event_title", outcome=outcome_name)
    source = t(
        "innov_event_source",
        treated=int(n_by_group.get("treated", 0)),
        comparison=int(n_by_group.get("comparison", 0)),
        min_n=fi.MIN_EVENT_N,
    )
    fig = fi.event_study_figure(
        study,
        title=title,
        x_label=t("innov_event_x"),
        y_label=t("innov_event_y"),
        source=source,
        group_names={
            "treated": t("innov_event_treated"),
            "comparison": t("innov_event_comparison"),
        },
        n_label=t("innov_event_n"),
        ci_label=t("innov_event_ci"),
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


def grading_curve(data: SlideData, view: Mapping, t: Texts) -> SlideFigure:
    indicator, year = view["indicator"], int(view["year"])
    indicators = data.dataset.indicators.set_index("indicator_id")
    if indicator not in indicators.index:
        raise SlideNotDrawable(t("slide_unknown_indicator", indicator=indicator))
    values = data.dataset.values
    rows = values.loc[(values["indicator_id"] == indicator) & (values["year"] == year)].dropna(
        subset=["value"]
    )
    if rows["value"].nunique() < 2:
        raise SlideNotDrawable(t("met_curve_empty", year=year))
    direction = str(indicators.loc[indicator, "direction"])
    reference = fr.reference_values(rows["value"])
    own = rows.loc[rows["kommunenummer"] == view.get("code"), "value"]
    point = None
    if not own.empty:
        own_grade = fr.grades_for(own, direction, reference)[0]
        point = (float(own.iloc[0]), float(own_grade), _name(data, view["code"], t))
    name, unit = indicators.loc[indicator, "name"], indicators.loc[indicator, "unit"]
    title = t("met_curve_title", name=name, year=year)
    source = t("source_demo", n=len(rows))
    fig = fr.grading_curve(
        fr.grading_curve_data(rows["value"], direction),
        reference,
        title=title,
        x_label=f"{name} ({unit})",
        y_label=t("met_curve_y"),
        source=source,
        marks=grading_curve_marks(t),
        point=point,
    )
    return SlideFigure(fig, title, source)


def grading_curve_marks(t: Texts) -> dict[str, str]:
    """The grading curve's reference lines: the mean grade and the percentile ends."""
    return {
        "mean": t("met_curve_mean", avg=t.number(scoring.AVERAGE_GRADE, 1)),
        "lower": t("met_curve_pct", p=t.number(100 * scoring.LOWER_PERCENTILE)),
        "upper": t("met_curve_pct", p=t.number(100 * scoring.UPPER_PERCENTILE)),
    }


# --- The portfolio («Prosjekter») -----------------------------------------------------------

PORTFOLIO_SCOPES = ("municipality", "group", "national")


def portfolio_in_scope(
    dataset: load.Dataset,
    all_ideas: pd.DataFrame,
    *,
    code: str,
    group: tuple[str, ...],
    scope: str,
    years: tuple[int, int],
    last_data_year: int,
    sector: str | None,
    real_only: bool,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The projects (with origin) and the ideas a portfolio view counts.

    `scope`: the municipality, it and its comparison group, or the whole country; the period
    runs on past `years` when it ends at the last year with data (see fpf.in_scope).
    """
    codes = {"municipality": {code}, "group": {code, *group}, "national": None}[scope]
    bank = ideas.filter_ideas(all_ideas, codes=codes, sectors=[sector] if sector else None)
    projects = fpf.in_scope(
        fpf.with_origin(dataset.projects, set(all_ideas["project_id"].dropna())),
        dataset.project_municipalities,
        codes,
        years,
        open_end=years[1] == last_data_year,
        sector=sector,
        real_only=real_only,
    )
    return projects, bank


def portfolio_names(t: Translate) -> dict[str, dict[str, str]]:
    """Display names of the portfolio's stages, origins, innovation and partner types."""
    return {
        "stage": {
            s: t(f"ideas_stage_{schema.slug(s)}")
            for s in dict.fromkeys((*schema.IDEA_STAGES, *schema.PHASES))
        },
        "origin": {o: t(f"portfolio_origin_{o}") for o in schema.ORIGINS},
        "type": {
            k: t(f"portfolio_type_{schema.slug(k)}")
            for k in (*schema.INNOVATION_TYPES, fpf.NOT_GIVEN)
        },
        "partner": {p: t(f"portfolio_partner_{schema.slug(p)}") for p in schema.PARTNER_TYPES},
    }


@dataclass(frozen=True)
class _Portfolio:
    projects: pd.DataFrame
    bank: pd.DataFrame
    source: str
    names: dict[str, dict[str, str]]
    scope_name: str  # whose portfolio: a slide's title names it, the page's own title does

    def title(self, chart_title: str, t: Translate) -> str:
        return t("portfolio_slide_title", chart=chart_title, scope=self.scope_name)


def _portfolio(data: SlideData, view: Mapping, t: Translate) -> _Portfolio:
    if data.ideas is None or data.idea_history is None:
        raise SlideNotDrawable(t("slide_needs_idea_bank"))
    name = _name(data, view["code"], t)
    scope = view.get("scope", PORTFOLIO_SCOPES[0])
    scope_name = {
        "municipality": name,
        "group": t("portfolio_slide_scope_group", name=name),
        "national": t("portfolio_scope_national"),
    }[scope]
    values_years = data.dataset.values["year"].dropna()
    years = _years(view)
    sector = view.get("sector", TOTAL)
    projects, bank = portfolio_in_scope(
        data.dataset,
        data.ideas,
        code=view["code"],
        group=_group(data, view),
        scope=scope,
        years=years,
        last_data_year=int(values_years.max()) if len(values_years) else years[1],
        sector=None if sector == TOTAL else sector,
        real_only=bool(view.get("real_only", False)),
    )
    if projects.empty and bank.empty:
        raise SlideNotDrawable(t("portfolio_none"))
    source = t("portfolio_source", n=len(projects), ideas=len(bank))
    return _Portfolio(projects, bank, source, portfolio_names(t), scope_name)


def portfolio_funnel(data: SlideData, view: Mapping, t: Translate) -> SlideFigure:
    p = _portfolio(data, view, t)
    title = p.title(t("portfolio_funnel_title"), t)
    fig = fpf.funnel_figure(
        fpf.funnel_counts(p.projects, p.bank),
        stage_names=p.names["stage"],
        origin_names=p.names["origin"],
        title=title,
        source=p.source,
    )
    return SlideFigure(fig, title, p.source)


def portfolio_partners(data: SlideData, view: Mapping, t: Translate) -> SlideFigure:
    p = _portfolio(data, view, t)
    partners = fpf.partner_counts(p.projects)
    if not partners["n"].sum():
        raise SlideNotDrawable(t("portfolio_no_partners"))
    title = p.title(t("portfolio_partner_title"), t)
    fig = fpf.partner_figure(
        partners,
        partner_names=p.names["partner"],
        title=title,
        x_label=t("portfolio_axis_projects"),
        source=p.source,
        share_label=t("portfolio_share"),
    )
    return SlideFigure(fig, title, p.source)


def portfolio_sectors(data: SlideData, view: Mapping, t: Translate) -> SlideFigure:
    p = _portfolio(data, view, t)
    by_sector = fpf.sector_type_counts(p.projects, _sector_names(data), t("ideas_sector_several"))
    if by_sector.empty:
        raise SlideNotDrawable(t("portfolio_none"))
    title = p.title(t("portfolio_sector_title"), t)
    fig = fpf.sector_type_figure(
        by_sector,
        type_names=p.names["type"],
        title=title,
        x_label=t("portfolio_axis_projects"),
        source=p.source,
    )
    return SlideFigure(fig, title, p.source)


def portfolio_milestones(data: SlideData, view: Mapping, t: Translate) -> SlideFigure:
    p = _portfolio(data, view, t)
    times = ideas.milestones(p.bank, data.idea_history)
    if times.empty:
        raise SlideNotDrawable(t("portfolio_no_milestones"))
    title = p.title(t("portfolio_time_title"), t)
    source = t("portfolio_time_source", n=times["idea_id"].nunique())
    fig = fpf.milestone_figure(
        times,
        milestone_names={m: t(f"portfolio_milestone_{m}") for m in ideas.MILESTONE_STAGES},
        title=title,
        y_label=t("portfolio_axis_days"),
        source=source,
        idea_label=t("portfolio_idea"),
    )
    return SlideFigure(fig, title, source)


def portfolio_peers(data: SlideData, view: Mapping, t: Translate) -> SlideFigure:
    code, (_, last) = view["code"], _years(view)
    name = _name(data, code, t)
    measures = data.measures
    year = min(last, int(measures["year"].max()))
    peers = fpf.peer_comparison(
        measures, data.dataset.municipalities, code, _group(data, view), year
    )
    axis_end, _ = fpf.peers_axis(peers)
    title = t("portfolio_peers_title", year=year)
    source = t("portfolio_peers_source", n=len(peers))
    fig = fpf.peers_figure(
        peers,
        axis_end=axis_end,
        title=title,
        x_label=t("portfolio_axis_per_10k"),
        source=source,
        row_names=portfolio_peer_rows(t),
        chosen_name=name,
    )
    return SlideFigure(fig, title, source)


def portfolio_peer_rows(t: Translate) -> dict[str, str]:
    return {"group": t("portfolio_role_group"), "national": t("portfolio_scope_national")}


def portfolio_network(data: SlideData, view: Mapping, t: Translate) -> SlideFigure:
    if data.geojson is None:
        raise SlideNotDrawable(t("slide_needs_polygons"))
    p = _portfolio(data, view, t)
    code = view["code"]
    name = _name(data, code, t)
    members = data.dataset.project_municipalities
    edges = fpf.cooperation_edges(p.projects, members)
    if edges.empty:
        raise SlideNotDrawable(t("portfolio_no_network", name=name))
    nodes = fpf.network_nodes(edges, data.dataset.municipalities, code, _group(data, view))
    shared = members.loc[members["project_id"].isin(p.projects["project_id"])]
    n_shared = int((shared.groupby("project_id").size() > 1).sum())
    title = p.title(t("portfolio_network_title"), t)
    source = t("portfolio_network_source", n=n_shared, m=len(nodes))
    fig = fpf.network_figure(
        nodes,
        edges,
        data.geojson,
        title=title,
        source=source,
        **portfolio_network_labels(t, name),
    )
    return SlideFigure(fig, title, source)


def portfolio_network_labels(t: Translate, name: str) -> dict[str, object]:
    """The network figure's legend and hover texts, `name` the chosen municipality."""
    return {
        "edge_names": {"real": t("portfolio_edge_real"), "demo": t("portfolio_edge_demo")},
        "role_names": {
            "chosen": name,
            "group": t("portfolio_role_group"),
            "other": t("portfolio_role_other"),
        },
        "hover_projects": t("portfolio_hover_projects"),
        "hover_partners": t("portfolio_hover_partners"),
    }


PORTFOLIO_VIEW = ("code", "group_kind", "custom", "sector", "years", "scope", "real_only")
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
    "event_study": (("sector", "indicator"), event_study),
    "grading_curve": (("code", "indicator", "year"), grading_curve),
    "portfolio_funnel": (PORTFOLIO_VIEW, portfolio_funnel),
    "portfolio_partners": (PORTFOLIO_VIEW, portfolio_partners),
    "portfolio_sectors": (PORTFOLIO_VIEW, portfolio_sectors),
    "portfolio_milestones": (PORTFOLIO_VIEW, portfolio_milestones),
    "portfolio_peers": (("code", "group_kind", "custom", "years"), portfolio_peers),
    "portfolio_network": (PORTFOLIO_VIEW, portfolio_network),
}
# Kinds that count the idea bank: their view changes when an idea moves, without a new data
# version, so the app draws them afresh instead of from its cache.
IDEA_BANK_KINDS = frozenset(kind for kind, (fields, _) in KINDS.items() if fields == PORTFOLIO_VIEW)


def build(
    kind: str, view: Mapping, data: SlideData, lang: str = i18n.DEFAULT_LANGUAGE
) -> SlideFigure:
    """Draw a slide's chart from today's data; raises SlideNotDrawable when that cannot be done."""
    t = Texts(lang)
    if kind not in KINDS:
        raise SlideNotDrawable(t("slide_unknown_kind", kind=kind))
    try:
        return KINDS[kind][1](data, view, t)
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, SlideNotDrawable):
            raise
        raise SlideNotDrawable(t("slide_broken_view", error=repr(error))) from None
