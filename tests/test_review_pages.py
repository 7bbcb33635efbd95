"""The co-review pages' plain functions: the reviewer's form, the facilitator's decisions and
sharing, consent choices on both pages, and the navigation each role is offered."""

from __future__ import annotations

import pytest

from schemas import Provenance, ReviewStatus
from tests.components import text_of, walk
from tests.factories import REVIEW_FORM, make_journey
from timeline.access import Action, Role, Viewer
from timeline.accounts import Accounts
from timeline.coreview import decide, list_proposals
from timeline.pages.journey.consent_form import build_consent_form, save_journey_consent
from timeline.pages.journey_view import build_journey_view
from timeline.pages.review.callbacks import clicked_event, save_consent
from timeline.pages.review.page import build_review_page
from timeline.pages.review.proposals import (
    build_notes_panel,
    build_proposals_page,
    build_share_list,
    decide_proposal,
    share_with_reviewer,
    unshare_from_reviewer,
)
from timeline.pages.review.view import outcome_words, submit_proposal
from timeline.pages.router import render_page
from timeline.pages.shell import build_shell
from timeline.review import ReviewError
from timeline.store import JourneyNotFoundError

ALICE = Viewer("alice", Role.REVIEWER, frozenset({"ours"}))
FRAN = Viewer("fran", Role.FACILITATOR)


@pytest.fixture
def stored(sqlite_services):
    journey = make_journey("ours").model_copy(update={"provenance": Provenance.ANONYMISED})
    sqlite_services.save_journeys([journey])
    return sqlite_services


def _as(services, viewer: Viewer):
    return services.for_viewers(lambda: viewer)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"event": None, "text": "x"}, "Choose the event this is about.", id="no-event"
        ),
        pytest.param(
            {"about": "period", "text": "x"}, "Choose the date the period starts.", id="no-start"
        ),
        pytest.param({"text": ""}, "A comment needs some words", id="no-words"),
        pytest.param(
            {"about": "period", "start": "2015-13-01", "text": "x"}, "is not a date", id="bad-date"
        ),
        pytest.param(
            {"about": "period", "start": "2015-03-01", "end": "2015-02-01", "text": "x"},
            "end date must be on or after",
            id="end-before-start",
        ),
        pytest.param({"kind": "correction"}, "say what is wrong", id="empty-correction"),
        pytest.param(
            {"event": "e99", "text": "x"},
            "That event is no longer shown in this journey: a facilitator may have changed it. "
            "Reload the page and choose again.",
            id="unknown-event-without-its-id",
        ),
        pytest.param(
            {"text": "x" * 5001},
            "Your words are too long: at most 5,000 characters. Shorten them, or send the rest "
            "separately.",
            id="words-too-long",
        ),
        pytest.param(
            {"kind": "correction", "fix_title": "t" * 201},
            "What it should say is too long: at most 200 characters.",
            id="correction-title-too-long",
        ),
        pytest.param(
            {"text": "a\x07b"},
            "Your words contain an invisible character that cannot be saved: retype them, or "
            "paste them as plain text.",
            id="control-character",
        ),
    ],
)
def test_the_form_says_what_to_fix_and_stores_nothing(stored, changes, message: str) -> None:
    ok, said = submit_proposal(_as(stored, ALICE), "ours", {**REVIEW_FORM, **changes})
    assert not ok and message.lower() in said.lower()
    assert list_proposals(_as(stored, FRAN), "ours") == []


def test_a_period_strength_and_paraphrased_words_are_stored_as_sent(stored) -> None:
    alice = _as(stored, ALICE)
    period = {
        **REVIEW_FORM,
        "about": "period",
        "event": "e1",
        "start": "2015-02-01",
        "end": "2015-05-31",
        "kind": "strength",
        "text": "Four months without a crisis",
    }
    assert submit_proposal(alice, "ours", period)[0]
    words = {
        **REVIEW_FORM,
        "kind": "in_my_words",
        "text": "My words",
        "paraphrased": ["yes"],
        "fix_title": "left over from before",
    }  # ignored: not a correction
    assert submit_proposal(alice, "ours", words)[0]
    first, second = list_proposals(alice, "ours")
    assert (first.proposal.event_id, str(first.proposal.start), str(first.proposal.end)) == (
        None,
        "2015-02-01",
        "2015-05-31",
    )
    assert second.proposal.paraphrased and second.proposal.corrected_title is None
    assert {first.author_role, second.author_role} == {"person with lived experience"}


