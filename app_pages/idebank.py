"""Idébank: anyone files an idea; the innovation team follows every idea up on a board."""

import datetime as dt

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from analysis import ideas, roles, schema
from analysis.formatting import to_xlsx_bytes
from app_pages import _ui
from app_pages._idea_card import idea_card

# The form's fields, emptied for a new idea (the municipality stays).
FORM_KEYS = (
    "ideas_title",
    "ideas_problem",
    "ideas_proposal",
    "ideas_sector",
    "ideas_name",
    "ideas_email",
    "ideas_consent",
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

engine = _ui.engine()
data = _ui.dataset()
names = _ui.municipality_names()
codes = sorted(names, key=lambda code: (names[code], code))
sectors = dict(zip(data.sectors["sector_id"], data.sectors["name"], strict=True))
stage_names = {s: _ui.tr(f"ideas_stage_{schema.slug(s)}") for s in schema.IDEA_STAGES}
role = _ui.current_role()
is_analyst = roles.can_change_data(role)


def municipality_label(code: str) -> str:
    return f"{names.get(code, code)} ({code})"


def sector_label(sector: str | None) -> str:
    return sectors.get(sector, _ui.tr("ideas_sector_several"))


def problem_list(problems: list[ideas.FormProblem]) -> str:
    return "\n".join(f"- {problem.message(_ui.lang())}" for problem in problems)


def start_new_form() -> None:
    for key in FORM_KEYS:
        st.session_state.pop(key, None)
    st.session_state["ideas_token"] = ideas.new_token()


def file_an_idea() -> None:
    # One token per form instance: every send of this form (double click, resend after a
    # reconnect) stores the same single idea.
    token = st.session_state.setdefault("ideas_token", ideas.new_token())
    receipt = st.session_state.get("ideas_receipt")
    if receipt and receipt["token"] == token:
        if receipt["created"] or receipt["same_form"]:
            st.success(
                _ui.tr("ideas_received", reference=receipt["reference"]),
                icon=":material/check_circle:",
            )
        else:
            st.info(_ui.tr("ideas_already_filed", reference=receipt["reference"]))
        st.markdown(_ui.tr("ideas_what_next"))
        st.button(_ui.tr("ideas_file_another"), on_click=start_new_form, key="ideas_another")
        return
    st.session_state.setdefault("ideas_municipality", _ui.selected_municipality())
    with st.form("ideas_form", enter_to_submit=False):
        st.text_input(
            _ui.tr("ideas_field_title"),
            max_chars=ideas.MAX_LENGTH["title"],
            placeholder=_ui.tr("ideas_title_placeholder"),
            key="ideas_title",
        )
        st.text_area(
            _ui.tr("ideas_field_problem"),
            max_chars=ideas.MAX_LENGTH["problem"],
            placeholder=_ui.tr("ideas_problem_placeholder"),
            key="ideas_problem",
        )
        st.text_area(
            _ui.tr("ideas_field_proposal"),
            max_chars=ideas.MAX_LENGTH["proposal"],
            placeholder=_ui.tr("ideas_proposal_placeholder"),
            key="ideas_proposal",
        )
        left, right = st.columns(2)
        left.selectbox(
            _ui.tr("ideas_field_sector"),
            (ideas.SEVERAL_SECTORS, *sectors),
            index=None,
            format_func=sector_label,
            placeholder=_ui.tr("ideas_choose"),
            key="ideas_sector",
        )
        right.selectbox(
            _ui.tr("ideas_field_municipality"),
            codes,
            format_func=municipality_label,
            key="ideas_municipality",
        )
        st.markdown(_ui.tr("ideas_contact_intro"))
        left, right = st.columns(2)
        left.text_input(
            _ui.tr("ideas_field_submitter_name"),
            max_chars=ideas.MAX_LENGTH["submitter_name"],
            key="ideas_name",
        )
        right.text_input(
            _ui.tr("ideas_field_submitter_email"),
            max_chars=ideas.MAX_LENGTH["submitter_email"],
            key="ideas_email",
        )
        st.checkbox(_ui.tr("ideas_field_contact_consent"), key="ideas_consent")
        st.caption(_ui.tr("ideas_privacy"))
        sent = st.form_submit_button(_ui.tr("ideas_submit"), type="primary", key="ideas_send")
    if not sent:
        return
    state = st.session_state
    form = ideas.IdeaForm(
        title=state["ideas_title"],
        problem=state["ideas_problem"],
        proposal=state["ideas_proposal"],
        sector_id=state["ideas_sector"],
        kommunenummer=state["ideas_municipality"],
        submitter_name=state["ideas_name"],
        submitter_email=state["ideas_email"],
        contact_consent=state["ideas_consent"],
    )
    try:
        stored = ideas.submit_idea(
            engine, form, token, valid_codes=set(names), valid_sectors=set(sectors)
        )
    except ideas.InvalidIdea as invalid:
        st.error(f"{_ui.tr('ideas_invalid')}\n\n{problem_list(invalid.problems)}")
    except SQLAlchemyError:
        st.error(_ui.tr("ideas_not_saved"), icon=":material/error:")  # the form keeps the text
    else:
        state["ideas_receipt"] = {"token": token, **vars(stored)}
        st.rerun()


st.title(_ui.tr("ideas_title"))
st.markdown(_ui.tr("ideas_intro"))
if not is_analyst:
    file_an_idea()
    if role is roles.Role.ANONYMOUS:  # the team signs in to follow the ideas up
        st.caption(_ui.tr("ideas_team_login"))
        st.button(_ui.tr("ideas_login"), on_click=st.login, key="ideas_login")
    st.stop()

file_tab, board_tab = st.tabs([_ui.tr("ideas_tab_file"), _ui.tr("ideas_tab_board")])
with file_tab:
    file_an_idea()

with board_tab:
    everything = ideas.list_ideas(engine, include_personal=True)
    if everything.empty:
        st.info(_ui.tr("ideas_board_empty"))
        st.stop()
    counts = ideas.stage_counts(everything)
    with st.container(horizontal=True):
        st.metric(_ui.tr("ideas_kpi_new"), int(counts["ny"]), border=True)
        st.metric(_ui.tr("ideas_kpi_assessing"), int(counts["vurderes"]), border=True)
        st.metric(
            _ui.tr("ideas_kpi_phases"), int(counts[list(ideas.PROJECT_STAGES)].sum()), border=True
        )
        st.metric(
            _ui.tr("ideas_kpi_projects"), int(everything["project_id"].notna().sum()), border=True
        )
        st.metric(_ui.tr("ideas_kpi_rejected"), int(counts[ideas.REJECTED]), border=True)
    with st.container(horizontal=True):
        search = st.text_input(
            _ui.tr("ideas_search"),
            placeholder=_ui.tr("ideas_search_placeholder"),
            key="ideas_search",
        )
        in_sectors = st.multiselect(
            _ui.tr("ideas_field_sector"),
            list(sectors),
            format_func=sector_label,
            placeholder=_ui.tr("ideas_all"),
            key="ideas_sectors",
        )
        in_codes = st.multiselect(
            _ui.tr("ideas_field_municipality"),
            sorted(everything["kommunenummer"].unique(), key=municipality_label),
            format_func=municipality_label,
            placeholder=_ui.tr("ideas_all"),
            key="ideas_codes",
        )
    in_stages = st.pills(
        _ui.tr("ideas_filter_stage"),
        schema.IDEA_STAGES,
        selection_mode="multi",
        format_func=lambda s: f"{stage_names[s]} ({counts[s]})",
        key="ideas_stages",
    )
    shown = ideas.filter_ideas(
        ideas.search_ideas(everything, search),
        stages=in_stages,
        sectors=in_sectors,
        codes=in_codes,
    )
    st.caption(_ui.tr("ideas_shown", n=len(shown), total=len(everything)))
    board = ideas.export_frame(
        shown,
        municipality_names=names,
        sector_names=sectors,
        stage_names=stage_names,
        several_sectors=_ui.tr("ideas_sector_several"),
        include_personal=True,
    )
    headers = {c: _ui.tr(f"ideas_col_{c}") for c in board.columns}
    st.dataframe(
        board[["reference", "stage", "title", "municipality", "sector", "project_id"]]
        .join(board[["submitter_name", "submitter_email", "created_at"]])
        .fillna({"project_id": "", "submitter_name": "", "submitter_email": ""}),
        hide_index=True,
        column_config={
            **headers,
            "created_at": st.column_config.DatetimeColumn(
                headers["created_at"], format="DD.MM.YYYY HH:mm"
            ),
            "title": st.column_config.TextColumn(headers["title"], width="medium"),
        },
        key="ideas_board",
    )
    # Exports: the plain one is fit for slides (no names or e-mails); contacts only on purpose.
    today = dt.date.today().isoformat()
    with st.container(horizontal=True):
        st.download_button(
            _ui.tr("ideas_export"),
            to_xlsx_bytes(ideas.presentation_table(board).rename(columns=headers)),
            file_name=f"idebank_{today}.xlsx",
            mime=XLSX,
            icon=":material/download:",
            key="ideas_export",
            on_click="ignore",
        )
        st.download_button(
            _ui.tr("ideas_export_contacts"),
            to_xlsx_bytes(board.rename(columns=headers)),
            file_name=f"idebank_med_kontaktinfo_{today}.xlsx",
            mime=XLSX,
            icon=":material/contact_mail:",
            help=_ui.tr("ideas_export_contacts_help"),
            key="ideas_export_contacts",
            on_click="ignore",
        )
    if shown.empty:
        st.stop()
    titles = dict(zip(shown["idea_id"], shown["reference"] + " · " + shown["title"], strict=True))
    chosen = st.selectbox(
        _ui.tr("ideas_choose_idea"), list(titles), format_func=titles.get, key="ideas_selected"
    )
    idea_card(shown.set_index("idea_id").loc[chosen], int(chosen))
