"""Role checks: who may import and delete."""

from analysis.roles import Role, analyst_emails, auth_configured, can_change_data, role_for

AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s"}}
ANALYSTS = frozenset({"kari@kommune.no"})


def test_no_auth_configured_means_local_single_user_mode_with_full_rights():
    role = role_for(auth_is_configured=False, is_logged_in=False, email=None, analysts=ANALYSTS)
    assert role is Role.LOCAL
    assert can_change_data(role)


def test_a_listed_analyst_may_change_data_whatever_the_case_of_the_address():
    role = role_for(
        auth_is_configured=True, is_logged_in=True, email="Kari@Kommune.no", analysts=ANALYSTS
    )
    assert role is Role.ANALYST
    assert can_change_data(role)


def test_a_logged_in_user_not_on_the_list_only_views():
    role = role_for(
        auth_is_configured=True, is_logged_in=True, email="ola@kommune.no", analysts=ANALYSTS
    )
    assert role is Role.VIEWER
    assert not can_change_data(role)


def test_nobody_logged_in_with_auth_configured_only_views():
    role = role_for(auth_is_configured=True, is_logged_in=False, email=None, analysts=ANALYSTS)
    assert role is Role.ANONYMOUS
    assert not can_change_data(role)


def test_auth_needs_cookie_secret_and_redirect_uri():
    assert auth_configured(AUTH)
    assert not auth_configured({})
    assert not auth_configured({"auth": {"redirect_uri": "x"}})


def test_analysts_come_from_secrets_and_environment():
    secrets = {"innosikt": {"analysts": ["Kari@kommune.no"]}}
    emails = analyst_emails(secrets, env={"INNOSIKT_ANALYSTS": "per@kommune.no, "})
    assert emails == {"kari@kommune.no", "per@kommune.no"}
