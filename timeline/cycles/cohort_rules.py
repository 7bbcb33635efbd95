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
    certain_window_clusters,
    distinct_at_least,
    first_above,
    group_runs,
    people_of,
    prefix_max,
    reached,
    spans,
    suffix_min,
    window_clusters,
)
from timeline.cycles.cohort_episodes import exact_episodes, fewest_firsts, most_firsts
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
    """One rule's findings: first and last key rows, iterations, high severity; and every key
    row with the finding it belongs to (to tell a possible finding from a certain one)."""

    first: Ints
    last: Ints
    iterations: Ints
    high: np.ndarray
    keys: Ints
    owner: Ints


def _none() -> Found:
    empty = np.zeros(0, dtype=np.int64)
    return Found(empty, empty, empty, np.zeros(0, dtype=bool), empty, empty)


def value(rule: Rule, name: str) -> int:
    return min(rule.value(name), PARAMETER_CAP)


def _clusters(
    c: CohortArrays,
    rule: Rule,
    rows: Ints,
    certain: bool,
    accept: Callable[[Ints, Ints, Ints], np.ndarray] | None = None,
    group: Ints | None = None,
    within: np.ndarray | None = None,
) -> Found:
    """Window clusters of `rows` (sorted by group, then time), widened or (`certain`)
    narrowed; `accept(rows, first, last)` may refuse a window of rows[first..last]."""
    group = c.person[rows] if group is None else group
    if within is not None:  # only these rows can be key rows (see cohort_certain.read_twice)
        keep = within[rows]
        rows, group = rows[keep], group[keep]
    high_at = value(rule, "high_at") if "high_at" in rule.parameters else _NEVER
    min_count, window = value(rule, "min_count"), value(rule, "window_days")
    if certain:
        keep = c.s1[rows] - c.s0[rows] <= window
        rows, group = rows[keep], group[keep]
        test = None if accept is None else (lambda i, j: accept(rows, i, j))
        peak, members, cluster = certain_window_clusters(
            c, group, c.s0[rows], c.s1[rows], min_count, window, test
        )
        if len(peak) == 0:
            return _none()
        starts, ends = group_runs(cluster)
        keys = rows[members]
        return Found(keys[starts], keys[ends - 1], ends - starts, peak >= high_at, keys, cluster)
    test = None if accept is None else (lambda i, j: accept(rows, i, j))
    low, high, peak = window_clusters(c, group, c.s0[rows], c.s1[rows], min_count, window, test)
    index, owner = spans(low, high)
    keys = rows[index]
    return Found(rows[low], rows[high], high - low + 1, peak >= high_at, keys, owner)


def find_custody(
    c: CohortArrays, rule: Rule, certain: bool = False, within: np.ndarray | None = None
) -> Found:
    """Chains of custody spells, each starting within window_days of the previous release."""
    # within is not used: a narrowed chain may be found where no widened one is (spells split)
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
    # starts more than TOUCH_DAYS after the spell's earliest end so far (detectors/justice.py);
    # certain: unless a release certainly lies between, or it certainly starts that much later
    same = person[1:] == person[:-1]
    r_keys = c.pack(r_person, c.s0[releases])
    if certain:  # a release starting after the earlier's latest start, ending by the later's
        first_after = np.searchsorted(r_keys, c.pack(person[:-1], s1[:-1]), side="right")
        soonest = suffix_min(r_person, c.s1[releases])
        at_r = np.minimum(first_after, max(len(releases) - 1, 0))
        between = (
            (
                (first_after < len(releases))
                & (r_person[at_r] == person[:-1])
                & (soonest[at_r] <= s0[1:])
            )
            if len(releases)
            else np.zeros(len(same), bool)
        )
    else:
        between = np.searchsorted(r_keys, c.pack(person[1:], s0[1:]), side="right") > (
            np.searchsorted(r_keys, c.pack(person[:-1], s0[:-1]), side="right")
        )
    new = np.r_[True, ~same | between]
    ends, starts_late = (r1, s0) if certain else (r0, s1)
    while True:
        ended = prefix_max(c, np.cumsum(new), ends)
        again = new | np.r_[False, starts_late[1:] > ended[:-1] + TOUCH_DAYS]
        if (again == new).all():
            break
        new = again
    first, after = group_runs(np.cumsum(new))
    spell_person, f0, f1 = person[first], s0[first], s1[first]
    r0, r1 = np.maximum.reduceat(r0, first), np.maximum.reduceat(r1, first)
    window = value(rule, "window_days")
    same_spell_person = spell_person[1:] == spell_person[:-1]
    if certain:
        links = (f0[1:] >= r1[:-1]) & (f1[1:] - r0[:-1] <= window)
    else:
        links = (f1[1:] >= r0[:-1]) & (f0[1:] - r1[:-1] <= window)
    link = np.r_[False, same_spell_person & links]
    starts, ends_ = group_runs(np.cumsum(~link))
    keep = ends_ - starts >= value(rule, "min_count")
    starts, ends_ = starts[keep], ends_[keep]
    low, high = first[starts], after[ends_ - 1] - 1
    index, owner = spans(low, high)
    keys = custody[index]
    return Found(
        custody[low], custody[high], ends_ - starts, np.zeros(len(starts), bool), keys, owner
    )


