"""Presenter mode as plain functions: what the room may see, step by step."""

from __future__ import annotations

import pytest

from schemas import Journey
from tests.journeys import journey_of
from timeline.pages.present_view import build_step, presentable_events
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
        len(t.y) for t in first.figure.data if t.meta.get("role") in ("points", "intervals")
    )
    assert marks == 1
    assert not [t for t in first.figure.data if t.meta.get("role") == "cycle"]
    last = build_step(sqlite_services, "ahmed", 10_000, False)  # clamped to the last step
    assert last.number == 71
    assert {t.meta["rule"] for t in last.figure.data if t.meta.get("role") == "cycle"} == {
        "missed_referral",
        "hospital_self_discharge",
        "emergency_frequent",
    }
    assert first.figure.layout.xaxis.range == last.figure.layout.xaxis.range
    assert build_step(sqlite_services, "ahmed", -5, False).number == 0
