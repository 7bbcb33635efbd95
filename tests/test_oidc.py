"""Sign-in with the council's OpenID Connect provider, against a small provider started here:
accounts made from a role claim, people without a role waiting for an admin, existing local
accounts never taken over, and ID tokens that fail a check refused."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pydantic
import pytest
import requests

from app import create_app
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider
from tests.webclient import sign_in
from timeline.access import Role
from timeline.accounts import Accounts
from timeline.pages.sign_in.auth import UnsafeSettingsError
from timeline.service import open_services
from timeline.settings import Settings
from timeline.sign_on import SignOnSettingError, parse_role_map, role_from_claims

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def provider():
    with running_provider() as running:
        yield running


def _settings(tmp_path: Path, provider, **extra) -> Settings:
    values = {
        "database_url": f"sqlite:///{tmp_path / 'oidc.db'}",
        "accounts": True,
        "admin_password": PASSWORD,
        "load_demo": False,
        "login_rate_limit": "1000 per minute",
        "oidc_issuer": provider.issuer,
        "oidc_client_id": CLIENT_ID,
        "oidc_client_secret": CLIENT_SECRET,
        "oidc_label": "Example Council",
        "oidc_role_claim": "roles",
    }
    return Settings(**(values | extra))


@pytest.fixture
def deployment(tmp_path: Path, provider):
    provider.tamper = None
    settings = _settings(tmp_path, provider)
    app = create_app(settings)
    return app, Accounts(open_services(settings).sessions)


def _council_sign_in(app, provider, claims: dict, wanted: str = "/journeys"):
    """Go through the provider as a browser would; the app's last answer and the client."""
    provider.next_claims = claims
    client = app.server.test_client()
    start = client.get(f"/login/oidc?next={wanted}")
    assert start.status_code == 302, start.get_data(as_text=True)[:200]
    assert start.headers["Location"].startswith(f"{provider.issuer}/authorize?")
    back = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302
    target = urlsplit(back.headers["Location"])
    assert target.path == "/login/oidc/callback"
    return client.get(f"{target.path}?{target.query}"), client


def test_the_sign_in_page_offers_the_council_sign_in_beside_passwords(deployment) -> None:
    app, _ = deployment
    page = app.server.test_client().get("/login?next=/journeys").get_data(as_text=True)
    assert "Sign in with Example Council" in page
    assert 'href="/login/oidc?next=%2Fjourneys"' in page
    assert 'name="password"' in page  # passwords still work beside it


def test_a_role_from_the_claim_makes_an_account_and_signs_in(deployment, provider) -> None:
    app, accounts = deployment
    claims = {"sub": "c-101", "preferred_username": "Fran.Jones", "roles": ["facilitator"]}
    answer, client = _council_sign_in(app, provider, claims)
    assert answer.status_code == 302 and answer.headers["Location"] == "/journeys"
    assert client.get("/journeys").status_code == 200  # signed in: no redirect to /login
    made = {u.username: u for u in accounts.list_users()}["fran.jones"]
    assert made.role is Role.FACILITATOR and made.external
    assert accounts.authenticate("fran.jones", "") is None  # no password signs in as them
    # the next sign-in is the same account; a changed claim changes the role
    claims["roles"] = ["staff", "commissioner"]
    answer, _ = _council_sign_in(app, provider, claims)
    assert answer.status_code == 302
    users = accounts.list_users()
    assert [u.username for u in users].count("fran.jones") == 1
    assert {u.username: u for u in users}["fran.jones"].role is Role.COMMISSIONER
    actions = [(a.action, a.target) for a in accounts.audit()]
    assert ("add account", "fran.jones") in actions and ("set role", "fran.jones") in actions
    assert actions.count(("sign-in", "fran.jones")) == 2


