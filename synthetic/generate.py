"""generate_cohort: people, agencies, events and the loops the generator meant to create."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from schemas import NeedDomain
from synthetic.agencies import make_agencies
from synthetic.compiled import RULE_IDS, compile_modules
from synthetic.config import load_config
from synthetic.engine import Agencies, Instances, run_instances
from synthetic.modules import load_modules
from synthetic.people import make_people
from synthetic.randomness import person_seeds, stream_key
from timeline.cohorts.tables import CYCLE_COLUMNS, EVENT_COLUMNS, NEEDS, Cohort, CohortInfo
from timeline.cycles.cohort_frame import KIND_CATEGORIES
from timeline.cycles.rules import RULES_BY_ID

DEFAULT_START = dt.date(2021, 1, 1)
_EPOCH = dt.date(1970, 1, 1)
_NEVER = np.iinfo(np.int64).max // 4


def generate_cohort(
    people: int,
    seed: int,
    *,
    name: str,
    modules_dir: Path | None = None,
    coordinated_from: dt.date | None = None,
    coordinated_share: float = 0.0,
    start: dt.date = DEFAULT_START,
    config_dir: Path | None = None,
) -> Cohort:
    """A synthetic cohort (cycles table empty; see timeline.cohorts.detect.detect_cycles).

    Person k depends only on (seed, k): the same whatever `people` is.
    """
    if people < 0:
        raise ValueError("people must be 0 or more")
    if not 0 <= coordinated_share <= 1:
        raise ValueError("coordinated_share must be between 0 and 1")
    modules = load_modules(modules_dir)
    config = load_config(config_dir)
    compiled = compile_modules(modules, config)
    seeds = person_seeds(seed, people)
    people_table, bits = make_people(seeds, config.population, coordinated_from, coordinated_share)
    agency_table = make_agencies(config.agencies, config.places, seed)
    counts = agency_table.groupby("sector", sort=False).size()
    sectors = list(config.agencies.sectors)
    count = np.array([counts[s] for s in sectors], dtype=np.int64)
    first = np.r_[0, np.cumsum(count)[:-1]].astype(np.int64)
    origin = (start - _EPOCH).days
    coordinated_day = _NEVER if coordinated_from is None else (coordinated_from - _EPOCH).days
    gets = people_table["coordinated_from"].notna().to_numpy()
    person_parts, module_parts = [], []
    for m, module in enumerate(modules):
        mask = _needs_mask([n.value for n in module.needs])
        who = np.flatnonzero((bits & mask) != 0) if mask else np.arange(people)
        person_parts.append(who)
        module_parts.append(np.full(len(who), m, dtype=np.int64))
    person = np.concatenate(person_parts).astype(np.int64)
    module_index = np.concatenate(module_parts)
    order = np.lexsort((module_index, person))  # instances by person, then module
    person, module_index = person[order], module_index[order]
    keys = np.zeros(len(person), dtype=np.uint64)
    for m, module in enumerate(modules):
        at = module_index == m
        keys[at] = stream_key(seeds[person[at]], f"module:{module.name}")
    horizon = origin + config.population.horizon_days.value
    instances = Instances(
        person=person,
        module=module_index,
        key=keys,
        person_key=stream_key(seeds, "agencies")[person],
        start=np.full(len(person), origin, dtype=np.int64),
        horizon=np.full(len(person), horizon, dtype=np.int64),
        coordinated=np.where(gets[person], coordinated_day, _NEVER).astype(np.int64),
    )
    out = run_instances(
        compiled, instances, Agencies(first, count, config.population.usual_agency.share)
    )
    events = _events_table(person[out.event_instance], out)
    truth = _truth_table(person, out)
    info = CohortInfo(
        name=name,
        seed=seed,
        people=people,
        events=len(events),
        created=dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None),
        modules=tuple(m.name for m in modules),
        coordinated_from=coordinated_from,
        coordinated_share=coordinated_share,
    )
    cohort = Cohort(info, people_table, agency_table, events, truth)
    cohort.check()
    return cohort


def _needs_mask(needs: list[str]) -> int:
    return sum(1 << NEEDS.index(n) for n in needs if n in NEEDS)


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers (days since 1970-01-01; negative means none) as datetime64[s], NaT for none."""
    values = days.astype("datetime64[D]").astype("datetime64[s]")
    values[days < 0] = np.datetime64("NaT")
    return values


def _events_table(person: np.ndarray, out) -> pd.DataFrame:  # noqa: ANN001
    order = np.lexsort((out.event_start, person))  # stable: emission order breaks ties
    person = person[order]
    starts = np.r_[0, np.flatnonzero(person[1:] != person[:-1]) + 1] if len(person) else person
    run = np.repeat(starts, np.diff(np.r_[starts, len(person)]))
    return pd.DataFrame(
        {
            "person": person.astype(np.int32),
            "event": (np.arange(len(person)) - run).astype(np.int32),
            "agency": out.event_agency[order].astype(np.int32),
            "kind": pd.Categorical.from_codes(
                out.event_kind[order].astype(np.int16), categories=list(KIND_CATEGORIES)
            ),
            "start": _dates(out.event_start[order]),
            "end": _dates(out.event_end[order]),
        },
        columns=list(EVENT_COLUMNS),
    )


def _episodic(person: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, ...]:
    """Runs of 4+ homelessness episodes starting within 4 years (the pathway's own episodes)."""
    rule = RULES_BY_ID["episodic_homelessness"]
    need, window = rule.value("min_count"), rule.value("window_days")
    order = np.lexsort((day, person))
    person, day = person[order], day[order]
    big = int(day.max(initial=0)) + window + 10
    packed = person * big + day
    last = np.searchsorted(packed, person * big + day + window, side="right") - 1
    first = np.arange(len(day))
    ok = last - first + 1 >= need
    i, j = first[ok], last[ok]
    if len(i) == 0:
        return (np.zeros(0, np.int64),) * 4
    reach = np.maximum.accumulate(j)
    heads = np.flatnonzero(np.r_[True, i[1:] > reach[:-1]])
    low, high = i[heads], np.maximum.reduceat(j, heads)
    return person[low], day[low], day[high], high - low + 1


def _truth_table(person: np.ndarray, out) -> pd.DataFrame:  # noqa: ANN001
    who = person[out.truth_instance]
    rule = np.array(RULE_IDS, dtype=object)[out.truth_rule]
    e_person, e_start, e_end, e_count = _episodic(person[out.episode_instance], out.episode_day)
    table = pd.DataFrame(
        {
            "person": np.r_[who, e_person].astype(np.int32),
            "rule": np.r_[rule, np.full(len(e_person), "episodic_homelessness", dtype=object)],
            "start": _dates(np.r_[out.truth_start, e_start]),
            "end": _dates(np.r_[out.truth_end, e_end]),
            "iterations": np.r_[out.truth_iterations, e_count].astype(np.int32),
        },
        columns=list(CYCLE_COLUMNS),
    )
    return table.sort_values(["person", "start", "rule"], kind="stable").reset_index(drop=True)


__all__ = ["DEFAULT_START", "NeedDomain", "generate_cohort"]
