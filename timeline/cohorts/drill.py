"""Drill-down: the synthetic people behind one bar, point or path of an explorer chart, and
which of their attributes one list may show without letting anyone count a small group."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from timeline.cohorts.explore import CohortFilter, select_people
from timeline.cohorts.prepared import (
    AGENCY_BIN_EDGES,
    EVENT_BIN_EDGES,
    PreparedCohort,
    bin_labels,
)
from timeline.cohorts.repeat_demand import repeat_people
from timeline.cohorts.suppress import (
    ColumnChoice,
    choose_safe_columns,
    is_suppressed,
    suppress_frame,
)
from timeline.cohorts.wards import ward_people
from timeline.cycles import RULES_BY_ID

CHARTS = (
    "sector",
    "sector-month",
    "events-bin",
    "agencies-bin",
    "rule",
    "path",
    "repeat-month",
    "ward",
)
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
# the attribute columns, most wanted first: a tie when one must go leaves out the last
ATTRIBUTE_COLUMNS = DRILL_COLUMNS[2:]
PAGE_ROWS = 100  # rows a list shows on the page; its CSV has everyone
PATH_SEPARATOR = " > "


@dataclass(frozen=True)
class Selection:
    """One mark of one chart: chart is one of CHARTS; key names the mark (a sector, a
    "sector|YYYY-MM" month, a bin label, a rule id, a path "Housing > Police", or for
    repeat demand "sector|YYYY-MM|N": N or more contacts with the sector that month)."""

    chart: str
    key: str

    def describe(self) -> str:
        """The mark in words, for the drill-down heading."""
        if self.chart == "sector-month":
            sector, _, month = self.key.partition("|")
            return f"people with a {sector} contact in {month}"
        if self.chart == "repeat-month":
            sector, month, at_least = repeat_key(self.key)
            return f"people with {at_least} or more {sector} contacts in {month}"
        return {
            "sector": f"people in contact with {self.key}",
            "events-bin": f"people with {self.key} events",
            "agencies-bin": f"people in contact with {self.key} agencies",
            "rule": f"people with a finding of the rule '{_rule_label(self.key)}'",
            "path": f"people whose path starts {self.key}",
            "ward": f"people living in {self.key}",
        }.get(self.chart, self.key)


def repeat_key(key: str) -> tuple[str, str, int]:
    """(sector, month, at least) of a "sector|YYYY-MM|N" key (at least 0 when unreadable)."""
    sector, _, rest = key.partition("|")
    month, _, at_least = rest.partition("|")
    return sector, month, int(at_least) if at_least.isdigit() else 0


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
    elif mark.chart == "repeat-month":
        found = repeat_people(prepared, *repeat_key(mark.key))
        if found is None:
            return none
        hit = found
    elif mark.chart == "ward":
        found = ward_people(prepared, mark.key)
        if found is None:
            return none
        hit = found
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


@dataclass(frozen=True, eq=False)
class PeopleList:
    """Everyone behind a mark under a filter, and the attribute columns their list may show;
    nobody is listed when the group has 1..threshold-1 people."""

    prepared: PreparedCohort
    people: np.ndarray  # sorted person ids
    columns: ColumnChoice
    threshold: int

    @property
    def listed(self) -> bool:
        """True when the group is large enough to list anyone."""
        return len(self.people) > 0 and not is_suppressed(len(self.people), self.threshold)

    def rows(self, limit: int | None = None) -> pd.DataFrame:
        """The first `limit` people (None: everyone) as they may be shown: id, pseudonym and the
        kept attribute columns, per-person counts of 1..threshold-1 as "<threshold"."""
        if not self.listed:
            return pd.DataFrame(columns=list(DRILL_COLUMNS[:2]))
        table = drill_down_table(self.prepared, self.people, limit)
        shown = suppress_frame(table, DRILL_COUNT_COLUMNS, self.threshold)
        return shown[[*DRILL_COLUMNS[:2], *self.columns.kept]]


@lru_cache(maxsize=2)  # as many as the catalog keeps prepared
def _attribute_codes(prepared: PreparedCohort) -> dict[str, np.ndarray]:
    """Per person (index = id): a number per distinct needs, age band and gender text, so that
    equal numbers mean equal shown values."""
    table = prepared.cohort.people.set_index("person").reindex(np.arange(prepared.people))
    return {
        column: pd.factorize(table[column].fillna("").astype(str))[0].astype(np.int64)
        for column in ("needs", "age_band", "gender")
    }


def clear_drill_cache() -> None:
    """Forget the per-cohort attribute numbers (the bench's cold runs; tests)."""
    _attribute_codes.cache_clear()


def _shown_codes(prepared: PreparedCohort, people: np.ndarray, threshold: int) -> pd.DataFrame:
    """The attribute columns of a list as numbers, equal exactly when the shown values are equal
    (a per-person count of 1..threshold-1 is shown as "<threshold", so all of them are one)."""
    codes = {c: values[people] for c, values in _attribute_codes(prepared).items()}
    for column, values in (
        ("events", prepared.events_per_person),
        ("agencies", prepared.agencies_per_person),
        ("cycles", prepared.cycles_per_person),
    ):
        counts = values[people].astype(np.int64)
        codes[column] = np.where((counts > 0) & (counts < threshold), -1, counts)
    return pd.DataFrame(codes, columns=list(ATTRIBUTE_COLUMNS))


def list_people(
    prepared: PreparedCohort, chosen: CohortFilter, mark: Selection, threshold: int
) -> PeopleList:
    """The people behind a mark, with the attribute columns the whole list may show (see
    choose_safe_columns). The page shows its first PAGE_ROWS rows with the same columns, so each
    row's values are shared by at least `threshold` people of the list (some perhaps beyond the
    page, in its CSV); counts within those first rows are of no group the explorer shows."""
    people = select_behind(prepared, chosen, mark)
    if len(people) == 0 or is_suppressed(len(people), threshold):
        return PeopleList(prepared, people, ColumnChoice((), ()), threshold)
    choice = choose_safe_columns(
        _shown_codes(prepared, people, threshold), ATTRIBUTE_COLUMNS, threshold
    )
    return PeopleList(prepared, people, choice, threshold)


def refuse_person(listing: PeopleList, person: int, threshold: int) -> str:
    """Why a person's page may not be shown from this list, in plain words ("" when it may):
    only someone on a list of `threshold` or more people is shown."""
    if not listing.listed:
        return (
            f"This list has fewer than {threshold} people, so nobody on it is shown: a page "
            "about one of so few people could single them out."
        )
    if not np.isin(person, listing.people).item():
        return "This person is not on the list named in the address."
    return ""
