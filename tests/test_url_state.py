"""A journey view's URL restores it: collapsed sectors, alignment and zoom."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.filters import EventFilter
from timeline.pages.journey_view import ViewState
from timeline.pages.url_state import parse_view_query, view_query, x_range_from_relayout


@pytest.mark.parametrize(
    ("collapsed", "align", "x_range", "query"),
    [
        pytest.param(None, None, None, "", id="plain"),
        pytest.param(
            ["Housing", "Mental health"],
            None,
            None,
            "?collapse=Housing%2CMental+health",
            id="collapsed",
        ),
        pytest.param([], "e012", [-31, 221], "?align=e012&from=-31&to=221", id="aligned-zoom"),
        pytest.param(
            None,
            None,
            ["2017-07-14", "2018-03-23 00:00"],
            "?from=2017-07-14&to=2018-03-23",
            id="date-zoom",
        ),
    ],
)
def test_view_query_round_trip(collapsed, align, x_range, query: str) -> None:
    assert view_query(collapsed, align, x_range) == query
    state, parsed_range = parse_view_query(query)
    assert state == ViewState(frozenset(collapsed or ()), align)
    if x_range:
        assert [str(x).split(" ")[0] for x in parsed_range] == [
            str(x).split(" ")[0] if isinstance(x, str) else str(float(x)) for x in x_range
        ]


def test_zoom_reset_and_pan_from_plotly() -> None:
    assert x_range_from_relayout({"xaxis.range[0]": "a", "xaxis.range[1]": "b"}, None) == ["a", "b"]
    assert x_range_from_relayout({"xaxis.autorange": True}, ["a", "b"]) is None
    assert x_range_from_relayout({"dragmode": "pan"}, ["a", "b"]) == ["a", "b"]


def test_filters_round_trip_through_the_url() -> None:
    event_filter = EventFilter(
        sectors=frozenset({"Housing", "Police"}),
        people=frozenset({"Sam"}),
        kinds=frozenset({"arrest", "custody"}),
        since=dt.date(2015, 1, 1),
        until=dt.date(2015, 12, 31),
    )
    query = view_query(None, None, None, event_filter)
    assert query == (
        "?sectors=Housing%2CPolice&people=Sam&kinds=arrest%2Ccustody"
        "&since=2015-01-01&until=2015-12-31"
    )
    state, _ = parse_view_query(query)
    assert state.filter == event_filter


def test_a_mistyped_filter_date_in_a_link_is_ignored() -> None:
    state, _ = parse_view_query("?since=2015-13-45&people=Jo")
    assert state.filter == EventFilter(people=frozenset({"Jo"}))
