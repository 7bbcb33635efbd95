"""Modules compiled to flat numpy tables (states x emits, states x transitions) for the engine."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synthetic.config import Config
from synthetic.modules import END, Choice, Delay, Module, ModuleError
from timeline.cycles.cohort_frame import KIND_CATEGORIES
from timeline.cycles.rules import RULES_BY_ID

RULE_IDS: tuple[str, ...] = tuple(RULES_BY_ID)
AGENCY_MODES = ("usual", "any", "loop", "rotate")
EPISODE_MODES = ("none", "first", "each")


@dataclass(frozen=True)
class Compiled:
    """Every state of every module as rows of arrays; delays are (low, high, mean) triples."""

    modules: tuple[Module, ...]
    sectors: tuple[str, ...]
    module_start: np.ndarray  # state index of each module's start
    module_delay: np.ndarray  # (modules, 3)
    # states
    n_range: np.ndarray  # (S, 2) loop iterations
    gap: np.ndarray  # (S, 3)
    rule: np.ndarray  # (S,) index into RULE_IDS or -1
    # emits (S, E)
    present: np.ndarray
    alt_kind: np.ndarray  # (S, E, A)
    alt_sector: np.ndarray  # (S, E, A)
    alt_pool: np.ndarray  # (S, E, A) index into the pools
    alt_cum: np.ndarray  # (S, E, A) cumulative weights, 1.0 from the last alternative on
    after: np.ndarray  # -1: from the iteration start
    offset: np.ndarray  # (S, E, 3)
    has_duration: np.ndarray
    duration: np.ndarray  # (S, E, 3)
    probability: np.ndarray
    key: np.ndarray
    episode: np.ndarray  # index into EPISODE_MODES
    agency_mode: np.ndarray  # index into AGENCY_MODES
    # transitions (S, T)
    to: np.ndarray  # -1 ends the module
    cum: np.ndarray  # cumulative probabilities
    cum_coordinated: np.ndarray
    delay: np.ndarray  # (S, T, 3)
    # pools: the agencies an event may be at; pool s < len(sectors) is all of sector s
    pool_size: np.ndarray  # (P,)
    pool_members: np.ndarray  # (P, M) positions within the sector, padded with 0


def _triple(delay: Delay) -> tuple[float, float, float]:
    return (delay.low, delay.high, delay.mean or 0.0)


def _state_weight(state_emits: list, config: Config) -> float:
    """The coordinated-support weight of moving into a state, from what it emits."""
    down, up = [], []
    for emit in state_emits:
        for alt in emit.alternatives:
            for shift in config.coordinated.shift:
                if alt.kind in shift.kinds and (not shift.sectors or alt.sector in shift.sectors):
                    (down if shift.weight < 1 else up).append(shift.weight)
    if down:
        return min(down)
    return max(up) if up else 1.0


class _Pools:
    """Agency pools by (sector, fitting positions): whole sectors first, then role-restricted."""

    def __init__(self, config: Config) -> None:
        self.members = [tuple(range(s.count)) for s in config.agencies.sectors.values()]
        self.index = {(i, m): i for i, m in enumerate(self.members)}

    def pool(self, sector: int, fitting: tuple[int, ...] | None) -> int:
        if fitting is None:
            return sector
        found = self.index.setdefault((sector, fitting), len(self.members))
        if found == len(self.members):
            self.members.append(fitting)
        return found

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        width = max(len(m) for m in self.members)
        members = np.zeros((len(self.members), width), np.int64)
        for p, m in enumerate(self.members):
            members[p, : len(m)] = m
        return np.array([len(m) for m in self.members], np.int64), members


def _fitting(
    config: Config, module: Module, state: str, j: int, alt: Choice
) -> tuple[int, ...] | None:
    """Where an emit's (kind, sector) may happen; ModuleError when no agency fits."""
    fitting = config.agencies.fitting(alt.kind, alt.sector)
    if fitting == ():
        roles = config.agencies.kinds[alt.kind].roles
        raise ModuleError(
            f"{module.name}.toml: state {state!r}, field 'emit[{j}]': {alt.kind.value!r} events "
            f"in sector {alt.sector!r} must be at an agency with role {' or '.join(roles)} "
            f"(agencies.toml, kinds.{alt.kind.value}), and no {alt.sector} agency has one; give "
            f"a name in [sectors.{alt.sector}] one of those roles, move the emit to another "
            f"sector, or limit kinds.{alt.kind.value}.sectors"
        )
    return fitting


