"""Event marks: points as markers, periods as bars; who was involved and how sure the date is.

In a household each person has their own band in every lane (the first person above the lane's
line, the second below), and events shared by everyone sit on the line. Dates known only to the
month or year, or marked approximate, carry whiskers (points) or hatching (periods).

A journey with more than GL_POINTS point events (is_busy) is too much to draw as SVG: plotly
takes 23-25 s to lay out 20,000 bars and markers in Chromium. Where WebGL is allowed
(SwimlaneOptions.webgl: TOUCHPOINTS_WEBGL on the pages, since plotly's WebGL needs 'unsafe-eval'
in the Content-Security-Policy) it is drawn with WebGL throughout: periods are then thick lines
(dotted where a date is unsure, as hatching is for bars) and whiskers thin lines under their
points. Otherwise it is drawn as an overview of weekly cells (timeline/figures/overview.py).
"""

from __future__ import annotations

import calendar
import datetime as dt
from html import escape

from schemas import DatePrecision, Event, Journey
from timeline.describe import display_span
from timeline.figures.lanes import LaneLayout
from timeline.figures.palette import PROVIDER_SYMBOLS
from timeline.figures.timeaxis import TimeAxis

# The sector is the trace's name and "People: " is the same for every point, so neither is
# repeated per point in customdata (a 2,000-event journey's payload is mostly hover text).
HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]} (%{fullData.name})"
    " · %{customdata[3]}<br>People: %{customdata[4]}<extra></extra>"
)
# Points dated to the day on a calendar axis: the date is the point's own x, so not sent twice.
HOVER_ON_THE_DAY = (
    "<b>%{customdata[0]}</b><br>%{x|%-d %b %Y}<br>%{customdata[1]} (%{fullData.name})"
    " · %{customdata[2]}<br>People: %{customdata[3]}<extra></extra>"
)
# plotly's numbers for the provider-type symbols: a third of the bytes of their names
SYMBOL_CODES = {"circle": 0, "square": 1, "diamond": 2, "circle-open": 100}
PERSON_SPREAD = 0.44  # how far apart, in lanes, the first and last person's bands are
SOLO_BAR = 0.26
SHARED_BAR = 0.56
GL_POINTS = 5_000  # above this many point events, draw them with WebGL (scattergl)
WHISKER_COLOUR, WHISKER_PX = "#1a1a1a", 1.5  # a point's whisker (error_x, or a WebGL line)
GL_PERIOD_PX = {SOLO_BAR: 5, SHARED_BAR: 10}  # a period's line width in WebGL, per bar width


def is_busy(journey: Journey) -> bool:
    """Whether the journey has more than GL_POINTS point events: drawn with WebGL where allowed
    (SwimlaneOptions.webgl), its overlapping cycle bands merged either way."""
    return sum(1 for e in journey.events if e.end is None) > GL_POINTS


def person_offsets(journey: Journey) -> dict[str, float]:
    """Each person's offset from the lane line; a single person sits on it."""
    names = [p.pseudonym for p in journey.people]
    if len(names) == 1:
        return {names[0]: 0.0}
    step = PERSON_SPREAD / (len(names) - 1)
    return {name: -PERSON_SPREAD / 2 + i * step for i, name in enumerate(names)}


def _offset(event: Event, offsets: dict[str, float]) -> float:
    return 0.0 if len(event.people) > 1 else offsets[event.people[0]]


def hover_row(event: Event) -> list[str]:
    """The hover fields of an event: title, when, agency (its full name), kind, people."""
    when = display_span(event.start, event.end, event.date_precision)
    return [
        escape(event.title),
        when,
        escape(event.agency),
        event.kind.label,
        escape(", ".join(event.people)),
    ]


def lane_y(event: Event, layout: LaneLayout, offsets: dict[str, float]) -> float:
    """Where an event is drawn: its lane, moved to its person's band (3 decimals; a whole
    number as an int, which is shorter in JSON: "2" not "2.0")."""
    y = round(layout.lane_of[event.agency].y + _offset(event, offsets), 3)
    return int(y) if y.is_integer() else y


def _uniform(values: list) -> object:
    """One value for all points when they agree (a smaller payload), else the per-point list."""
    return values[0] if values and all(v == values[0] for v in values) else values


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
    journey: Journey,
    layout: LaneLayout,
    axis: TimeAxis,
    approximate_days: int,
    *,
    webgl: bool = False,
) -> list[dict]:
    """One bar trace and one marker trace per sector group, in group order."""
    offsets = person_offsets(journey)
    household = len(offsets) > 1
    by_sector: dict[str, list[Event]] = {g.sector: [] for g in layout.groups}
    for event in journey.events:
        by_sector[layout.lane_of[event.agency].sector].append(event)
    gl = webgl  # the caller decides (swimlane: a busy journey where WebGL is allowed)
    traces: list[dict] = []
    for group in layout.groups:
        events = by_sector[group.sector]
        intervals = [e for e in events if e.end is not None]
        points = [e for e in events if e.end is None]
        made = []
        if intervals and gl:
            made += _period_lines(intervals, layout, axis, offsets, household, group.colour)
        elif intervals:
            made.append(_bars(intervals, layout, axis, offsets, household, group.colour))
        exact = [e for e in points if e.date_precision is DatePrecision.DAY]
        for part in (exact, [e for e in points if e.date_precision is not DatePrecision.DAY]):
            if part:
                trace = _points(part, layout, axis, offsets, group.colour, approximate_days)
                if gl:  # plotly's scattergl draws no whiskers (error_x): lines under the points
                    trace["type"] = "scattergl"
                    if trace.pop("error_x", None) is not None:
                        made.append(_whisker_lines(part, trace["y"], axis, approximate_days))
                made.append(trace)
        for trace in made:
            trace["name"] = escape(group.sector)  # read by the hover template: user text
            trace["meta"]["sector"] = group.sector
        traces += made
    return traces


