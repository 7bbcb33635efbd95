"""Co-review: what reviewers may propose, what accepting each proposal does, who may decide."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from pydantic import ValidationError

from schemas import (
    Annotation,
    AnnotationKind,
    Journey,
    ReviewItem,
    ReviewProposal,
    ReviewStatus,
    Sensitivity,
    Source,
)
from tests.factories import make_journey, make_restricted_journey
from timeline import coreview
from timeline.access import AccessDeniedError, Action, Role, Viewer
from timeline.review import ReviewError, apply_review, check_proposal, without_restricted
from timeline.service import Services
from timeline.store import JourneyNotFoundError, ReviewItemNotFoundError

KEY = "shared"
LIVED = "person with lived experience"
REV = Viewer("rev", Role.REVIEWER, shared=frozenset({KEY}))
RITA = Viewer("rita", Role.REVIEWER, shared=frozenset({KEY}))
SAM = Viewer("sam", Role.FACILITATOR)
CAM = Viewer("cam", Role.COMMISSIONER)
MAY_1 = dt.date(2015, 5, 1)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"kind": "comment", "event_id": "e1", "text": "Hi"}, id="comment-on-event"),
        pytest.param({"kind": "comment", "start": MAY_1, "text": "Hi"}, id="comment-from-date"),
        pytest.param(
            {"kind": "in_my_words", "start": MAY_1, "end": MAY_1, "text": "x"}, id="one-day-period"
        ),
        pytest.param({"kind": "hide", "event_id": "e1"}, id="hide-needs-no-words"),
        pytest.param({"kind": "correction", "event_id": "e1", "text": "Wrong"}, id="fix-in-words"),
        pytest.param(
            {"kind": "correction", "event_id": "e1", "corrected_start": MAY_1}, id="fix-the-date"
        ),
        pytest.param(
            {"kind": "correction", "event_id": "e1", "corrected_title": "Flat"}, id="fix-the-title"
        ),
    ],
)
def test_a_complete_proposal_is_accepted(fields: dict[str, Any]) -> None:
    assert ReviewProposal(**fields).kind == fields["kind"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param(
            {"kind": "comment", "text": "Hi"},
            "choose either one event or a period (a start date), not both",
            id="neither-event-nor-period",
        ),
        pytest.param(
            {"kind": "comment", "event_id": "e1", "start": MAY_1, "text": "Hi"},
            "choose either one event or a period (a start date), not both",
            id="both-event-and-period",
        ),
        pytest.param(
            {"kind": "comment", "start": MAY_1, "end": dt.date(2015, 4, 30), "text": "Hi"},
            "the period's end date must be on or after its start date",
            id="end-before-start",
        ),
        pytest.param(
            {"kind": "comment", "event_id": "e1", "end": MAY_1, "text": "Hi"},
            "the period's end date must be on or after its start date",
            id="end-without-start",
        ),
        pytest.param(
            {"kind": "correction", "start": MAY_1, "text": "Wrong"},
            "a correction is about one event: choose the event",
            id="correction-of-a-period",
        ),
        pytest.param(
            {"kind": "correction", "event_id": "e1"},
            "say what is wrong: what kind of contact it was, which service, the right dates",
            id="correction-says-nothing",
        ),
        pytest.param(
            {"kind": "hide", "start": MAY_1},
            "'hide this' is about one event: choose the event",
            id="hide-a-period",
        ),
        pytest.param(
            {"kind": "comment", "event_id": "e1"},
            "a comment needs some words: write them in the box",
            id="comment-without-words",
        ),
        pytest.param(
            {"kind": "in_my_words", "event_id": "e1", "text": "   "},
            "in my words needs some words",
            id="in-my-words-only-spaces",
        ),
        pytest.param(
            {"kind": "strength", "start": MAY_1},
            "a strength or little win needs some words",
            id="strength-without-words",
        ),
        pytest.param(
            {"kind": "comment", "event_id": "e1", "text": "Hi", "corrected_title": "Flat"},
            "a corrected kind, service, title or date belongs only to 'something is wrong'",
            id="comment-with-corrected-title",
        ),
        pytest.param(
            {"kind": "hide", "event_id": "e1", "corrected_start": MAY_1},
            "a corrected kind, service, title or date belongs only to 'something is wrong'",
            id="hide-with-corrected-date",
        ),
        pytest.param(
            {"kind": "comment", "event_id": "e1", "text": "Hi", "author": "rev"},
            "Extra inputs are not permitted",
            id="unknown-field",
        ),
        pytest.param({"kind": "praise", "event_id": "e1", "text": "Hi"}, "kind", id="bad-kind"),
    ],
)
def test_an_incomplete_proposal_says_what_to_fix(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        ReviewProposal(**fields)


def _item(item_id: int = 7, **fields: Any) -> ReviewItem:
    return ReviewItem(
        id=item_id,
        journey_key=KEY,
        proposal=ReviewProposal(**fields),
        author="rev",
        author_role=LIVED,
        created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )


@pytest.mark.parametrize(
    ("fields", "note"),
    [
        pytest.param(
            {"kind": "comment", "event_id": "e2", "text": "They listened."},
            Annotation(id="review-7", text="They listened.", event_ids=("e2",), author_role=LIVED),
            id="comment-on-event",
        ),
        pytest.param(
            {
                "kind": "in_my_words",
                "start": MAY_1,
                "end": dt.date(2015, 6, 30),
                "text": "I was sofa surfing.",
                "paraphrased": True,
            },
            Annotation(
                id="review-7",
                kind=AnnotationKind.IN_MY_WORDS,
                text="I was sofa surfing.",
                author_role=LIVED,
                paraphrased=True,
                start=MAY_1,
                end=dt.date(2015, 6, 30),
            ),
            id="in-my-words-period-paraphrased",
        ),
        pytest.param(
            {"kind": "strength", "start": MAY_1, "text": "Kept my job."},
            Annotation(
                id="review-7",
                kind=AnnotationKind.STRENGTH,
                text="Kept my job.",
                author_role=LIVED,
                start=MAY_1,
            ),
            id="strength-from-a-date",
        ),
    ],
)
def test_accepted_words_become_a_note_attributed_by_role_only(
    fields: dict[str, Any], note: Annotation
) -> None:
    before = make_journey(KEY)
    after = apply_review(before, _item(**fields))
    assert after.annotations == (note,)
    assert after.events == before.events
    assert '"rev"' not in after.model_dump_json()


def _agency_record(corrected: str) -> Annotation:
    """The note an accepted correction of e1 leaves: the agency's record beside the person's."""
    return Annotation(
        id="review-7-record",
        text="The agency's record said: Placement · Cyrenians · 5 Jan 2015 to 6 Mar 2015 · "
        "Hostel room. Person with lived experience said it was: Placement · Cyrenians · "
        f"{corrected} (accepted in co-review).",
        event_ids=("e1",),
        author_role="agency record",
    )


@pytest.mark.parametrize(
    ("fields", "title", "start", "notes"),
    [
        pytest.param(
            {"kind": "correction", "event_id": "e1", "corrected_title": "Night shelter"},
            "Night shelter",
            dt.date(2015, 1, 5),
            (_agency_record("5 Jan 2015 to 6 Mar 2015 · Night shelter"),),
            id="title",
        ),
        pytest.param(
            {"kind": "correction", "event_id": "e1", "corrected_start": dt.date(2015, 1, 20)},
            "Hostel room",
            dt.date(2015, 1, 20),
            (_agency_record("20 Jan 2015 to 6 Mar 2015 · Hostel room"),),
            id="date",
        ),
        pytest.param(
            {"kind": "correction", "event_id": "e1", "text": "It was a B&B, not a hostel."},
            "Hostel room",
            dt.date(2015, 1, 5),
            (
                Annotation(
                    id="review-7",
                    text="It was a B&B, not a hostel.",
                    event_ids=("e1",),
                    author_role=LIVED,
                ),
            ),
            id="words-kept-as-comment",
        ),
    ],
)
def test_an_accepted_correction_changes_the_event_and_marks_it_co_reviewed(
    fields: dict[str, Any], title: str, start: dt.date, notes: tuple[Annotation, ...]
) -> None:
    before = make_journey(KEY)
    after = apply_review(before, _item(**fields))
    event = after.events[0]
    assert (event.title, event.start, event.source) == (title, start, Source.CO_REVIEW)
    assert event.end == before.events[0].end and event.people == before.events[0].people
    assert after.events[1:] == before.events[1:]
    assert after.annotations == notes


def test_an_accepted_hide_restricts_the_event_for_everyone_but_facilitators() -> None:
    before = make_journey(KEY)
    after = apply_review(before, _item(kind="hide", event_id="e3"))
    assert [e.sensitivity for e in after.events] == [
        Sensitivity.NORMAL,
        Sensitivity.NORMAL,
        Sensitivity.RESTRICTED,
    ]
    assert after.events[:2] == before.events[:2] and after.annotations == ()
    assert [e.id for e in without_restricted(after).events] == ["e1", "e2"]


@pytest.mark.parametrize(
    ("journey", "fields", "message"),
    [
        pytest.param(
            make_journey(KEY, events=2),
            {"kind": "comment", "event_id": "e3", "text": "Hi"},
            "The event this is about is no longer in 'Test household (illustrative)'; "
            "decline this one.",
            id="event-gone",
        ),
        pytest.param(
            make_journey(KEY),
            {"kind": "correction", "event_id": "e1", "corrected_start": dt.date(2015, 3, 7)},
            "The corrected date 2015-03-07 is after the event's end 2015-03-06",
            id="corrected-date-after-end",
        ),
    ],
)
def test_a_proposal_that_no_longer_fits_is_refused(
    journey: Journey, fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(ReviewError, match=re.escape(message)):
        apply_review(journey, _item(**fields))


@pytest.mark.parametrize(
    ("event_id", "fits"),
    [
        pytest.param("e1", True, id="shown-event"),
        pytest.param("e2", False, id="restricted-event"),
        pytest.param("e9", False, id="no-such-event"),
    ],
)
def test_check_proposal_allows_only_events_a_reviewer_sees(event_id: str, fits: bool) -> None:
    proposal = ReviewProposal(kind="comment", event_id=event_id, text="Hi")
    journey = make_restricted_journey(KEY)
    if fits:
        check_proposal(journey, proposal)
    else:
        with pytest.raises(ReviewError, match=f"There is no event '{event_id}'"):
            check_proposal(journey, proposal)


def test_without_restricted_leaves_out_restricted_events_and_their_notes() -> None:
    shown = without_restricted(make_restricted_journey(KEY))
    assert [e.id for e in shown.events] == ["e1", "e3"]
    assert {a.id: a.event_ids for a in shown.annotations} == {"on-e1-e2": ("e1",), "period": ()}
    assert without_restricted(make_journey(KEY)) == make_journey(KEY)


# Use cases against the database.


def _as(services: Services, viewer: Viewer) -> Services:
    return services.for_viewers(lambda: viewer)


@pytest.fixture
def stored(services: Services) -> Services:
    """The shared journey (e2 restricted) and one not shared with anyone."""
    services.save_journeys([make_restricted_journey(KEY), make_journey("other")])
    return services


def _versions(services: Services) -> list[tuple[str, str]]:
    return [(v.actor, v.action.value) for v in services.list_versions(KEY)]


def _listed(services: Services, viewer: Viewer | None = None) -> list[tuple]:
    """The proposals as listed, without their times (test_proposal_times_are_utc has those)."""
    seen = services if viewer is None else _as(services, viewer)
    return [_untimed(i) for i in coreview.list_proposals(seen, KEY)]


def _untimed(item: ReviewItem) -> tuple:
    return (item.id, item.author, item.proposal, item.status, item.decided_by, item.decision_note)


COMMENT = ReviewProposal(kind="comment", event_id="e1", text="  They found me a room.  ")


def test_a_reviewer_proposes_on_a_shared_journey(stored: Services) -> None:
    item = coreview.propose(_as(stored, REV), KEY, COMMENT)
    assert (item.journey_key, item.author, item.author_role) == (KEY, "rev", LIVED)
    assert item.status is ReviewStatus.OPEN and item.decided_by is None
    assert item.proposal.text == "They found me a room."
    assert coreview.open_count(stored, KEY) == 1
    assert _listed(stored, SAM) == [_untimed(item)]


@pytest.mark.parametrize(
    ("viewer", "key", "proposal", "error"),
    [
        pytest.param(REV, "other", COMMENT, JourneyNotFoundError, id="unshared-journey"),
        pytest.param(REV, "nowhere", COMMENT, JourneyNotFoundError, id="absent-journey"),
        pytest.param(CAM, KEY, COMMENT, JourneyNotFoundError, id="commissioner"),
        pytest.param(
            REV,
            KEY,
            ReviewProposal(kind="hide", event_id="e2"),
            ReviewError,
            id="restricted-event",
        ),
    ],
)
def test_a_refused_proposal_is_not_stored(
    stored: Services, viewer: Viewer, key: str, proposal: ReviewProposal, error: type[Exception]
) -> None:
    with pytest.raises(error):
        coreview.propose(_as(stored, viewer), key, proposal)
    for journey_key in (KEY, "other"):
        assert coreview.list_proposals(stored, journey_key) == []


def test_reviewers_list_their_own_proposals_and_facilitators_all(stored: Services) -> None:
    mine = coreview.propose(_as(stored, REV), KEY, COMMENT)
    hers = coreview.propose(
        _as(stored, RITA), KEY, ReviewProposal(kind="strength", start=MAY_1, text="Kept going.")
    )
    assert _listed(stored, REV) == [_untimed(mine)]
    assert _listed(stored, RITA) == [_untimed(hers)]
    assert _listed(stored, SAM) == [_untimed(mine), _untimed(hers)]
    with pytest.raises(JourneyNotFoundError):
        coreview.list_proposals(_as(stored, REV), "other")


def test_a_reviewer_cannot_decide(stored: Services) -> None:
    item = coreview.propose(_as(stored, REV), KEY, COMMENT)
    with pytest.raises((AccessDeniedError, JourneyNotFoundError)):
        coreview.decide(_as(stored, REV), KEY, item.id, accept=True)
    assert coreview.list_proposals(stored, KEY)[0].status is ReviewStatus.OPEN
    assert stored.load_journey(KEY) == make_restricted_journey(KEY)


def test_accepting_changes_the_journey_and_records_a_review_version(stored: Services) -> None:
    item = coreview.propose(
        _as(stored, REV),
        KEY,
        ReviewProposal(kind="in_my_words", event_id="e1", text="Cold room.", paraphrased=True),
    )
    decided = coreview.decide(_as(stored, SAM), KEY, item.id, accept=True, note="  Thank you. ")
    assert (decided.status, decided.decided_by, decided.decision_note) == (
        ReviewStatus.ACCEPTED,
        "sam",
        "Thank you.",
    )
    assert decided.decided_at is not None
    assert _listed(stored, REV) == [_untimed(decided)]
    assert coreview.open_count(stored, KEY) == 0

    note = Annotation(
        id=f"review-{item.id}",
        kind=AnnotationKind.IN_MY_WORDS,
        text="Cold room.",
        event_ids=("e1",),
        author_role=LIVED,
        paraphrased=True,
    )
    assert stored.load_journey(KEY).annotations[-1] == note
    assert _as(stored, REV).load_journey(KEY, Action.REVIEW).annotations[-1] == note
    assert _versions(stored) == [("local user", "import"), ("sam", "review")]


def test_accepting_a_hide_takes_the_event_out_of_the_review_view(stored: Services) -> None:
    item = coreview.propose(_as(stored, REV), KEY, ReviewProposal(kind="hide", event_id="e3"))
    coreview.decide(_as(stored, SAM), KEY, item.id, accept=True)
    reviewer_view = _as(stored, REV).load_journey(KEY, Action.REVIEW)
    assert [e.id for e in reviewer_view.events] == ["e1"]
    assert [e.id for e in _as(stored, SAM).load_journey(KEY).events] == ["e1", "e2", "e3"]


def test_declining_leaves_the_journey_unchanged(stored: Services) -> None:
    item = coreview.propose(_as(stored, REV), KEY, COMMENT)
    decided = coreview.decide(_as(stored, SAM), KEY, item.id, accept=False, note="Not now.")
    assert (decided.status, decided.decided_by) == (ReviewStatus.DECLINED, "sam")
    assert stored.load_journey(KEY) == make_restricted_journey(KEY)
    assert _versions(stored) == [("local user", "import")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(True, False, id="accepted-then-declined"),
        pytest.param(False, True, id="declined-then-accepted"),
        pytest.param(True, True, id="accepted-twice"),
    ],
)
def test_a_proposal_is_decided_once(stored: Services, first: bool, second: bool) -> None:
    item = coreview.propose(_as(stored, REV), KEY, COMMENT)
    sam = _as(stored, SAM)
    coreview.decide(sam, KEY, item.id, accept=first)
    journey, versions = stored.load_journey(KEY), _versions(stored)
    with pytest.raises(ValueError, match=f"proposal {item.id} was already .* by sam"):
        coreview.decide(sam, KEY, item.id, accept=second)
    assert stored.load_journey(KEY) == journey
    assert _versions(stored) == versions


def test_a_proposal_is_decided_only_on_its_own_journey(stored: Services) -> None:
    item = coreview.propose(_as(stored, REV), KEY, COMMENT)
    with pytest.raises(ReviewItemNotFoundError):
        coreview.decide(_as(stored, SAM), "other", item.id, accept=True)
    assert coreview.list_proposals(stored, KEY)[0].status is ReviewStatus.OPEN


def _remove_e3(services: Services) -> None:
    journey = services.load_journey(KEY)
    services.save_journeys(
        [journey.model_copy(update={"events": journey.events[:2]})], replace=True, action="edit"
    )


@pytest.mark.parametrize(
    ("proposal", "change_first", "message"),
    [
        pytest.param(
            ReviewProposal(kind="correction", event_id="e1", corrected_start=dt.date(2016, 1, 1)),
            None,
            "after the event's end",
            id="corrected-date-after-end",
        ),
        pytest.param(
            ReviewProposal(kind="strength", event_id="e3", text="I went."),
            _remove_e3,
            "no longer in",
            id="event-edited-away",
        ),
    ],
)
def test_a_failed_accept_changes_nothing_and_the_proposal_stays_open(
    stored: Services, proposal: ReviewProposal, change_first: Any, message: str
) -> None:
    item = coreview.propose(_as(stored, REV), KEY, proposal)
    if change_first is not None:
        change_first(stored)
    journey, versions = stored.load_journey(KEY), _versions(stored)
    with pytest.raises(ReviewError, match=message):
        coreview.decide(_as(stored, SAM), KEY, item.id, accept=True)
    assert _listed(stored) == [_untimed(item)]
    assert stored.load_journey(KEY) == journey
    assert _versions(stored) == versions
    declined = coreview.decide(_as(stored, SAM), KEY, item.id, accept=False)
    assert declined.status is ReviewStatus.DECLINED


def test_proposal_times_are_utc_once_stored(stored: Services) -> None:
    before = dt.datetime.now(dt.UTC)
    item = coreview.propose(_as(stored, REV), KEY, COMMENT)
    coreview.decide(_as(stored, SAM), KEY, item.id, accept=False)
    listed = coreview.list_proposals(stored, KEY)[0]
    assert listed.created_at.tzinfo is not None and listed.decided_at.tzinfo is not None
    assert before <= listed.created_at <= listed.decided_at <= dt.datetime.now(dt.UTC)
