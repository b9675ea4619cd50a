"""The idea bank: ideas filed by anyone, triaged by the innovation team, some made into projects.

Two tables on storage.METADATA (schema version 2), in the same database as imports:

- `ideas`: one row per idea. Filing is idempotent: `client_token` is generated once per form
  instance, `fingerprint` is a hash of the idea's normalised text and municipality, both are
  UNIQUE, and the insert is INSERT … ON CONFLICT DO NOTHING. A double click, a resubmission after a
  reconnect and the same idea sent from two tabs are therefore stored once, and every attempt gets
  the same reference number back. An idea is committed before the filer is told it is received.
- `idea_history`: every change — filed, moved, made into a project, personal data deleted — with
  who, when, from which stage, to which, and why.

An idea made into a project gets a dataset of its own (kind «projects», file «idébank») holding one
project whose id is the idea's reference (IDE-00042) and whose source names the idea bank; the idea
keeps the dataset's id. `storage.combined_dataset` merges it like an imported project, so it shows
in the project data, the innovation measures and the profile timeline; moving the idea later moves
the project's phase. Deleting that dataset on «Data» unlinks the idea (ON DELETE SET NULL).

Personal data (the filer's name and e-mail, and the consent to be contacted) is read only with
`include_personal=True` (analysts), is never part of `presentation_table`, and
`anonymise_idea` deletes it on request while the idea itself stays.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from analysis import i18n, schema, storage

REFERENCE_PREFIX = "IDE-"
NEW, ASSESSING, REJECTED = "ny", "vurderes", "avslått"
TRIAGE_STAGES: tuple[str, ...] = (NEW, ASSESSING)
PROJECT_STAGES: tuple[str, ...] = schema.IDEA_STAGES[2:6]  # KS' veikart, «innsikt og idé» on
FIRST_PHASE = PROJECT_STAGES[0]
# Milestones: piloted in «utvikling og utprøving» or later; in operation from «overgang til drift».
PILOT_STAGES: tuple[str, ...] = PROJECT_STAGES[1:]
OPERATION_STAGES: tuple[str, ...] = PROJECT_STAGES[2:]
MILESTONE_STAGES = {"pilot": PILOT_STAGES, "drift": OPERATION_STAGES}
STOPPED_PHASE = "stoppet"  # the project phase of a rejected idea that had become a project
SEVERAL_SECTORS = "flere"  # the form's choice «several sectors or not known», stored as empty
PROJECT_SOURCE = "Idébanken i Innosikt ({reference})"
DATASET_SOURCE_NAME = "idébank"
LOCAL_TIME_ZONE = "Europe/Oslo"  # a year of filing is a Norwegian calendar year

# Text limits (characters, after trimming) for the form and the board.
MIN_LENGTH = {"title": 3, "problem": 10, "proposal": 10, "reason": 3, "project_title": 3}
MAX_LENGTH = {
    "title": 120,
    "problem": 4000,
    "proposal": 4000,
    "submitter_name": 120,
    "submitter_email": 254,
    "reason": 500,
    "project_title": 150,
    "project_description": 4000,
}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
TOKEN = re.compile(r"[0-9a-f]{32}")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character

# --- Tables ---------------------------------------------------------------------------------

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # as storage: SQLite wants INTEGER

IDEAS = sa.Table(
    "ideas",
    storage.METADATA,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("client_token", sa.String(32), nullable=False, unique=True),  # one per form
    sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),  # sha256 of the content
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),  # UTC
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("problem", sa.Text, nullable=False),
    sa.Column("proposal", sa.Text, nullable=False),
    sa.Column("sector_id", sa.Text),
    sa.Column("kommunenummer", sa.Text, nullable=False),
    sa.Column("submitter_name", sa.Text),
    sa.Column("submitter_email", sa.Text),
    sa.Column("contact_consent", sa.Boolean, nullable=False),
    sa.Column("stage", sa.Text, nullable=False),
    sa.Column("stage_changed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("project_id", sa.Text),
    sa.Column("project_dataset_id", _ID, sa.ForeignKey(storage.DATASETS.c.id, ondelete="SET NULL")),
    sa.Column("anonymised_at", sa.DateTime(timezone=True)),
    sqlite_autoincrement=True,  # never reuse a number a filer has been given
)

IDEA_HISTORY = sa.Table(
    "idea_history",
    storage.METADATA,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column(
        "idea_id", _ID, sa.ForeignKey(IDEAS.c.id, ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),  # UTC
    sa.Column("changed_by", sa.Text),  # the analyst's e-mail; empty for the filer, or local mode
    sa.Column("action", sa.Text, nullable=False),  # schema.IDEA_ACTIONS
    sa.Column("from_stage", sa.Text),
    sa.Column("to_stage", sa.Text),
    sa.Column("reason", sa.Text),
    sqlite_autoincrement=True,
)

# --- Records and errors ---------------------------------------------------------------------


@dataclass(frozen=True)
class IdeaForm:
    """What the filer typed, before cleaning."""

    title: str
    problem: str
    proposal: str
    sector_id: str | None  # None: not chosen; SEVERAL_SECTORS: several or not known
    kommunenummer: str | None
    submitter_name: str = ""
    submitter_email: str = ""
    contact_consent: bool = False


@dataclass(frozen=True)
class ProjectDraft:
    """The project an idea becomes, as the analyst confirms it."""

    title: str
    description: str
    sector_id: str | None
    innovation_type: str | None
    partner_types: tuple[str, ...]
    start_year: int
    municipalities: tuple[str, ...]  # the idea's municipality first; more for a co-operation
    budget_nok: float | None = None


@dataclass(frozen=True)
class Receipt:
    """What the filer is told: the reference, and whether this attempt stored the idea."""

    idea_id: int
    reference: str
    created: bool  # False: the idea was stored before (same form, or the same text elsewhere)
    same_form: bool  # the stored idea came from this very form (a repeated submit)


@dataclass(frozen=True)
class ProjectLink:
    idea_id: int
    project_id: str
    dataset_id: int
    created: bool  # False: the idea had become this project already


@dataclass(frozen=True)
class FormProblem:
    """One thing wrong with a form; `code` names the text (i18n key `ideas_error_<code>`)."""

    field: str
    code: str
    limit: int | None = None

    def message(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        name = i18n.t(f"ideas_field_{self.field}", lang)
        return i18n.t(f"ideas_error_{self.code}", lang, field=name, limit=self.limit)


class InvalidIdea(ValueError):
    """A form failed its checks; carries every problem found, not just the first."""

    def __init__(self, problems: list[FormProblem]):
        self.problems = problems
        super().__init__(" ".join(p.message() for p in problems))


class UnknownIdea(LookupError):
    def __init__(self, idea_id: int):
        self.idea_id = idea_id
        super().__init__(f"Fant ikke idé {reference(idea_id)}.")


class StageNotAllowed(ValueError):
    """A move the idea's state does not allow; `code` names the text (`ideas_error_<code>`)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(i18n.t(f"ideas_error_{code}"))


