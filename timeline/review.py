"""Co-review outcomes as pure functions: what accepting a reviewer's proposal does to a journey.

- a comment, "in my words" entry or strength becomes a note (annotation) on the event or period,
  attributed by role only, with the "paraphrased" mark when the reviewer ticked it;
- a correction changes the event's kind, agency, dates and/or title and marks its source as
  co-review; what the agency's record said is kept as a note attributed to the agency record,
  and the reviewer's words, if any, as a comment beside it (timeline/corrections.py);
- "hide this" makes the event restricted: facilitators still see it, but it is never shown in
  presenter mode, the review view, exports or to commissioners.
"""

from __future__ import annotations

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
from timeline.corrections import correct_event

NOTE_KINDS = {
    ReviewKind.COMMENT: AnnotationKind.COMMENT,
    ReviewKind.IN_MY_WORDS: AnnotationKind.IN_MY_WORDS,
    ReviewKind.STRENGTH: AnnotationKind.STRENGTH,
}


class ReviewError(ValueError):
    """A proposal that cannot apply to this journey; the message says why."""


def check_proposal(journey: Journey, proposal: ReviewProposal) -> None:
    """Raise ReviewError when the proposal names an event this journey does not show."""
    if proposal.event_id is not None and proposal.event_id not in {
        e.id for e in shown_events(journey)
    }:
        raise ReviewError(f"There is no event {proposal.event_id!r} in {journey.title!r}.")
    if proposal.corrected_agency is not None and proposal.corrected_agency not in {
        e.agency for e in shown_events(journey)
    }:
        raise ReviewError(
            f"There is no service {proposal.corrected_agency!r} in {journey.title!r}."
        )


def shown_events(journey: Journey) -> list:
    """The events anyone but a facilitator may see: everything not restricted."""
    return [e for e in journey.events if e.sensitivity is not Sensitivity.RESTRICTED]


def without_restricted(journey: Journey, hidden: frozenset[str] = frozenset()) -> Journey:
    """The journey as shown outside the facilitator's own view: restricted events (and those in
    `hidden`, e.g. waiting on a "please hide this") left out, with their notes, and the agencies
    and people only they named, since a lane's name can itself be the sensitive fact."""
    kept = [e for e in shown_events(journey) if e.id not in hidden]
    if len(kept) == len(journey.events):
        return journey
    ids = {e.id for e in kept}
    notes = tuple(
        a.model_copy(update={"event_ids": tuple(i for i in a.event_ids if i in ids)})
        for a in journey.annotations
        if not a.event_ids or any(i in ids for i in a.event_ids)
    )
    named = {e.agency for e in kept}
    parent_of = {a.name: a.parent for a in journey.agencies}
    for name in list(named):  # parents (and theirs) stay, so every lane's group resolves
        while parent_of.get(name) and parent_of[name] not in named:
            name = parent_of[name]
            named.add(name)
    agencies = tuple(a for a in journey.agencies if a.name in named)
    people = tuple(p for p in journey.people if any(p.pseudonym in e.people for e in kept))
    update = {
        "events": tuple(kept),
        "annotations": notes,
        # a journey has at least one person and agency, even when nothing is left to show
        "agencies": agencies or journey.agencies[:1],
        "people": people or journey.people[:1],
    }
    return journey.model_copy(update=update)


def apply_review(journey: Journey, item: ReviewItem) -> Journey:
    """The journey with an accepted proposal applied (ReviewError when it no longer fits)."""
    proposal = item.proposal
    events = list(journey.events)
    notes = list(journey.annotations)
    by_id = {e.id: i for i, e in enumerate(events)}
    if proposal.event_id is not None and proposal.event_id not in by_id:
        raise ReviewError(
            f"Event {proposal.event_id!r} is no longer in {journey.title!r}; decline this one."
        )
    note_id = f"review-{item.id}"
    if proposal.kind in NOTE_KINDS:
        notes.append(_note(item, NOTE_KINDS[proposal.kind], note_id))
    elif proposal.kind is ReviewKind.HIDE:
        i = by_id[proposal.event_id]
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
