"""What is drawn over the lanes: revolving-door cycles, and a status strip of where a person was.

A cycle is a shaded band over its span, its events ringed and joined in order, and a label
("custody cycle ×3") in a row of its own above the chart, so labels never cover events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from schemas import Cycle, EventKind, Journey
from timeline.describe import display_span
from timeline.figures.lanes import LaneLayout
from timeline.figures.marks import person_offsets
from timeline.figures.timeaxis import TimeAxis

CYCLE_COLOUR = "#D55E00"  # Okabe-Ito vermillion: distinct from every sector colour
STATUS = {  # kind -> (status shown, colour)
    EventKind.TENANCY: ("housed", "#009E73"),
    EventKind.PLACEMENT: ("hostel or placement", "#E69F00"),
    EventKind.ROUGH_SLEEPING: ("rough sleeping", "#CC3311"),
    EventKind.CUSTODY: ("in custody", "#4D4D4D"),
}
STATUS_ROW_GAP = 0.8
LABEL_ROW_GAP = 1.05
LABEL_PX_PER_CHAR = 7.5
PLOT_WIDTH_PX = 880  # roughly the plot area at 1280 px wide; only used to space labels


@dataclass(frozen=True)
class StripRow:
    """A status row above the lanes (one per person)."""

    person: str
    y: float
    label: str


def status_rows(journey: Journey, top: float) -> list[StripRow]:
    """One status row per person who has a housing, homelessness or custody event."""
    people = [
        p.pseudonym
        for p in journey.people
        if any(e.kind in STATUS and p.pseudonym in e.people for e in journey.events)
    ]
    single = len(journey.people) == 1
    last = len(people) - 1
    return [  # the first person's row on top, as in the lanes
        StripRow(
            name,
            top - 1.3 - (last - i) * STATUS_ROW_GAP,
            "<i>Status</i>" if single else f"<i>Status: {escape(name)}</i>",
        )
        for i, name in enumerate(people)
    ]


def build_status_traces(journey: Journey, rows: list[StripRow], axis: TimeAxis) -> list[dict]:
    """Thin bars showing when each person was housed, in a hostel, sleeping rough or in custody."""
    traces = []
    y_of = {row.person: row.y for row in rows}
    for kind, (status, colour) in STATUS.items():
        bars = [(e, p) for e in journey.events if e.kind is kind for p in e.people if p in y_of]
        if not bars:
            continue
        traces.append(
            dict(
                type="bar",
                name=status,
                showlegend=False,
                orientation="h",
                base=[axis.x(e.start) for e, _p in bars],
                x=[axis.length(max(4, ((e.end or e.start) - e.start).days + 1)) for e, _p in bars],
                y=[y_of[p] for _e, p in bars],
                width=0.5,
                marker={"color": colour, "line": {"width": 0}},
                customdata=[
                    [status.capitalize(), escape(e.agency), display_span(e.start, e.end)]
                    for e, _p in bars
                ],
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}"
                "<extra></extra>",
                meta={"role": "status", "status": status},
            )
        )
    return traces


def status_key(journey: Journey) -> str:
    """The status colours explained in words, for the key under the chart."""
    used = {e.kind for e in journey.events if e.kind in STATUS}
    return "   ".join(
        f"<span style='color:{colour}'>■</span> {status}"
        for kind, (status, colour) in STATUS.items()
        if kind in used
    )


def label_rows(cycles: list[Cycle], span_days: int) -> list[int]:
    """A row for each cycle label so that labels side by side never overlap."""
    px_per_day = PLOT_WIDTH_PX / max(span_days, 1)
    ends: list[float] = []
    rows = []
    for cycle in cycles:
        start = cycle.start.toordinal()
        width = len(cycle.label) * LABEL_PX_PER_CHAR / px_per_day
        row = next((i for i, end in enumerate(ends) if end < start), len(ends))
        if row == len(ends):
            ends.append(0)
        ends[row] = start + width + 2 / px_per_day
        rows.append(row)
    return rows


def build_cycle_overlays(
    journey: Journey,
    cycles: list[Cycle],
    layout: LaneLayout,
    axis: TimeAxis,
    label_base: float,
    span_days: int,
) -> tuple[list[dict], list[dict], list[dict]]:
    """Bands (shapes), labels (annotations) and ringed, joined events (traces) for each cycle."""
    by_id = {e.id: e for e in journey.events}
    offsets = person_offsets(journey)
    shapes, annotations, traces = [], [], []
    for index, (cycle, row) in enumerate(zip(cycles, label_rows(cycles, span_days), strict=True)):
        high = cycle.severity == "high"
        possible = cycle.certainty == "possible"  # hatched band, dashed outline, "possible"
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "layer": "below",
                "x0": axis.x(cycle.start),
                "x1": axis.x(cycle.end + dt.timedelta(days=1)),
                "y0": 0,
                "y1": 1,
                "line": {"width": 1.5, "dash": "dash", "color": CYCLE_COLOUR}
                if possible
                else {"width": 0},
                "fillcolor": f"rgba(213, 94, 0, {0.04 if possible else 0.17 if high else 0.09})",
                "name": f"cycle-band-{index}",
            }
        )
        annotations.append(
            {
                "xref": "x",
                "yref": "y",
                "x": axis.x(cycle.start),
                "y": label_base - row * LABEL_ROW_GAP,
                "xanchor": "left",
                "yanchor": "middle",
                "showarrow": False,
                "text": ("<i>possible</i> " if possible else "")
                + f"<b>{escape(cycle.label)}</b>"
                + (" · high" if high else ""),
                "font": {"size": 12, "color": "#8a3300"},
                "bgcolor": "rgba(255,255,255,0.85)",
                "bordercolor": CYCLE_COLOUR,
                "borderwidth": 1,
                "borderpad": 2,
                "name": f"cycle-label-{index}",
            }
        )
        events = sorted((by_id[i] for i in cycle.event_ids), key=lambda e: e.start)
        traces.append(
            dict(
                type="scatter",
                name=cycle.label,
                showlegend=False,
                mode="lines+markers",
                x=[axis.x(e.start) for e in events],
                y=[
                    layout.lane_of[e.agency].y
                    + (0.0 if len(e.people) > 1 else offsets[e.people[0]])
                    for e in events
                ],
                line={"color": CYCLE_COLOUR, "width": 1 if possible else 2, "dash": "dot"},
                marker={
                    "symbol": "circle-open",
                    "size": 20,
                    "color": CYCLE_COLOUR,
                    "line": {"width": 2.5, "color": CYCLE_COLOUR},
                },
                customdata=[[escape(cycle.label)]] * len(events),
                hovertemplate="<b>%{customdata[0]}</b><extra></extra>",
                meta={
                    "role": "cycle",
                    "index": index,
                    "rule": cycle.rule,
                    "certainty": cycle.certainty,
                },
            )
        )
    return shapes, annotations, traces