def _of_people(c: CohortArrays, people: np.ndarray | None, *kinds: K) -> Ints:
    """Rows of `kinds`; with `people` (a mask by person code), only theirs."""
    rows = c.of_kinds(*kinds)
    return rows if people is None else rows[people[c.person[rows]]]


def find_breaches(
    c: CohortArrays, rule: Rule, certain: bool = False, within: np.ndarray | None = None
) -> Found:
    """min_count+ breaches within window_days."""
    return _clusters(c, rule, c.of_kinds(K.BREACH), certain, within=within)


def find_evictions(
    c: CohortArrays, rule: Rule, certain: bool = False, within: np.ndarray | None = None
) -> Found:
    """min_count+ evictions within window_days."""
    return _clusters(c, rule, c.of_kinds(K.EVICTION), certain, within=within)


def find_self_discharges(
    c: CohortArrays, rule: Rule, certain: bool = False, within: np.ndarray | None = None
) -> Found:
    """min_count+ self-discharges within window_days, each ending an admission or attendance."""
    discharges, stays = c.of_kinds(K.SELF_DISCHARGE), c.of_kinds(*STAYS_A_SELF_DISCHARGE_ENDS)
    if within is not None:  # and only the stays of their people
        discharges = discharges[within[discharges]]
        stays = stays[people_of(c, discharges)[c.person[stays]]]
    if len(stays) == 0:
        return _none()
    # detectors/common.stay_reach: the latest day each stay could be ended by a self-discharge
    # (stay_reach_certain: the day it certainly still could be)
    open_admission = (c.kind[stays] == KIND_CATEGORIES.index(K.ADMISSION.value)) & ~c.has_end[stays]
    if certain:
        reach = np.where(open_admission, c.s0[stays] + ADMISSION_BEFORE_DISCHARGE_DAYS, c.e0[stays])
        # stays certainly begun by the discharge's earliest day: a prefix in (person, s1) order
        order = np.argsort(c.pack(c.person[stays], c.s1[stays]), kind="stable")
        stays, reach = stays[order], reach[order]
        begun, by, needed = c.s1[stays], c.s0[discharges], c.s1[discharges]
    else:
        reach = np.where(open_admission, c.s1[stays] + ADMISSION_BEFORE_DISCHARGE_DAYS, c.e1[stays])
        begun, by, needed = c.s0[stays], c.s1[discharges], c.s0[discharges]
    reach = np.minimum(reach, c.span + 1)
    # of the person's stays begun by the discharge's day, does any reach it?
    person = c.person[discharges]
    k = np.searchsorted(c.pack(c.person[stays], begun), c.pack(person, by), "right") - 1
    reached = prefix_max(c, c.person[stays], reach)[np.maximum(k, 0)]
    ends = (k >= 0) & (c.person[stays][np.maximum(k, 0)] == person) & (reached >= needed)
    return _clusters(c, rule, discharges[ends], certain)


def find_emergencies(
    c: CohortArrays, rule: Rule, certain: bool = False, within: np.ndarray | None = None
) -> Found:
    """min_count+ call-outs, ambulances or A&E attendances in a rolling window_days."""
    return _clusters(c, rule, c.of_kinds(*EMERGENCY), certain, within=within)


