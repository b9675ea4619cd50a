"""Data: upload, check and keep analysts' own files; choose what feeds the dashboard."""

import pandas as pd
import streamlit as st

from analysis import importer, roles, storage, templates
from app_pages import _ui

engine = _ui.engine()
role = _ui.current_role()
may_change = roles.can_change_data(role)

st.title(_ui.tr("data_title"))
if role is roles.Role.LOCAL:
    st.caption(_ui.tr("data_local_mode"), help=_ui.tr("data_local_mode_help"))
elif role is roles.Role.ANONYMOUS:
    st.info(_ui.tr("data_login_needed"))
    st.button(_ui.tr("data_login"), on_click=st.login, key="data_logg_inn")
elif not may_change:
    st.info(_ui.tr("data_viewer_only", email=_ui.current_email() or ""))

import_tab, datasets_tab, templates_tab = st.tabs(
    [_ui.tr("data_tab_import"), _ui.tr("data_tab_datasets"), _ui.tr("data_tab_templates")]
)


@st.cache_data(show_spinner=False, max_entries=16)
def detect(file_id: str, name: str, _data: bytes) -> importer.Detection:
    return importer.detect(_data, name)


@st.cache_data(show_spinner=False, max_entries=16)
def parse(
    file_id: str,
    name: str,
    kind: str,
    mapping: tuple,
    sheet: str | None,
    version: str,
    _data: bytes,
) -> importer.ImportResult:
    data = _ui.dataset()
    return importer.parse(
        _data,
        name,
        kind=kind,
        mapping=dict(mapping) or None,
        sheet=sheet,
        valid_codes=set(data.municipalities["kommunenummer"]),
        catalogue_ids=set(data.indicators["indicator_id"]),
    )


def mapping_step(detection: importer.Detection, key: str) -> tuple:
    """Let the user say which column holds municipality, year, indicator and value."""
    st.warning(_ui.tr("data_mapping_needed"))
    columns = [None, *detection.columns]
    chosen = {}
    for role_name, column in importer.MAPPING_ROLES.items():
        suggested = detection.mapping.get(role_name)
        chosen[role_name] = st.selectbox(
            _ui.tr(f"data_map_{role_name}"),
            columns,
            index=columns.index(suggested) if suggested in columns else 0,
            format_func=lambda c: _ui.tr("data_map_none") if c is None else str(c),
            key=f"{key}_{role_name}",
        )
        del column
    return tuple((k, v) for k, v in chosen.items() if v is not None)


def show_file(file) -> None:
    data = file.getvalue()
    key = f"data_{file.file_id}"
    with st.container(border=True):
        st.subheader(file.name)
        if len(data) > importer.MAX_BYTES:
            st.error(
                _ui.tr(
                    "data_too_big", mb=round(len(data) / 1e6), limit=importer.MAX_BYTES // 1_000_000
                )
            )
            return
        try:
            detection = detect(file.file_id, file.name, data)
        except importer.ImportRefused as refused:
            st.error(str(refused))
            return
        sheet = None
        if detection.sheets:
            sheet = st.selectbox(_ui.tr("data_sheet"), detection.sheets, key=f"{key}_ark")
        kind = st.segmented_control(
            _ui.tr("data_kind"),
            importer.KINDS,
            default=detection.kind,
            format_func=lambda k: _ui.tr(f"data_kind_{k}"),
            key=f"{key}_type",
            required=True,
        )
        mapping = mapping_step(detection, key) if detection.needs_mapping else ()
        try:
            result = parse(file.file_id, file.name, kind, mapping, sheet, _ui.data_version(), data)
        except importer.ImportRefused as refused:
            st.error(str(refused))
            if refused.problems:
                st.dataframe(importer.problems_frame_from(refused.problems), hide_index=True)
            return
        st.text("\n".join(importer.report_lines(result)))
        if not result.report.ok:
            st.error(_ui.tr("data_has_problems", n=len(result.report.problems)))
            st.dataframe(importer.problems_frame(result.report), hide_index=True)
        if not result.report.skipped.empty:
            with st.expander(_ui.tr("data_skipped", n=len(result.report.skipped))):
                st.dataframe(result.report.skipped, hide_index=True)
        main = next(iter(result.tables.values()), pd.DataFrame())
        st.caption(_ui.tr("data_preview", n=min(len(main), 200), total=len(main)))
        st.dataframe(main.head(200), hide_index=True)
        name = st.text_input(
            _ui.tr("data_name"), value=file.name.rsplit(".", 1)[0], key=f"{key}_navn"
        )
        confirm = st.button(
            _ui.tr("data_confirm"),
            type="primary",
            disabled=not (may_change and result.report.ok),
            key=f"{key}_lagre",
            icon=":material/save:",
        )
        if confirm:
            bar = st.progress(0.0, text=_ui.tr("data_saving"))
            try:
                dataset_id = storage.save_import(
                    engine,
                    result,
                    name,
                    user=_ui.current_email(),
                    progress=lambda share: bar.progress(share, text=_ui.tr("data_saving")),
                )
            except storage.DuplicateImport as duplicate:
                st.warning(str(duplicate))
            else:
                bar.empty()
                st.success(
                    _ui.tr("data_saved", name=name, id=dataset_id, rows=result.report.rows_ok)
                )


