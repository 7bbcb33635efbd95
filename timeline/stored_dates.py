"""A stored journey holding a date outside 1900-01-01..2100-12-31 (stored before the range was
checked, or written around the app): it is shown without the events and notes that hold one, and
the facilitator is told what was left out and that the editor fixes it. The editor itself gets
the journey as stored, so nothing is lost and the bad cell is named there on Save.
"""

from __future__ import annotations

from schemas import Annotation, AnnotationKind, Journey, date_range_problem

UNSHOWABLE_NOTE_ID = "unshowable-dates"
UNSHOWABLE_NOTE_AUTHOR = "Touchpoints"
_LISTED = 5  # problems named in the note; the rest are counted


def unshowable_dates(journey: Journey) -> list[str]:
    """Each date of the journey outside the range, in words: which event or note, which field."""
    problems = []
    for event in journey.events:
        for field, value in (("start", event.start), ("end", event.end)):
            problem = None if value is None else date_range_problem(value)
            if problem:
                problems.append(f"event {event.id} ({event.title}), {field}: {problem}")
    for note in journey.annotations:
        for field, value in (("start", note.start), ("end", note.end)):
            problem = None if value is None else date_range_problem(value)
            if problem:
                problems.append(f"note {note.id}, {field}: {problem}")
    return problems


def set_aside_unshowable(journey: Journey, *, tell: bool = False) -> Journey:
    """The journey without the events and notes whose dates cannot be shown (the journey itself
    when there are none); with `tell`, plus a note saying what was left out and how to fix it."""
    problems = unshowable_dates(journey)
    if not problems:
        return journey
    events = tuple(e for e in journey.events if not _bad(e.start, e.end))
    kept = {e.id for e in events}
    notes = [
        a.model_copy(update={"event_ids": tuple(i for i in a.event_ids if i in kept)})
        for a in journey.annotations
        if not _bad(a.start, a.end) and (not a.event_ids or any(i in kept for i in a.event_ids))
    ]
    if tell and UNSHOWABLE_NOTE_ID not in {a.id for a in notes}:
        notes.append(_unshowable_note(problems))
    return journey.model_copy(update={"events": events, "annotations": tuple(notes)})


def _bad(start: object, end: object) -> bool:
    return any(value is not None and date_range_problem(value) for value in (start, end))


def _unshowable_note(problems: list[str]) -> Annotation:
    listed = "; ".join(problems[:_LISTED])
    more = len(problems) - _LISTED
    if more > 0:
        listed += f"; and {more} more"
    return Annotation(
        id=UNSHOWABLE_NOTE_ID,
        kind=AnnotationKind.COMMENT,
        text=(
            "This journey holds dates that cannot be shown, so what holds them is left out of "
            f"the chart, presenting and downloads until they are fixed in the editor: {listed}."
        ),
        author_role=UNSHOWABLE_NOTE_AUTHOR,
    )
