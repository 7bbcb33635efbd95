"""generate_cohort: people, agencies, events and the loops the generator meant to create."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from schemas import NeedDomain
from synthetic.agencies import make_agencies
from synthetic.compiled import compile_modules
from synthetic.config import AreaPreset, Config, load_config
from synthetic.engine import Agencies, Instances, run_instances
from synthetic.modules import load_modules
from synthetic.people import make_people, pseudonym
from synthetic.randomness import person_seeds, stream_key
from synthetic.truth import FOLLOW_UP_KINDS, truth_table
from synthetic.wards import make_wards
from synthetic.window import MIN_WINDOW_DAYS, STILL_PRESENT, persons_for
from timeline.cohorts.tables import EVENT_COLUMNS, NEEDS, Cohort, CohortInfo
from timeline.cycles.cohort_frame import KIND_CATEGORIES

DEFAULT_FROM = dt.date(2020, 1, 1)
DEFAULT_TO = dt.date(2024, 12, 31)
_EPOCH = dt.date(1970, 1, 1)
_NEVER = np.iinfo(np.int64).max // 4


class UnknownAreaError(ValueError):
    """No area preset has that name (the message lists the known ones)."""


def find_area(config: Config, name: str) -> AreaPreset:
    """The area preset `name` from areas.toml (UnknownAreaError listing the known ones)."""
    found = config.areas.presets.get(name.strip().lower())
    if found is None:
        known = ", ".join(sorted(config.areas.presets))
        raise UnknownAreaError(f"unknown area {name!r}; known areas: {known}")
    return found


def area_people(name: str, config_dir: Path | None = None) -> int:
    """How many people the area preset `name` has at any one time (UnknownAreaError)."""
    return find_area(load_config(config_dir), name).people.value


def check_window(window_from: dt.date, window_to: dt.date) -> None:
    """ValueError unless the window runs forward for at least MIN_WINDOW_DAYS days."""
    if window_to < window_from:
        raise ValueError(
            f"the window ends ({window_to}) before it starts ({window_from}); "
            "give --to after --from"
        )
    days = (window_to - window_from).days + 1
    if days < MIN_WINDOW_DAYS:
        raise ValueError(
            f"the window {window_from} to {window_to} is {days} day(s); it must be at least "
            f"{MIN_WINDOW_DAYS} days (a year) long so cycles and steady demand can show"
        )


CHUNK_PEOPLE = 50_000  # people generated (and detected, and written) at a time


def people_at_any_one_time(
    people_in_all: int, window_from: dt.date, window_to: dt.date, config_dir: Path | None = None
) -> int:
    """How many people at any one time a cohort of `people_in_all` over the window was made
    for (the inverse of the number generated; exact for the window settings it was made with)."""
    window = load_config(config_dir).window
    mean = window.stay.mean_days.value
    return round(people_in_all * mean / (mean + (window_to - window_from).days + 1))


def generate_cohort(
    people: int,
    seed: int,
    *,
    name: str,
    modules_dir: Path | None = None,
    coordinated_from: dt.date | None = None,
    coordinated_share: float = 0.0,
    window_from: dt.date = DEFAULT_FROM,
    window_to: dt.date = DEFAULT_TO,
    area: str | None = None,
    config_dir: Path | None = None,
) -> Cohort:
    """A synthetic open cohort with `people` in the group at any one time over the window (cycles
    table empty; see timeline.cohorts.detect.detect_cycles). `area` names a preset of areas.toml
    (its wards; the number of people is still `people`).

    Person k depends only on (seed, k) and the window: the same whatever `people` is.
    """
    plan = _plan(
        people, seed, name, modules_dir, coordinated_from, coordinated_share,
        window_from, window_to, area, config_dir,
    )  # fmt: skip
    return _part(plan, 0, plan.size)


def generate_cohort_chunks(
    people: int,
    seed: int,
    *,
    name: str,
    chunk: int = CHUNK_PEOPLE,
    modules_dir: Path | None = None,
    coordinated_from: dt.date | None = None,
    coordinated_share: float = 0.0,
    window_from: dt.date = DEFAULT_FROM,
    window_to: dt.date = DEFAULT_TO,
    area: str | None = None,
    config_dir: Path | None = None,
) -> tuple[int, Iterator[Cohort]]:
    """The same cohort as generate_cohort, as (people in all, parts of `chunk` people each):
    part i holds people i * chunk onwards with their own ids, events and truth, so a cohort
    larger than memory can be detected and written part by part. Errors are raised at once."""
    plan = _plan(
        people, seed, name, modules_dir, coordinated_from, coordinated_share,
        window_from, window_to, area, config_dir,
    )  # fmt: skip
    if chunk < 1:
        raise ValueError("chunk must be 1 or more")
    starts = range(0, max(plan.size, 1), chunk)
    return plan.size, (_part(plan, lo, min(lo + chunk, plan.size)) for lo in starts)


@dataclass(frozen=True)
class _Plan:
    """What every part of one cohort shares: configuration, window, seeds, wards, agencies."""

    modules: list
    config: Config
    compiled: object
    first: int
    last: int
    seeds: np.ndarray
    wards: object
    agencies: pd.DataFrame
    info: CohortInfo

    @property
    def size(self) -> int:
        return len(self.seeds)


def _plan(
    people: int,
    seed: int,
    name: str,
    modules_dir: Path | None,
    coordinated_from: dt.date | None,
    coordinated_share: float,
    window_from: dt.date,
    window_to: dt.date,
    area: str | None,
    config_dir: Path | None,
) -> _Plan:
    if people < 0:
        raise ValueError("people must be 0 or more")
    if not 0 <= coordinated_share <= 1:
        raise ValueError("coordinated_share must be between 0 and 1")
    check_window(window_from, window_to)
    modules = load_modules(modules_dir)
    config = load_config(config_dir)
    preset = find_area(config, area) if area else None
    first, last = (window_from - _EPOCH).days, (window_to - _EPOCH).days
    seeds = person_seeds(seed, persons_for(people, config.window, last - first + 1))
    wards = make_wards(
        config, seed, preset.wards.value if preset else config.areas.wards.count.value
    )
    info = CohortInfo(
        name=name,
        seed=seed,
        people=len(seeds),
        events=0,
        created=dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None),
        modules=tuple(m.name for m in modules),
        coordinated_from=coordinated_from,
        coordinated_share=coordinated_share,
        window_from=window_from,
        window_to=window_to,
        area=area.strip().lower() if area else "",
    )
    return _Plan(
        modules,
        config,
        compile_modules(modules, config),
        first,
        last,
        seeds,
        wards,
        make_agencies(config.agencies, config.places, seed),
        info,
    )


def _part(plan: _Plan, lo: int, hi: int) -> Cohort:
    """People lo to hi - 1 of the plan, with their events and truth (ids from lo)."""
    config, modules, first, last = plan.config, plan.modules, plan.first, plan.last
    seeds = plan.seeds[lo:hi]
    coordinated_from = plan.info.coordinated_from
    people_table, bits, stays = make_people(
        seeds, config, plan.wards, (first, last), coordinated_from, plan.info.coordinated_share
    )
    if lo:
        people_table["person"] = np.arange(lo, hi, dtype=np.int32)
        people_table["pseudonym"] = [pseudonym(k) for k in range(lo, hi)]
    seen_until = np.where(stays.left == STILL_PRESENT, last, stays.left)
    agency_table = plan.agencies
    counts = agency_table.groupby("sector", sort=False).size()
    sectors = list(config.agencies.sectors)
    count = np.array([counts[s] for s in sectors], dtype=np.int64)
    first_agency = np.r_[0, np.cumsum(count)[:-1]].astype(np.int64)
    coordinated_day = _NEVER if coordinated_from is None else (coordinated_from - _EPOCH).days
    gets = people_table["coordinated_from"].notna().to_numpy()
    person_parts, module_parts = [], []
    for m, module in enumerate(modules):
        mask = _needs_mask([n.value for n in module.needs])
        who = np.flatnonzero((bits & mask) != 0) if mask else np.arange(len(seeds))
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
    # Everyone runs from the day they entered (people already in the group on the first day,
    # from before it, at most history_days before, so they are mid-journey), until they leave or
    # the window ends.
    instances = Instances(
        person=person,
        module=module_index,
        key=keys,
        person_key=stream_key(seeds, "agencies")[person],
        start=np.maximum(stays.entered, first - config.window.history_days.value)[person],
        horizon=seen_until[person],
        coordinated=np.where(gets[person], coordinated_day, _NEVER).astype(np.int64),
        visible_from=np.full(len(person), first, dtype=np.int64),
    )
    out = run_instances(
        plan.compiled,  # type: ignore[arg-type]
        instances,
        Agencies(first_agency, count, config.population.usual_agency.share),
    )
    events = _events_table(person[out.event_instance], out, first, seen_until)
    follow = events["kind"].isin(FOLLOW_UP_KINDS).to_numpy()
    follow_ups = (
        events["person"].to_numpy(np.int64)[follow],
        events["start"].to_numpy()[follow].astype("datetime64[D]").astype(np.int64),
    )
    truth = truth_table(person, out, first, seen_until, follow_ups)
    if lo:  # ids within the part become the cohort's
        events["person"] += np.int32(lo)
        truth["person"] += np.int32(lo)
    info = dataclasses.replace(plan.info, people=hi - lo, events=len(events))
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


def _events_table(person: np.ndarray, out, first: int, last: np.ndarray) -> pd.DataFrame:  # noqa: ANN001
    """Events starting from day `first` to the person's `last` day; ends after it are cut to it."""
    start = out.event_start
    keep = (start >= first) & (start <= last[person])
    person, start = person[keep], start[keep]
    end = out.event_end[keep]
    end = np.where(end >= 0, np.minimum(end, last[person]), -1)
    order = np.lexsort((start, person))  # stable: emission order breaks ties
    person = person[order]
    starts = np.r_[0, np.flatnonzero(person[1:] != person[:-1]) + 1] if len(person) else person
    run = np.repeat(starts, np.diff(np.r_[starts, len(person)]))
    return pd.DataFrame(
        {
            "person": person.astype(np.int32),
            "event": (np.arange(len(person)) - run).astype(np.int32),
            "agency": out.event_agency[keep][order].astype(np.int32),
            "kind": pd.Categorical.from_codes(
                out.event_kind[keep][order].astype(np.int16), categories=list(KIND_CATEGORIES)
            ),
            "start": _dates(start[order]),
            "end": _dates(end[order]),
        },
        columns=list(EVENT_COLUMNS),
    )


__all__ = [
    "DEFAULT_FROM",
    "DEFAULT_TO",
    "NeedDomain",
    "UnknownAreaError",
    "area_people",
    "check_window",
    "generate_cohort",
    "generate_cohort_chunks",
    "people_at_any_one_time",
]
