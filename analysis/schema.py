"""Every table's columns, dtypes and Norwegian labels: the one place that names them.

Municipality codes are strings ("0301" is not 301). Integers and floats that may be missing use
pandas' nullable dtypes (Int64, Float64); closed vocabularies are categoricals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

# --- Vocabularies ---------------------------------------------------------------------------

# Phases of KS' «Veikart for tjenesteinnovasjon», in order, plus «stoppet».
PHASES: tuple[str, ...] = (
    "før du starter",
    "innsikt og idé",
    "utvikling og utprøving",
    "overgang til drift",
    "ny praksis",
    "stoppet",
)
PARTNER_TYPES: tuple[str, ...] = (
    "akademia",
    "næringsliv",
    "innbyggere",
    "andre kommuner",
    "frivillig sektor",
    "staten",
)
INNOVATION_TYPES: tuple[str, ...] = (
    "tjenesteinnovasjon",
    "prosessinnovasjon",
    "organisatorisk innovasjon",
    "teknologisk innovasjon",
    "samskaping",
)
DIRECTIONS: tuple[str, ...] = ("higher", "lower")  # which way is better
SIZE_CLASSES: tuple[str, ...] = ("små", "mellomstore", "store", "storbyer")
INCOME_LEVELS: tuple[str, ...] = ("lav", "middels", "høy")
AWARD_RESULTS: tuple[str, ...] = ("vinner", "finalist", "søker")
# The idea bank's stages: two for triage, the four working phases of KS' veikart, or rejected.
IDEA_STAGES: tuple[str, ...] = (
    "ny",
    "vurderes",
    "innsikt og idé",
    "utvikling og utprøving",
    "overgang til drift",
    "ny praksis",
    "avslått",
)
# What a line in an idea's history records.
IDEA_ACTIONS: tuple[str, ...] = ("filed", "moved", "project", "anonymised")
# Where a record on «Prosjekter» comes from.
ORIGINS: tuple[str, ...] = ("idebank", "real", "demo")

# Indicator values in input files: years outside this range are refused.
MIN_YEAR, MAX_YEAR = 1990, 2100

# --- Table definitions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str | pd.CategoricalDtype
    label: str  # Norwegian display label
    required: bool = True  # may the column be absent from an input file?
    nullable: bool = True  # may cells be missing?


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def dtypes(self) -> dict[str, str | pd.CategoricalDtype]:
        return {c.name: c.dtype for c in self.columns}

    @property
    def labels(self) -> dict[str, str]:
        return {c.name: c.label for c in self.columns}

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _cat(values: Iterable[str], ordered: bool = False) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(values), ordered=ordered)


_SLUG_CHARACTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", " ": "_", "-": "_"})


def slug(value: str) -> str:
    """A vocabulary value as an ASCII key (for translations): «før du starter» → for_du_starter."""
    return value.lower().translate(_SLUG_CHARACTERS)


MUNICIPALITIES = Table(
    "municipalities",
    "Kommuner",
    (
        Column("kommunenummer", "string", "Kommunenummer", nullable=False),
        Column("name", "string", "Kommune", nullable=False),
        Column("county_number", "string", "Fylkesnummer", nullable=False),
        Column("county_name", "string", "Fylke", nullable=False),
        Column("population", "Int64", "Innbyggere"),
        Column("lat", "Float64", "Breddegrad"),
        Column("lon", "Float64", "Lengdegrad"),
        Column("size_class", _cat(SIZE_CLASSES, ordered=True), "Størrelse"),
        Column("income_level", _cat(INCOME_LEVELS, ordered=True), "Inntektsnivå"),
        Column("centrality", "Int64", "Sentralitet (1–6)"),
        Column("peer_group", "string", "Kommunegruppe"),
    ),
    key=("kommunenummer",),
)

SECTORS = Table(
    "sectors",
    "Sektorer",
    (
        Column("sector_id", "string", "Sektor-ID", nullable=False),
        Column("name", "string", "Sektor", nullable=False),
        Column("weight", "Float64", "Vekt i total (%)", nullable=False),
    ),
    key=("sector_id",),
)

INDICATORS = Table(
    "indicators",
    "Indikatorkatalog",
    (
        Column("indicator_id", "string", "Indikator-ID", nullable=False),
        Column("sector_id", "string", "Sektor-ID", nullable=False),
        Column("name", "string", "Indikator", nullable=False),
        Column("unit", "string", "Enhet", nullable=False),
        Column("direction", _cat(DIRECTIONS), "Best når", nullable=False),
        Column("weight", "Float64", "Vekt i sektor", nullable=False),
        Column("source", "string", "Kilde"),
        Column("description", "string", "Beskrivelse", required=False),
    ),
    key=("indicator_id",),
)

INDICATOR_VALUES = Table(
    "indicator_values",
    "Indikatorverdier",
    (
        Column("kommunenummer", "string", "Kommunenummer", nullable=False),
        Column("year", "Int64", "År", nullable=False),
        Column("indicator_id", "string", "Indikator-ID", nullable=False),
        Column("value", "Float64", "Verdi"),
        # SSB's symbol where a value is missing or special: «..» not available, «...» not yet
        # available, «:» confidential, «.» not possible, «-» nothing to report (value 0).
        Column("value_symbol", "string", "Symbol (SSB)", required=False),
    ),
    key=("kommunenummer", "year", "indicator_id"),
)

# SSB's symbols for missing or special values → (Norwegian meaning, the value they stand for).
SSB_SYMBOLS: dict[str, tuple[str, float | None]] = {
    "..": ("Tallgrunnlag mangler", None),
    "...": ("Tall kan ikke offentliggjøres ennå", None),
    ":": ("Vises ikke av konfidensialitetshensyn", None),
    ".": ("Tall kan ikke forekomme", None),
    "-": ("Null", 0.0),
}

PROJECTS = Table(
    "projects",
    "Prosjekter",
    (
        Column("project_id", "string", "Prosjekt-ID", nullable=False),
        Column("title", "string", "Tittel", nullable=False),
        Column("description", "string", "Beskrivelse", required=False),
        Column("sector_id", "string", "Sektor-ID"),
        Column("phase", _cat(PHASES, ordered=True), "Fase", nullable=False),
        Column("start_year", "Int64", "Startår", nullable=False),
        Column("end_year", "Int64", "Sluttår"),
        Column("partner_types", "string", "Partnere", required=False),  # ";"-separated
        Column("innovation_type", _cat(INNOVATION_TYPES), "Innovasjonstype"),
        Column("budget_nok", "Float64", "Budsjett (kr)", required=False),
        Column("source", "string", "Kilde"),
        Column("is_real", "boolean", "Reell (ikke demodata)", nullable=False),
    ),
    key=("project_id",),
)

# Co-operation projects belong to every member municipality: one row per (project, municipality).
PROJECT_MUNICIPALITIES = Table(
    "project_municipalities",
    "Prosjektkommuner",
    (
        Column("project_id", "string", "Prosjekt-ID", nullable=False),
        Column("kommunenummer", "string", "Kommunenummer", nullable=False),
    ),
    key=("project_id", "kommunenummer"),
)

AWARDS = Table(
    "awards",
    "Priser",
    (
        Column("project_id", "string", "Prosjekt-ID", nullable=False),
        Column("kommunenummer", "string", "Kommunenummer", nullable=False),
        Column("year", "Int64", "År", nullable=False),
        Column("award", "string", "Pris", nullable=False),
        Column("result", _cat(AWARD_RESULTS), "Resultat", nullable=False),
        Column("source", "string", "Kilde"),
    ),
    key=("project_id", "kommunenummer", "award", "year"),
)

CAPACITY = Table(
    "capacity",
    "Innovasjonskapasitet",
    (
        Column("kommunenummer", "string", "Kommunenummer", nullable=False),
        Column("year", "Int64", "År", nullable=False),
        Column("innovation_fte", "Float64", "Innovasjonsårsverk", required=False),
        Column("leaders_trained", "Int64", "Ledere med innovasjonsopplæring", required=False),
        Column("ideas_filed", "Int64", "Idéer meldt inn", required=False),
    ),
    key=("kommunenummer", "year"),
)

# Derived tables (computed, never read from files).
SCORES = Table(
    "scores",
    "Indikatorkarakterer",
    (
        Column("kommunenummer", "string", "Kommunenummer"),
        Column("year", "Int64", "År"),
        Column("indicator_id", "string", "Indikator-ID"),
        Column("sector_id", "string", "Sektor-ID"),
        Column("value", "Float64", "Verdi"),
        Column("score", "Float64", "Karakter (1–6)"),
    ),
    key=("kommunenummer", "year", "indicator_id"),
)
SECTOR_SCORES = Table(
    "sector_scores",
    "Sektorkarakterer",
    (
        Column("kommunenummer", "string", "Kommunenummer"),
        Column("year", "Int64", "År"),
        Column("sector_id", "string", "Sektor-ID"),
        Column("score", "Float64", "Sektorkarakter (1–6)"),
        Column("coverage", "Float64", "Andel indikatorer med data"),
    ),
    key=("kommunenummer", "year", "sector_id"),
)
TOTALS = Table(
    "totals",
    "Totalrangering",
    (
        Column("kommunenummer", "string", "Kommunenummer"),
        Column("year", "Int64", "År"),
        Column("total", "Float64", "Totalkarakter (1–6)"),
        Column("rank", "Int64", "Plassering"),
        Column("rank_change", "Int64", "Endring i plassering"),
    ),
    key=("kommunenummer", "year"),
)
INNOVATION = Table(
    "innovation",
    "Innovasjonsmål",
    (
        Column("kommunenummer", "string", "Kommunenummer"),
        Column("year", "Int64", "År"),
        Column("active_projects", "Int64", "Aktive prosjekter"),
        Column("new_projects", "Int64", "Nye prosjekter"),
        Column("active_per_10k", "Float64", "Aktive prosjekter per 10 000 innbyggere"),
        Column("innovation_fte_per_10k", "Float64", "Innovasjonsårsverk per 10 000 innbyggere"),
        Column("leaders_trained_per_10k", "Float64", "Ledere med opplæring per 10 000 innbyggere"),
        Column("ideas_per_1k", "Float64", "Idéer per 1 000 innbyggere"),
        Column("innovation_index", "Float64", "Innovasjonsindeks (0–100)"),
    ),
    key=("kommunenummer", "year"),
)

# The idea bank (stored in the app's database by analysis/ideas.py, never read from files).
UTC_TIME = "datetime64[us, UTC]"
IDEAS = Table(
    "ideas",
    "Idéer",
    (
        Column("idea_id", "Int64", "Idé-ID", nullable=False),
        Column("reference", "string", "Referanse", nullable=False),  # IDE-00042, shown to filers
        Column("created_at", UTC_TIME, "Meldt inn", nullable=False),
        Column("title", "string", "Tittel", nullable=False),
        Column("problem", "string", "Problemet den løser", nullable=False),
        Column("proposal", "string", "Idéen", nullable=False),
        Column("sector_id", "string", "Sektor-ID"),  # empty: several sectors, or not known
        Column("kommunenummer", "string", "Kommunenummer", nullable=False),
        Column("stage", _cat(IDEA_STAGES, ordered=True), "Status", nullable=False),
        Column("stage_changed_at", UTC_TIME, "Status endret", nullable=False),
        Column("project_id", "string", "Prosjekt-ID"),  # the project it became, if any
        Column("anonymised", "boolean", "Personopplysninger slettet", nullable=False),
        # Personal data: analysts only, never in presentation exports, deleted on request.
        Column("submitter_name", "string", "Navn på innsender", required=False),
        Column("submitter_email", "string", "E-post til innsender", required=False),
        Column("contact_consent", "boolean", "Samtykke til kontakt", required=False),
    ),
    key=("idea_id",),
)
IDEA_PERSONAL_COLUMNS: tuple[str, ...] = ("submitter_name", "submitter_email", "contact_consent")

IDEA_HISTORY = Table(
    "idea_history",
    "Idéhistorikk",
    (
        Column("entry_id", "Int64", "Linje", nullable=False),
        Column("idea_id", "Int64", "Idé-ID", nullable=False),
        Column("changed_at", UTC_TIME, "Tidspunkt", nullable=False),
        Column("changed_by", "string", "Endret av"),  # the analyst's e-mail; empty: the filer
        Column("action", _cat(IDEA_ACTIONS), "Hendelse", nullable=False),
        Column("from_stage", _cat(IDEA_STAGES, ordered=True), "Fra"),
        Column("to_stage", _cat(IDEA_STAGES, ordered=True), "Til"),
        Column("reason", "string", "Begrunnelse"),
    ),
    key=("entry_id",),
)

# Derived: days from filing to a milestone, per idea (for «tid fra idé til pilot og drift»).
IDEA_MILESTONES = Table(
    "idea_milestones",
    "Tid fra idé til pilot og drift",
    (
        Column("idea_id", "Int64", "Idé-ID"),
        Column("reference", "string", "Referanse"),
        Column("kommunenummer", "string", "Kommunenummer"),
        Column("milestone", _cat(("pilot", "drift"), ordered=True), "Milepæl"),
        Column("days", "Float64", "Dager fra innmelding"),
    ),
    key=("idea_id", "milestone"),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        MUNICIPALITIES,
        SECTORS,
        INDICATORS,
        INDICATOR_VALUES,
        PROJECTS,
        PROJECT_MUNICIPALITIES,
        AWARDS,
        CAPACITY,
        SCORES,
        SECTOR_SCORES,
        TOTALS,
        INNOVATION,
        IDEAS,
        IDEA_HISTORY,
        IDEA_MILESTONES,
    )
}


# --- Checks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input table, phrased for the user."""

    table: str
    row: int | None  # 1-based data row, None when the problem is the whole column
    column: str | None
    value: str | None
    message: str  # Norwegian: what is wrong and how to fix it