def test_accepting_changes_the_journey_and_declining_tells_the_reviewer(stored) -> None:
    alice, fran = _as(stored, ALICE), _as(stored, FRAN)
    submit_proposal(
        alice, "ours", {**REVIEW_FORM, "kind": "correction", "fix_title": "Night shelter"}
    )
    submit_proposal(alice, "ours", {**REVIEW_FORM, "kind": "hide"})
    fix, hide = list_proposals(fran, "ours")
    accepted = decide_proposal(fran, "ours", fix.id, True, "")
    assert accepted == (
        "Accepted proposal: Something is wrong about 5 Jan 2015 · Cyrenians · Night shelter. "
        "The journey now shows it (saved in its history)."
    )  # named as its card names it, never by its internal number
    declined = decide_proposal(fran, "ours", hide.id, False, "We need this one.")
    assert declined.startswith("Declined proposal: Please hide this about ")
    assert str(hide.id) not in declined.split(":")[0]
    assert "Nothing changed" in decide_proposal(fran, "ours", hide.id, True, "")  # decided
    assert stored.load_journey("ours").events[0].title == "Night shelter"
    outcome = {i.id: (i.status, i.decision_note) for i in list_proposals(alice, "ours")}
    assert outcome == {
        fix.id: (ReviewStatus.ACCEPTED, ""),
        hide.id: (ReviewStatus.DECLINED, "We need this one."),
    }
    view = build_journey_view(alice, "ours", action=Action.REVIEW)
    page = text_of(build_review_page(view, list_proposals(alice, "ours"), frozenset()))
    assert "Accepted: the timeline now shows this" in page
    assert "Not accepted. The facilitator said: We need this one." in page


def test_a_proposal_on_an_event_since_deleted_stays_open(stored) -> None:
    alice, fran = _as(stored, ALICE), _as(stored, FRAN)
    submit_proposal(
        alice, "ours", {**REVIEW_FORM, "event": "e3", "kind": "in_my_words", "text": "x"}
    )
    trimmed = stored.load_journey("ours")
    stored.save_journeys([trimmed.model_copy(update={"events": trimmed.events[:2]})], replace=True)
    (item,) = list_proposals(fran, "ours")
    assert "no longer in" in decide_proposal(fran, "ours", item.id, True, "")
    assert list_proposals(fran, "ours")[0].status is ReviewStatus.OPEN
    with pytest.raises(ReviewError):
        decide(fran, "ours", item.id, accept=True)


def test_user_text_on_the_review_pages_is_text_never_markup(stored) -> None:
    alice, fran = _as(stored, ALICE), _as(stored, FRAN)
    hostile = '<script>alert(1)</script> =HYPERLINK("x")'
    submit_proposal(alice, "ours", {**REVIEW_FORM, "text": hostile})
    page = build_proposals_page(stored.load_journey("ours"), list_proposals(fran, "ours"), [], [])
    assert hostile in text_of(page)
    assert not [c for c in walk(page) if type(c).__name__ in {"Script", "Iframe"}]
    assert all("dangerously_allow_html" not in getattr(c, "_prop_names", []) for c in walk(page))


def test_reviewer_consent_choices_give_and_withdraw(stored) -> None:
    alice = _as(stored, ALICE)
    assert "consent given for workshop" in save_consent(alice, "ours", ["workshop"])
    assert stored.consent_audiences("ours") == {"workshop"}
    assert "Nothing changed" in save_consent(alice, "ours", ["workshop"])
    assert "consent withdrawn for workshop" in save_consent(alice, "ours", [])
    assert stored.consent_audiences("ours") == frozenset()
    records = stored.list_consents("ours")
    assert records[0].given_by == "the person, signed in as alice"
    assert records[0].withdrawn_by == "alice"


