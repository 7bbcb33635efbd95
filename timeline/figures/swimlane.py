"""The swimlane figure: one lane per agency, grouped by sector, time across, cycles over it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from schemas import Cycle, Journey
from timeline.describe import describe_counts
from timeline.figures.lanes import LaneLayout, layout_lanes
from timeline.figures.marks import build_event_traces, is_busy
from timeline.figures.opportunities import build_missed_opportunity_marks
from timeline.figures.overlays import (
    LABEL_ROW_GAP,
    build_band_trace,
    build_cycle_overlays,
    build_status_traces,
    label_rows,
    status_key,
    status_rows,
)
from timeline.figures.overview import Bins, build_overview_status, build_overview_traces
from timeline.figures.palette import PROVIDER_SYMBOLS
from timeline.figures.timeaxis import TimeAxis
from timeline.figures.voices import build_voice_marks, voice_dates, voice_label_px, voice_lanes

LANE_PITCH_PX = 19
MARGIN = {"t": 112, "b": 8, "r": 24}  # the date axis sits on top, under the title
KEY_PX = 22
SECTOR_COLUMN_PX = 118
SLIDER_PX = 46
APPROXIMATE_DAYS = 14


@dataclass(frozen=True)
class SwimlaneOptions:
    """How to draw a journey: which sectors are collapsed, what to align on, extras shown."""

    collapsed: frozenset[str] = frozenset()
    align_on: str | None = None
    show_title: bool = True
    range_slider: bool = True
    status_strip: bool = True
    approximate_days: int = APPROXIMATE_DAYS
    lane_pitch_px: int = LANE_PITCH_PX
    missed_opportunities: bool = True
    # WebGL for a busy journey (marks.is_busy): only where the page's CSP allows plotly's WebGL
    webgl: bool = False


def _key(
    journey: Journey,
    status: bool,
    left: int,
    below_px: int,
    possible: bool = False,
    unlabelled: int = 0,
    cells: Bins | None = None,
) -> dict:
    """The key under the chart, in words: shapes, status colours, household bands, cycles."""
    used = {a.provider_type for a in journey.agencies}
    shapes = "  ".join(f"{g} {p.value}" for p, (_s, g) in PROVIDER_SYMBOLS.items() if p in used)
    parts = [f"Who runs it: {shapes}"]
    if status and (words := status_key(journey)):
        parts.append("Status: " + words)
    if len(journey.people) > 1 and not cells:  # the overview's cells are per agency
        names = [escape(p.pseudonym) for p in journey.people]
        parts.append(f"In each lane: {names[0]} above the line, {names[-1]} below, both on it")
    parts.append(
        "Shaded bands: revolving-door cycles"
        if cells
        else "Shaded bands and rings: revolving-door cycles"
    )
    if possible:
        parts.append("Hatched, outlined band: possible cycle")
    if unlabelled:
        where = "every cycle is in the list of cycles" if cells else "hover a ring for its name"
        parts.append(f"{unlabelled} cycle labels left out for room: {where}")
    return {
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xanchor": "left",
        "yanchor": "top",
        "xshift": -left + 6,
        "yshift": -below_px,
        "showarrow": False,
        "align": "left",
        "text": "   ·   ".join(parts) + (f"<br>{_cells_key(cells)}" if cells else ""),
        "font": {"size": 12, "color": "#1a1a1a"},
        "name": "key",
    }


def _cells_key(cells: Bins) -> str:
    """The overview's line of the key (timeline/figures/overview.py)."""
    return (
        f"Too many events to draw one by one: each cell is a {cells.around()} of one agency's"
        " events, darker where more was going on. Narrow the dates to see every event."
    )


def _date_span(journey: Journey, extra: list[dt.date]) -> tuple[dt.date | None, dt.date | None]:
    starts = [e.start for e in journey.events] + extra
    ends = [e.end or e.start for e in journey.events] + extra
    return min(starts, default=None), max(ends, default=None)


def _group_decor(layout: LaneLayout, left: int) -> tuple[list[dict], list[dict]]:
    shapes, annotations = [], []
    for index, group in enumerate(layout.groups):
        if index % 2 == 0:
            shapes.append(
                {
                    "type": "rect",
                    "xref": "paper",
                    "yref": "y",
                    "x0": 0,
                    "x1": 1,
                    "y0": group.top,
                    "y1": group.bottom,
                    "layer": "below",
                    "fillcolor": "#f1f3f5",
                    "line": {"width": 0},
                }
            )
        annotations.append(
            {
                "xref": "paper",
                "yref": "y",
                "x": 0,
                "y": (group.top + group.bottom) / 2,
                "xanchor": "left",
                "xshift": -left + 6,
                "showarrow": False,
                "align": "left",
                "text": f"<span style='color:{group.colour}'>■</span> "
                f"<b>{escape(group.sector)}</b>",
                "font": {"size": 13, "color": "#1a1a1a"},
                "name": f"sector-{group.sector}",
            }
        )
    return shapes, annotations


