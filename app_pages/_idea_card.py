"""One idea on the idea bank's board: its text, the filer, its history and the team's actions.

Only analysts reach this card (see idebank.py). User text is shown escaped, never as markdown.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from analysis import ideas, schema
from app_pages import _ui

ZONE = ZoneInfo(ideas.LOCAL_TIME_ZONE)


def idea_card(idea: pd.Series, idea_id: int) -> None:
    """The card for `idea` (a row of ideas.list_ideas with personal data)."""
    names = _ui.municipality_names()
    sectors = sector_names()
    stage = str(idea["stage"])
    with st.container(border=True):
        st.subheader(ideas.escape_markdown(f"{idea['reference']} · {idea['title']}"))
        st.caption(
            _ui.tr(
                "ideas_meta",
                stage=_stage(stage),
                municipality=names.get(idea["kommunenummer"], idea["kommunenummer"]),
                sector=sectors.get(idea["sector_id"], _ui.tr("ideas_sector_several")),
                filed=f"{ideas.local_time(pd.Series([idea['created_at']])).iloc[0]:%d.%m.%Y %H:%M}",
            )
        )
        left, right = st.columns(2)
        left.markdown(
            f"**{_ui.tr('ideas_field_problem')}**  \n{ideas.escape_markdown(idea['problem'])}"
        )
        right.markdown(
            f"**{_ui.tr('ideas_field_proposal')}**  \n{ideas.escape_markdown(idea['proposal'])}"
        )
        _contact(idea)
        if pd.notna(idea["project_id"]):
            st.info(
                _ui.tr("ideas_is_project", project=idea["project_id"]),
                icon=":material/rocket_launch:",
            )
        _history(idea_id)
        _move(idea_id, stage, has_project=pd.notna(idea["project_id"]))
        if pd.isna(idea["project_id"]) and stage != ideas.REJECTED:
            _convert(idea, idea_id)
        if pd.notna(idea["submitter_name"]) or pd.notna(idea["submitter_email"]):
            _anonymise(idea_id)


def sector_names() -> dict[str, str]:
    frame = _ui.dataset().sectors
    return dict(zip(frame["sector_id"], frame["name"], strict=True))


def _stage(stage: str) -> str:
    return _ui.tr(f"ideas_stage_{schema.slug(stage)}")


def _contact(idea: pd.Series) -> None:
    if idea["anonymised"]:
        st.caption(_ui.tr("ideas_contact_deleted"))
        return
    if pd.isna(idea["submitter_name"]) and pd.isna(idea["submitter_email"]):
        st.caption(_ui.tr("ideas_contact_none"))
        return
    st.markdown(
        _ui.tr(
            "ideas_contact_line",
            name=ideas.escape_markdown(idea["submitter_name"])
            if pd.notna(idea["submitter_name"])
            else "–",
            email=ideas.escape_markdown(idea["submitter_email"])
            if pd.notna(idea["submitter_email"])
            else "–",
            consent=_ui.tr("ideas_yes" if idea["contact_consent"] else "ideas_no"),
        )
    )


def _history(idea_id: int) -> None:
    history = ideas.idea_history(_ui.engine(), [idea_id])
    who = history["changed_by"].fillna(
        pd.Series(
            [
                _ui.tr("ideas_by_filer") if a == "filed" else _ui.tr("ideas_by_local")
                for a in history["action"]
            ],
            index=history.index,
            dtype="string",
        )
    )
    shown = pd.DataFrame(
        {
            "changed_at": ideas.local_time(history["changed_at"]),
            "changed_by": who,
            "action": history["action"].astype("string").map(lambda a: _ui.tr(f"ideas_action_{a}")),
            "from_stage": history["from_stage"].astype("string").map(_stage, na_action="ignore"),
            "to_stage": history["to_stage"].astype("string").map(_stage, na_action="ignore"),
            "reason": history["reason"],
        }
    ).iloc[::-1]
    with st.expander(_ui.tr("ideas_history", n=len(shown)), icon=":material/history:"):
        st.dataframe(
            shown,
            hide_index=True,
            column_config={
                "changed_at": st.column_config.DatetimeColumn(
                    _ui.tr("ideas_col_when"), format="DD.MM.YYYY HH:mm"
                ),
                "changed_by": _ui.tr("ideas_col_who"),
                "action": _ui.tr("ideas_col_action"),
                "from_stage": _ui.tr("ideas_col_from"),
                "to_stage": _ui.tr("ideas_col_to"),
                "reason": st.column_config.TextColumn(_ui.tr("ideas_col_reason"), width="large"),
            },
            key=f"ideas_history_{idea_id}",
        )


def _move(idea_id: int, stage: str, *, has_project: bool) -> None:
    # A project stays in the project phases (or is rejected, which stops it).
    targets = [
        s
        for s in schema.IDEA_STAGES
        if s != stage and not (has_project and s in ideas.TRIAGE_STAGES)
    ]
    reason_key = f"ideas_reason_{idea_id}"
    with (
        st.form(f"ideas_move_{idea_id}", border=False),
        st.container(horizontal=True, vertical_alignment="bottom"),
    ):
        target = st.selectbox(
            _ui.tr("ideas_move_to"), targets, format_func=_stage, key=f"ideas_to_{idea_id}"
        )
        reason = st.text_input(
            _ui.tr("ideas_field_reason"),
            max_chars=ideas.MAX_LENGTH["reason"],
            placeholder=_ui.tr("ideas_reason_placeholder"),
            key=reason_key,
        )
        moved = st.form_submit_button(
            _ui.tr("ideas_move"), icon=":material/arrow_forward:", key=f"ideas_move_send_{idea_id}"
        )
    if not moved:
        return
    try:
        ideas.move_idea(
            _ui.engine(), idea_id, target, reason, user=_ui.current_email(), from_stage=stage
        )
    except ideas.InvalidIdea as invalid:
        st.error("\n".join(p.message(_ui.lang()) for p in invalid.problems))
    except ideas.StaleIdea as stale:
        st.warning(_ui.tr("ideas_stale", stage=_stage(stale.current)))
    except ideas.StageNotAllowed as refused:
        st.error(_ui.tr(f"ideas_error_{refused.code}"))
    except SQLAlchemyError:
        st.error(_ui.tr("ideas_not_saved_board"))
    else:
        st.toast(_ui.tr("ideas_moved", stage=_stage(target)), icon=":material/check:")
        st.rerun()


def _convert(idea: pd.Series, idea_id: int) -> None:
    names = _ui.municipality_names()
    sectors = sector_names()
    codes = sorted(names, key=lambda code: (names[code], code))
    this_year = dt.datetime.now(ZONE).year
    draft = ideas.draft_project(idea, this_year)
    key = f"ideas_project_{idea_id}"
    state = st.session_state
    for field, default in (
        ("title", draft.title),
        ("description", draft.description),
        ("sector", draft.sector_id),
        ("year", draft.start_year),
        ("municipalities", list(draft.municipalities)),
    ):
        state.setdefault(f"{key}_{field}", default)
    with (
        st.expander(_ui.tr("ideas_convert"), icon=":material/rocket_launch:"),
        st.form(key, border=False),
    ):
        st.caption(_ui.tr("ideas_convert_intro"))
        st.text_input(
            _ui.tr("ideas_field_project_title"),
            max_chars=ideas.MAX_LENGTH["project_title"],
            key=f"{key}_title",
        )
        st.text_area(
            _ui.tr("ideas_field_project_description"),
            max_chars=ideas.MAX_LENGTH["project_description"],
            key=f"{key}_description",
        )
        left, middle, right = st.columns(3)
        left.selectbox(
            _ui.tr("ideas_field_sector"),
            (None, *sectors),
            format_func=lambda s: sectors.get(s, _ui.tr("ideas_sector_several")),
            key=f"{key}_sector",
        )
        middle.selectbox(
            _ui.tr("ideas_field_innovation_type"),
            schema.INNOVATION_TYPES,
            index=None,
            format_func=lambda t: _ui.tr(f"portfolio_type_{schema.slug(t)}"),
            placeholder=_ui.tr("ideas_choose"),
            key=f"{key}_type",
        )
        right.number_input(
            _ui.tr("ideas_field_start_year"),
            min_value=schema.MIN_YEAR,
            max_value=schema.MAX_YEAR,
            step=1,
            key=f"{key}_year",
        )
        st.multiselect(
            _ui.tr("ideas_field_municipality_project"),
            codes,
            format_func=lambda c: f"{names[c]} ({c})",
            help=_ui.tr("ideas_municipalities_help"),
            key=f"{key}_municipalities",
        )
        left, right = st.columns(2)
        left.multiselect(
            _ui.tr("ideas_field_partner_types"),
            schema.PARTNER_TYPES,
            format_func=lambda p: _ui.tr(f"portfolio_partner_{schema.slug(p)}"),
            key=f"{key}_partners",
        )
        right.number_input(
            _ui.tr("ideas_field_budget_nok"),
            min_value=0.0,
            value=None,
            step=10_000.0,
            key=f"{key}_budget",
        )
        note = st.text_input(_ui.tr("ideas_convert_note"), key=f"{key}_note")
        convert = st.form_submit_button(
            _ui.tr("ideas_convert_button"), type="primary", key=f"{key}_send"
        )
    if not convert:
        return
    chosen = ideas.ProjectDraft(
        title=state[f"{key}_title"],
        description=state[f"{key}_description"],
        sector_id=state[f"{key}_sector"],
        innovation_type=state[f"{key}_type"],
        partner_types=tuple(state[f"{key}_partners"]),
        start_year=int(state[f"{key}_year"]),
        municipalities=tuple(state[f"{key}_municipalities"]),
        budget_nok=state[f"{key}_budget"],
    )
    try:
        link = ideas.convert_to_project(
            _ui.engine(),
            idea_id,
            chosen,
            user=_ui.current_email(),
            valid_codes=set(names),
            valid_sectors=set(sectors),
            reason=note,
        )
    except ideas.InvalidIdea as invalid:
        st.error("\n".join(f"- {p.message(_ui.lang())}" for p in invalid.problems))
    except ideas.StageNotAllowed as refused:
        st.error(_ui.tr(f"ideas_error_{refused.code}"))
    except SQLAlchemyError:
        st.error(_ui.tr("ideas_not_saved_board"))
    else:
        st.toast(
            _ui.tr("ideas_converted", project=link.project_id), icon=":material/rocket_launch:"
        )
        st.rerun()


def _anonymise(idea_id: int) -> None:
    with st.popover(_ui.tr("ideas_anonymise"), icon=":material/person_remove:"):
        st.markdown(_ui.tr("ideas_anonymise_confirm"))
        if st.button(
            _ui.tr("ideas_anonymise_yes"), type="primary", key=f"ideas_anonymise_{idea_id}"
        ):
            ideas.anonymise_idea(_ui.engine(), idea_id, user=_ui.current_email())
            st.toast(_ui.tr("ideas_anonymised"), icon=":material/check:")
            st.rerun()
