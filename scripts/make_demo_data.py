"""Generate the demo dataset in data/: real municipalities and prize records, the rest synthetic.

    python scripts/make_demo_data.py [--out DIR] [--check]

Reads only `scripts/demo_sources/` (municipality facts and centres) and writes every file in
data/ except README.md, byte for byte the same on every run (fixed seed, fixed order, fixed
rounding). `--check` also prints how strongly the built-in effect shows up in the scores.

What is real: municipality names, codes, counties, approximate population, centrality, income
level, centres, and the projects and prizes with is_real = true (each with its source).
Everything else is synthetic: all indicator values, the projects marked «Demodata», and all of
capacity.csv (Øvre Eiker's capacity is synthetic too, only shaped to fit its public story).

BUILT-IN EFFECT (synthetic, put there on purpose; not a finding):
    a[m, y]  = municipality m's innovation activity in year y: the percentile rank (0–1), among
               all municipalities that year, of the mean of its percentile ranks on active
               projects per 10 000 inhabitants, innovation FTE per 10 000 and leaders trained
               per 10 000 (all from projects.csv / capacity.csv as generated).
    C[m, y]  = sum over t = 2015..y of (a[m, t] - 0.5)
    boost[m, y] = INNOVATION_EFFECT * (0.25 C[m, y-1] + 0.5 C[m, y-2] + 0.25 C[m, y-3])
The boost is added to the latent quality of every sector except økonomi and kostnadsnivå, in
units of the between-municipality standard deviation (SD) of each indicator. With
INNOVATION_EFFECT = 0.028, a municipality that stays in the top tenth from 2015 gains about
0.11 SD in those sectors by 2025 (one in the bottom tenth loses as much), lagged 1–3 years.
Measured with analysis.scoring and analysis.stats.activity_vs_change: Pearson r ≈ 0.30–0.35
between the mean of a[m, y] and the change in total grade (2015–2025, lag 0 or 2; 2016–2024,
lag 2); r ≈ 0.3 for innovation FTE per 10 000; r ≈ 0 for raw active projects per 10 000, whose
scatter is dominated by a few tiny municipalities with one or two projects (Spearman ≈ 0.15).
Øvre Eiker gets, instead of the boost, a hand-made climb (OVRE_EIKER_CLIMB) from a low start,
largest in pleie og omsorg, grunnskole and barnehage. `--check` prints all of this again.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: `analysis` lives at the repo root

from analysis import codes, schema  # noqa: E402
from analysis.load import load_dataset  # noqa: E402

SOURCES = ROOT / "scripts" / "demo_sources"
OUT_DIR = ROOT / "data"
SEED = 20241
YEARS = np.arange(2015, 2026)
FIRST_PROJECT_YEAR = 2012
HARAM_FIRST_YEAR = 2024  # Haram was part of Ålesund 2020–2023: no data before 2024
DEMO_SOURCE = "Demodata"
INDICATOR_SOURCE = "Demodata etter mønster av KOSTRA/SSB"

# --- Municipalities ---------------------------------------------------------------------------

COUNTIES = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
}
BIG_CITIES = ("0301", "4601", "5001", "1103", "3201", "4204")  # Oslo, Bergen, Trondheim,
# Stavanger, Bærum, Kristiansand: KOSTRA's «storbyer»
SMALL_BELOW, LARGE_FROM = 5_000, 20_000
SMALL_CLIP = (-1.5, 2.5)  # smallness (−z of log population) is clipped to this range
SIZE_WORDS = {"små": "Små", "mellomstore": "Mellomstore", "store": "Store"}
INCOME_WORDS = {"lav": "lave", "middels": "middels", "høy": "høye"}

# --- Sectors and indicators --------------------------------------------------------------------

# Kommunebarometeret's default sector weights (percent of the total).
SECTORS = """
sector_id|name|weight|prefix
grunnskole|Grunnskole|20|gs
pleie_og_omsorg|Pleie og omsorg|20|po
barnevern|Barnevern|10|bv
barnehage|Barnehage|10|bh
okonomi|Økonomi|10|ok
helse|Helse|7.5|he
sosialtjeneste|Sosialtjeneste|7.5|so
kostnadsniva|Kostnadsnivå|5|kn
kultur|Kultur|2.5|ku
miljo|Miljø|2.5|mi
saksbehandling|Saksbehandling|2.5|sb
vann_avlop_renovasjon|Vann, avløp og renovasjon|2.5|va
"""

# What users see. The sector follows from the id's prefix.
INDICATORS = """
indicator_id|name|unit|direction|weight
gs_grunnskolepoeng|Grunnskolepoeng|poeng|higher|3
gs_nasjonale_prover_5|Nasjonale prøver 5. trinn|skalapoeng|higher|2
gs_nasjonale_prover_8|Nasjonale prøver 8. trinn|skalapoeng|higher|2
gs_fullfort_vgs|Andel elever som fullfører vgs innen 5 år|prosent|higher|2
gs_elever_per_laerer|Elever per lærer|antall|lower|1
gs_mobbing|Andel elever som opplever mobbing (7. trinn)|prosent|lower|1
po_fagutdanning|Andel årsverk med fagutdanning|prosent|higher|2
po_legetimer_sykehjem|Legetimer per uke per beboer i sykehjem|timer|higher|2
po_fysio_sykehjem|Fysioterapitimer per uke per beboer i sykehjem|timer|higher|1
po_over_80_institusjon|Andel over 80 år i institusjon|prosent|lower|1
po_enerom_bad|Andel plasser i enerom med eget bad|prosent|higher|1
bh_barnehagelaerere|Andel barnehagelærere|prosent|higher|3
bh_barn_per_voksen|Barn per voksen|antall|lower|2
bh_fagarbeidere|Andel ansatte med barne- og ungdomsarbeiderfag|prosent|higher|1
bh_barn_1_2_ar|Andel barn 1–2 år i barnehage|prosent|higher|1
bh_lekeareal|Leke- og oppholdsareal per barn|m²|higher|1
bv_undersokelser_3_mnd|Andel undersøkelser innen 3 måneder|prosent|higher|3
bv_stillinger_per_1000|Stillinger per 1 000 barn|årsverk|higher|2
bv_tiltaksplan|Andel barn med tiltaksplan|prosent|higher|1
bv_videreutdanning|Andel ansatte med videreutdanning|prosent|higher|1
ok_netto_driftsresultat|Netto driftsresultat (% av inntekter)|prosent|higher|3
ok_disposisjonsfond|Disposisjonsfond (% av inntekter)|prosent|higher|2
ok_netto_lanegjeld|Netto lånegjeld (% av inntekter)|prosent|lower|2
he_legearsverk|Legeårsverk per 10 000 innbyggere|årsverk|higher|2
he_helsesykepleiere|Helsesykepleiere per 10 000 barn 0–5 år|årsverk|higher|2
he_lister_uten_lege|Andel fastlegelister uten fast lege|prosent|lower|1
he_hjemmebesok|Andel nyfødte med hjemmebesøk innen 2 uker|prosent|higher|1
he_fysioterapeuter|Fysioterapiårsverk per 10 000 innbyggere|årsverk|higher|1
so_unge_mottakere|Andel sosialhjelpsmottakere under 25 år|prosent|lower|2
so_stonadslengde|Stønadslengde (måneder)|måneder|lower|2
so_langtidsmottakere|Andel langtidsmottakere av sosialhjelp|prosent|lower|1
so_kvp_til_arbeid|Andel som går til arbeid etter kvalifiseringsprogram|prosent|higher|1
kn_per_elev|Netto driftsutgifter per elev (kr)|kr|lower|2
kn_pleie_per_80|Netto driftsutgifter pleie og omsorg per innbygger 80 år+ (kr)|kr|lower|2
kn_per_barnehagebarn|Netto driftsutgifter per barn i barnehage (kr)|kr|lower|1
kn_administrasjon|Administrasjonsutgifter per innbygger (kr)|kr|lower|1
ku_bibliotekutlan|Utlån fra folkebibliotek per innbygger|antall|higher|1
ku_kulturskole|Andel barn 6–15 år i kulturskolen|prosent|higher|2
ku_utgifter|Netto driftsutgifter kultur per innbygger (kr)|kr|higher|1
mi_gjenvinning|Andel husholdningsavfall til gjenvinning|prosent|higher|3
mi_avfall|Husholdningsavfall per innbygger (kg)|kg|lower|1
mi_klimagass|Klimagassutslipp per innbygger (tonn CO₂-ekvivalenter)|tonn|lower|1
mi_energi_bygg|Energibruk i kommunale bygg (kWh per m²)|kWh per m²|lower|1
sb_byggesak_dager|Saksbehandlingstid byggesaker (dager)|dager|lower|2
sb_regulering_dager|Saksbehandlingstid reguleringsplaner (dager)|dager|lower|1
sb_oppmaling_dager|Saksbehandlingstid oppmålingsforretning (dager)|dager|lower|1
sb_digitale_soknader|Andel byggesøknader mottatt digitalt|prosent|higher|1
va_arsgebyr|Årsgebyr vann, avløp og renovasjon (kr)|kr|lower|2
va_fornyelse|Fornyelse av vannledningsnettet (% per år)|prosent|higher|1
va_lekkasje|Andel lekkasje fra vannledningsnettet|prosent|lower|1
va_rensekrav|Andel innbyggere med avløp som oppfyller rensekrav|prosent|higher|1
"""

DESCRIPTIONS = {
    "gs_grunnskolepoeng": "Snitt av standpunkt- og eksamenskarakterer ved utgangen av 10. trinn.",
    "gs_nasjonale_prover_5": "Snitt av skalapoeng i lesing, regning og engelsk på 5. trinn.",
    "gs_nasjonale_prover_8": "Snitt av skalapoeng i lesing, regning og engelsk på 8. trinn.",
    "gs_fullfort_vgs": "Andel elever fra kommunen som fullfører videregående innen fem år.",
    "gs_elever_per_laerer": "Gjennomsnittlig antall elever per lærerårsverk i undervisning.",
    "gs_mobbing": "Andel elever på 7. trinn som svarer at de blir mobbet to–tre ganger i måneden.",
    "po_fagutdanning": "Andel årsverk i brukerrettede tjenester med helsefaglig utdanning.",
    "po_legetimer_sykehjem": "Legetimer per uke per beboer i sykehjem.",
    "po_fysio_sykehjem": "Fysioterapitimer per uke per beboer i sykehjem.",
    "po_over_80_institusjon": "Andel innbyggere over 80 år som bor i institusjon.",
    "po_enerom_bad": "Andel sykehjemsplasser i enerom med eget bad og toalett.",
    "bh_barnehagelaerere": "Andel av grunnbemanningen med barnehagelærerutdanning.",
    "bh_barn_per_voksen": "Antall barn per årsverk i grunnbemanningen, korrigert for alder.",
    "bh_fagarbeidere": "Andel ansatte med fagbrev i barne- og ungdomsarbeiderfaget.",
    "bh_barn_1_2_ar": "Andel barn 1–2 år som går i barnehage.",
    "bh_lekeareal": "Leke- og oppholdsareal innendørs per barn, i kvadratmeter.",
    "bv_undersokelser_3_mnd": "Andel undersøkelser som er avsluttet innen fristen på tre måneder.",
    "bv_stillinger_per_1000": "Stillinger i barnevernstjenesten per 1 000 barn 0–17 år.",
    "bv_tiltaksplan": "Andel barn med hjelpetiltak som har tiltaksplan.",
    "bv_videreutdanning": "Andel fagansatte i barnevernet med relevant videreutdanning.",
    "ok_netto_driftsresultat": "Netto driftsresultat i prosent av brutto driftsinntekter.",
    "ok_disposisjonsfond": "Disposisjonsfond i prosent av brutto driftsinntekter.",
    "ok_netto_lanegjeld": "Netto lånegjeld i prosent av brutto driftsinntekter.",
    "he_legearsverk": "Legeårsverk i kommunehelsetjenesten per 10 000 innbyggere.",
    "he_helsesykepleiere": "Årsverk helsesykepleiere per 10 000 barn 0–5 år.",
    "he_lister_uten_lege": "Andel fastlegelister som står uten fast lege.",
    "he_hjemmebesok": "Andel nyfødte som får hjemmebesøk av helsesykepleier innen to uker.",
    "he_fysioterapeuter": "Årsverk fysioterapeuter i kommunehelsetjenesten per 10 000 innbyggere.",
    "so_unge_mottakere": "Andel av sosialhjelpsmottakerne som er 18–24 år.",
    "so_stonadslengde": "Gjennomsnittlig antall måneder med økonomisk sosialhjelp.",
    "so_langtidsmottakere": "Andel mottakere som har fått sosialhjelp i seks måneder eller mer.",
    "so_kvp_til_arbeid": "Andel som går til arbeid eller utdanning etter kvalifiseringsprogram.",
    "kn_per_elev": "Netto driftsutgifter til grunnskole per elev.",
    "kn_pleie_per_80": "Netto driftsutgifter til pleie og omsorg per innbygger 80 år og eldre.",
    "kn_per_barnehagebarn": "Netto driftsutgifter til barnehage per barn i kommunal barnehage.",
    "kn_administrasjon": "Netto driftsutgifter til administrasjon og styring per innbygger.",
    "ku_bibliotekutlan": "Antall utlån fra folkebiblioteket per innbygger.",
    "ku_kulturskole": "Andel barn 6–15 år som går i kommunal kulturskole.",
    "ku_utgifter": "Netto driftsutgifter til kultur og idrett per innbygger.",
    "mi_gjenvinning": "Andel husholdningsavfall levert til materialgjenvinning og biogass.",
    "mi_avfall": "Kilo husholdningsavfall per innbygger.",
    "mi_klimagass": "Direkte utslipp av klimagasser i kommunen per innbygger.",
    "mi_energi_bygg": "Energibruk per kvadratmeter i kommunale formålsbygg.",
    "sb_byggesak_dager": "Gjennomsnittlig saksbehandlingstid for byggesaker med 12 ukers frist.",
    "sb_regulering_dager": "Gjennomsnittlig saksbehandlingstid for private reguleringsplaner.",
    "sb_oppmaling_dager": "Gjennomsnittlig saksbehandlingstid for oppmålingsforretning.",
    "sb_digitale_soknader": "Andel byggesøknader som kommer inn digitalt.",
    "va_arsgebyr": "Samlet årsgebyr for vann, avløp og renovasjon for en standardbolig.",
    "va_fornyelse": "Andel av vannledningsnettet som er fornyet, snitt siste tre år.",
    "va_lekkasje": "Beregnet andel av produsert drikkevann som lekker fra ledningsnettet.",
    "va_rensekrav": "Andel innbyggere tilknyttet avløpsanlegg som oppfyller rensekravet.",
}

# How values are made: mean and between-municipality SD in 2020, national trend per year,
# hard bounds, decimals (negative: round to tens, hundreds …), and loadings (in SDs) on
# smallness (−z of log population), income level (−1/0/1) and rurality (z of centrality).
VALUE_MODEL = """
indicator_id|mean|sd|trend|lo|hi|decimals|small|income|rural
gs_grunnskolepoeng|41.5|1.6|0.15|34|48|1|-0.1|0.3|-0.3
gs_nasjonale_prover_5|49.5|1.5|0|43|56|1|-0.1|0.3|-0.3
gs_nasjonale_prover_8|50|1.5|0|43|57|1|-0.1|0.3|-0.3
gs_fullfort_vgs|77|5|0.6|45|98|1|0|0.3|-0.2
gs_elever_per_laerer|13|2|-0.08|5|20|1|-0.7|-0.2|-0.2
gs_mobbing|8|2.5|0|0|25|1|0|-0.1|0.1
po_fagutdanning|75|5|0.3|45|95|1|0|0.2|-0.1
po_legetimer_sykehjem|0.55|0.15|0.01|0.05|1.6|2|0.2|0.2|0
po_fysio_sykehjem|0.4|0.15|0.005|0|1.5|2|0.1|0.2|0
po_over_80_institusjon|12|3|-0.2|2|30|1|0.4|0.2|0.2
po_enerom_bad|90|8|0.5|30|100|1|0|0.2|0
bh_barnehagelaerere|43|6|0.8|10|80|1|0|0.2|-0.3
bh_barn_per_voksen|5.9|0.5|-0.03|3.5|8|1|-0.3|-0.2|0
bh_fagarbeidere|20|6|0.3|0|55|1|0|0|0.1
bh_barn_1_2_ar|86|5|0.4|50|100|1|0|0.1|-0.2
bh_lekeareal|5.6|0.8|0|3|11|1|0.4|0.2|0.2
bv_undersokelser_3_mnd|85|9|0.5|25|100|1|0|0|0
bv_stillinger_per_1000|4.5|1.2|0.05|0.5|12|2|0.3|0.2|0
bv_tiltaksplan|88|8|0.3|30|100|1|0|0|0
bv_videreutdanning|35|10|0.8|0|95|1|-0.1|0|-0.2
ok_netto_driftsresultat|2|2.2|0|-10|16|1|0|0.3|0
ok_disposisjonsfond|10|5|0.3|0|60|1|0.1|0.5|0
ok_netto_lanegjeld|85|25|1.5|0|250|1|0|-0.2|0.1
he_legearsverk|11|3|0.1|3|35|1|0.6|0.2|0.3
he_helsesykepleiere|95|30|2|15|320|1|0.4|0.1|0
he_lister_uten_lege|4|4|0.4|0|60|1|0.3|0|0.4
he_hjemmebesok|85|9|0.3|25|100|1|0|0|0
he_fysioterapeuter|9|2.5|0.1|2|25|1|0.3|0.1|0.1
so_unge_mottakere|22|6|-0.2|0|65|1|-0.1|-0.2|0.1
so_stonadslengde|4.5|1|0|1|11|1|-0.2|-0.1|0
so_langtidsmottakere|35|9|0|0|85|1|-0.1|-0.1|0
so_kvp_til_arbeid|40|12|0|0|100|1|0|0|0
kn_per_elev|118000|18000|3500|65000|280000|-2|0.7|0.3|0.3
kn_pleie_per_80|430000|70000|10000|200000|900000|-3|0.6|0.3|0.2
kn_per_barnehagebarn|165000|18000|5000|100000|300000|-2|0.3|0.1|0.1
kn_administrasjon|6500|2000|150|1500|25000|-1|0.8|0.3|0.2
ku_bibliotekutlan|4.2|1.2|-0.05|0.5|12|1|0.1|0.1|0
ku_kulturskole|14|6|0|1|55|1|0.3|0.2|0.1
ku_utgifter|2600|700|60|600|8000|-1|0.3|0.4|0
mi_gjenvinning|42|9|0.6|5|80|1|-0.1|0|-0.2
mi_avfall|440|60|-2|200|800|0|0.1|0.1|0.1
mi_klimagass|5.5|1.8|-0.12|0.8|20|1|0.3|0|0.4
mi_energi_bygg|170|25|-1.5|80|320|0|0.2|0|0.1
sb_byggesak_dager|40|12|0|3|150|0|-0.2|0|0
sb_regulering_dager|240|80|0|30|800|0|-0.2|0|0
sb_oppmaling_dager|55|20|0|5|250|0|0|0|0.1
sb_digitale_soknader|70|15|3|0|100|1|-0.3|0|-0.2
va_arsgebyr|11500|2500|350|3500|26000|-1|0.4|0|0.3
va_fornyelse|0.6|0.3|0|0|3|2|0|0.1|0
va_lekkasje|30|8|0|3|65|1|0.2|0|0.2
va_rensekrav|80|18|0.5|0|100|1|-0.3|0|-0.3
"""

# Mostly the same structure each year: a municipality's quality persists, with a slow drift.
QUALITY_SD, QUALITY_COMMON, QUALITY_DRIFT_SD = 0.8, 0.5, 0.07
NOISE_SD, NOISE_SMALL_EXTRA, NOISE_AR = 0.35, 0.4, 0.5  # year-to-year noise, in indicator SDs

# Missing data.
MISSING_CELL = 0.01  # any cell
MISSING_CELL_SMALL = 0.02  # extra for municipalities under SMALL_BELOW inhabitants
MISSING_SECTOR_YEAR_SMALL = 0.025  # a whole sector-year for a small municipality
TINY_BELOW = 2_000
MISSING_SECTOR_YEAR_TINY = {"barnevern": 0.15, "sosialtjeneste": 0.10}  # suppressed small counts
NOT_YET_PUBLISHED = {"gs_fullfort_vgs": 2025}  # the last year is not out yet

# The built-in innovation → outcome effect (see the module docstring).
INNOVATION_EFFECT = 0.028
LAG_WEIGHTS = (0.25, 0.5, 0.25)  # for lags of 1, 2 and 3 years
UNAFFECTED_SECTORS = ("okonomi", "kostnadsniva")

OVRE_EIKER = "3314"
OVRE_EIKER_START = -0.6  # quality in 2015, in SDs: lower half
OVRE_EIKER_CLIMB = {"pleie_og_omsorg": 0.2, "grunnskole": 0.2, "barnehage": 0.2}  # SD per year
OVRE_EIKER_CLIMB_OTHER = 0.05

# --- Innovation: propensity, projects and capacity ----------------------------------------------

# Municipalities with a public innovation story (prize winners, finalists, real projects).
INNOVATIVE = ("5001", "3203", "1835", "1516", "4626", OVRE_EIKER, "4649", "3207")
INNOVATIVE_BOOST = 1.5
PROJECT_RATE = 2.0  # lead projects 2012–2025 for a 10 000-inhabitant, average municipality
PROJECT_POP_ELASTICITY = 0.55
PROPENSITY_EFFECT = 0.55
COOPERATION_SHARE = 0.15
MAX_PARTNERS = 3
START_YEAR_GROWTH = 0.10  # projects become more common over time

# Phase by age (2025 − start year): probabilities in schema.PHASES order.
PHASE_BY_AGE = {
    0: (0.25, 0.45, 0.25, 0.05, 0.00, 0.00),
    1: (0.05, 0.30, 0.45, 0.12, 0.03, 0.05),
    2: (0.00, 0.10, 0.35, 0.25, 0.15, 0.15),
    4: (0.00, 0.02, 0.10, 0.15, 0.48, 0.25),
    7: (0.00, 0.00, 0.02, 0.05, 0.60, 0.33),
}
PARTNER_PROBABILITY = {
    "akademia": 0.15,
    "næringsliv": 0.30,
    "innbyggere": 0.35,
    "andre kommuner": 0.12,
    "frivillig sektor": 0.20,
    "staten": 0.12,
}
INNOVATION_TYPE_PROBABILITY = (0.35, 0.20, 0.15, 0.20, 0.10)  # schema.INNOVATION_TYPES order
BUDGET_MEDIAN, BUDGET_SPREAD, BUDGET_MISSING = 600_000, 1.0, 0.15
CROSS_SECTOR = "tverrsektorielt"  # written as an empty sector_id

# Share of synthetic projects per sector, and themes that titles are made from.
PROJECT_SECTOR_SHARE = {
    "pleie_og_omsorg": 0.20,
    "grunnskole": 0.13,
    "helse": 0.10,
    CROSS_SECTOR: 0.10,
    "barnehage": 0.07,
    "sosialtjeneste": 0.07,
    "barnevern": 0.06,
    "miljo": 0.06,
    "saksbehandling": 0.06,
    "kultur": 0.05,
    "vann_avlop_renovasjon": 0.04,
    "okonomi": 0.03,
    "kostnadsniva": 0.03,
}
PROJECT_THEMES = """
sector_id|theme
grunnskole|Digital skolehverdag
grunnskole|Tidlig innsats i lesing
grunnskole|Leksefri skole
grunnskole|Uteskole i naturfag
grunnskole|Inkluderende læringsmiljø
grunnskole|Programmering som valgfag
grunnskole|Felles vurderingspraksis
grunnskole|Lærerspesialister i matematikk
pleie_og_omsorg|Velferdsteknologi i hjemmetjenesten
pleie_og_omsorg|Digitalt tilsyn på natt
pleie_og_omsorg|Medisindispensere i hjemmet
pleie_og_omsorg|Hverdagsrehabilitering
pleie_og_omsorg|Heltidskultur i omsorgstjenesten
pleie_og_omsorg|Trygghetsalarm med GPS
pleie_og_omsorg|Demensvennlig sykehjem
pleie_og_omsorg|Matomsorg på sykehjem
barnevern|Felles barnevernstjeneste
barnevern|Familieråd som arbeidsmetode
barnevern|Barnevernsvakt på tvers
barnevern|Tidlig innsats for utsatte barn
barnevern|Ungdomsmedvirkning i barnevernet
barnehage|Språkløft i barnehagen
barnehage|Realfag i barnehagen
barnehage|Digital foreldredialog
barnehage|Inkluderende barnehagemiljø
barnehage|Kompetanseløft for assistenter
okonomi|Gevinstrealisering i budsjettet
okonomi|Innbyggerbudsjett
okonomi|Digitalt fakturamottak
helse|Digital hjemmeoppfølging av kronisk syke
helse|Frisklivssentral
helse|Interkommunal legevakt
helse|Psykisk helse i skolen
helse|Helsestasjon for ungdom
helse|Videokonsultasjon hos fastlegen
sosialtjeneste|Ungdomsløft mot arbeid
sosialtjeneste|Bolig først
sosialtjeneste|Økonomisk rådgivning for unge
sosialtjeneste|Jobbspesialister i NAV
sosialtjeneste|Samordnet oppfølging av unge
kostnadsniva|Samlokalisering av tjenester
kostnadsniva|Smartere arealbruk i kommunale bygg
kostnadsniva|Felles innkjøpskontor
kostnadsniva|Robotisering av rutineoppgaver
kultur|Meråpent bibliotek
kultur|Kulturskole for alle
kultur|Fritidskortet
kultur|Frivillighetssentral som møteplass
miljo|Klimabudsjett
miljo|Matavfall til biogass
miljo|Elektrisk kommunal bilpark
miljo|Ombruksbutikk
miljo|Solceller på kommunale bygg
saksbehandling|Digital byggesøknad
saksbehandling|Chatbot for innbyggerhenvendelser
saksbehandling|Automatiserte vedtak
saksbehandling|Klart språk i vedtaksbrev
vann_avlop_renovasjon|Digitale vannmålere
vann_avlop_renovasjon|Lekkasjesøk med sensorer
vann_avlop_renovasjon|Nedgravde avfallscontainere
vann_avlop_renovasjon|Smarte renovasjonsruter
vann_avlop_renovasjon|Grønn overvannshåndtering
tverrsektorielt|Tjenestedesign i kommunen
tverrsektorielt|Innovasjonsstrategi
tverrsektorielt|Digital innbyggerdialog
tverrsektorielt|Lederutvikling for innovasjon
tverrsektorielt|Innbyggerpanel
tverrsektorielt|Samskaping i nærmiljøet
"""
TITLE_SUFFIXES = {"": 0.75, " – pilot": 0.15, " (fase 2)": 0.10}

# Capacity: innovation FTE per 10 000 inhabitants, leaders trained and ideas filed per year, for
# an average municipality; all grow over the period (RAMP).
FTE_PER_10K, LEADERS_PER_10K, IDEAS_PER_1K = 0.35, 1.2, 0.15
RAMP = np.linspace(0.5, 1.5, len(YEARS))
OVRE_EIKER_CAPACITY = {  # an adviser from 2015, then a development team and leaders trained
    "innovation_fte": (1.0, 2.0, 2.5, 3.0, 3.0, 3.5, 3.5, 4.0, 4.0, 4.0, 4.5),
    "leaders_trained": (0, 4, 9, 15, 21, 26, 30, 35, 40, 44, 48),
    "ideas_filed": (4, 10, 16, 20, 24, 20, 23, 27, 30, 31, 34),
}

# --- Real records -------------------------------------------------------------------------------

KMD_PRIZE = "KMDs innovasjonspris"
SRC_TRONDHEIM = (
    "KMD/regjeringen.no: «Gratulerer til Trondheim – årets vinner av innovasjonsprisen» (2019); "
    "KS: «Trondheim vant innovasjonsprisen 2019» (2019)"
)
SRC_ULSTEIN = "KS: «Trondheim vant innovasjonsprisen 2019» (2019); Næringsavisen (2019)"
SRC_FJELL = (
    "Fjell kommune: «Trondheim vann innovasjonspris, heider til Fjell» (2019); "
    "IMDi: «Rett i jobb» (2020)"
)
SRC_FJELL_RADSLAG = "Fjell kommune: «Integreringsutvalet» (2016)"
SRC_OVRE_EIKER = "KS (ks.no): «Innovasjonsstafetten», intervju med kommunedirektør i Øvre Eiker"
SRC_OVRE_EIKER_SKOLE = (
    "Øvre Eiker kommune: «Partiene står sammen for å frede barneskolene» (2018) og "
    "«Slik ser de for seg framtidens skoler i Øvre Eiker» (2019); Eikerposten (2020)"
)
SRC_SAMSKAPENDE = (
    "Forskningsrådet, prosjektbanken: «Den samskapende kommune» (prosjekt 309403); "
    "Telemarksforsking (2020); Nordre Follo kommune (2021)"
)
SRC_ASKER = (
    "KMD/regjeringen.no: «Asker kommune får innovasjonsprisen 2017» (2017); "
    "Difi: «Innovasjonspris til Asker kommune» (2017)"
)
SRC_TRAENA = "Difi: «Innovasjonspris til Træna kommune» (2018); Digdir: «Træna kommune: Tenk Træna»"
APPROX = " Startåret er omtrentlig år."

# The real projects. `members`: the municipalities (2024 codes), lead first. Years are from the
# sources; where a source gives none, the description says «omtrentlig år».
REAL_PROJECTS = [
    {
        "project_id": "R01",
        "members": ("5001",),
        "title": "Ledelsesskolen",
        "description": "Ledere på alle nivåer kjører egne innovasjonsprosesser og legger "
        "forslagene fram for direktører, kommunalsjefer og fagpersoner. Trukket fram da "
        "Trondheim vant KMDs innovasjonspris 2019." + APPROX,
        "phase": "ny praksis",
        "start_year": 2016,
        "innovation_type": "organisatorisk innovasjon",
        "source": SRC_TRONDHEIM,
    },
    {
        "project_id": "R02",
        "members": ("5001",),
        "title": "Universitetskommunen (TRD 3.0)",
        "description": "Helhetlig samarbeid mellom Trondheim kommune og NTNU om forskning, "
        "undervisning og innovasjon, der forskning og undervisning er et lederansvar. Trukket "
        "fram da Trondheim vant KMDs innovasjonspris 2019." + APPROX,
        "phase": "ny praksis",
        "start_year": 2017,
        "partner_types": "akademia;innbyggere",
        "innovation_type": "samskaping",
        "source": SRC_TRONDHEIM,
    },
    {
        "project_id": "R03",
        "members": ("1516",),
        "title": "Teknologiskolen",
        "description": "Alle elever på 1.–10. trinn får tverrfaglig undervisning i "
        "programmering og 3D-printing, for å møte næringslivets behov for teknologikompetanse. "
        "Ulstein var finalist til KMDs innovasjonspris 2019." + APPROX,
        "sector_id": "grunnskole",
        "phase": "ny praksis",
        "start_year": 2017,
        "partner_types": "næringsliv;innbyggere",
        "innovation_type": "tjenesteinnovasjon",
        "source": SRC_ULSTEIN,
    },
    {
        "project_id": "R04",
        "members": ("4626",),
        "title": "Rett i jobb i Fjell kommune",
        "description": "Fjell kommune, fra 2020 Øygarden: ti nyankomne flyktninger ble ansatt "
        "direkte i toårige stillinger i kommunen, med norskopplæring, i stedet for "
        "introduksjonsprogram (2017–2019). Fjell var finalist til KMDs innovasjonspris 2019.",
        "sector_id": "sosialtjeneste",
        "phase": "ny praksis",
        "start_year": 2017,
        "end_year": 2019,
        "partner_types": "staten",
        "innovation_type": "tjenesteinnovasjon",
        "source": SRC_FJELL,
    },
    {
        "project_id": "R05",
        "members": ("4626",),
        "title": "Integreringsrådslag",
        "description": "Fjell kommune, fra 2020 Øygarden: rådslag ledet av rådmann og "
        "ordfører med 12 bosatte flyktninger, hver sjette uke. Omtalt i 2016 (omtrentlig år); "
        "fasen etter sammenslåingen i 2020 kjenner vi ikke.",
        "sector_id": "sosialtjeneste",
        "phase": "ny praksis",
        "start_year": 2016,
        "partner_types": "innbyggere",
        "innovation_type": "samskaping",
        "source": SRC_FJELL_RADSLAG,
    },
    {
        "project_id": "R06",
        "members": (OVRE_EIKER,),
        "title": "Innovasjonsrådgiver, utviklingsteam og innovasjonsseksjon",
        "description": "Øvre Eiker ansatte en innovasjonsrådgiver, etablerte et utviklingsteam "
        "og en seksjon med systemansvar for innovasjon, og vedtok en innovasjonsstrategi." + APPROX,
        "phase": "ny praksis",
        "start_year": 2015,
        "innovation_type": "organisatorisk innovasjon",
        "source": SRC_OVRE_EIKER,
    },
    {
        "project_id": "R07",
        "members": (OVRE_EIKER,),
        "title": "Ledere og ansatte på Innovasjonsskolen",
        "description": "Øvre Eiker sender ledere og ansatte på Innovasjonsskolen på "
        "Lillehammer og deltar i innovasjonsnettverk for å bygge kompetanse og kapasitet." + APPROX,
        "phase": "ny praksis",
        "start_year": 2016,
        "partner_types": "akademia;andre kommuner",
        "innovation_type": "organisatorisk innovasjon",
        "source": SRC_OVRE_EIKER,
    },
    {
        "project_id": "R08",
        "members": (OVRE_EIKER,),
        "title": "Oppgaveutvalg for skolebehov og skolestruktur",
        "description": "Formannskapet vedtok enstemmig i 2018 å opprette et oppgaveutvalg av "
        "folkevalgte og innbyggere; utvalgets skolebehovsplan ble lagt til grunn i 2020, med "
        "endringer.",
        "sector_id": "grunnskole",
        "phase": "ny praksis",
        "start_year": 2018,
        "end_year": 2020,
        "partner_types": "innbyggere",
        "innovation_type": "samskaping",
        "source": SRC_OVRE_EIKER_SKOLE,
    },
    {
        "project_id": "R09",
        "members": ("4649", "3207"),
        "title": "Den samskapende kommune",
        "description": "Forskningsprosjekt om samskaping i lokalsamfunnsutviklingen i to nye "
        "kommuner: Stad (prosjekteier) og Nordre Follo, med Telemarksforsking, Universitetet i "
        "Sørøst-Norge og Tinkr. Tildelt 6,0 mill. kr fra Forskningsrådet; tre år. Fasen etter "
        "prosjektslutt er vårt anslag.",
        "phase": "ny praksis",
        "start_year": 2020,
        "end_year": 2023,
        "partner_types": "akademia;næringsliv;innbyggere;andre kommuner",
        "innovation_type": "samskaping",
        "budget_nok": 6_000_000,
        "source": SRC_SAMSKAPENDE,
    },
    {
        "project_id": "R10",
        "members": ("3203",),
        "title": "Asker velferdslab",
        "description": "Boligsosialt utviklingsprosjekt som setter innbyggernes behov i "
        "sentrum og snur ressursinnsatsen fra reparasjon til forebygging. Trukket fram da "
        "Asker vant KMDs innovasjonspris 2017." + APPROX,
        "sector_id": "sosialtjeneste",
        "phase": "ny praksis",
        "start_year": 2015,
        "partner_types": "staten;frivillig sektor;næringsliv",
        "innovation_type": "tjenesteinnovasjon",
        "source": SRC_ASKER,
    },
    {
        "project_id": "R11",
        "members": ("3203",),
        "title": "Løsningsjakten på Borgen",
        "description": "Områdeutvikling sammen med innbyggerne på Borgen. Trukket fram da "
        "Asker vant KMDs innovasjonspris 2017." + APPROX,
        "phase": "ny praksis",
        "start_year": 2016,
        "partner_types": "innbyggere",
        "innovation_type": "samskaping",
        "source": SRC_ASKER,
    },
    {
        "project_id": "R12",
        "members": ("1835",),
        "title": "Tenk Træna",
        "description": "Utviklingsprosjekt fra 2015 der kommunen, næringslivet og innbyggerne "
        "sammen arbeider med næring, kultur og stedsutvikling. Trukket fram da Træna vant KMDs "
        "innovasjonspris 2018. Sluttåret er omtrentlig.",
        "phase": "ny praksis",
        "start_year": 2015,
        "end_year": 2020,
        "partner_types": "næringsliv;innbyggere;frivillig sektor",
        "innovation_type": "samskaping",
        "source": SRC_TRAENA,
    },
]
# project_id, kommunenummer, year, result, source
REAL_AWARDS = [
    ("R01", "5001", 2019, "vinner", SRC_TRONDHEIM),
    ("R02", "5001", 2019, "vinner", SRC_TRONDHEIM),
    ("R03", "1516", 2019, "finalist", SRC_ULSTEIN),
    ("R04", "4626", 2019, "finalist", SRC_FJELL),
    ("R10", "3203", 2017, "vinner", SRC_ASKER),
    ("R11", "3203", 2017, "vinner", SRC_ASKER),
    ("R12", "1835", 2018, "vinner", SRC_TRAENA),
]


# --- Helpers ------------------------------------------------------------------------------------


def rng_for(part: str) -> np.random.Generator:
    """An independent, reproducible random stream per part, so editing one leaves the rest."""
    return np.random.default_rng([SEED, *part.encode()])


def read_text_table(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text.strip()), sep="|", keep_default_na=False)


def zscore(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / x.std()


def year_index(year: int) -> int:
    return int(year - YEARS[0])


# --- Municipalities -----------------------------------------------------------------------------


def read_sources(sources: Path = SOURCES) -> pd.DataFrame:
    """The facts and centres of every municipality, by 2020 code."""
    read = {"dtype": {"code_2020": "string"}, "keep_default_na": False}
    facts = pd.read_csv(sources / "municipality_facts.csv", **read)
    centres = pd.read_csv(sources / "municipality_centres.csv", **read)
    missing = sorted(set(facts["code_2020"]) - set(centres["code_2020"]))
    if missing:
        raise ValueError(f"No centre in municipality_centres.csv for: {', '.join(missing)}")
    return facts.merge(centres, on="code_2020", how="left", validate="one_to_one")


def size_class(population: pd.Series, code: pd.Series) -> pd.Series:
    size = pd.cut(
        population.astype(float),
        [0, SMALL_BELOW, LARGE_FROM, np.inf],
        right=False,
        labels=["små", "mellomstore", "store"],
    ).astype("string")
    return size.mask(code.isin(BIG_CITIES), "storbyer")


def peer_group(size: pd.Series, income: pd.Series, code: pd.Series) -> pd.Series:
    """KOSTRA-like group label by size and income, merged so that no group is tiny.

    Most large municipalities have low free income and most small ones high, so a plain
    size × income grid leaves groups of one to three members: useless for comparison. Small
    municipalities split into high vs low/middle income, mid-sized into low vs middle/high, large
    ones stay together, and Oslo joins the big cities (KOSTRA keeps Oslo apart; a group of one
    compares with no one).
    """
    small_low = (size == "små") & income.isin(["lav", "middels"])
    mid_high = (size == "mellomstore") & income.isin(["middels", "høy"])
    label = size.map(SIZE_WORDS) + " kommuner, " + income.map(INCOME_WORDS) + " inntekter"
    return (
        label.mask(small_low, "Små kommuner, lave eller middels inntekter")
        .mask(mid_high, "Mellomstore kommuner, middels eller høye inntekter")
        .mask(size == "store", "Store kommuner")
        .mask(size == "storbyer", "Storbyene og Oslo")
    )


def municipalities(sources: pd.DataFrame) -> pd.DataFrame:
    to_2024 = {**codes.RENUMBERED_2024, codes.ALESUND_2020: codes.ALESUND_2024}
    return (
        sources.assign(kommunenummer=lambda d: d["code_2020"].replace(to_2024))
        .assign(
            county_number=lambda d: d["kommunenummer"].str[:2],
            county_name=lambda d: d["county_number"].map(COUNTIES),
            size_class=lambda d: size_class(d["population"], d["kommunenummer"]),
            peer_group=lambda d: peer_group(d["size_class"], d["income_level"], d["kommunenummer"]),
        )
        .sort_values("kommunenummer", ignore_index=True)
        .pipe(schema.conform, schema.MUNICIPALITIES)
    )


def features(munis: pd.DataFrame) -> pd.DataFrame:
    """Smallness, income and rurality on comparable scales, one row per municipality."""
    population = munis["population"].to_numpy(dtype=float)
    return pd.DataFrame(
        {
            # clipped so the largest cities do not hit the indicators' bounds
            "small": np.clip(-zscore(np.log(population)), *SMALL_CLIP),
            "income": munis["income_level"].cat.codes.to_numpy(dtype=float) - 1.0,
            "rural": (munis["centrality"].to_numpy(dtype=float) - 3.5) / 1.5,
        }
    )


# --- Sectors and indicators ---------------------------------------------------------------------


def sectors() -> pd.DataFrame:
    return read_text_table(SECTORS).pipe(schema.conform, schema.SECTORS)


def indicators() -> pd.DataFrame:
    prefix_to_sector = read_text_table(SECTORS).set_index("prefix")["sector_id"]
    return (
        read_text_table(INDICATORS)
        .assign(
            sector_id=lambda d: d["indicator_id"].str.split("_").str[0].map(prefix_to_sector),
            source=INDICATOR_SOURCE,
            description=lambda d: d["indicator_id"].map(DESCRIPTIONS),
        )
        .pipe(schema.conform, schema.INDICATORS)
    )


# --- Innovation ---------------------------------------------------------------------------------


def propensity(munis: pd.DataFrame, feats: pd.DataFrame) -> np.ndarray:
    """A latent taste for innovation: larger and a few storied municipalities have more."""
    rng = rng_for("propensity")
    story = munis["kommunenummer"].isin(INNOVATIVE).to_numpy()
    return (
        0.8 * rng.standard_normal(len(munis))
        - 0.2 * feats["small"].to_numpy()
        + (INNOVATIVE_BOOST * story)
    )


def sample_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One category index per row of a (rows × categories) probability matrix."""
    cumulative = probabilities.cumsum(axis=1)
    u = rng.random(len(probabilities))[:, None] * cumulative[:, -1:]
    return (u >= cumulative).sum(axis=1)


