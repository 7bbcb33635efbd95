"""Rates for comparing groups of different sizes: people per 100 people in the group, and
contacts per person-year in the group (a person counts only while in the group).

A rate is withheld wherever the count it is made of is suppressed (1 to threshold - 1), and
wherever the number of people it is divided by is: rate x group size would give the count back,
and count / rate the group's size. Figures draw a withheld rate where the placeholder count
(timeline.cohorts.suppress.placeholder_height, never a whole number) would stand, so neither the
count nor the rate is in the figure's data. Nothing here knows about pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from timeline.cohorts.explore import CACHE_SIZE, CohortFilter, select_people
from timeline.cohorts.prepared import PreparedCohort
from timeline.cohorts.presence import DAYS_PER_YEAR, cohort_window, presence
from timeline.cohorts.suppress import is_suppressed, placeholder_height

PER_PEOPLE = 100  # people per 100 people in the group
PER_100_PEOPLE = "per_100_people"  # table columns
PER_PERSON_YEAR = "per_person_year"
PERSON_YEARS = "person_years"
GROUP_PEOPLE = "group_people"
DIGITS = {PER_100_PEOPLE: 2, PER_PERSON_YEAR: 3, PERSON_YEARS: 2}


@dataclass(frozen=True)
class MonthPresence:
    """Per month of a cohort (prepared.months): the group's years in it, and its people."""

    person_years: np.ndarray  # float64: days present in the month / 365.25, summed
    people: np.ndarray  # int64: people present on at least one day of the month


@lru_cache(maxsize=2)  # as many as the catalog keeps prepared
def _days(prepared: PreparedCohort) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Each person's first and last day in the group as day numbers of the window (person
    order; -1 for nobody's days), and each month's first and last day number."""
    cohort = prepared.cohort
    window = cohort_window(cohort)
    entered, left = presence(cohort, window)
    order = np.argsort(cohort.people["person"].to_numpy(), kind="stable")
    first = ((entered - window[0]) / np.timedelta64(1, "D")).astype(np.int64)[order]
    last = ((left - window[0]) / np.timedelta64(1, "D")).astype(np.int64)[order]
    never = last < first
    first[never], last[never] = -1, -1
    days = int((window[1] - window[0]) / np.timedelta64(1, "D")) + 1
    months = np.asarray(prepared.months or ("2000-01",), dtype="datetime64[M]")
    starts = (months.astype("datetime64[D]") - window[0]) / np.timedelta64(1, "D")
    ends = ((months + 1).astype("datetime64[D]") - window[0]) / np.timedelta64(1, "D") - 1
    return first, last, starts.astype(np.int64), ends.astype(np.int64), days


@lru_cache(maxsize=CACHE_SIZE)
def month_presence(prepared: PreparedCohort, chosen: CohortFilter) -> MonthPresence:
    """The people a filter keeps, month by month: their person-time and how many were in the
    group (one pass over the kept people, then a cumulative sum over the window's days)."""
    first, last, starts, ends, days = _days(prepared)
    mask = select_people(prepared, chosen) & (first >= 0)
    came = np.bincount(first[mask], minlength=days + 1)
    went = np.bincount(last[mask] + 1, minlength=days + 1)
    present = np.cumsum(came - went)[:days]  # people in the group on each day of the window
    person_days = np.r_[0, np.cumsum(present)]
    arrived, departed = np.r_[0, np.cumsum(came)], np.r_[0, np.cumsum(went)]
    low, high = starts.clip(0, days), (ends + 1).clip(0, days)  # [low, high) within the window
    years = (person_days[high] - person_days[low]) / DAYS_PER_YEAR
    # in the group on some day of the month: arrived by its last day, not gone before its first
    people = np.where(high > low, arrived[high] - departed[low + 1], 0)
    return MonthPresence(years[: len(prepared.months)], people[: len(prepared.months)])


def rate_column(
    counts: pd.Series | np.ndarray,
    bases: pd.Series | np.ndarray | float,
    base_people: pd.Series | np.ndarray | int,
    threshold: int,
    per: float = 1.0,
) -> np.ndarray:
    """counts / bases x per, exact; NaN where nobody is in the base or its people are
    suppressed (so that the rate cannot give the group's size back). A suppressed count's
    rate is left here: the table withholds it with its count."""
    count = np.asarray(counts, dtype=np.float64)
    base = np.broadcast_to(np.asarray(bases, dtype=np.float64), count.shape)
    people = np.broadcast_to(np.asarray(base_people, dtype=np.int64), count.shape)
    hidden = (people == 0) | (base <= 0) | ((people > 0) & (people < threshold))
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = count / np.where(hidden, 1.0, base) * per
    return np.where(hidden, np.nan, rates)


def rate_text(rate: float) -> str:
    """A rate for people to read: "12.3", "0.42", "1,234"; "0" for none."""
    if rate == 0:
        return "0"
    if rate >= 100:
        return f"{rate:,.0f}"
    if rate >= 1:
        return f"{rate:.1f}"
    return f"{rate:.2g}"


@dataclass(frozen=True)
class RateValues:
    """What a trace of rates may carry: heights, short labels and hover texts, none of them
    a rate of a suppressed count."""

    heights: list[float]  # where the placeholder count would stand, for a withheld rate
    labels: list[str]  # "12.3" or "withheld"
    hovers: list[str]  # "12.3 per 100 people" or "rate withheld"
    withheld: list[bool]


def rate_values(
    counts: Sequence[int] | np.ndarray,
    rates: Sequence[float] | np.ndarray,
    threshold: int,
    unit: str,
) -> RateValues:
    """Heights, labels and hovers of one trace of rates (`rates` as rate_column gives them,
    NaN where the group is too small to divide by); `unit` follows the number in hovers."""
    heights: list[float] = []
    labels: list[str] = []
    hovers: list[str] = []
    flags: list[bool] = []
    stand_in = placeholder_height(threshold)
    for count, rate in zip(
        np.asarray(counts, dtype=np.int64).tolist(),
        np.asarray(rates, dtype=np.float64).tolist(),
        strict=True,
    ):
        if np.isnan(rate):
            heights.append(0.0)
        elif is_suppressed(count, threshold):
            heights.append(round(rate * stand_in / count, 6))  # stand_in people's rate
        else:
            heights.append(round(rate, 6))
        shown = not np.isnan(rate) and not is_suppressed(count, threshold)
        labels.append(rate_text(rate) if shown else "withheld")
        hovers.append(f"{rate_text(rate)} {unit}" if shown else "rate withheld")
        flags.append(not shown)
    return RateValues(heights, labels, hovers, flags)
