"""A busy journey at a glance: how much was going on in each lane, week by week, as shaded cells.

Drawn one by one, a 20,000-event journey's marks take a browser half a minute to lay out as SVG
(plotly builds one element per bar and marker), and WebGL needs 'unsafe-eval' in the page's
Content-Security-Policy (TOUCHPOINTS_WEBGL). So, unless WebGL is allowed, a busy journey
(marks.is_busy) is drawn as an overview: each lane is a row of cells, one per week (longer bins
for spans over OVERVIEW_BINS weeks), shaded by how many of the lane's events were going on in it
(a period counts in every week it covers). Each sector's cells are in its own colour, all on one
scale. The status strip gets one cell per week too, in the status that covered most of its days.
Cycles, voices and missed opportunities are drawn as usual over the cells. Narrowing the dates
(From, Until) to a stretch with at most marks.GL_POINTS point events draws every event again.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from itertools import accumulate

from schemas import Journey
from timeline.figures.lanes import LaneLayout
from timeline.figures.overlays import STATUS, StripRow
from timeline.figures.timeaxis import TimeAxis

OVERVIEW_BINS = 520  # at most this many cells across: ten years of weeks
LIGHTEST = 0.22  # how much of the sector's colour a cell with one event has


def bin_days(first: dt.date, last: dt.date) -> int:
    """Days per cell: a week, or a whole number of weeks when the span is over OVERVIEW_BINS."""
    weeks = ((last - first).days + 1) / 7
    return 7 * max(1, math.ceil(weeks / OVERVIEW_BINS))


def _tint(colour: str, share: float) -> str:
    """`colour` (#rrggbb) mixed with white: `share` of the colour, the rest white."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in rgb)


class Bins:
    """Cells of `days` days from the Monday on or before `first` to past `last`."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.days = bin_days(first, last)
        self.origin = first - dt.timedelta(days=first.weekday())
        self.count = (last - self.origin).days // self.days + 1

    def index(self, day: dt.date) -> int:
        return (day - self.origin).days // self.days

    def edges(self, axis: TimeAxis) -> list:
        """x of every cell's edges (one more than cells, as plotly reads heatmap bricks)."""
        return [
            axis.x(self.origin + dt.timedelta(days=i * self.days)) for i in range(self.count + 1)
        ]

    def around(self) -> str:
        """A cell's span in words, as hover and the key name it: "week", "2 weeks"."""
        return "week" if self.days == 7 else f"{self.days // 7} weeks"


def _when(axis: TimeAxis) -> str:
    """A cell's middle in hover text: a date, or days since the aligned event."""
    return "day %{x}" if axis.aligned else "%{x|%-d %b %Y}"


def _going_on(journey: Journey, layout: LaneLayout, bins: Bins) -> dict[float, list[int]]:
    """For each lane (by y), how many of its events were going on in each cell."""
    diff: dict[float, list[int]] = defaultdict(lambda: [0] * (bins.count + 1))
    for event in journey.events:
        row = diff[layout.lane_of[event.agency].y]
        row[bins.index(event.start)] += 1
        row[bins.index(event.end or event.start) + 1] -= 1
    return {y: list(accumulate(row[:-1])) for y, row in diff.items()}


def build_overview_traces(
    journey: Journey, layout: LaneLayout, axis: TimeAxis, bins: Bins
) -> list[dict]:
    """One heatmap per sector group: a row of cells per lane, shaded by events going on."""
    counts = _going_on(journey, layout, bins)
    top = max((max(row) for row in counts.values()), default=1)
    edges = bins.edges(axis)
    when = _when(axis)
    hover = (
        f"<b>%{{fullData.name}}</b><br>Events going on in the {bins.around()} around {when}: %{{z}}"
    )
    traces = []
    for group in layout.groups:
        lanes = [lane for lane in layout.lanes if lane.sector == group.sector]
        z = [[n or None for n in counts.get(lane.y, [0] * bins.count)] for lane in lanes]
        traces.append(
            {
                "type": "heatmap",
                "name": group.sector,
                "x": edges,
                "y": [lane.y for lane in lanes],
                "z": z,
                "zmin": 1,
                "zmax": max(top, 2),
                "colorscale": [
                    [0, _tint(group.colour, LIGHTEST)],
                    [0.25, _tint(group.colour, 0.6)],
                    [1, group.colour],
                ],
                "showscale": False,
                "ygap": 2,
                "hovertemplate": hover + "<extra></extra>",
                "meta": {"role": "overview", "sector": group.sector, "bin_days": bins.days},
            }
        )
    return traces


def build_overview_status(
    journey: Journey, rows: list[StripRow], axis: TimeAxis, bins: Bins
) -> list[dict]:
    """The status strip as cells: each cell in the status that covered most of its days (one
    heatmap per status, so each is named and coloured as in the key)."""
    if not rows:
        return []
    span = bins.count * bins.days
    y_of = {row.person: row.y for row in rows}
    kinds = list(STATUS)
    days = {(p, k): [0] * (span + 1) for p in y_of for k in kinds}  # per-day coverage, as diffs
    for event in journey.events:
        if event.kind not in STATUS:
            continue
        start = (event.start - bins.origin).days
        end = ((event.end or event.start) - bins.origin).days + 1
        for person in event.people:
            if person in y_of:
                days[person, event.kind][start] += 1
                days[person, event.kind][min(end, span)] -= 1
    most: dict[str, list] = {}  # per person, the kind covering most days of each cell
    for person in y_of:
        covered = {k: [1 if n else 0 for n in accumulate(days[person, k][:-1])] for k in kinds}
        cells = []
        for i in range(bins.count):
            part = slice(i * bins.days, (i + 1) * bins.days)
            best = max(kinds, key=lambda k: sum(covered[k][part]))
            cells.append(best if sum(covered[best][part]) else None)
        most[person] = cells
    edges = bins.edges(axis)
    traces = []
    for kind, (status, colour) in STATUS.items():
        z = [[1 if cell is kind else None for cell in most[p]] for p in y_of]
        if not any(v for row in z for v in row):
            continue
        traces.append(
            {
                "type": "heatmap",
                "name": status,
                "x": edges,
                "y": list(y_of.values()),
                "z": z,
                "colorscale": [[0, colour], [1, colour]],
                "showscale": False,
                "ygap": 4,
                "hovertemplate": f"<b>{status.capitalize()}</b> most of the {bins.around()}"
                f" around {_when(axis)}<extra></extra>",
                "meta": {"role": "status", "status": status, "bin_days": bins.days},
            }
        )
    return traces
