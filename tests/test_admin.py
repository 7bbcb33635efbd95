"""The admin page: accounts, roles, passwords, people waiting for a role, shares and the audit
list, driven through its callback as a signed-in browser would; admins only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import create_app
from tests.factories import make_journey
from tests.webclient import csrf_header, page_callback, sign_in
from timeline.access import Role
from timeline.accounts import Accounts
from timeline.pages import ids
from timeline.pages.admin.callbacks import BUTTONS, FIELDS
from timeline.service import open_services
from timeline.settings import Settings

PASSWORD = "correct horse battery staple"


@pytest.fixture
def deployment(tmp_path: Path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'admin.db'}",
        accounts=True,
        admin_password=PASSWORD,
        load_demo=False,
        login_rate_limit="1000 per minute",
    )
    services = open_services(settings)
    services.save_journeys([make_journey("ours")])
    app = create_app(settings)  # makes 'admin'
    accounts = Accounts(services.sessions)
    accounts.add_user("fran", "facilitator", PASSWORD, created_by="test")
    accounts.add_user("rev", "reviewer", PASSWORD, created_by="test")
    return app, accounts


def _client(app, username: str):
    client = app.server.test_client()
    assert sign_in(client, username, PASSWORD).status_code == 302
    return client


def act(app, client, button: str, **values: str | None):
    """Press one admin button with the form's values; the callback's outputs by id."""
    output = (
        f"..{ids.ADMIN_STATUS}.children...{ids.ADMIN_SHOWN_ONCE}.children...{ids.ADMIN_LISTS}"
        f".children...{ids.ADMIN_ACCOUNT}.options...{ids.ADMIN_WAITING}.options..."
        f"{ids.ADMIN_REVIEWER}.options...{ids.ADMIN_USERNAME}.value.."
    )
    key = next(k for k in app.callback_map if ids.ADMIN_STATUS in k)
    assert key == output
    inputs = [
        {"id": ident, "property": prop, "value": 1 if ident == button else None}
        for ident, (_, prop) in BUTTONS.items()
    ]
    state = [
        {"id": ident, "property": "value", "value": values.get(name)} for name, ident in FIELDS
    ]
    prop = BUTTONS[button][1]
    body = {
        "output": key,
        "outputs": [
            {"id": part.split(".")[0], "property": part.split(".")[1]}
            for part in key.strip(".").split("...")
        ],
        "inputs": inputs,
        "state": state,
        "changedPropIds": [f"{button}.{prop}"],
    }
    answer = client.post("/_dash-update-component", json=body, headers=csrf_header(client))
    return answer


def _outputs(answer) -> dict:
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    return {k: v for k, v in json.loads(answer.get_data(as_text=True))["response"].items()}


def _text(value) -> str:
    return json.dumps(value)


def test_only_admins_get_the_page_and_its_actions(deployment) -> None:
    app, accounts = deployment
    admin = _client(app, "admin")
    page = page_callback(app, admin, "/admin").get_data(as_text=True)
    assert "Admin: accounts and audit" in page and "fran (facilitator)" in page
    fran = _client(app, "fran")
    refused = page_callback(app, fran, "/admin").get_data(as_text=True)
    assert "Not available" in refused and "fran (facilitator)" not in refused
    forged = act(app, fran, ids.ADMIN_SET_ROLE, account="rev", role="admin")
    assert forged.status_code == 404  # as every refused callback: nothing to probe
    assert {u.username: u.role for u in accounts.list_users()}["rev"] is Role.REVIEWER
    no_token = app.server.test_client()
    assert sign_in(no_token, "admin", PASSWORD).status_code == 302
    body = {"output": "x", "outputs": {}, "inputs": [], "state": [], "changedPropIds": []}
    assert no_token.post("/_dash-update-component", json=body).status_code == 400  # CSRF


def test_add_change_reset_and_remove_an_account(deployment) -> None:
    app, accounts = deployment
    admin = _client(app, "admin")
    added = _outputs(act(app, admin, ids.ADMIN_ADD, username="Kim", new_role="commissioner"))
    status = added[ids.ADMIN_STATUS]["children"]
    assert status.startswith("Added kim (commissioner).")
    password = added[ids.ADMIN_SHOWN_ONCE]["children"][1]["props"]["children"]
    assert len(password) >= 12 and password not in _text(added[ids.ADMIN_LISTS])
    assert sign_in(app.server.test_client(), "kim", password).status_code == 302
    assert {"label": "kim (commissioner)", "value": "kim"} in added[ids.ADMIN_ACCOUNT]["options"]
    assert added[ids.ADMIN_USERNAME]["value"] == ""  # the form is cleared for the next one

    changed = _outputs(act(app, admin, ids.ADMIN_SET_ROLE, account="kim", role="reviewer"))
    assert changed[ids.ADMIN_STATUS]["children"] == (
        "kim is now reviewer; their sessions have ended."
    )
    assert {"label": "kim", "value": "kim"} in changed[ids.ADMIN_REVIEWER]["options"]

    reset = _outputs(act(app, admin, ids.ADMIN_RESET, account="kim"))
    new = reset[ids.ADMIN_SHOWN_ONCE]["children"][1]["props"]["children"]
    assert new != password
    assert sign_in(app.server.test_client(), "kim", password).status_code == 401
    assert sign_in(app.server.test_client(), "kim", new).status_code == 302

    removed = _outputs(act(app, admin, ids.ADMIN_REMOVE, account="kim"))
    assert removed[ids.ADMIN_STATUS]["children"].startswith("Removed kim")
    assert "kim" not in [u.username for u in accounts.list_users()]
    audit = _text(removed[ids.ADMIN_LISTS])
    for action in ("add account", "set role", "set password", "remove account"):
        assert action in audit, action
    assert [(a.actor, a.action) for a in accounts.audit(1)] == [("admin", "remove account")]


def test_mistakes_are_said_and_change_nothing(deployment) -> None:
    app, accounts = deployment
    admin = _client(app, "admin")
    cases = [
        (ids.ADMIN_SET_ROLE, {"account": "admin", "role": "reviewer"}, "your own role"),
        (ids.ADMIN_REMOVE, {"account": "admin"}, "your own account"),
        (ids.ADMIN_SET_ROLE, {"role": "admin"}, "Choose an account first."),
        (ids.ADMIN_ADD, {"username": "fran", "new_role": "admin"}, "already an account"),
        (ids.ADMIN_ADD, {"username": "no spaces", "new_role": "admin"}, "is not allowed"),
        (ids.ADMIN_SHARE, {"journey": "ours", "reviewer": "fran"}, "reviewers only"),
        (ids.ADMIN_REMOVE, {"account": "ghost"}, "no account called 'ghost'"),
        (ids.ADMIN_APPROVE, {"waiting": "nobody", "waiting_role": "admin"}, "waiting"),
    ]
    before = accounts.list_users()
    for button, values, said in cases:
        status = _outputs(act(app, admin, button, **values))[ids.ADMIN_STATUS]["children"]
        assert said in status, (button, values, status)
    assert accounts.list_users() == before


def test_share_and_unshare_and_give_a_waiting_person_a_role(deployment) -> None:
    app, accounts = deployment
    admin = _client(app, "admin")
    shared = _outputs(act(app, admin, ids.ADMIN_SHARE, journey="ours", reviewer="rev"))
    assert shared[ids.ADMIN_STATUS]["children"] == "Shared ours with rev."
    assert accounts.shared_with("ours") == ["rev"]
    again = _outputs(act(app, admin, ids.ADMIN_SHARE, journey="ours", reviewer="rev"))
    assert again[ids.ADMIN_STATUS]["children"] == "ours was already shared with rev."
    _outputs(act(app, admin, ids.ADMIN_UNSHARE, journey="ours", reviewer="rev"))
    assert accounts.shared_with("ours") == []

    issuer = "https://login.example.gov.uk"
    accounts.sign_on(issuer, {"sub": "s-9", "preferred_username": "robin"}, None, {})
    page = page_callback(app, admin, "/admin").get_data(as_text=True)
    assert "robin (robin)" in page
    given = _outputs(act(app, admin, ids.ADMIN_APPROVE, waiting="robin", waiting_role="reviewer"))
    assert given[ids.ADMIN_STATUS]["children"] == "robin can now sign in as reviewer."
    assert given[ids.ADMIN_WAITING]["options"] == []
    robin = {u.username: u for u in accounts.list_users()}["robin"]
    assert robin.role is Role.REVIEWER and robin.external


def test_local_mode_has_nobody_to_manage(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'l.db'}", load_demo=False)
    app = create_app(settings)
    page = page_callback(app, app.server.test_client(), "/admin").get_data(as_text=True)
    assert "Accounts are off" in page
