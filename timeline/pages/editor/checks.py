"""The Agencies and People grids' rows checked through the pydantic models, per row and field."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from pydantic import ValidationError

from schemas import AgeBand, Agency, Gender, NeedDomain, Person, ProviderType
from timeline.io.columns import cell_text, parse_choice
from timeline.io.errors import RowError, plain_message

EVENTS, AGENCIES, PEOPLE = "Events", "Agencies", "People"

E = TypeVar("E", bound=StrEnum)


def _choice(enum: type[E], value: object, what: str) -> E:
    text = cell_text(value)
    try:
        return enum(text.lower())
    except ValueError:
        return parse_choice(enum, text, what)


def _model_problems(grid: str, row: int, exc: ValidationError) -> list[RowError]:
    return [
        RowError(grid, plain_message(e), row=row, column=str(e["loc"][0]) if e["loc"] else None)
        for e in exc.errors()
    ]


def check_agency_rows(rows: list[dict]) -> tuple[dict[str, Agency], set[str], list[RowError]]:
    """Valid agencies by name, every name written (valid or not), and the problems."""
    problems: list[RowError] = []
    valid: dict[str, Agency] = {}
    first_row: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        before = len(problems)
        name, sector = cell_text(row.get("name")), cell_text(row.get("sector"))
        if not name:
            problems.append(RowError(AGENCIES, "is empty; give the agency a name", number, "name"))
        elif name in first_row:
            problems.append(
                RowError(
                    AGENCIES,
                    f"agency {name!r} is already on row {first_row[name]}; one row per agency "
                    "(rename one, or delete one and point its events at the other)",
                    number,
                    "name",
                )
            )
        if not sector:
            problems.append(
                RowError(
                    AGENCIES,
                    "is empty; say which sector (lane group) the agency is in",
                    number,
                    "sector",
                )
            )
        provider = ProviderType.UNKNOWN
        if cell_text(row.get("provider_type")):
            try:
                provider = _choice(ProviderType, row.get("provider_type"), "provider type")
            except ValueError as exc:
                problems.append(RowError(AGENCIES, str(exc), number, "provider_type"))
        if name:
            first_row.setdefault(name, number)
        if len(problems) > before:
            continue
        try:
            agency = Agency(
                name=name,
                sector=sector,
                provider_type=provider,
                parent=cell_text(row.get("parent")) or None,
            )
        except ValidationError as exc:
            problems += _model_problems(AGENCIES, number, exc)
            continue
        valid[agency.name] = agency
    for name, agency in valid.items():
        if agency.parent == name:
            message = "an agency cannot be its own parent; leave parent empty"
        elif agency.parent is not None and agency.parent not in first_row:
            message = (
                f"parent {agency.parent!r} is not an agency of this journey; "
                "write the name of an agency in this grid, or leave it empty"
            )
        else:
            continue
        problems.append(RowError(AGENCIES, message, first_row[name], "parent"))
    if not rows:
        problems.append(RowError(AGENCIES, "a journey needs at least one agency; add one"))
    return valid, set(first_row), problems


def check_people_rows(rows: list[dict]) -> tuple[list[Person], list[str], list[RowError]]:
    """Valid people, every pseudonym written, and the problems."""
    problems: list[RowError] = []
    people: list[Person] = []
    first_row: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        before = len(problems)
        name = cell_text(row.get("pseudonym"))
        if not name:
            problems.append(RowError(PEOPLE, "is empty; give a pseudonym", number, "pseudonym"))
        elif name in first_row:
            problems.append(
                RowError(
                    PEOPLE, f"{name!r} is already on row {first_row[name]}", number, "pseudonym"
                )
            )
        else:
            first_row[name] = number
        fields: dict[str, object] = {"pseudonym": name}
        for column, enum, what in (("age_band", AgeBand, "age band"), ("gender", Gender, "gender")):
            if cell_text(row.get(column)):
                try:
                    fields[column] = _choice(enum, row.get(column), what)
                except ValueError as exc:
                    problems.append(RowError(PEOPLE, str(exc), number, column))
        needs = []
        for word in cell_text(row.get("needs")).split(";"):
            if word.strip():
                try:
                    needs.append(_choice(NeedDomain, word.strip(), "need domain"))
                except ValueError as exc:
                    problems.append(RowError(PEOPLE, str(exc), number, "needs"))
        if len(problems) > before:
            continue
        try:
            people.append(Person(**fields, needs=tuple(dict.fromkeys(needs))))
        except ValidationError as exc:
            problems += _model_problems(PEOPLE, number, exc)
    if not rows:
        problems.append(RowError(PEOPLE, "a journey needs at least one person; add one"))
    return people, list(first_row), problems


# The cells a new row must have before Save, and what to say for each one left empty.
_REQUIRED = {
    EVENTS: (
        ("agency", "pick the agency the contact was with"),
        ("start", "type the date it happened (2015-03-02, Mar 2015 or 2015)"),
    ),
    AGENCIES: (("name", "type the agency's name"), ("sector", "pick its sector")),
    PEOPLE: (("pseudonym", "type a pseudonym"),),
}
_NOUN = {EVENTS: "event", AGENCIES: "agency", PEOPLE: "person"}


def check_new_rows(grid: str, rows: list[dict]) -> tuple[list[RowError], set[tuple[int, str]]]:
    """Rows added since the last Save (`_new`) whose required cells are empty: one problem
    per row saying what to fill (or to delete it), and the (row, column) cells they cover, whose
    other complaints are left out. An untouched added row is never stored."""
    problems: list[RowError] = []
    covered: set[tuple[int, str]] = set()
    required = _REQUIRED[grid]
    for number, row in enumerate(rows, start=1):
        if not row.get("_new"):
            continue
        empty = [(column, words) for column, words in required if not cell_text(row.get(column))]
        if not empty:
            continue
        if len(empty) == len(required):
            message = (
                f"is a new {_NOUN[grid]} not filled in yet: "
                f"{' and '.join(words for _c, words in empty)}, or tick it and press "
                f"Delete selected {grid.lower()}"
            )
            problems.append(RowError(grid, message, number, empty[0][0]))
            covered |= {(number, c) for c, _w in required} | {(number, "*")}
            continue
        for column, words in empty:
            problems.append(RowError(grid, f"is empty; {words}", number, column))
            covered.add((number, column))
    return problems, covered
