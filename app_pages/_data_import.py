"""The Data page's import card: detect, ask what detection cannot tell, report, store on confirm.

Nothing is stored before the user presses «Importer». Text from the file or the user (file and
dataset names, values, the importer's messages quoting them) is shown escaped, never as markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from analysis import importer, schema, storage
from analysis.formatting import format_nb
from analysis.formatting import markdown_literal as literal
from app_pages import _ui

PREVIEW_ROWS = 200
YEAR_COLUMNS = {"year", "start_year", "end_year"}  # shown as 2024, not 2 024
# importer.problems_frame's Norwegian headers → our translation keys (data_col_…)
PROBLEM_HEADERS = {
    "Rad": "row",
    "Kolonne": "column",
    "Verdi": "value",
    "Feil": "problem",
    "Slik retter du det": "fix",
}
MISSING = "–"  # shown in tables for an empty cell, as format_nb does
MESSAGES = "data_meldinger"  # [(kind, markdown-safe text)] to show once, after a change
SHOW = {"success": st.success, "warning": st.warning, "error": st.error}


def import_card(file, *, engine: Engine, datasets: pd.DataFrame, may_change: bool) -> None:
    """One uploaded file: its report and preview, and a button that stores it."""
    key = f"data_{file.file_id}"
    with st.container(border=True):
        st.subheader(literal(file.name), anchor=False)
        result = read_file(file, key)
        if result is not None:
            show_report(result)
            confirm_step(file, result, key, engine=engine, datasets=datasets, may_change=may_change)


def tell(kind: str, text: str) -> None:
    """Show `text` (markdown-safe) at the top of the page's next run."""
    st.session_state.setdefault(MESSAGES, []).append((kind, text))


def show_messages() -> None:
    """The messages left by tell(), once."""
    for kind, text in st.session_state.pop(MESSAGES, []):
        SHOW[kind](text)


@st.cache_data(show_spinner=False, max_entries=16)
def detect(file_id: str, name: str, sheet: str | None, _data: bytes) -> importer.Detection:
    return importer.detect(_data, name, sheet=sheet)


@st.cache_data(show_spinner=False, max_entries=16)
def parse(
    file_id: str,
    name: str,
    kind: str,
    mapping: tuple | None,
    sheet: str | None,
    indicator_map: tuple,
    version: str,
    _data: bytes,
    _detection: importer.Detection | None = None,
) -> importer.ImportResult:
    return importer.parse(
        _data,
        name,
        kind=kind,
        mapping=None if mapping is None else dict(mapping),
        sheet=sheet,
        valid_codes=_ui.demo_dataset().municipalities["kommunenummer"],
        catalogue_ids=catalogue(),  # id → name, so SSB variable names find their indicator
        indicator_map=dict(indicator_map),
        detection=_detection,  # what detect() read from the file's start is not read again
    )


def catalogue() -> dict[str, str]:
    """Indicator id → name: the demo catalogue and any own catalogue in use."""
    indicators = pd.concat([_ui.demo_dataset().indicators, _ui.dataset().indicators])
    return dict(zip(indicators["indicator_id"], indicators["name"], strict=True))


def mapping_step(detection: importer.Detection, key: str) -> tuple | None:
    """Which column holds municipality, year, indicator and value; asked when detection is unsure.

    None keeps the importer's own reading (it also reads wide files the four roles cannot say).
    """
    if detection.needs_mapping:
        st.warning(_ui.tr("data_mapping_needed"))
    suggested = {role: detection.mapping.get(role) for role in importer.MAPPING_ROLES}
    columns = [None, *detection.columns]
    none = _ui.tr("data_map_none")
    with st.expander(_ui.tr("data_mapping"), expanded=detection.needs_mapping):
        chosen = {
            role: st.selectbox(
                _ui.tr(f"data_map_{role}"),
                columns,
                index=columns.index(suggested[role]) if suggested[role] in columns else 0,
                format_func=lambda c: none if c is None else str(c),
                key=f"{key}_{role}",
            )
            for role in importer.MAPPING_ROLES
        }
    if not detection.needs_mapping and chosen == suggested:
        return None
    return tuple((role, column) for role, column in chosen.items() if column is not None)


def unknown_indicators(result: importer.ImportResult) -> list[str]:
    # The importer reports each indicator text its catalogue lacks as one problem with this fix.
    fix = importer._UNKNOWN_INDICATOR_FIX
    found = [p.value for p in result.report.problems if getattr(p, "fix", "") == fix and p.value]
    return list(dict.fromkeys(found))


def indicator_step(unknown: list[str], key: str) -> tuple:
    """Let the user say which catalogue indicator each unknown indicator text is."""
    known = catalogue()
    none = _ui.tr("data_indicator_none")
    st.warning(_ui.tr("data_indicators_unknown", n=len(unknown)))
    chosen = {
        text: st.selectbox(
            _ui.tr("data_indicator_is", text=literal(text)),
            [None, *sorted(known, key=lambda i: (known[i], i))],
            format_func=lambda i: none if i is None else f"{known[i]} ({i})",
            key=f"{key}_indikator_{n}",  # by position: the list comes from the unmapped reading
        )
        for n, text in enumerate(unknown)
    }
    return tuple((text, target) for text, target in chosen.items() if target is not None)


