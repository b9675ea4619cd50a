"""Who may do what: analysts import and delete, everyone else only looks.

With `[auth]` configured in `.streamlit/secrets.toml`, `st.login` (OIDC, e.g. Microsoft Entra ID)
says who is logged in, and `[innosikt] analysts = [...]` lists the e-mails that may import and
delete. With no auth configured (an analyst's own laptop) the app runs in local single-user mode,
where the one user may do everything — and the app says so.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable, Mapping


class Role(enum.Enum):
    LOCAL = "local"  # no auth configured: single user, full rights
    ANALYST = "analyst"  # logged in and on the analyst list
    VIEWER = "viewer"  # logged in, not an analyst
    ANONYMOUS = "anonymous"  # auth configured, not logged in


CAN_CHANGE_DATA = frozenset({Role.LOCAL, Role.ANALYST})


def auth_configured(secrets: Mapping) -> bool:
    """Whether `[auth]` holds enough for st.login: a cookie secret and a redirect URI."""
    auth = secrets.get("auth") if secrets else None
    return bool(auth) and bool(auth.get("cookie_secret")) and bool(auth.get("redirect_uri"))


def analyst_emails(secrets: Mapping, env: Mapping[str, str] = os.environ) -> frozenset[str]:
    """Analyst e-mails from `[innosikt] analysts` or INNOSIKT_ANALYSTS (comma-separated)."""
    listed: Iterable[str] = (secrets.get("innosikt") or {}).get("analysts", []) if secrets else []
    from_env = [e for e in env.get("INNOSIKT_ANALYSTS", "").split(",") if e.strip()]
    return frozenset(e.strip().lower() for e in [*listed, *from_env])


def role_for(
    *, auth_is_configured: bool, is_logged_in: bool, email: str | None, analysts: frozenset[str]
) -> Role:
    """The role of the current user."""
    if not auth_is_configured:
        return Role.LOCAL
    if not is_logged_in:
        return Role.ANONYMOUS
    if email and email.strip().lower() in analysts:
        return Role.ANALYST
    return Role.VIEWER


def can_change_data(role: Role) -> bool:
    """Import, delete, undo and choose datasets."""
    return role in CAN_CHANGE_DATA
