"""The commissioner explorer's sums: a filter over people in, counts per chart out (no dash).

A filter is a mask over people; every chart is then one bincount over the events or people it
selects, computed once per (cohort, filter) and cached. Counts here are exact: suppression of
small numbers happens where a count leaves the app (timeline/cohorts/suppress.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from timeline.cohorts.prepared import (
    AGE_BANDS,
    AGENCY_BIN_EDGES,
    EVENT_BIN_EDGES,
    GENDERS,
    KINDS,
    PATH_DEPTH,
    PreparedCohort,
    bin_labels,
)
from timeline.cohorts.tables import NEEDS
from timeline.cycles import RULES_BY_ID

PATH_BRANCHES = 6  # the most common next sectors kept under each path node
PATH_LEVEL = 40  # and the most nodes kept at each depth
CACHE_SIZE = 64
WEIGHTED_SHARE = 0.2  # above this share of people kept, a weighted bincount beats a compress


@dataclass(frozen=True)
class CohortFilter:
    """Which people to count. Needs match by *inclusion*: a person with homelessness and
    offending is counted under "homelessness"; choosing two needs keeps people with both
    (and perhaps more). With `needs_exactly`, only people whose needs are exactly those chosen
    (a needs combination; it means nothing without needs). Empty sets and None mean
    "everyone"."""

    needs: frozenset[str] | None = None
    age_bands: frozenset[str] = field(default_factory=frozenset)
    genders: frozenset[str] = field(default_factory=frozenset)
    coordinated: bool | None = None
    needs_exactly: bool = False

    def __post_init__(self) -> None:
        if self.needs_exactly and not self.needs:  # one filter, one key in the caches
            object.__setattr__(self, "needs_exactly", False)

    @property
    def active(self) -> bool:
        """True when the filter leaves anyone out."""
        return bool(self.needs or self.age_bands or self.genders or self.coordinated is not None)

    def describe(self) -> str:
        """The filter in words, e.g. "with homelessness and substance use; aged 25-34"."""
        parts = []
        if self.needs:
            names = [n.replace("_", " ") for n in NEEDS if n in self.needs]
            parts.append("with " + " and ".join(names))
            if self.needs_exactly:
                parts[-1] += ", and no other need"
        if self.age_bands:
            parts.append("aged " + " or ".join(b for b in AGE_BANDS if b in self.age_bands))
        if self.genders:
            parts.append("gender " + " or ".join(g for g in GENDERS if g in self.genders))
        if self.coordinated is not None:
            parts.append(("with" if self.coordinated else "without") + " coordinated support")
        return "; ".join(parts) or "everyone"


@dataclass(frozen=True, eq=False)
class CohortSummary:
    """Every chart's exact counts for one (cohort, filter)."""

    mask: np.ndarray  # bool per person
    people: int
    events: int
    agencies: int
    people_with_cycle: int
    events_bins: np.ndarray  # people per EVENT_BIN_EDGES bin
    agencies_bins: np.ndarray
    sector_months: np.ndarray  # events, (sectors, months)
    rule_people: np.ndarray  # per prepared.rules
    rule_iterations: np.ndarray
    agency_kinds: np.ndarray  # events, (agencies, KINDS)
    paths: pd.DataFrame  # id, parent, label, depth, code, people
    person_years: float = 0.0  # the people's years in the group within the window

    @property
    def mean_events(self) -> float:
        """Mean events per person (0 for nobody)."""
        return self.events / self.people if self.people else 0.0