def test_no_role_waits_for_an_admin_who_gives_one(deployment, provider) -> None:
    app, accounts = deployment
    claims = {"sub": "c-202", "email": "Robin@example.gov.uk", "name": "Robin"}
    answer, client = _council_sign_in(app, provider, claims)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 403
    assert "do not have a role in Touchpoints yet" in text and "robin" in text
    assert client.get("/journeys").status_code == 302  # not signed in
    assert "robin" not in [u.username for u in accounts.list_users()]
    waiting = accounts.pending()
    assert [(p.username, p.display) for p in waiting] == [("robin", "Robin")]
    accounts.approve("robin", "reviewer", by="admin")
    assert accounts.pending() == []
    answer, client = _council_sign_in(app, provider, claims)
    assert answer.status_code == 302 and client.get("/journeys").status_code == 200
    robin = {u.username: u for u in accounts.list_users()}["robin"]
    assert robin.role is Role.REVIEWER and robin.external


def test_a_local_account_is_never_taken_over(deployment, provider) -> None:
    app, accounts = deployment
    accounts.add_user("sam", "facilitator", PASSWORD, created_by="test")
    claims = {"sub": "c-303", "preferred_username": "sam", "roles": "admin"}
    answer, _ = _council_sign_in(app, provider, claims)
    assert answer.status_code == 302
    users = {u.username: u for u in accounts.list_users()}
    assert users["sam"].role is Role.FACILITATOR and not users["sam"].external
    assert users["sam-2"].role is Role.ADMIN and users["sam-2"].external
    assert sign_in(app.server.test_client(), "sam", PASSWORD).status_code == 302


@pytest.mark.parametrize("tamper", ["issuer", "audience", "nonce", "key"])
def test_an_id_token_that_fails_a_check_signs_nobody_in(deployment, provider, tamper) -> None:
    app, accounts = deployment
    provider.tamper = tamper
    try:
        claims = {"sub": f"c-{tamper}", "preferred_username": "mallory", "roles": ["admin"]}
        answer, client = _council_sign_in(app, provider, claims)
    finally:
        provider.tamper = None
    assert answer.status_code == 401
    assert "did not finish, so you are not signed in" in answer.get_data(as_text=True)
    assert client.get("/journeys").status_code == 302
    assert "mallory" not in [u.username for u in accounts.list_users()]


def test_a_callback_without_a_started_sign_in_is_refused(deployment) -> None:
    app, _ = deployment
    answer = app.server.test_client().get("/login/oidc/callback?code=made-up&state=made-up")
    assert answer.status_code == 401
    refused = app.server.test_client().get("/login/oidc/callback?error=access_denied")
    assert refused.status_code == 401


def test_settings_that_cannot_work_are_refused_with_what_to_change(tmp_path, provider) -> None:
    with pytest.raises(UnsafeSettingsError, match="TOUCHPOINTS_ACCOUNTS=true"):
        create_app(_settings(tmp_path, provider, accounts=False))
    with pytest.raises(SignOnSettingError, match="'claim value=role'"):
        create_app(_settings(tmp_path, provider, oidc_role_map="tp-admins=boss"))
    with pytest.raises(pydantic.ValidationError, match="not an issuer URL"):
        _settings(tmp_path, provider, oidc_issuer="login.example.gov.uk")
    # without a secret it is simply not offered
    plain = create_app(_settings(tmp_path, provider, oidc_client_secret=None))
    assert "Sign in with" not in plain.server.test_client().get("/login").get_data(as_text=True)


def test_roles_from_claims() -> None:
    mapping = parse_role_map("tp-admins=admin; tp-staff=facilitator")
    assert role_from_claims({"groups": ["tp-staff"]}, "groups", mapping) is Role.FACILITATOR
    both = {"groups": ["tp-staff", "tp-admins", "other"]}
    assert role_from_claims(both, "groups", mapping) is Role.ADMIN  # the most rights
    assert role_from_claims({"groups": ["other"]}, "groups", mapping) is None
    assert role_from_claims({"roles": "Reviewer"}, "roles", {}) is Role.REVIEWER
    assert role_from_claims({"roles": "admin"}, None, {}) is None  # no claim configured
    assert role_from_claims({"roles": 7}, "roles", {}) is None