def test_the_facilitator_consent_form_needs_who_gave_it(stored) -> None:
    fran = _as(stored, FRAN)
    changed, said = save_journey_consent(fran, "ours", ["board_paper"], "  ")
    assert not changed and "Say who gave consent" in said
    changed, said = save_journey_consent(fran, "ours", ["board_paper"], "the person")
    assert changed and "given for board_paper" in said
    assert stored.consent_audiences("ours") == {"board_paper"}
    assert build_consent_form(make_journey(), frozenset()) is None  # invented: no form


def test_sharing_is_for_reviewer_accounts_and_facilitators_only(stored) -> None:
    accounts = Accounts(stored.sessions)
    accounts.add_user("bob", "reviewer", "correct horse battery", created_by="t")
    accounts.add_user("carol", "commissioner", "correct horse battery", created_by="t")
    fran = _as(stored, FRAN)
    assert share_with_reviewer(fran, accounts, "ours", "bob") == "Shared with: bob."
    assert "Already shared" in share_with_reviewer(fran, accounts, "ours", "bob")
    assert "reviewers only" in share_with_reviewer(fran, accounts, "ours", "carol")
    assert "Choose a reviewer" in share_with_reviewer(fran, accounts, "ours", None)
    with pytest.raises(JourneyNotFoundError):
        share_with_reviewer(_as(stored, ALICE), accounts, "ours", "bob")


@pytest.mark.parametrize(
    ("role", "links"),
    [
        pytest.param(Role.ADMIN, ["/", "/compare", "/cohorts", "/import", "/admin"], id="admin"),
        pytest.param(Role.FACILITATOR, ["/", "/compare", "/cohorts", "/import"], id="facilitator"),
        pytest.param(Role.REVIEWER, ["/"], id="reviewer"),
        pytest.param(Role.COMMISSIONER, ["/", "/cohorts"], id="commissioner"),
    ],
)
def test_the_navigation_offers_only_what_the_role_may_use(role: Role, links: list[str]) -> None:
    shell = build_shell(Viewer("someone", role), csrf_token="token")
    nav = next(c for c in walk(shell) if type(c).__name__ == "Nav")
    assert [link.href for link in nav.children] == links
    assert "Signed in as someone" in text_of(shell)


def test_a_click_on_an_event_picks_it_and_anything_else_is_ignored() -> None:
    figure = {"data": [{"meta": {"event_ids": ["e1", "e2"]}}, {"meta": {"role": "band"}}]}
    assert clicked_event({"points": [{"curveNumber": 0, "pointNumber": 1}]}, figure) == "e2"
    assert clicked_event({"points": [{"curveNumber": 1, "pointNumber": 0}]}, figure) is None
    assert clicked_event(None, figure) is None


def test_stop_sharing_takes_the_journey_out_of_the_reviewer_view(stored) -> None:
    accounts = Accounts(stored.sessions)
    accounts.add_user("bob", "reviewer", "correct horse battery", created_by="t")
    fran = _as(stored, FRAN)
    share_with_reviewer(fran, accounts, "ours", "bob")
    page = text_of(build_share_list(accounts.shared_with("ours")))
    assert "bob" in page and "Stop sharing" in page
    with pytest.raises(JourneyNotFoundError):  # a reviewer cannot unshare anyone
        unshare_from_reviewer(_as(stored, ALICE), accounts, "ours", "bob")
    assert "Stopped sharing with bob" in unshare_from_reviewer(fran, accounts, "ours", "bob")
    assert "was not shared" in unshare_from_reviewer(fran, accounts, "ours", "bob")
    bob = accounts.load_viewer("bob", accounts.authenticate("bob", "correct horse battery")[1])
    assert bob.shared == frozenset()
    assert "Not shared with anyone yet." in text_of(build_share_list([]))


