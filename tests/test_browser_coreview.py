"""Co-review end to end in headless Chromium, with accounts on (issue 6's 'done when'):
a reviewer signs in, sees only their journey, proposes a correction and adds an 'in my words'
entry; the facilitator accepts the correction and the timeline changes; consent is withdrawn
and the journey is gone from presenter mode and exports; another reviewer cannot reach it by
URL or by callback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from schemas import Provenance
from tests.factories import make_journey
from timeline.accounts import Accounts
from timeline.pages import ids
from timeline.pages.review.callbacks import CLEARED_AFTER_SENDING, FORM_FIELDS
from timeline.service import open_services
from timeline.settings import Settings

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
FIXED_TITLE = "Night shelter, not a hostel"
MY_WORDS = "I felt safe for the first time in months. <script>alert(1)</script>"


def _sign_in(dash_duo, username: str) -> None:
    # Let the current page's callbacks finish first: one still in flight when the cookies go
    # would (rightly) be refused for want of its CSRF token.
    WebDriverWait(dash_duo.driver, 10).until(lambda _driver: dash_duo._wait_for_callbacks())
    # Leave the page before the cookies go: a callback it starts later (a chained one, queued
    # after the wait above) would be sent without a session and rightly refused (400).
    dash_duo.driver.get("about:blank")
    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.get(f"{dash_duo.server.url.rstrip('/')}/login")
    dash_duo.wait_for_element("#username", timeout=10).send_keys(username)
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.wait_for_contains_text(".account .who", f"Signed in as {username}", timeout=10)


def _close_open_lists(dash_duo) -> bool:
    """Close a dropdown's option list left open over the form; True once none is open."""
    if not dash_duo.find_elements(".dash-dropdown-options"):
        return True
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    return not dash_duo.find_elements(".dash-dropdown-options")


def _open(dash_duo, path: str) -> None:
    # As in _sign_in: the page being left finishes its callbacks first, so none is cut off.
    WebDriverWait(dash_duo.driver, 10).until(lambda _driver: dash_duo._wait_for_callbacks())
    dash_duo.driver.get(f"{dash_duo.server.url.rstrip('/')}{path}")


def _send(dash_duo, kind: str, text: str = "", fix_title: str = "", paraphrased=False) -> None:
    dash_duo.select_dcc_dropdown(f"#{ids.REVIEW_EVENT}", index=0)  # e1, the hostel stay
    WebDriverWait(dash_duo.driver, 10).until(lambda _driver: _close_open_lists(dash_duo))
    dash_duo.find_element(f"#{ids.REVIEW_KIND} input[value='{kind}']").click()
    box = dash_duo.find_element(f"#{ids.REVIEW_TEXT}")
    box.clear()
    if text:
        box.send_keys(text)
    if fix_title:
        dash_duo.find_element(".review-form details summary").click()
        dash_duo.find_element(f"#{ids.REVIEW_FIX_TITLE}").send_keys(fix_title)
    if paraphrased:
        dash_duo.find_element(f"#{ids.REVIEW_PARAPHRASED} input").click()
    before = len(dash_duo.find_elements(".sent-item"))
    dash_duo.find_element(f"#{ids.REVIEW_SEND}").click()
    dash_duo.wait_for_contains_text(f"#{ids.REVIEW_MESSAGE}", "Thank you", timeout=10)
    # the message may still be the last one's: wait for this one in the list
    WebDriverWait(dash_duo.driver, 10).until(
        lambda driver: len(dash_duo.find_elements(".sent-item")) > before
    )


