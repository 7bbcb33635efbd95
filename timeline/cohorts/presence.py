"""When each person of a cohort was in the group: the window counted and each person's days in
it, shared by the explorer's cost per person-year and the calibration figures."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from timeline.cohorts.tables import Cohort

DAY = np.timedelta64(1, "D")
DAYS_PER_YEAR = 365.25


def as_day(value: object) -> np.datetime64 | None:
    """A date-like value as a day, None for none."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, dt.datetime | dt.date | np.datetime64 | pd.Timestamp | str):
        found = np.datetime64(value, "D")
        return None if np.isnat(found) else found
    return None


def cohort_window(cohort: Cohort) -> tuple[np.datetime64, np.datetime64]:
    """First and last day counted: the cohort's own window when it records one; else from the
    first event (or entry) to the last exit or the day by which 99% of events have started (a
    few pathway tails of cohorts made before windows run past the generator's horizon)."""
    info = cohort.info
    low = as_day(getattr(info, "window_from", None))
    high = as_day(getattr(info, "window_to", None))
    if low is not None and high is not None:  # nothing to read from the events (50 M at 1 M)
        return low, high
    starts = cohort.events["start"].to_numpy().astype("datetime64[D]")
    first = starts.min() if len(starts) else np.datetime64("2000-01-01")
    last = (
        np.percentile(starts.astype(np.int64), 99, method="lower").astype("datetime64[D]")
        if len(starts)
        else first
    )
    people = cohort.people
    if {"entered", "left"} <= set(people.columns):
        entered = people["entered"].to_numpy().astype("datetime64[D]")
        left = people["left"].to_numpy().astype("datetime64[D]")
        if (~np.isnat(entered)).any():
            first = entered[~np.isnat(entered)].min()
        if (~np.isnat(left)).any():
            last = max(last, left[~np.isnat(left)].max())
    return (first if low is None else low, last if high is None else high)


def presence(
    cohort: Cohort, window: tuple[np.datetime64, np.datetime64]
) -> tuple[np.ndarray, np.ndarray]:
    """Each person's first and last day present, clipped to `window` (in person order)."""
    low, high = window
    people = cohort.people
    if {"entered", "left"} <= set(people.columns):
        entered = people["entered"].to_numpy().astype("datetime64[D]")
        left = people["left"].to_numpy().astype("datetime64[D]")
        entered = np.where(np.isnat(entered), low, entered)
        left = np.where(np.isnat(left), high, left)
        return np.clip(entered, low, high), np.clip(left, low, high)
    size = len(people)
    return np.full(size, low), np.full(size, high)


def years_present(
    cohort: Cohort, window: tuple[np.datetime64, np.datetime64] | None = None
) -> np.ndarray:
    """Each person's years in the group within the window (the cohort's own by default)."""
    entered, left = presence(cohort, cohort_window(cohort) if window is None else window)
    return ((left - entered) / DAY + 1).clip(min=0) / DAYS_PER_YEAR
