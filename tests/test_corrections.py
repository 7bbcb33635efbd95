"""Corrections that change the analysis (issue 11, item 8): a reviewer says what kind of contact
it really was, which service, or the dates; accepting changes the event, the cycles are found
again, and the agency's record is kept beside the person's account with who said what."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from pydantic import ValidationError

from schemas import (
    AnnotationKind,
    EventKind,
    Journey,
    Provenance,
    ReviewItem,
    ReviewProposal,
    Source,
)
from tests.components import text_of, walk
from tests.factories import REVIEW_FORM
from tests.journeys import journey_of
from timeline.access import Action
from timeline.coreview import decide, list_proposals, propose
from timeline.corrections import AGENCY_RECORD
from timeline.cycles import find_cycles
from timeline.pages import ids
from timeline.pages.journey_view import build_journey_view, export_journey
from timeline.pages.review.page import build_review_page
from timeline.pages.review.proposals import build_notes_panel, build_proposals_page
from timeline.pages.review.view import submit_proposal
from timeline.review import ReviewError, apply_review
from timeline.service import Services

LIVED = "person with lived experience"
KEY = "moves"


def _evictions() -> Journey:
    """Two stays, each ended by an eviction within a year, then rough sleeping: one cycle."""
    journey = journey_of(
        "2015-01-01..2015-03-01 placement @Hostel_A",
        "2015-03-01 eviction @Hostel_A",
        "2015-03-05..2015-06-01 placement @Hostel_B",
        "2015-06-01 eviction @Hostel_B",
        "2015-06-02 rough_sleeping @Outreach",
        key=KEY,
    )
    return journey.model_copy(update={"provenance": Provenance.ANONYMISED})


def _item(**fields: Any) -> ReviewItem:
    return ReviewItem(
        id=3,
        journey_key=KEY,
        proposal=ReviewProposal(kind="correction", event_id="e2", **fields),
        author="rev",
        author_role=LIVED,
        created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )


def _rules(journey: Journey) -> set[str]:
    return {c.rule for c in find_cycles(journey)}


def test_the_journey_has_an_eviction_cycle_before_any_correction() -> None:
    assert {c.rule: c.event_ids for c in find_cycles(_evictions())}["eviction_cycle"][1] == "e2"


@pytest.mark.parametrize(
    ("fields", "event", "record", "cycles"),
    [
        pytest.param(
            {"corrected_kind": "other", "corrected_title": "Moved to my sister's"},
            {"kind": EventKind.OTHER, "title": "Moved to my sister's", "agency": "Hostel A"},
            "Eviction · Hostel A · 1 Mar 2015 · eviction 2. Person with lived experience said it "
            "was: Other · Hostel A · 1 Mar 2015 · Moved to my sister's",
            set(),
            id="eviction-was-a-move",
        ),
        pytest.param(
            {"corrected_agency": "Hostel B"},
            {"kind": EventKind.EVICTION, "agency": "Hostel B"},
            "Eviction · Hostel A · 1 Mar 2015 · eviction 2. Person with lived experience said it "
            "was: Eviction · Hostel B · 1 Mar 2015 · eviction 2",
            {"eviction_cycle"},
            id="other-service",
        ),
        pytest.param(
            {"corrected_start": dt.date(2014, 2, 1), "corrected_end": dt.date(2014, 2, 3)},
            {"start": dt.date(2014, 2, 1), "end": dt.date(2014, 2, 3)},
            "Eviction · Hostel A · 1 Mar 2015 · eviction 2. Person with lived experience said it "
            "was: Eviction · Hostel A · 1 Feb 2014 to 3 Feb 2014 · eviction 2",
            set(),  # a year and more before the other eviction: no longer a cycle
            id="other-dates",
        ),
    ],
)
def test_an_accepted_correction_changes_the_event_the_cycles_and_keeps_the_record(
    fields: dict, event: dict, record: str, cycles: set[str]
) -> None:
    after = apply_review(_evictions(), _item(**fields, text="I wasn't asked to leave."))
    corrected = after.events[1]
    assert {name: getattr(corrected, name) for name in event} == event
    assert corrected.source is Source.CO_REVIEW
    assert _rules(after) == cycles
    agency_note, person_note = after.annotations
    assert (agency_note.author_role, agency_note.event_ids) == (AGENCY_RECORD, ("e2",))
    assert agency_note.text == f"The agency's record said: {record} (accepted in co-review)."
    assert (person_note.author_role, person_note.text) == (LIVED, "I wasn't asked to leave.")
    assert after.events[:1] + after.events[2:] == _evictions().events[:1] + _evictions().events[2:]


def test_a_title_that_only_named_the_kind_follows_the_corrected_kind() -> None:
    journey = _evictions()
    plain = journey.model_copy(
        update={
            "events": (
                *journey.events[:1],
                journey.events[1].model_copy(update={"title": "Eviction"}),
                *journey.events[2:],
            )
        }
    )
    after = apply_review(plain, _item(corrected_kind="tenancy"))
    assert (after.events[1].kind, after.events[1].title) == (EventKind.TENANCY, "Tenancy")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param(
            {"corrected_end": dt.date(2015, 2, 1)},
            "The right end date 2015-02-01 is before the start 2015-03-01; decline this one, or "
            "edit the event.",
            id="end-before-the-events-start",
        ),
        pytest.param(
            {"corrected_agency": "Probation"},
            "'Probation' is not one of the services in 'Test case (invented)'; decline this one, "
            "or add the service in the editor first.",
            id="service-not-in-the-journey",
        ),
    ],
)
def test_a_correction_that_cannot_apply_says_why(fields: dict, message: str) -> None:
    with pytest.raises(ReviewError, match=re.escape(message)):
        apply_review(_evictions(), _item(**fields))


def test_a_right_end_date_before_the_right_start_date_is_refused_when_sent() -> None:
    with pytest.raises(ValidationError, match="the right end date 2015-03-01 is before the right "):
        ReviewProposal(
            kind="correction",
            event_id="e2",
            corrected_start=dt.date(2015, 3, 2),
            corrected_end=dt.date(2015, 3, 1),
        )


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"corrected_kind": "tenancy"}, id="kind"),
        pytest.param({"corrected_agency": "Hostel B"}, id="agency"),
        pytest.param({"corrected_end": dt.date(2015, 3, 2)}, id="end"),
    ],
)
def test_only_a_correction_says_what_it_really_was(fields: dict) -> None:
    with pytest.raises(ValidationError, match="belongs only to 'something is wrong'"):
        ReviewProposal(kind="comment", event_id="e2", text="Hi", **fields)


def test_accepting_through_co_review_counts_the_move_and_keeps_who_said_what(
    services: Services,
) -> None:
    services.save_journeys([_evictions()])
    item = propose(
        services,
        KEY,
        ReviewProposal(
            kind="correction",
            event_id="e2",
            corrected_kind="other",
            corrected_title="Moved to my sister's",
            text="I wasn't asked to leave.",
        ),
    )
    decide(services, KEY, item.id, accept=True)
    journey = services.load_journey(KEY)
    assert "eviction_cycle" not in {c.rule for c in services.find_cycles(journey)}
    assert [(a.author_role, a.kind) for a in journey.annotations] == [
        (AGENCY_RECORD, AnnotationKind.COMMENT),
        (LIVED, AnnotationKind.COMMENT),
    ]
    panel = text_of(build_notes_panel(journey))
    assert "The agency's record said: Eviction · Hostel A" in panel and "(agency record)" in panel
    assert "I wasn't asked to leave. (person with lived experience)" in panel
    assert services.list_versions(KEY)[-1].action.value == "review"
    assert services.load_version(KEY, services.list_versions(KEY)[-1].version) == journey
    services.record_consent(KEY, given_by="the person", audiences=["board_paper"])
    exported = json.loads(export_journey(services, KEY, "json")[0])
    assert [a["author_role"] for a in exported["annotations"]] == [AGENCY_RECORD, LIVED]
    proposals = text_of(build_proposals_page(journey, list_proposals(services, KEY), [], []))
    assert "It was really: Other; Should say: Moved to my sister's" in proposals


def test_the_reviewer_form_asks_what_it_really_was_in_plain_words(
    sqlite_services: Services,
) -> None:
    sqlite_services.save_journeys([_evictions()])
    view = build_journey_view(sqlite_services, KEY, action=Action.REVIEW)
    page = build_review_page(view, [], frozenset())
    assert "What kind of contact was it really?" in text_of(page)
    assert "Which service was it?" in text_of(page)
    options = {
        c.id: c.options
        for c in walk(page)
        if getattr(c, "id", None) in {ids.REVIEW_FIX_KIND, ids.REVIEW_FIX_AGENCY}
    }
    assert options[ids.REVIEW_FIX_AGENCY] == ["Hostel A", "Hostel B", "Outreach"]
    labels = {o["value"]: o["label"] for o in options[ids.REVIEW_FIX_KIND]}
    assert (labels["eviction"], labels["ae_attendance"]) == ("Eviction", "A&E attendance")
    form = REVIEW_FORM | {
        "event": "e2",
        "kind": "correction",
        "fix_kind": "other",
        "fix_agency": "Hostel B",
        "fix_date": "2015-03-02",
        "fix_end": "2015-03-04",
    }
    assert submit_proposal(sqlite_services, KEY, form) == (
        True,
        "Thank you. Sent to the facilitator (something is wrong).",
    )
    sent = list_proposals(sqlite_services, KEY)[0].proposal
    assert (
        sent.corrected_kind,
        sent.corrected_agency,
        sent.corrected_start,
        sent.corrected_end,
    ) == (
        EventKind.OTHER,
        "Hostel B",
        dt.date(2015, 3, 2),
        dt.date(2015, 3, 4),
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"fix_date": "2015-03-05", "fix_end": "2015-03-04"},
            "The right end date 2015-03-04 is before the right start date 2015-03-05.",
            id="end-before-start",
        ),
        pytest.param(
            {"fix_kind": "move"}, "Choose what kind of contact it was from the list.", id="bad-kind"
        ),
        pytest.param(
            {"fix_agency": "Nobody"},
            "There is no service 'Nobody' in 'Test case (invented)'.",
            id="service-not-shown",
        ),
    ],
)
def test_the_reviewer_form_says_what_to_fix_and_sends_nothing(
    sqlite_services: Services, changes: dict, message: str
) -> None:
    sqlite_services.save_journeys([_evictions()])
    form = REVIEW_FORM | {"event": "e2", "kind": "correction"} | changes
    assert submit_proposal(sqlite_services, KEY, form) == (False, message)
    assert list_proposals(sqlite_services, KEY) == []
