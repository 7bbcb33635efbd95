"""Both readings of a rule over a cohort, the narrowed one only where it can differ.

A possible finding is *settled* when every key row of it is settled: its start is exact, and
nothing about its own row reads differently narrowed (a rule's test of the row, such as "no
follow-up in time", gives the same answer either way). A settled possible finding is a certain
finding, as it stands: every window from its rows holds the same exact rows both ways, and no
other certain window reaches into it (a certain window lies inside the possible window from the
same row, so inside another possible finding). So the narrowed reading runs only on the key rows
of the unsettled possible findings; every certain finding lies inside one of those or is
settled. Rules with no entry in SETTLED (custody chains, returns) narrow every possible finding's
rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from schemas import EventKind as K
from timeline.cycles.cohort_arrays import CohortArrays, Ints, people_of
from timeline.cycles.cohort_frame import KIND_CATEGORIES
from timeline.cycles.cohort_rules import Found, value
from timeline.cycles.detectors.common import (
    ADMISSION_BEFORE_DISCHARGE_DAYS,
    EMERGENCY,
    FOLLOW_UP,
    HOMELESSNESS,
    STAYS_A_SELF_DISCHARGE_ENDS,
)
from timeline.cycles.rules import Rule


class Readings(NamedTuple):
    """One rule's findings: certain (settled ones, then narrowed ones) and possible only."""

    settled: Found
    narrowed: Found
    possible: Found


def read_twice(
    c: CohortArrays, rule: Rule, detect: Callable[..., Found], possible: bool = True
) -> Readings:
    """The rule read widened, then narrowed on the key rows of unsettled possible findings."""
    found = detect(c, rule, False)
    settle = SETTLED.get(rule.id)
    count = len(found.first)
    if settle is None or count == 0:
        unsettled = np.ones(count, dtype=bool)
    else:
        steady = settle(c, rule)
        unsettled = np.bincount(found.owner, weights=~steady[found.keys], minlength=count) > 0
    within = np.zeros(len(c.s0), dtype=bool)
    within[found.keys[unsettled[found.owner]]] = True
    narrowed = detect(c, rule, True, within=within)
    if not possible:
        return Readings(select(found, ~unsettled), narrowed, select(found, unsettled & False))
    taken = np.zeros(len(c.s0), dtype=bool)
    taken[narrowed.keys] = True
    shared = np.bincount(found.owner, weights=taken[found.keys], minlength=count)
    return Readings(select(found, ~unsettled), narrowed, select(found, unsettled & (shared == 0)))


def select(found: Found, keep: np.ndarray) -> Found:
    """The findings `keep` marks (their key rows are not needed any more)."""
    first, last, iterations, high = (a[keep] for a in found[:4])
    return Found(first, last, iterations, high, found.keys[:0], found.owner[:0])


def _exact(c: CohortArrays, rule: Rule) -> np.ndarray:
    """Rows whose start is to the day: window rules read nothing else of a row."""
    return c.exact_start


def _uncertain(c: CohortArrays, rows: Ints) -> np.ndarray:
    return (c.s0[rows] != c.s1[rows]) | (c.e0[rows] != c.e1[rows])


def _reached(c: CohortArrays, targets: Ints, person: Ints, low: Ints, high: Ints) -> np.ndarray:
    """Which of `targets` (rows sorted by person, then start) start in some [low, high] of
    their person's."""
    keys = c.pack(c.person[targets], c.s0[targets])
    begin = np.searchsorted(keys, c.pack(person, low), side="left")
    end = np.maximum(np.searchsorted(keys, c.pack(person, high), side="right"), begin)
    size = len(targets) + 1
    cover = np.cumsum(np.bincount(begin, minlength=size) - np.bincount(end, minlength=size))
    return cover[:-1] > 0


def _missed_settled(c: CohortArrays, rule: Rule) -> np.ndarray:
    """Exact emergency contacts no uncertain follow-up may be in time for: with exact dates
    "none certainly in time" and "none possibly in time" agree."""
    emergencies, follow_ups = c.of_kinds(*EMERGENCY), c.of_kinds(*FOLLOW_UP)
    loose = follow_ups[_uncertain(c, follow_ups)]
    follow = c.clamp(value(rule, "follow_up_days"))
    # a follow-up may be in time for a contact on day t when it may start in [t, t + follow]
    near = _reached(c, emergencies, c.person[loose], c.s0[loose] - follow, c.s1[loose])
    steady = c.exact_start.copy()
    steady[emergencies[near]] = False
    return steady


def _discharge_settled(c: CohortArrays, rule: Rule) -> np.ndarray:
    """Exact self-discharges no uncertain stay may end on: exact stays end them either way."""
    discharges, stays = c.of_kinds(K.SELF_DISCHARGE), c.of_kinds(*STAYS_A_SELF_DISCHARGE_ENDS)
    loose = stays[_uncertain(c, stays)]
    admission = KIND_CATEGORIES.index(K.ADMISSION.value)
    open_admission = (c.kind[loose] == admission) & ~c.has_end[loose]
    reach = np.where(open_admission, c.s1[loose] + ADMISSION_BEFORE_DISCHARGE_DAYS, c.e1[loose])
    near = _reached(c, discharges, c.person[loose], c.s0[loose], np.minimum(reach, c.span + 1))
    steady = c.exact_start.copy()
    steady[discharges[near]] = False
    return steady


def _episodes_settled(c: CohortArrays, rule: Rule) -> np.ndarray:
    """Homelessness items of people none of whose homelessness items is uncertain: their
    episodes are those of exact items in both readings."""
    homeless = c.of_kinds(*HOMELESSNESS)
    unsure = people_of(c, homeless[_uncertain(c, homeless)])
    steady = np.ones(len(c.s0), dtype=bool)
    steady[homeless[unsure[c.person[homeless]]]] = False
    return steady


SETTLED: dict[str, Callable[[CohortArrays, Rule], np.ndarray]] = {
    "breach_cycle": _exact,
    "eviction_cycle": _exact,
    "hospital_self_discharge": _discharge_settled,
    "emergency_frequent": _exact,
    "referral_ping_pong": _exact,
    "repeat_referral": _exact,
    "missed_referral": _missed_settled,
    "episodic_homelessness": _episodes_settled,
}
