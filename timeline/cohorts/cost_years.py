"""Illustrative cost per person-year, by sector and by needs combination (no dash).

A person-year is a year one person spent in the group within the cohort's window
(timeline/cohorts/presence.py), so the cost per person-year of some people is what their events
cost over the years they were in the group. By sector, every sector's cost is divided by the
same person-years (those of everyone shown), so the sectors add up to the whole. By needs
combination, each combination's cost is divided by its own people's years. Figures are exact:
suppress where they leave the app (withhold_cost_years).

Combination sums go through the prepared person types (people alike in needs, age, gender and
coordinated support) and their (agency, kind) event counts, so a unit-cost edit never goes
back to the events.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.cohorts.costs import CostSummary, unit_cost_matrix
from timeline.cohorts.explore import CohortSummary
from timeline.cohorts.needs_sets import COMBINATIONS, describe_needs, needs_of
from timeline.cohorts.prepared import PreparedCohort

REFERENCE_GBP = 19_000  # docs/figures.md: about £19,000 per person per year, mostly crisis care
NO_NEED = "no recorded need"
ALL_SECTORS = "All sectors"
SECTOR_COLUMNS = ("sector", "events", "cost", "people", "person_years", "cost_per_person_year")
COMBINATION_COLUMNS = (
    "combination",
    "needs",
    "needs_count",
    "people",
    "person_years",
    "events",
    "cost",
    "cost_per_person_year",
)
WITHHELD = "withheld"


def _per_year(cost: np.ndarray, years: np.ndarray) -> np.ndarray:
    out = np.zeros(len(cost))
    np.divide(cost, years, out=out, where=years > 0)
    return out.round(0)


def sector_cost_years(costs: CostSummary, summary: CohortSummary) -> pd.DataFrame:
    """All sectors, then each sector with events, highest cost first (SECTOR_COLUMNS): its
    cost divided by the person-years of everyone shown (`people` and `person_years` are the
    same on every row), so the sectors' figures add up to the first row's."""
    table = costs.by_sector.sort_values("cost", ascending=False, kind="stable")
    sectors = [ALL_SECTORS, *table["sector"]]
    events = np.r_[summary.events, table["events"].to_numpy(dtype=np.int64)]
    cost = np.r_[table["cost"].sum(), table["cost"].to_numpy(dtype=float)]
    years = np.full(len(sectors), summary.person_years)
    return pd.DataFrame(
        {
            "sector": sectors,
            "events": events.astype(np.int64),
            "cost": cost,
            "people": np.full(len(sectors), summary.people, dtype=np.int64),
            "person_years": years,
            "cost_per_person_year": _per_year(cost, years),
        }
    )


def event_prices(prepared: PreparedCohort, table: pd.DataFrame) -> np.ndarray:
    """Pounds per event for every (agency, kind) code (agency * len(KINDS) + kind)."""
    matrix = unit_cost_matrix(table, prepared.sectors)
    return matrix[prepared.agency_sector.astype(np.int64)].ravel()


def combination_sums(
    prepared: PreparedCohort, mask: np.ndarray, table: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(people, person-years, events, cost) per needs bitmask (length COMBINATIONS) among
    the people `mask` keeps."""
    bits = prepared.needs_bits.astype(np.int64)
    people = np.bincount(bits[mask], minlength=COMBINATIONS)[:COMBINATIONS]
    years = np.bincount(bits[mask], weights=prepared.years_present[mask], minlength=COMBINATIONS)
    prices = event_prices(prepared, table)
    types = len(prepared.type_cells)
    kept = np.zeros(types, dtype=bool)
    kept[prepared.person_type[mask]] = True
    if np.array_equal(kept[prepared.person_type], mask):  # whole person types: no event pass
        type_bits = np.zeros(types, dtype=np.int64)
        type_bits[prepared.person_type] = bits
        rows = kept[prepared.type_agency_type]
        group = type_bits[prepared.type_agency_type[rows]]
        counts = prepared.type_agency_events[rows]
        codes = prepared.type_agency_kind[rows]
    else:
        rows = mask[prepared.event_person]
        group = bits[prepared.event_person[rows]]
        counts = np.ones(int(rows.sum()), dtype=np.int64)
        codes = prepared.event_agency_kind[rows]
    events = np.bincount(group, weights=counts, minlength=COMBINATIONS)[:COMBINATIONS]
    cost = np.bincount(group, weights=counts * prices[codes], minlength=COMBINATIONS)
    return people.astype(np.int64), years[:COMBINATIONS], events.astype(np.int64), cost


def combination_cost_years(
    prepared: PreparedCohort, mask: np.ndarray, table: pd.DataFrame
) -> pd.DataFrame:
    """Per needs combination that anyone kept has (COMBINATION_COLUMNS; `needs` in words,
    "no recorded need" for none): its cost over its own people's years, highest first."""
    people, years, events, cost = combination_sums(prepared, mask, table)
    found = [bits for bits in range(COMBINATIONS) if people[bits] > 0]
    frame = pd.DataFrame(
        {
            "combination": ["+".join(needs_of(b)) for b in found],
            "needs": [describe_needs(needs_of(b)) if b else NO_NEED for b in found],
            "needs_count": np.array([bin(b).count("1") for b in found], dtype=np.int64),
            "people": people[found],
            "person_years": years[found],
            "events": events[found],
            "cost": cost[found].round(0),
            "cost_per_person_year": _per_year(cost[found], years[found]),
        },
        columns=list(COMBINATION_COLUMNS),
    )
    return frame.sort_values(
        ["cost_per_person_year", "needs_count"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def withheld_rows(table: pd.DataFrame, threshold: int) -> pd.Series:
    """Rows whose cost per person-year may not be shown (bool per row): its people or its
    events are a suppressed count, as suppress.is_suppressed says (a figure about 1 to 4
    people; or cost / unit cost would give a small count back)."""
    people = table["people"].astype("int64")
    events = table["events"].astype("int64")
    return ((people > 0) & (people < threshold)) | ((events > 0) & (events < threshold))


def withhold_cost_years(table: pd.DataFrame, shown: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """`shown` (a suppressed copy of `table`) with person-years withheld where people are
    suppressed, and cost per person-year wherever withheld_rows says."""
    out = shown.copy()
    people = table["people"].astype("int64")
    few = (people > 0) & (people < threshold)
    out["person_years"] = table["person_years"].round(1).astype(object).where(~few, WITHHELD)
    hidden = withheld_rows(table, threshold)
    out["cost_per_person_year"] = (
        table["cost_per_person_year"].astype(object).where(~hidden, WITHHELD)
    )
    return out