@lru_cache(maxsize=CACHE_SIZE)
def select_people(prepared: PreparedCohort, chosen: CohortFilter) -> np.ndarray:
    """A boolean mask of the people the filter keeps."""
    mask = np.ones(prepared.people, dtype=bool)
    if chosen.needs:
        wanted = sum(1 << NEEDS.index(n) for n in chosen.needs if n in NEEDS)
        if chosen.needs_exactly:
            mask &= prepared.needs_bits == np.uint8(wanted)
        else:
            mask &= (prepared.needs_bits & np.uint8(wanted)) == wanted
        if any(n not in NEEDS for n in chosen.needs):
            mask[:] = False
    for codes, values, names in (
        (prepared.age, chosen.age_bands, AGE_BANDS),
        (prepared.gender, chosen.genders, GENDERS),
    ):
        if values:
            allowed = np.zeros(len(names) + 1, dtype=bool)  # the last is "unknown value" (-1)
            allowed[[names.index(v) for v in values if v in names]] = True
            mask &= allowed[codes]
    if chosen.coordinated is not None:
        mask &= prepared.coordinated == chosen.coordinated
    mask.flags.writeable = False
    return mask


def _path_nodes(prepared: PreparedCohort, mask: np.ndarray) -> pd.DataFrame:
    """The commonest path prefixes: at most PATH_BRANCHES children per node and PATH_LEVEL
    nodes per depth (the biggest), so the icicle stays readable and quick to send."""
    base = len(prepared.sectors) + 1
    codes = prepared.path_codes[mask]
    kept = np.zeros(1, dtype=np.int64)  # depth 0's parent: the root, code 0
    levels = []
    for depth in range(PATH_DEPTH):
        column = codes[:, depth]
        found, counts = np.unique(column[column >= 0], return_counts=True)
        parents = found // base if depth else np.zeros(len(found), dtype=np.int64)
        usable = np.isin(parents, kept)
        found, counts, parents = found[usable], counts[usable], parents[usable]
        order = np.lexsort((-counts, parents))
        found, counts, parents = found[order], counts[order], parents[order]
        starts = np.flatnonzero(np.r_[True, parents[1:] != parents[:-1]])
        rank = np.arange(len(parents)) - np.repeat(starts, np.diff(np.r_[starts, len(parents)]))
        branch = rank < PATH_BRANCHES
        found, counts = found[branch], counts[branch]
        biggest = np.argsort(-counts, kind="stable")[:PATH_LEVEL]
        found, counts = found[np.sort(biggest)], counts[np.sort(biggest)]
        levels.append((depth, found, counts))
        kept = found
    rows = []
    for depth, found, counts in levels:
        for code, count in zip(found.tolist(), counts.tolist(), strict=True):
            sectors = prepared.path_sectors(code)
            rows.append(
                (" > ".join(sectors), " > ".join(sectors[:-1]), sectors[-1], depth, code, count)
            )
    return pd.DataFrame(rows, columns=["id", "parent", "label", "depth", "code", "people"])


def _count_events(codes: np.ndarray, rows: np.ndarray | None, many: bool, size: int) -> np.ndarray:
    """Events per code on the chosen rows (None: all): a weighted bincount when many rows are
    kept (no copy of the codes), a compress-then-count when few are."""
    if rows is None:
        return np.bincount(codes, minlength=size)
    if many:
        return np.bincount(codes, weights=rows, minlength=size).astype(np.int64)
    return np.bincount(codes[rows], minlength=size)


def _types_of(prepared: PreparedCohort, mask: np.ndarray) -> np.ndarray | None:
    """The person types the mask keeps (a mask over types), or None when it keeps part of a
    type (a filter reading something the types do not tell apart)."""
    kept = np.zeros(len(prepared.type_cells), dtype=bool)
    kept[prepared.person_type[mask]] = True
    return kept if np.array_equal(kept[prepared.person_type], mask) else None


