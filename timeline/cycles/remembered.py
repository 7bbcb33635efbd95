"""The cycles of journeys seen lately, kept per process for the pages.

A page view, every filter change and every download of one journey ask for its cycles under the
same rules; the store hands back the very same (frozen) Journey object while the journey is
unchanged (timeline/store/journey_cache.py), so the cycles are found once per journey version
and rule set (a 20,000-event journey: about 2 s each time otherwise). The entry is matched by
identity, not equality: a changed journey is a new object and is looked at afresh.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from cachetools import LRUCache

from schemas import Cycle, Journey
from timeline.cycles.engine import find_cycles
from timeline.cycles.rules import Rule

KEPT = 16  # journeys whose cycles each process keeps (the least recently used goes first)

_kept: LRUCache[tuple, tuple[Journey, list[Cycle]]] = LRUCache(maxsize=KEPT)
_lock = threading.Lock()  # cachetools' caches are not thread-safe by themselves


def remembered_cycles(
    journey: Journey, rules: Sequence[Rule], *, approximate_days: int
) -> list[Cycle]:
    """find_cycles(journey, rules), from what was found for this very journey object before."""
    key = (id(journey), approximate_days, tuple(rule.model_dump_json() for rule in rules))
    with _lock:
        seen = _kept.get(key)
    if seen is not None and seen[0] is journey:
        return list(seen[1])
    found = find_cycles(journey, rules, approximate_days=approximate_days)
    with _lock:
        _kept[key] = (journey, found)  # holding the journey keeps its id from being reused
    return list(found)