def partner_types(rng: np.random.Generator, n: int, cooperation: np.ndarray) -> pd.Series:
    """Partner types joined with ";" in schema order; «andre kommuner» for co-operations."""
    names = np.array(schema.PARTNER_TYPES, dtype=object)
    probability = np.array([PARTNER_PROBABILITY[name] for name in schema.PARTNER_TYPES])
    chosen = rng.random((n, len(names))) < probability
    chosen[:, schema.PARTNER_TYPES.index("andre kommuner")] |= cooperation
    joined = pd.Series((chosen * (names + ";")).sum(axis=1)).str.rstrip(";")
    return joined.mask(joined == "")


def neighbours(munis: pd.DataFrame) -> np.ndarray:
    """For each municipality, the MAX_PARTNERS nearest in its county (-1 where there are fewer)."""
    lat = np.radians(munis["lat"].to_numpy(dtype=float))
    lon = np.radians(munis["lon"].to_numpy(dtype=float))
    dx = (lon[:, None] - lon[None, :]) * np.cos((lat[:, None] + lat[None, :]) / 2)
    distance = np.hypot(dx, lat[:, None] - lat[None, :])
    county = munis["county_number"].to_numpy()
    never = (county[:, None] != county[None, :]) | np.eye(len(munis), dtype=bool)
    never[:, (munis["kommunenummer"] == codes.HARAM_2024).to_numpy()] = True  # new in 2024
    distance = np.where(never, np.inf, distance)
    order = np.argsort(distance, axis=1, kind="stable")[:, :MAX_PARTNERS]
    return np.where(np.isfinite(np.take_along_axis(distance, order, axis=1)), order, -1)


