"""Turn spreadsheet rows (one per event) into validated journeys, collecting every row error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import ValidationError

from schemas import (
    Agency,
    DatePrecision,
    Event,
    EventKind,
    Journey,
    Person,
    Provenance,
    ProviderType,
    Sensitivity,
    Source,
)
from timeline.io.columns import (
    COMBINED,
    KIND_ALIASES,
    cell_text,
    map_columns,
    parse_choice,
)
from timeline.io.dates import DateValueError, ParsedDate, coarser, parse_date
from timeline.io.errors import RowError, plain_message
from timeline.io.formula import restore_formula
from timeline.io.sheets import Cell, Table

T = TypeVar("T")
DEFAULT_PERSON = "Person 1"
DEFAULT_PROVENANCE = Provenance.ANONYMISED

# Which Event field each column feeds, for placing pydantic's errors on the right column.
_FIELD_COLUMN = {"people": "person", "id": "id"}


@dataclass
class _JourneyDraft:
    key: str
    first_row: int
    title: str | None = None
    summary: str | None = None
    provenance: Provenance | None = None
    people: list[str] = field(default_factory=list)
    agencies: dict[str, Agency] = field(default_factory=dict)
    agency_rows: dict[str, int] = field(default_factory=dict)
    events: list[tuple[int, dict]] = field(default_factory=list)


@dataclass
class RowsResult:
    """What the rows gave: journeys when there were no errors, and every error and warning."""

    journeys: list[Journey]
    errors: list[RowError]
    warnings: list[RowError]
    # keys of the journeys whose rows named a provenance (it wins over the importer's choice)
    provenance_from_file: frozenset[str] = frozenset()


class _RowReader:
    """Reads one row's cells by normalised column name and records errors against them."""

    def __init__(self, name: str, number: int, columns: dict[str, int], cells: list[Cell]):
        self.name, self.number, self.columns, self.cells = name, number, columns, cells
        self.errors: list[RowError] = []

    def raw(self, column: str) -> Cell:
        index = self.columns.get(column)
        return None if index is None else self.cells[index]

    def text(self, column: str) -> str:
        return cell_text(self.raw(column))

    def long_text(self, column: str) -> str:
        """Free text kept as written (spaces and line breaks), bar an export's formula quote."""
        raw = self.raw(column)
        return "" if raw is None else restore_formula(str(raw))

    def fail(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(self.name, message, row=self.number, column=column))

    def parse(self, column: str, convert: Callable[[str], T], default: T) -> T:
        text = self.text(column)
        if not text:
            return default
        try:
            return convert(text)
        except ValueError as exc:
            self.fail(column, str(exc))
            return default


def journeys_from_table(
    table: Table, name: str, provenance: Provenance | None = None
) -> RowsResult:
    """Validate every row of `table` and group the rows into journeys by their `journey` key.
    A journey whose rows name no provenance gets `provenance` (else DEFAULT_PROVENANCE)."""
    errors: list[RowError] = []
    warnings: list[RowError] = []
    columns = map_columns(table.header, name, errors, warnings)
    if errors:
        return RowsResult([], errors, warnings)
    drafts: dict[str, _JourneyDraft] = {}
    for number, cells in table.rows:
        if any(not (c is None or cell_text(c) == "") for c in cells[len(table.header) :]):
            warnings.append(
                RowError(name, "values right of the last named column were ignored", row=number)
            )
        reader = _RowReader(name, number, columns, cells)
        _read_row(reader, drafts, COMBINED in columns)
        errors.extend(reader.errors)
    journeys = []
    for draft in drafts.values():
        journey = _finish(draft, name, errors, provenance or DEFAULT_PROVENANCE)
        if journey is not None:
            journeys.append(journey)
    if not table.rows:
        errors.append(RowError(name, "the file has a header but no event rows", row=2))
    errors.sort(key=lambda e: e.row or 0)
    named = frozenset(d.key for d in drafts.values() if d.provenance is not None)
    return RowsResult(journeys if not errors else [], errors, warnings, named)


