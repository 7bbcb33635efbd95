"""The dates a journey may hold: 1900-01-01 to 2100-12-31, whatever the source.

Every date a person can send (events, notes, a reviewer's proposals) is a `Day`: a date outside
the range is refused with what to fix. A journey stored before the range was checked is still
read back (inside `stored_values()`), so that it can be shown without the date and fixed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
# True while a stored journey is read back: a date that got in before the range was checked is
# kept (and set aside for showing: timeline/stored_dates.py) instead of making it unreadable.
_STORED_VALUES: ContextVar[bool] = ContextVar("stored_values", default=False)


def date_range_problem(value: dt.date) -> str | None:
    """What is wrong with a date outside DATE_MIN..DATE_MAX, in words (None when it is inside)."""
    if DATE_MIN <= value <= DATE_MAX:
        return None
    return (
        f"{value.isoformat()} is outside {DATE_MIN.isoformat()} to {DATE_MAX.isoformat()}; "
        "check the year"
    )


@contextmanager
def stored_values() -> Iterator[None]:
    """Read stored journeys inside this block: dates outside the range are kept, not refused."""
    token = _STORED_VALUES.set(True)
    try:
        yield
    finally:
        _STORED_VALUES.reset(token)


def _in_range(value: dt.date) -> dt.date:
    problem = date_range_problem(value)
    if problem is not None and not _STORED_VALUES.get():
        raise ValueError(problem)
    return value


def _not_a_number(value: object) -> object:
    # pydantic would read a number as seconds since 1970 ("start": 0 is 1970-01-01); a person
    # writing a date never means that
    if isinstance(value, int | float):
        raise ValueError(f"{value!r} is a number, not a date; write dates as 2015-03-02")
    return value


# Every date a person can send: a journey's events and notes, and a reviewer's proposals.
Day = Annotated[dt.date, BeforeValidator(_not_a_number), AfterValidator(_in_range)]