def compile_modules(modules: tuple[Module, ...], config: Config) -> Compiled:
    """Flatten modules into tables; ModuleError for an unknown sector or no fitting agency."""
    sectors = tuple(config.agencies.sectors)
    pools = _Pools(config)
    states = [(m, name, s) for m in modules for name, s in m.states.items()]
    index = {(m.name, name): i for i, (m, name, _) in enumerate(states)}
    size = len(states)
    width = max([len(s.emit) for _, _, s in states] + [1])
    alts = max([len(e.alternatives) for _, _, s in states for e in s.emit] + [1])
    branches = max([len(s.transitions) for _, _, s in states] + [1])
    t = {
        "n_range": np.ones((size, 2), np.int64),
        "gap": np.zeros((size, 3)),
        "rule": np.full(size, -1, np.int64),
        "present": np.zeros((size, width), bool),
        "alt_kind": np.zeros((size, width, alts), np.int64),
        "alt_sector": np.zeros((size, width, alts), np.int64),
        "alt_pool": np.zeros((size, width, alts), np.int64),
        "alt_cum": np.ones((size, width, alts)),
        "after": np.full((size, width), -1, np.int64),
        "offset": np.zeros((size, width, 3)),
        "has_duration": np.zeros((size, width), bool),
        "duration": np.zeros((size, width, 3)),
        "probability": np.ones((size, width)),
        "key": np.zeros((size, width), bool),
        "episode": np.zeros((size, width), np.int64),
        "agency_mode": np.zeros((size, width), np.int64),
        "to": np.full((size, branches), -1, np.int64),
        "cum": np.ones((size, branches)),
        "cum_coordinated": np.ones((size, branches)),
        "delay": np.zeros((size, branches, 3)),
    }
    weights = [_state_weight(list(s.emit), config) for _, _, s in states]
    for i, (module, name, state) in enumerate(states):
        if state.loop is not None:
            t["n_range"][i] = (state.loop.iterations.min, state.loop.iterations.max)
            t["gap"][i] = _triple(state.loop.gap)
            if state.loop.rule is not None:
                t["rule"][i] = RULE_IDS.index(state.loop.rule)
        ids = {e.id: j for j, e in enumerate(state.emit) if e.id is not None}
        for j, emit in enumerate(state.emit):
            t["present"][i, j] = True
            total = sum(a.weight for a in emit.alternatives)
            running = 0.0
            for a, alt in enumerate(emit.alternatives):
                if alt.sector not in sectors:
                    raise ModuleError(
                        f"{module.name}.toml: state {name!r}, field 'emit[{j}].sector': unknown "
                        f"sector {alt.sector!r}; agencies.toml has {', '.join(sectors)}"
                    )
                running += alt.weight / total
                t["alt_kind"][i, j, a] = KIND_CATEGORIES.index(alt.kind.value)
                t["alt_sector"][i, j, a] = sectors.index(alt.sector)
                fitting = _fitting(config, module, name, j, alt)
                t["alt_pool"][i, j, a] = pools.pool(sectors.index(alt.sector), fitting)
                t["alt_cum"][i, j, a] = running
            t["alt_cum"][i, j, len(emit.alternatives) - 1 :] = 1.0
            t["alt_kind"][i, j, len(emit.alternatives) :] = t["alt_kind"][i, j, 0]
            t["alt_sector"][i, j, len(emit.alternatives) :] = t["alt_sector"][i, j, 0]
            t["alt_pool"][i, j, len(emit.alternatives) :] = t["alt_pool"][i, j, 0]
            t["after"][i, j] = ids[emit.after] if emit.after is not None else -1
            t["offset"][i, j] = _triple(emit.offset)
            if emit.duration is not None:
                t["has_duration"][i, j] = True
                t["duration"][i, j] = _triple(emit.duration)
            t["probability"][i, j] = emit.probability
            t["key"][i, j] = emit.key
            t["episode"][i, j] = EPISODE_MODES.index(emit.episode)
            t["agency_mode"][i, j] = AGENCY_MODES.index(emit.agency)
        targets = [-1 if tr.to == END else index[(module.name, tr.to)] for tr in state.transitions]
        plain = np.array([tr.probability for tr in state.transitions])
        shifted = plain * np.array([1.0 if k < 0 else weights[k] for k in targets])
        for k, transition in enumerate(state.transitions):
            t["to"][i, k] = targets[k]
            t["delay"][i, k] = _triple(transition.delay)
        if state.transitions:
            t["cum"][i, : len(plain)] = np.cumsum(plain) / plain.sum()
            t["cum_coordinated"][i, : len(plain)] = np.cumsum(shifted) / shifted.sum()
        t["cum"][i, max(len(plain) - 1, 0) :] = 1.0
        t["cum_coordinated"][i, max(len(plain) - 1, 0) :] = 1.0
    pool_size, pool_members = pools.arrays()
    return Compiled(
        modules=modules,
        sectors=sectors,
        module_start=np.array([index[(m.name, m.start)] for m in modules], np.int64),
        module_delay=np.array([_triple(m.start_delay) for m in modules]).reshape(-1, 3),
        pool_size=pool_size,
        pool_members=pool_members,
        **t,
    )
