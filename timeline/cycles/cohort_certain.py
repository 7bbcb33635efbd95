"""Both readings of a rule over a cohort, the narrowed one only where it can differ.

A possible finding is *settled* when every key row of it is settled: its start is exact, and
nothing about its own row reads differently narrowed (a rule's test of the row, such as "no
follow-up in time", gives the same answer either way). A settled possible finding is a certain
finding, as it stands: every window from its rows holds the same exact rows both ways, and no
other certain window reaches into it (a certain window lies inside the possible window from the
same row, so inside another possible finding). Returns and episodes, whose findings hang on more
than their own rows (the next tenancy, every homelessness item), settle whole people instead:
with none of the rule's rows uncertain, each narrowed test is the widened one. So the narrowed
reading runs only on the key rows (or people) of the unsettled possible findings; every certain
finding lies inside one of those or is settled. Custody chains are not settled: splitting
spells, the narrowed reading may find a chain where the widened one finds none, so it reads
every person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from schemas import EventKind as K
from timeline.cycles.cohort_arrays import CohortArrays, Ints, people_of, reached
from timeline.cycles.cohort_episodes import exact_episodes
from timeline.cycles.cohort_frame import KIND_CATEGORIES
from timeline.cycles.cohort_rules import Found, follow_up_near, value
from timeline.cycles.detectors.common import (
    ADMISSION_BEFORE_DISCHARGE_DAYS,
    HOMELESSNESS,
    STAYS_A_SELF_DISCHARGE_ENDS,
)
from timeline.cycles.rules import Rule


class Readings(NamedTuple):
    """One rule's findings: certain (settled ones, then narrowed ones) and possible only."""

    settled: Found
    narrowed: Found
    possible: Found


def read_twice(c: CohortArrays, rule: Rule, detect: Callable[..., Found]) -> Readings:
    """The rule read widened, then narrowed on the key rows of unsettled possible findings."""
    found = detect(c, rule, False)
    settle = SETTLED.get(rule.id)
    count = len(found.first)
    if settle is None or count == 0:
        unsettled = np.ones(count, dtype=bool)
    else:
        steady = settle(c, rule, found.keys)
        unsettled = np.bincount(found.owner, weights=~steady, minlength=count) > 0
    within = np.zeros(len(c.s0), dtype=bool)
    within[found.keys[unsettled[found.owner]]] = True
    narrowed = detect(c, rule, True, within=within)
    taken = np.zeros(len(c.s0), dtype=bool)
    taken[narrowed.keys] = True
    shared = np.bincount(found.owner, weights=taken[found.keys], minlength=count)
    return Readings(select(found, ~unsettled), narrowed, select(found, unsettled & (shared == 0)))


def select(found: Found, keep: np.ndarray) -> Found:
    """The findings `keep` marks (their key rows are not needed any more)."""
    first, last, iterations, high = (a[keep] for a in found[:4])
    return Found(first, last, iterations, high, found.keys[:0], found.owner[:0])


def _exact(c: CohortArrays, rule: Rule, keys: Ints) -> np.ndarray:
    """Whether each key row's start is to the day: window rules read nothing else of a row."""
    return c.exact_start[keys]


def _missed_settled(c: CohortArrays, rule: Rule, keys: Ints) -> np.ndarray:
    """Exact emergency contacts no uncertain follow-up may be in time for: with exact dates
    "none certainly in time" and "none possibly in time" agree."""
    near = follow_up_near(c, c.clamp(value(rule, "follow_up_days")))
    return c.exact_start[keys] & ~near[keys]


def _discharge_settled(c: CohortArrays, rule: Rule, keys: Ints) -> np.ndarray:
    """Exact self-discharges no uncertain stay may end on: exact stays end them either way."""
    stays = c.of_kinds(*STAYS_A_SELF_DISCHARGE_ENDS)
    stays = stays[people_of(c, keys)[c.person[stays]]]
    loose = stays[(c.s0[stays] != c.s1[stays]) | (c.e0[stays] != c.e1[stays])]
    admission = KIND_CATEGORIES.index(K.ADMISSION.value)
    open_admission = (c.kind[loose] == admission) & ~c.has_end[loose]
    reach = np.where(open_admission, c.s1[loose] + ADMISSION_BEFORE_DISCHARGE_DAYS, c.e1[loose])
    near = reached(c, keys, c.person[loose], c.s0[loose], np.minimum(reach, c.span + 1))
    return c.exact_start[keys] & ~near


def _episodes_settled(c: CohortArrays, rule: Rule, keys: Ints) -> np.ndarray:
    """Key rows of people none of whose homelessness items is uncertain: their episodes are
    those of exact items in both readings."""
    _, _, unsure = exact_episodes(c, value(rule, "gap_days"))
    return ~people_of(c, unsure)[c.person[keys]]


def _people_settled(*kinds: K) -> Callable[[CohortArrays, Rule, Ints], np.ndarray]:
    """Key rows of people none of whose rows of `kinds` is uncertain: with exact dates the
    narrowed tests (a return in time, before the next tenancy) are the widened ones."""

    def settled(c: CohortArrays, rule: Rule, keys: Ints) -> np.ndarray:
        rows = c.of_kinds(*kinds)
        rows = rows[people_of(c, keys)[c.person[rows]]]
        loose = rows[(c.s0[rows] != c.s1[rows]) | (c.e0[rows] != c.e1[rows])]
        return ~people_of(c, loose)[c.person[keys]]

    return settled


SETTLED: dict[str, Callable[[CohortArrays, Rule, Ints], np.ndarray]] = {
    "breach_cycle": _exact,
    "eviction_cycle": _exact,
    "hospital_self_discharge": _discharge_settled,
    "emergency_frequent": _exact,
    "referral_ping_pong": _exact,
    "repeat_referral": _exact,
    "return_to_homelessness": _people_settled(K.TENANCY, *HOMELESSNESS),
    "missed_referral": _missed_settled,
    "episodic_homelessness": _episodes_settled,
}
