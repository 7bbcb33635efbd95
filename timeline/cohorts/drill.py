"""Drill-down: the synthetic people behind one bar, point or path of an explorer chart."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timeline.cohorts.explore import CohortFilter, select_people
from timeline.cohorts.prepared import (
    AGENCY_BIN_EDGES,
    EVENT_BIN_EDGES,
    PreparedCohort,
    bin_labels,
)
from timeline.cycles import RULES_BY_ID

CHARTS = ("sector", "sector-month", "events-bin", "agencies-bin", "rule", "path")
DRILL_COLUMNS = (
    "person",
    "pseudonym",
    "needs",
    "age_band",
    "gender",
    "events",
    "agencies",
    "cycles",
)
DRILL_COUNT_COLUMNS = ("events", "agencies", "cycles")
PATH_SEPARATOR = " > "


@dataclass(frozen=True)
class Selection:
    """One mark of one chart: chart is one of CHARTS; key names the mark (a sector, a
    "sector|YYYY-MM" month, a bin label, a rule id, or a path "Housing > Police")."""

    chart: str
    key: str

    def describe(self) -> str:
        """The mark in words, for the drill-down heading."""
        if self.chart == "sector-month":
            sector, _, month = self.key.partition("|")
            return f"people with a {sector} contact in {month}"
        return {
            "sector": f"people in contact with {self.key}",
            "events-bin": f"people with {self.key} events",
            "agencies-bin": f"people in contact with {self.key} agencies",
            "rule": f"people with a finding of the rule '{_rule_label(self.key)}'",
            "path": f"people whose path starts {self.key}",
        }.get(self.chart, self.key)


def _rule_label(rule: str) -> str:
    return RULES_BY_ID[rule].label if rule in RULES_BY_ID else rule.replace("_", " ")


def _with_events(prepared: PreparedCohort, rows: np.ndarray) -> np.ndarray:
    hit = np.zeros(prepared.people, dtype=bool)
    hit[prepared.event_person[rows]] = True
    return hit


def select_behind(prepared: PreparedCohort, chosen: CohortFilter, mark: Selection) -> np.ndarray:
    """Sorted person ids the filter keeps who are counted in the mark (empty if unknown)."""
    mask = select_people(prepared, chosen)
    none = np.zeros(0, dtype=np.int64)
    if mark.chart == "sector" and mark.key in prepared.sectors:
        code = prepared.sectors.index(mark.key)
        hit = _with_events(prepared, prepared.event_sector == code)
    elif mark.chart == "sector-month":
        sector, _, month = mark.key.partition("|")
        if sector not in prepared.sectors or month not in prepared.months:
            return none
        rows = (prepared.event_sector == prepared.sectors.index(sector)) & (
            prepared.event_month == prepared.months.index(month)
        )
        hit = _with_events(prepared, rows)
    elif mark.chart in {"events-bin", "agencies-bin"}:
        edges = EVENT_BIN_EDGES if mark.chart == "events-bin" else AGENCY_BIN_EDGES
        labels = bin_labels(edges)
        if mark.key not in labels:
            return none
        codes = prepared.events_bin if mark.chart == "events-bin" else prepared.agencies_bin
        hit = codes == labels.index(mark.key)
    elif mark.chart == "rule" and mark.key in prepared.rules:
        hit = np.zeros(prepared.people, dtype=bool)
        hit[prepared.cycle_person[prepared.cycle_rule == prepared.rules.index(mark.key)]] = True
    elif mark.chart == "path":
        sectors = tuple(mark.key.split(PATH_SEPARATOR))
        if not 0 < len(sectors) <= prepared.path_codes.shape[1] or not set(sectors) <= set(
            prepared.sectors
        ):
            return none
        hit = prepared.path_codes[:, len(sectors) - 1] == prepared.path_code(sectors)
    else:
        return none
    return np.flatnonzero(mask & hit)


def drill_down_table(
    prepared: PreparedCohort, people: np.ndarray, limit: int | None = 100
) -> pd.DataFrame:
    """One row per person (the first `limit`): id, pseudonym, needs, age, gender and totals."""
    chosen = np.asarray(people[:limit] if limit is not None else people, dtype=np.int64)
    table = prepared.cohort.people.set_index("person").reindex(chosen)
    return pd.DataFrame(
        {
            "person": chosen,
            "pseudonym": table["pseudonym"].astype(str).to_numpy(),
            "needs": table["needs"].fillna("").astype(str).str.replace("+", ", ").to_numpy(),
            "age_band": table["age_band"].astype(str).to_numpy(),
            "gender": table["gender"].astype(str).to_numpy(),
            "events": prepared.events_per_person[chosen].astype(np.int64),
            "agencies": prepared.agencies_per_person[chosen].astype(np.int64),
            "cycles": prepared.cycles_per_person[chosen].astype(np.int64),
        },
        columns=list(DRILL_COLUMNS),
    )
