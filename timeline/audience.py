"""What an audience is shown of a journey: one rule for every view outside a facilitator's own.

Each audience may see only some events: nobody but facilitators sees a restricted one, a
workshop room sees a sensitive one only when the presenter chose to show them, and an event a
reviewer asked to hide is left out at once while the request waits (timeline/review.py). What
is named only by the events an audience may not see is left out with them, because a lane's
name can itself be the sensitive fact ("Domestic abuse · Women's Aid"):

- the notes about those events only (missed opportunities, comments, "in my words" entries,
  strengths), so neither a voice lane nor a note mark is drawn for them;
- every agency seen only in them, and so every sector seen only in them: no lane, no sector
  heading, no provider type in the key, no count;
- every person seen only in them: no status strip, no name in the key, no count.

An agency with no event at all stays (a facilitator listed it), unless it is part of an agency
left out; an agency that is part of another keeps that parent named. When nothing is left the
journey as shown has no agency or person (a ShownJourney), never a stand-in.
"""

from __future__ import annotations

from collections.abc import Callable

from schemas import Event, Journey, Sensitivity, ShownJourney


def outside_facilitators(event: Event) -> bool:
    """Whether anyone but a facilitator may see `event`: everything not restricted."""
    return event.sensitivity is not Sensitivity.RESTRICTED


def in_the_room(event: Event, show_sensitive: bool) -> bool:
    """Whether a workshop room may see `event`: never restricted, sensitive only if chosen."""
    allowed = {Sensitivity.NORMAL} | ({Sensitivity.SENSITIVE} if show_sensitive else set())
    return event.sensitivity in allowed


def show_events(journey: Journey, shown: Callable[[Event], bool]) -> Journey:
    """The journey as an audience that sees only the events `shown` accepts: the rest left out,
    with their notes and every agency, sector and person named only by them (the journey itself
    when nothing is left out)."""
    kept = [e for e in journey.events if shown(e)]
    if len(kept) == len(journey.events):
        return journey
    left_out = [e for e in journey.events if not shown(e)]
    ids = {e.id for e in kept}
    notes = tuple(
        a.model_copy(update={"event_ids": tuple(i for i in a.event_ids if i in ids)})
        for a in journey.annotations
        if not a.event_ids or any(i in ids for i in a.event_ids)
    )
    agencies = _agencies_shown(journey, kept, left_out)
    with_kept = {p for e in kept for p in e.people}
    only_left_out = {p for e in left_out for p in e.people} - with_kept
    people = tuple(p for p in journey.people if p.pseudonym not in only_left_out)
    fields = {name: getattr(journey, name) for name in Journey.model_fields}
    # built from a validated journey by leaving things out, so trusted without validating again
    shown_fields = {"events": tuple(kept), "annotations": notes, "agencies": agencies}
    return ShownJourney.model_construct(**fields | shown_fields | {"people": people})


def _agencies_shown(journey: Journey, kept: list[Event], left_out: list[Event]) -> tuple:
    parent_of = {a.name: a.parent for a in journey.agencies}
    with_kept = {e.agency for e in kept}
    only_left_out = {e.agency for e in left_out} - with_kept
    stays = {
        a.name
        for a in journey.agencies
        if a.name in with_kept
        or (a.name not in only_left_out and not _ancestors(a.name, parent_of) & only_left_out)
    }
    for name in list(stays):  # a part keeps its parent (and theirs) named: its lane's group
        stays |= _ancestors(name, parent_of)
    return tuple(a for a in journey.agencies if a.name in stays)


def _ancestors(name: str, parent_of: dict[str, str | None]) -> set[str]:
    found: set[str] = set()
    while (parent := parent_of.get(name)) and parent not in found:
        found.add(parent)
        name = parent
    return found
