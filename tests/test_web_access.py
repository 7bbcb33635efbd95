"""Accounts on the web: sign-in, sessions, CSRF, and who can reach which journey by URL or by
callback. Everything goes through the Flask server as a browser would (tests/webclient.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import create_app
from schemas import Provenance
from tests.factories import REVIEW_FORM, make_journey, make_restricted_journey
from tests.webclient import (
    callback,
    csrf_header,
    form_token,
    page_callback,
    present_next,
    sign_in,
)
from timeline.access import Role, Viewer
from timeline.accounts import Accounts
from timeline.pages import ids
from timeline.pages.journey_view import export_journey
from timeline.pages.review.callbacks import FORM_FIELDS
from timeline.pages.review.view import submit_proposal
from timeline.pages.sign_in.auth import UnsafeSettingsError
from timeline.service import open_services
from timeline.settings import Settings
from timeline.store import JourneyNotFoundError

PASSWORD = "correct horse battery staple"
USERS = {
    "fran": "facilitator",
    "alice": "reviewer",
    "bob": "reviewer",
    "carol": "commissioner",
}


@pytest.fixture
def deployment(tmp_path: Path):
    """An app with accounts on: journeys 'ours' (anonymised, shared with alice), 'other'
    (anonymised, commissioner consent) and 'invented' (illustrative)."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'web.db'}",
        accounts=True,
        admin_password=PASSWORD,
        load_demo=False,
        login_rate_limit="1000 per minute",
    )
    services = open_services(settings)
    anonymised = {"provenance": Provenance.ANONYMISED}
    services.save_journeys(
        [
            make_restricted_journey("ours").model_copy(update=anonymised),
            make_journey("other").model_copy(update=anonymised),
            make_journey("invented"),
        ]
    )
    services.record_consent("other", given_by="the person", audiences=["commissioner"])
    accounts = Accounts(services.sessions)
    for name, role in USERS.items():
        accounts.add_user(name, role, PASSWORD, created_by="test")
    accounts.share("ours", "alice", by="fran")
    app = create_app(settings)
    return app, settings


def _as(app, username: str):
    client = app.server.test_client()
    assert sign_in(client, username, PASSWORD).status_code == 302
    return client