def build_swimlane_figure(
    journey: Journey,
    cycles: Sequence[Cycle] = (),
    options: SwimlaneOptions = SwimlaneOptions(),  # noqa: B008 - frozen, so a safe default
) -> dict:
    """The journey as a swimlane, with its cycles drawn over it, sized for its lanes: a plain
    figure dict ({"data": [...], "layout": {...}}), not validated here (tests validate it with
    go.Figure once; plotly's per-property validation was most of the build time)."""
    anchor = next((e for e in journey.events if e.id == options.align_on), None)
    if options.align_on is not None and anchor is None:
        raise KeyError(f"no event {options.align_on!r} in journey {journey.key!r}")
    axis = TimeAxis(anchor)
    layout = layout_lanes(journey, options.collapsed)
    cycles = list(cycles)
    rows = status_rows(journey, 0.0) if options.status_strip else []
    strip_top = min((row.y for row in rows), default=-0.5)
    voices = voice_lanes(journey, strip_top)
    strip_top = min((lane.y for lane in voices), default=strip_top)  # voices sit above the strip
    first, last = _date_span(journey, voice_dates(voices))
    span_days = (last - first).days if first and last else 1
    busy = is_busy(journey)
    gl = options.webgl and busy  # WebGL only for a busy journey, and only where allowed
    overview = busy and not gl and first is not None  # else SVG: too many marks to lay out
    rows_of_labels = label_rows(cycles, span_days)
    n_label_rows = max((r for r in rows_of_labels if r is not None), default=-1) + 1
    label_base = strip_top - 1.0  # the label row nearest the lanes; later rows stack upwards
    top = label_base - (n_label_rows - 1) * LABEL_ROW_GAP - 0.6 if n_label_rows else strip_top - 0.7

    label_px = 7 * max((len(lane.label) - 4 for lane in layout.lanes), default=10)
    left = max(SECTOR_COLUMN_PX + max(label_px, 90) + 10, voice_label_px(voices))
    slider = SLIDER_PX if options.range_slider else 0
    top_px = MARGIN["t"] if options.show_title else 58
    margin = {**MARGIN, "l": left, "t": top_px, "b": MARGIN["b"] + KEY_PX * (1 + overview) + slider}
    height = int(margin["t"] + margin["b"] + options.lane_pitch_px * (layout.bottom + 0.7 - top))

    band_labels, cycle_traces = build_cycle_overlays(  # rings by the thousand would hide cells
        journey, cycles, layout, axis, label_base, span_days, rings=not overview
    )
    y_range = (layout.bottom + 0.7, top)
    bands = build_band_trace(cycles, axis, y_range, merge=busy)
    missed_labels, missed_traces = (
        build_missed_opportunity_marks(journey, layout, axis)
        if options.missed_opportunities
        else ([], [])
    )
    voice_shapes, voice_labels, voice_traces = build_voice_marks(voices, axis, left, span_days)
    cells = Bins(first, last) if overview else None  # one cell's days and where cells start
    if cells:  # too many marks for SVG: cells per lane and week (timeline/figures/overview.py)
        events = build_overview_traces(journey, layout, axis, cells)
        status = build_overview_status(journey, rows, axis, cells)
    else:
        events = build_event_traces(journey, layout, axis, options.approximate_days, webgl=gl)
        status = build_status_traces(journey, rows, axis, webgl=gl)
    if gl:  # rings in WebGL too
        for trace in cycle_traces:
            if trace["meta"].get("marks") == "rings":
                trace["type"] = "scattergl"
    traces = (
        ([bands] if bands else [])  # first, so under every mark
        + voice_traces
        + status
        + events
        + cycle_traces
        + missed_traces
    )
    shapes, annotations = _group_decor(layout, left)
    possible = any(c.certainty == "possible" for c in cycles)
    unlabelled = sum(1 for r in rows_of_labels if r is None)
    annotations.append(_key(journey, bool(rows), left, slider + 8, possible, unlabelled, cells))
    figure_layout = {
        "height": max(height, 300),
        "margin": margin,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "font": {"family": "Arial, Helvetica, sans-serif", "size": 12, "color": "#1a1a1a"},
        "barmode": "overlay",
        "showlegend": False,
        "shapes": voice_shapes + shapes,  # tints, under the cycle bands (a trace)
        "annotations": annotations + voice_labels + band_labels + missed_labels,
        "hoverlabel": {"bgcolor": "white", "font": {"size": 13}},
        "meta": {
            "journey": journey.key,
            "align_on": options.align_on,
            "collapsed": sorted(options.collapsed),
            "overview_days": cells.days if cells else 0,  # 0: every event drawn; else per cell
        },
        "xaxis": axis.layout(first, last, options.range_slider),
        "yaxis": {
            "tickmode": "array",
            "tickvals": [v.y for v in voices]
            + [row.y for row in rows]
            + [lane.y for lane in layout.lanes],
            "ticktext": [""] * len(voices)  # labelled in the margin, in their own colours
            + [row.label for row in rows]
            + [lane.label for lane in layout.lanes],
            "range": list(y_range),
            "showgrid": True,
            "gridcolor": "#d0d4d9",
            "griddash": "dot",
            "zeroline": False,
            "fixedrange": True,
        },
    }
    if first is None:  # nothing dated to draw (a filter that keeps nothing): no made-up dates
        figure_layout["xaxis"] = {"visible": False, "range": [0, 1], "fixedrange": True}
        figure_layout["annotations"].append(
            {
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "text": "No events to draw",
                "font": {"size": 16, "color": "#444444"},
                "name": "no-events",
            }
        )
    if options.show_title:
        figure_layout["title"] = {
            "text": escape(journey.title),
            "subtitle": {"text": f"{describe_counts(journey)} · {journey.provenance.value}"},
            "x": 0,
            "xref": "paper",
            "font": {"size": 18},
            "y": 0.98,
            "yanchor": "top",
            "yref": "container",
        }
    return {"data": traces, "layout": figure_layout}
