"""The engine's look-ups by day (timing.ByStart: bisect over events in order) find exactly what
reading every event finds: the same findings, key and context events, words and certainty, on
busy synthetic journeys with month, year-less and approximate dates."""

from __future__ import annotations

import pytest

from bench.figures import large_journey
from timeline.cycles import engine
from timeline.cycles.rules import DEFAULT_RULES


def _findings(journey) -> list[tuple]:  # noqa: ANN001
    return [
        (
            rule,
            person,
            [t.event.id for t in f.key],
            [t.event.id for t in f.context],
            f.fields,
            f.certainty,
            f.iterations,
        )
        for rule, person, f in engine.find_person_findings(journey, DEFAULT_RULES)
    ]


@pytest.mark.parametrize(("events", "seed"), [(150, 1), (400, 2), (900, 3), (1_500, 4)])
def test_searching_by_day_finds_what_reading_every_event_finds(
    events: int, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    journey = large_journey(events, seed=seed)
    fast = _findings(journey)
    monkeypatch.setattr(engine, "Timeline", list)  # every look-up reads every event
    slow = _findings(journey)
    assert fast == slow
    assert len({rule for rule, *_ in fast}) >= 5  # most rules fire on these journeys
    assert {c for *_, c, _ in fast} == {"certain", "possible"}


def test_a_journeys_cycles_are_found_once_per_journey_object_and_rule_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from timeline.cycles import remembered
    from timeline.cycles.config import apply_overrides

    journey = large_journey(300, seed=9)
    calls = []
    real = remembered.find_cycles
    monkeypatch.setattr(remembered, "find_cycles", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = remembered.remembered_cycles(journey, DEFAULT_RULES, approximate_days=14)
    again = remembered.remembered_cycles(journey, DEFAULT_RULES, approximate_days=14)
    assert first == again == real(journey, DEFAULT_RULES, approximate_days=14) and len(calls) == 1
    changed = journey.model_copy(update={"events": journey.events[:-40]})  # a new version
    assert remembered.remembered_cycles(changed, DEFAULT_RULES, approximate_days=14) == real(
        changed, DEFAULT_RULES, approximate_days=14
    )
    stricter = apply_overrides(DEFAULT_RULES, {"eviction_cycle": {"min_count": 4}})
    remembered.remembered_cycles(journey, stricter, approximate_days=14)
    remembered.remembered_cycles(journey, DEFAULT_RULES, approximate_days=21)
    assert len(calls) == 4  # a new journey object, other rules, other dates: each found afresh
