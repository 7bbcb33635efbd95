"""What an accepted "something is wrong" does to the event: it takes the person's account (what
kind of contact it was, which service, the dates, the title), and what the agency's record said
is kept beside it as a note attributed to the agency record, naming who corrected it.

Cycles are found from the journey as it is, so a corrected kind counts at once: an eviction the
person says was a move is no longer counted in an eviction cycle.
"""

from __future__ import annotations

from schemas import (
    Annotation,
    AnnotationKind,
    DatePrecision,
    Event,
    Journey,
    ReviewItem,
    Source,
)
from timeline.describe import display_span

AGENCY_RECORD = "agency record"  # the author of the note keeping the agency's original


def correct_event(journey: Journey, item: ReviewItem) -> tuple[Event, Annotation | None]:
    """The corrected event, and the note keeping the agency's original (None when the correction
    changes nothing but adds words). ValueError, saying why, when it cannot apply."""
    proposal = item.proposal
    event = journey.events[[e.id for e in journey.events].index(proposal.event_id)]
    agency = proposal.corrected_agency or event.agency
    if agency not in {a.name for a in journey.agencies}:
        raise ValueError(
            f"{agency!r} is not one of the services in {journey.title!r}; decline this one, or "
            "add the service in the editor first."
        )
    start = proposal.corrected_start or event.start
    end = proposal.corrected_end or event.end
    if end is not None and end < start:
        if proposal.corrected_end is not None:
            raise ValueError(
                f"The right end date {end.isoformat()} is before the start {start.isoformat()}; "
                "decline this one, or edit the event."
            )
        raise ValueError(
            f"The corrected date {start.isoformat()} is after the event's end "
            f"{end.isoformat()}; edit the event instead."
        )
    kind = proposal.corrected_kind or event.kind
    title = proposal.corrected_title or event.title
    if proposal.corrected_title is None and event.title == event.kind.label:
        title = kind.label  # a title that only named the kind follows it
    corrected = event.model_copy(
        update={
            "kind": kind,
            "agency": agency,
            "title": title,
            "start": start,
            "end": end,
            # a corrected start is a day picked from a calendar
            "date_precision": (
                DatePrecision.DAY if proposal.corrected_start else event.date_precision
            ),
            "source": Source.CO_REVIEW,
        }
    )
    if _account(corrected) == _account(event):
        return corrected, None
    return corrected, _agency_record(item, event, corrected)


def _account(event: Event) -> str:
    """Kind, service, dates and title of an event, as people read them."""
    when = display_span(event.start, event.end, event.date_precision)
    return f"{event.kind.label} · {event.agency} · {when} · {event.title}"


def _agency_record(item: ReviewItem, original: Event, corrected: Event) -> Annotation:
    who = item.author_role[:1].upper() + item.author_role[1:]
    return Annotation(
        id=f"review-{item.id}-record",
        kind=AnnotationKind.COMMENT,
        text=(
            f"The agency's record said: {_account(original)}. {who} said it was: "
            f"{_account(corrected)} (accepted in co-review)."
        ),
        event_ids=(original.id,),
        author_role=AGENCY_RECORD,
    )
