"""A journey read once is kept per process (timeline/store/journey_cache.py), and is never shown
stale: a change made through another process (another server worker, the CLI) is seen on the
very next read. Two Services on one database stand for two workers. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from tests.factories import make_journey
from timeline.service import Services, open_services
from timeline.settings import Settings
from timeline.store import JourneyNotFoundError

KEY = "test-journey"


@pytest.fixture
def workers(database_url: str) -> Iterator[tuple[Services, Services]]:
    """Two workers' services on one database, the journey stored by the first."""
    opened = [open_services(Settings(database_url=database_url, load_demo=False)) for _ in "ab"]
    opened[0].save_journeys([make_journey(KEY)])
    yield opened[0], opened[1]
    for services in opened:
        services.sessions.kw["bind"].dispose()


def _statements(services: Services) -> list[str]:
    """Every SQL statement `services` sends from now on."""
    sent: list[str] = []
    event.listen(
        services.sessions.kw["bind"],
        "before_cursor_execute",
        lambda _c, _cur, statement, *_: sent.append(statement),
    )
    return sent


def test_a_journey_read_again_unchanged_is_not_read_from_the_database_again(
    workers: tuple[Services, Services],
) -> None:
    first, _ = workers
    journey, version = first.load_journey_versioned(KEY)
    sent = _statements(first)
    again, same = first.load_journey_versioned(KEY)
    assert (again, same) == (journey, version)
    reads = [s for s in sent if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1 and "events" not in reads[0]  # the version stamp only


def test_a_save_by_another_worker_is_seen_on_the_next_read(
    workers: tuple[Services, Services],
) -> None:
    first, second = workers
    journey, version = first.load_journey_versioned(KEY)
    elsewhere, _ = second.load_journey_versioned(KEY)
    shorter = elsewhere.model_copy(update={"title": "Retitled", "events": elsewhere.events[1:]})
    second.save_journeys([shorter], replace=True, base_versions={KEY: version})
    now, moved = first.load_journey_versioned(KEY)
    assert (now.title, moved, len(now.events)) == ("Retitled", version + 1, len(journey.events) - 1)


def test_a_delete_restore_and_undelete_elsewhere_are_seen_at_once(
    workers: tuple[Services, Services],
) -> None:
    first, second = workers
    original, version = first.load_journey_versioned(KEY)
    second.save_journeys(
        [original.model_copy(update={"title": "Changed"})],
        replace=True,
        base_versions={KEY: version},
    )
    assert first.load_journey(KEY).title == "Changed"
    second.restore_version(KEY, version)
    assert first.load_journey(KEY) == original
    second.delete_journey(KEY)
    with pytest.raises(JourneyNotFoundError):
        first.load_journey(KEY)
    second.undelete_journey(KEY)
    assert first.load_journey(KEY) == original
