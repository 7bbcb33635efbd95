"""Plain-English words about a journey, for headings, alt text and figure subtitles."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from schemas import Cycle, DatePrecision, Event, Journey, JourneySummary


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 person', '2 people', '3 agencies'."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def summarise_counts(summary: JourneySummary) -> str:
    """One line a facilitator can read aloud: '2 people · 24 agencies in 9 sectors · 700 days'."""
    return " · ".join(
        (
            plural(summary.people, "person", "people"),
            f"{plural(summary.agencies, 'agency', 'agencies')} "
            f"in {plural(summary.sectors, 'sector')}",
            plural(summary.span_days, "day"),
        )
    )


def describe_counts(journey: Journey) -> str:
    """summarise_counts for a journey held in memory."""
    return summarise_counts(JourneySummary.of(journey))


def display_span(
    start: dt.date, end: dt.date | None, precision: DatePrecision = DatePrecision.DAY
) -> str:
    """A date or a period as people read it: '2 Mar 2015', '2 Mar 2015 to 6 Apr 2015'."""
    text = display_date(start, precision)
    return f"{text} to {display_date(end, precision)}" if end is not None else text


def display_date(value: dt.date, precision: DatePrecision) -> str:
    """A date as people read it on screen ("2 Mar 2015", "Mar 2015", "c. 2 Mar 2015")."""
    if precision is DatePrecision.YEAR:
        return f"{value.year}"
    if precision is DatePrecision.MONTH:
        return value.strftime("%b %Y")
    text = f"{value.day} {value.strftime('%b %Y')}"
    return f"c. {text}" if precision is DatePrecision.APPROXIMATE else text


NOT_COUNTED_HEADING = "Not counted toward a cycle:"


def describe_not_counted(event: Event) -> str:
    """Why a self-discharge is left out of the hospital rule, as one line people can check."""
    on = display_date(event.start, event.date_precision)
    return (
        f"Self-discharge, admission not recorded: {on} ({event.agency}). It counts toward a "
        "hospital self-discharge loop once the admission or A&E visit it ended is added."
    )


def describe_journey(
    journey: Journey, cycles: list[Cycle], not_counted: Sequence[Event] = ()
) -> str:
    """A plain-English text alternative to the swimlane: people, span, agencies, every cycle,
    and the self-discharges left out for want of an admission."""
    summary = JourneySummary.of(journey)
    names = [p.pseudonym for p in journey.people]
    who = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
    article = "An" if journey.provenance.value[0] in "aeiou" else "A"
    of_who = f" of {who}" if names else ""  # none left when nothing may be shown here
    lines = [f"{journey.title}. {article} {journey.provenance.value} journey{of_who}."]
    if not journey.events:
        lines.append("No events to show.")
    if summary.first_date and summary.last_date:
        first = display_date(summary.first_date, DatePrecision.DAY)
        last = display_date(summary.last_date, DatePrecision.DAY)
        lines.append(
            f"{plural(summary.events, 'event')} from {first} to {last} "
            f"({plural(summary.span_days, 'day')}), with "
            f"{plural(summary.agencies, 'agency', 'agencies')} in "
            f"{plural(summary.sectors, 'sector')}."
        )
    events_by_sector = Counter(journey.agency(e.agency).sector for e in journey.events)
    agencies_by_sector = Counter(a.sector for a in journey.agencies)
    parts = [
        f"{sector}: {plural(count, 'agency', 'agencies')}, "
        f"{plural(events_by_sector[sector], 'event')}"
        for sector, count in agencies_by_sector.most_common()
    ]
    if parts:
        lines.append("By sector: " + "; ".join(parts) + ".")
    if not cycles:
        lines.append("No revolving-door cycles were found.")
    else:
        lines.append(f"{plural(len(cycles), 'revolving-door cycle')} found:")
        for cycle in cycles:
            people = ", ".join(cycle.people)
            possible = " (possible)" if cycle.certainty == "possible" else ""
            lines.append(f"{cycle.label.capitalize()}{possible} ({people}): {cycle.explanation}")
    if not_counted:
        lines.append(NOT_COUNTED_HEADING)
        lines += [describe_not_counted(event) for event in not_counted]
    return "\n".join(lines)
