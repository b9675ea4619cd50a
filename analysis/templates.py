"""Innosikt's own import templates, with example rows, as CSV and Excel downloads.

Every template reads back through `analysis.importer.parse` without problems against the demo
data's municipalities and catalogue; tests/test_importer.py checks that.
"""

from __future__ import annotations

import io

import pandas as pd

from analysis import schema

TEMPLATE_KINDS: tuple[str, ...] = ("long", "wide", "catalogue", "projects")
# Which importer kind each template is read as.
IMPORT_KIND: dict[str, str] = {
    "long": "indicators",
    "wide": "indicators",
    "catalogue": "catalogue",
    "projects": "projects",
}
TEMPLATE_TITLES: dict[str, str] = {
    "long": "Indikatorverdier, lang form (én rad per verdi)",
    "wide": "Indikatorverdier, bred form (én kolonne per indikator)",
    "catalogue": "Indikatorkatalog",
    "projects": "Prosjekter",
}
# One line of help per column, shown on the Excel template's «Forklaring» sheet.
COLUMN_HELP: dict[str, str] = {
    "kommunenummer": "Firesifret kommunenummer (2024-inndelingen; eldre numre oversettes). "
    "For prosjekter: flere kommuner skilt med «;».",
    "year": "Året verdien gjelder, med fire sifre.",
    "indicator_id": "Indikatorens ID i katalogen, f.eks. gs_grunnskolepoeng.",
    "value": "Tallet, med desimalkomma. La stå tomt hvis det mangler.",
    "value_symbol": "Valgfritt SSB-symbol når verdien mangler: .. (mangler), ... (ikke klart "
    "ennå), : (konfidensielt), . (kan ikke forekomme), - (null).",
    "sector_id": "Sektoren indikatoren hører til, f.eks. grunnskole.",
    "name": "Indikatorens navn slik det vises i dashbordet.",
    "unit": "Enhet, f.eks. prosent, kr eller antall.",
    "direction": "higher hvis høyere er bedre, lower hvis lavere er bedre.",
    "weight": "Vekt innenfor sektoren (et tall, f.eks. 1 eller 2,5).",
    "source": "Hvor tallene kommer fra.",
    "description": "Valgfri forklaring.",
    "project_id": "Prosjektets ID, unik i fila.",
    "title": "Prosjektets tittel.",
    "phase": "Fase: " + ", ".join(schema.PHASES) + ".",
    "start_year": "Startår med fire sifre.",
    "end_year": "Sluttår (tomt hvis prosjektet pågår).",
    "partner_types": "Valgfritt, skilt med «;»: " + ", ".join(schema.PARTNER_TYPES) + ".",
    "innovation_type": "Valgfritt: " + ", ".join(schema.INNOVATION_TYPES) + ".",
    "budget_nok": "Valgfritt budsjett i kroner.",
    "is_real": "ja for reelle prosjekter, nei for eksempler.",
}
WIDE_INDICATORS: tuple[str, ...] = ("gs_grunnskolepoeng", "he_legearsverk", "kn_per_elev")


def template_frame(kind: str) -> pd.DataFrame:
    """The template for `kind` (one of TEMPLATE_KINDS) with example rows."""
    if kind == "long":
        return pd.DataFrame(
            {
                "kommunenummer": ["0301", "5001", "3314", "3314", "1508"],
                "year": [2023, 2023, 2023, 2022, 2023],
                "indicator_id": [
                    "gs_grunnskolepoeng",
                    "gs_grunnskolepoeng",
                    "gs_grunnskolepoeng",
                    "gs_grunnskolepoeng",
                    "he_legearsverk",
                ],
                "value": [42.7, 43.1, None, 40.9, 11.2],
                "value_symbol": [None, None, ":", None, None],
            }
        ).astype(schema.INDICATOR_VALUES.dtypes)
    if kind == "wide":
        return pd.DataFrame(
            {
                "kommunenummer": ["0301", "0301", "5001", "3314"],
                "year": [2022, 2023, 2023, 2023],
                "gs_grunnskolepoeng": [42.5, 42.7, 43.1, 41.3],
                "he_legearsverk": [10.9, 11.2, 10.4, None],
                "kn_per_elev": [129000.0, 131500.0, 127500.0, 119900.0],
            }
        ).astype(
            {"kommunenummer": "string", "year": "Int64"} | dict.fromkeys(WIDE_INDICATORS, "Float64")
        )
    if kind == "catalogue":
        return pd.DataFrame(
            {
                "indicator_id": ["ok_netto_driftsutgifter", "gs_spesialundervisning"],
                "sector_id": ["okonomi", "grunnskole"],
                "name": [
                    "Netto driftsutgifter per innbygger",
                    "Andel elever med spesialundervisning",
                ],
                "unit": ["kr", "prosent"],
                "direction": ["lower", "lower"],
                "weight": [1.0, 1.5],
                "source": ["SSB tabell 12362", "Utdanningsdirektoratet"],
                "description": ["Netto driftsutgifter i kroner per innbygger.", None],
            }
        ).astype(schema.INDICATORS.dtypes)
    if kind == "projects":
        return pd.DataFrame(
            {
                "project_id": ["P001", "P002"],
                "title": ["Digital hjemmeoppfølging", "Læringsvenn"],
                "description": ["Felles løsning for tre kommuner.", None],
                "sector_id": ["pleie_og_omsorg", "grunnskole"],
                "phase": ["utvikling og utprøving", "ny praksis"],
                "start_year": [2022, 2021],
                "end_year": [None, 2023],
                "partner_types": ["akademia;næringsliv", None],
                "innovation_type": ["teknologisk innovasjon", "tjenesteinnovasjon"],
                "budget_nok": [1_200_000.0, None],
                "source": ["Egen prosjektrapport", None],
                "is_real": [True, True],
                "kommunenummer": ["3314; 3301; 3312", "0301"],
            }
        ).astype(schema.PROJECTS.dtypes | {"kommunenummer": "string"})
    raise ValueError(f"Ukjent mal «{kind}»: velg en av {', '.join(TEMPLATE_KINDS)}.")


def template_csv(kind: str) -> bytes:
    """The template as CSV for Norwegian Excel: «;», decimal comma, UTF-8 with BOM."""
    frame = _for_file(template_frame(kind))
    text = frame.to_csv(index=False, sep=";", decimal=",", lineterminator="\n")
    return text.encode("utf-8-sig")


def template_xlsx(kind: str) -> bytes:
    """The template as an Excel workbook: «Data» first (the sheet imported), then «Forklaring»."""
    frame = _for_file(template_frame(kind))
    help_sheet = pd.DataFrame(
        {
            "Kolonne": frame.columns,
            "Forklaring": [
                COLUMN_HELP.get(c, "Verdiene for indikatoren med denne ID-en.")
                for c in frame.columns
            ],
        }
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="Data")
        help_sheet.to_excel(writer, index=False, sheet_name="Forklaring")
        writer.sheets["Data"].freeze_panes = "A2"
    return buffer.getvalue()


def _for_file(frame: pd.DataFrame) -> pd.DataFrame:
    """Booleans as ja/nei, as a Norwegian user would type them."""
    booleans = [c for c in frame.columns if frame[c].dtype == "boolean"]
    return frame.assign(
        **{c: frame[c].map({True: "ja", False: "nei"}).astype("string") for c in booleans}
    )