with import_tab:
    st.markdown(_ui.tr("data_import_intro"))
    uploads = st.file_uploader(
        _ui.tr("data_upload"),
        type=["csv", "txt", "tsv", "xlsx"],
        accept_multiple_files=True,
        disabled=not may_change,
        key="data_filer",
    )
    for upload in uploads or []:
        show_file(upload)


with datasets_tab:
    if "data_kilde" not in st.session_state:
        st.session_state["data_kilde"] = storage.feed_mode(engine)
    st.radio(
        _ui.tr("data_feed"),
        storage.FEED_MODES,
        format_func=lambda mode: _ui.tr(f"data_feed_{mode}"),
        key="data_kilde",
        horizontal=True,
        disabled=not may_change,
        on_change=lambda: storage.set_feed_mode(engine, st.session_state["data_kilde"]),
    )
    datasets = storage.list_datasets(engine)
    if datasets.empty:
        st.info(_ui.tr("data_none_stored"))
    else:
        shown = datasets.drop(columns=["checksum"]).assign(
            kind=lambda d: d["kind"].map(lambda k: _ui.tr(f"data_kind_{k}"))
        )
        st.dataframe(
            shown,
            hide_index=True,
            column_config={
                "id": st.column_config.NumberColumn("ID", format="%d"),
                "name": _ui.tr("data_col_name"),
                "kind": _ui.tr("data_col_kind"),
                "source_name": _ui.tr("data_col_file"),
                "rows": st.column_config.NumberColumn(_ui.tr("data_col_rows"), format="localized"),
                "created_at": st.column_config.DatetimeColumn(
                    _ui.tr("data_col_time"), format="DD.MM.YYYY HH:mm"
                ),
                "created_by": _ui.tr("data_col_by"),
                "active": st.column_config.CheckboxColumn(_ui.tr("data_col_active")),
            },
        )
        if may_change:
            labels = dict(zip(datasets["id"], datasets["name"], strict=True))
            chosen = st.selectbox(
                _ui.tr("data_choose_dataset"),
                list(labels),
                format_func=lambda i: f"{labels[i]} ({i})",
                key="data_valgt",
            )
            active = bool(datasets.set_index("id").loc[chosen, "active"])
            with st.container(horizontal=True):
                if st.button(
                    _ui.tr("data_deactivate" if active else "data_activate"), key="data_aktiv"
                ):
                    storage.set_active(engine, int(chosen), not active)
                    st.rerun()
                with st.popover(_ui.tr("data_delete"), icon=":material/delete:"):
                    st.write(_ui.tr("data_delete_confirm", name=labels[chosen]))
                    if st.button(_ui.tr("data_delete_yes"), type="primary", key="data_slett"):
                        storage.delete_dataset(engine, int(chosen))
                        st.rerun()
                if st.button(_ui.tr("data_undo"), icon=":material/undo:", key="data_angre"):
                    undone = storage.undo_last_import(engine)
                    st.toast(
                        _ui.tr("data_undone", name=undone.name)
                        if undone
                        else _ui.tr("data_none_stored")
                    )
                    st.rerun()


with templates_tab:
    st.markdown(_ui.tr("data_templates_intro"))
    for kind in templates.TEMPLATE_KINDS:
        with st.container(horizontal=True):
            st.markdown(f"**{_ui.tr(f'data_template_{kind}')}**")
            st.download_button(
                "CSV",
                templates.template_csv(kind),
                file_name=f"innosikt_{kind}.csv",
                mime="text/csv",
                key=f"data_mal_{kind}_csv",
                on_click="ignore",
            )
            st.download_button(
                "Excel",
                templates.template_xlsx(kind),
                file_name=f"innosikt_{kind}.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                key=f"data_mal_{kind}_xlsx",
                on_click="ignore",
            )