def segments(starts: list, ends: list, ys: list) -> tuple[list, list]:
    """x and y of separate segments in one line trace: start, end and a gap, per segment."""
    xs, lanes = [], []
    for start, end, y in zip(starts, ends, ys, strict=True):
        xs += (start, end, None)
        lanes += (y, y, None)
    return xs, lanes


def _period_lines(events, layout, axis, offsets, household, colour) -> list[dict]:  # noqa: ANN001
    """Periods as WebGL lines, one trace per width (shared or one person's) and dotting (sure
    or unsure dates); hover on either end of a period."""
    groups: dict[tuple[float, bool], list[Event]] = {}
    for e in events:
        width = SHARED_BAR if not household or len(e.people) > 1 else SOLO_BAR
        groups.setdefault((width, e.date_precision is not DatePrecision.DAY), []).append(e)
    traces = []
    for (width, unsure), part in groups.items():
        xs, ys = segments(
            [axis.x(e.start) for e in part],
            [axis.x(e.end + dt.timedelta(days=1)) for e in part],
            [lane_y(e, layout, offsets) for e in part],
        )
        rows = [hover_row(e) for e in part]
        traces.append(
            {
                "type": "scattergl",
                "mode": "lines",
                "showlegend": False,
                "x": xs,
                "y": ys,
                "opacity": 0.7,
                "line": {"color": colour, "width": GL_PERIOD_PX[width]}
                | ({"dash": "dot"} if unsure else {}),
                "customdata": [r for row in rows for r in (row, row, None)],
                "hovertemplate": HOVER,
                "meta": {"role": "intervals", "event_ids": [e.id for e in part], "vertices": 3},
            }
        )
    return traces


def _whisker_lines(events: list[Event], ys: list, axis: TimeAxis, approximate_days: int) -> dict:
    """The whiskers of WebGL points, as thin lines from each point's earliest to latest day."""
    spans = [(e.start, *uncertainty_days(e, approximate_days)) for e in events]
    xs, lanes = segments(
        [axis.x(day - dt.timedelta(days=before)) for day, before, _after in spans],
        [axis.x(day + dt.timedelta(days=after)) for day, _before, after in spans],
        ys,
    )
    return {
        "type": "scattergl",
        "mode": "lines",
        "showlegend": False,
        "x": xs,
        "y": lanes,
        "line": {"color": WHISKER_COLOUR, "width": WHISKER_PX},
        "hoverinfo": "skip",
        "meta": {"role": "whiskers"},
    }


def _bars(events, layout, axis, offsets, household, colour) -> dict:  # noqa: ANN001
    return {  # a plain dict: tests validate it with go.Figure, the app does not
        "type": "bar",
        "showlegend": False,
        "orientation": "h",
        "base": [axis.x(e.start) for e in events],
        "x": [axis.length((e.end - e.start).days + 1) for e in events],
        "y": [lane_y(e, layout, offsets) for e in events],
        "width": _uniform(
            [SHARED_BAR if not household or len(e.people) > 1 else SOLO_BAR for e in events]
        ),
        "marker": {
            "color": colour,
            "opacity": 0.55,
            "line": {"color": colour, "width": 1},
            "pattern": {
                "shape": _uniform(
                    ["/" if e.date_precision is not DatePrecision.DAY else "" for e in events]
                ),
                "fgcolor": "#1a1a1a",
                "size": 6,
            },
        },
        "customdata": [hover_row(e) for e in events],
        "hovertemplate": HOVER,
        "meta": {"role": "intervals", "event_ids": [e.id for e in events]},
    }


def _points(events, layout, axis, offsets, colour, approximate_days) -> dict:  # noqa: ANN001
    """Point events of one sector, all dated to the day or all not (those carry whiskers)."""
    spans = [uncertainty_days(e, approximate_days) for e in events]
    symbols = []
    for event in events:
        provider = layout.lane_of[event.agency].provider_type
        symbols.append(SYMBOL_CODES[PROVIDER_SYMBOLS[provider][0]] if provider is not None else 0)
    on_the_day = not axis.aligned and all(e.date_precision is DatePrecision.DAY for e in events)
    customdata = [hover_row(e) for e in events]
    if on_the_day:
        for row in customdata:
            del row[1]
    trace = {
        "type": "scatter",
        "showlegend": False,
        "mode": "markers",
        "x": [axis.x(e.start) for e in events],
        "y": [lane_y(e, layout, offsets) for e in events],
        "marker": {
            "color": colour,
            "size": 11,
            "symbol": _uniform(symbols),
            "line": {"color": "#1a1a1a", "width": 1},
        },
        "customdata": customdata,
        "hovertemplate": HOVER_ON_THE_DAY if on_the_day else HOVER,
        "meta": {"role": "points", "event_ids": [e.id for e in events]},
    }
    if any(before or after for before, after in spans):  # whiskers only where a date is unsure
        trace["error_x"] = {
            "type": "data",
            "symmetric": False,
            "array": [axis.length(after) for _before, after in spans],
            "arrayminus": [axis.length(before) for before, _after in spans],
            "color": WHISKER_COLOUR,
            "thickness": WHISKER_PX,
            "width": 4,
        }
    return trace