def read_file(file, key: str) -> importer.ImportResult | None:
    """Detect, ask what detection cannot tell, and parse; None (with a message) if refused."""
    data = file.getvalue()
    if len(data) > importer.MAX_BYTES:
        limit = importer.MAX_BYTES // 1_000_000
        st.error(_ui.tr("data_too_big", mb=round(len(data) / 1e6), limit=limit))
        return None
    try:
        detection = detect(file.file_id, file.name, None, data)
        sheet = None
        if detection.sheets:
            sheet = st.selectbox(_ui.tr("data_sheet"), detection.sheets, key=f"{key}_ark")
            if sheet != detection.sheet:
                detection = detect(file.file_id, file.name, sheet, data)
            key = f"{key}_{sheet}"  # each sheet gets its own choices below
        kind = st.segmented_control(
            _ui.tr("data_kind"),
            importer.KINDS,
            default=detection.kind,
            format_func={k: _ui.tr(f"data_kind_{k}") for k in importer.KINDS}.get,
            key=f"{key}_type",
            required=True,
        )
        mapping = mapping_step(detection, key) if kind == "indicators" else None
        chosen = [column for _, column in mapping or ()]
        twice = next((c for c in chosen if chosen.count(c) > 1), None)
        if twice is not None:
            st.error(_ui.tr("data_map_twice", column=literal(twice)))
            return None
        args = (file.file_id, file.name, kind, mapping, sheet)
        result = parse(*args, (), _ui.data_version(), data, detection)
        unknown = unknown_indicators(result)
        if unknown:
            indicator_map = indicator_step(unknown, key)
            if indicator_map:
                result = parse(*args, indicator_map, _ui.data_version(), data, detection)
    except importer.ImportRefused as refused:
        st.error(literal(refused))
        if refused.problems:
            show_problems(importer.problems_frame_from(refused.problems))
        return None
    return result


def storable(result: importer.ImportResult) -> bool:
    """No problems, and at least one row to store."""
    return result.report.ok and result.report.rows_ok > 0


def show_problems(problems: pd.DataFrame) -> None:
    """The importer's table of problems, by row, with headers in the chosen language."""
    st.dataframe(
        problems.sort_values("Rad", kind="stable"),
        hide_index=True,
        placeholder=MISSING,
        column_config={
            column: _ui.tr(f"data_col_{key}")
            for column, key in PROBLEM_HEADERS.items()
            if column in problems
        },
    )


def show_report(result: importer.ImportResult) -> None:
    """Whether the file can be stored, every problem and skipped row, and a preview."""
    report, main = result.report, storage.MAIN_TABLE[result.kind]
    if storable(result):
        st.success(_ui.tr("data_ready", rows=format_nb(report.rows_ok)))
    elif report.ok:
        st.warning(_ui.tr("data_nothing_to_store"))
    else:
        st.error(_ui.tr("data_has_problems", n=len(report.problems)))
        show_problems(importer.problems_frame(report))
    if not report.skipped.empty:
        with st.expander(_ui.tr("data_skipped", n=format_nb(len(report.skipped)))):
            st.dataframe(
                report.skipped,
                hide_index=True,
                placeholder=MISSING,
                column_config={c: _ui.tr(f"data_col_{c}") for c in report.skipped.columns},
            )
    st.caption(_ui.tr("data_report"))
    st.text("\n".join(importer.report_lines(result, lang=_ui.lang())))
    table = result.tables[main]
    if table.empty:
        return
    preview = "data_preview" if storable(result) else "data_preview_not_stored"
    shown = min(len(table), PREVIEW_ROWS)
    st.caption(_ui.tr(preview, n=format_nb(shown), total=format_nb(len(table))))
    st.dataframe(
        table.head(PREVIEW_ROWS),
        hide_index=True,
        placeholder=MISSING,
        column_config=preview_columns(table, schema.TABLES[main].labels),
    )


def preview_columns(table: pd.DataFrame, labels: dict[str, str]) -> dict:
    """Norwegian headers; years as 2024, other numbers the reader's own way (12,5)."""
    config: dict = {}
    for column, label in labels.items():
        if column in YEAR_COLUMNS:
            config[column] = st.column_config.NumberColumn(label, format="%d")
        elif column in table and pd.api.types.is_float_dtype(table[column]):
            config[column] = st.column_config.NumberColumn(label, format="localized")
        else:
            config[column] = label
    return config


def confirm_step(
    file,
    result: importer.ImportResult,
    key: str,
    *,
    engine: Engine,
    datasets: pd.DataFrame,
    may_change: bool,
) -> None:
    """Store the file as a dataset once the user confirms; never the same file twice."""
    stored = datasets[datasets["checksum"] == result.checksum]
    if not stored.empty:
        existing = stored.iloc[0]
        when = f"{existing['created_at']:%d.%m.%Y %H:%M}"
        name = literal(existing["name"])
        st.info(_ui.tr("data_already", name=name, id=existing["id"], time=when))
        return
    name = st.text_input(_ui.tr("data_name"), value=file.name.rsplit(".", 1)[0], key=f"{key}_navn")
    name = name.strip() or file.name
    if not st.button(
        _ui.tr("data_confirm"),
        type="primary",
        disabled=not (may_change and storable(result)),
        key=f"{key}_lagre",
        icon=":material/save:",
    ):
        return
    bar = st.progress(0.0, text=_ui.tr("data_saving"))
    try:
        dataset_id = storage.save_import(
            engine,
            result,
            name,
            user=_ui.current_email(),
            progress=lambda share: bar.progress(share, text=_ui.tr("data_saving")),
        )
    except storage.DuplicateImport as duplicate:  # stored meanwhile, perhaps in another tab
        bar.empty()
        existing = duplicate.existing
        when = f"{existing.created_at:%d.%m.%Y %H:%M}"
        name = literal(existing.name)
        st.info(_ui.tr("data_already", name=name, id=existing.id, time=when))
        return
    hidden = storage.feed_mode(engine) == "demo"
    rows = format_nb(result.report.rows_ok)
    saved = _ui.tr(
        "data_saved_hidden" if hidden else "data_saved",
        name=literal(name),
        id=dataset_id,
        rows=rows,
    )
    tell("success", saved)
    st.rerun()  # so the sidebar and every page draw from the new data version
