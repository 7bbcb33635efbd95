"""A cohort turned once into integer codes, so every explorer question is a mask and a bincount.

`prepare_cohort` runs when a cohort is first opened (about a second for 100,000 people and five
million events); after that a filter is a boolean mask over people, and each chart is one
`np.bincount` over the events or people it selects. Nothing here knows about pages or figures.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from schemas import AgeBand, EventKind, Gender
from schemas.vocab import RECOMMENDED_SECTORS
from timeline.cohorts.presence import years_present
from timeline.cohorts.tables import NEEDS, Cohort
from timeline.cycles import RULES_BY_ID

PATH_DEPTH = 5  # sectors in a LifeFlow path: the first four transitions
EVENT_BIN_EDGES = (0, 1, 2, 3, 5, 10, 20, 50, 100, 200)  # each bin is [edge, next edge)
AGENCY_BIN_EDGES = (0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20)
REPEAT_FROM = 2  # contacts with a sector in a month that make a repeat (repeat demand)
KINDS: tuple[str, ...] = tuple(kind.value for kind in EventKind)
AGE_BANDS: tuple[str, ...] = tuple(band.value for band in AgeBand)
GENDERS: tuple[str, ...] = tuple(gender.value for gender in Gender)


def bin_labels(edges: tuple[int, ...]) -> tuple[str, ...]:
    """ "0", "1", "3-4", ..., "200+" for bins [edge, next edge)."""
    labels = []
    for low, high in zip(edges, (*edges[1:], None), strict=True):
        if high is None:
            labels.append(f"{low}+")
        elif high - low == 1:
            labels.append(str(low))
        else:
            labels.append(f"{low}-{high - 1}")
    return tuple(labels)


@dataclass(frozen=True, eq=False)  # hashed by identity: the explorer's caches key on it
class PreparedCohort:
    """A cohort's tables as codes and per-person totals; see prepare_cohort."""

    cohort: Cohort
    events: pd.DataFrame  # the cohort's events, sorted by person then event
    sectors: tuple[str, ...]
    months: tuple[str, ...]  # "2024-01", ... every month from the first event to the last
    rules: tuple[str, ...]  # rule ids found in the cycles table, in the rules' own order
    # people (index = person id)
    needs_bits: np.ndarray  # uint8: bit i set when the person has NEEDS[i]
    age: np.ndarray  # int8 index into AGE_BANDS (-1 unknown value)
    gender: np.ndarray  # int8 index into GENDERS
    coordinated: np.ndarray  # bool: gets coordinated support at some date
    events_per_person: np.ndarray
    agencies_per_person: np.ndarray
    events_bin: np.ndarray  # int8 index into EVENT_BIN_EDGES
    agencies_bin: np.ndarray
    cycles_per_person: np.ndarray
    path_codes: np.ndarray  # int64 (people, PATH_DEPTH): sector-path prefix codes, -1 past the end
    # events (rows in person, date order)
    event_person: np.ndarray  # int32
    event_sector: np.ndarray  # int16 index into sectors
    event_month: np.ndarray  # int16 index into months
    event_cell: np.ndarray  # int64: sector * len(months) + month (int64: bincount's own type)
    event_agency_kind: np.ndarray  # int64: agency * len(KINDS) + kind
    person_rows: np.ndarray  # int64 (people + 1): events of person p are rows [p], [p + 1]
    # agencies
    agency_sector: np.ndarray  # int16 index into sectors, per agency id
    # cycles: one row per (person, rule)
    cycle_person: np.ndarray
    cycle_rule: np.ndarray
    cycle_iterations: np.ndarray
    # float64 per person: years in the group within the cohort's window (cost per person-year)
    years_present: np.ndarray
    # each (person, event_cell) with REPEAT_FROM or more contacts, and how many: int32 each
    repeat_person: np.ndarray
    repeat_cell: np.ndarray
    repeat_count: np.ndarray
    # person types: people alike in everything a filter reads (needs, age, gender, coordinated
    # support), so a filter is a set of types and its event counts are sums over types
    person_type: np.ndarray  # int32 per person
    type_cells: np.ndarray  # int64 (types, sectors * months): events
    type_agency_type: np.ndarray  # int32: each (type, event_agency_kind) with events...
    type_agency_kind: np.ndarray  # int64
    type_agency_events: np.ndarray  # int64: ...and how many

    @property
    def name(self) -> str:
        """The cohort's name."""
        return self.cohort.info.name

    @property
    def people(self) -> int:
        """How many people the cohort has."""
        return len(self.needs_bits)

    @property
    def years(self) -> float:
        """The span of the cohort's events in years (at least one month)."""
        return max(len(self.months), 1) / 12

    def path_sectors(self, code: int) -> tuple[str, ...]:
        """The sectors of a path prefix code, first to last."""
        base = len(self.sectors) + 1
        out: list[str] = []
        while code > 0:
            code, digit = divmod(code, base)
            out.append(self.sectors[digit - 1])
        return tuple(reversed(out))

    def path_code(self, sectors: tuple[str, ...]) -> int:
        """The prefix code of a sequence of sectors (ValueError for an unknown sector)."""
        base, code = len(self.sectors) + 1, 0
        for sector in sectors:
            code = code * base + self.sectors.index(sector) + 1
        return code