def test_accepted_comments_are_listed_for_the_facilitator(stored) -> None:
    alice, fran = _as(stored, ALICE), _as(stored, FRAN)
    assert build_notes_panel(stored.load_journey("ours")) is None
    submit_proposal(alice, "ours", {**REVIEW_FORM, "text": "The hostel was the first safe place"})
    (item,) = list_proposals(fran, "ours")
    decide(fran, "ours", item.id, accept=True)
    (outcome,) = list_proposals(alice, "ours")
    assert outcome_words(outcome) == "Accepted: kept with the journey for the facilitators"
    panel = text_of(build_notes_panel(stored.load_journey("ours")))
    assert "Comments (1)" in panel
    assert "Hostel room" in panel
    assert "The hostel was the first safe place (person with lived experience)" in panel
    page = text_of(render_page("/journeys/ours", fran))
    assert "The hostel was the first safe place" in page


def test_pages_without_consent_speak_plainly(stored) -> None:
    """No commands to type and no internal ids on the pages people reach."""
    journey = text_of(render_page("/journeys/ours", _as(stored, FRAN)))
    assert "Present and Download are off" in journey
    assert "use 'Record or withdraw consent' below" in journey
    assert "touchpoints " not in journey and "--audience" not in journey
    present = text_of(render_page("/present/ours", _as(stored, FRAN)))
    assert "No current consent for workshops" in present
    assert "'Record or withdraw consent'" in present and "touchpoints " not in present
    review = text_of(render_page("/review/ours", _as(stored, ALICE)))
    assert "Reviewing" in review and "touchpoints " not in review
    footer = text_of(build_shell(ALICE, csrf_token="token"))
    assert "no real person's data" not in footer and "anonymised (about a real person" in footer


@pytest.mark.parametrize(
    ("path", "heading", "words"),
    [
        pytest.param(
            "/journeys/nobody-here",
            "Not found",
            "We cannot find that journey. The link may be mistyped, or the journey is not "
            "shared with you.",
            id="missing-journey",
        ),
        pytest.param(
            "/review/theirs",
            "Not found",
            "We cannot find that journey. The link may be mistyped, or the journey is not "
            "shared with you.",
            id="journey-not-shared-same-words",
        ),
        pytest.param(
            "/journeys/ours/history",
            "Not found",
            "We cannot find that journey.",
            id="history-not-theirs",
        ),
        pytest.param(
            "/nothing-here",
            "Not found",
            "There is nothing at this address. The link may be mistyped.",
            id="no-such-page",
        ),
        pytest.param(
            "/import",
            "Not available",
            "This page is for the facilitators. You can look at, and tell us about, the "
            "journeys shared with you.",
            id="facilitators-page",
        ),
    ],
)
def test_a_reviewer_is_told_plainly_where_a_link_went_wrong(
    stored, path: str, heading: str, words: str
) -> None:
    stored.save_journeys([make_journey("theirs")])
    page = render_page(path, _as(stored, ALICE))
    text = text_of(page)
    assert text.startswith(f"{heading} {words}")
    assert text.endswith("Back to the journeys shared with you")
    for technical in ("key", "reviewer account", "/nothing-here", "theirs", "nobody-here"):
        assert technical not in text


def test_a_facilitator_still_gets_the_key_when_a_journey_is_missing(stored) -> None:
    text = text_of(render_page("/journeys/nobody-here", _as(stored, FRAN)))
    assert "There is no journey with the key 'nobody-here'." in text
    assert text.endswith("Back to all journeys")


def test_words_someone_wrote_down_are_said_plainly_to_the_reviewer(stored) -> None:
    alice = _as(stored, ALICE)
    submit_proposal(alice, "ours", {**REVIEW_FORM, "text": "My words", "paraphrased": ["yes"]})
    page = render_page("/review/ours", alice)
    assert "Someone wrote these words down for you." in text_of(page)
    assert "Paraphrased." not in text_of(page)


def test_the_sign_in_page_says_who_to_ask_in_plain_words() -> None:
    from timeline.pages.sign_in.auth import LOGIN_PAGE

    assert "Ask the person who set up Touchpoints for you." in LOGIN_PAGE
    assert "admin" not in LOGIN_PAGE
