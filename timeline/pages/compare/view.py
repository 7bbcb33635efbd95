"""Two journeys one above the other on one time scale, or each aligned on a chosen event."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from timeline.pages.journey_view import JourneyView, ViewState, build_journey_view
from timeline.service import Services


@dataclass(frozen=True)
class CompareState:
    """What a comparison shows, as its URL says: ?a=lucy&b=ahmed&align_a=e3&align_b=e10."""

    a: str | None = None
    b: str | None = None
    align_a: str | None = None
    align_b: str | None = None

    @property
    def aligned(self) -> bool:
        """Both journeys are drawn in days since their chosen event."""
        return bool(self.align_a and self.align_b)


def parse_compare_query(search: str | None) -> CompareState:
    """The comparison a URL asks for (unknown keys and events are dealt with when drawing)."""
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items() if v and v[0]}
    return CompareState(query.get("a"), query.get("b"), query.get("align_a"), query.get("align_b"))


def compare_query(state: CompareState) -> str:
    """The URL query for a comparison; empty parts are left out."""
    parts = {k: v for k, v in dataclasses.asdict(state).items() if v}
    return "?" + urlencode(parts) if parts else ""


def build_comparison(services: Services, state: CompareState) -> list[JourneyView]:
    """Both views with one shared x range and one left margin, so the same x is the same time.

    Without an event chosen for each journey both use calendar dates; with one for each, both
    use days since that event, so "the first six months after release" line up.
    """
    views = []
    for key, align in ((state.a, state.align_a), (state.b, state.align_b)):
        if key:
            chosen = ViewState(align_on=align if state.aligned else None)
            views.append(build_journey_view(services, key, chosen, show_title=True))
    if len(views) < 2:
        return views
    if state.aligned and not all(v.options.align_on for v in views):
        # an event no longer in its journey: line both up on calendar dates instead
        return build_comparison(services, CompareState(state.a, state.b))
    for view in views:  # a comparison fits on the screen; scroll the page, not a slider
        view.figure["layout"]["xaxis"].setdefault("rangeslider", {})["visible"] = False
    ranges = [list(r) for v in views if (r := v.figure["layout"]["xaxis"].get("range"))]
    if len(ranges) == 2:
        shared = [min(r[0] for r in ranges), max(r[1] for r in ranges)]
        left = max(v.figure["layout"]["margin"]["l"] for v in views)
        for view in views:
            view.figure["layout"]["xaxis"]["range"] = shared
            view.figure["layout"]["margin"]["l"] = left
    return views
