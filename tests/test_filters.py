"""Filters by sector, person, kind and date range (invented journeys and the illustrative demo)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.journeys import journey_of
from timeline.cycles import find_cycles
from timeline.demo import demo_journeys
from timeline.filters import EventFilter, describe_filter, explain_no_match, filter_journey

CASE = journey_of(
    "2015-01-10 arrest @Police A",
    "2015-02-01..2015-03-01 custody @HMP A",
    "2015-03-01 release @HMP A",
    "2015-06 eviction @Hostel A+B",
    "~2015-09-20 contact @Hostel B",
    people=("A", "B"),
)


def _ids(event_filter: EventFilter) -> list[str]:
    return [e.id for e in filter_journey(CASE, [], event_filter).journey.events]


@pytest.mark.parametrize(
    ("event_filter", "expected"),
    [
        pytest.param(EventFilter(), ["e1", "e2", "e3", "e4", "e5"], id="no-filter-keeps-all"),
        pytest.param(EventFilter(people=frozenset({"B"})), ["e4", "e5"], id="person-B"),
        pytest.param(
            EventFilter(kinds=frozenset({"custody", "release"})), ["e2", "e3"], id="two-kinds"
        ),
        pytest.param(
            EventFilter(since=dt.date(2015, 2, 15), until=dt.date(2015, 6, 1)),
            ["e2", "e3", "e4"],
            id="range-overlaps-custody-and-month-date",
        ),
        pytest.param(
            EventFilter(until=dt.date(2015, 5, 31)), ["e1", "e2", "e3"], id="month-date-after-until"
        ),
        pytest.param(
            EventFilter(since=dt.date(2015, 10, 3)), ["e5"], id="approximate-date-widened"
        ),
        pytest.param(
            EventFilter(people=frozenset({"A"}), kinds=frozenset({"eviction"})),
            ["e4"],
            id="parts-combine-with-and",
        ),
    ],
)
def test_filter_keeps_matching_events(event_filter: EventFilter, expected: list[str]) -> None:
    assert _ids(event_filter) == expected


def test_sector_filter_drops_agencies_with_nothing_left() -> None:
    coventry = next(j for j in demo_journeys() if j.key == "coventry-couple")
    result = filter_journey(coventry, [], EventFilter(sectors=frozenset({"Housing", "Police"})))
    sectors = {a.sector for a in result.journey.agencies}
    assert sectors == {"Housing", "Police"}
    assert result.hidden_events == len(coventry.events) - len(result.journey.events) > 0
    assert all(e.agency in {a.name for a in result.journey.agencies} for e in result.journey.events)


def test_cycles_are_found_on_the_whole_journey_and_only_hidden_by_filters() -> None:
    lucy = next(j for j in demo_journeys() if j.key == "lucy")
    cycles = find_cycles(lucy)
    assert cycles, "the demo should show at least one cycle"
    first = cycles[0]
    kinds = frozenset(e.kind.value for e in lucy.events if e.id in first.event_ids)
    kept = filter_journey(lucy, cycles, EventFilter(kinds=kinds))
    assert first in kept.cycles
    dropped = filter_journey(lucy, cycles, EventFilter(kinds=frozenset({"other"})))
    assert dropped.cycles == [] and dropped.hidden_cycles == len(cycles)


def test_filter_that_matches_nothing_keeps_a_valid_journey() -> None:
    result = filter_journey(CASE, [], EventFilter(kinds=frozenset({"court"})))
    assert result.journey.events == () and result.journey.agencies == CASE.agencies
    assert result.hidden_events == 5


def test_filter_in_words() -> None:
    words = describe_filter(
        EventFilter(
            people=frozenset({"Sam"}), kinds=frozenset({"ae_attendance"}), since=dt.date(2015, 1, 5)
        )
    )
    assert words == "Showing only people Sam; kinds ae attendance; from 5 Jan 2015"
    assert describe_filter(EventFilter()) == ""


@pytest.mark.parametrize(
    ("event_filter", "people"),
    [
        pytest.param(EventFilter(people=frozenset({"A"})), ["A"], id="one-person"),
        pytest.param(EventFilter(people=frozenset({"A", "B"})), ["A", "B"], id="both"),
        pytest.param(EventFilter(kinds=frozenset({"arrest"})), ["A", "B"], id="no-person-part"),
        pytest.param(EventFilter(people=frozenset({"Zed"})), ["A", "B"], id="nobody-matches"),
    ],
)
def test_a_filter_to_some_people_keeps_only_them(
    event_filter: EventFilter, people: list[str]
) -> None:
    shown = filter_journey(CASE, [], event_filter).journey
    assert [p.pseudonym for p in shown.people] == people


@pytest.mark.parametrize(
    ("event_filter", "words"),
    [
        pytest.param(
            EventFilter(sectors=frozenset({"Nonexistent"})),
            "Nothing matches these filters: no events for sector 'Nonexistent'.",
            id="unknown-sector",
        ),
        pytest.param(
            EventFilter(people=frozenset({"Zed"}), kinds=frozenset({"ae_attendance"})),
            "Nothing matches these filters: no events for person 'Zed'; no events of kind "
            "'ae attendance'.",
            id="two-parts-each-empty",
        ),
        pytest.param(
            EventFilter(since=dt.date(2020, 1, 1), until=dt.date(2020, 12, 31)),
            "Nothing matches these filters: no events between 1 Jan 2020 and 31 Dec 2020.",
            id="date-range-after-the-journey",
        ),
        pytest.param(
            EventFilter(people=frozenset({"B"}), kinds=frozenset({"arrest"})),
            "Nothing matches these filters: no one event has all of them together.",
            id="parts-match-apart-not-together",
        ),
    ],
)
def test_a_filter_that_matches_nothing_says_why(event_filter: EventFilter, words: str) -> None:
    assert filter_journey(CASE, [], event_filter).journey.events == ()
    assert explain_no_match(CASE, event_filter) == words
