"""A journey too busy to draw event by event (more than 5,000 point events, WebGL not allowed):
each lane a row of weekly cells, shaded by how many of its events were going on, and the status
strip a cell per week in the status that covered most of it. Checked against a count made the
slow way, event by event."""

from __future__ import annotations

import datetime as dt

import orjson
import plotly.graph_objects as go
import pytest

from bench.figures import large_journey
from schemas import Journey
from timeline.cycles import find_cycles
from timeline.figures import SwimlaneOptions, build_swimlane_figure
from timeline.figures.lanes import layout_lanes
from timeline.figures.overlays import STATUS
from timeline.filters import EventFilter

BUSY = large_journey(8_000, seed=3)
FIGURE = build_swimlane_figure(BUSY, find_cycles(BUSY))


def _by_role(figure: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for trace in figure["data"]:
        out.setdefault(trace["meta"]["role"], []).append(trace)
    return out


def _day(x: str) -> dt.date:
    return dt.date.fromisoformat(x)


def test_a_busy_journey_without_webgl_is_drawn_as_weekly_cells_plotly_accepts() -> None:
    go.Figure(FIGURE)
    roles = _by_role(FIGURE)
    assert "points" not in roles and "intervals" not in roles  # no mark per event
    assert len(roles["overview"]) == len({a.sector for a in BUSY.agencies})  # one per sector
    assert FIGURE["layout"]["meta"]["overview_days"] == 7
    for trace in roles["overview"]:
        edges = [_day(x) for x in trace["x"]]
        assert {(b - a).days for a, b in zip(edges, edges[1:])} == {7}
        assert edges[0].weekday() == 0  # weeks from Monday
        assert all(len(row) == len(edges) - 1 for row in trace["z"])
    assert not [t for t in FIGURE["data"] if t["type"] == "scattergl"]
    assert len(orjson.dumps(FIGURE)) < 250 * 1024  # 8,000 events in a few hundred kB at most


def test_every_cell_counts_the_events_going_on_in_its_lane_that_week() -> None:
    lanes = layout_lanes(BUSY)
    checked = 0
    for trace in _by_role(FIGURE)["overview"]:
        edges = [_day(x) for x in trace["x"]]
        for y, row in zip(trace["y"], trace["z"], strict=True):
            (lane,) = [lane for lane in lanes.lanes if lane.y == y]
            events = [e for e in BUSY.events if e.agency in lane.agencies]
            for i in range(0, len(row), 13):  # every 13th week of every lane
                week_start, week_end = edges[i], edges[i + 1] - dt.timedelta(days=1)
                expected = sum(
                    1 for e in events if e.start <= week_end and (e.end or e.start) >= week_start
                )
                assert (row[i] or 0) == expected, (lane.label, week_start)
                checked += 1
    assert checked > 500


def test_each_status_cell_is_the_status_that_covered_most_of_its_week() -> None:
    status = _by_role(FIGURE)["status"]
    assert status and all(t["type"] == "heatmap" for t in status)
    colour_of = {name: colour for name, colour in STATUS.values()}
    kind_of = {name: kind for kind, (name, _c) in STATUS.items()}
    people = [p.pseudonym for p in BUSY.people]
    edges = [_day(x) for x in status[0]["x"]]
    for i in range(0, len(edges) - 1, 17):
        days = [edges[i] + dt.timedelta(days=d) for d in range(7)]
        for row, person in enumerate(people):
            covered = {
                name: sum(
                    1
                    for day in days
                    if any(
                        e.kind is kind_of[name]
                        and person in e.people
                        and e.start <= day <= (e.end or e.start)
                        for e in BUSY.events
                    )
                )
                for name in colour_of
            }
            shown = [t["name"] for t in status if t["z"][row][i]]
            if max(covered.values()) == 0:
                assert shown == []
            else:
                (name,) = shown  # one status per cell
                assert covered[name] == max(covered.values())
                assert t_colour(status, name) == colour_of[name]


def t_colour(traces: list[dict], name: str) -> str:
    (trace,) = [t for t in traces if t["name"] == name]
    return trace["colorscale"][-1][1]


def test_the_key_and_hover_say_what_a_cell_is() -> None:
    (key,) = [a for a in FIGURE["layout"]["annotations"] if a["name"] == "key"]
    assert "each cell is a week of one agency's events" in key["text"]
    assert "Narrow the dates to see every event" in key["text"]
    assert "labels left out for room: every cycle is in the list of cycles" in key["text"]
    (trace, *_) = _by_role(FIGURE)["overview"]
    assert "Events going on in the week around %{x|%-d %b %Y}: %{z}" in trace["hovertemplate"]
    assert not _by_role(FIGURE).get("cycle")  # no rings by the thousand over the cells
    (bands,) = _by_role(FIGURE)["cycle-bands"]
    assert 0 < len(bands["base"]) < len(find_cycles(BUSY)) / 10  # the cycles shaded, merged


def test_a_long_journey_gets_longer_cells_never_more_than_520_across() -> None:
    events = [
        e.model_copy(update={"start": e.start - dt.timedelta(days=365 * (i % 25))})
        for i, e in enumerate(BUSY.events)
        if e.end is None
    ]
    long = Journey.model_validate(BUSY.model_dump() | {"events": events})
    figure = build_swimlane_figure(long, ())
    days = figure["layout"]["meta"]["overview_days"]
    assert days % 7 == 0 and days > 7
    trace = _by_role(figure)["overview"][0]
    assert len(trace["z"][0]) <= 520
    (key,) = [a for a in figure["layout"]["annotations"] if a["name"] == "key"]
    assert f"each cell is a {days // 7} weeks of" in key["text"]


def test_an_aligned_busy_journey_has_cells_in_days_since_the_event() -> None:
    anchor = BUSY.events[100]
    figure = build_swimlane_figure(BUSY, (), SwimlaneOptions(align_on=anchor.id))
    go.Figure(figure)
    trace = _by_role(figure)["overview"][0]
    assert all(isinstance(x, int) for x in trace["x"])
    assert "day %{x}" in trace["hovertemplate"]


@pytest.mark.parametrize("webgl", [False, True])
def test_a_narrower_date_range_draws_every_event_again(webgl: bool) -> None:  # noqa: FBT001
    cut = dt.date(2016, 1, 1)
    events = [e for e in BUSY.events if e.start < cut and (e.end or e.start) < cut]
    shown = BUSY.model_copy(update={"events": events})
    figure = build_swimlane_figure(shown, (), SwimlaneOptions(webgl=webgl))
    roles = _by_role(figure)
    assert "overview" not in roles and figure["layout"]["meta"]["overview_days"] == 0
    drawn = {i for t in roles["points"] + roles["intervals"] for i in t["meta"]["event_ids"]}
    assert drawn == {e.id for e in events}


def test_zooming_the_overview_to_a_few_weeks_draws_their_every_event(tmp_path) -> None:  # noqa: ANN001
    from timeline.pages.journey.zoom import zoomed_figure
    from timeline.service import open_services
    from timeline.settings import Settings
    from timeline.view_state import ViewState

    services = open_services(
        Settings(database_url=f"sqlite:///{tmp_path / 't.db'}", load_demo=False)
    )
    services.save_journeys([BUSY])
    low, high = dt.date(2017, 3, 1), dt.date(2017, 5, 31)
    x_range = [f"{low} 06:12:00.5", f"{high} 18:00"]  # as plotly reports a zoom
    figure = zoomed_figure(services, BUSY.key, ViewState(), x_range)
    assert figure is not None and figure["layout"]["xaxis"]["range"] == x_range
    roles = _by_role(figure)
    assert "overview" not in roles
    drawn = {i for t in roles["points"] + roles["intervals"] for i in t["meta"]["event_ids"]}
    surely_in = {e.id for e in BUSY.events if e.start <= high and (e.end or e.start) >= low}
    maybe_in = {e.id for e in BUSY.events if EventFilter(since=low, until=high).keeps(e, "")}
    assert len(surely_in) > 100 and surely_in <= drawn  # as the From/Until filter keeps them:
    assert drawn == maybe_in  # with those an unsure date may put in the stretch
    (key,) = [a for a in figure["layout"]["annotations"] if a["name"] == "key"]
    assert "Zoomed in: every event from 1 Mar 2017 to 31 May 2017" in key["text"]
    # a zoom that still holds too many events keeps the cells; a zoom out brings them back
    assert zoomed_figure(services, BUSY.key, ViewState(), ["2015-01-01", "2019-06-30"]) is None
    assert _by_role(zoomed_figure(services, BUSY.key, ViewState(), None))["overview"]
    assert zoomed_figure(services, BUSY.key, ViewState(), ["not a date", "2017-01-01"]) is None


def test_an_address_zoomed_into_a_busy_journey_opens_on_its_every_event(tmp_path) -> None:  # noqa: ANN001
    """A link copied from a zoomed page (?from=...&to=...) opens as the page looked."""
    from timeline.pages.journey.zoom import view_at_zoom
    from timeline.service import open_services
    from timeline.settings import Settings
    from timeline.view_state import parse_view_query

    services = open_services(
        Settings(database_url=f"sqlite:///{tmp_path / 't.db'}", load_demo=False)
    )
    services.save_journeys([BUSY])
    state, x_range = parse_view_query("?from=2017-03-01&to=2017-05-31")
    view = view_at_zoom(services, BUSY.key, state, x_range)
    assert "overview" not in _by_role(view.figure) and _by_role(view.figure)["points"]
    assert view.figure["layout"]["xaxis"]["range"] == ["2017-03-01", "2017-05-31"]
    assert len(view.journey.events) == len(BUSY.events)  # the page's table and counts: all
    whole = view_at_zoom(services, BUSY.key, *parse_view_query("?from=2015-01-01&to=2019-12-31"))
    assert _by_role(whole.figure)["overview"]  # still too many: the cells, zoomed
    assert whole.figure["layout"]["xaxis"]["range"] == ["2015-01-01", "2019-12-31"]
