"""The one translation table: every user-facing string, bokmål first, English for guests.

Keys are English snake_case; `t(key, lang)` returns the text. Strings may carry str.format
fields. A test checks that every key has both languages and that pages use no bare strings.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("nb", "en")
DEFAULT_LANGUAGE = "nb"

TEXTS: dict[str, dict[str, str]] = {
    # App frame and sidebar
    "app_title": {"nb": "Innosikt", "en": "Innosikt"},
    "app_tagline": {
        "nb": "Innovasjonsarbeid og resultater i norske kommuner, side om side",
        "en": "Innovation work and results in Norwegian municipalities, side by side",
    },
    "page_overview": {"nb": "Oversikt", "en": "Overview"},
    "page_profile": {"nb": "Kommuneprofil", "en": "Municipality profile"},
    "page_innovation": {"nb": "Innovasjon og resultater", "en": "Innovation and results"},
    "page_ranking": {"nb": "Rangering", "en": "Ranking"},
    "page_method": {"nb": "Metode og kilder", "en": "Method and sources"},
    "sidebar_municipality": {"nb": "Kommune", "en": "Municipality"},
    "sidebar_municipality_help": {
        "nb": "Søk på navn eller kommunenummer.",
        "en": "Search by name or municipality number.",
    },
    "sidebar_language": {"nb": "Språk", "en": "Language"},
    "sidebar_group": {"nb": "Sammenlign med", "en": "Compare with"},
    "sidebar_group_help": {
        "nb": "Kommunene som vises som sammenligningsgruppe i figurene.",
        "en": "The municipalities shown as the comparison group in the charts.",
    },
    "group_peer_group": {
        "nb": "Kommunegruppe (størrelse og økonomi)",
        "en": "Peer group (size, economy)",
    },
    "group_county": {"nb": "Samme fylke", "en": "Same county"},
    "group_size_class": {"nb": "Samme størrelse", "en": "Same size class"},
    "group_similar": {"nb": "20 mest like kommuner", "en": "20 most similar municipalities"},
    "group_custom": {"nb": "Egen liste", "en": "Custom list"},
    "sidebar_custom": {"nb": "Velg kommuner", "en": "Choose municipalities"},
    "sidebar_custom_placeholder": {"nb": "Søk og velg kommuner", "en": "Search and choose"},
    "sidebar_years": {"nb": "År", "en": "Years"},
    "sidebar_sector": {"nb": "Sektor", "en": "Sector"},
    "sector_total": {"nb": "Totalt (alle sektorer)", "en": "Total (all sectors)"},
    "group_summary": {
        "nb": "{n} kommuner i sammenligningsgruppen",
        "en": "{n} municipalities in the comparison group",
    },
    "group_empty": {
        "nb": "Sammenligningsgruppen er tom. Velg kommuner eller en annen gruppe i sidepanelet.",
        "en": "The comparison group is empty. Choose municipalities or another group.",
    },
    "demo_notice": {
        "nb": "**Demodata.** Indikatorverdiene og de fleste prosjektene er syntetiske og laget for "
        "å vise hvordan Innosikt virker. Kommunenavn, folketall (omtrentlig) og prosjektene merket "
        "«reell» er hentet fra offentlige kilder. Se «Metode og kilder».",
        "en": "**Demo data.** The indicator values and most projects are synthetic, made to show "
        "how Innosikt works. Municipality names, populations (approximate) and the projects "
        "marked «real» come from public sources. See «Method and sources».",
    },
    # Overview
    "overview_title": {"nb": "Oversikt: {name}", "en": "Overview: {name}"},
    "kpi_rank": {"nb": "Plassering {year}", "en": "Rank {year}"},
    "kpi_rank_of": {"nb": "av {n}", "en": "of {n}"},
    "kpi_total": {"nb": "Totalkarakter {year}", "en": "Total grade {year}"},
    "kpi_rank_change_help": {
        "nb": "Endring i plassering fra året før (positiv = klatret).",
        "en": "Change in rank from the year before (positive = climbed).",
    },
    "rank_history_title": {
        "nb": "{name}: plassering i Kommunebarometer-stil, {first}–{last}",
        "en": "{name}: Kommunebarometer-style rank, {first}–{last}",
    },
    "axis_year": {"nb": "År", "en": "Year"},
    "axis_rank": {
        "nb": "Plassering (1 = best av {n})",
        "en": "Rank (1 = best of {n})",
    },
    "rank_caveat": {
        "nb": "Plasseringer er ikke strengt sammenlignbare fra år til år: indikatorer, "
        "vekter og datagrunnlag endrer seg (som Kommunebarometeret selv påpeker).",
        "en": "Ranks are not strictly comparable from year to year: indicators, weights and "
        "data change (as Kommunebarometeret itself points out).",
    },
    "source_demo": {
        "nb": "Kilde: Innosikt demodata (syntetisk), metode etter Kommunebarometeret. n = {n}.",
        "en": "Source: Innosikt demo data (synthetic), method after Kommunebarometeret. n = {n}.",
    },
    "no_rank": {
        "nb": "{name} har ingen totalkarakter i de valgte årene: for få sektorer har data.",
        "en": "{name} has no total grade in the chosen years: too few sectors have data.",
    },
    "short_history": {
        "nb": "{name} har data bare fra {first}.",
        "en": "{name} has data only from {first}.",
    },
    # --- Oversikt (overview page) ---
    # --- Kommuneprofil (profile page) ---
    # --- Innovasjon og resultater (innovation page) ---
    # --- Rangering (ranking page) ---
    # --- Metode og kilder (method page) ---
    # --- Shared chart texts ---
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fields: object) -> str:
    """The text for `key` in `lang`, with str.format fields filled in."""
    text = TEXTS[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE]
    return text.format(**fields) if fields else text