def _codes(values: pd.Series, categories: tuple[str, ...]) -> np.ndarray:
    return pd.Categorical(values.astype(str), categories=list(categories)).codes.astype(np.int8)


def _sector_order(found: set[str]) -> tuple[str, ...]:
    known = [s for s in RECOMMENDED_SECTORS if s in found]
    return tuple(known + sorted(found - set(known)))


def _needs_bits(needs: pd.Series) -> np.ndarray:
    bits = np.zeros(len(needs), dtype=np.uint8)
    text = needs.fillna("").astype(str)
    for index, need in enumerate(NEEDS):
        has = text.str.contains(rf"(?:^|\+){need}(?:\+|$)", regex=True).to_numpy(dtype=bool)
        bits |= (has * (1 << index)).astype(np.uint8)
    return bits


def pair_counts(
    group: np.ndarray, codes: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(group as int32, code, how many) for each (group, code) that occurs, sorted by group
    then code (codes are below `size`; one sort of every row)."""
    width = max(size, 1)
    pairs, counts = np.unique(group.astype(np.int64) * width + codes, return_counts=True)
    return (pairs // width).astype(np.int32), pairs % width, counts.astype(np.int64)


def person_types(
    needs_bits: np.ndarray, age: np.ndarray, gender: np.ndarray, coordinated: np.ndarray
) -> np.ndarray:
    """Each person's type (int32 from 0): people with the same needs, age band, gender and
    coordinated support share one."""
    key = needs_bits.astype(np.int64) * 256 + (age.astype(np.int64) + 1)
    key = (key * 256 + (gender.astype(np.int64) + 1)) * 2 + coordinated
    return np.unique(key, return_inverse=True)[1].astype(np.int32).reshape(-1)


def _paths(person: np.ndarray, sector: np.ndarray, people: int, base: int) -> np.ndarray:
    """Each person's first PATH_DEPTH sectors, consecutive repeats collapsed, as prefix codes."""
    codes = np.full((people, PATH_DEPTH), -1, dtype=np.int64)
    if len(person) == 0:
        return codes
    new = np.ones(len(person), dtype=bool)
    new[1:] = (person[1:] != person[:-1]) | (sector[1:] != sector[:-1])
    kept_person, kept_sector = person[new], sector[new].astype(np.int64)
    starts = np.ones(len(kept_person), dtype=bool)
    starts[1:] = kept_person[1:] != kept_person[:-1]
    first = np.flatnonzero(starts)
    rank = np.arange(len(kept_person)) - np.repeat(first, np.diff(np.append(first, len(starts))))
    for depth in range(PATH_DEPTH):
        at = rank == depth
        who = kept_person[at]
        previous = codes[who, depth - 1] if depth else np.zeros(len(who), dtype=np.int64)
        codes[who, depth] = previous * base + kept_sector[at] + 1
    return codes


def prepare_cohort(cohort: Cohort) -> PreparedCohort:
    """Codes, month indices and per-person totals for a cohort, computed once: read from the
    cache beside its Parquet files when there is one, and written there when not."""
    from timeline.cohorts import prepared_cache  # noqa: PLC0415 (it reads PreparedCohort)

    folder = prepared_cache.folder_of(cohort)
    if folder is None:
        return compute_prepared(cohort)
    found = prepared_cache.load_prepared(cohort, folder, PreparedCohort)
    if found is not None:
        return found
    prepared = compute_prepared(cohort)
    with contextlib.suppress(OSError):  # a read-only folder: computed again next time
        prepared_cache.save_prepared(prepared, folder)
    return prepared


def compute_prepared(cohort: Cohort) -> PreparedCohort:
    """Codes, month indices and per-person totals for a cohort, computed from its tables."""
    people_table, events, agencies = cohort.people, cohort.events, cohort.agencies
    people = len(people_table)
    if not people_table["person"].is_monotonic_increasing:
        people_table = people_table.sort_values("person")
    if not (
        events["person"].is_monotonic_increasing
        and (events.groupby("person", sort=False)["event"].diff().dropna() > 0).all()
    ):
        events = events.sort_values(["person", "event"], kind="stable")
    agency_ids = agencies["agency"].to_numpy(dtype=np.int64)
    sectors = _sector_order(set(agencies["sector"].astype(str)))
    sector_of = np.zeros(int(agency_ids.max(initial=-1)) + 1, dtype=np.int16)
    sector_of[agency_ids] = pd.Categorical(
        agencies["sector"].astype(str), categories=list(sectors)
    ).codes
    event_person = events["person"].to_numpy(dtype=np.int32)
    event_agency = events["agency"].to_numpy(dtype=np.int64)
    event_sector = sector_of[event_agency]
    starts = events["start"].to_numpy().astype("datetime64[M]")
    first_month = starts.min() if len(starts) else np.datetime64("2000-01", "M")
    last_month = starts.max() if len(starts) else first_month
    month_index = (starts - first_month).astype(np.int64).astype(np.int16)
    months = tuple(
        str(m) for m in np.arange(first_month, last_month + np.timedelta64(1, "M"), dtype="M8[M]")
    )
    kind = _codes(events["kind"], KINDS).astype(np.int64)
    kind[kind < 0] = KINDS.index(EventKind.OTHER.value)
    person_rows = np.searchsorted(event_person, np.arange(people + 1)).astype(np.int64)
    per_person = np.diff(person_rows)
    pairs = np.unique(event_person.astype(np.int64) * (len(sector_of) + 1) + event_agency)
    agencies_per_person = np.bincount(pairs // (len(sector_of) + 1), minlength=people)
    cycles = cohort.cycles
    rule_order = list(RULES_BY_ID)
    found = set(cycles["rule"].astype(str))
    rules = tuple(sorted(found, key=lambda r: (rule_order.index(r) if r in RULES_BY_ID else 99, r)))
    cycle_person_all = cycles["person"].to_numpy(dtype=np.int64)
    cycle_rule_all = pd.Categorical(cycles["rule"].astype(str), categories=list(rules)).codes
    pair_key = cycle_person_all * max(len(rules), 1) + cycle_rule_all
    unique_pairs, inverse = np.unique(pair_key, return_inverse=True)
    iterations = np.bincount(
        inverse,
        weights=cycles["iterations"].to_numpy(dtype=np.float64),
        minlength=len(unique_pairs),
    )
    event_cell = event_sector.astype(np.int64) * max(len(months), 1) + month_index
    # each (person, sector-month) with REPEAT_FROM or more contacts (repeat demand)
    person_cells = pair_counts(event_person, event_cell, len(sectors) * len(months))
    repeat = person_cells[2] >= REPEAT_FROM
    needs_bits = _needs_bits(people_table["needs"])
    age = _codes(people_table["age_band"], AGE_BANDS)
    gender = _codes(people_table["gender"], GENDERS)
    coordinated = people_table["coordinated_from"].notna().to_numpy(dtype=bool)
    person_type = person_types(needs_bits, age, gender, coordinated)
    types, cells = int(person_type.max(initial=-1)) + 1, len(sectors) * max(len(months), 1)
    type_cells = np.bincount(
        person_type[event_person].astype(np.int64) * cells + event_cell, minlength=types * cells
    ).reshape(types, cells)
    agency_kind = event_agency * len(KINDS) + kind
    type_agency = pair_counts(person_type[event_person], agency_kind, len(sector_of) * len(KINDS))
    return PreparedCohort(
        cohort=cohort,
        events=events.reset_index(drop=True),
        sectors=sectors,
        months=months,
        rules=rules,
        needs_bits=needs_bits,
        age=age,
        gender=gender,
        coordinated=coordinated,
        events_per_person=per_person,
        agencies_per_person=agencies_per_person,
        events_bin=(np.searchsorted(EVENT_BIN_EDGES, per_person, side="right") - 1).astype(np.int8),
        agencies_bin=(
            np.searchsorted(AGENCY_BIN_EDGES, agencies_per_person, side="right") - 1
        ).astype(np.int8),
        cycles_per_person=np.bincount(cycle_person_all, minlength=people)[:people],
        path_codes=_paths(event_person, event_sector, people, len(sectors) + 1),
        event_person=event_person,
        event_sector=event_sector,
        event_month=month_index,
        event_cell=event_cell,
        event_agency_kind=agency_kind,
        person_rows=person_rows,
        agency_sector=sector_of,
        cycle_person=(unique_pairs // max(len(rules), 1)).astype(np.int64),
        cycle_rule=(unique_pairs % max(len(rules), 1)).astype(np.int64),
        cycle_iterations=iterations.astype(np.int64),
        years_present=years_present(cohort)[
            np.argsort(cohort.people["person"].to_numpy(), kind="stable")
        ],  # in person order, as the other per-person arrays
        repeat_person=person_cells[0][repeat],
        repeat_cell=person_cells[1][repeat].astype(np.int32),
        repeat_count=person_cells[2][repeat].astype(np.int32),
        person_type=person_type,
        type_cells=type_cells.astype(np.int64),
        type_agency_type=type_agency[0],
        type_agency_kind=type_agency[1],
        type_agency_events=type_agency[2],
    )
