"""Who is involved on a given date: each agency with open support or recent contact, and why.

The rules, all read with each date's precision as in `timeline.cycles.timing` (a date written
"2015-03" may be any day of March 2015, "~2 Mar 2015" any day within `approximate_days` of it):

- Only events this audience may see count. Restricted events never count; sensitive ones only
  with `include_sensitive`. Everything is worked out from the visible events alone, so a hidden
  event can neither list an agency nor be hinted at by closing a period.
- With `people`, only events naming at least one of them count, and rows list only those people.
- **Open support** on D: a period whose possible span reaches D. A period is an event with an
  end date (earliest start <= D <= latest end, both days included), or an open-ended event of a
  period kind (tenancy, placement, support, order, custody, admission). An open-ended period
  stays open for each person it names until a closing event (case closed, discharge,
  self-discharge, release, eviction) from the same agency names that person, on or after the
  period's start; the closing day still counts as open.
- **Recent contact** on D: any event from the agency that may have happened in the window
  D - window_days < day <= D (so 89 days before counts and 90 does not), or a period that was
  still running somewhere in that window. Events that can only have happened after D never count.
- `since` is the start of the earliest open period (or, for recent contact, of the earliest event
  counted); `last_contact` is the latest start of a counted event, or end of a period that ended
  before D. Dates are shown as written, so an imprecise date may read later than D.
- Rows: open support first, then the most recent last contact, then agency name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from schemas import DatePrecision, Event, EventKind, Journey, Sensitivity
from timeline.cycles.timing import DEFAULT_APPROXIMATE_DAYS, date_bounds
from timeline.describe import display_date, display_span

DEFAULT_WINDOW_DAYS = 90
OPEN_SUPPORT = "open support"
RECENT_CONTACT = "recent contact"

PERIOD_KINDS = frozenset(
    {
        EventKind.TENANCY,
        EventKind.PLACEMENT,
        EventKind.SUPPORT,
        EventKind.ORDER,
        EventKind.CUSTODY,
        EventKind.ADMISSION,
    }
)
CLOSING_KINDS = frozenset(
    {
        EventKind.CASE_CLOSED,
        EventKind.DISCHARGE,
        EventKind.SELF_DISCHARGE,
        EventKind.RELEASE,
        EventKind.EVICTION,
    }
)


@dataclass(frozen=True, slots=True)
class Involvement:
    """One agency involved on a date: its status, since when, last contact and what it is for."""

    agency: str
    sector: str
    status: str
    since: dt.date
    last_contact: dt.date
    what_for: str
    people: tuple[str, ...]
    event_ids: tuple[str, ...]
    since_precision: DatePrecision = DatePrecision.DAY
    last_contact_precision: DatePrecision = DatePrecision.DAY

    @property
    def is_open(self) -> bool:
        """True when the agency has an open support period on the date."""
        return self.status == OPEN_SUPPORT


@dataclass(frozen=True, slots=True)
class _Reach:
    """An event's earliest possible start and, per person, the last day it may last (None: open)."""

    event: Event
    position: int
    first: int
    until: dict[str, int | None]

    @property
    def is_period(self) -> bool:
        return self.event.end is not None or self.event.kind in PERIOD_KINDS


@dataclass(frozen=True, slots=True)
class _Contact:
    day: dt.date
    precision: DatePrecision
    event: Event
    ended: bool
    position: int


def involvement_dates(journey: Journey) -> tuple[dt.date, dt.date]:
    """The first start and last start-or-end of the journey's events (ValueError when none)."""
    if not journey.events:
        raise ValueError(f"journey {journey.key!r} has no events, so no dates to choose from")
    first = min(e.start for e in journey.events)
    last = max(e.end or e.start for e in journey.events)
    return first, last


def default_involvement_date(journey: Journey) -> dt.date:
    """The date the panel opens on: the journey's last event date."""
    return involvement_dates(journey)[1]