class StaleIdea(ValueError):
    """Someone else moved the idea since the board was drawn; `current` is its stage now."""

    def __init__(self, current: str):
        self.current = current
        super().__init__(f"Idéen er flyttet i mellomtiden; den står nå i «{current}».")


# --- Small helpers --------------------------------------------------------------------------


def reference(idea_id: int) -> str:
    """The number a filer is given: IDE-00042."""
    return f"{REFERENCE_PREFIX}{int(idea_id):05d}"


def new_token() -> str:
    """A client token for one form instance (kept in the session, sent with every submit)."""
    return uuid.uuid4().hex


def escape_markdown(text: str) -> str:
    """User text as markdown that shows literally: no links, images, emphasis or directives."""
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return escaped.replace("\n", "  \n")  # keep the filer's line breaks


def _clean_text(text: str | None, *, single_line: bool = False) -> str:
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL_CHARACTERS.sub("", text.replace("\t", " "))
    if single_line:
        text = " ".join(text.split())
    return text.strip()


def _length_problems(field_name: str, text: str) -> list[FormProblem]:
    low, high = MIN_LENGTH.get(field_name, 0), MAX_LENGTH[field_name]
    if low and not text:
        return [FormProblem(field_name, "missing")]
    if len(text) < low:
        return [FormProblem(field_name, "too_short", low)]
    if len(text) > high:
        return [FormProblem(field_name, "too_long", high)]
    return []


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(series: pd.Series) -> pd.Series:
    # SQLite hands back naive datetimes (we store UTC); PostgreSQL aware ones in its session zone.
    return pd.to_datetime(series, utc=True).astype(schema.UTC_TIME)