def find_ping_pong(
    c: CohortArrays, rule: Rule, certain: bool = False, within: np.ndarray | None = None
) -> Found:
    """min_count+ declined referrals across min_agencies+ agencies within window_days."""
    enough = value(rule, "min_agencies")
    return _clusters(
        c,
        rule,
        c.of_kinds(K.DECLINED),
        certain,
        lambda rows, i, j: distinct_at_least(c.person[rows], c.agency[rows], i, j, enough),
        within=within,
    )


def find_repeat_referrals(
    c: CohortArrays, rule: Rule, certain: bool = False, within: np.ndarray | None = None
) -> Found:
    """min_count+ referrals to the same agency within window_days."""
    referrals, group = c.remember("referral pairs", lambda: _by_agency(c, c.of_kinds(K.REFERRAL)))
    return _clusters(c, rule, referrals, certain, group=group, within=within)


def _by_agency(c: CohortArrays, referrals: Ints) -> tuple[Ints, Ints]:
    """Referrals sorted by (person, agency), then time, and the rank of each pair."""
    pair = c.person[referrals] * (int(c.agency.max(initial=0)) + 1) + c.agency[referrals]
    order = np.argsort(pair, kind="stable")
    referrals, pair = referrals[order], pair[order]
    return referrals, np.cumsum(np.r_[False, pair[1:] != pair[:-1]])


def find_returns(
    c: CohortArrays, rule: Rule, certain: bool = False, within: np.ndarray | None = None
) -> Found:
    """A tenancy, then rough sleeping or a placement over transfer_days and up to max_days on."""
    people = None if within is None else people_of(c, within)  # settled per person
    tenancies, homeless = _of_people(c, people, K.TENANCY), _of_people(c, people, *HOMELESSNESS)
    if len(tenancies) == 0 or len(homeless) == 0:
        return _none()
    person, t0, t1 = c.person[tenancies], c.s0[tenancies], c.s1[tenancies]
    same_next = np.r_[person[1:] == person[:-1], False]
    next_start = np.r_[t0[1:], 0]
    keys = c.pack(c.person[homeless], c.s0[homeless])
    low = np.searchsorted(keys, c.pack(person, t0), side="left")
    until = np.where(same_next, c.pack(person, next_start), c.pack(person + 1, 0))
    high = np.searchsorted(keys, until, side="left")
    transfer, longest = value(rule, "transfer_days"), value(rule, "max_days")
    if certain:  # the first item certainly past a transfer, in time and before the next tenancy
        after = np.searchsorted(keys, c.pack(person, t1 + c.clamp(transfer)), side="right")
        bound = np.where(same_next, np.minimum(t0 + longest, next_start - 1), t0 + longest)
        k = first_above(-c.s1[homeless], np.maximum(after, low), high, -bound - 1)
        found = k < high
        item = homeless[np.where(found, k, 0)]
    else:
        k = first_above(c.s1[homeless], low, high, t0 + transfer)
        found = k < high
        item = homeless[np.where(found, k, 0)]
        found &= c.s0[item] - t1 <= longest
    ones = np.ones(int(found.sum()), dtype=np.int64)
    pairs = np.column_stack([tenancies[found], item[found]])
    owner = np.repeat(np.arange(len(ones)), 2)
    return Found(
        tenancies[found], item[found], ones, np.zeros(len(ones), bool), pairs.ravel(), owner
    )


