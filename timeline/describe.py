"""Plain-English words about a journey, for headings, alt text and figure subtitles."""

from __future__ import annotations

import datetime as dt

from schemas import DatePrecision, Journey, JourneySummary


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


def display_date(value: dt.date, precision: DatePrecision) -> str:
    """A date as people read it on screen ("2 Mar 2015", "Mar 2015", "c. 2 Mar 2015")."""
    if precision is DatePrecision.YEAR:
        return f"{value.year}"
    if precision is DatePrecision.MONTH:
        return value.strftime("%b %Y")
    text = f"{value.day} {value.strftime('%b %Y')}"
    return f"c. {text}" if precision is DatePrecision.APPROXIMATE else text