# --- Filing ---------------------------------------------------------------------------------


def clean_form(
    form: IdeaForm, valid_codes: Collection[str], valid_sectors: Collection[str]
) -> IdeaForm:
    """The form trimmed and normalised; raises InvalidIdea listing every problem."""
    cleaned = IdeaForm(
        title=_clean_text(form.title, single_line=True),
        problem=_clean_text(form.problem),
        proposal=_clean_text(form.proposal),
        sector_id=form.sector_id,
        kommunenummer=form.kommunenummer,
        submitter_name=_clean_text(form.submitter_name, single_line=True),
        submitter_email=_clean_text(form.submitter_email, single_line=True).lower(),
        contact_consent=bool(form.contact_consent),
    )
    problems = [
        *_length_problems("title", cleaned.title),
        *_length_problems("problem", cleaned.problem),
        *_length_problems("proposal", cleaned.proposal),
    ]
    if cleaned.sector_id is None:
        problems.append(FormProblem("sector", "choose"))
    elif cleaned.sector_id != SEVERAL_SECTORS and cleaned.sector_id not in valid_sectors:
        problems.append(FormProblem("sector", "unknown"))
    if not cleaned.kommunenummer:
        problems.append(FormProblem("municipality", "choose"))
    elif cleaned.kommunenummer not in valid_codes:
        problems.append(FormProblem("municipality", "unknown"))
    problems += _length_problems("submitter_name", cleaned.submitter_name)
    email = cleaned.submitter_email
    if email:
        problems += _length_problems("submitter_email", email)
        if not EMAIL.fullmatch(email):
            problems.append(FormProblem("submitter_email", "email_invalid"))
        if not cleaned.contact_consent:
            problems.append(FormProblem("contact_consent", "email_without_consent"))
    elif cleaned.contact_consent:
        problems.append(FormProblem("submitter_email", "consent_without_email"))
    if problems:
        raise InvalidIdea(problems)
    return cleaned


def fingerprint(form: IdeaForm) -> str:
    """A hash of what makes two filings one idea: the texts (case and spacing aside) and place."""
    parts = [form.title, form.problem, form.proposal]
    normalised = [" ".join(part.casefold().split()) for part in parts]
    return hashlib.sha256("\x1f".join([*normalised, form.kommunenummer or ""]).encode()).hexdigest()