def _read_row(reader: _RowReader, drafts: dict[str, _JourneyDraft], combined: bool) -> None:
    key = reader.text("journey")
    if not key:
        reader.fail("journey", "is empty; every row needs the key of its journey")
        return
    draft = drafts.setdefault(key, _JourneyDraft(key=key, first_row=reader.number))
    _merge_journey_field(reader, draft, "title", "journey_title", reader.text("journey_title"))
    _merge_journey_field(
        reader, draft, "summary", "journey_summary", reader.text("journey_summary")
    )
    provenance = reader.parse(
        "provenance", lambda t: parse_choice(Provenance, t, "provenance"), None
    )
    _merge_journey_field(reader, draft, "provenance", "provenance", provenance)

    people = [p.strip() for p in reader.text("person").split(";") if p.strip()]
    for person in people:
        if person not in draft.people:
            draft.people.append(person)
    agency_name = _read_agency(reader, draft, combined)
    event = _read_event_fields(reader)
    if event is None or agency_name is None:
        return
    event.update(agency=agency_name, people=people)
    if reader.text("id"):
        event["id"] = reader.text("id")
    else:
        event["id"] = f"r{reader.number}"
    draft.events.append((reader.number, event))


def _merge_journey_field(
    reader: _RowReader, draft: _JourneyDraft, attribute: str, column: str, value: object
) -> None:
    if value in (None, ""):
        return
    current = getattr(draft, attribute)
    if current is None:
        setattr(draft, attribute, value)
    elif current != value:
        reader.fail(
            column,
            f"journey {draft.key!r} already has {column} {current!r} "
            f"(row {draft.first_row} or later); here it is {value!r}",
        )


def _split_combined(text: str) -> tuple[str, str]:
    if "/" not in text:
        raise ValueError(f"{text!r} should be Sector/Type, for example Housing/Voluntary")
    sector, kind = text.rsplit("/", 1)
    return sector.strip(), kind.strip()


def _read_agency(reader: _RowReader, draft: _JourneyDraft, combined: bool) -> str | None:
    name = reader.text("agency")
    sector_column = COMBINED if combined else "sector"
    sector_text = reader.text(sector_column)
    type_text = ""
    if combined and sector_text:
        try:
            sector_text, type_text = _split_combined(sector_text)
        except ValueError as exc:
            reader.fail(COMBINED, str(exc))
            return None
    elif not combined:
        type_text = reader.text("provider_type")
    try:
        provider = (
            parse_choice(ProviderType, type_text, "provider type")
            if type_text
            else ProviderType.UNKNOWN
        )
    except ValueError as exc:
        reader.fail(COMBINED if combined else "provider_type", str(exc))
        return None
    if not name:
        reader.fail("agency", "is empty; say who the contact was with")
        return None
    if not sector_text:
        reader.fail(sector_column, "is empty; say which sector (lane group) the agency is in")
        return None
    try:
        agency = Agency(name=name, sector=sector_text, provider_type=provider)
    except ValidationError as exc:
        for error in exc.errors():
            column = sector_column if error["loc"][:1] == ("sector",) else "agency"
            reader.fail(column, plain_message(error))
        return None
    known = draft.agencies.get(agency.name)
    if known is None:
        draft.agencies[agency.name] = agency
        draft.agency_rows[agency.name] = reader.number
        return agency.name
    first = draft.agency_rows[agency.name]
    if known.sector != agency.sector:
        reader.fail(
            sector_column,
            f"agency {agency.name!r} is in sector {known.sector!r} on row "
            f"{first}; here it is {agency.sector!r} (one lane per agency)",
        )
    elif provider is not ProviderType.UNKNOWN and known.provider_type is not provider:
        if known.provider_type is ProviderType.UNKNOWN:
            draft.agencies[agency.name] = agency
        else:
            reader.fail(
                COMBINED if combined else "provider_type",
                f"agency {agency.name!r} is {known.provider_type.value} on row {first}; "
                f"here it is {provider.value}",
            )
    return agency.name


