"""The swimlane at scale: a valid plain figure dict, few traces, a payload a browser takes fast."""

from __future__ import annotations

import json

import orjson
import plotly.graph_objects as go
import pytest

from bench.figures import large_journey
from timeline.cycles import find_cycles
from timeline.demo import demo_journeys
from timeline.figures import SwimlaneOptions, build_swimlane_figure

BUSY = large_journey(2_000)
BUSY_CYCLES = find_cycles(BUSY)


@pytest.mark.parametrize(
    ("journey", "options"),
    [
        *(
            pytest.param(j, SwimlaneOptions(), id=j.key)
            for j in demo_journeys()  # Coventry, Lucy, Ahmed
        ),
        pytest.param(
            demo_journeys()[1],
            SwimlaneOptions(align_on=demo_journeys()[1].events[3].id, status_strip=False),
            id="lucy-aligned",
        ),
        pytest.param(BUSY, SwimlaneOptions(), id="synthetic-2000"),
    ],
)
def test_the_figure_is_a_plain_dict_plotly_accepts(journey, options) -> None:  # noqa: ANN001
    figure = build_swimlane_figure(journey, find_cycles(journey), options)
    assert type(figure) is dict and set(figure) == {"data", "layout"}
    go.Figure(figure)  # validates every property; raises on a bad one


def test_a_busy_journey_is_a_few_traces_per_sector_and_kind() -> None:
    figure = build_swimlane_figure(BUSY, BUSY_CYCLES)
    sectors = {a.sector for a in BUSY.agencies}
    roles: dict[str, int] = {}
    for trace in figure["data"]:
        roles[trace["meta"]["role"]] = roles.get(trace["meta"]["role"], 0) + 1
    assert len(BUSY_CYCLES) > 50  # hundreds of marks in cycles, yet:
    assert roles["cycle"] <= 9 and roles["cycle-bands"] == 1  # 4 patterns x 2 certainties + 1
    assert roles["points"] <= 2 * len(sectors) and roles["intervals"] <= len(sectors)
    assert len(figure["data"]) <= 45
    assert len(figure["layout"]["shapes"]) < 10  # sector tints only: bands are a trace
    drawn = sum(len(t["y"]) for t in figure["data"] if t["meta"]["role"] in ("points", "intervals"))
    assert drawn == len(BUSY.events)


def test_a_busy_journeys_labels_stay_in_a_few_rows_and_the_key_says_so() -> None:
    figure = build_swimlane_figure(BUSY, BUSY_CYCLES)
    labels = [a for a in figure["layout"]["annotations"] if a["name"].startswith("cycle-label")]
    assert 0 < len(labels) < len(BUSY_CYCLES)
    assert len({a["y"] for a in labels}) <= 4
    (key,) = [a for a in figure["layout"]["annotations"] if a["name"] == "key"]
    assert f"{len(BUSY_CYCLES) - len(labels)} cycle labels left out" in key["text"]
    (first,) = [t for t in figure["data"] if t["meta"].get("marks") == "first"]
    assert len(first["customdata"]) == len(BUSY_CYCLES)  # every cycle still named on hover


def test_a_2000_event_payload_is_at_most_250_kb() -> None:
    assert len(orjson.dumps(build_swimlane_figure(BUSY, BUSY_CYCLES))) <= 250 * 1024


def test_many_points_are_drawn_with_webgl_where_allowed_and_keep_their_click_ids() -> None:
    journey = large_journey(8_000, seed=3)
    figure = build_swimlane_figure(journey, find_cycles(journey), SwimlaneOptions(webgl=True))
    go.Figure(figure)  # still a figure plotly accepts
    by_role: dict[str, list[dict]] = {}
    for trace in figure["data"]:
        by_role.setdefault(trace["meta"]["role"], []).append(trace)
    points, periods = by_role["points"], by_role["intervals"]
    assert all(t["type"] == "scattergl" and "error_x" not in t for t in points)
    assert all(len(t["meta"]["event_ids"]) == len(t["x"]) == len(t["customdata"]) for t in points)
    # periods are lines: start, end and a gap per period, hover text on both ends
    assert all(t["type"] == "scattergl" and t["mode"] == "lines" for t in periods)
    assert all(
        len(t["x"]) == 3 * len(t["meta"]["event_ids"]) == len(t["customdata"]) for t in periods
    )
    drawn = [i for t in points + periods for i in t["meta"]["event_ids"]]
    assert sorted(drawn) == sorted(e.id for e in journey.events)  # each event once
    unsure = sum(1 for e in journey.events if e.end is None and e.date_precision.value != "day")
    assert sum(len(t["x"]) for t in by_role["whiskers"]) == 3 * unsure  # a whisker per unsure point
    assert any(t["line"].get("dash") == "dot" for t in periods)  # unsure periods dotted
    # nothing drawn as SVG by the thousand: status strip as lines, cycle bands merged
    svg = [t for t in figure["data"] if t["type"] in ("bar", "scatter")]
    assert all(len(t.get("base") or t.get("x")) <= 1_000 for t in svg)
    assert all(t["type"] == "scattergl" for t in by_role["status"])
    (bands,) = by_role["cycle-bands"]
    assert len(bands["base"]) < len(find_cycles(journey)) / 10


def test_a_journey_below_the_webgl_threshold_is_drawn_as_before() -> None:
    figure = build_swimlane_figure(BUSY, BUSY_CYCLES, SwimlaneOptions(webgl=True))
    types = {t["meta"]["role"]: t["type"] for t in figure["data"]}
    assert types["points"] == "scatter" and types["intervals"] == "bar"
    assert types["status"] == "bar" and "whiskers" not in types
    (bands,) = [t for t in figure["data"] if t["meta"]["role"] == "cycle-bands"]
    assert len(bands["base"]) == len(BUSY_CYCLES)  # a band per cycle


@pytest.mark.parametrize("journey", [BUSY, large_journey(6_000, seed=5)], ids=["svg", "webgl"])
def test_a_click_on_any_mark_names_its_event_and_a_click_on_a_cycle_names_none(journey) -> None:  # noqa: ANN001
    """The review page's contract: meta.event_ids[pointNumber] of the clicked curve (a period
    drawn as a WebGL line: pointNumber // meta.vertices)."""
    from timeline.pages.review.callbacks import clicked_event

    options = SwimlaneOptions(webgl=True)
    figure = json.loads(orjson.dumps(build_swimlane_figure(journey, find_cycles(journey), options)))
    title = {e.id: e.title for e in journey.events}
    seen = []
    for curve, trace in enumerate(figure["data"]):
        for point in range(len(trace["y"])):
            event = clicked_event(
                {"points": [{"curveNumber": curve, "pointNumber": point}]}, figure
            )
            if trace["meta"]["role"] in ("points", "intervals") and trace["y"][point] is not None:
                assert trace["customdata"][point][0] == title[event]
                seen.append(event)
            elif trace["meta"]["role"] not in ("points", "intervals"):
                assert event is None
    assert sorted(set(seen)) == sorted(title)
