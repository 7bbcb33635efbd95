"""A cohort's events as one table: a row per (person, event), with day-ordinal date bounds.

The bounds are those of timing.date_bounds, computed for whole columns at once: a month date
spans its month, a year date its year, an approximate date `approximate_days` either side.
Rows are sorted by person, then earliest start, then file order, as timing.timed_events sorts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from schemas import DatePrecision, EventKind, Journey
from timeline.cycles.timing import DEFAULT_APPROXIMATE_DAYS

KIND_CATEGORIES: tuple[str, ...] = tuple(kind.value for kind in EventKind)
PRECISION_CATEGORIES: tuple[str, ...] = tuple(p.value for p in DatePrecision)
FRAME_COLUMNS: tuple[str, ...] = (
    "person",
    "event_id",
    "kind",
    "agency",
    "s0",
    "s1",
    "e0",
    "e1",
    "position",
    "has_end",
)
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_MONTH = PRECISION_CATEGORIES.index(DatePrecision.MONTH.value)
_YEAR = PRECISION_CATEGORIES.index(DatePrecision.YEAR.value)
_APPROXIMATE = PRECISION_CATEGORIES.index(DatePrecision.APPROXIMATE.value)


def events_frame(
    journeys: Iterable[Journey], approximate_days: int = DEFAULT_APPROXIMATE_DAYS
) -> pd.DataFrame:
    """One row per (person, event) of the journeys; person is "journey key/pseudonym"."""
    person: list[str] = []
    event_id: list[str] = []
    kind: list[str] = []
    agency: list[str] = []
    start: list[int] = []
    end: list[int] = []
    precision: list[str] = []
    position: list[int] = []
    keys: set[str] = set()
    for journey in journeys:
        if journey.key in keys:
            raise ValueError(f"journey key {journey.key!r} appears more than once in the cohort")
        keys.add(journey.key)
        for index, event in enumerate(journey.events):
            for name in event.people:
                person.append(f"{journey.key}/{name}")
                event_id.append(event.id)
                kind.append(event.kind.value)
                agency.append(event.agency)
                start.append(event.start.toordinal())
                end.append(event.end.toordinal() if event.end is not None else 0)
                precision.append(event.date_precision.value)
                position.append(index)
    people = pd.Categorical(person, categories=list(dict.fromkeys(person)))
    return events_frame_from_columns(
        person=people,
        event_id=np.array(event_id, dtype=object),
        kind=kind,
        agency=agency,
        start=np.array(start, dtype=np.int64),
        end=np.array(end, dtype=np.int64),
        precision=precision,
        position=np.array(position, dtype=np.int64),
        approximate_days=approximate_days,
    )


def events_frame_from_columns(
    *,
    person: Any,
    event_id: Any,
    kind: Any,
    agency: Any,
    start: Any,
    end: Any = None,
    precision: Any = None,
    position: Any = None,
    approximate_days: int = DEFAULT_APPROXIMATE_DAYS,
) -> pd.DataFrame:
    """The cohort frame from plain columns (no pydantic objects), for large generated cohorts.

    `start` and `end` are datetime64 values or integer day ordinals; an end of NaT, or an
    ordinal of 0 or less, means no end. `kind` and `precision` hold their vocabulary values
    (or category codes); `position` is file order and defaults to row order.
    """
    person_cat = person if isinstance(person, pd.Categorical) else pd.Categorical(person)
    size = len(person_cat)
    kind_cat = _vocabulary(kind, KIND_CATEGORIES, "kind", size)
    precision_codes = (
        np.zeros(size, dtype=np.int8)
        if precision is None
        else _vocabulary(precision, PRECISION_CATEGORIES, "date precision", size).codes
    )
    agency_cat = agency if isinstance(agency, pd.Categorical) else pd.Categorical(agency)
    start_days = _ordinals(start, size)
    if (start_days <= 0).any():
        raise ValueError("every event needs a start date")
    end_days = np.zeros(size, dtype=np.int64) if end is None else _ordinals(end, size)
    has_end = end_days > 0
    s0, s1 = _bounds(start_days, precision_codes, approximate_days)
    e0, e1 = _bounds(np.where(has_end, end_days, start_days), precision_codes, approximate_days)
    if (has_end & (end_days < start_days)).any():
        raise ValueError("an event ends before it starts")
    if position is None:
        position = np.arange(size, dtype=np.int64)
    position = np.asarray(position, dtype=np.int64)
    order = sort_order(person_cat.codes.astype(np.int64), s0, position)
    return pd.DataFrame(
        {
            "person": person_cat.take(order),
            "event_id": pd.array(np.asarray(event_id)[order]),
            "kind": kind_cat.take(order),
            "agency": agency_cat.take(order),
            "s0": s0[order],
            "s1": s1[order],
            "e0": e0[order],
            "e1": e1[order],
            "position": position[order],
            "has_end": has_end[order],
        },
        copy=False,  # the columns are fresh arrays: no need to copy them into one block
    )


def sort_order(person: np.ndarray, s0: np.ndarray, position: np.ndarray) -> np.ndarray:
    """The row order by person, then earliest start, then file order (as timed_events sorts)."""
    if len(person) == 0:
        return np.zeros(0, dtype=np.int64)
    days = s0 - s0.min()
    width, depth = int(days.max()) + 1, int(position.max()) - int(position.min()) + 1
    if np.all(position[1:] >= position[:-1]):  # file order is row order: a stable sort keeps it
        return np.argsort(person * width + days, kind="stable")
    if (int(person.max()) + 1) * width * depth < 2**62:
        return np.argsort((person * width + days) * depth + (position - position.min()))
    return np.lexsort((position, s0, person))


def _vocabulary(values: Any, categories: tuple[str, ...], what: str, size: int) -> pd.Categorical:
    """Values of a controlled vocabulary as a categorical over exactly `categories`."""
    known = pd.Index(list(categories))
    if isinstance(values, pd.Categorical):
        mapping = known.get_indexer([str(c) for c in values.categories])
        codes = np.where(values.codes >= 0, np.append(mapping, -1)[values.codes], -1)
        raw = np.asarray(values, dtype=object)
    else:
        raw = np.asarray(values)
        if np.issubdtype(raw.dtype, np.integer):
            codes = np.where((raw >= 0) & (raw < len(categories)), raw, -1)
        else:
            codes = known.get_indexer(raw.astype(str))
    if len(codes) != size:
        raise ValueError(f"{what} has {len(codes)} values for {size} rows")
    if (codes < 0).any():
        unknown = ", ".join(sorted({repr(v) for v in raw[codes < 0].tolist()})[:5])
        raise ValueError(f"unknown {what} {unknown}; expected one of {', '.join(categories)}")
    return pd.Categorical.from_codes(codes, categories=known)


def _ordinals(values: Any, size: int) -> np.ndarray:
    """Day ordinals (0 for a missing date) from ordinals, dates or datetime64 values."""
    array = np.asarray(values)
    if len(array) != size:
        raise ValueError(f"a date column has {len(array)} values for {size} rows")
    if np.issubdtype(array.dtype, np.integer):
        return array.astype(np.int64)
    days = array.astype("datetime64[D]")
    missing = np.isnat(days)
    return np.where(missing, 0, days.astype(np.int64) + _EPOCH_ORDINAL)


def _bounds(
    ordinals: np.ndarray, precision: np.ndarray, approximate_days: int
) -> tuple[np.ndarray, np.ndarray]:
    """Earliest and latest day each date can mean, as timing.date_bounds computes them."""
    low = ordinals.copy()
    high = ordinals.copy()
    coarse = (precision == _MONTH) | (precision == _YEAR)
    if coarse.any():
        days = (ordinals[coarse] - _EPOCH_ORDINAL).astype("datetime64[D]")
        is_month = precision[coarse] == _MONTH
        month = days.astype("datetime64[M]")
        year = days.astype("datetime64[Y]")
        first = np.where(is_month, month.astype("datetime64[D]"), year.astype("datetime64[D]"))
        after = np.where(
            is_month, (month + 1).astype("datetime64[D]"), (year + 1).astype("datetime64[D]")
        )
        low[coarse] = first.astype(np.int64) + _EPOCH_ORDINAL
        high[coarse] = after.astype(np.int64) + _EPOCH_ORDINAL - 1
    approximate = precision == _APPROXIMATE
    low[approximate] -= approximate_days
    high[approximate] += approximate_days
    return low, high