class SchemaError(ValueError):
    """A table failed its checks; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} feil: " + "; ".join(p.message for p in problems[:5]))

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "Tabell": [p.table for p in self.problems],
                "Rad": pd.array([p.row for p in self.problems], dtype="Int64"),
                "Kolonne": [p.column for p in self.problems],
                "Verdi": [p.value for p in self.problems],
                "Feil": [p.message for p in self.problems],
            }
        )


def empty(table: Table) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in table.columns})


def conform(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Return `df` with exactly the table's columns, in order, cast to their dtypes.

    Raises SchemaError listing missing required columns, values that do not fit the dtype,
    missing values in non-nullable columns and duplicate keys.
    """
    problems: list[Problem] = []
    missing = [c.name for c in table.columns if c.required and c.name not in df.columns]
    problems += [
        Problem(table.name, None, name, None, f"Kolonnen «{name}» mangler.") for name in missing
    ]
    if problems:
        raise SchemaError(problems)

    out = {}
    for col in table.columns:
        if col.name not in df.columns:
            out[col.name] = pd.Series(pd.NA, index=df.index, dtype=col.dtype)
            continue
        raw = df[col.name]
        try:
            if isinstance(col.dtype, pd.CategoricalDtype):
                raise TypeError  # astype would keep unknown labels only with a warning
            cast = raw.astype(col.dtype)
        except (TypeError, ValueError):
            cast = _cast_leniently(raw, col.dtype)
        bad = cast.isna() & raw.notna()
        problems += [
            Problem(
                table.name,
                _row_number(df, i),
                col.name,
                str(raw[i]),
                f"«{raw[i]}» passer ikke i kolonnen «{col.label}» ({_dtype_hint(col.dtype)}).",
            )
            for i in raw.index[bad]
        ]
        if not col.nullable:
            problems += [
                Problem(
                    table.name,
                    _row_number(df, i),
                    col.name,
                    None,
                    f"Kolonnen «{col.label}» kan ikke være tom.",
                )
                for i in raw.index[raw.isna()]
            ]
        out[col.name] = cast
    result = pd.DataFrame(out, index=df.index)
    dupes = result.duplicated(list(table.key), keep=False)
    problems += [
        Problem(
            table.name,
            _row_number(df, i),
            ", ".join(table.key),
            None,
            "Samme nøkkel finnes på flere rader; behold én av dem.",
        )
        for i in result.index[dupes]
    ]
    if problems:
        raise SchemaError(problems)
    return result.reset_index(drop=True)