def submit_idea(
    engine: Engine,
    form: IdeaForm,
    token: str,
    *,
    valid_codes: Collection[str],
    valid_sectors: Collection[str],
    now: dt.datetime | None = None,
) -> Receipt:
    """Store a filed idea once, however often it is sent; raises InvalidIdea on a bad form.

    The idea is committed when this returns. A token or content seen before returns the stored
    idea's receipt and writes nothing.
    """
    if not TOKEN.fullmatch(token):
        raise ValueError("Ugyldig skjema-token.")
    idea = clean_form(form, valid_codes, valid_sectors)
    now = now or _now()
    digest = fingerprint(idea)
    values = {
        "client_token": token,
        "fingerprint": digest,
        "created_at": now,
        "title": idea.title,
        "problem": idea.problem,
        "proposal": idea.proposal,
        "sector_id": None if idea.sector_id == SEVERAL_SECTORS else idea.sector_id,
        "kommunenummer": idea.kommunenummer,
        "submitter_name": idea.submitter_name or None,
        "submitter_email": idea.submitter_email or None,
        "contact_consent": idea.contact_consent,
        "stage": NEW,
        "stage_changed_at": now,
    }
    with storage.write_transaction(engine) as conn:
        insert = _insert_or_ignore(conn).values(**values).returning(IDEAS.c.id)
        idea_id = conn.execute(insert).scalar()
        if idea_id is not None:
            _log(conn, idea_id, now, None, "filed", None, NEW, None)
            storage.bump_data_version(conn)  # ideas filed count in the innovation measures
            return Receipt(int(idea_id), reference(idea_id), created=True, same_form=True)
        # Stored before: by this form (its token), or the same idea from another form.
        stored = conn.execute(
            sa.select(IDEAS.c.id, IDEAS.c.client_token)
            .where((IDEAS.c.client_token == token) | (IDEAS.c.fingerprint == digest))
            .order_by((IDEAS.c.client_token == token).desc())
        ).first()
    same_form = stored.client_token == token
    return Receipt(int(stored.id), reference(stored.id), created=False, same_form=same_form)


def _insert_or_ignore(conn: Connection) -> sa.Insert:
    # Without a conflict target, DO NOTHING covers both unique columns (token and fingerprint).
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    return dialect_insert(IDEAS).on_conflict_do_nothing()


def _log(
    conn: Connection,
    idea_id: int,
    when: dt.datetime,
    user: str | None,
    action: str,
    from_stage: str | None,
    to_stage: str | None,
    reason: str | None,
) -> None:
    conn.execute(
        IDEA_HISTORY.insert().values(
            idea_id=idea_id,
            changed_at=when,
            changed_by=user,
            action=action,
            from_stage=from_stage,
            to_stage=to_stage,
            reason=reason,
        )
    )


# --- Triage ---------------------------------------------------------------------------------


def _locked_idea(conn: Connection, idea_id: int) -> sa.Row:
    # FOR UPDATE on PostgreSQL; SQLite's write transaction already holds the database.
    row = conn.execute(sa.select(IDEAS).where(IDEAS.c.id == idea_id).with_for_update()).first()
    if row is None:
        raise UnknownIdea(idea_id)
    return row


def clean_reason(reason: str) -> str:
    """A move's reason, trimmed; raises InvalidIdea when it is missing or too long."""
    text = _clean_text(reason, single_line=True)
    problems = _length_problems("reason", text)
    if problems:
        raise InvalidIdea(problems)
    return text


def move_idea(
    engine: Engine,
    idea_id: int,
    to_stage: str,
    reason: str,
    *,
    user: str | None,
    from_stage: str | None = None,
    now: dt.datetime | None = None,
) -> bool:
    """Move an idea to another stage with a reason; False when it is there already (a repeat).

    `from_stage` is the stage the analyst saw: if someone moved the idea since, StaleIdea. An idea
    that has become a project stays in the project phases (or is rejected, which stops the
    project); its project's phase follows the move.
    """
    if to_stage not in schema.IDEA_STAGES:
        raise ValueError(f"Ukjent status «{to_stage}».")
    idea_id = int(idea_id)  # a numpy integer from a DataFrame would not match on SQLite
    reason = clean_reason(reason)
    now = now or _now()
    with storage.write_transaction(engine) as conn:
        idea = _locked_idea(conn, idea_id)
        if idea.stage == to_stage:
            return False
        if from_stage is not None and idea.stage != from_stage:
            raise StaleIdea(idea.stage)
        if idea.project_dataset_id is not None and to_stage in TRIAGE_STAGES:
            raise StageNotAllowed("project_back_to_triage")
        conn.execute(
            sa.update(IDEAS)
            .where(IDEAS.c.id == idea_id)
            .values(stage=to_stage, stage_changed_at=now)
        )
        _log(conn, idea_id, now, user, "moved", idea.stage, to_stage, reason)
        if idea.project_dataset_id is not None:
            _set_project_phase(conn, idea, to_stage, now)
    return True


