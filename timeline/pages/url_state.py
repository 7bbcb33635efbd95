"""A journey view in its URL.

?collapse=Housing,Money&align=e012&from=2017-07-14&to=2018-03-23 (layout and zoom) and
?sectors=Housing,Police&people=Sam&kinds=arrest,custody&since=2015-01-01&until=2015-12-31 (filters).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlencode

from timeline.filters import EventFilter
from timeline.pages.journey_view import ViewState

FILTER_KEYS = ("sectors", "people", "kinds")


def parse_view_query(search: str | None) -> tuple[ViewState, list | None]:
    """The view state and x range a URL query asks for (unknown values are ignored later)."""
    query = parse_qs((search or "").lstrip("?"))
    collapsed = _listed(query, "collapse")
    align = (query.get("align") or [None])[0]
    low, high = (query.get("from") or [None])[0], (query.get("to") or [None])[0]
    x_range = None
    if low and high:
        x_range = [_number_or_text(low), _number_or_text(high)]
    event_filter = EventFilter(
        sectors=_listed(query, "sectors"),
        people=_listed(query, "people"),
        kinds=_listed(query, "kinds"),
        since=_date(query, "since"),
        until=_date(query, "until"),
    )
    return ViewState(collapsed, align, filter=event_filter), x_range


def _listed(query: dict[str, list[str]], name: str) -> frozenset[str]:
    return frozenset(item for value in query.get(name, []) for item in value.split(",") if item)


def _date(query: dict[str, list[str]], name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((query.get(name) or [""])[0][:10])
    except ValueError:
        return None  # a mistyped date in a shared link shows the unfiltered view


def _number_or_text(value: str) -> float | str:
    try:
        return float(value)  # days since an aligned event
    except ValueError:
        return value  # an ISO date


def view_query(
    collapsed: list[str] | None,
    align: str | None,
    x_range: list | None,
    event_filter: EventFilter = EventFilter(),  # noqa: B008 - frozen
) -> str:
    """The URL query for a view; empty parts are left out."""
    parts: dict[str, str] = {}
    if collapsed:
        parts["collapse"] = ",".join(collapsed)
    if align:
        parts["align"] = align
    for name in FILTER_KEYS:
        if chosen := getattr(event_filter, name):
            parts[name] = ",".join(sorted(chosen))
    for name in ("since", "until"):
        if day := getattr(event_filter, name):
            parts[name] = day.isoformat()
    if x_range:
        parts["from"], parts["to"] = (
            str(x).split(" ")[0] if isinstance(x, str) else f"{x:g}" for x in x_range
        )
    return "?" + urlencode(parts) if parts else ""


def x_range_from_relayout(relayout: dict | None, current: list | None) -> list | None:
    """The x range after a zoom, pan or reset reported by plotly's relayoutData."""
    if not relayout:
        return current
    if relayout.get("xaxis.autorange"):
        return None
    if "xaxis.range[0]" in relayout and "xaxis.range[1]" in relayout:
        return [relayout["xaxis.range[0]"], relayout["xaxis.range[1]"]]
    if "xaxis.range" in relayout:
        return list(relayout["xaxis.range"])
    return current
