"""Run compiled modules for many module instances at once: one numpy pass per state step.

Every instance (a person in a module) moves through its states in lock step with the others; at
each step all active instances emit their state's events, draw their loops, record the loops
they were made to create, and choose their next state. All draws come from the instance's own
counter-based stream, so the result for one person does not depend on who else is generated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synthetic.compiled import Compiled
from synthetic.randomness import mix, uniforms

MAX_STEPS = 2000  # a guard: real pathways end at the horizon long before this
_STATE_SLOT, _SECTOR_SLOT = 60, 61
_NEVER = np.iinfo(np.int64).max // 4


@dataclass(frozen=True)
class Instances:
    """The module instances to run: whose, which module, their streams and dates (day numbers)."""

    person: np.ndarray  # int64
    module: np.ndarray  # int64 index into Compiled.modules
    key: np.ndarray  # uint64 stream of this instance
    person_key: np.ndarray  # uint64 stream of the person (their usual agencies)
    start: np.ndarray  # int64 first possible day
    horizon: np.ndarray  # int64 last day a new state may start
    coordinated: np.ndarray  # int64 day coordinated support starts (a huge number: never)
    visible_from: np.ndarray  # int64 first day an event is kept (earlier ones only move states)


@dataclass(frozen=True)
class Agencies:
    """Agency ids by sector: sector s owns ids first[s] .. first[s] + count[s] - 1."""

    first: np.ndarray
    count: np.ndarray
    usual_share: float


@dataclass
class Output:
    """What the run produced, as parallel arrays (instances, not people)."""

    event_instance: np.ndarray
    event_kind: np.ndarray
    event_agency: np.ndarray
    event_start: np.ndarray
    event_end: np.ndarray  # -1: no end
    truth_instance: np.ndarray
    truth_rule: np.ndarray
    truth_start: np.ndarray
    truth_end: np.ndarray
    truth_iterations: np.ndarray
    truth_step: np.ndarray  # the step the loop was made at: with the instance, it names the loop
    key_instance: np.ndarray  # every key event of a rule loop: whose, which step, which day
    key_step: np.ndarray
    key_day: np.ndarray
    episode_instance: np.ndarray
    episode_day: np.ndarray


def _counter(step: int, iteration: int, slot: int, purpose: int) -> int:
    return ((step * 64 + iteration) * 64 + slot) * 8 + purpose


def draw_days(u: np.ndarray, params: np.ndarray) -> np.ndarray:
    """Days from (low, high, mean) rows: uniform when mean is 0, else exponential, clipped."""
    low, high, mean = params[..., 0], params[..., 1], params[..., 2]
    days = low + np.floor(u * (high - low + 1))
    exponential = mean > 0
    if exponential.any():  # most delays are uniform: the logarithm only when one is not
        days = np.where(
            exponential, low + np.floor(-np.log1p(-u) * np.maximum(mean - low, 0)), days
        )
    return np.minimum(days, high).astype(np.int64)


def _choose(u: np.ndarray, cumulative: np.ndarray) -> np.ndarray:
    """The first column whose cumulative weight exceeds u."""
    return np.minimum((u[:, None] >= cumulative).sum(axis=1), cumulative.shape[1] - 1)


class _Collector:
    def __init__(self) -> None:
        self.parts: dict[str, list[np.ndarray]] = {}

    def add(self, **columns: np.ndarray) -> None:
        for name, values in columns.items():
            self.parts.setdefault(name, []).append(values)

    def get(self, name: str, dtype: type) -> np.ndarray:
        parts = self.parts.get(name, [])
        return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype)


def run_instances(c: Compiled, inst: Instances, agencies: Agencies) -> Output:
    """Every instance from its module's start state until it ends or passes its horizon."""
    size = len(inst.person)
    sector_salt = mix(np.arange(len(c.sectors), dtype=np.uint64) + np.uint64(7919))
    state = c.module_start[inst.module].copy()
    day = inst.start + draw_days(
        uniforms(inst.key, _counter(0, 0, _STATE_SLOT, 7)), c.module_delay[inst.module]
    )
    active = np.ones(size, dtype=bool)
    out = _Collector()
    width = c.present.shape[1]
    for step in range(MAX_STEPS):
        rows = np.flatnonzero(active)
        if len(rows) == 0:
            break
        s, key = state[rows], inst.key[rows]
        low, high = c.n_range[s, 0], c.n_range[s, 1]
        n = low + np.floor(
            uniforms(key, _counter(step, 0, _STATE_SLOT, 1)) * (high - low + 1)
        ).astype(np.int64)
        it_start = day[rows].copy()
        state_end = it_start.copy()
        first_key = np.full(len(rows), _NEVER)
        last_key = np.full(len(rows), -1)
        for it in range(int(n.max())):
            sub = np.flatnonzero(n > it)
            ss, sk, base = s[sub], key[sub], it_start[sub]
            ref = np.empty((len(sub), width), dtype=np.int64)
            it_end = base.copy()
            last_iteration = n[sub] == it + 1
            for e in range(width):
                present = c.present[ss, e]
                if not present.any():
                    continue
                counter = _counter(step, it, e, 0)
                after = c.after[ss, e]
                origin = np.where(after >= 0, ref[np.arange(len(sub)), np.maximum(after, 0)], base)
                start = origin + draw_days(uniforms(sk, counter), c.offset[ss, e])
                has_end = c.has_duration[ss, e]
                end = start + np.where(
                    has_end, draw_days(uniforms(sk, counter + 1), c.duration[ss, e]), 0
                )
                ref[:, e] = np.where(has_end, end, start)
                it_end = np.where(present, np.maximum(it_end, ref[:, e]), it_end)
                emitted = present & (uniforms(sk, counter + 2) < c.probability[ss, e])
                if not emitted.any():
                    continue
                pick = np.flatnonzero(emitted)
                ps, pk, who = ss[pick], sk[pick], rows[sub[pick]]
                # events before the window are dropped: no agency drawn for them (every draw is
                # counter-based, so the events kept are the same)
                shown = np.flatnonzero(start[pick] >= inst.visible_from[who])
                if len(shown):
                    ends = np.where(has_end[pick], end[pick], -1)
                    _emit(
                        c, agencies, inst, out, e, (step, it, counter), sector_salt,
                        ps[shown], pk[shown], who[shown], start[pick][shown], ends[shown],
                    )  # fmt: skip
                is_key = c.key[ps, e]
                if is_key.any():
                    out.add(
                        key_instance=who[is_key],
                        key_step=np.full(int(is_key.sum()), step),
                        key_day=start[pick][is_key],
                    )
                    if it == 0:
                        at = sub[pick][is_key]
                        first_key[at] = np.minimum(first_key[at], start[pick][is_key])
                    final = is_key & last_iteration[pick]
                    at = sub[pick][final]
                    last_key[at] = np.maximum(last_key[at], start[pick][final])
                episode = c.episode[ps, e]
                marks = (episode == 2) | ((episode == 1) & (it == 0))
                if marks.any():
                    out.add(episode_instance=who[marks], episode_day=start[pick][marks])
            state_end[sub] = it_end
            gap = draw_days(uniforms(sk, _counter(step, it, _STATE_SLOT, 2)), c.gap[ss])
            it_start[sub] = it_end + gap
        looped = c.rule[s] >= 0
        if looped.any():
            out.add(
                truth_instance=rows[looped],
                truth_rule=c.rule[s][looped],
                truth_start=first_key[looped],
                truth_end=last_key[looped],
                truth_iterations=n[looped],
                truth_step=np.full(int(looped.sum()), step),
            )
        coordinated = state_end >= inst.coordinated[rows]
        table = np.where(coordinated[:, None], c.cum_coordinated[s], c.cum[s])
        branch = _choose(uniforms(key, _counter(step, 0, _STATE_SLOT, 3)), table)
        following = c.to[s, branch]
        next_day = state_end + draw_days(
            uniforms(key, _counter(step, 0, _STATE_SLOT, 4)), c.delay[s, branch]
        )
        state[rows] = np.maximum(following, 0)
        day[rows] = next_day
        active[rows] = (following >= 0) & (next_day <= inst.horizon[rows])
    return Output(
        event_instance=out.get("event_instance", np.int64),
        event_kind=out.get("event_kind", np.int64),
        event_agency=out.get("event_agency", np.int64),
        event_start=out.get("event_start", np.int64),
        event_end=out.get("event_end", np.int64),
        truth_instance=out.get("truth_instance", np.int64),
        truth_rule=out.get("truth_rule", np.int64),
        truth_start=out.get("truth_start", np.int64),
        truth_end=out.get("truth_end", np.int64),
        truth_iterations=out.get("truth_iterations", np.int64),
        truth_step=out.get("truth_step", np.int64),
        key_instance=out.get("key_instance", np.int64),
        key_step=out.get("key_step", np.int64),
        key_day=out.get("key_day", np.int64),
        episode_instance=out.get("episode_instance", np.int64),
        episode_day=out.get("episode_day", np.int64),
    )