def _set_project_phase(conn: Connection, idea: sa.Row, stage: str, now: dt.datetime) -> None:
    projects = storage.DATA_TABLES["projects"]
    stopped = stage == REJECTED
    conn.execute(
        sa.update(projects)
        .where(
            (projects.c.dataset_id == idea.project_dataset_id)
            & (projects.c.project_id == idea.project_id)
        )
        .values(
            phase=STOPPED_PHASE if stopped else stage,
            # A stopped project ends now; taken up again, it runs on (it had no end year before).
            end_year=now.astimezone(ZoneInfo(LOCAL_TIME_ZONE)).year if stopped else None,
        )
    )
    storage.bump_data_version(conn)


def draft_project(idea: pd.Series | dict, start_year: int) -> ProjectDraft:
    """The project an idea would become, before the analyst adjusts it."""
    sector = idea["sector_id"]
    return ProjectDraft(
        title=str(idea["title"]),
        description=f"{idea['problem']}\n\n{idea['proposal']}",
        sector_id=None if pd.isna(sector) else str(sector),
        innovation_type=None,
        partner_types=(),
        start_year=int(start_year),
        municipalities=(str(idea["kommunenummer"]),),
    )


def clean_draft(
    draft: ProjectDraft, valid_codes: Collection[str], valid_sectors: Collection[str]
) -> ProjectDraft:
    """The draft trimmed; raises InvalidIdea listing every problem."""
    cleaned = ProjectDraft(
        title=_clean_text(draft.title, single_line=True),
        description=_clean_text(draft.description),
        sector_id=draft.sector_id or None,
        innovation_type=draft.innovation_type or None,
        partner_types=tuple(dict.fromkeys(draft.partner_types)),
        start_year=draft.start_year,
        municipalities=tuple(dict.fromkeys(draft.municipalities)),
        budget_nok=draft.budget_nok,
    )
    problems = [
        *_length_problems("project_title", cleaned.title),
        *_length_problems("project_description", cleaned.description),
    ]
    if cleaned.sector_id is not None and cleaned.sector_id not in valid_sectors:
        problems.append(FormProblem("sector", "unknown"))
    if cleaned.innovation_type not in (None, *schema.INNOVATION_TYPES):
        problems.append(FormProblem("innovation_type", "unknown"))
    if not set(cleaned.partner_types) <= set(schema.PARTNER_TYPES):
        problems.append(FormProblem("partner_types", "unknown"))
    if not schema.MIN_YEAR <= cleaned.start_year <= schema.MAX_YEAR:
        problems.append(FormProblem("start_year", "year_range"))
    if not cleaned.municipalities:
        problems.append(FormProblem("municipality", "choose"))
    elif not set(cleaned.municipalities) <= set(valid_codes):
        problems.append(FormProblem("municipality", "unknown"))
    if cleaned.budget_nok is not None and not cleaned.budget_nok >= 0:
        problems.append(FormProblem("budget_nok", "negative"))
    if problems:
        raise InvalidIdea(problems)
    return cleaned


