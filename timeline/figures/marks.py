"""Event marks: points as markers, periods as bars; who was involved and how sure the date is.

In a household each person has their own band in every lane (the first person above the lane's
line, the second below), and events shared by everyone sit on the line. Dates known only to the
month or year, or marked approximate, carry whiskers (points) or hatching (periods).
"""

from __future__ import annotations

import calendar
from html import escape

from schemas import DatePrecision, Event, Journey
from timeline.describe import display_span
from timeline.figures.lanes import LaneLayout
from timeline.figures.palette import PROVIDER_SYMBOLS
from timeline.figures.timeaxis import TimeAxis

HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]} · %{customdata[3]}"
    "<br>%{customdata[4]}<extra></extra>"
)
PERSON_SPREAD = 0.44  # how far apart, in lanes, the first and last person's bands are
SOLO_BAR = 0.26
SHARED_BAR = 0.56


def person_offsets(journey: Journey) -> dict[str, float]:
    """Each person's offset from the lane line; a single person sits on it."""
    names = [p.pseudonym for p in journey.people]
    if len(names) == 1:
        return {names[0]: 0.0}
    step = PERSON_SPREAD / (len(names) - 1)
    return {name: -PERSON_SPREAD / 2 + i * step for i, name in enumerate(names)}


def _offset(event: Event, offsets: dict[str, float]) -> float:
    return 0.0 if len(event.people) > 1 else offsets[event.people[0]]


def hover_row(event: Event, sector: str, agency: str) -> list[str]:
    """The five hover lines of an event: title, when, agency (sector), kind, people."""
    when = display_span(event.start, event.end, event.date_precision)
    return [
        escape(event.title),
        when,
        escape(f"{agency} ({sector})"),
        event.kind.label,
        escape("People: " + ", ".join(event.people)),
    ]


def uncertainty_days(event: Event, approximate_days: int) -> tuple[int, int]:
    """Days the start may really be before and after the date drawn."""
    start = event.start
    if event.date_precision is DatePrecision.MONTH:
        return 0, calendar.monthrange(start.year, start.month)[1] - start.day
    if event.date_precision is DatePrecision.YEAR:
        return 0, (start.replace(month=12, day=31) - start).days
    if event.date_precision is DatePrecision.APPROXIMATE:
        return approximate_days, approximate_days
    return 0, 0


def build_event_traces(
    journey: Journey, layout: LaneLayout, axis: TimeAxis, approximate_days: int
) -> list[dict]:
    """One bar trace and one marker trace per sector group, in group order."""
    offsets = person_offsets(journey)
    household = len(offsets) > 1
    colour_of = {g.sector: g.colour for g in layout.groups}
    traces: list[dict] = []
    for group in layout.groups:
        events = [e for e in journey.events if layout.lane_of[e.agency].sector == group.sector]
        intervals = [e for e in events if e.end is not None]
        points = [e for e in events if e.end is None]
        colour = colour_of[group.sector]
        if intervals:
            traces.append(_bars(intervals, layout, axis, offsets, household, colour, group.sector))
        if points:
            traces.append(
                _points(points, layout, axis, offsets, colour, group.sector, approximate_days)
            )
    return traces


def _bars(events, layout, axis, offsets, household, colour, sector) -> dict:  # noqa: ANN001
    return dict(  # a plain dict: plotly validates it once, in go.Figure
        type="bar",
        name=escape(sector),  # shown in legends and hover labels: user text
        showlegend=False,
        orientation="h",
        base=[axis.x(e.start) for e in events],
        x=[axis.length((e.end - e.start).days + 1) for e in events],
        y=[layout.lane_of[e.agency].y + _offset(e, offsets) for e in events],
        width=[SHARED_BAR if not household or len(e.people) > 1 else SOLO_BAR for e in events],
        marker={
            "color": colour,
            "opacity": 0.55,
            "line": {"color": colour, "width": 1},
            "pattern": {
                "shape": ["/" if e.date_precision is not DatePrecision.DAY else "" for e in events],
                "fgcolor": "#1a1a1a",
                "size": 6,
            },
        },
        customdata=[hover_row(e, sector, e.agency) for e in events],
        hovertemplate=HOVER,
        meta={"role": "intervals", "sector": sector, "event_ids": [e.id for e in events]},
    )


def _points(events, layout, axis, offsets, colour, sector, approximate_days) -> dict:  # noqa: ANN001
    spans = [uncertainty_days(e, approximate_days) for e in events]
    uncertain = any(before or after for before, after in spans)
    symbols = []
    for event in events:
        lane = layout.lane_of[event.agency]
        provider = lane.provider_type if lane.provider_type is not None else None
        symbols.append(PROVIDER_SYMBOLS[provider][0] if provider is not None else "circle")
    return dict(
        type="scatter",
        name=escape(sector),  # shown in legends and hover labels: user text
        showlegend=False,
        mode="markers",
        x=[axis.x(e.start) for e in events],
        y=[layout.lane_of[e.agency].y + _offset(e, offsets) for e in events],
        marker={
            "color": colour,
            "size": 11,
            "symbol": symbols,
            "line": {"color": "#1a1a1a", "width": 1},
        },
        error_x={
            "type": "data",
            "symmetric": False,
            "visible": uncertain,
            "array": [axis.length(after) for _before, after in spans],
            "arrayminus": [axis.length(before) for before, _after in spans],
            "color": "#1a1a1a",
            "thickness": 1.5,
            "width": 4,
        },
        customdata=[hover_row(e, sector, e.agency) for e in events],
        hovertemplate=HOVER,
        meta={"role": "points", "sector": sector, "event_ids": [e.id for e in events]},
    )
