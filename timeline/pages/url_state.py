"""A journey view in its URL: the parsing lives in timeline/view_state.py (shared with
`touchpoints export`); the names stay importable from here.
"""

from __future__ import annotations

from timeline.view_state import FILTER_KEYS, parse_view_query, view_query

__all__ = ["FILTER_KEYS", "parse_view_query", "view_query", "x_range_from_relayout"]


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
