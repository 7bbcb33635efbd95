"""Illustrative costs: a unit cost per event kind (and sector) times the events counted.

The defaults live in unit_costs.toml with a remark on every figure; they are illustrative
assumptions, not published unit costs. Users edit them per view; costs are then recomputed from
the cached (agency, kind) event counts, so an edit never goes back to the five million events.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from schemas import EventKind
from timeline.cohorts.explore import CohortSummary
from timeline.cohorts.prepared import KINDS, PreparedCohort

UNIT_COSTS_FILE = Path(__file__).with_name("unit_costs.toml")
ANY_SECTOR = "*"
COST_COLUMNS = ("kind", "label", "sector", "gbp", "remarks")
MAX_UNIT_COST = 1_000_000.0


def load_unit_costs(path: Path = UNIT_COSTS_FILE) -> pd.DataFrame:
    """The unit-cost table (COST_COLUMNS); ValueError naming the row for an unknown kind."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rows = []
    for number, row in enumerate(data.get("cost", []), start=1):
        if row.get("kind") not in KINDS:
            raise ValueError(f"{path.name}: cost {number} has an unknown kind {row.get('kind')!r}")
        rows.append(
            (
                row["kind"],
                EventKind(row["kind"]).label,
                row.get("sector", ANY_SECTOR),
                float(row["gbp"]),
                row.get("remarks", "assumption"),
            )
        )
    return pd.DataFrame(rows, columns=list(COST_COLUMNS))


def read_edited_costs(rows: list[dict], defaults: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Edited grid rows back to a cost table; a blank, negative or huge figure keeps the
    default and is reported. Only `gbp` is editable: kinds and sectors come from the defaults."""
    table = defaults.copy()
    problems = []
    for index, row in enumerate(rows[: len(table)]):
        value = row.get("gbp")
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not (0 <= number <= MAX_UNIT_COST):
            sector = table.at[index, "sector"]
            where = (
                f"{table.at[index, 'label']} ({'any sector' if sector == ANY_SECTOR else sector})"
            )
            shown = "a blank or negative figure" if value is None else repr(value)
            problems.append(
                f"{where}: {shown} is not a cost from £0 to £{MAX_UNIT_COST:,.0f}; "
                f"kept £{table.at[index, 'gbp']:,.0f}."
            )
            continue
        table.at[index, "gbp"] = number
    return table, problems


def unit_cost_matrix(table: pd.DataFrame, sectors: tuple[str, ...]) -> np.ndarray:
    """Pounds per event, (sectors, KINDS): the any-sector figure, overridden per sector."""
    matrix = np.zeros((len(sectors), len(KINDS)))
    for kind, sector, gbp in table[["kind", "sector", "gbp"]].itertuples(index=False):
        if sector == ANY_SECTOR:
            matrix[:, KINDS.index(kind)] = gbp
    for kind, sector, gbp in table[["kind", "sector", "gbp"]].itertuples(index=False):
        if sector != ANY_SECTOR and sector in sectors:
            matrix[sectors.index(sector), KINDS.index(kind)] = gbp
    return matrix


@dataclass(frozen=True)
class CostSummary:
    """Illustrative costs of one (cohort, filter) under one unit-cost table."""

    total: float
    per_person: float
    per_person_year: float
    by_sector: pd.DataFrame  # sector, events, cost
    by_agency: pd.DataFrame  # agency, name, sector, events, cost (highest cost first)


def cost_cohort(
    prepared: PreparedCohort, summary: CohortSummary, table: pd.DataFrame, top_agencies: int = 15
) -> CostSummary:
    """Cost per sector and per agency, per person, and per person-year (each person's years in
    the group within the cohort's window, as the calibration figure counts them)."""
    matrix = unit_cost_matrix(table, prepared.sectors)
    sector_of = prepared.agency_sector.astype(np.int64)
    per_agency_events = summary.agency_kinds.sum(axis=1)
    per_agency = (summary.agency_kinds * matrix[sector_of]).sum(axis=1)
    sectors = len(prepared.sectors)
    by_sector = pd.DataFrame(
        {
            "sector": prepared.sectors,
            "events": np.bincount(sector_of, weights=per_agency_events, minlength=sectors).astype(
                np.int64
            ),
            "cost": np.bincount(sector_of, weights=per_agency, minlength=sectors).round(0),
        }
    )
    names = prepared.cohort.agencies.set_index("agency")["name"].astype(str)
    used = np.flatnonzero(per_agency_events)
    order = used[np.argsort(-per_agency[used], kind="stable")][:top_agencies]
    by_agency = pd.DataFrame(
        {
            "agency": order.astype(np.int64),
            "name": names.reindex(order).fillna("").to_numpy(),
            "sector": [prepared.sectors[sector_of[a]] for a in order],
            "events": per_agency_events[order].astype(np.int64),
            "cost": per_agency[order].round(0),
        }
    )
    total = float(per_agency.sum())
    per_person = total / summary.people if summary.people else 0.0
    return CostSummary(
        total,
        per_person,
        total / summary.person_years if summary.person_years else 0.0,
        by_sector[by_sector["events"] > 0],
        by_agency,
    )
