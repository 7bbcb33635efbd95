"""Zooming into a busy journey's overview: the stretch zoomed to is drawn event by event.

A journey too busy to draw one event at a time is shown as weekly cells (figures/overview.py).
When the facilitator zooms the chart to a stretch that holds few enough events, the chart is
redrawn with every event of that stretch, at the same zoom; zooming out again (double-click, or
the home button) brings the cells back. The filters and the rest of the page stay as they were:
a zoom is not a filter. Plain functions: the callback in callbacks.py only decodes inputs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from schemas import DatePrecision
from timeline.describe import display_date
from timeline.figures.swimlane import KEY_PX
from timeline.filters import EventFilter
from timeline.pages.journey_view import JourneyView, build_journey_view
from timeline.service import Services
from timeline.view_state import ViewState, zoom_figure


def _day(value: object, anchor: dt.date | None) -> dt.date | None:
    """A day from one end of plotly's x range: a date-time string, or days since the anchor."""
    try:
        if anchor is not None:
            return anchor + dt.timedelta(days=int(float(value)))  # type: ignore[arg-type]
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError, OverflowError):
        return None


def _narrowed(chosen: EventFilter, low: dt.date, high: dt.date) -> EventFilter:
    """The view's filter, its dates narrowed to the zoomed stretch."""
    since = max(chosen.since, low) if chosen.since else low
    until = min(chosen.until, high) if chosen.until else high
    return dataclasses.replace(chosen, since=since, until=until)


def zoomed_figure(
    services: Services,
    key: str,
    state: ViewState,
    x_range: list | None,
    anchor: dt.date | None = None,
) -> dict | None:
    """The chart for a zoom of a busy journey's overview: every event of the stretch zoomed to
    (None when it still holds too many: the cells stay, as plotly zoomed them), or the overview
    again for a zoom back out (x_range None)."""
    if x_range is None:
        return build_journey_view(services, key, state).figure
    low, high = (_day(end, anchor) for end in x_range[:2])
    if low is None or high is None or high < low:
        return None
    view = build_journey_view(
        services, key, dataclasses.replace(state, filter=_narrowed(state.filter, low, high))
    )
    if view.overview_days:
        return None
    figure = view.figure
    layout = figure["layout"]
    layout["xaxis"] |= {"range": list(x_range[:2]), "autorange": False}
    (key_note,) = [a for a in layout["annotations"] if a.get("name") == "key"]
    days = [display_date(day, DatePrecision.DAY) for day in (low, high)]
    key_note["text"] += (
        f"<br>Zoomed in: every event from {days[0]} to {days[1]}."
        " Double-click the chart to see the whole journey as weekly cells again."
    )
    layout["margin"]["b"] += KEY_PX  # room for the key's extra line
    return figure


def view_at_zoom(
    services: Services, key: str, state: ViewState, x_range: list | None
) -> JourneyView:
    """The journey page's view at the zoom its address asks for: a busy journey's overview
    zoomed in far enough is drawn event by event, as it is when zoomed on the page."""
    view = build_journey_view(services, key, state)
    zoom_figure(view.figure, x_range)
    if x_range and view.overview_days:
        anchor = dt.date.fromisoformat(view.anchor_date) if view.anchor_date else None
        detail = zoomed_figure(services, key, state, list(x_range), anchor)
        if detail is not None:
            return dataclasses.replace(view, figure=detail)
    return view
