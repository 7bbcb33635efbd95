"""Repeat demand: people with many contacts with one service in one calendar month.

The question Coventry's police asked of their own data (September 2016: 52 callers with five or
more calls made 419 of 7,030 incidents): per month and sector, how many people made `at_least`
contacts, and what share of the sector's contacts they made. Every event at an agency of a
sector is a contact with that sector (a police call-out, a custody record, a court date...).

Each (person, sector, month) is counted once, when the cohort is prepared (a sort of every
event, cached with the prepared arrays); after that a filter is a mask over those pairs and
each threshold one bincount, so editing the threshold or the filter stays quick. Nothing here
suppresses small numbers: the page does, as it does for every count it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timeline.cohorts.prepared import PreparedCohort

DEFAULT_AT_LEAST = (5, 10)  # the thresholds Coventry's analysis used
TABLE_COLUMNS = ("month", "sector", "at_least", "people", "their_contacts", "contacts", "share")


@dataclass(frozen=True, eq=False)
class ContactCounts:
    """Each (person, cell) with any contact, and how many: cell = sector * months + month."""

    person: np.ndarray  # int32
    cell: np.ndarray  # int32
    count: np.ndarray  # int32
    sectors: tuple[str, ...]
    months: tuple[str, ...]


def contact_counts(prepared: PreparedCohort) -> ContactCounts:
    """Contacts per (person, sector, month) of a prepared cohort (counted when it was
    prepared, and cached with it)."""
    return ContactCounts(
        prepared.contact_person,
        prepared.contact_cell,
        prepared.contact_count,
        prepared.sectors,
        prepared.months,
    )


def repeat_people(
    prepared: PreparedCohort, sector: str, month: str, at_least: int
) -> np.ndarray | None:
    """Whether each person made `at_least` contacts with `sector` in `month` (a mask over
    people); None when the cohort has no such sector or month."""
    if sector not in prepared.sectors or month not in prepared.months or at_least < 1:
        return None
    counts = contact_counts(prepared)
    cell = prepared.sectors.index(sector) * len(prepared.months) + prepared.months.index(month)
    hit = np.zeros(prepared.people, dtype=bool)
    hit[counts.person[(counts.cell == cell) & (counts.count >= at_least)]] = True
    return hit


def repeat_demand(
    counts: ContactCounts, chosen: np.ndarray | None, at_least: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cell: people with `at_least` contacts in it, their contacts, and everyone's
    contacts; `chosen` is a mask over people (None: everyone)."""
    if at_least < 1:
        raise ValueError(f"the threshold must be 1 or more contacts, not {at_least}")
    cells = len(counts.sectors) * len(counts.months)
    keep = slice(None) if chosen is None else chosen[counts.person]
    cell, count = counts.cell[keep], counts.count[keep]
    repeat = count >= at_least
    people = np.bincount(cell[repeat], minlength=cells)
    theirs = np.bincount(cell[repeat], weights=count[repeat], minlength=cells)
    everyone = np.bincount(cell, weights=count, minlength=cells)
    return people, theirs.astype(np.int64), everyone.astype(np.int64)


def repeat_demand_table(
    counts: ContactCounts,
    chosen: np.ndarray | None = None,
    thresholds: tuple[int, ...] = DEFAULT_AT_LEAST,
) -> pd.DataFrame:
    """TABLE_COLUMNS for every month and sector with any contact, one row per threshold:
    people with at least that many contacts, the contacts they made, all contacts, and
    their share of them (0 to 1)."""
    months = len(counts.months)
    parts = []
    for at_least in thresholds:
        people, theirs, everyone = repeat_demand(counts, chosen, at_least)
        seen = np.flatnonzero(everyone > 0)
        parts.append(
            pd.DataFrame(
                {
                    "cell": seen,
                    "month": np.asarray(counts.months, dtype=object)[seen % months],
                    "sector": np.asarray(counts.sectors, dtype=object)[seen // months],
                    "at_least": at_least,
                    "people": people[seen],
                    "their_contacts": theirs[seen],
                    "contacts": everyone[seen],
                    "share": theirs[seen] / everyone[seen],
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=list(TABLE_COLUMNS))
    table = pd.concat(parts, ignore_index=True)  # by sector, month, then threshold
    table = table.sort_values(["cell", "at_least"], kind="stable", ignore_index=True)
    return table[list(TABLE_COLUMNS)]


def busiest_month(table: pd.DataFrame, sector: str, at_least: int) -> pd.Series | None:
    """The row of `sector` and threshold with the most repeat contacters (the earliest month
    on a tie), or None when the sector has no contacts."""
    rows = table[(table["sector"] == sector) & (table["at_least"] == at_least)]
    if rows.empty:
        return None
    return rows.sort_values(["people", "month"], ascending=[False, True]).iloc[0]
