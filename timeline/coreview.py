"""Co-review use cases: reviewers propose, facilitators accept or decline, everyone sees outcomes.

The rules for what an accepted proposal changes are in timeline/review.py; this module checks who
may do what and keeps each decision and its change to the journey in one transaction.
"""

from __future__ import annotations

from schemas import ReviewItem, ReviewProposal, ReviewStatus
from timeline import store
from timeline.access import ROLE_LABELS, Action, Role
from timeline.consent import parse_audiences
from timeline.review import apply_review, check_proposal
from timeline.service import Services


def propose(services: Services, key: str, proposal: ReviewProposal) -> ReviewItem:
    """Store a proposal on journey `key` from the viewer, attributed by role only.

    The review view is the person's own voice: what is sent from it is attributed to a "person
    with lived experience", also when a facilitator types it with them (e.g. in local mode);
    the account that sent it is kept beside it for the facilitator.
    """
    journey = services.load_journey(key, Action.REVIEW)
    check_proposal(journey, proposal)
    viewer = services.viewer()
    author = viewer.username if viewer else store.DEFAULT_ACTOR
    role_label = ROLE_LABELS[Role.REVIEWER]
    with services.sessions.begin() as session:
        return store.add_review_item(session, key, proposal, author=author, author_role=role_label)


def list_proposals(services: Services, key: str) -> list[ReviewItem]:
    """Journey `key`'s proposals: all of them for facilitators, a reviewer's own for reviewers."""
    services.require(Action.REVIEW, key)
    viewer = services.viewer()
    mine_only = viewer is not None and not services.may(Action.DECIDE, key)
    with services.sessions() as session:
        return store.list_review_items(session, key, author=viewer.username if mine_only else None)


def decide(
    services: Services,
    key: str,
    item_id: int,
    *,
    accept: bool,
    note: str = "",
    base_version: int | None = None,
) -> ReviewItem:
    """Accept (apply to the journey) or decline an open proposal, in one transaction.

    ReviewError (a ValueError) when an accepted proposal no longer fits the journey: then
    nothing changes and the proposal stays open. With `base_version` (the version the deciding
    page showed), StaleJourneyError when the journey was saved by someone else since.
    """
    services.require(Action.DECIDE, key)
    viewer = services.viewer()
    by = viewer.username if viewer else store.DEFAULT_ACTOR
    status = ReviewStatus.ACCEPTED if accept else ReviewStatus.DECLINED
    with services.sessions.begin() as session:
        store.check_version(session, key, base_version)
        item = store.decide_review_item(session, key, item_id, status, by=by, note=note)
        if accept:
            journey = store.load_journey(session, key)
            store.save_journeys(
                session,
                [apply_review(journey, item)],
                replace=True,
                actor=by,
                action=store.VersionAction.REVIEW,
            )
    return item


def set_consent_choices(
    services: Services, key: str, chosen: list[str], *, given_by: str
) -> tuple[list[str], list[str]]:
    """Make `chosen` the audiences journey `key` has consent for: consent is recorded for the
    new ones and withdrawn (never deleted) for the rest. Returns (given, withdrawn)."""
    wanted = {a.value for a in parse_audiences(chosen)}
    services.require(Action.CONSENT, key)
    current = services.consent_audiences(key)
    given = sorted(wanted - current)
    withdrawn = sorted(current - wanted)
    if withdrawn:
        services.withdraw_consent(key, audiences=withdrawn)
    if given:
        services.record_consent(key, given_by=given_by, audiences=given)
    return given, withdrawn


def open_count(services: Services, key: str) -> int:
    """How many proposals on journey `key` wait for a decision."""
    services.require(Action.DECIDE, key)
    with services.sessions() as session:
        items = store.list_review_items(session, key)
    return sum(1 for i in items if i.status is ReviewStatus.OPEN)
