"""Municipality code history: map 2020–2023 and older codes to the 2024 structure.

The 2024 county split renumbered every municipality in Viken (30xx → 31xx/32xx/33xx),
Vestfold og Telemark (38xx → 39xx/40xx) and Troms og Finnmark (54xx → 55xx/56xx), and split
Haram (1580) out of Ålesund (2020 code 1507, 2024 code 1508). Everything else kept its code.
Source: SSB Klass, «Kommuneinndeling» with its 2024 changes (classification 131).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

# 2020 code → 2024 code for the three split counties, listed county by county.
_VIKEN = {
    # Østfold (31)
    "3001": "3101",  # Halden
    "3002": "3103",  # Moss
    "3003": "3105",  # Sarpsborg
    "3004": "3107",  # Fredrikstad
    "3011": "3110",  # Hvaler
    "3017": "3112",  # Råde
    "3018": "3114",  # Våler
    "3015": "3116",  # Skiptvet
    "3014": "3118",  # Indre Østfold
    "3016": "3120",  # Rakkestad
    "3013": "3122",  # Marker
    "3012": "3124",  # Aremark
    # Akershus (32)
    "3024": "3201",  # Bærum
    "3025": "3203",  # Asker
    "3030": "3205",  # Lillestrøm
    "3020": "3207",  # Nordre Follo
    "3033": "3209",  # Ullensaker
    "3023": "3212",  # Nesodden
    "3022": "3214",  # Frogn
    "3019": "3216",  # Vestby
    "3021": "3218",  # Ås
    "3028": "3220",  # Enebakk
    "3029": "3222",  # Lørenskog
    "3027": "3224",  # Rælingen
    "3026": "3226",  # Aurskog-Høland
    "3034": "3228",  # Nes
    "3032": "3230",  # Gjerdrum
    "3031": "3232",  # Nittedal
    "3054": "3234",  # Lunner
    "3053": "3236",  # Jevnaker
    "3036": "3238",  # Nannestad
    "3035": "3240",  # Eidsvoll
    "3037": "3242",  # Hurdal
    # Buskerud (33)
    "3005": "3301",  # Drammen
    "3006": "3303",  # Kongsberg
    "3007": "3305",  # Ringerike
    "3038": "3310",  # Hole
    "3049": "3312",  # Lier
    "3048": "3314",  # Øvre Eiker
    "3047": "3316",  # Modum
    "3046": "3318",  # Krødsherad
    "3039": "3320",  # Flå
    "3040": "3322",  # Nesbyen
    "3041": "3324",  # Gol
    "3042": "3326",  # Hemsedal
    "3043": "3328",  # Ål
    "3044": "3330",  # Hol
    "3045": "3332",  # Sigdal
    "3050": "3334",  # Flesberg
    "3051": "3336",  # Rollag
    "3052": "3338",  # Nore og Uvdal
}
_VESTFOLD_TELEMARK = {
    # Vestfold (39)
    "3801": "3901",  # Horten
    "3802": "3903",  # Holmestrand
    "3803": "3905",  # Tønsberg
    "3804": "3907",  # Sandefjord
    "3805": "3909",  # Larvik
    "3811": "3911",  # Færder
    # Telemark (40)
    "3806": "4001",  # Porsgrunn
    "3807": "4003",  # Skien
    "3808": "4005",  # Notodden
    "3812": "4010",  # Siljan
    "3813": "4012",  # Bamble
    "3814": "4014",  # Kragerø
    "3815": "4016",  # Drangedal
    "3816": "4018",  # Nome
    "3817": "4020",  # Midt-Telemark
    "3820": "4022",  # Seljord
    "3819": "4024",  # Hjartdal
    "3818": "4026",  # Tinn
    "3821": "4028",  # Kviteseid
    "3822": "4030",  # Nissedal
    "3823": "4032",  # Fyresdal
    "3824": "4034",  # Tokke
    "3825": "4036",  # Vinje
}
_TROMS_FINNMARK = {
    # Troms (55)
    "5401": "5501",  # Tromsø
    "5402": "5503",  # Harstad
    "5411": "5510",  # Kvæfjord
    "5412": "5512",  # Tjeldsund
    "5413": "5514",  # Ibestad
    "5414": "5516",  # Gratangen
    "5415": "5518",  # Lavangen
    "5416": "5520",  # Bardu
    "5417": "5522",  # Salangen
    "5418": "5524",  # Målselv
    "5419": "5526",  # Sørreisa
    "5420": "5528",  # Dyrøy
    "5421": "5530",  # Senja
    "5422": "5532",  # Balsfjord
    "5423": "5534",  # Karlsøy
    "5424": "5536",  # Lyngen
    "5425": "5538",  # Storfjord
    "5426": "5540",  # Kåfjord
    "5427": "5542",  # Skjervøy
    "5428": "5544",  # Nordreisa
    "5429": "5546",  # Kvænangen
    # Finnmark (56)
    "5403": "5601",  # Alta
    "5406": "5603",  # Hammerfest
    "5444": "5605",  # Sør-Varanger
    "5405": "5607",  # Vadsø
    "5437": "5610",  # Karasjok
    "5430": "5612",  # Kautokeino
    "5432": "5614",  # Loppa
    "5433": "5616",  # Hasvik
    "5434": "5618",  # Måsøy
    "5435": "5620",  # Nordkapp
    "5436": "5622",  # Porsanger
    "5438": "5624",  # Lebesby
    "5439": "5626",  # Gamvik
    "5441": "5628",  # Tana
    "5440": "5630",  # Berlevåg
    "5443": "5632",  # Båtsfjord
    "5404": "5634",  # Vardø
    "5442": "5636",  # Nesseby
}
RENUMBERED_2024: dict[str, str] = {**_VIKEN, **_VESTFOLD_TELEMARK, **_TROMS_FINNMARK}

ALESUND_2020 = "1507"
ALESUND_2024 = "1508"
HARAM_2024 = "1580"
# Ålesund 2020–2023 covered today's Ålesund and Haram: one old code, two new ones.
SPLIT_2024: dict[str, tuple[str, ...]] = {ALESUND_2020: (ALESUND_2024, HARAM_2024)}

# Pre-2020 codes of municipalities the demo data tells real stories about. Each maps to the
# 2020 code of the municipality it became part of (which then follows the 2024 rules).
PRE_2020: dict[str, str] = {
    "0624": "3048",  # Øvre Eiker (Buskerud) → Øvre Eiker (Viken)
    "1246": "4626",  # Fjell merged into Øygarden in 2020
    "1245": "4626",  # Sund merged into Øygarden in 2020
    "1259": "4626",  # Øygarden (old) merged into Øygarden in 2020
    "1601": "5001",  # Trondheim (Sør-Trøndelag) → Trondheim (Trøndelag, 2018)
    "0220": "3025",  # Asker (Akershus) → Asker (Viken), merged with Røyken and Hurum
    "0213": "3020",  # Ski → Nordre Follo
    "0217": "3020",  # Oppegård → Nordre Follo
    "1441": "4649",  # Selje → Stad
    "1443": "4649",  # Eid → Stad
    "1516": "1516",  # Ulstein kept its code
    "1835": "1835",  # Træna kept its code
    "0301": "0301",  # Oslo
}


@dataclass(frozen=True)
class HarmonisationReport:
    """What `harmonise_codes` did, for the user to read."""

    mapped: pd.DataFrame  # old code, new code, count — one row per distinct old code that changed
    split: pd.DataFrame  # old code and its candidate new codes, where one old code became several
    unknown: pd.DataFrame  # position (row label) and code for every code we could not place
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.unknown.empty


def normalise_code(code: object) -> str | None:
    """Give a municipality code as 4 characters ('301' → '0301'); None for empty cells."""
    if code is None or (isinstance(code, float) and pd.isna(code)) or code is pd.NA:
        return None
    text = str(code).strip()
    if text.endswith(".0") and text[:-2].isdigit():  # numbers read by Excel as floats
        text = text[:-2]
    if text.upper().startswith("K-"):  # SSB/KOSTRA prefix, e.g. K-3314
        text = text[2:]
    if text.isdigit() and len(text) <= 4:
        return text.zfill(4)
    return text or None


def to_2024(code: str, valid_2024: set[str]) -> tuple[str, ...]:
    """Every 2024 code one code may stand for: one, two for Ålesund 2020, none if unknown."""
    code = PRE_2020.get(code, code) if code not in valid_2024 else code
    if code in valid_2024:
        return (code,)
    if code in SPLIT_2024:
        return SPLIT_2024[code]
    if code in RENUMBERED_2024:
        return (RENUMBERED_2024[code],)
    return ()


def harmonise_codes(
    codes: pd.Series,
    valid_2024: set[str],
    *,
    alesund_2020_as: str = ALESUND_2024,
) -> tuple[pd.Series, HarmonisationReport]:
    """Map a column of codes to 2024 codes and report every change and every unknown code.

    The returned series has the input's index; unknown codes become <NA> and are listed in the
    report (never silently dropped). Ålesund's 2020 code 1507 stands for today's Ålesund and
    Haram together; figures for it are assigned to `alesund_2020_as` (default 1508) and the
    report says so, since the split of a total cannot be known from the total.
    """
    normalised = codes.map(normalise_code).astype("string")
    distinct = normalised.dropna().unique()
    lookup = {code: to_2024(code, valid_2024) for code in distinct}
    single = {
        code: (alesund_2020_as if code in SPLIT_2024 else targets[0])
        for code, targets in lookup.items()
        if targets
    }
    result = normalised.map(single).astype("string")

    changed = normalised.notna() & result.notna() & (normalised != result)
    mapped = (
        pd.DataFrame({"old_code": normalised[changed], "new_code": result[changed]})
        .value_counts()
        .rename("rows")
        .reset_index()
        .sort_values("old_code", ignore_index=True)
    )
    split_codes = [c for c in distinct if c in SPLIT_2024]
    split = pd.DataFrame(
        {
            "old_code": split_codes,
            "new_codes": [", ".join(SPLIT_2024[c]) for c in split_codes],
            "assigned_to": [alesund_2020_as] * len(split_codes),
        }
    )
    unknown_mask = normalised.notna() & result.isna()
    unknown = pd.DataFrame({"row": codes.index[unknown_mask], "code": codes[unknown_mask]})
    notes = []
    if split_codes:
        notes.append(
            f"Ålesund 2020–2023 ({ALESUND_2020}) omfattet dagens Ålesund ({ALESUND_2024}) og Haram "
            f"({HARAM_2024}); tallene er lagt til {alesund_2020_as}."
        )
    report = HarmonisationReport(
        mapped=mapped,
        split=split,
        unknown=unknown,
        unchanged=int((normalised.notna() & (normalised == result)).sum()),
        notes=notes,
    )
    return result, report
