"""Read the date forms the file format allows; ambiguous or impossible dates are errors."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

from schemas import DATE_MAX, DATE_MIN, DatePrecision, date_range_problem

_ORDER = {
    DatePrecision.DAY: 0,
    DatePrecision.APPROXIMATE: 1,
    DatePrecision.MONTH: 2,
    DatePrecision.YEAR: 3,
}
_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_abbr[number], calendar.month_name[number])
}
_MONTHS["sept"] = 9

_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_NAMED_MONTH = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})")
_YEAR = re.compile(r"(\d{4})")
_ISO_DATETIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[T ]00:00(:00)?")

FORMS_HINT = "write 2015-03-02, 02/03/2015 (day first), 2015-03, Mar 2015 or 2015"


class DateValueError(ValueError):
    """A date cell that cannot be read; the message says what to write instead."""


class ParsedDate(NamedTuple):
    """A date as read: the earliest and latest day it can mean, and how precise it is."""

    earliest: dt.date
    latest: dt.date
    precision: DatePrecision


def coarser(a: DatePrecision, b: DatePrecision) -> DatePrecision:
    """The less precise of two precisions (year is coarser than month, month than day)."""
    return a if _ORDER[a] >= _ORDER[b] else b


MIN_YEAR, MAX_YEAR = DATE_MIN.year, DATE_MAX.year


def _check_year(year: int, text: str) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateValueError(
            f"{text} is outside {DATE_MIN.isoformat()} to {DATE_MAX.isoformat()}; check the year"
        )
    return year


def _check_day(value: dt.date) -> dt.date:
    # a spreadsheet's own date cell can hold any year from 1 to 9999
    problem = date_range_problem(value)
    if problem is not None:
        raise DateValueError(problem)
    return value


def _day(year: int, month: int, day: int, text: str) -> dt.date:
    _check_year(year, text)
    if not 1 <= month <= 12:
        raise DateValueError(
            f"{text!r} has month {month}, which does not exist; dates are day first (DD/MM/YYYY)"
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateValueError(
            f"{text!r} is not a real date: {calendar.month_name[month]} {year} "
            f"has {calendar.monthrange(year, month)[1]} days"
        ) from None


def _month(year: int, month: int, text: str) -> ParsedDate:
    _check_year(year, text)
    if not 1 <= month <= 12:
        raise DateValueError(f"{text!r} has month {month}, which does not exist")
    last = calendar.monthrange(year, month)[1]
    return ParsedDate(dt.date(year, month, 1), dt.date(year, month, last), DatePrecision.MONTH)


def parse_date(value: object) -> ParsedDate:
    """Read a cell (text, or a date from a spreadsheet) as a date with its precision."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.time):  # a spreadsheet's day 0 (31 Dec 1899) reads as a time of day
        raise DateValueError(
            f"holds a time of day ({value.isoformat()}) but no date; dates go from "
            f"{DATE_MIN.isoformat()} to {DATE_MAX.isoformat()}: check the year"
        )
    if isinstance(value, dt.date):
        day = _check_day(value)
        return ParsedDate(day, day, DatePrecision.DAY)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, float) and value.is_integer():
        value = str(int(value))
    text = str(value).strip()
    if match := _ISO_DATETIME.fullmatch(text):
        text = match.group(1)
    if match := _ISO_DAY.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        day_date = _day(year, month, day, text)
        return ParsedDate(day_date, day_date, DatePrecision.DAY)
    if match := _UK_DAY.fullmatch(text):
        day, month, year_text = match.groups()
        if len(year_text) != 4:
            raise DateValueError(
                f"{text!r} has a {len(year_text)}-digit year; write the year in full"
            )
        day_date = _day(int(year_text), int(month), int(day), text)
        return ParsedDate(day_date, day_date, DatePrecision.DAY)
    if match := _ISO_MONTH.fullmatch(text):
        return _month(int(match.group(1)), int(match.group(2)), text)
    if match := _NAMED_MONTH.fullmatch(text):
        month = _MONTHS.get(match.group(1).lower())
        if month is None:
            raise DateValueError(f"{text!r}: {match.group(1)!r} is not a month name")
        return _month(int(match.group(2)), month, text)
    if _YEAR.fullmatch(text):
        year = _check_year(int(text), text)
        return ParsedDate(dt.date(year, 1, 1), dt.date(year, 12, 31), DatePrecision.YEAR)
    if not text:
        raise DateValueError("is empty")
    raise DateValueError(f"{text!r} is not a date this tool can read; {FORMS_HINT}")


def format_date(value: dt.date, precision: DatePrecision) -> str:
    """Write a date back in the form its precision suggests ("2015-03" for a month date)."""
    if precision is DatePrecision.YEAR and (value.month, value.day) == (1, 1):
        return f"{value.year:04d}"
    if precision is DatePrecision.MONTH and value.day == 1:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
