"""Presenter mode as plain functions: what the room may see, step by step."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import pytest

from schemas import Journey
from tests.journeys import journey_of
from timeline.pages.present.page import PresentState, parse_present_query, present_query
from timeline.pages.present.view import build_step, group_steps, period_of, presentable_events
from timeline.service import Services


def _with_sensitivity(journey: Journey, levels: dict[str, str]) -> Journey:
    events = tuple(
        e.model_copy(update={"sensitivity": levels.get(e.id, "normal")}) for e in journey.events
    )
    return journey.model_copy(update={"events": events})


@pytest.mark.parametrize(
    ("show_sensitive", "expected"),
    [
        pytest.param(False, ["e1", "e4"], id="sensitive-hidden-by-default"),
        pytest.param(True, ["e2", "e1", "e4"], id="sensitive-shown-when-chosen"),
    ],
)
def test_restricted_never_shown_sensitive_only_when_chosen(show_sensitive, expected) -> None:
    journey = _with_sensitivity(
        journey_of(
            "2015-01-04 contact", "2015-01-02 contact", "2015-01-03 contact", "2015-01-05 contact"
        ),
        {"e2": "sensitive", "e3": "restricted"},
    )
    assert [e.id for e in presentable_events(journey, show_sensitive)] == expected  # by date


def test_steps_reveal_events_and_cycles_only_once_complete(sqlite_services: Services) -> None:
    sqlite_services.load_demo()
    first = build_step(sqlite_services, "ahmed", 0, False)
    assert first.number == 0 and first.total == 72  # 74 events less 2 sensitive
    assert first.caption["title"] != "Wife dies"
    marks = sum(
        len(t["y"]) for t in first.figure["data"] if t["meta"]["role"] in ("points", "intervals")
    )
    assert marks == 1
    assert not [t for t in first.figure["data"] if t["meta"]["role"].startswith("cycle")]
    last = build_step(sqlite_services, "ahmed", 10_000, False)  # clamped to the last step
    assert last.number == 71
    (first_rings,) = [t for t in last.figure["data"] if t["meta"].get("marks") == "first"]
    assert set(first_rings["meta"]["rules"]) == {
        "missed_referral",
        "hospital_self_discharge",
        "emergency_frequent",
    }
    assert first.figure["layout"]["xaxis"]["range"] == last.figure["layout"]["xaxis"]["range"]
    assert "height" not in first.figure["layout"]  # it fills the presenter's frame
    go.Figure(last.figure)  # a valid figure
    assert build_step(sqlite_services, "ahmed", -5, False).number == 0


PERIODS = journey_of(
    "2015-01-04 contact",
    "2015-01-20 referral",
    "2015-03-02 assessment",
    "2015-11-30 contact",
    "2016-02-01 contact",
)


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        pytest.param("event", [["e1"], ["e2"], ["e3"], ["e4"], ["e5"]], id="one-event-a-step"),
        pytest.param("month", [["e1", "e2"], ["e3"], ["e4"], ["e5"]], id="empty-months-skipped"),
        pytest.param("quarter", [["e1", "e2", "e3"], ["e4"], ["e5"]], id="quarters"),
        pytest.param("year", [["e1", "e2", "e3", "e4"], ["e5"]], id="years"),
    ],
)
def test_steps_by_event_or_period(by: str, expected: list[list[str]]) -> None:
    steps = group_steps(presentable_events(PERIODS, False), by)
    assert [[e.id for e in group] for _, group in steps] == expected


def test_period_headings() -> None:
    day = dt.date(2015, 11, 30)
    assert [period_of(day, by) for by in ("month", "quarter", "year")] == [
        "November 2015",
        "Oct to Dec 2015",
        "2015",
    ]


def test_period_step_caption_lists_its_events_and_missed_opportunities(
    sqlite_services: Services,
) -> None:
    sqlite_services.load_demo()
    lucy = sqlite_services.load_journey("lucy")
    first = min(lucy.events, key=lambda e: (e.start, e.id))
    sqlite_services.mark_missed_opportunity("lucy", first.id, "Nobody asked about housing")
    step = build_step(sqlite_services, "lucy", 0, False, "month")
    assert step.caption["title"] == f"{first.start:%B %Y}"
    assert any(first.title in item for item in step.caption["items"])
    assert step.caption["missed"] == [f"{first.title}: Nobody asked about housing"]
    assert step.total < len(lucy.events)
    by_event = build_step(sqlite_services, "lucy", 0, False)
    assert by_event.caption["missed"] == ["Nobody asked about housing"]
    marks = [t for t in by_event.figure["data"] if t["meta"]["role"] == "missed_opportunity"]
    assert len(marks) == 1


@pytest.mark.parametrize(
    ("query", "state"),
    [
        pytest.param("", PresentState(), id="start"),
        pytest.param("?step=4&by=month", PresentState(3, "month"), id="month-step-4"),
        pytest.param(
            "?step=2&sensitive=1&contrast=1", PresentState(1, "event", True, True), id="flags"
        ),
        pytest.param("?step=x&by=decade", PresentState(), id="unreadable-falls-back"),
    ],
)
def test_presenter_url_restores_the_step(query: str, state: PresentState) -> None:
    assert parse_present_query(query) == state
    assert parse_present_query(present_query(state)) == state


def test_high_contrast_step_draws_on_black(sqlite_services: Services) -> None:
    sqlite_services.load_demo()
    plain = build_step(sqlite_services, "lucy", 5, False)
    dark = build_step(sqlite_services, "lucy", 5, False, high_contrast=True)
    assert plain.figure["layout"]["paper_bgcolor"] == "white"
    assert dark.figure["layout"]["paper_bgcolor"] == "#000000"
    assert dark.caption == plain.caption and len(dark.figure["data"]) == len(plain.figure["data"])
    go.Figure(dark.figure)  # a valid figure
