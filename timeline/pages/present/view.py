"""Presenter mode as plain functions: which events a room may see, and the chart at each step."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from schemas import Annotation, AnnotationKind, Cycle, Event, Journey
from timeline.access import Action
from timeline.audience import in_the_room, show_events
from timeline.consent import Audience
from timeline.describe import display_date, display_span, plural
from timeline.figures import SwimlaneOptions, build_swimlane_figure
from timeline.figures.theme import apply_high_contrast
from timeline.figures.timeaxis import TimeAxis
from timeline.service import Services

PRESENTER_OPTIONS = SwimlaneOptions(
    show_title=False, range_slider=False, lane_pitch_px=15, status_strip=False
)
SOURCE_WORDS = {
    "agency_record": "From the agency record",
    "self_report": "In their own words",
    "co_review": "Added in co-review",
    "illustrative": "Illustrative (invented for this case study)",
}
DRAWN_NOTES = {
    AnnotationKind.MISSED_OPPORTUNITY,
    AnnotationKind.IN_MY_WORDS,
    AnnotationKind.STRENGTH,
}
STEP_BY = {  # how far one press of Next goes
    "event": "one event",
    "month": "one month",
    "quarter": "three months",
    "year": "one year",
}


def presentable_events(journey: Journey, show_sensitive: bool) -> list[Event]:
    """Events in date order that this room may see: never restricted, sensitive only if chosen."""
    visible = [e for e in journey.events if in_the_room(e, show_sensitive)]
    return sorted(visible, key=lambda e: (e.start, e.id))


def room_journey(journey: Journey, show_sensitive: bool) -> Journey:
    """The journey as the room may see it: what it may not see is left out, with every lane,
    person and note only that named (timeline/audience.py)."""
    return show_events(journey, lambda e: in_the_room(e, show_sensitive))


def period_of(day: dt.date, by: str) -> str:
    """The period a date falls in, as its heading: 'March 2015', 'Jan to Mar 2015', '2015'."""
    if by == "month":
        return f"{day:%B %Y}"
    if by == "quarter":
        first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        last = dt.date(day.year, first.month + 2, 1)
        return f"{first:%b} to {last:%b %Y}"
    if by == "year":
        return str(day.year)
    raise ValueError(f"Step by one of {', '.join(STEP_BY)}, not {by!r}.")


def group_steps(events: list[Event], by: str) -> list[tuple[str, list[Event]]]:
    """The presentation's steps: one per event, or one per period that has any events."""
    if by == "event":
        return [("", [event]) for event in events]
    return [
        (heading, list(group))
        for heading, group in itertools.groupby(events, key=lambda e: period_of(e.start, by))
    ]


@dataclass(frozen=True)
class Step:
    """One step of a presentation: the chart so far and the caption for what it adds."""

    number: int
    total: int
    figure: dict
    caption: dict


def _missed_notes(journey: Journey, shown: set[str]) -> dict[str, str]:
    """Missed-opportunity text by event id, for the events revealed so far."""
    notes: dict[str, str] = {}
    for note in journey.annotations:
        if note.kind is AnnotationKind.MISSED_OPPORTUNITY and set(note.event_ids) <= shown:
            for event_id in note.event_ids:
                notes[event_id] = note.text
    return notes


def _note_revealed(note: Annotation, ids: set[str], shown: list[Event], last_step: bool) -> bool:
    """A drawn note once all its events are shown and its period (if any) has been reached.

    A period counts as reached when the latest event shown starts on or after the period's last
    day (the whole remainder at the last step), so a strength like "longest time without a
    crisis" never gives away what comes next.
    """
    if note.kind not in DRAWN_NOTES or not set(note.event_ids) <= ids:
        return False
    if note.start is None:
        return bool(note.event_ids)
    return last_step or (note.end or note.start) <= max(e.start for e in shown)


def _event_caption(event: Event, missed: dict[str, str]) -> dict:
    return {
        "title": event.title,
        "when": display_span(event.start, event.end, event.date_precision),
        "who": f"{event.agency} · {event.kind.label} · {', '.join(event.people)}",
        "text": event.description,
        "source": SOURCE_WORDS[event.source.value],
        "items": [],
        "missed": [missed[event.id]] if event.id in missed else [],
    }


def _period_caption(heading: str, events: list[Event], missed: dict[str, str]) -> dict:
    agencies = sorted({e.agency for e in events})
    count = plural(len(agencies), "agency", "agencies")
    return {
        "title": heading,
        "when": f"{plural(len(events), 'event')} with {count}",
        "who": "",  # each item names its agency
        "text": "",
        "source": "",
        "items": [
            f"{display_date(e.start, e.date_precision)} · {e.agency} · {e.kind.label}: {e.title}"
            for e in events
        ],
        "missed": [f"{e.title}: {missed[e.id]}" for e in events if e.id in missed],
    }


def build_step(
    services: Services,
    key: str,
    step: int,
    show_sensitive: bool,
    by: str = "event",
    *,
    high_contrast: bool = False,
) -> Step:
    """The chart revealed up to `step` (clamped), with only the cycles completed by then."""
    stored = services.load_journey(key, Action.PRESENT)
    services.require_consent(stored, Audience.WORKSHOP)  # also for a forged callback
    # lanes come from everything the room will see, so they stay still as events appear
    journey = room_journey(stored, show_sensitive)
    steps = group_steps(presentable_events(journey, show_sensitive), by)
    if not steps:
        figure = build_swimlane_figure(
            journey.model_copy(update={"events": (), "annotations": ()}), (), PRESENTER_OPTIONS
        )
        empty = {"title": "No events to show", "when": "", "who": "", "text": "", "source": ""}
        return Step(0, 0, figure, {**empty, "items": [], "missed": []})
    step = max(0, min(step, len(steps) - 1))
    shown = [event for _, group in steps[: step + 1] for event in group]
    ids_shown = {e.id for e in shown}
    missed = _missed_notes(journey, ids_shown)
    last_step = step == len(steps) - 1
    notes = tuple(a for a in journey.annotations if _note_revealed(a, ids_shown, shown, last_step))
    partial = journey.model_copy(update={"events": tuple(shown), "annotations": notes})
    cycles: list[Cycle] = services.find_cycles(partial)
    figure = build_swimlane_figure(partial, cycles, PRESENTER_OPTIONS)
    # the whole presentation's span, so the axis stays still as events appear
    every = [event for _, group in steps for event in group]
    whole = TimeAxis().padded_range(every[0].start, max((e.end or e.start) for e in every))
    figure["layout"]["xaxis"]["range"] = whole
    figure["layout"].pop("height", None)  # fill the presenter's frame, whatever the screen
    if high_contrast:
        figure = apply_high_contrast(figure)
    heading, newest = steps[step]
    caption = (
        _event_caption(newest[0], missed)
        if by == "event"
        else _period_caption(heading, newest, missed)
    )
    return Step(step, len(steps), figure, caption)
