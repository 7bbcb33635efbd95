"""Homelessness episodes over a whole cohort's arrays, mirroring detectors/housing.py: exact
items make the episodes; uncertain items stretch or join them (the certain reading) or stand apart
(the possible one). Every function returns the first row of each episode, sorted.
"""

from __future__ import annotations

import numpy as np

from timeline.cycles.cohort_arrays import CohortArrays, Ints, people_of, prefix_max, spans
from timeline.cycles.detectors.common import HOMELESSNESS

_NEVER = np.iinfo(np.int64).max // 4


def _runs(c: CohortArrays, person: Ints, start_on: Ints, ends: Ints, gap: int) -> np.ndarray:
    """Where each run starts, rows sorted by person then time: a new run when the person
    changes or start_on is over gap days after the largest of `ends` so far in the run. (Each
    round only adds starts; the fixed point is the sequential answer.)"""
    if len(person) == 0:
        return np.zeros(0, dtype=bool)
    new = np.r_[True, person[1:] != person[:-1]]
    while True:
        ended = prefix_max(c, np.cumsum(new), ends)
        again = new | np.r_[False, start_on[1:] - ended[:-1] > gap]
        if (again == new).all():
            return new
        new = again


def exact_firsts(c: CohortArrays, rows: Ints, gap: int) -> tuple[Ints, Ints]:
    """detectors/housing._exact_episodes at once: the first row of each episode, and the latest
    (earliest) end of each."""
    if len(rows) == 0:
        return rows, rows
    new = _runs(c, c.person[rows], c.s1[rows], c.e0[rows], gap)
    starts = np.flatnonzero(new)
    return rows[starts], np.maximum.reduceat(c.e0[rows], starts)


def exact_episodes(c: CohortArrays, gap: int) -> tuple[Ints, Ints, Ints]:
    """The first row and latest end of each episode of exact items, and the uncertain items
    (the same in both readings: found once)."""

    def episodes() -> tuple[Ints, Ints, Ints]:
        homeless = c.of_kinds(*HOMELESSNESS)
        unsure = (c.s0[homeless] != c.s1[homeless]) | (c.e0[homeless] != c.e1[homeless])
        return *exact_firsts(c, homeless[~unsure], gap), homeless[unsure]

    return c.remember(("exact episodes", gap), episodes)


def _pairs(c: CohortArrays, owners: Ints, items: Ints) -> tuple[Ints, Ints]:
    """Every (owner, item) of the same person: owners and items are rows sorted by person."""
    keys = c.person[items]
    low = np.searchsorted(keys, c.person[owners], side="left")
    high = np.searchsorted(keys, c.person[owners], side="right")
    item, owner = spans(low, high - 1)
    return owner, item


def _longest(c: CohortArrays, rows: Ints) -> Ints:
    return np.where(c.has_end[rows], c.e1[rows] - c.s0[rows], 0)


def fewest_firsts(c: CohortArrays, firsts: Ints, highs: Ints, unsure: Ints, gap: int) -> Ints:
    """detectors/housing._fewest_episodes at once: the first row of each episode."""
    # a person with no uncertain item keeps the episodes of exact items (none can reach the next)
    mine = people_of(c, unsure)[c.person[firsts]]
    kept, firsts, highs = firsts[~mine], firsts[mine], highs[mine]
    u0, u1, longest = c.s0[unsure], c.s1[unsure], _longest(c, unsure)
    # stretch each exact episode through the uncertain items that may follow it (_stretch)
    owner, item = _pairs(c, firsts, unsure)
    reach = highs.copy()
    size = len(firsts)
    while len(owner):
        near = (u0[item] <= reach[owner] + gap) & (u1[item] + longest[item] > highs[owner])
        count = np.bincount(owner, near, minlength=size)
        length = np.bincount(owner, np.where(near, longest[item], 0), minlength=size)
        latest = np.full(size, np.iinfo(np.int64).min)
        np.maximum.at(latest, owner[near], (u1 + longest)[item[near]])
        bound = highs + count.astype(np.int64) * gap + length.astype(np.int64)
        stretched = np.where(count > 0, np.maximum(reach, np.minimum(latest, bound)), reach)
        if (stretched == reach).all():
            break
        reach = stretched
    # episodes the one before may reach are one; uncertain items near a group belong to it
    new = _runs(c, c.person[firsts], c.s0[firsts], reach, gap)
    starts = np.flatnonzero(new)
    group_first, group_reach = firsts[starts], np.maximum.reduceat(reach, starts)
    owner, item = _pairs(c, group_first, unsure)
    near = (u0[item] <= group_reach[owner] + gap) & (
        u1[item] + longest[item] >= c.s0[group_first][owner] - gap
    )
    loose = unsure[np.bincount(item[near], minlength=len(unsure)) == 0]
    # the rest fill their whole range: two that may touch are one episode
    alone = loose[_runs(c, c.person[loose], c.s0[loose], c.e1[loose], gap)] if len(loose) else loose
    return np.sort(np.concatenate([kept, group_first, alone]), kind="stable")


def most_firsts(c: CohortArrays, firsts: Ints, highs: Ints, unsure: Ints, gap: int) -> Ints:
    """detectors/housing._most_episodes at once: the first row of each episode."""
    everyone = firsts
    mine = people_of(c, unsure)[c.person[firsts]]  # only people with uncertain items gain episodes
    firsts, highs = firsts[mine], highs[mine]
    shortest = np.where(c.has_end[unsure], np.maximum(0, c.e0[unsure] - c.s1[unsure]), 0)
    # the slots before, between and after each person's exact episodes (_may_stand_apart)
    person = c.person[firsts]
    last_of_person = np.r_[person[1:] != person[:-1], True] if len(firsts) else np.zeros(0, bool)
    after_last = firsts[last_of_person]
    slot_rows = np.concatenate([firsts, after_last])  # slot before each episode, and after all
    slot_after = np.concatenate([c.s0[firsts], np.full(len(after_last), _NEVER)])
    slot_before = (
        np.concatenate([np.r_[-_NEVER, highs[:-1]], highs[last_of_person]])
        if len(firsts)
        else np.zeros(0, np.int64)
    )
    first_of_person = np.r_[True, person[1:] != person[:-1]] if len(firsts) else np.zeros(0, bool)
    slot_before[: len(firsts)][first_of_person] = -_NEVER
    order = np.argsort(c.person[slot_rows], kind="stable")
    slot_rows, slot_after, slot_before = slot_rows[order], slot_after[order], slot_before[order]
    owner, item = _pairs(c, unsure, slot_rows) if len(slot_rows) else (np.zeros(0, np.int64),) * 2
    earliest = np.maximum(c.s0[unsure][owner], slot_before[item] + gap + 1)
    latest = np.minimum(c.s1[unsure][owner], slot_after[item] - gap - 1 - shortest[owner])
    fits = np.bincount(owner[earliest <= latest], minlength=len(unsure)) > 0
    has_exact = people_of(c, firsts)[c.person[unsure]]
    free = unsure[fits | ~has_exact]
    apart = free[_runs(c, c.person[free], c.s1[free], c.e0[free], gap)] if len(free) else free
    return np.sort(np.concatenate([everyone, apart]), kind="stable")
