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
            area="Canal Basin",  # an invented ward: the optional area column
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


def make_restricted_journey(key: str = "test-journey") -> Journey:
    """make_journey with event e2 restricted and three notes: on e2 only, on e1 and e2, a period."""
    data = make_journey(key).model_dump()
    data["events"][1]["sensitivity"] = "restricted"
    data["annotations"] = [
        {"id": "on-e2", "text": "About the restricted contact.", "event_ids": ["e2"]},
        {"id": "on-e1-e2", "text": "About both.", "event_ids": ["e1", "e2"]},
        {"id": "period", "text": "That spring.", "start": dt.date(2015, 3, 1)},
    ]
    return Journey.model_validate(data)


# The reviewer's form as submit_proposal receives it: a comment on e1, nothing else filled in.
REVIEW_FORM = {
    "about": "event",
    "event": "e1",
    "start": None,
    "end": None,
    "kind": "comment",
    "text": "",
    "fix_title": None,
    "fix_date": None,
    "paraphrased": [],
}
