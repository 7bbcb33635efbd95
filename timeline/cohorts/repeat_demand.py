"""Repeat demand: people with many contacts with one service in one calendar month.

The question Coventry's police asked of their own data (September 2016: 52 callers with five or
more calls made 419 of 7,030 incidents): per month and sector, how many people made `at_least`
contacts, and what share of the sector's contacts they made. Every event at an agency of a
sector is a contact with that sector (a police call-out, a custody record, a court date...).

Each (person, sector, month) with REPEAT_FROM or more contacts is found once, when the cohort is
prepared (a sort of every event, cached with the prepared arrays: PreparedCohort.repeat_*); all
contacts per sector and month are the filter's summary's own. So a filter or a threshold is a
mask over those few pairs and two bincounts. Nothing here suppresses small numbers: the page
does, as it does for every count it shows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.cohorts.explore import CohortFilter, select_people, summarise_cohort
from timeline.cohorts.prepared import KINDS, REPEAT_FROM, PreparedCohort

DEFAULT_AT_LEAST = (5, 10)  # the thresholds Coventry's analysis used
TABLE_COLUMNS = ("month", "sector", "at_least", "people", "their_contacts", "contacts", "share")


def _check(at_least: int) -> None:
    if at_least < REPEAT_FROM:
        raise ValueError(
            f"the threshold must be {REPEAT_FROM} or more contacts (a repeat), not {at_least}"
        )


def repeat_people(
    prepared: PreparedCohort, sector: str, month: str, at_least: int
) -> np.ndarray | None:
    """Whether each person made `at_least` contacts with `sector` in `month` (a mask over
    people); None when the cohort has no such sector or month, or the number is too small."""
    if sector not in prepared.sectors or month not in prepared.months or at_least < REPEAT_FROM:
        return None
    cell = prepared.sectors.index(sector) * len(prepared.months) + prepared.months.index(month)
    hit = np.zeros(prepared.people, dtype=bool)
    found = (prepared.repeat_cell == cell) & (prepared.repeat_count >= at_least)
    hit[prepared.repeat_person[found]] = True
    return hit


def repeat_demand(
    prepared: PreparedCohort, chosen: CohortFilter, at_least: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cell (sector * months + month): people the filter keeps with `at_least` contacts
    in it, their contacts, and everyone's contacts."""
    _check(at_least)
    cells = len(prepared.sectors) * max(len(prepared.months), 1)
    mask = select_people(prepared, chosen)
    keep = mask[prepared.repeat_person] & (prepared.repeat_count >= at_least)
    cell, count = prepared.repeat_cell[keep], prepared.repeat_count[keep]
    people = np.bincount(cell, minlength=cells)
    theirs = np.bincount(cell, weights=count, minlength=cells).astype(np.int64)
    everyone = summarise_cohort(prepared, chosen).sector_months.ravel().astype(np.int64)
    return people, theirs, everyone


def repeat_demand_table(
    prepared: PreparedCohort,
    chosen: CohortFilter | None = None,
    thresholds: tuple[int, ...] = DEFAULT_AT_LEAST,
) -> pd.DataFrame:
    """TABLE_COLUMNS for every month and sector with any contact, one row per threshold:
    people with at least that many contacts, the contacts they made, all contacts, and
    their share of them (0 to 1)."""
    chosen = CohortFilter() if chosen is None else chosen
    months = max(len(prepared.months), 1)
    parts = []
    for at_least in thresholds:
        people, theirs, everyone = repeat_demand(prepared, chosen, at_least)
        seen = np.flatnonzero(everyone > 0)
        parts.append(
            pd.DataFrame(
                {
                    "cell": seen,
                    "month": np.asarray(prepared.months, dtype=object)[seen % months],
                    "sector": np.asarray(prepared.sectors, dtype=object)[seen // months],
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


def busiest_month(table: pd.DataFrame, sector: str | None, at_least: int) -> pd.Series | None:
    """The row of `sector` (None: any sector) and threshold with the most repeat contacters
    (the earliest month on a tie), or None when there are no contacts."""
    rows = table[table["at_least"] == at_least]
    if sector is not None:
        rows = rows[rows["sector"] == sector]
    if rows.empty:
        return None
    return rows.sort_values(["people", "month"], ascending=[False, True]).iloc[0]


AGENCY_COLUMNS = ("agency", "people", "their_contacts", "contacts", "share")


def repeat_by_agency(
    prepared: PreparedCohort, chosen: CohortFilter, sector: str, month: str, at_least: int
) -> pd.DataFrame:
    """AGENCY_COLUMNS for each agency of `sector` with a contact in `month` (a clicked point of
    the repeat-demand chart): people the filter keeps with `at_least` contacts with that agency
    that month, the contacts they made there, everyone's contacts there, and their share. Most
    repeat contacters first. Empty when the sector or month is unknown."""
    _check(at_least)
    if sector not in prepared.sectors or month not in prepared.months:
        return pd.DataFrame(columns=list(AGENCY_COLUMNS))
    cell = prepared.sectors.index(sector) * len(prepared.months) + prepared.months.index(month)
    mask = select_people(prepared, chosen)
    rows = np.flatnonzero(prepared.event_cell == cell)
    rows = rows[mask[prepared.event_person[rows]]]
    agency = prepared.event_agency_kind[rows] // len(KINDS)
    pair, count = np.unique(
        prepared.event_person[rows].astype(np.int64) * (int(agency.max(initial=0)) + 1) + agency,
        return_counts=True,
    )
    pair_agency = pair % (int(agency.max(initial=0)) + 1)
    repeat = count >= at_least
    agencies, contacts = np.unique(agency, return_counts=True)
    where = np.searchsorted(agencies, pair_agency[repeat])
    people = np.bincount(where, minlength=len(agencies))
    theirs = np.bincount(where, weights=count[repeat], minlength=len(agencies)).astype(np.int64)
    names = prepared.cohort.agencies.set_index("agency")["name"].reindex(agencies)
    table = pd.DataFrame(
        {
            "agency": names.fillna("").astype(str).to_numpy(),
            "people": people,
            "their_contacts": theirs,
            "contacts": contacts.astype(np.int64),
            "share": theirs / np.maximum(contacts, 1),
        },
        columns=list(AGENCY_COLUMNS),
    )
    return table.sort_values(
        ["people", "contacts", "agency"], ascending=[False, False, True], ignore_index=True
    )
