"""Filters on a journey: which events a view shows, by sector, person, kind and date range."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from schemas import Cycle, Event, Journey
from timeline.cycles.timing import DEFAULT_APPROXIMATE_DAYS, date_bounds


@dataclass(frozen=True)
class EventFilter:
    """What a view keeps. An empty part keeps everything; parts combine with AND."""

    sectors: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def active(self) -> bool:
        """True when any part of the filter would hide something."""
        return bool(self.sectors or self.people or self.kinds or self.since or self.until)

    def keeps(self, event: Event, sector: str) -> bool:
        """Whether one event (of an agency in `sector`) passes every part of the filter."""
        if self.sectors and sector not in self.sectors:
            return False
        if self.people and not self.people.intersection(event.people):
            return False
        if self.kinds and event.kind.value not in self.kinds:
            return False
        precision = event.date_precision
        earliest = date_bounds(event.start, precision, DEFAULT_APPROXIMATE_DAYS)[0]
        latest = date_bounds(event.end or event.start, precision, DEFAULT_APPROXIMATE_DAYS)[1]
        if self.since and latest < self.since.toordinal():
            return False
        return not (self.until and earliest > self.until.toordinal())


@dataclass(frozen=True)
class FilteredJourney:
    """A journey cut down to the events a filter keeps, and the cycles still fully visible."""

    journey: Journey
    cycles: list[Cycle]
    hidden_events: int
    hidden_cycles: int


def filter_journey(
    journey: Journey, cycles: Sequence[Cycle], event_filter: EventFilter
) -> FilteredJourney:
    """Keep the events that pass; keep a cycle only when all its events are still shown.

    Cycles are found on the whole journey first, so a filter never invents or splits a cycle;
    it can only hide one. Agencies with nothing left to show are dropped when a filter is active,
    and a filter to some people keeps only them (their counts and status strips); a filter that
    keeps nothing keeps every agency and person, so the empty lanes still read as the journey.
    """
    if not event_filter.active:
        return FilteredJourney(journey, list(cycles), 0, 0)
    sector_of = {agency.name: agency.sector for agency in journey.agencies}
    kept = tuple(e for e in journey.events if event_filter.keeps(e, sector_of[e.agency]))
    used = {e.agency for e in kept}
    agencies = tuple(a for a in journey.agencies if a.name in used) or journey.agencies
    people = journey.people
    if event_filter.people and kept:
        people = tuple(p for p in journey.people if p.pseudonym in event_filter.people) or people
    visible = {e.id for e in kept}
    annotations = tuple(
        a for a in journey.annotations if not a.event_ids or set(a.event_ids) <= visible
    )
    shown_cycles = [c for c in cycles if set(c.event_ids) <= visible]
    narrowed = journey.model_copy(
        update={
            "events": kept,
            "agencies": agencies,
            "people": people,
            "annotations": annotations,
        }
    )
    return FilteredJourney(
        narrowed,
        shown_cycles,
        len(journey.events) - len(kept),
        len(cycles) - len(shown_cycles),
    )


def describe_filter(event_filter: EventFilter) -> str:
    """The filter in words, for a caption above a filtered chart ("" when none)."""
    parts = []
    if event_filter.sectors:
        parts.append("sectors " + ", ".join(sorted(event_filter.sectors)))
    if event_filter.people:
        parts.append("people " + ", ".join(sorted(event_filter.people)))
    if event_filter.kinds:
        parts.append("kinds " + ", ".join(k.replace("_", " ") for k in sorted(event_filter.kinds)))
    if event_filter.since:
        parts.append(f"from {event_filter.since:%-d %b %Y}")
    if event_filter.until:
        parts.append(f"until {event_filter.until:%-d %b %Y}")
    return "Showing only " + "; ".join(parts) if parts else ""


def _quoted(values: frozenset[str]) -> str:
    return " or ".join(repr(v) for v in sorted(values))


def explain_no_match(journey: Journey, event_filter: EventFilter) -> str:
    """Why a filter shows nothing, in plain words: each part that matches no event on its own,
    else that no one event has all of them together."""
    sector_of = {agency.name: agency.sector for agency in journey.agencies}

    def matches(part: EventFilter) -> bool:
        return any(part.keeps(e, sector_of.get(e.agency, "")) for e in journey.events)

    f = event_filter
    parts = [
        (EventFilter(sectors=f.sectors), f"no events for sector {_quoted(f.sectors)}"),
        (EventFilter(people=f.people), f"no events for person {_quoted(f.people)}"),
        (
            EventFilter(kinds=f.kinds),
            "no events of kind " + _quoted(frozenset(k.replace("_", " ") for k in f.kinds)),
        ),
        (
            EventFilter(since=f.since, until=f.until),
            "no events " + _dates(f) if f.since or f.until else "",
        ),
    ]
    missing = [words for part, words in parts if part.active and not matches(part)]
    if not missing:
        missing = ["no one event has all of them together"]
    return "Nothing matches these filters: " + "; ".join(missing) + "."


def _dates(event_filter: EventFilter) -> str:
    since, until = event_filter.since, event_filter.until
    if since and until:
        return f"between {since:%-d %b %Y} and {until:%-d %b %Y}"
    return f"from {since:%-d %b %Y}" if since else f"until {until:%-d %b %Y}"


def with_people_named(shown: Journey, whole: Journey) -> Journey:
    """A filtered journey for a data file: its people list also holds anyone its events still
    name (an event Jo and Sam shared, kept by a filter to Jo), so the file imports again. The
    page's counts and strips keep the filter's people; only downloads of data use this."""
    named = {name for event in shown.events for name in event.people}
    listed = {person.pseudonym for person in shown.people}
    if named <= listed:
        return shown
    people = tuple(p for p in whole.people if p.pseudonym in listed | named)
    return shown.model_copy(update={"people": people})