@lru_cache(maxsize=CACHE_SIZE)
def summarise_cohort(prepared: PreparedCohort, chosen: CohortFilter) -> CohortSummary:
    """Every chart's counts for the people the filter keeps (cached per cohort and filter)."""
    mask = select_people(prepared, chosen)
    sectors, months = len(prepared.sectors), max(len(prepared.months), 1)
    agencies = len(prepared.agency_sector)
    types = _types_of(prepared, mask)
    if types is not None:  # sums over person types: no pass over the events
        sector_months = prepared.type_cells[types].sum(axis=0)
        rows = types[prepared.type_agency_type]
        agency_kind = np.bincount(
            prepared.type_agency_kind[rows],
            weights=prepared.type_agency_events[rows],
            minlength=agencies * len(KINDS),
        ).astype(np.int64)
    else:
        rows = None if mask.all() else mask[prepared.event_person]
        many = bool(mask.mean() > WEIGHTED_SHARE)
        sector_months = _count_events(prepared.event_cell, rows, many, sectors * months)
        agency_kind = _count_events(prepared.event_agency_kind, rows, many, agencies * len(KINDS))
    sector_months = sector_months.reshape(sectors, months)
    agency_kind = agency_kind.reshape(agencies, len(KINDS))
    rule_rows = mask[prepared.cycle_person]
    rules = max(len(prepared.rules), 1)
    return CohortSummary(
        mask=mask,
        people=int(mask.sum()),
        events=int(sector_months.sum()),
        agencies=int((agency_kind.sum(axis=1) > 0).sum()),
        people_with_cycle=int((mask & (prepared.cycles_per_person > 0)).sum()),
        events_bins=np.bincount(prepared.events_bin[mask], minlength=len(EVENT_BIN_EDGES)),
        agencies_bins=np.bincount(prepared.agencies_bin[mask], minlength=len(AGENCY_BIN_EDGES)),
        sector_months=sector_months,
        rule_people=np.bincount(prepared.cycle_rule[rule_rows], minlength=rules),
        rule_iterations=np.bincount(
            prepared.cycle_rule[rule_rows],
            weights=prepared.cycle_iterations[rule_rows],
            minlength=rules,
        ).astype(np.int64),
        agency_kinds=agency_kind,
        paths=_path_nodes(prepared, mask),
        person_years=float(prepared.years_present[mask].sum()),
    )


def headline_table(summary: CohortSummary) -> pd.DataFrame:
    """The headline figures as (measure, value) rows; value exact, suppress before showing."""
    return pd.DataFrame(
        {
            "measure": ["people", "events", "agencies", "people with any cycle"],
            "value": [summary.people, summary.events, summary.agencies, summary.people_with_cycle],
        }
    )


def distribution_table(summary: CohortSummary, which: str) -> pd.DataFrame:
    """People per bin of events per person ("events") or agencies per person ("agencies")."""
    edges, counts = (
        (EVENT_BIN_EDGES, summary.events_bins)
        if which == "events"
        else (AGENCY_BIN_EDGES, summary.agencies_bins)
    )
    return pd.DataFrame({"bin": bin_labels(edges), "people": counts.astype(np.int64)})


def sector_month_table(prepared: PreparedCohort, summary: CohortSummary) -> pd.DataFrame:
    """Events per (sector, month), long form, sectors with no events left out."""
    sectors, months = summary.sector_months.shape
    table = pd.DataFrame(
        {
            "sector": np.repeat(prepared.sectors, months),
            "month": np.tile(prepared.months or ("",), sectors),
            "events": summary.sector_months.ravel(),
        }
    )
    busy = table.groupby("sector", sort=False)["events"].transform("sum") > 0
    return table[busy].reset_index(drop=True)


def cycle_table(prepared: PreparedCohort, summary: CohortSummary) -> pd.DataFrame:
    """Per rule: its label, people affected and iterations (loops round) among them."""
    return pd.DataFrame(
        {
            "rule": list(prepared.rules),
            "label": [
                RULES_BY_ID[r].label if r in RULES_BY_ID else r.replace("_", " ")
                for r in prepared.rules
            ],
            "people": summary.rule_people[: len(prepared.rules)].astype(np.int64),
            "iterations": summary.rule_iterations[: len(prepared.rules)],
        }
    )


def sector_event_table(prepared: PreparedCohort, summary: CohortSummary) -> pd.DataFrame:
    """Events per sector over the whole period."""
    return pd.DataFrame({"sector": prepared.sectors, "events": summary.sector_months.sum(axis=1)})
