"""Presenter mode as plain functions: which events a room may see, and the chart at each step."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from schemas import Cycle, Event, Journey, Sensitivity
from timeline.describe import display_span
from timeline.figures import SwimlaneOptions, build_swimlane_figure
from timeline.figures.timeaxis import TimeAxis
from timeline.service import Services

PRESENTER_OPTIONS = SwimlaneOptions(
    show_title=False, range_slider=False, lane_pitch_px=17, status_strip=False
)
SOURCE_WORDS = {
    "agency_record": "From the agency record",
    "self_report": "In their own words",
    "co_review": "Added in co-review",
    "illustrative": "Illustrative (invented for this case study)",
}


def presentable_events(journey: Journey, show_sensitive: bool) -> list[Event]:
    """Events in date order that this room may see: never restricted, sensitive only if chosen."""
    allowed = {Sensitivity.NORMAL} | ({Sensitivity.SENSITIVE} if show_sensitive else set())
    visible = [e for e in journey.events if e.sensitivity in allowed]
    return sorted(visible, key=lambda e: (e.start, e.id))


@dataclass(frozen=True)
class Step:
    """One step of a presentation: the chart so far and the caption for the newest event."""

    number: int
    total: int
    figure: go.Figure
    caption: dict[str, str]


def build_step(services: Services, key: str, step: int, show_sensitive: bool) -> Step:
    """The chart revealed up to `step` (clamped), with only the cycles completed by then."""
    journey = services.load_journey(key)
    events = presentable_events(journey, show_sensitive)
    if not events:
        figure = build_swimlane_figure(
            journey.model_copy(update={"events": ()}), (), PRESENTER_OPTIONS
        )
        return Step(
            0,
            0,
            figure,
            {"title": "No events to show", "when": "", "who": "", "text": "", "source": ""},
        )
    step = max(0, min(step, len(events) - 1))
    shown = events[: step + 1]
    partial = journey.model_copy(update={"events": tuple(shown), "annotations": ()})
    cycles: list[Cycle] = services.find_cycles(partial)
    figure = build_swimlane_figure(partial, cycles, PRESENTER_OPTIONS)
    # the whole presentation's span, so the axis stays still as events appear
    whole = TimeAxis().padded_range(events[0].start, max((e.end or e.start) for e in events))
    figure.update_layout(xaxis_range=whole)
    newest = shown[-1]
    when = display_span(newest.start, newest.end, newest.date_precision)
    caption = {
        "title": newest.title,
        "when": when,
        "who": f"{newest.agency} · {newest.kind.label} · {', '.join(newest.people)}",
        "text": newest.description,
        "source": SOURCE_WORDS[newest.source.value],
    }
    return Step(step, len(events), figure, caption)
