"""Co-review outcomes as pure functions: what accepting a reviewer's proposal does to a journey.

- a comment, "in my words" entry or strength becomes a note (annotation) on the event or period,
  attributed by role only, with the "paraphrased" mark when the reviewer ticked it;
- a correction changes the event's kind, agency, dates and/or title and marks its source as
  co-review; what the agency's record said is kept as a note attributed to the agency record,
  and the reviewer's words, if any, as a comment beside it (timeline/corrections.py);
- "hide this" makes the event restricted: facilitators still see it, but it is never shown in
  presenter mode, the review view, exports or to commissioners. A request to hide a whole agency
  (with the agencies that are part of it) or a whole sector makes every event there restricted.
  While a request waits, what it covers is left out of presenting, exports and commissioners'
  views at once (`without_restricted` with the pending requests).
"""

from __future__ import annotations

from collections.abc import Iterable

from schemas import (
    Annotation,
    AnnotationKind,
    Journey,
    ReviewItem,
    ReviewKind,
    ReviewProposal,
    Sensitivity,
    stored_values,
)
from timeline.audience import outside_facilitators, show_events
from timeline.corrections import correct_event

NOTE_KINDS = {
    ReviewKind.COMMENT: AnnotationKind.COMMENT,
    ReviewKind.IN_MY_WORDS: AnnotationKind.IN_MY_WORDS,
    ReviewKind.STRENGTH: AnnotationKind.STRENGTH,
}


class ReviewError(ValueError):
    """A proposal that cannot apply to this journey; the message says why."""


def check_proposal(journey: Journey, proposal: ReviewProposal) -> None:
    """Raise ReviewError when the proposal names an event, agency or sector this journey does
    not show."""
    shown = shown_events(journey)
    if proposal.event_id is not None and proposal.event_id not in {e.id for e in shown}:
        raise ReviewError(f"There is no event {proposal.event_id!r} in {journey.title!r}.")
    if proposal.agency is not None and proposal.agency not in {e.agency for e in shown}:
        raise ReviewError(f"There is no service {proposal.agency!r} in {journey.title!r}.")
    if proposal.sector is not None and proposal.sector not in {
        journey.agency(e.agency).sector for e in shown
    }:
        raise ReviewError(f"There is no kind of service {proposal.sector!r} in {journey.title!r}.")
    if proposal.corrected_agency is not None and proposal.corrected_agency not in {
        e.agency for e in shown
    }:
        raise ReviewError(
            f"There is no service {proposal.corrected_agency!r} in {journey.title!r}."
        )


def shown_events(journey: Journey) -> list:
    """The events anyone but a facilitator may see: everything not restricted."""
    return [e for e in journey.events if outside_facilitators(e)]


def hidden_by(journey: Journey, requests: Iterable[ReviewProposal]) -> frozenset[str]:
    """Ids of the events requests to hide cover: one event, or every event of an agency (and of
    the agencies that are part of it) or of a sector."""
    hidden: set[str] = set()
    for request in requests:
        if request.kind is not ReviewKind.HIDE:
            continue
        if request.event_id is not None:
            hidden.add(request.event_id)
        else:
            hidden |= _whole_service_events(journey, request)
    return frozenset(hidden)


def _whole_service_events(journey: Journey, request: ReviewProposal) -> set[str]:
    if request.sector is not None:
        agencies = {a.name for a in journey.agencies if a.sector == request.sector}
    else:
        agencies, parts = set(), {request.agency}
        while parts - agencies:  # the agency, the agencies part of it, and theirs
            agencies |= parts
            parts = {a.name for a in journey.agencies if a.parent in agencies}
    return {e.id for e in journey.events if e.agency in agencies}


def without_restricted(journey: Journey, pending: Iterable[ReviewProposal] = ()) -> Journey:
    """The journey as shown outside the facilitator's own view: restricted events, and those
    `pending` requests to hide cover, left out with their notes and every agency, sector and
    person only they named (timeline/audience.py); nothing stands in when nothing is left."""
    hidden = hidden_by(journey, pending)
    return show_events(journey, lambda e: outside_facilitators(e) and e.id not in hidden)


def apply_review(journey: Journey, item: ReviewItem) -> Journey:
    """The journey with an accepted proposal applied (ReviewError when it no longer fits)."""
    proposal = item.proposal
    events = list(journey.events)
    notes = list(journey.annotations)
    by_id = {e.id: i for i, e in enumerate(events)}
    if proposal.event_id is not None and proposal.event_id not in by_id:
        raise ReviewError(
            f"The event this is about is no longer in {journey.title!r}; decline this one."
        )
    note_id = f"review-{item.id}"
    if proposal.kind in NOTE_KINDS:
        notes.append(_note(item, NOTE_KINDS[proposal.kind], note_id))
    elif proposal.kind is ReviewKind.HIDE:
        covered = hidden_by(journey, [proposal])
        if not covered:
            whole = proposal.agency or proposal.sector
            raise ReviewError(f"{whole!r} has no events in {journey.title!r}; decline this one.")
        for i in sorted(by_id[event_id] for event_id in covered):
            events[i] = events[i].model_copy(update={"sensitivity": Sensitivity.RESTRICTED})
    else:
        try:
            events[by_id[proposal.event_id]], record = correct_event(journey, item)
        except ValueError as exc:
            raise ReviewError(str(exc)) from None
        # the agency's original, then the person's words: who said what, side by side
        notes.extend([record] if record is not None else [])
        if proposal.text:
            notes.append(_note(item, AnnotationKind.COMMENT, note_id))
    updated = journey.model_copy(update={"events": tuple(events), "annotations": tuple(notes)})
    with stored_values():  # a bad date stored elsewhere in the journey does not block this one
        return Journey.model_validate(updated.model_dump())


def _note(item: ReviewItem, kind: AnnotationKind, note_id: str) -> Annotation:
    proposal = item.proposal
    return Annotation(
        id=note_id,
        kind=kind,
        text=proposal.text,
        event_ids=(proposal.event_id,) if proposal.event_id else (),
        author_role=item.author_role,
        paraphrased=proposal.paraphrased,
        start=proposal.start,
        end=proposal.end,
    )