def _cast_leniently(raw: pd.Series, dtype: str | pd.CategoricalDtype) -> pd.Series:
    """Cast what fits and leave the rest missing, so conform() can name each bad cell."""
    if isinstance(dtype, pd.CategoricalDtype):
        text = raw.astype("string").str.strip()
        return text.where(text.isin(dtype.categories)).astype(dtype)
    if dtype in ("Int64", "Float64"):
        numbers = pd.to_numeric(raw, errors="coerce")
        if dtype == "Int64":
            numbers = numbers.where(numbers.isna() | (numbers == numbers.round()))
        return numbers.astype(dtype)
    if dtype == UTC_TIME:
        return pd.to_datetime(raw, errors="coerce", utc=True).astype(dtype)
    if dtype == "boolean":
        mapping = {"true": True, "false": False, "1": True, "0": False, "ja": True, "nei": False}
        return raw.astype("string").str.strip().str.lower().map(mapping).astype("boolean")
    return raw.astype("string")


def _row_number(df: pd.DataFrame, label: object) -> int:
    return int(df.index.get_loc(label)) + 1


def _dtype_hint(dtype: str | pd.CategoricalDtype) -> str:
    if isinstance(dtype, pd.CategoricalDtype):
        return "en av: " + ", ".join(map(str, dtype.categories))
    return {
        "Int64": "heltall",
        "Float64": "tall",
        "boolean": "ja/nei",
        "string": "tekst",
        UTC_TIME: "tidspunkt",
    }[dtype]