def project_leads(munis: pd.DataFrame, taste: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Row of the lead municipality of each synthetic project: more in large, keen ones."""
    population = munis["population"].to_numpy(dtype=float)
    rate = PROJECT_RATE * (population / 10_000) ** PROJECT_POP_ELASTICITY
    count = rng.poisson(rate * np.exp(PROPENSITY_EFFECT * taste))
    return np.repeat(np.arange(len(munis)), count)


def start_years(lead_codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """More projects in later years; Haram's only from its re-establishment in 2024."""
    years = np.arange(FIRST_PROJECT_YEAR, YEARS[-1] + 1)
    weights = np.exp(START_YEAR_GROWTH * (years - FIRST_PROJECT_YEAR))
    start = rng.choice(years, size=len(lead_codes), p=weights / weights.sum())
    return np.where(lead_codes == codes.HARAM_2024, np.maximum(start, HARAM_FIRST_YEAR), start)


def phases_and_ends(start: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Veikart phase by age, and an end year (-1 for none) for finished or stopped projects."""
    ages = np.array(sorted(PHASE_BY_AGE))
    table = np.array([PHASE_BY_AGE[a] for a in ages])
    by_age = table[np.searchsorted(ages, YEARS[-1] - start, side="right") - 1]
    phase = np.array(schema.PHASES)[sample_rows(rng, by_age)]
    n = len(start)
    duration = np.where(phase == "stoppet", 1 + rng.poisson(0.8, n), 1 + rng.poisson(1.8, n))
    ended = np.isin(phase, ["ny praksis", "stoppet"])
    return phase, np.where(ended, np.minimum(start + duration, YEARS[-1]), -1)


def titles(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A sector and a title per project: a theme of that sector, sometimes with a suffix."""
    themes = read_text_table(PROJECT_THEMES)
    share = np.array(list(PROJECT_SECTOR_SHARE.values()))
    sector = rng.choice(list(PROJECT_SECTOR_SHARE), size=n, p=share / share.sum())
    first_row = themes.reset_index().groupby("sector_id")["index"].first()
    count = themes["sector_id"].value_counts()
    row = first_row[sector].to_numpy() + (rng.random(n) * count[sector].to_numpy()).astype(int)
    suffix = rng.choice(list(TITLE_SUFFIXES), size=n, p=list(TITLE_SUFFIXES.values()))
    return sector, themes["theme"].to_numpy()[row] + suffix


def partners(lead: np.ndarray, munis: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Row of each partner municipality (-1: none), projects × MAX_PARTNERS: 1–3 neighbours
    in the same county for about COOPERATION_SHARE of the projects."""
    nearest = neighbours(munis)[lead]
    n = len(lead)
    cooperation = rng.random(n) < COOPERATION_SHARE
    wanted = cooperation[:, None] & (np.arange(MAX_PARTNERS) < rng.integers(1, 4, n)[:, None])
    return np.where(wanted, nearest, -1)


def synthetic_projects(munis: pd.DataFrame, taste: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Synthetic projects and their member municipalities."""
    rng = rng_for("projects")
    kommunenummer = munis["kommunenummer"].to_numpy()
    lead = project_leads(munis, taste, rng)
    n = len(lead)
    start = start_years(kommunenummer[lead], rng)
    phase, end = phases_and_ends(start, rng)
    sector, title = titles(n, rng)
    partner = partners(lead, munis, rng)
    budget = np.round(BUDGET_MEDIAN * np.exp(BUDGET_SPREAD * rng.standard_normal(n)), -4)
    sector_name = read_text_table(SECTORS).set_index("sector_id")["name"].str.lower()
    projects = (
        pd.DataFrame(
            {
                "lead": kommunenummer[lead],
                "title": title,
                "sector_id": pd.Series(sector).mask(sector == CROSS_SECTOR),
                "phase": phase,
                "start_year": start,
                "end_year": pd.Series(end).mask(end < 0),
                "partner_types": partner_types(rng, n, cooperation=(partner >= 0).any(axis=1)),
                "innovation_type": rng.choice(
                    schema.INNOVATION_TYPES, size=n, p=INNOVATION_TYPE_PROBABILITY
                ),
                "budget_nok": np.where(rng.random(n) < BUDGET_MISSING, np.nan, budget),
                "source": DEMO_SOURCE,
                "is_real": False,
                "row": np.arange(n),
            }
        )
        .assign(
            description=lambda d: (
                "Demodata: oppdiktet prosjekt ("
                + d["innovation_type"]
                + ", "
                + d["sector_id"].map(sector_name).fillna("på tvers av sektorer")
                + ")."
            )
        )
        .sort_values(["lead", "start_year", "title", "row"], ignore_index=True)
        .assign(project_id=lambda d: [f"D{i:04d}" for i in range(1, len(d) + 1)])
    )
    project_of_row = projects.set_index("row")["project_id"].sort_index().to_numpy()
    partner_row, slot = np.nonzero(partner >= 0)
    members = pd.DataFrame(
        {
            "project_id": np.concatenate([project_of_row, project_of_row[partner_row]]),
            "kommunenummer": np.concatenate(
                [kommunenummer[lead], kommunenummer[partner[partner_row, slot]]]
            ),
        }
    )
    return projects.drop(columns=["lead", "row"]), members


def real_projects() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The projects on public record and their member municipalities."""
    table = pd.DataFrame(REAL_PROJECTS).assign(is_real=True)
    members = (
        table[["project_id", "members"]]
        .explode("members")
        .rename(columns={"members": "kommunenummer"})
    )
    return table.drop(columns="members"), members


def projects_and_members(
    munis: pd.DataFrame, taste: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    real, real_members = real_projects()
    synthetic, synthetic_members = synthetic_projects(munis, taste)
    projects = pd.concat([real, synthetic], ignore_index=True).pipe(schema.conform, schema.PROJECTS)
    members = (
        pd.concat([real_members, synthetic_members], ignore_index=True)
        .sort_values(["project_id", "kommunenummer"], ignore_index=True)
        .pipe(schema.conform, schema.PROJECT_MUNICIPALITIES)
    )
    return projects, members


def awards() -> pd.DataFrame:
    return (
        pd.DataFrame(
            REAL_AWARDS, columns=["project_id", "kommunenummer", "year", "result", "source"]
        )
        .assign(award=KMD_PRIZE)
        .pipe(schema.conform, schema.AWARDS)
    )


def capacity(munis: pd.DataFrame, taste: np.ndarray) -> pd.DataFrame:
    """Innovation FTE, leaders trained (cumulative) and ideas filed per municipality-year."""
    rng = rng_for("capacity")
    m, y = len(munis), len(YEARS)
    scale = (munis["population"].to_numpy(dtype=float) / 10_000 * np.exp(0.6 * taste))[:, None]
    fte = scale * FTE_PER_10K * RAMP + 0.1 * np.sqrt(scale) * rng.standard_normal((m, y))
    leaders = rng.poisson(scale * LEADERS_PER_10K * RAMP).cumsum(axis=1)
    ideas = rng.poisson(scale * 10 * IDEAS_PER_1K * RAMP)
    table = pd.DataFrame(
        {
            "kommunenummer": np.repeat(munis["kommunenummer"].to_numpy(), y),
            "year": np.tile(YEARS, m),
            "innovation_fte": np.round(np.clip(fte, 0, None), 1).ravel(),
            "leaders_trained": leaders.ravel(),
            "ideas_filed": ideas.ravel(),
        }
    )
    is_ovre_eiker = table["kommunenummer"] == OVRE_EIKER
    for column, values in OVRE_EIKER_CAPACITY.items():
        table.loc[is_ovre_eiker, column] = values
    return table.pipe(drop_before_haram_existed).pipe(schema.conform, schema.CAPACITY)


def drop_before_haram_existed(table: pd.DataFrame) -> pd.DataFrame:
    return table[
        ~((table["kommunenummer"] == codes.HARAM_2024) & (table["year"] < HARAM_FIRST_YEAR))
    ].reset_index(drop=True)


def active_projects(
    munis: pd.DataFrame, projects: pd.DataFrame, members: pd.DataFrame
) -> np.ndarray:
    """Active projects per municipality (rows) and year (columns), co-operation counted for all."""
    spans = members.merge(projects, on="project_id", validate="many_to_one")
    end = spans["end_year"].fillna(YEARS[-1]).to_numpy(dtype=int)
    active = (spans["start_year"].to_numpy(dtype=int)[:, None] <= YEARS) & (end[:, None] >= YEARS)
    row = pd.Index(munis["kommunenummer"]).get_indexer(spans["kommunenummer"])
    counts = np.zeros((len(munis), len(YEARS)))
    np.add.at(counts, row, active)
    return counts


def innovation_activity(munis: pd.DataFrame, active: np.ndarray, cap: pd.DataFrame) -> np.ndarray:
    """a[m, y] in the module docstring: a 0–1 percentile rank of innovation activity per year."""
    per_10k = 10_000 / munis["population"].to_numpy(dtype=float)[:, None]
    wide = cap.pivot(index="kommunenummer", columns="year").reindex(munis["kommunenummer"])
    measures = [
        active * per_10k,
        wide["innovation_fte"].to_numpy(dtype=float, na_value=np.nan) * per_10k,
        wide["leaders_trained"].to_numpy(dtype=float, na_value=np.nan) * per_10k,
    ]
    ranks = [pd.DataFrame(x).rank(pct=True).to_numpy() for x in measures]
    activity = pd.DataFrame(np.mean(ranks, axis=0)).rank(pct=True).to_numpy()
    return np.nan_to_num(activity, nan=0.5)  # Haram before 2024: neutral


def innovation_boost(activity: np.ndarray) -> np.ndarray:
    """boost[m, y] in the module docstring: lagged, accumulated activity times the effect size."""
    accumulated = np.cumsum(activity - 0.5, axis=1)
    lagged = [
        np.pad(accumulated, ((0, 0), (lag, 0)))[:, : len(YEARS)] * weight
        for lag, weight in enumerate(LAG_WEIGHTS, start=1)
    ]
    return INNOVATION_EFFECT * np.sum(lagged, axis=0)


# --- Indicator values ---------------------------------------------------------------------------


def quality(munis: pd.DataFrame, sector_ids: list[str], boost: np.ndarray) -> np.ndarray:
    """Latent quality per municipality, sector and year (m × s × y), in indicator SDs."""
    rng = rng_for("quality")
    m, s, y = len(munis), len(sector_ids), len(YEARS)
    common = rng.standard_normal((m, 1))
    level = QUALITY_SD * (
        np.sqrt(QUALITY_COMMON) * common + np.sqrt(1 - QUALITY_COMMON) * rng.standard_normal((m, s))
    )
    drift = np.cumsum(QUALITY_DRIFT_SD * rng.standard_normal((m, s, y)), axis=2)
    affected = ~np.isin(sector_ids, UNAFFECTED_SECTORS)
    q = level[:, :, None] + drift + boost[:, None, :] * affected[None, :, None]

    oe = (munis["kommunenummer"] == OVRE_EIKER).to_numpy()
    climb = np.array([OVRE_EIKER_CLIMB.get(sid, OVRE_EIKER_CLIMB_OTHER) for sid in sector_ids])
    q[oe] = OVRE_EIKER_START + drift[oe] + climb[:, None] * (YEARS - YEARS[0])
    return q


def noise(feats: pd.DataFrame, n_indicators: int) -> np.ndarray:
    """AR(1) year-to-year noise (m × y × i), larger in small municipalities."""
    rng = rng_for("noise")
    shocks = rng.standard_normal((len(feats), len(YEARS), n_indicators))
    ar = np.empty_like(shocks)
    ar[:, 0] = shocks[:, 0]
    for t in range(1, len(YEARS)):
        ar[:, t] = NOISE_AR * ar[:, t - 1] + np.sqrt(1 - NOISE_AR**2) * shocks[:, t]
    scale = NOISE_SD * (1 + NOISE_SMALL_EXTRA * np.clip(feats["small"].to_numpy(), 0, None))
    return scale[:, None, None] * ar


def missing_mask(munis: pd.DataFrame, catalogue: pd.DataFrame) -> np.ndarray:
    """True where a value is missing (m × y × i): scattered cells and whole sector-years."""
    rng = rng_for("missing")
    population = munis["population"].to_numpy(dtype=float)
    m, y, i = len(munis), len(YEARS), len(catalogue)
    cell_p = MISSING_CELL + MISSING_CELL_SMALL * (population < SMALL_BELOW)
    missing = rng.random((m, y, i)) < cell_p[:, None, None]

    sector_ids = catalogue["sector_id"].unique().tolist()
    sector_of = pd.Index(sector_ids).get_indexer(catalogue["sector_id"])
    tiny_p = np.array([MISSING_SECTOR_YEAR_TINY.get(s, 0.0) for s in sector_ids])
    sector_p = (MISSING_SECTOR_YEAR_SMALL * (population < SMALL_BELOW))[:, None] + (
        (population < TINY_BELOW)[:, None] * tiny_p[None, :]
    )
    gap = rng.random((m, y, len(sector_ids))) < sector_p[:, None, :]
    missing |= gap[:, :, sector_of]

    for indicator_id, year in NOT_YET_PUBLISHED.items():
        missing[:, year_index(year), catalogue["indicator_id"].eq(indicator_id).to_numpy()] = True
    return missing


def indicator_values(
    munis: pd.DataFrame, feats: pd.DataFrame, catalogue: pd.DataFrame, boost: np.ndarray
) -> pd.DataFrame:
    """The wide indicator_values table: kommunenummer, year, one column per indicator, sorted."""
    model = catalogue[["indicator_id", "sector_id", "direction"]].merge(
        read_text_table(VALUE_MODEL), on="indicator_id", validate="one_to_one"
    )
    sector_ids = model["sector_id"].unique().tolist()
    sign = np.where(model["direction"] == "higher", 1.0, -1.0)
    q = quality(munis, sector_ids, boost)[:, pd.Index(sector_ids).get_indexer(model["sector_id"])]
    structure = (
        feats[["small", "income", "rural"]].to_numpy()
        @ model[["small", "income", "rural"]].to_numpy().T
    )
    sd = model["sd"].to_numpy()
    level = model["mean"].to_numpy() + model["trend"].to_numpy() * (YEARS[:, None] - 2020)
    values = level[None] + sd * (
        sign * q.transpose(0, 2, 1) + structure[:, None, :] + noise(feats, len(model))
    )
    values = np.clip(values, model["lo"].to_numpy(), model["hi"].to_numpy())
    values = np.where(missing_mask(munis, catalogue), np.nan, values)

    m, y = len(munis), len(YEARS)
    flat = values.reshape(m * y, len(model))
    columns = {
        row.indicator_id: rounded(flat[:, k], int(row.decimals))
        for k, row in enumerate(model.itertuples())
    }
    wide = pd.DataFrame(
        {
            "kommunenummer": np.repeat(munis["kommunenummer"].to_numpy(), y),
            "year": np.tile(YEARS, m),
            **dict(sorted(columns.items())),
        }
    )
    return wide.pipe(drop_before_haram_existed).sort_values(
        ["kommunenummer", "year"], ignore_index=True
    )


def rounded(values: np.ndarray, decimals: int) -> pd.Series:
    """Round to the indicator's precision; whole numbers are written without a decimal point."""
    series = pd.Series(np.round(values, decimals))
    return series.astype("Int64") if decimals <= 0 else series.astype("Float64")


# --- Assemble and write -------------------------------------------------------------------------


def build(sources: Path = SOURCES) -> dict[str, pd.DataFrame]:
    """Every table of the demo dataset, keyed by file stem."""
    munis = municipalities(read_sources(sources))
    feats = features(munis)
    taste = propensity(munis, feats)
    projects, members = projects_and_members(munis, taste)
    cap = capacity(munis, taste)
    activity = innovation_activity(munis, active_projects(munis, projects, members), cap)
    catalogue = indicators()
    return {
        "municipalities": munis,
        "sectors": sectors(),
        "indicators": catalogue,
        "indicator_values": indicator_values(munis, feats, catalogue, innovation_boost(activity)),
        "projects": projects.astype({"budget_nok": "Int64"}),
        "project_municipalities": members,
        "awards": awards(),
        "capacity": cap,
    }


def write(tables: dict[str, pd.DataFrame], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for stem, table in tables.items():
        table.to_csv(out_dir / f"{stem}.csv", index=False, lineterminator="\n", encoding="utf-8")


# --- Check the built-in effect ------------------------------------------------------------------


def check(out_dir: Path) -> None:
    """Print the correlation the built-in effect produces and Øvre Eiker's rank path."""
    from analysis import scoring, stats

    dataset = load_dataset(out_dir)
    totals = scoring.score_all(dataset.values, dataset.indicators, dataset.sectors).totals
    munis = dataset.municipalities
    active = active_projects(munis, dataset.projects, dataset.project_municipalities)
    per_10k = 10_000 / munis["population"].to_numpy(dtype=float)[:, None]
    capacity_wide = dataset.capacity.pivot(index="kommunenummer", columns="year").reindex(
        munis["kommunenummer"]
    )
    measures = {
        "activity a (rank index)": innovation_activity(munis, active, dataset.capacity),
        "active projects per 10k": active * per_10k,
        "innovation FTE per 10k": capacity_wide["innovation_fte"].to_numpy(float) * per_10k,
    }
    innovation = pd.DataFrame(
        {
            "kommunenummer": np.repeat(munis["kommunenummer"].to_numpy(), len(YEARS)),
            "year": np.tile(YEARS, len(munis)),
            **{name: values.ravel() for name, values in measures.items()},
        }
    )
    print("Pearson r (Spearman), innovation activity vs change in total grade (analysis.scoring):")
    for name in measures:
        for start, end, lag in ((2015, 2025, 0), (2015, 2025, 2), (2016, 2024, 2)):
            pairs, _ = stats.activity_vs_change(innovation, totals, name, "total", start, end, lag)
            r = pairs["activity"].corr(pairs["change"])
            rho = pairs["activity"].corr(pairs["change"], method="spearman")
            print(f"  {name}, {start}–{end}, lag {lag}: r = {r:.2f} ({rho:.2f}), n = {len(pairs)}")
    path = totals[totals["kommunenummer"] == OVRE_EIKER].set_index("year")["rank"]
    ranked = totals.dropna(subset=["rank"]).groupby("year").size()
    print("Øvre Eiker rank:", ", ".join(f"{y}: {path[y]}/{ranked[y]}" for y in path.index))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder to write (data/)")
    parser.add_argument("--check", action="store_true", help="print the built-in effect's r")
    args = parser.parse_args(argv)
    tables = build()
    write(tables, args.out)
    print(f"Wrote {len(tables)} files to {args.out}")
    if args.check:
        check(args.out)


if __name__ == "__main__":
    main()
