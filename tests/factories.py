"""Small hand-made journeys for tests (invented, illustrative data)."""

from __future__ import annotations

import datetime as dt

from schemas import Agency, Event, Journey, Person


def make_journey(key: str = "test-journey", events: int = 3) -> Journey:
    """A small household journey: two people, three agencies, a stay and some contacts."""
    agencies = [
        Agency(name="Cyrenians", sector="Housing", provider_type="voluntary"),
        Agency(name="West Midlands Police", sector="Police", provider_type="public"),
        Agency(name="Foodbank", sector="Food", provider_type="voluntary", parent=None),
    ]
    base = dt.date(2015, 1, 5)
    made = [
        Event(
            id="e1",
            people=["A", "B"],
            agency="Cyrenians",
            kind="placement",
            start=base,
            end=base + dt.timedelta(days=60),
            title="Hostel room",
            tags=["housing"],
        ),
    ]
    for i in range(1, events):
        made.append(
            Event(
                id=f"e{i + 1}",
                people=["A"] if i % 2 else ["B"],
                agency=agencies[1 + i % 2].name,
                kind="call_out" if i % 2 else "contact",
                start=base + dt.timedelta(days=10 * i),
                title=f"Contact {i}",
            )
        )
    return Journey(
        key=key,
        title="Test household (illustrative)",
        summary="Invented for tests.",
        provenance="illustrative",
        people=[
            Person(
                pseudonym="A",
                age_band="25-34",
                gender="woman",
                needs=["homelessness", "mental_health"],
            ),
            Person(pseudonym="B"),
        ],
        agencies=agencies,
        events=made,
    )
