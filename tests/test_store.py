"""The store, on SQLite and (when TOUCHPOINTS_TEST_POSTGRES_URL is set) on PostgreSQL."""

from __future__ import annotations

import pytest

from schemas import Journey
from tests.factories import make_journey
from timeline.service import Services
from timeline.store import (
    JourneyExistsError,
    JourneyNotFoundError,
    downgrade_database,
    upgrade_database,
)


def test_saved_journey_loads_back_equal(services: Services, journey: Journey) -> None:
    services.save_journeys([journey])
    assert services.load_journey(journey.key) == journey


def test_loading_returns_schema_objects_not_rows(services: Services, journey: Journey) -> None:
    services.save_journeys([journey])
    loaded = services.load_journey(journey.key)
    assert type(loaded) is Journey
    assert all(type(e).__module__ == "schemas.journey" for e in loaded.events)


def test_list_counts_people_agencies_sectors_events(services: Services) -> None:
    services.save_journeys([make_journey("b-journey", events=5), make_journey("a-journey")])
    summaries = services.list_journeys()
    assert [s.key for s in summaries] == ["a-journey", "b-journey"]
    b = summaries[1]
    assert (b.people, b.agencies, b.sectors, b.events) == (2, 3, 3, 5)
    assert b.span_days == 60


def test_saving_an_existing_key_is_refused_and_changes_nothing(services: Services) -> None:
    services.save_journeys([make_journey(events=3)])
    with pytest.raises(JourneyExistsError, match="use --replace"):
        services.save_journeys([make_journey(events=6)])
    assert len(services.load_journey("test-journey").events) == 3


def test_replace_is_explicit_and_swaps_the_whole_journey(services: Services) -> None:
    services.save_journeys([make_journey(events=3)])
    services.save_journeys([make_journey(events=6)], replace=True)
    assert len(services.load_journey("test-journey").events) == 6
    assert [s.events for s in services.list_journeys()] == [6]


def test_a_batch_with_one_existing_key_writes_nothing(services: Services) -> None:
    services.save_journeys([make_journey("old")])
    with pytest.raises(JourneyExistsError):
        services.save_journeys([make_journey("new"), make_journey("old")])
    assert [s.key for s in services.list_journeys()] == ["old"]


def test_missing_journey_is_a_clear_error(services: Services) -> None:
    with pytest.raises(JourneyNotFoundError, match="no journey with key 'nope'"):
        services.load_journey("nope")


def test_text_with_markup_and_unicode_is_stored_verbatim(services: Services) -> None:
    document = make_journey().model_dump(mode="json")
    document["events"][0]["title"] = "<script>alert('x')</script> — café ☕"
    document["events"][0]["description"] = '=HYPERLINK("http://x")\nsecond line'
    journey = Journey.model_validate(document)
    services.save_journeys([journey])
    assert services.load_journey(journey.key) == journey


def test_migrations_are_idempotent(services: Services) -> None:
    assert upgrade_database(services.sessions.kw["bind"]) is False


def test_demo_loads_once(services: Services) -> None:
    assert services.load_demo() == ["coventry-couple", "lucy", "ahmed"]
    assert services.load_demo() == []
    assert len(services.list_journeys()) == 3


def test_journeys_stored_before_areas_load_with_none(services: Services) -> None:
    services.save_journeys([make_journey()])
    engine = services.sessions.kw["bind"]
    downgrade_database(engine, "0008")  # events.area goes, as if stored before migration 0009
    assert upgrade_database(engine)
    journey = services.load_journey("test-journey")
    assert {e.area for e in journey.events} == {""}
    assert [e.title for e in journey.events] == [e.title for e in make_journey().events]
    services.save_journeys([make_journey("placed")])
    assert services.load_journey("placed").events[0].area == "Canal Basin"