def find_missed_referrals(
    c: CohortArrays, rule: Rule, certain: bool = False, within: np.ndarray | None = None
) -> Found:
    """min_count+ emergency contacts within window_days, none followed by referral or support."""
    emergencies, follow_ups = c.of_kinds(*EMERGENCY), c.of_kinds(*FOLLOW_UP)
    follow = c.clamp(value(rule, "follow_up_days"))
    if within is not None:  # key rows of possible findings (see cohort_certain.read_twice)
        emergencies = emergencies[within[emergencies]]
    if certain:
        asked = np.arange(len(emergencies))
        if within is not None:  # missed widened; exact, and no uncertain follow-up near: either way
            steady = c.exact_start[emergencies] & ~follow_up_near(c, follow)[emergencies]
            asked = np.flatnonzero(~steady)
        keep = np.ones(len(emergencies), dtype=bool)
        keep[asked[_may_be_followed(c, emergencies[asked], follow)]] = False
        return _clusters(c, rule, emergencies[keep], certain)
    # a follow-up counts when it certainly starts after the contact and within follow_up_days:
    # its earliest start is in [t1, limit] (a range in time order) and its latest is <= limit
    person, t0, t1 = c.person[emergencies], c.s0[emergencies], c.s1[emergencies]
    keys = _follow_up_keys(c)
    limit = t0 + follow
    low = np.searchsorted(keys, c.pack(person, t1), side="left")
    high = np.maximum(np.searchsorted(keys, c.pack(person, limit), side="right"), low)
    # an exact one in the range is in time (the range is of earliest starts); else search
    exact = np.r_[0, np.cumsum(c.exact_start[follow_ups])]
    followed = exact[high] > exact[low]
    unsure = np.flatnonzero(~followed & (high > low))
    if len(unsure):
        in_time = first_above(-c.s1[follow_ups], low[unsure], high[unsure], -limit[unsure] - 1)
        followed[unsure] = in_time < high[unsure]
    return _clusters(c, rule, emergencies[~followed], certain)


def _may_be_followed(c: CohortArrays, contacts: Ints, follow: int) -> Ints:
    """Whether a follow-up (referral or support) could start in [t0, t1 + follow] of each
    contact: of the person's follow-ups that may start by then (a prefix in time order), may
    any end after t0?"""
    follow_ups = c.of_kinds(*FOLLOW_UP)
    if len(follow_ups) == 0:
        return np.zeros(len(contacts), dtype=bool)
    person, t0, t1 = c.person[contacts], c.s0[contacts], c.s1[contacts]
    owner = c.person[follow_ups]
    latest = c.remember("follow-up latest", lambda: prefix_max(c, owner, c.s1[follow_ups]))
    k = np.searchsorted(_follow_up_keys(c), c.pack(person, t1 + follow), side="right") - 1
    at = np.maximum(k, 0)
    return (k >= 0) & (owner[at] == person) & (latest[at] >= t0)


def _follow_up_keys(c: CohortArrays) -> Ints:
    """The follow-ups' (person, earliest start) keys, packed, found once for both readings."""
    rows = c.of_kinds(*FOLLOW_UP)
    return c.remember("follow-up keys", lambda: c.pack(c.person[rows], c.s0[rows]))


def follow_up_near(c: CohortArrays, follow: int) -> np.ndarray:
    """Rows (emergency contacts) an uncertain referral or support may be in time for: it may
    start within `follow` days on from the contact's day. Found once."""

    def near() -> np.ndarray:
        emergencies, follow_ups = c.of_kinds(*EMERGENCY), c.of_kinds(*FOLLOW_UP)
        loose = follow_ups[~c.exact_start[follow_ups]]  # only their starts are read
        hit = reached(c, emergencies, c.person[loose], c.s0[loose] - follow, c.s1[loose])
        mask = np.zeros(len(c.s0), dtype=bool)
        mask[emergencies[hit]] = True
        return mask

    return c.remember(("follow-up near", follow), near)


def find_episodes(
    c: CohortArrays, rule: Rule, certain: bool = False, within: np.ndarray | None = None
) -> Found:
    """min_count+ separate homelessness episodes starting within window_days."""
    gap = value(rule, "gap_days")
    # the episodes of exact items are the same in both readings: found once
    firsts, highs, unsure = exact_episodes(c, gap)
    if within is not None:  # people with a possible finding
        asked = people_of(c, np.flatnonzero(within))
        firsts, highs = firsts[asked[c.person[firsts]]], highs[asked[c.person[firsts]]]
        unsure = unsure[asked[c.person[unsure]]]
    if len(unsure) == 0:
        return _clusters(c, rule, firsts, False)
    if certain:
        firsts = fewest_firsts(c, firsts, highs, unsure, gap)
    else:
        firsts = most_firsts(c, firsts, highs, unsure, gap)
    return _clusters(c, rule, firsts, certain)


COHORT_DETECTORS: dict[str, Callable[..., Found]] = {
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
