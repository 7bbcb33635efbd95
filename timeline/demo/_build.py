"""Turn the demo case studies' compact tables into schema objects (illustrative data only).

Each demo module keeps its agencies as rows of (code, name, sector, provider type) and its events
as a plain-text table, one event per header line followed by indented description lines:

    2015-03-20 | 2015-06-12 | S | salv | placement | Sam moves into the Lifehouse | little-win
        One or two plain sentences describing the event.

Header fields are start, end (``-`` for a point event), who (one letter per person), agency code,
kind, title and optional flags. Flags are space-separated: ``key=value`` sets ``source`` or
``sensitivity``; any other word is a tag. A start written ``2015-03`` has month precision (stored
as the 1st), ``2015`` year precision (1 January), ``~2015-03-02`` approximate precision.
Blank lines and lines starting with ``#`` are ignored. Event ids are ``e001``, ``e002``... in table
order, and the table must be in date order so ids follow time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from schemas.journey import Agency, Event
from schemas.vocab import DatePrecision, EventKind, ProviderType, Sensitivity, Source

AgencyRow = tuple[str, str, str, str]
"""(code used in the event table, agency name, sector, provider type)."""

_HEADER_FIELDS = 6
_MAX_FIELDS = 7


def build_agencies(rows: Sequence[AgencyRow]) -> tuple[tuple[Agency, ...], dict[str, str]]:
    """Agencies from (code, name, sector, type) rows, and the code -> agency name lookup."""
    agencies = tuple(
        Agency(name=name, sector=sector, provider_type=ProviderType(provider_type))
        for _, name, sector, provider_type in rows
    )
    codes = {code: name for code, name, _, _ in rows}
    if len(codes) != len(rows):
        raise ValueError("agency codes must be unique")
    return agencies, codes


def parse_date(text: str) -> tuple[dt.date, DatePrecision]:
    """A date and its precision from ``2015-03-02``, ``2015-03``, ``2015`` or ``~2015-03-02``."""
    text = text.strip()
    if text.startswith("~"):
        return dt.date.fromisoformat(text[1:]), DatePrecision.APPROXIMATE
    parts = text.split("-")
    if len(parts) == 1:
        return dt.date(int(parts[0]), 1, 1), DatePrecision.YEAR
    if len(parts) == 2:
        return dt.date(int(parts[0]), int(parts[1]), 1), DatePrecision.MONTH
    return dt.date.fromisoformat(text), DatePrecision.DAY


def parse_events(
    table: str,
    *,
    agencies: Mapping[str, str],
    people: Mapping[str, str],
    source: Source = Source.ILLUSTRATIVE,
) -> tuple[Event, ...]:
    """Events from a demo table; `agencies` maps codes to names, `people` letters to pseudonyms."""
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(table.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():
            if not rows:
                raise ValueError(f"line {number}: description before any event")
            rows[-1]["description"] = f"{rows[-1]['description']} {line.strip()}".strip()
            continue
        try:
            row = _parse_header(line, agencies=agencies, people=people, source=source)
        except (KeyError, ValueError) as error:
            raise ValueError(f"line {number}: {error}: {line.strip()!r}") from error
        if rows and row["start"] < rows[-1]["start"]:
            raise ValueError(f"line {number}: event starts before the one above it")
        rows.append(row)
    return tuple(Event(id=f"e{index:03d}", **row) for index, row in enumerate(rows, start=1))


def _parse_header(
    line: str, *, agencies: Mapping[str, str], people: Mapping[str, str], source: Source
) -> dict[str, Any]:
    fields = [field.strip() for field in line.split("|")]
    if not _HEADER_FIELDS <= len(fields) <= _MAX_FIELDS:
        raise ValueError(f"expected {_HEADER_FIELDS} or {_MAX_FIELDS} fields, got {len(fields)}")
    start_text, end_text, who, agency_code, kind, title = fields[:_HEADER_FIELDS]
    start, precision = parse_date(start_text)
    row: dict[str, Any] = {
        "people": tuple(people[letter] for letter in who),
        "agency": agencies[agency_code],
        "kind": EventKind(kind),
        "start": start,
        "end": None if end_text == "-" else parse_date(end_text)[0],
        "date_precision": precision,
        "title": title,
        "description": "",
        "source": source,
        "sensitivity": Sensitivity.NORMAL,
    }
    tags: list[str] = []
    for flag in fields[_HEADER_FIELDS].split() if len(fields) == _MAX_FIELDS else ():
        key, _, value = flag.partition("=")
        if key == "source" and value:
            row["source"] = Source(value)
        elif key == "sensitivity" and value:
            row["sensitivity"] = Sensitivity(value)
        else:
            tags.append(flag)
    row["tags"] = tuple(tags)
    return row
