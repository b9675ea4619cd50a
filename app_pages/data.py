"""Data: upload, check and keep analysts' own files; choose what feeds the dashboard."""

import streamlit as st

from analysis import roles, storage, templates
from analysis.formatting import markdown_literal as literal
from app_pages import _ui
from app_pages._data_import import MISSING, import_card, show_messages, tell

# «Own data only» needs own indicator values for at least this many years.
MIN_OWN_YEARS = 1
UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx"]

engine = _ui.engine()
role = _ui.current_role()
may_change = roles.can_change_data(role)
datasets = storage.list_datasets(engine)


def own_years() -> int:
    """How many years the own indicator values in use cover."""
    return storage.stored_tables(engine)["indicator_values"]["year"].nunique()


def keep_feed_mode_showable() -> None:
    """«Own data only» without enough own values would break every page: fall back."""
    if storage.feed_mode(engine) == "own" and own_years() < MIN_OWN_YEARS:
        storage.set_feed_mode(engine, storage.DEFAULT_FEED_MODE)
        mode = _ui.tr(f"data_feed_{storage.DEFAULT_FEED_MODE}")
        tell("warning", _ui.tr("data_feed_reset", mode=literal(mode)))


def choose_feed_mode() -> None:
    chosen = st.session_state["data_kilde"]
    if chosen == "own" and own_years() < MIN_OWN_YEARS:
        tell("error", _ui.tr("data_feed_own_empty"))
        st.session_state["data_kilde"] = storage.feed_mode(engine)
        return
    storage.set_feed_mode(engine, chosen)


def set_active(dataset_id: int, name: str, active: bool) -> None:
    try:
        storage.set_active(engine, dataset_id, active)
    except storage.UnknownDataset:
        tell("error", _ui.tr("data_gone", id=dataset_id))
        return
    tell("success", _ui.tr("data_activated" if active else "data_deactivated", name=literal(name)))
    keep_feed_mode_showable()


def delete(dataset_id: int, name: str) -> None:
    try:
        storage.delete_dataset(engine, dataset_id)
    except storage.UnknownDataset:
        tell("error", _ui.tr("data_gone", id=dataset_id))
        return
    tell("success", _ui.tr("data_deleted", name=literal(name)))
    keep_feed_mode_showable()


def undo() -> None:
    undone = storage.undo_last_import(engine)
    if undone is None:
        tell("warning", _ui.tr("data_none_stored"))
        return
    tell("success", _ui.tr("data_undone", name=literal(undone.name)))
    keep_feed_mode_showable()


# --- The page ---------------------------------------------------------------------------------

st.title(_ui.tr("data_title"))
_ui.demo_notice()
if role is roles.Role.LOCAL:
    st.caption(_ui.tr("data_local_mode"), help=_ui.tr("data_local_mode_help"))
elif role is roles.Role.ANONYMOUS:
    st.info(_ui.tr("data_login_needed"))
    st.button(_ui.tr("data_login"), on_click=st.login, key="data_logg_inn")
elif not may_change:
    st.info(_ui.tr("data_viewer_only", email=literal(_ui.current_email() or "")))
show_messages()

import_tab, datasets_tab, templates_tab = st.tabs(
    [_ui.tr("data_tab_import"), _ui.tr("data_tab_datasets"), _ui.tr("data_tab_templates")]
)

with import_tab:
    st.markdown(_ui.tr("data_import_intro"))
    _ui.translate_file_uploader(UPLOAD_TYPES)
    uploads = st.file_uploader(
        _ui.tr("data_upload"),
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        disabled=not may_change,
        key="data_filer",
    )
    for upload in uploads or []:
        import_card(upload, engine=engine, datasets=datasets, may_change=may_change)

with datasets_tab:
    # Read every run: another user may have changed it.
    st.session_state["data_kilde"] = storage.feed_mode(engine)
    st.radio(
        _ui.tr("data_feed"),
        storage.FEED_MODES,
        format_func={mode: _ui.tr(f"data_feed_{mode}") for mode in storage.FEED_MODES}.get,
        key="data_kilde",
        horizontal=True,
        disabled=not may_change,
        on_change=choose_feed_mode,
    )
    if datasets.empty:
        st.info(_ui.tr("data_none_stored"))
    else:
        st.dataframe(
            datasets.drop(columns=["checksum"]).assign(
                kind=lambda d: d["kind"].map(lambda k: _ui.tr(f"data_kind_{k}"))
            ),
            hide_index=True,
            placeholder=MISSING,
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
            names = {
                int(i): str(name) for i, name in zip(datasets["id"], datasets["name"], strict=True)
            }
            chosen = st.selectbox(
                _ui.tr("data_choose_dataset"),
                list(names),
                format_func=lambda i: f"{names[i]} ({i})",
                key="data_valgt",
            )
            active = bool(datasets.set_index("id").loc[chosen, "active"])
            with st.container(horizontal=True):
                st.button(
                    _ui.tr("data_deactivate" if active else "data_activate"),
                    on_click=set_active,
                    args=(chosen, names[chosen], not active),
                    key="data_aktiv",
                )
                with st.popover(_ui.tr("data_delete"), icon=":material/delete:"):
                    st.markdown(_ui.tr("data_delete_confirm", name=literal(names[chosen])))
                    st.button(
                        _ui.tr("data_delete_yes"),
                        type="primary",
                        on_click=delete,
                        args=(chosen, names[chosen]),
                        key="data_slett",
                    )
                st.button(
                    _ui.tr("data_undo"), icon=":material/undo:", on_click=undo, key="data_angre"
                )

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