def _forged_callback_status(dash_duo, key: str) -> int:
    """POST the review form's callback from the page, as a crafted request would, for `key`."""
    # the form's callback as the page sends it, whatever boxes the form has
    outputs = [ids.REVIEW_MESSAGE + ".children", ids.REVIEW_SENT + ".children"] + [
        f"{box}.value" for box in CLEARED_AFTER_SENDING
    ]
    filled = {"about": "event", "event": "e1", "kind": "comment", "text": "forged"}
    body = {
        "output": "...".join(outputs).join(["..", ".."]),
        "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in outputs],
        "inputs": [{"id": ids.REVIEW_SEND, "property": "n_clicks", "value": 1}],
        "state": [{"id": ids.REVIEW_KEY, "property": "data", "value": key}]
        + [
            {"id": box, "property": "value", "value": filled.get(name)}
            for name, box in FORM_FIELDS.items()
        ],
        "changedPropIds": [f"{ids.REVIEW_SEND}.n_clicks"],
    }
    script = """
        const done = arguments[arguments.length - 1];
        const token = document.cookie.split('; ').find(c => c.startsWith('_csrf_token='));
        fetch('/_dash-update-component', {
            method: 'POST',
            headers: {'Content-Type': 'application/json',
                      'X-CSRFToken': token ? token.split('=').slice(1).join('=') : ''},
            body: arguments[0],
        }).then(r => done(r.status));
    """
    return dash_duo.driver.execute_async_script(script, json.dumps(body))