def _emit(
    c: Compiled,
    agencies: Agencies,
    inst: Instances,
    out: _Collector,
    e: int,
    where: tuple[int, int, int],
    sector_salt: np.ndarray,
    ps: np.ndarray,
    pk: np.ndarray,
    who: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
) -> None:
    """Record emitted events: which alternative, kind, sector and agency; `where` is (step,
    iteration, draw counter)."""
    step, it, counter = where
    alt = _choose(uniforms(pk, counter + 3), c.alt_cum[ps, e])
    kind, sector = c.alt_kind[ps, e, alt], c.alt_sector[ps, e, alt]
    pool = c.alt_pool[ps, e, alt]
    agency = _agencies(
        c, agencies, inst, who, ps, e, pk, sector, pool, sector_salt, step, it, counter
    )
    out.add(
        event_instance=who, event_kind=kind, event_agency=agency, event_start=start, event_end=end
    )


def _agencies(
    c: Compiled,
    agencies: Agencies,
    inst: Instances,
    who: np.ndarray,
    ps: np.ndarray,
    e: int,
    pk: np.ndarray,
    sector: np.ndarray,
    pool: np.ndarray,
    sector_salt: np.ndarray,
    step: int,
    it: int,
    counter: int,
) -> np.ndarray:
    """Agency ids: the person's usual one in the pool, any one, the loop's, or rotating.

    A pool is the sector's agencies that fit the event's kind (all of them for most kinds); the
    draws are the same as for the whole sector, so a person's usual hospital is the same for an
    A&E visit and an admission.
    """
    count = c.pool_size[pool]
    anyone = np.floor(uniforms(pk, counter + 4) * count).astype(np.int64)
    usual = np.floor(uniforms(inst.person_key[who] ^ sector_salt[sector], 1) * count)
    chosen = np.where(
        uniforms(pk, counter + 5) < agencies.usual_share, usual.astype(np.int64), anyone
    )
    loop = np.floor(
        uniforms(pk ^ sector_salt[sector], _counter(step, 0, _SECTOR_SLOT, 0)) * count
    ).astype(np.int64)
    mode = c.agency_mode[ps, e]
    pick = np.select([mode == 1, mode == 2, mode == 3], [anyone, loop, (loop + it) % count], chosen)
    return agencies.first[sector] + c.pool_members[pool, pick]