def convert_to_project(
    engine: Engine,
    idea_id: int,
    draft: ProjectDraft,
    *,
    user: str | None,
    valid_codes: Collection[str],
    valid_sectors: Collection[str],
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> ProjectLink:
    """Make an idea a project in the stored project data; a repeat returns the same project.

    The project starts in the idea's phase, or in «innsikt og idé» when the idea was still in
    triage (the idea moves there too). A rejected idea must be moved back first.
    """
    draft = clean_draft(draft, valid_codes, valid_sectors)
    idea_id = int(idea_id)  # a numpy integer from a DataFrame would not match on SQLite
    note = _clean_text(reason, single_line=True)[: MAX_LENGTH["reason"]] or None
    now = now or _now()
    with storage.write_transaction(engine) as conn:
        idea = _locked_idea(conn, idea_id)
        if idea.project_dataset_id is not None:
            return ProjectLink(idea_id, idea.project_id, int(idea.project_dataset_id), False)
        if idea.stage == REJECTED:
            raise StageNotAllowed("rejected_to_project")
        phase = idea.stage if idea.stage in PROJECT_STAGES else FIRST_PHASE
        project_id = reference(idea_id)
        frames = _project_frames(project_id, draft, phase)
        dataset_id = storage.insert_dataset(
            conn,
            frames,
            name=f"Idébank: {draft.title}",
            kind="projects",
            source_name=DATASET_SOURCE_NAME,
            # Unique per conversion: a project deleted on «Data» may be made again.
            checksum=hashlib.sha256(
                f"idebank:{project_id}:{uuid.uuid4().hex}".encode()
            ).hexdigest(),
            rows=1,
            user=user,
        )
        conn.execute(
            sa.update(IDEAS)
            .where(IDEAS.c.id == idea_id)
            .values(
                project_id=project_id,
                project_dataset_id=dataset_id,
                stage=phase,
                stage_changed_at=now if phase != idea.stage else idea.stage_changed_at,
            )
        )
        _log(conn, idea_id, now, user, "project", idea.stage, phase, note)
    return ProjectLink(idea_id, project_id, int(dataset_id), True)


def _project_frames(project_id: str, draft: ProjectDraft, phase: str) -> dict[str, pd.DataFrame]:
    project = pd.DataFrame(
        {
            "project_id": [project_id],
            "title": [draft.title],
            "description": [draft.description or None],
            "sector_id": [draft.sector_id],
            "phase": [phase],
            "start_year": [draft.start_year],
            "end_year": [None],
            "partner_types": [";".join(draft.partner_types) or None],
            "innovation_type": [draft.innovation_type],
            "budget_nok": [draft.budget_nok],
            "source": [PROJECT_SOURCE.format(reference=project_id)],
            "is_real": [True],  # filed by a real person in this municipality, not demo data
        }
    )
    members = pd.DataFrame({"project_id": project_id, "kommunenummer": list(draft.municipalities)})
    return {
        "projects": schema.conform(project, schema.PROJECTS),
        "project_municipalities": schema.conform(members, schema.PROJECT_MUNICIPALITIES),
    }


def anonymise_idea(
    engine: Engine, idea_id: int, *, user: str | None, now: dt.datetime | None = None
) -> bool:
    """Delete the filer's name and e-mail (on request); the idea stays. False if none was left."""
    idea_id = int(idea_id)  # a numpy integer from a DataFrame would not match on SQLite
    now = now or _now()
    with storage.write_transaction(engine) as conn:
        idea = _locked_idea(conn, idea_id)
        if idea.anonymised_at is not None and idea.submitter_name is None:
            return False
        conn.execute(
            sa.update(IDEAS)
            .where(IDEAS.c.id == idea_id)
            .values(
                submitter_name=None, submitter_email=None, contact_consent=False, anonymised_at=now
            )
        )
        _log(conn, idea_id, now, user, "anonymised", None, None, None)
    return True


# --- Reading --------------------------------------------------------------------------------


def list_ideas(engine: Engine, *, include_personal: bool = False) -> pd.DataFrame:
    """Every idea, newest first, typed by schema.IDEAS; names and e-mails only on request."""
    columns = [
        IDEAS.c.id.label("idea_id"),
        IDEAS.c.created_at,
        IDEAS.c.title,
        IDEAS.c.problem,
        IDEAS.c.proposal,
        IDEAS.c.sector_id,
        IDEAS.c.kommunenummer,
        IDEAS.c.stage,
        IDEAS.c.stage_changed_at,
        # The project link holds while its dataset exists (deleting it on «Data» unlinks).
        sa.case((IDEAS.c.project_dataset_id.is_not(None), IDEAS.c.project_id)).label("project_id"),
        IDEAS.c.anonymised_at.is_not(None).label("anonymised"),
    ]
    if include_personal:
        columns += [IDEAS.c.submitter_name, IDEAS.c.submitter_email, IDEAS.c.contact_consent]
    with engine.connect() as conn:
        raw = pd.DataFrame(conn.execute(sa.select(*columns).order_by(IDEAS.c.id.desc())).all())
    table = _ideas_table(include_personal)
    if raw.empty:
        return schema.empty(table)
    frame = raw.assign(
        reference=lambda d: d["idea_id"].map(reference),
        created_at=lambda d: _utc(d["created_at"]),
        stage_changed_at=lambda d: _utc(d["stage_changed_at"]),
    )
    return schema.conform(frame, table)


def _ideas_table(include_personal: bool) -> schema.Table:
    if include_personal:
        return schema.IDEAS
    return schema.Table(
        schema.IDEAS.name,
        schema.IDEAS.label,
        tuple(c for c in schema.IDEAS.columns if c.name not in schema.IDEA_PERSONAL_COLUMNS),
        schema.IDEAS.key,
    )


def idea_history(engine: Engine, idea_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """The history of every idea (or of `idea_ids`), oldest first, typed by schema.IDEA_HISTORY."""
    query = sa.select(IDEA_HISTORY.c.id.label("entry_id"), *list(IDEA_HISTORY.c)[1:])
    if idea_ids is not None:
        query = query.where(IDEA_HISTORY.c.idea_id.in_([int(i) for i in idea_ids]))
    with engine.connect() as conn:
        raw = pd.DataFrame(conn.execute(query.order_by(IDEA_HISTORY.c.id)).all())
    if raw.empty:
        return schema.empty(schema.IDEA_HISTORY)
    return schema.conform(
        raw.assign(changed_at=lambda d: _utc(d["changed_at"])), schema.IDEA_HISTORY
    )


def filed_per_year(engine: Engine) -> pd.DataFrame:
    """kommunenummer, year (Norwegian calendar), ideas_filed: how many ideas were filed."""
    with engine.connect() as conn:
        raw = pd.DataFrame(
            conn.execute(sa.select(IDEAS.c.kommunenummer, IDEAS.c.created_at)).all(),
            columns=["kommunenummer", "created_at"],
        )
    return (
        raw.assign(year=lambda d: _utc(d["created_at"]).dt.tz_convert(LOCAL_TIME_ZONE).dt.year)
        .groupby(["kommunenummer", "year"], as_index=False)
        .agg(ideas_filed=("created_at", "size"))
        .astype({"kommunenummer": "string", "year": "Int64", "ideas_filed": "Int64"})
    )


def add_filed_ideas(capacity: pd.DataFrame, filed: pd.DataFrame) -> pd.DataFrame:
    """The capacity table with the idea bank's ideas added to `ideas_filed` (new rows if needed)."""
    if filed.empty:
        return capacity
    key = list(schema.CAPACITY.key)
    merged = capacity.merge(
        filed.rename(columns={"ideas_filed": "from_bank"}), on=key, how="outer", validate="1:1"
    )
    return schema.conform(
        merged.assign(
            ideas_filed=lambda d: d["ideas_filed"].where(
                d["from_bank"].isna(), d["ideas_filed"].fillna(0) + d["from_bank"]
            )
        ).drop(columns="from_bank"),
        schema.CAPACITY,
    ).sort_values(key, ignore_index=True)


def search_ideas(ideas: pd.DataFrame, text: str) -> pd.DataFrame:
    """The ideas whose reference, texts or (when present) filer match `text`, ignoring case."""
    needle = " ".join((text or "").split())
    if not needle:
        return ideas
    columns = [
        c
        for c in ("reference", "title", "problem", "proposal", "submitter_name", "submitter_email")
        if c in ideas.columns
    ]
    hits = pd.concat(
        [ideas[c].str.contains(needle, case=False, regex=False).fillna(False) for c in columns],
        axis=1,
    ).any(axis=1)
    return ideas.loc[hits]


def filter_ideas(
    ideas: pd.DataFrame,
    *,
    stages: Collection[str] | None = None,
    sectors: Collection[str] | None = None,
    codes: Collection[str] | None = None,
) -> pd.DataFrame:
    """The ideas in `stages`, `sectors` and municipalities `codes`; None or empty: no filter."""
    keep = pd.Series(True, index=ideas.index)
    for column, allowed in (("stage", stages), ("sector_id", sectors), ("kommunenummer", codes)):
        if allowed:
            keep &= ideas[column].astype("string").isin(list(allowed)).fillna(False)
    return ideas.loc[keep]


def presentation_table(ideas: pd.DataFrame) -> pd.DataFrame:
    """The ideas without personal data: what may go into slides and shared spreadsheets."""
    return ideas.drop(columns=list(schema.IDEA_PERSONAL_COLUMNS), errors="ignore")


def local_time(times: pd.Series) -> pd.Series:
    """UTC times as Norwegian wall-clock times without a zone (for tables and spreadsheets)."""
    return times.dt.tz_convert(LOCAL_TIME_ZONE).dt.tz_localize(None)


def export_frame(
    ideas: pd.DataFrame,
    *,
    municipality_names: Mapping[str, str],
    sector_names: Mapping[str, str],
    stage_names: Mapping[str, str],
    several_sectors: str,
    include_personal: bool = False,
) -> pd.DataFrame:
    """The ideas as a spreadsheet reads them: names for codes, local times, newest first.

    `several_sectors` names an idea without one sector. Without `include_personal` (the default,
    for presentations) no name, e-mail or consent.
    """
    personal = list(schema.IDEA_PERSONAL_COLUMNS) if include_personal else []
    source = ideas if include_personal else presentation_table(ideas)
    return (
        source.sort_values("idea_id", ascending=False)
        .assign(
            created_at=lambda d: local_time(d["created_at"]),
            stage=lambda d: d["stage"].astype("string").map(dict(stage_names)),
            sector=lambda d: d["sector_id"].map(dict(sector_names)).fillna(several_sectors),
            municipality=lambda d: d["kommunenummer"].map(dict(municipality_names)),
        )[
            [
                "reference",
                "created_at",
                "stage",
                "title",
                "problem",
                "proposal",
                "sector",
                "municipality",
                "kommunenummer",
                "project_id",
                *personal,
            ]
        ]
        .reset_index(drop=True)
    )


def stage_counts(ideas: pd.DataFrame) -> pd.Series:
    """How many ideas are in each stage, every stage listed (0 where none)."""
    return ideas["stage"].value_counts(sort=False).reindex(list(schema.IDEA_STAGES), fill_value=0)


def milestones(ideas: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """Days from filing to the first time each idea reached pilot and operation (schema table).

    Pilot: «utvikling og utprøving» or a later phase; operation: «overgang til drift» or later.
    An idea that skipped a stage reached it when it reached the later one.
    """
    reached = history.loc[history["to_stage"].notna(), ["idea_id", "changed_at", "to_stage"]]
    frames = [
        ideas[["idea_id", "reference", "kommunenummer", "created_at"]]
        .merge(
            reached.loc[reached["to_stage"].isin(stages)]
            .groupby("idea_id", as_index=False)
            .agg(reached_at=("changed_at", "min")),
            on="idea_id",
            validate="one_to_one",
        )
        .assign(
            milestone=name,
            days=lambda d: (d["reached_at"] - d["created_at"]).dt.total_seconds() / 86_400,
        )
        for name, stages in MILESTONE_STAGES.items()
    ]
    long = pd.concat(frames, ignore_index=True)
    if long.empty:
        return schema.empty(schema.IDEA_MILESTONES)
    return schema.conform(long[schema.IDEA_MILESTONES.names], schema.IDEA_MILESTONES)
