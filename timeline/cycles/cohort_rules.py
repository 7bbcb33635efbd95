"""The ten revolving-door rules over a whole cohort's arrays, mirroring timeline/cycles/detectors.

Each function returns the findings of one rule as parallel arrays: the sorted rows of the first
and last key events, the iterations, and whether the finding is high severity.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from schemas import EventKind as K
from timeline.cycles.cohort_arrays import (
    PARAMETER_CAP,
    CohortArrays,
    Ints,
    distinct_at_least,
    first_above,
    group_runs,
    prefix_max,
    window_clusters,
)
from timeline.cycles.cohort_frame import KIND_CATEGORIES
from timeline.cycles.detectors.common import (
    ADMISSION_BEFORE_DISCHARGE_DAYS,
    EMERGENCY,
    FOLLOW_UP,
    HOMELESSNESS,
    STAYS_A_SELF_DISCHARGE_ENDS,
)
from timeline.cycles.detectors.justice import TOUCH_DAYS
from timeline.cycles.rules import Rule

_NEVER = np.iinfo(np.int64).max // 4


class Found(NamedTuple):
    """One rule's findings: first and last key rows, iterations, high severity."""

    first: Ints
    last: Ints
    iterations: Ints
    high: np.ndarray


def _none() -> Found:
    empty = np.zeros(0, dtype=np.int64)
    return Found(empty, empty, empty, np.zeros(0, dtype=bool))


def _value(rule: Rule, name: str) -> int:
    return min(rule.value(name), PARAMETER_CAP)


def _clusters(
    c: CohortArrays,
    rule: Rule,
    rows: Ints,
    accept: Callable[[Ints, Ints], np.ndarray] | None = None,
    group: Ints | None = None,
) -> Found:
    group = c.person[rows] if group is None else group
    low, high, peak = window_clusters(
        c,
        group,
        c.s0[rows],
        c.s1[rows],
        _value(rule, "min_count"),
        _value(rule, "window_days"),
        accept,
    )
    high_at = _value(rule, "high_at") if "high_at" in rule.parameters else _NEVER
    return Found(rows[low], rows[high], high - low + 1, peak >= high_at)


def find_custody(c: CohortArrays, rule: Rule) -> Found:
    """Chains of custody spells, each starting within window_days of the previous release."""
    custody, releases = c.of_kinds(K.CUSTODY), c.of_kinds(K.RELEASE)
    if len(custody) == 0:
        return _none()
    person, s0, s1 = c.person[custody], c.s0[custody], c.s1[custody]
    same_next = np.r_[person[1:] == person[:-1], False]
    next_start = np.where(same_next, np.r_[s0[1:], 0], _NEVER)
    # the first release (in time order) that can end on or after this custody starts
    r_person = c.person[releases]
    reach = np.maximum.accumulate(c.pack(r_person, c.s1[releases]))
    k = np.searchsorted(reach, c.pack(person, s0), side="left")
    at = releases[np.minimum(k, len(releases) - 1)] if len(releases) else custody
    released = (k < len(releases)) & (c.person[at] == person) & (c.s0[at] <= next_start)
    has_end = c.has_end[custody]
    r0 = np.where(has_end, c.e0[custody], np.where(released, c.s0[at], s0))
    r1 = np.where(has_end, c.e1[custody], np.where(released, c.s1[at], s1))
    # spells: a record joins the one before unless a release lies between their starts or it
    # starts more than TOUCH_DAYS after the spell's earliest end so far (detectors/justice.py)
    same = person[1:] == person[:-1]
    r_keys = c.pack(r_person, c.s0[releases])
    between = np.searchsorted(r_keys, c.pack(person[1:], s0[1:]), side="right") - np.searchsorted(
        r_keys, c.pack(person[:-1], s0[:-1]), side="right"
    )
    new = np.r_[True, ~same | (between > 0)]
    while True:
        ended = prefix_max(c, np.cumsum(new), r0)
        again = new | np.r_[False, s1[1:] > ended[:-1] + TOUCH_DAYS]
        if (again == new).all():
            break
        new = again
    first, after = group_runs(np.cumsum(new))
    person, s0, s1 = person[first], s0[first], s1[first]
    r0, r1 = np.maximum.reduceat(r0, first), np.maximum.reduceat(r1, first)
    window = _value(rule, "window_days")
    link = np.r_[
        False,
        (person[1:] == person[:-1]) & (s1[1:] >= r0[:-1]) & (s0[1:] - r1[:-1] <= window),
    ]
    starts, ends = group_runs(np.cumsum(~link))
    keep = ends - starts >= _value(rule, "min_count")
    starts, ends = starts[keep], ends[keep]
    return Found(
        custody[first[starts]],
        custody[after[ends - 1] - 1],
        ends - starts,
        np.zeros(len(starts), bool),
    )


def find_breaches(c: CohortArrays, rule: Rule) -> Found:
    """min_count+ breaches within window_days."""
    return _clusters(c, rule, c.of_kinds(K.BREACH))


def find_evictions(c: CohortArrays, rule: Rule) -> Found:
    """min_count+ evictions within window_days."""
    return _clusters(c, rule, c.of_kinds(K.EVICTION))