def test_reviewer_proposes_facilitator_accepts_consent_withdrawn(
    dash_duo, tmp_path: Path, caplog
) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'app.db'}",
        accounts=True,
        admin_password=PASSWORD,
        load_demo=False,
        login_rate_limit="1000 per minute",
    )
    services = open_services(settings)
    anonymised = {"provenance": Provenance.ANONYMISED}
    services.save_journeys(
        [
            make_journey("ours").model_copy(update=anonymised),
            make_journey("theirs").model_copy(update=anonymised),
        ]
    )
    services.record_consent("ours", given_by="the person", audiences=["workshop", "board_paper"])
    accounts = Accounts(services.sessions)
    for name, role in (("fran", "facilitator"), ("alice", "reviewer"), ("bob", "reviewer")):
        accounts.add_user(name, role, PASSWORD, created_by="test")
    accounts.share("ours", "alice", by="fran")
    accounts.share("theirs", "bob", by="fran")
    dash_duo.start_server(create_app(settings), navigate=False)  # "/" asks to sign in

    # The reviewer sees only their journey, and proposes a correction and "in my words".
    _sign_in(dash_duo, "alice")
    dash_duo.wait_for_text_to_equal("h1", "Journeys shared with you", timeout=10)
    links = dash_duo.find_elements(".big-link a")
    assert [a.get_attribute("pathname") for a in links] == ["/review/ours"]
    links[0].click()
    dash_duo.wait_for_element(f"#{ids.REVIEW_GRAPH} .main-svg", timeout=10)
    _send(dash_duo, "correction", "It was a night shelter.", fix_title=FIXED_TITLE)
    _send(dash_duo, "in_my_words", MY_WORDS, paraphrased=True)
    sent = dash_duo.find_element(f"#{ids.REVIEW_SENT}").text
    assert sent.count("Waiting for the facilitator") == 2 and MY_WORDS in sent
    assert dash_duo.find_elements(f"#{ids.REVIEW_SENT} script") == []  # text, not HTML
    dash_duo.driver.save_screenshot(str(tmp_path / "review.png"))

    # Another reviewer can reach it neither by URL nor by callback.
    _sign_in(dash_duo, "bob")
    _open(dash_duo, "/review/ours")
    dash_duo.wait_for_text_to_equal("h1", "Not found", timeout=10)
    assert "Hostel room" not in dash_duo.find_element("#page").text
    _open(dash_duo, "/journeys/ours")
    dash_duo.wait_for_text_to_equal("h1", "Not found", timeout=10)
    assert _forged_callback_status(dash_duo, "ours") == 404
    assert _forged_callback_status(dash_duo, "theirs") == 200  # the same request on his own
    assert [e["message"].split(" - ")[-1] for e in dash_duo.get_logs()] == [
        "Failed to load resource: the server responded with a status of 404 (NOT FOUND)"
    ]  # the forged request, and nothing else went wrong

    # The facilitator accepts the correction and the in-my-words entry; the timeline changes.
    _sign_in(dash_duo, "fran")
    _open(dash_duo, "/journeys/ours")
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=10)
    dash_duo.find_element("a[href='/journeys/ours/review']").click()
    dash_duo.wait_for_text_to_equal("h1", "Co-review: Test household (illustrative)", timeout=10)
    for _ in range(2):
        accept = dash_duo.driver.find_elements(By.XPATH, "//button[text()='Accept']")[0]
        accept.click()
        dash_duo.wait_for_contains_text(f"#{ids.PROPOSALS_MESSAGE}", "Accepted proposal", 10)
        dash_duo.wait_for_element(f"#{ids.PROPOSALS_DONE} .outcome", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.PROPOSALS_OPEN}", "Nothing waiting", timeout=10)
    _open(dash_duo, "/journeys/ours")
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=10)
    table = dash_duo.find_element(f"#{ids.EVENTS_TABLE}").get_attribute("textContent")
    assert FIXED_TITLE in table and "Hostel room" not in table
    chart = dash_duo.find_element("#journey-graph").get_attribute("textContent")
    assert "In my words" in chart
    stored = services.load_journey("ours")
    assert stored.events[0].title == FIXED_TITLE
    assert [(a.kind, a.author_role, a.paraphrased) for a in stored.annotations] == [
        ("comment", "agency record", False),  # what the record said, beside the person's words
        ("comment", "person with lived experience", False),
        ("in_my_words", "person with lived experience", True),
    ]
    assert [v.action for v in services.list_versions("ours")][-2:] == ["review", "review"]

    # The reviewer sees the outcome, then withdraws consent.
    _sign_in(dash_duo, "alice")
    _open(dash_duo, "/review/ours")
    dash_duo.wait_for_contains_text(
        f"#{ids.REVIEW_SENT}", "Accepted: the timeline now shows this", timeout=10
    )
    for box in dash_duo.find_elements(f"#{ids.CONSENT_CHOICES} input:checked"):
        box.click()
    dash_duo.find_element(f"#{ids.CONSENT_SAVE}").click()
    dash_duo.wait_for_contains_text(f"#{ids.CONSENT_MESSAGE}", "consent withdrawn", timeout=10)
    assert services.consent_audiences("ours") == frozenset()

    # The journey is gone from presenter mode and exports.
    _sign_in(dash_duo, "fran")
    _open(dash_duo, "/present/ours")
    dash_duo.wait_for_text_to_equal("h1", "No current consent for workshops", timeout=10)
    assert dash_duo.find_elements(".presenter") == []
    _open(dash_duo, "/journeys/ours")
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=10)
    downloads = dash_duo.find_elements(".downloads button.button")  # not the paper dropdown's
    assert downloads and all(not b.is_enabled() for b in downloads)
    assert "No current consent" in dash_duo.find_element(f"#{ids.CONSENT_NOTE}").text
    # nothing went wrong in the browser; if something did, the server's log says which callback
    refused = [r.getMessage() for r in caplog.records if r.getMessage().startswith("refused")]
    assert dash_duo.get_logs() == [], refused
    services.sessions.kw["bind"].dispose()


def test_signing_out_returns_to_the_sign_in_page(dash_duo, tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'app.db'}",
        accounts=True,
        admin_password=PASSWORD,
        load_demo=False,
    )
    dash_duo.start_server(create_app(settings), navigate=False)  # "/" asks to sign in
    _sign_in(dash_duo, "admin")
    WebDriverWait(dash_duo.driver, 10).until(lambda _driver: dash_duo._wait_for_callbacks())
    dash_duo.find_element(".account button[type=submit]").click()
    dash_duo.wait_for_text_to_equal("h1", "Sign in", timeout=10)
    _open(dash_duo, "/journeys")
    dash_duo.wait_for_text_to_equal("h1", "Sign in", timeout=10)
