"""The explorer's rates (no dash): each chart's table gains the rate columns its comparison
draws, and its CSV withholds a rate wherever the count or group behind it is suppressed.

- people per 100 people in the group (`per_100_people`): the distributions, cycles, paths and
  needs combinations (over everyone the filter keeps), and repeat demand (over the people in
  the group that month, `group_people`);
- contacts per person-year (`per_person_year`): contacts by sector per month over the group's
  `person_years` in that month (a person counts only while in the group).

A single group's charts draw counts; a comparison draws these rates (groups differ in size).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.cohorts.explore import CohortFilter, select_people
from timeline.cohorts.prepared import PreparedCohort
from timeline.cohorts.rates import (
    DIGITS,
    GROUP_PEOPLE,
    PER_100_PEOPLE,
    PER_PEOPLE,
    PER_PERSON_YEAR,
    PERSON_YEARS,
    month_presence,
    rate_column,
)
from timeline.cohorts.suppress import suppress_series

PER_GROUP = ("events-per-person", "agencies-per-person", "cycles", "paths", "needs-combinations")
# each rate column, and the count column whose suppression withholds it (None: only its group's)
RATE_OF = {PER_100_PEOPLE: "people", PER_PERSON_YEAR: "events", PERSON_YEARS: None}
# what a comparison draws, in words: the unit stated beside each chart that compares
UNITS = {
    "events-per-person": "people per 100 people in each group",
    "agencies-per-person": "people per 100 people in each group",
    "cycles": "people with each rule per 100 people in each group",
    "paths": "people on each path per 100 people in each group (the bands' sizes are shares "
    "of each group either way)",
    "needs-combinations": "people with each combination, and with each need, per 100 people "
    "in each group",
    "sector-months": "contacts per person-year: a month's contacts divided by the years its "
    "people were in the group that month",
    "repeat-demand": "people with that many contacts per 100 people in the group that month",
}


def with_rates(
    chart: str,
    table: pd.DataFrame,
    prepared: PreparedCohort,
    chosen: CohortFilter,
    threshold: int,
) -> pd.DataFrame:
    """A chart's exact table with its rate columns added (NaN where the group they divide by
    is suppressed or empty); other charts' tables unchanged."""
    if chart in PER_GROUP:
        group = int(select_people(prepared, chosen).sum())
        rates = rate_column(table["people"], group, group, threshold, PER_PEOPLE)
        return table.assign(**{PER_100_PEOPLE: _rounded(rates, PER_100_PEOPLE)})
    if chart not in ("sector-months", "repeat-demand"):
        return table
    months = month_presence(prepared, chosen)
    where = {month: i for i, month in enumerate(prepared.months)}
    index = table["month"].map(lambda m: where.get(m, -1)).to_numpy(dtype=np.int64)
    known = index >= 0
    years = np.where(known, months.person_years[index.clip(0)], 0.0)
    people = np.where(known, months.people[index.clip(0)], 0)
    if chart == "repeat-demand":
        rates = rate_column(table["people"], people, people, threshold, PER_PEOPLE)
        return table.assign(
            **{GROUP_PEOPLE: people, PER_100_PEOPLE: _rounded(rates, PER_100_PEOPLE)}
        )
    hidden = (people == 0) | (people < threshold)
    rates = rate_column(table["events"], years, people, threshold)
    return table.assign(
        **{
            PERSON_YEARS: _rounded(np.where(hidden, np.nan, years), PERSON_YEARS),
            PER_PERSON_YEAR: _rounded(rates, PER_PERSON_YEAR),
        }
    )


def _rounded(values: np.ndarray, column: str) -> np.ndarray:
    return np.round(values, DIGITS[column])


def withhold_rates(table: pd.DataFrame, shown: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """`shown` (the table with its counts suppressed) with each rate "withheld" where its
    count is suppressed or its group was (NaN): rate x group would give the count back; and
    the group's people, a count, suppressed."""
    if GROUP_PEOPLE in table:
        shown[GROUP_PEOPLE] = suppress_series(table[GROUP_PEOPLE], threshold)
    for column, count in RATE_OF.items():
        if column not in table:
            continue
        hidden = table[column].isna().to_numpy().copy()
        if count is not None and count in table:
            counts = table[count].astype("int64").to_numpy()
            hidden |= (counts > 0) & (counts < threshold)
        shown[column] = shown[column].astype(object).where(~hidden, "withheld")
    return shown


def compare_unit(chart: str) -> str:
    """The sentence that says what a comparison draws for a chart ("" for none)."""
    if chart not in UNITS:
        return ""
    return (
        f"Compared as rates, since the groups differ in size: {UNITS[chart]}. Hover for the "
        "counts; the table has both."
    )
