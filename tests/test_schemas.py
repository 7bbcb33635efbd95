"""Journey models: what a facilitator is told when a journey does not hold together."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from pydantic import ValidationError

from schemas import Agency, Event, Journey, JourneySummary, Person, normalise_sector
from tests.factories import make_journey


def _event(**overrides) -> dict:
    return {
        "id": "e1",
        "people": ["A"],
        "agency": "Cyrenians",
        "start": "2015-03-02",
        "title": "Hostel room",
    } | overrides


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"end": "2015-01-02"},
            "end date 2015-01-02 is before start date 2015-03-02",
            id="end-before-start",
        ),
        pytest.param({"start": "2015-02-30"}, "start", id="impossible-date"),
        pytest.param({"title": "x" * 201}, "at most 200 characters", id="over-long-title"),
        pytest.param({"title": "Hostel\x00room"}, "control character", id="nul-in-title"),
        pytest.param({"title": "evil\u202eroom"}, "control character", id="bidi-override"),
        pytest.param({"description": "a\x07b"}, "control character", id="bell-in-description"),
        pytest.param({"kind": "teleport"}, "kind", id="unknown-kind"),
        pytest.param({"people": []}, "at least 1", id="nobody"),
        pytest.param({"people": ["A", "A"]}, "more than once", id="same-person-twice"),
        pytest.param({"id": "has space"}, "must be 1 to 64", id="bad-id"),
        pytest.param({"colour": "red"}, "Extra inputs are not permitted", id="unknown-field"),
    ],
)
def test_event_rejects_bad_values(overrides: dict, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Event.model_validate(_event(**overrides))
    assert expected in str(caught.value)


def test_event_keeps_newlines_in_descriptions_and_sorts_people() -> None:
    event = Event.model_validate(_event(description="Line one\nLine two", people=["B", "A"]))
    assert event.description == "Line one\nLine two"
    assert event.people == ("A", "B")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            lambda d: d["events"][0].update(agency="Nobody"),
            "unknown agency 'Nobody'",
            id="unknown-agency",
        ),
        pytest.param(
            lambda d: d["events"][0].update(people=["Z"]), "unknown person 'Z'", id="unknown-person"
        ),
        pytest.param(
            lambda d: d["events"][1].update(id="e1"),
            "event id 'e1' appears more than once",
            id="duplicate-event-id",
        ),
        pytest.param(
            lambda d: d["agencies"][0].update(parent="Nowhere"),
            "not an agency of this journey",
            id="unknown-parent",
        ),
        pytest.param(
            lambda d: d.update(key="Coventry Couple"),
            "for example 'coventry-couple'",
            id="bad-key-suggests-slug",
        ),
        pytest.param(lambda d: d.update(people=[]), "at least 1", id="no-people"),
    ],
)
def test_journey_rejects_broken_references(change, expected: str) -> None:
    document = make_journey().model_dump(mode="json")
    change(document)
    with pytest.raises(ValidationError) as caught:
        Journey.model_validate(document)
    assert expected in str(caught.value)


def test_models_are_frozen() -> None:
    journey = make_journey()
    with pytest.raises(ValidationError):
        journey.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        pytest.param("housing ", "Housing", id="trailing-space"),
        pytest.param("MENTAL   HEALTH", "Mental health", id="case-and-inner-spaces"),
        pytest.param("Faith groups", "Faith groups", id="other-name-kept"),
    ],
)
def test_sector_names_are_normalised(written: str, stored: str) -> None:
    assert normalise_sector(written) == stored
    assert Agency(name="X", sector=written).sector == stored


def test_person_defaults_say_unknown() -> None:
    person = Person(pseudonym="Sam")
    assert (person.age_band.value, person.gender.value, person.needs) == ("unknown", "unknown", ())


def test_summary_counts_span_to_last_end() -> None:
    summary = JourneySummary.of(make_journey(events=3))
    assert (summary.people, summary.agencies, summary.sectors, summary.events) == (2, 3, 3, 3)
    assert summary.first_date == dt.date(2015, 1, 5)
    assert summary.span_days == 60


def test_schema_command_prints_json_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "schema"], capture_output=True, text=True, check=True
    )
    schema = json.loads(result.stdout)
    assert schema["title"] == "Journey"
    assert {"key", "events", "agencies", "people", "format_version"} <= set(schema["properties"])
