"""What is drawn over the lanes: revolving-door cycles, and a status strip of where a person was.

A cycle is a shaded band over its span, its events ringed and joined in order, and a label
("custody cycle: 3 times") in a row of its own above the chart, so labels never cover events.
Cycles that overlap in time are ringed and joined in different patterns (dotted circles, dashed
squares, ...), and all the cycles of one pattern and certainty are one trace, so a busy
journey's hundreds of cycles stay a handful of traces. Past MAX_LABEL_ROWS rows a label is left
out rather than stacked ever higher; its band and rings are still drawn and say what it is on
hover.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from schemas import Cycle, EventKind, Journey
from timeline.figures.lanes import LaneLayout
from timeline.figures.marks import lane_y, person_offsets, segments
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
MAX_LABEL_ROWS = 4
# (joining line dash, ring symbol) for cycles that overlap in time, so each reads apart
CYCLE_PATTERNS = (
    ("dot", "circle-open"),
    ("dash", "square-open"),
    ("dashdot", "diamond-open"),
    ("longdash", "triangle-up-open"),
)


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


def build_status_traces(
    journey: Journey, rows: list[StripRow], axis: TimeAxis, *, webgl: bool = False
) -> list[dict]:
    """Thin bars showing when each person was housed, in a hostel, sleeping rough or in custody
    (the agency is on the event's own mark in its lane, so hover here says only when: its start
    is the bar's own base, so only its length in days is sent per bar)."""
    start = "day %{base}" if axis.aligned else "%{base|%-d %b %Y}"
    traces = []
    y_of = {row.person: row.y for row in rows}
    for kind, (status, colour) in STATUS.items():
        bars = [(e, p) for e in journey.events if e.kind is kind for p in e.people if p in y_of]
        if not bars:
            continue
        days = [((e.end or e.start) - e.start).days + 1 for e, _p in bars]
        hover = f"<b>{status.capitalize()}</b><br>{start} · days: %{{customdata}}<extra></extra>"
        if webgl:  # thousands of SVG bars take seconds to lay out: WebGL lines
            xs, ys = segments(
                [axis.x(e.start) for e, _p in bars],
                [
                    axis.x(e.start + dt.timedelta(days=max(4, n)))
                    for (e, _p), n in zip(bars, days, strict=True)
                ],
                [y_of[p] for _e, p in bars],
            )
            trace = {
                "type": "scattergl",
                "mode": "lines",
                "x": xs,
                "y": ys,
                "line": {"color": colour, "width": 6},
                "customdata": [d for n in days for d in (n, n, None)],
                "hovertemplate": hover.replace("%{base", "%{x"),
            }
        else:
            trace = {
                "type": "bar",
                "orientation": "h",
                "base": [axis.x(e.start) for e, _p in bars],
                "x": [axis.length(max(4, n)) for n in days],
                "y": [y_of[p] for _e, p in bars],
                "width": 0.5,
                "marker": {"color": colour, "line": {"width": 0}},
                "customdata": days,
                "hovertemplate": hover,
            }
        traces.append(
            trace
            | {"name": status, "showlegend": False, "meta": {"role": "status", "status": status}}
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


def label_rows(cycles: list[Cycle], span_days: int) -> list[int | None]:
    """A row for each cycle label so that labels side by side never overlap; None for a label
    that fits in none of the MAX_LABEL_ROWS rows (it is left out)."""
    px_per_day = PLOT_WIDTH_PX / max(span_days, 1)
    ends: list[float] = []
    rows: list[int | None] = []
    for cycle in cycles:
        start = cycle.start.toordinal()
        width = len(shown_label(cycle)) * LABEL_PX_PER_CHAR / px_per_day
        row = next((i for i, end in enumerate(ends) if end < start), len(ends))
        if row == MAX_LABEL_ROWS:
            rows.append(None)
            continue
        if row == len(ends):
            ends.append(0)
        ends[row] = start + width + 2 / px_per_day
        rows.append(row)
    return rows


def cycle_patterns(cycles: list[Cycle]) -> list[int]:
    """For each cycle, the first pattern no cycle overlapping it in time already has."""
    taken: list[tuple[int, int, int]] = []  # (start, end, pattern) of cycles placed so far
    chosen = []
    for cycle in cycles:
        start, end = cycle.start.toordinal(), cycle.end.toordinal()
        used = {p for s, e, p in taken if s <= end and start <= e}
        pattern = next((p for p in range(len(CYCLE_PATTERNS)) if p not in used), 0)
        if len(used) >= len(CYCLE_PATTERNS):  # more overlap than patterns: spread them round
            pattern = len(taken) % len(CYCLE_PATTERNS)
        taken.append((start, end, pattern))
        chosen.append(pattern)
    return chosen


def merged_bands(cycles: list[Cycle]) -> list[Cycle]:
    """Cycles of the same severity and certainty whose dates overlap, as one band each: for a
    busy journey (marks.is_busy: its hundreds of cycles' bands cover each other anyway, and
    hundreds of hatched SVG bars take a browser seconds to draw). Only the band is merged:
    marks, labels and hover are per cycle."""
    merged: list[Cycle] = []
    open_band: dict[tuple[str, str], int] = {}  # kind of band -> index in merged
    for cycle in sorted(cycles, key=lambda c: c.start):
        kind = (cycle.severity, cycle.certainty)
        at = open_band.get(kind)
        if at is not None and merged[at].end >= cycle.start:
            merged[at] = merged[at].model_copy(update={"end": max(merged[at].end, cycle.end)})
        else:
            open_band[kind] = len(merged)
            merged.append(cycle)
    return merged


def build_band_trace(
    cycles: list[Cycle], axis: TimeAxis, y_range: tuple[float, float], *, merge: bool = False
) -> dict | None:
    """Every cycle's shaded band as one bar trace under the marks, from the top of the chart to
    the bottom (one trace instead of a shape per cycle: a busy journey has hundreds). Darker for
    high severity; a possible cycle is fainter, hatched and outlined. No hover of its own."""
    if not cycles:
        return None
    if merge:
        cycles = merged_bands(cycles)
    low, high = y_range
    possible = [c.certainty == "possible" for c in cycles]
    return {
        "type": "bar",
        "name": "cycle bands",
        "showlegend": False,
        "orientation": "h",
        "base": [axis.x(c.start) for c in cycles],
        "x": [axis.length((c.end - c.start).days + 1) for c in cycles],
        "y": [round((low + high) / 2, 3)] * len(cycles),
        "width": round(abs(high - low), 3),
        "marker": {
            "color": CYCLE_COLOUR,
            "opacity": [
                0.04 if p else 0.17 if c.severity == "high" else 0.09
                for c, p in zip(cycles, possible, strict=True)
            ],
            "line": {"color": CYCLE_COLOUR, "width": [1.5 if p else 0 for p in possible]},
            "pattern": {
                "shape": ["/" if p else "" for p in possible],
                "fgcolor": CYCLE_COLOUR,
                "size": 14,
                "solidity": 0.15,
            },
        },
        "hoverinfo": "skip",
        "meta": {
            "role": "cycle-bands",
            "certainty": ["possible" if p else "certain" for p in possible],
        },
    }


def shown_label(cycle: Cycle) -> str:
    """A cycle's name as the chart shows it, in words: "custody cycle: 3 times" rather
    than the engine's "custody cycle ×3" (which the cycles list, exports and --json keep)."""
    if cycle.iterations > 1 and cycle.label.endswith(f" ×{cycle.iterations}"):
        base = cycle.label.removesuffix(f" ×{cycle.iterations}")
        return f"{base}: {cycle.iterations} times"
    return cycle.label


def _label(axis: TimeAxis, cycle: Cycle, index: int, y: float) -> dict:
    high = cycle.severity == "high"
    return {
        "xref": "x",
        "yref": "y",
        "x": axis.x(cycle.start),
        "y": y,
        "xanchor": "left",
        "yanchor": "middle",
        "showarrow": False,
        "text": ("<i>possible</i> " if cycle.certainty == "possible" else "")
        + f"<b>{escape(shown_label(cycle))}</b>"
        + (" · high" if high else ""),
        "font": {"size": 12, "color": "#8a3300"},
        "bgcolor": "rgba(255,255,255,0.85)",
        "bordercolor": CYCLE_COLOUR,
        "borderwidth": 1,
        "borderpad": 2,
        "name": f"cycle-label-{index}",
    }


def _rings(pattern: int, possible: bool) -> dict:
    """A trace for the rings and joining lines of cycles of one pattern and certainty; no hover
    (the event under a ring keeps its own), the first ring of each cycle names it."""
    dash, symbol = CYCLE_PATTERNS[pattern]
    certainty = "possible" if possible else "certain"
    return {
        "type": "scatter",
        "name": f"{certainty} cycles",
        "showlegend": False,
        "mode": "lines+markers",
        "x": [],
        "y": [],
        "line": {"color": CYCLE_COLOUR, "width": 1 if possible else 2, "dash": dash},
        "marker": {
            "symbol": symbol,
            "size": 20,
            "color": CYCLE_COLOUR,
            "line": {"width": 2.5, "color": CYCLE_COLOUR},
        },
        "connectgaps": False,  # a gap (None) ends one cycle's joining line
        "hoverinfo": "skip",
        "meta": {
            "role": "cycle",
            "marks": "rings",
            "pattern": pattern,
            "certainty": certainty,
            "cycles": [],  # the index of each cycle drawn here, in order
        },
    }


def _heads(cycles: list[Cycle], firsts: list[tuple], patterns: list[int]) -> dict:
    """The first ring of every cycle again, with the cycle's name and span on hover."""
    return {
        "type": "scatter",
        "name": "cycles",
        "showlegend": False,
        "mode": "markers",
        "x": [x for x, _y in firsts],
        "y": [y for _x, y in firsts],
        "marker": {
            "symbol": [CYCLE_PATTERNS[p][1] for p in patterns],
            "size": 20,
            "color": CYCLE_COLOUR,
            "line": {"width": 2.5, "color": CYCLE_COLOUR},
        },
        "customdata": [
            ("possible " if c.certainty == "possible" else "") + escape(shown_label(c))
            for c in cycles
        ],
        "hovertemplate": "<b>%{customdata}</b><br>starts here<extra></extra>",
        "meta": {"role": "cycle", "marks": "first", "rules": [c.rule for c in cycles]},
    }


def build_cycle_overlays(
    journey: Journey,
    cycles: list[Cycle],
    layout: LaneLayout,
    axis: TimeAxis,
    label_base: float,
    span_days: int,
    *,
    rings: bool = True,
) -> tuple[list[dict], list[dict]]:
    """Labels (annotations) and ringed, joined events (a few traces): the cycles of one pattern
    and certainty share a trace, one cycle's points after another's. Bands: build_band_trace.
    Without `rings` (a busy journey's overview), the labels only."""
    by_id = {e.id: e for e in journey.events}
    offsets = person_offsets(journey)
    annotations, firsts = [], []
    made: dict[tuple[int, bool], dict] = {}  # ring traces by (pattern, possible)
    patterns = cycle_patterns(cycles)
    rows = label_rows(cycles, span_days)
    for index, (cycle, row, pattern) in enumerate(zip(cycles, rows, patterns, strict=True)):
        if row is not None:
            annotations.append(_label(axis, cycle, index, label_base - row * LABEL_ROW_GAP))
        if not rings:
            continue
        events = sorted((by_id[i] for i in cycle.event_ids), key=lambda e: e.start)
        trace = made.setdefault(
            (pattern, cycle.certainty == "possible"), _rings(pattern, cycle.certainty == "possible")
        )
        if trace["x"]:
            trace["x"].append(None)
            trace["y"].append(None)
        trace["x"] += [axis.x(e.start) for e in events]
        trace["y"] += [lane_y(e, layout, offsets) for e in events]
        trace["meta"]["cycles"].append(index)
        firsts.append((axis.x(events[0].start), lane_y(events[0], layout, offsets)))
    traces = [made[key] for key in sorted(made)]
    if firsts:
        traces.append(_heads(cycles, firsts, patterns))
    return annotations, traces