def _read_dates(reader: _RowReader) -> dict | None:
    start_text = reader.raw("start")
    try:
        start = parse_date(start_text if cell_text(start_text) else "")
    except DateValueError as exc:
        reader.fail("start", str(exc))
        return None
    end: ParsedDate | None = None
    if cell_text(reader.raw("end")):
        try:
            end = parse_date(reader.raw("end"))
        except DateValueError as exc:
            reader.fail("end", str(exc))
            return None
    if end is not None and end.latest < start.earliest:
        reader.fail(
            "end",
            f"end date {cell_text(reader.raw('end'))} is before start date {cell_text(start_text)}",
        )
        return None
    inferred = coarser(start.precision, end.precision) if end else start.precision
    precision = reader.parse(
        "date_precision", lambda t: parse_choice(DatePrecision, t, "date precision"), inferred
    )
    if coarser(precision, inferred) is not precision:
        reader.fail(
            "date_precision",
            f"is {precision.value}, but the dates written only give "
            f"the {inferred.value}; write the full date or change it",
        )
        return None
    return {
        "start": start.earliest,
        "end": end.latest if end else None,
        "date_precision": precision,
    }


def _read_event_fields(reader: _RowReader) -> dict | None:
    before = len(reader.errors)
    kind = reader.parse(
        "kind", lambda t: parse_choice(EventKind, t, "event kind", KIND_ALIASES), EventKind.CONTACT
    )
    fields = {
        "kind": kind,
        "title": reader.text("title") or kind.label,
        "description": reader.long_text("description"),
        "source": reader.parse(
            "source", lambda t: parse_choice(Source, t, "source"), Source.AGENCY_RECORD
        ),
        "sensitivity": reader.parse(
            "sensitivity", lambda t: parse_choice(Sensitivity, t, "sensitivity"), Sensitivity.NORMAL
        ),
        "tags": [t.strip() for t in reader.text("tags").split(";") if t.strip()],
    }
    dates = _read_dates(reader)
    if dates is None or len(reader.errors) > before:
        return None
    return fields | dates


def _finish(
    draft: _JourneyDraft, name: str, all_errors: list[RowError], provenance: Provenance
) -> Journey | None:
    errors: list[RowError] = []
    journey = _validate_draft(draft, name, errors, provenance)
    all_errors.extend(errors)
    return journey


def _validate_draft(
    draft: _JourneyDraft, name: str, errors: list[RowError], provenance: Provenance
) -> Journey | None:
    people = draft.people or [DEFAULT_PERSON]
    events = []
    for number, fields in draft.events:
        if not fields["people"]:
            if len(people) > 1:
                errors.append(
                    RowError(
                        name,
                        f"is empty, but journey {draft.key!r} has "
                        f"{len(people)} people ({', '.join(people)}); say "
                        "which (use A;B for both)",
                        row=number,
                        column="person",
                    )
                )
                continue
            fields = fields | {"people": people}
        try:
            events.append(Event.model_validate(fields))
        except ValidationError as exc:
            for error in exc.errors():
                loc = error["loc"][0] if error["loc"] else "end"
                column = _FIELD_COLUMN.get(str(loc), str(loc))
                errors.append(RowError(name, plain_message(error), row=number, column=column))
    if errors:
        return None
    seen: dict[str, int] = {}
    for (number, fields), _event in zip(draft.events, events, strict=True):
        if fields["id"] in seen:
            errors.append(
                RowError(
                    name,
                    f"event id {fields['id']!r} is already used on row {seen[fields['id']]}",
                    row=number,
                    column="id",
                )
            )
        seen.setdefault(fields["id"], number)
    if errors:
        return None
    try:
        return Journey(
            key=draft.key,
            title=draft.title or draft.key,
            summary=draft.summary or "",
            provenance=draft.provenance or provenance,
            people=[Person(pseudonym=p) for p in people],
            agencies=list(draft.agencies.values()),
            events=events,
        )
    except ValidationError as exc:
        for error in exc.errors():
            column = {"key": "journey", "title": "journey_title", "summary": "journey_summary"}.get(
                str(error["loc"][0]) if error["loc"] else ""
            )
            errors.append(RowError(name, plain_message(error), row=draft.first_row, column=column))
        return None