def find_self_discharges(c: CohortArrays, rule: Rule) -> Found:
    """min_count+ self-discharges within window_days, each ending an admission or attendance."""
    discharges, stays = c.of_kinds(K.SELF_DISCHARGE), c.of_kinds(*STAYS_A_SELF_DISCHARGE_ENDS)
    if len(stays) == 0:
        return _none()
    # detectors/common.stay_reach: the latest day each stay could be ended by a self-discharge
    open_admission = (c.kind[stays] == KIND_CATEGORIES.index(K.ADMISSION.value)) & ~c.has_end[stays]
    reach = np.minimum(
        np.where(open_admission, c.s1[stays] + ADMISSION_BEFORE_DISCHARGE_DAYS, c.e1[stays]),
        c.span + 1,
    )
    # of the person's stays starting by the discharge's latest day, does any reach its earliest?
    person = c.person[discharges]
    k = (
        np.searchsorted(
            c.pack(c.person[stays], c.s0[stays]), c.pack(person, c.s1[discharges]), "right"
        )
        - 1
    )
    reached = prefix_max(c, c.person[stays], reach)[np.maximum(k, 0)]
    ends = (k >= 0) & (c.person[stays][np.maximum(k, 0)] == person) & (reached >= c.s0[discharges])
    return _clusters(c, rule, discharges[ends])


def find_emergencies(c: CohortArrays, rule: Rule) -> Found:
    """min_count+ call-outs, ambulances or A&E attendances in a rolling window_days."""
    return _clusters(c, rule, c.of_kinds(*EMERGENCY))


def find_ping_pong(c: CohortArrays, rule: Rule) -> Found:
    """min_count+ declined referrals across min_agencies+ agencies within window_days."""
    declines = c.of_kinds(K.DECLINED)
    person, agency = c.person[declines], c.agency[declines]
    enough = _value(rule, "min_agencies")
    return _clusters(
        c, rule, declines, lambda i, j: distinct_at_least(person, agency, i, j, enough)
    )


def find_repeat_referrals(c: CohortArrays, rule: Rule) -> Found:
    """min_count+ referrals to the same agency within window_days."""
    referrals = c.of_kinds(K.REFERRAL)
    pair = c.person[referrals] * (int(c.agency.max(initial=0)) + 1) + c.agency[referrals]
    order = np.argsort(pair, kind="stable")
    referrals, pair = referrals[order], pair[order]
    group = np.cumsum(np.r_[False, pair[1:] != pair[:-1]])
    return _clusters(c, rule, referrals, group=group)


def find_returns(c: CohortArrays, rule: Rule) -> Found:
    """A tenancy, then rough sleeping or a placement over transfer_days and up to max_days on."""
    tenancies, homeless = c.of_kinds(K.TENANCY), c.of_kinds(*HOMELESSNESS)
    if len(tenancies) == 0 or len(homeless) == 0:
        return _none()
    person, t0, t1 = c.person[tenancies], c.s0[tenancies], c.s1[tenancies]
    same_next = np.r_[person[1:] == person[:-1], False]
    keys = c.pack(c.person[homeless], c.s0[homeless])
    low = np.searchsorted(keys, c.pack(person, t0), side="left")
    until = np.where(same_next, c.pack(person, np.r_[t0[1:], 0]), c.pack(person + 1, 0))
    high = np.searchsorted(keys, until, side="left")
    transfer = _value(rule, "transfer_days")
    k = first_above(c.s1[homeless], low, high, t0 + transfer)
    found = k < high
    item = homeless[np.where(found, k, 0)]
    found &= c.s0[item] - t1 <= _value(rule, "max_days")
    ones = np.ones(int(found.sum()), dtype=np.int64)
    return Found(tenancies[found], item[found], ones, np.zeros(len(ones), bool))


def find_missed_referrals(c: CohortArrays, rule: Rule) -> Found:
    """min_count+ emergency contacts within window_days, none followed by referral or support."""
    emergencies, follow_ups = c.of_kinds(*EMERGENCY), c.of_kinds(*FOLLOW_UP)
    person, t0, t1 = c.person[emergencies], c.s0[emergencies], c.s1[emergencies]
    # a follow-up counts when it certainly starts after the contact and within follow_up_days:
    # its earliest start is in [t1, limit] (a range in time order) and its latest is <= limit
    limit = t0 + c.clamp(_value(rule, "follow_up_days"))
    keys = c.pack(c.person[follow_ups], c.s0[follow_ups])
    low = np.searchsorted(keys, c.pack(person, t1), side="left")
    high = np.maximum(np.searchsorted(keys, c.pack(person, limit), side="right"), low)
    in_time = first_above(-c.s1[follow_ups], low, high, -limit - 1)
    return _clusters(c, rule, emergencies[in_time >= high])


def find_episodes(c: CohortArrays, rule: Rule) -> Found:
    """min_count+ separate homelessness episodes starting within window_days."""
    homeless = c.of_kinds(*HOMELESSNESS)
    if len(homeless) == 0:
        return _none()
    person, s1, e0 = c.person[homeless], c.s1[homeless], c.e0[homeless]
    gap = _value(rule, "gap_days")
    # An item starts a new episode when its latest start is over gap_days after the latest
    # earliest end of the episode so far. Start from the person's ends so far (never less than
    # the episode's, so those breaks are real), then recompute ends per episode until no new
    # break appears: each round only adds breaks, and the fixed point is the sequential answer.
    new = np.r_[True, person[1:] != person[:-1]]
    while True:
        ended = prefix_max(c, np.cumsum(new), e0)
        again = new | np.r_[False, s1[1:] - ended[:-1] > gap]
        if (again == new).all():
            break
        new = again
    return _clusters(c, rule, homeless[new])


COHORT_DETECTORS: dict[str, Callable[[CohortArrays, Rule], Found]] = {
    "custody_cycle": find_custody,
    "breach_cycle": find_breaches,
    "eviction_cycle": find_evictions,
    "hospital_self_discharge": find_self_discharges,
    "emergency_frequent": find_emergencies,
    "referral_ping_pong": find_ping_pong,
    "repeat_referral": find_repeat_referrals,
    "return_to_homelessness": find_returns,
    "missed_referral": find_missed_referrals,
    "episodic_homelessness": find_episodes,
}
