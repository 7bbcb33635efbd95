"""Comparing two journeys: one time scale, or each aligned on a chosen event."""

from __future__ import annotations

import pytest
from dash import dcc

from tests.components import walk as _walk
from timeline.pages.compare.view import (
    CompareState,
    build_comparison,
    compare_query,
    parse_compare_query,
)
from timeline.pages.router import render_page
from timeline.service import Services


def _first_event(services: Services, key: str, kind: str) -> str:
    journey = services.load_journey(key)
    return min((e for e in journey.events if e.kind.value == kind), key=lambda e: e.start).id


def _x(view) -> dict:  # noqa: ANN001
    return view.figure["layout"]["xaxis"]


def test_two_journeys_share_one_calendar_scale_and_left_edge(sqlite_services: Services) -> None:
    sqlite_services.load_demo()
    top, bottom = build_comparison(sqlite_services, CompareState("lucy", "coventry-couple"))
    assert top.journey.key == "lucy" and bottom.journey.key == "coventry-couple"
    assert (
        top.figure["layout"]["xaxis"]["type"] == bottom.figure["layout"]["xaxis"]["type"] == "date"
    )
    assert list(top.figure["layout"]["xaxis"]["range"]) == list(
        bottom.figure["layout"]["xaxis"]["range"]
    )
    assert top.figure["layout"]["margin"]["l"] == bottom.figure["layout"]["margin"]["l"]
    # the shared range covers both journeys
    low, high = top.figure["layout"]["xaxis"]["range"]
    for view in (top, bottom):
        assert low <= min(e.start for e in view.journey.events).isoformat() < high


def test_aligned_on_an_event_in_each_journey_uses_days_since(sqlite_services: Services) -> None:
    sqlite_services.load_demo()
    state = CompareState(
        "lucy",
        "ahmed",
        _first_event(sqlite_services, "lucy", "eviction"),
        _first_event(sqlite_services, "ahmed", "ae_attendance"),
    )
    top, bottom = build_comparison(sqlite_services, state)
    assert (
        top.figure["layout"]["xaxis"]["type"]
        == bottom.figure["layout"]["xaxis"]["type"]
        == "linear"
    )
    assert top.options.align_on == state.align_a and bottom.options.align_on == state.align_b
    low, high = top.figure["layout"]["xaxis"]["range"]
    assert low < 0 < high and list(bottom.figure["layout"]["xaxis"]["range"]) == [low, high]


def test_an_event_missing_from_its_journey_falls_back_to_calendar_dates(
    sqlite_services: Services,
) -> None:
    sqlite_services.load_demo()
    views = build_comparison(sqlite_services, CompareState("lucy", "ahmed", "nope", "e001"))
    assert [v.figure["layout"]["xaxis"]["type"] for v in views] == ["date", "date"]


@pytest.mark.parametrize(
    "state",
    [
        pytest.param(CompareState(), id="empty"),
        pytest.param(CompareState("lucy", "ahmed"), id="two-keys"),
        pytest.param(CompareState("lucy", "ahmed", "e1", "e9"), id="aligned"),
    ],
)
def test_compare_url_round_trip(state: CompareState) -> None:
    assert parse_compare_query(compare_query(state)) == state


def test_compare_page_draws_two_charts_or_says_what_to_choose(sqlite_services: Services) -> None:
    sqlite_services.load_demo()

    def graphs(search: str) -> list:
        page = render_page("/compare", sqlite_services, search)
        return [c for c in _walk(page) if isinstance(c, dcc.Graph)], str(page)

    two, _ = graphs("?a=lucy&b=ahmed")
    assert len(two) == 2
    none, text = graphs("?a=lucy")
    assert none == [] and "Choose two journeys to compare." in text
    gone, text = graphs("?a=lucy&b=no-such")
    assert gone == [] and "no-such" in text
