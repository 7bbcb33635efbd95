"""The demo case studies show what a facilitator needs to see, and nothing real."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

import pytest

from schemas.journey import Event, Journey
from schemas.vocab import DatePrecision, EventKind, Provenance, Source
from timeline.demo import DEMO_KEYS, demo_journeys
from timeline.demo._build import parse_date, parse_events

COVENTRY_AGENCIES = {
    ("Sherbourne Fields", "Training", "public"),
    ("Evolution 3", "Training", "voluntary"),
    ("Hospital/GP/NHS", "Health", "public"),
    ("West Midlands Police", "Police", "public"),
    ("West Midlands Fire Service", "Fire", "public"),
    ("Foodbank", "Food", "voluntary"),
    ("Cyrenians", "Housing", "voluntary"),
    ("Valley House", "Housing", "voluntary"),
    ("Placements Team", "Housing", "public"),
    ("Salvation Army Lifehouse", "Housing", "voluntary"),
    ("The Foyer", "Housing", "voluntary"),
    ("St Basil", "Housing", "voluntary"),
    ("Whitefriars Housing/Caradoc Court", "Housing", "public"),
    ("Housing Benefits", "Housing", "public"),
    ("Social Care (Children's, Adults, All Ages Disability, MASH, CLDT)", "Social", "public"),
    ("Newfield Trust", "Money", "voluntary"),
    ("Concentrix", "Money", "private"),
    ("Royal Bank of Scotland", "Money", "private"),
    ("Severn Trent Water Big Difference Scheme", "Money", "voluntary"),
    ("Justice System (Courts)", "Money", "public"),
    ("DWP / Job Centre Plus (Benefits including JSA, ESA, IS, PIP)", "Money", "public"),
    ("Coventry Law Centre", "Advice", "voluntary"),
    ("Grapevine", "Advice", "voluntary"),
    ("Citizens Advice Bureau (CAB)", "Advice", "voluntary"),
}

EMERGENCY_KINDS = {EventKind.CALL_OUT, EventKind.AMBULANCE, EventKind.AE_ATTENDANCE}
MAX_TITLE_CHARS = 60


# --- small plain helpers (no production cycle engine yet) -----------------------------------


def demo(key: str) -> Journey:
    return dict(zip(DEMO_KEYS, demo_journeys(), strict=True))[key]


def of_kind(journey: Journey, kind: EventKind) -> list[Event]:
    return sorted((e for e in journey.events if e.kind == kind), key=lambda e: e.start)


def last_date(event: Event) -> dt.date:
    return event.end or event.start


def most_within(dates: Iterable[dt.date], days: int) -> int:
    """The largest number of dates falling in any window of `days` days (start day included)."""
    ordered = sorted(dates)
    best = 0
    for i, first in enumerate(ordered):
        best = max(best, sum(1 for d in ordered[i:] if (d - first).days < days))
    return best


def reentries_within(intervals: list[Event], days: int) -> int:
    """How many intervals start within `days` of the end of the one before them."""
    ordered = sorted(intervals, key=lambda e: e.start)
    return sum(
        1
        for before, after in zip(ordered, ordered[1:], strict=False)
        if before.end is not None and 0 <= (after.start - before.end).days <= days
    )


def self_discharged_admissions(journey: Journey) -> list[Event]:
    """Admissions with a self-discharge on or within a day of the day they end."""
    leaving = [e.start for e in of_kind(journey, EventKind.SELF_DISCHARGE)]
    return [
        admission
        for admission in of_kind(journey, EventKind.ADMISSION)
        if any(admission.start <= d <= last_date(admission) + dt.timedelta(days=1) for d in leaving)
    ]


def followed_by(journey: Journey, event: Event, kind: EventKind, days: int) -> bool:
    return any(0 <= (e.start - event.start).days <= days for e in of_kind(journey, kind))


def tagged(journey: Journey, tag: str) -> list[Event]:
    return [e for e in journey.events if tag in e.tags]


# --- all three demos ------------------------------------------------------------------------


def test_demo_keys_match_the_journeys_in_order() -> None:
    assert DEMO_KEYS == ("coventry-couple", "lucy", "ahmed")
    assert [j.key for j in demo_journeys()] == list(DEMO_KEYS)


def test_demo_journeys_are_built_fresh_each_call() -> None:
    first, second = demo_journeys(), demo_journeys()
    assert first == second
    assert all(a is not b for a, b in zip(first, second, strict=True))


@pytest.mark.parametrize("key", [pytest.param(k, id=k) for k in DEMO_KEYS])
def test_demo_is_plainly_illustrative(key: str) -> None:
    journey = demo(key)
    assert journey.provenance == Provenance.ILLUSTRATIVE
    assert "illustrative" in journey.summary.lower()
    assert "invented" in journey.summary.lower()
    assert {e.source for e in journey.events} <= {Source.ILLUSTRATIVE, Source.SELF_REPORT}


@pytest.mark.parametrize("key", [pytest.param(k, id=k) for k in DEMO_KEYS])
def test_demo_events_are_short_and_readable(key: str) -> None:
    journey = demo(key)
    ids = [e.id for e in journey.events]
    assert len(ids) == len(set(ids))
    for event in journey.events:
        assert len(event.title) < MAX_TITLE_CHARS, event.title
        assert event.description, event.id
        assert len(re.split(r"(?<=[.!?])\s+", event.description)) <= 2, event.description
        assert "<" not in event.description


@pytest.mark.parametrize("key", [pytest.param(k, id=k) for k in DEMO_KEYS])
def test_demo_dates_are_consistent(key: str) -> None:
    journey = demo(key)
    starts = [e.start for e in journey.events]
    assert starts == sorted(starts), "event ids follow time"
    for event in journey.events:
        if event.date_precision == DatePrecision.MONTH:
            assert event.start.day == 1, event.id
        if event.date_precision == DatePrecision.YEAR:
            assert (event.start.month, event.start.day) == (1, 1), event.id


@pytest.mark.parametrize("key", [pytest.param(k, id=k) for k in DEMO_KEYS])
def test_demo_survives_a_json_round_trip(key: str) -> None:
    journey = demo(key)
    assert Journey.model_validate_json(journey.model_dump_json()) == journey


@pytest.mark.parametrize("key", [pytest.param(k, id=k) for k in DEMO_KEYS])
def test_demo_uses_every_agency_it_lists(key: str) -> None:
    journey = demo(key)
    assert {a.name for a in journey.agencies} == {e.agency for e in journey.events}


# --- Coventry couple ------------------------------------------------------------------------


def test_coventry_has_exactly_the_published_24_agencies() -> None:
    journey = demo("coventry-couple")
    triples = [(a.name, a.sector, a.provider_type.value) for a in journey.agencies]
    assert len(triples) == 24
    assert set(triples) == COVENTRY_AGENCIES
    assert all(a.parent is None for a in journey.agencies)


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        pytest.param(
            "sector",
            {
                "Housing": 8,
                "Money": 6,
                "Advice": 3,
                "Training": 2,
                "Health": 1,
                "Police": 1,
                "Fire": 1,
                "Food": 1,
                "Social": 1,
            },
            id="sectors",
        ),
        pytest.param(
            "provider_type", {"voluntary": 12, "public": 10, "private": 2}, id="provider-types"
        ),
    ],
)
def test_coventry_lane_counts(field: str, expected: dict[str, int]) -> None:
    journey = demo("coventry-couple")
    counts = Counter(str(getattr(a, field)) for a in journey.agencies)
    assert counts == expected


def test_coventry_spans_exactly_the_published_700_days() -> None:
    journey = demo("coventry-couple")
    first = min(e.start for e in journey.events)
    last = max(last_date(e) for e in journey.events)
    assert first == dt.date(2014, 11, 17)
    assert last == dt.date(2016, 10, 17)
    assert (last - first).days == 700
    assert journey.events[0].start == first


def test_coventry_is_dense_with_intervals() -> None:
    journey = demo("coventry-couple")
    assert len(journey.events) >= 80
    interval_kinds = {e.kind for e in journey.events if e.is_interval}
    assert {EventKind.TENANCY, EventKind.PLACEMENT, EventKind.SUPPORT} <= interval_kinds


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(k, id=k.value)
        for k in (
            EventKind.BENEFIT_SANCTION,
            EventKind.EVICTION,
            EventKind.PLACEMENT,
            EventKind.CALL_OUT,
            EventKind.COURT,
            EventKind.REFERRAL,
        )
    ],
)
def test_coventry_shows_a_household_in_crisis(kind: EventKind) -> None:
    assert of_kind(demo("coventry-couple"), kind)


def test_coventry_has_both_people_together_and_apart() -> None:
    journey = demo("coventry-couple")
    assert [p.pseudonym for p in journey.people] == ["Sam", "Jo"]
    groups = Counter(frozenset(e.people) for e in journey.events)
    assert groups[frozenset({"Sam", "Jo"})] >= 10
    assert groups[frozenset({"Sam"})] >= 10
    assert groups[frozenset({"Jo"})] >= 10


def test_coventry_uses_the_fire_service_and_mash() -> None:
    journey = demo("coventry-couple")
    titles = " ".join(e.title for e in journey.events)
    assert "Home safety visit" in titles
    assert "MASH" in titles


# --- Lucy -----------------------------------------------------------------------------------


def test_lucy_person() -> None:
    (lucy,) = demo("lucy").people
    assert (lucy.pseudonym, lucy.gender.value, lucy.age_band.value) == ("Lucy", "woman", "18-24")
    assert {n.value for n in lucy.needs} == {
        "trauma",
        "substance_use",
        "mental_health",
        "offending",
        "homelessness",
    }


def test_lucy_breaches_her_order_repeatedly_and_goes_back_to_court() -> None:
    journey = demo("lucy")
    assert of_kind(journey, EventKind.ORDER)
    breaches = of_kind(journey, EventKind.BREACH)
    assert most_within((b.start for b in breaches), 365) >= 2
    assert all(followed_by(journey, b, EventKind.COURT, 30) for b in breaches)


def test_lucy_goes_round_the_custody_cycle() -> None:
    journey = demo("lucy")
    custody = of_kind(journey, EventKind.CUSTODY)
    assert len(custody) >= 2
    assert all(c.is_interval for c in custody)
    assert reentries_within(custody, 365) >= 1
    releases = {e.start for e in of_kind(journey, EventKind.RELEASE)}
    assert all(c.end in releases for c in custody)


def test_lucy_is_evicted_again_and_again() -> None:
    journey = demo("lucy")
    evictions = of_kind(journey, EventKind.EVICTION)
    assert most_within((e.start for e in evictions), 365) >= 2
    placements = of_kind(journey, EventKind.PLACEMENT)
    for eviction in evictions:
        assert any(p.start < eviction.start <= last_date(p) for p in placements), eviction.id


def test_lucy_is_turned_away_before_the_turn() -> None:
    journey = demo("lucy")
    declined = of_kind(journey, EventKind.DECLINED)
    assert any(e.agency == "Community mental health team" for e in declined)
    assert any(e.agency == "GP practice" for e in of_kind(journey, EventKind.CASE_CLOSED))
    assert of_kind(journey, EventKind.ROUGH_SLEEPING)


def test_lucy_turning_point_is_a_link_worker_on_release() -> None:
    journey = demo("lucy")
    turn = tagged(journey, "turning-point")
    assert {e.kind for e in turn} >= {EventKind.REFERRAL, EventKind.SUPPORT}
    support = next(e for e in turn if e.kind == EventKind.SUPPORT)
    assert support.agency.startswith("Link worker")
    assert support.end is not None and (support.end - support.start).days >= 180
    last_release = of_kind(journey, EventKind.RELEASE)[-1]
    assert support.start == last_release.start


def test_lucy_after_the_turn_has_no_police_or_court_contact() -> None:
    journey = demo("lucy")
    release = of_kind(journey, EventKind.RELEASE)[-1].start
    after = [e for e in journey.events if e.start > release]
    assert not [e for e in after if e.agency in {"Police", "Magistrates' court"}]
    assert max(e.start for e in after) - release >= dt.timedelta(days=182)
    assert any("Nan" in e.title for e in tagged(journey, "little-win"))


def test_lucy_has_some_approximate_dates() -> None:
    precisions = Counter(e.date_precision for e in demo("lucy").events)
    assert precisions[DatePrecision.APPROXIMATE] >= 2
    assert precisions[DatePrecision.MONTH] >= 2


# --- Ahmed ----------------------------------------------------------------------------------


def test_ahmed_person() -> None:
    (ahmed,) = demo("ahmed").people
    assert (ahmed.pseudonym, ahmed.gender.value) == ("Ahmed", "man")
    assert ahmed.age_band.value in {"45-54", "55-64"}
    assert {n.value for n in ahmed.needs} == {"mental_health", "substance_use", "homelessness"}


def test_ahmed_loses_family_then_job_then_home() -> None:
    journey = demo("ahmed")
    losses = [e for e in journey.events if e.source == Source.SELF_REPORT]
    assert len(losses) == 2
    assert (losses[1].start - losses[0].start).days <= 31
    assert of_kind(journey, EventKind.EVICTION)
    assert any(e.is_interval for e in of_kind(journey, EventKind.ROUGH_SLEEPING))
    assert len(of_kind(journey, EventKind.DECLINED)) >= 2


def test_ahmed_hospital_loop() -> None:
    journey = demo("ahmed")
    loop = self_discharged_admissions(journey)
    assert len(loop) >= 3
    assert most_within((a.start for a in loop), 90) >= 2


def test_ahmed_near_daily_emergency_calls() -> None:
    journey = demo("ahmed")
    emergencies = [e.start for e in journey.events if e.kind in EMERGENCY_KINDS]
    assert most_within(emergencies, 30) >= 10


def test_ahmed_twelve_weeks_after_the_coordinator_starts() -> None:
    journey = demo("ahmed")
    support = next(e for e in tagged(journey, "turning-point") if e.kind == EventKind.SUPPORT)
    window_end = support.start + dt.timedelta(days=84)
    window = [e for e in journey.events if support.start <= e.start < window_end]
    kinds = Counter(e.kind for e in window)
    assert kinds[EventKind.AMBULANCE] <= 1
    assert kinds[EventKind.CALL_OUT] == 0
    assert not [e for e in window if e.agency == "Police"]


def test_ahmed_hostel_place_comes_with_morning_social_care() -> None:
    journey = demo("ahmed")
    hostel = next(e for e in of_kind(journey, EventKind.PLACEMENT) if e.agency == "Hostel")
    care = [e for e in of_kind(journey, EventKind.SUPPORT) if e.agency == "Adult social care"]
    assert any(c.start == hostel.start for c in care)
    assert any(e.agency == "Adult social care" for e in of_kind(journey, EventKind.ASSESSMENT))
    assert any(e.agency == "Alcohol team" for e in of_kind(journey, EventKind.REFERRAL))


# --- the table helper -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2015-03-02", (dt.date(2015, 3, 2), DatePrecision.DAY), id="day"),
        pytest.param("2015-03", (dt.date(2015, 3, 1), DatePrecision.MONTH), id="month"),
        pytest.param("2015", (dt.date(2015, 1, 1), DatePrecision.YEAR), id="year"),
        pytest.param(
            "~2015-03-02", (dt.date(2015, 3, 2), DatePrecision.APPROXIMATE), id="approximate"
        ),
    ],
)
def test_parse_date_precisions(text: str, expected: tuple[dt.date, DatePrecision]) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("table", "message"),
    [
        pytest.param("2015-01-01 | - | X | a | contact | T", "line 1", id="unknown-person"),
        pytest.param("2015-01-01 | - | P | zz | contact | T", "line 1", id="unknown-agency"),
        pytest.param("2015-01-01 | - | P | a | chat | T", "line 1", id="unknown-kind"),
        pytest.param("2015-01-01 | - | P | a", "line 1", id="too-few-fields"),
        pytest.param(
            "2015-02-01 | - | P | a | contact | T\n2015-01-01 | - | P | a | contact | T",
            "before the one above",
            id="out-of-order",
        ),
        pytest.param("    orphan description", "before any event", id="orphan-description"),
    ],
)
def test_parse_events_reports_the_bad_line(table: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_events(table, agencies={"a": "Agency"}, people={"P": "Pat"})


def test_parse_events_reads_flags_and_descriptions() -> None:
    (event,) = parse_events(
        "2015-01-01 | 2015-02-01 | P | a | support | Title | turning-point source=self_report\n"
        "    First line.\n    Second line.",
        agencies={"a": "Agency"},
        people={"P": "Pat"},
    )
    assert event.id == "e001"
    assert event.end == dt.date(2015, 2, 1)
    assert event.tags == ("turning-point",)
    assert event.source == Source.SELF_REPORT
    assert event.description == "First line. Second line."