def _page(app, client, path: str) -> str:
    response = page_callback(app, client, path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return _plain(response)


def _plain(response) -> str:
    # Dash's JSON escapes "/" (as "\/"); decoded and re-encoded, URLs read as written.
    return json.dumps(json.loads(response.get_data(as_text=True)))


def test_nothing_but_the_sign_in_page_without_signing_in(deployment) -> None:
    app, _ = deployment
    http = app.server.test_client()
    page = http.get("/journeys/ours")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login?next=")
    assert http.get("/_dash-layout").status_code == 401
    assert http.get("/login").status_code == 200
    assert http.get("/assets/touchpoints.css").status_code == 200
    forged = page_callback(app, http, "/journeys/ours")
    assert forged.status_code == 401 and "Hostel room" not in forged.get_data(as_text=True)


def test_a_wrong_password_is_refused_with_a_message_and_no_session(deployment) -> None:
    app, _ = deployment
    http = app.server.test_client()
    response = sign_in(http, "alice", "not the password at all")
    assert response.status_code == 401
    assert "do not match an account" in response.get_data(as_text=True)
    assert http.get("/_dash-layout").status_code == 401


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("//evil.example/", id="protocol-relative"),
        pytest.param("https://evil.example/", id="absolute"),
        pytest.param("/\\evil.example", id="backslash"),
    ],
)
def test_sign_in_never_redirects_to_another_site(deployment, target: str) -> None:
    app, _ = deployment
    http = app.server.test_client()
    token = form_token(http)
    response = http.post(
        "/login",
        query_string={"next": target},
        data={"username": "fran", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_sign_in_without_the_form_token_is_refused(deployment) -> None:
    app, _ = deployment
    http = app.server.test_client()
    response = http.post("/login", data={"username": "fran", "password": PASSWORD})
    assert response.status_code == 400
    assert http.get("/_dash-layout").status_code == 401


def test_sign_in_attempts_are_rate_limited(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'limit.db'}",
        accounts=True,
        admin_password=PASSWORD,
        load_demo=False,
        login_rate_limit="3 per minute",
    )
    http = create_app(settings).server.test_client()
    codes = [sign_in(http, "admin", "wrong password, try again").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    refused = sign_in(http, "admin", PASSWORD)  # even the right password waits
    assert refused.status_code == 429
    assert "Too many sign-in attempts" in refused.get_data(as_text=True)


def test_session_cookie_is_http_only_same_site_and_secure_off_loopback(deployment) -> None:
    app, _ = deployment
    http = app.server.test_client()
    token = form_token(http)
    response = http.post(
        "/login", data={"username": "fran", "password": PASSWORD, "csrf_token": token}
    )
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "touchpoints_session" in c)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # this app listens on 127.0.0.1 (plain http there)
    public = Settings(host="0.0.0.0", accounts=True)
    assert public.cookies_secure and not Settings(host="127.0.0.1").cookies_secure


def test_signing_out_ends_the_session_even_for_a_copied_cookie(deployment) -> None:
    app, _ = deployment
    http = _as(app, "fran")
    stolen = http.get_cookie("touchpoints_session").value
    assert http.get("/_dash-layout").status_code == 200
    out = http.post("/logout", data={"csrf_token": csrf_header(http)["X-CSRFToken"]})
    assert out.status_code == 302 and out.headers["Location"] == "/login"
    replay = app.server.test_client()
    replay.set_cookie("touchpoints_session", stolen)
    assert replay.get("/_dash-layout").status_code == 401


def test_the_header_says_who_is_signed_in_and_offers_only_their_pages(deployment) -> None:
    app, _ = deployment
    layout = _plain(_as(app, "alice").get("/_dash-layout"))
    assert "Signed in as alice" in layout and "(reviewer)" not in layout  # no staff words
    assert '"/cohorts"' not in layout and '"/import"' not in layout
    layout = _plain(_as(app, "fran").get("/_dash-layout"))
    assert '"/cohorts"' in layout and '"/import"' in layout
    assert "Signed in as fran (facilitator)" in layout


def test_a_reviewer_sees_only_the_journey_shared_with_them(deployment) -> None:
    app, _ = deployment
    alice = _as(app, "alice")
    home = _page(app, alice, "/")
    assert "/review/ours" in home and "other" not in home and "invented" not in home
    review = _page(app, alice, "/review/ours")
    assert "Reviewing:" in review and "Hostel room" in review
    assert "Contact 1" not in review  # e2 is restricted: facilitators only
    assert "Reviewing:" in _page(app, alice, "/journeys/ours")  # their way in is the review view


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/journeys/other", id="journey-page"),
        pytest.param("/review/other", id="review-view"),
        pytest.param("/present/ours", id="present-shared"),
        pytest.param("/edit/ours", id="edit-shared"),
        pytest.param("/journeys/ours/history", id="history-shared"),
        pytest.param("/journeys/ours/review", id="decide-shared"),
        pytest.param("/review/no-such-key", id="absent"),
    ],
)
def test_a_reviewer_cannot_reach_other_journeys_or_facilitator_pages_by_url(
    deployment, path: str
) -> None:
    app, _ = deployment
    page = _page(app, _as(app, "alice"), path)
    assert "Not found" in page and "Hostel room" not in page and "Contact 1" not in page


@pytest.mark.parametrize("path", ["/cohorts", "/import", "/compare"])
def test_a_reviewer_cannot_use_facilitator_tools(deployment, path: str) -> None:
    app, _ = deployment
    assert "Not available" in _page(app, _as(app, "alice"), path)


def _send_proposal(app, client, key: str, text: str):
    # every field the form has (FORM_FIELDS), blank unless this comment fills it in
    filled = {"about": "event", "event": "e1", "kind": "comment", "text": text, "paraphrased": []}
    state = [{"id": ids.REVIEW_KEY, "property": "data", "value": key}]
    state += [
        {"id": component, "property": "value", "value": filled.get(field)}
        for field, component in FORM_FIELDS.items()
    ]
    return callback(
        app,
        client,
        f"{ids.REVIEW_MESSAGE}.children",
        [{"id": ids.REVIEW_SEND, "property": "n_clicks", "value": 1}],
        state,
    )


def test_another_reviewer_cannot_reach_the_journey_by_callback(deployment) -> None:
    app, _ = deployment
    ok = _send_proposal(app, _as(app, "alice"), "ours", "This was a good day.")
    assert ok.status_code == 200 and "Thank you" in ok.get_data(as_text=True)
    bob = _as(app, "bob")
    forged = _send_proposal(app, bob, "ours", "Bob was here")
    assert forged.status_code == 404
    assert "Hostel" not in forged.get_data(as_text=True)
    consent = callback(
        app,
        bob,
        f"{ids.CONSENT_MESSAGE}.children",
        [{"id": ids.CONSENT_SAVE, "property": "n_clicks", "value": 1}],
        [
            {"id": ids.REVIEW_KEY, "property": "data", "value": "ours"},
            {"id": ids.CONSENT_CHOICES, "property": "value", "value": ["workshop"]},
        ],
    )
    assert consent.status_code == 404
    present = present_next(app, bob, "invented")
    assert present.status_code == 404  # reviewers never present, even invented journeys
    fran = _page(app, _as(app, "fran"), "/journeys/ours/review")
    assert "This was a good day." in fran and "Bob was here" not in fran