def who_is_involved(
    journey: Journey,
    on: dt.date,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    people: set[str] | None = None,
    include_sensitive: bool = True,
    approximate_days: int = DEFAULT_APPROXIMATE_DAYS,
) -> list[Involvement]:
    """Every agency with open support on `on` or contact in the `window_days` before it."""
    allowed = {Sensitivity.NORMAL} | ({Sensitivity.SENSITIVE} if include_sensitive else set())
    by_agency: dict[str, list[tuple[int, Event]]] = defaultdict(list)
    for position, event in enumerate(journey.events):
        if event.sensitivity in allowed and (people is None or people & set(event.people)):
            by_agency[event.agency].append((position, event))
    day, window_start = on.toordinal(), on.toordinal() - window_days
    found = []
    for name, events in by_agency.items():
        reaches = _reaches(events, people, approximate_days)
        counted, open_periods, who = [], [], set()
        for reach in reaches:
            if reach.first > day:
                continue
            touching = [p for p, u in reach.until.items() if u is None or u > window_start]
            if not touching:
                continue
            counted.append(reach)
            who.update(touching)
            if reach.is_period and any(u is None or u >= day for u in reach.until.values()):
                open_periods.append(reach)
        if counted:
            found.append(_involvement(journey, name, on, counted, open_periods, who, window_days))
    return sorted(found, key=lambda i: (not i.is_open, -i.last_contact.toordinal(), i.agency))


def _reaches(
    events: list[tuple[int, Event]], people: set[str] | None, approximate_days: int
) -> list[_Reach]:
    """Each event's bounds, with open-ended periods closed per person by later closing events."""
    bounds = {
        position: date_bounds(event.start, event.date_precision, approximate_days)
        for position, event in events
    }
    closers = sorted(
        ((bounds[p], p, e) for p, e in events if e.kind in CLOSING_KINDS),
        key=lambda item: (item[0][0], item[1]),
    )
    reaches = []
    for position, event in events:
        first, last = bounds[position]
        if event.end is not None:
            last = date_bounds(event.end, event.date_precision, approximate_days)[1]
        names = [p for p in event.people if people is None or p in people]
        if event.end is None and event.kind in PERIOD_KINDS:
            until = {
                name: next(
                    (
                        latest
                        for (_, latest), p, closer in closers
                        if p != position and name in closer.people and latest >= first
                    ),
                    None,
                )
                for name in names
            }
        else:
            until = dict.fromkeys(names, last)
        reaches.append(_Reach(event, position, first, until))
    return sorted(reaches, key=lambda r: (r.first, r.position))


def _involvement(
    journey: Journey,
    name: str,
    on: dt.date,
    counted: list[_Reach],
    open_periods: list[_Reach],
    who: set[str],
    window_days: int,
) -> Involvement:
    contacts = sorted(_contacts(counted, on), key=lambda c: (c.day, c.position))
    last = contacts[-1]
    start_of = open_periods[0] if open_periods else counted[0]
    if open_periods:
        parts = [_period_phrase(r.event) for r in open_periods]
        if last.ended or last.position not in {r.position for r in open_periods}:
            parts.append(f"last contact {_contact_phrase(last)}")
        what_for = "; ".join(parts)
    elif len(counted) == 1:
        what_for = f"Last contact {_contact_phrase(last)}"
    else:
        what_for = f"{len(counted)} contacts in {window_days} days; last {_contact_phrase(last)}"
    return Involvement(
        agency=name,
        sector=journey.agency(name).sector,
        status=OPEN_SUPPORT if open_periods else RECENT_CONTACT,
        since=start_of.event.start,
        last_contact=last.day,
        what_for=what_for,
        people=tuple(sorted(who)),
        event_ids=tuple(r.event.id for r in counted),
        since_precision=start_of.event.date_precision,
        last_contact_precision=last.precision,
    )


def _contacts(counted: Iterable[_Reach], on: dt.date) -> Iterable[_Contact]:
    """The starts of counted events, and the ends of periods that ended before `on`."""
    for reach in counted:
        event = reach.event
        yield _Contact(event.start, event.date_precision, event, False, reach.position)
        if event.end is not None and event.end < on:
            yield _Contact(event.end, event.date_precision, event, True, reach.position)


def _period_phrase(event: Event) -> str:
    """'Tenancy since 3 Mar 2015: Whitefriars flat' or 'Placement 6 Mar 2015 to 20 Mar 2015: ..'."""
    if event.end is None:
        when = f"since {display_date(event.start, event.date_precision)}"
    else:
        when = display_span(event.start, event.end, event.date_precision)
    return f"{event.kind.label} {when}: {event.title}"


def _contact_phrase(contact: _Contact) -> str:
    """'12 Jun 2015: Rent arrears letter', naming the kind when it says more than 'contact'."""
    event = contact.event
    when = display_date(contact.day, contact.precision)
    if contact.ended:
        return f"{when}: {event.title} (ended)"
    if event.kind in {EventKind.CONTACT, EventKind.OTHER}:
        return f"{when}: {event.title}"
    label = event.kind.label
    kind = label if label[1:2].isupper() else label[:1].lower() + label[1:]  # keeps "A&E"
    return f"{when}, {kind}: {event.title}"
