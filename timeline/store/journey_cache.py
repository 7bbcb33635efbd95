"""Journeys as read from the database, kept per process so a page view need not read and
validate every event again.

A stored journey changes only by a save, a restore or a delete, and each of those records a new
version and stamps the journey row (`version`, `updated_at`). An entry is found by the row's
`(pk, version, updated_at)` read in the same session, so a journey saved by another worker,
process or server is never served stale: its stamp no longer matches and it is read afresh.
Schema objects are frozen, so one cached journey can be handed to every request.
"""

from __future__ import annotations

import datetime as dt
import threading

from cachetools import LRUCache

from schemas import Journey

Stamp = tuple[int, int, dt.datetime]

# How many journeys each process keeps (the least recently used goes first).
JOURNEYS_KEPT = 32


class JourneyCache:
    """Journeys by stamp, least recently used dropped first; safe to share between threads."""

    def __init__(self, size: int = JOURNEYS_KEPT) -> None:
        self._kept: LRUCache[Stamp, Journey] = LRUCache(maxsize=size)
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe by themselves

    def get(self, stamp: Stamp) -> Journey | None:
        """The journey read at `stamp`, or None when it is not kept."""
        with self._lock:
            return self._kept.get(stamp)

    def put(self, stamp: Stamp, journey: Journey) -> None:
        """Keep `journey`, read at `stamp`."""
        with self._lock:
            self._kept[stamp] = journey

    def __len__(self) -> int:
        return len(self._kept)
