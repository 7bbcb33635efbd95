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


def test_many_points_are_drawn_with_webgl_and_keep_their_click_ids() -> None:
    journey = large_journey(8_000, seed=3)
    figure = build_swimlane_figure(journey)
    points = [t for t in figure["data"] if t["meta"]["role"] == "points"]
    webgl = [t for t in points if "error_x" not in t]  # plotly's scattergl fails on whiskers
    assert webgl and all(t["type"] == "scattergl" for t in webgl)
    assert all(t["type"] == "scatter" for t in points if "error_x" in t)
    assert all(len(t["meta"]["event_ids"]) == len(t["x"]) == len(t["customdata"]) for t in points)
    small = build_swimlane_figure(BUSY)
    assert {t["type"] for t in small["data"] if t["meta"]["role"] == "points"} == {"scatter"}


def test_a_click_on_any_mark_names_its_event_and_a_click_on_a_cycle_names_none() -> None:
    """The review page's contract: meta.event_ids[pointNumber] of the clicked curve."""
    from timeline.pages.review.callbacks import clicked_event

    figure = json.loads(orjson.dumps(build_swimlane_figure(BUSY, BUSY_CYCLES)))  # as sent
    title = {e.id: e.title for e in BUSY.events}
    seen = []
    for curve, trace in enumerate(figure["data"]):
        for point in range(len(trace["y"])):
            event = clicked_event(
                {"points": [{"curveNumber": curve, "pointNumber": point}]}, figure
            )
            if trace["meta"]["role"] in ("points", "intervals"):
                assert trace["customdata"][point][0] == title[event]
                seen.append(event)
            else:
                assert event is None
    assert sorted(seen) == sorted(title)