def test_a_commissioner_sees_consented_and_invented_journeys_read_only(deployment) -> None:
    app, settings = deployment
    carol = _as(app, "carol")
    home = _page(app, carol, "/")
    assert "/journeys/other" in home and "/journeys/invented" in home
    assert "/journeys/ours" not in home
    assert "Not found" in _page(app, carol, "/journeys/ours")
    page = _page(app, carol, "/journeys/other")
    assert "Contact 1" in page and '"/edit/other"' not in page and "History" not in page
    assert "Not found" in _page(app, carol, "/edit/other")
    assert "Not available" not in _page(app, carol, "/cohorts")
    as_carol = open_services(settings).for_viewers(lambda: Viewer("carol", Role.COMMISSIONER))
    with pytest.raises(JourneyNotFoundError):  # what the Download callback calls
        export_journey(as_carol, "other", "csv")


def test_a_facilitator_sees_every_journey_and_the_restricted_events(deployment) -> None:
    app, _ = deployment
    fran = _as(app, "fran")
    home = _page(app, fran, "/")
    assert all(f"/journeys/{k}" in home for k in ("ours", "other", "invented"))
    assert "Contact 1" in _page(app, fran, "/journeys/ours")


def test_local_mode_serves_this_computer_only(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'l.db'}", load_demo=False)
    http = create_app(settings).server.test_client()
    assert http.get("/").status_code == 200
    away = http.get("/", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert away.status_code == 403 and "single-user local mode" in away.get_data(as_text=True)
    with pytest.raises(UnsafeSettingsError, match="TOUCHPOINTS_ACCOUNTS=true"):
        create_app(settings.model_copy(update={"host": "0.0.0.0"}))


def test_history_records_the_signed_in_account(deployment) -> None:
    app, settings = deployment
    fran = _as(app, "fran")
    response = callback(
        app,
        fran,
        f"{ids.JOURNEY_CONSENT_MESSAGE}.children",
        [{"id": ids.JOURNEY_CONSENT_SAVE, "property": "n_clicks", "value": 1}],
        [
            {"id": ids.JOURNEY_KEY, "property": "data", "value": "ours"},
            {"id": ids.JOURNEY_CONSENT_CHOICES, "property": "value", "value": ["workshop"]},
            {"id": ids.JOURNEY_CONSENT_GIVEN_BY, "property": "value", "value": "the person"},
            {"id": ids.URL, "property": "pathname", "value": "/journeys/ours"},
            {"id": ids.URL, "property": "search", "value": ""},
        ],
    )
    assert response.status_code == 200
    body = json.loads(response.get_data(as_text=True))
    assert "Consent given for workshop" in json.dumps(body)
    records = open_services(settings).list_consents("ours")
    assert [(r.recorded_by, r.audiences) for r in records] == [("fran", ("workshop",))]


def test_withdrawing_consent_mid_presentation_stops_the_next_step(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.db'}", load_demo=False)
    services = open_services(settings)
    services.save_journeys(
        [make_journey("ours").model_copy(update={"provenance": Provenance.ANONYMISED})]
    )
    services.record_consent("ours", given_by="the person", audiences=["workshop"])
    app = create_app(settings)
    http = app.server.test_client()

    def step() -> str:
        response = present_next(app, http, "ours")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    assert "Hostel room" in step()
    services.withdraw_consent("ours")
    after = step()
    assert "has been withdrawn" in after and "Hostel room" not in after


def test_an_agency_named_only_by_restricted_events_is_not_shown(deployment) -> None:
    app, settings = deployment  # in 'ours', only the restricted e2 is at Foodbank
    assert "Foodbank" not in _page(app, _as(app, "alice"), "/review/ours")
    commissioner = _page(app, _as(app, "carol"), "/journeys/other")
    assert "Foodbank" in commissioner  # 'other' has nothing restricted: its lane stays
    fran = open_services(settings).for_viewers(lambda: Viewer("fran", Role.FACILITATOR))
    fran.record_consent("ours", given_by="the person", audiences=["board_paper", "commissioner"])
    assert "Foodbank" not in _page(app, _as(app, "carol"), "/journeys/ours")
    assert b"Foodbank" not in export_journey(fran, "ours", "json")[0]
    assert "Foodbank" in _page(app, _as(app, "fran"), "/journeys/ours")  # her own view


def test_a_hide_request_hides_the_event_from_others_at_once(deployment) -> None:
    app, settings = deployment
    alice = _as(app, "alice")
    services = open_services(settings)
    services.record_consent("ours", given_by="the person", audiences=["commissioner"])
    assert "Hostel room" in _page(app, _as(app, "carol"), "/journeys/ours")
    as_alice = services.for_viewers(lambda: Viewer("alice", Role.REVIEWER, frozenset({"ours"})))
    submit_proposal(as_alice, "ours", {**REVIEW_FORM, "kind": "hide"})
    assert "Hostel room" not in _page(app, _as(app, "carol"), "/journeys/ours")
    assert "Hostel room" in _page(app, alice, "/review/ours")  # she still sees what she asked
    assert "Hostel room" in _page(app, _as(app, "fran"), "/journeys/ours/review")


def test_the_consent_form_says_nothing_about_journeys_you_cannot_see(deployment) -> None:
    app, _ = deployment
    bob = _as(app, "bob")
    answers = {
        key: callback(
            app,
            bob,
            f"{ids.JOURNEY_CONSENT_MESSAGE}.children",
            [{"id": ids.JOURNEY_CONSENT_SAVE, "property": "n_clicks", "value": 1}],
            [
                {"id": ids.JOURNEY_KEY, "property": "data", "value": key},
                {"id": ids.JOURNEY_CONSENT_CHOICES, "property": "value", "value": ["workshop"]},
                {"id": ids.JOURNEY_CONSENT_GIVEN_BY, "property": "value", "value": ""},
                {"id": ids.URL, "property": "pathname", "value": f"/journeys/{key}"},
                {"id": ids.URL, "property": "search", "value": ""},
            ],
        ).status_code
        for key in ("ours", "other", "no-such-key")
    }
    assert answers == {"ours": 404, "other": 404, "no-such-key": 404}


def test_a_commissioner_list_counts_only_what_they_are_shown(deployment) -> None:
    app, settings = deployment
    services = open_services(settings)
    services.record_consent("ours", given_by="the person", audiences=["commissioner"])
    carol = services.for_viewers(lambda: Viewer("carol", Role.COMMISSIONER))
    ours = next(s for s in carol.list_journeys() if s.key == "ours")
    assert (ours.events, ours.agencies) == (2, 2)  # e2 (restricted, Foodbank) not counted
    whole = next(s for s in services.list_journeys() if s.key == "ours")
    assert (whole.events, whole.agencies) == (3, 3)


def test_local_mode_answers_only_requests_addressed_to_this_computer(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'h.db'}", load_demo=False)
    http = create_app(settings).server.test_client()
    for base in ("http://localhost:8050", "http://127.0.0.1:8050", "http://[::1]:8050"):
        assert http.get("/", base_url=base).status_code == 200, base
    rebound = http.get("/", base_url="http://attacker.example:8050")  # DNS rebinding
    assert rebound.status_code == 403
    proxied = http.get("/", headers={"X-Forwarded-For": "192.0.2.7"})
    assert proxied.status_code == 403


def test_a_control_character_in_next_lands_on_the_start_page(deployment) -> None:
    app, _ = deployment
    http = app.server.test_client()
    token = form_token(http)
    response = http.post(
        "/login",
        query_string={"next": "/\r\nX-Evil: 1"},
        data={"username": "fran", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("form", ["journey-page", "review-view"])
def test_a_reviewers_consent_is_recorded_as_given_by_the_signed_in_person(deployment, form) -> None:
    app, settings = deployment
    alice = _as(app, "alice")
    if form == "journey-page":  # a forged call to the facilitator's form, with words of her own
        response = callback(
            app,
            alice,
            f"{ids.JOURNEY_CONSENT_MESSAGE}.children",
            [{"id": ids.JOURNEY_CONSENT_SAVE, "property": "n_clicks", "value": 1}],
            [
                {"id": ids.JOURNEY_KEY, "property": "data", "value": "ours"},
                {"id": ids.JOURNEY_CONSENT_CHOICES, "property": "value", "value": ["workshop"]},
                {
                    "id": ids.JOURNEY_CONSENT_GIVEN_BY,
                    "property": "value",
                    "value": "the commissioner, who said it was fine",
                },
                {"id": ids.URL, "property": "pathname", "value": "/journeys/ours"},
                {"id": ids.URL, "property": "search", "value": ""},
            ],
        )
    else:
        response = callback(
            app,
            alice,
            f"{ids.CONSENT_MESSAGE}.children",
            [{"id": ids.CONSENT_SAVE, "property": "n_clicks", "value": 1}],
            [
                {"id": ids.REVIEW_KEY, "property": "data", "value": "ours"},
                {"id": ids.CONSENT_CHOICES, "property": "value", "value": ["workshop"]},
            ],
        )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    records = open_services(settings).list_consents("ours")
    assert [(r.given_by, r.audiences) for r in records] == [
        ("the person, signed in as alice", ("workshop",))
    ]
