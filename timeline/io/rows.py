"""Turn spreadsheet rows (one per event) into validated journeys, collecting every row error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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
from timeline.io.cells import ColumnCells, RowReader
from timeline.io.columns import (
    COMBINED,
    KIND_ALIASES,
    cell_text,
    map_columns,
    parse_choice,
)
from timeline.io.dates import DateValueError, ParsedDate, coarser, parse_date
from timeline.io.errors import RowError, plain_message
from timeline.io.sheets import Table

# journeys_from_table's progress: (what is being done, rows done, rows in all)
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 2_000  # rows between two progress reports
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


def journeys_from_table(
    table: Table,
    name: str,
    provenance: Provenance | None = None,
    progress: Progress | None = None,
) -> RowsResult:
    """Validate every row of `table` and group the rows into journeys by their `journey` key.
    A journey whose rows name no provenance gets `provenance` (else DEFAULT_PROVENANCE).
    `progress`, if given, hears how many rows are read, then how many events are checked."""
    errors: list[RowError] = []
    warnings: list[RowError] = []
    columns = map_columns(table.header, name, errors, warnings)
    if errors:
        return RowsResult([], errors, warnings)
    report = progress or (lambda _stage, _done, _total: None)
    total = len(table.rows)
    cells_by_column = ColumnCells(table, columns)
    drafts: dict[str, _JourneyDraft] = {}
    width = len(table.header)
    for index, (number, cells) in enumerate(table.rows):
        if index % PROGRESS_EVERY == 0:
            report("Reading rows", index, total)
        extra = cells[width:]
        if extra and any(not (c is None or cell_text(c) == "") for c in extra):
            warnings.append(
                RowError(name, "values right of the last named column were ignored", row=number)
            )
        reader = RowReader(name, number, cells, cells_by_column, index)
        _read_row(reader, drafts, COMBINED in columns)
        errors.extend(reader.errors)
    journeys = []
    events = sum(len(draft.events) for draft in drafts.values())
    checked = 0
    for draft in drafts.values():
        draft_errors: list[RowError] = []
        journey = _validate_draft(
            draft,
            name,
            draft_errors,
            provenance or DEFAULT_PROVENANCE,
            lambda done, before=checked: report("Checking events", before + done, events),
        )
        errors.extend(draft_errors)
        checked += len(draft.events)
        if journey is not None:
            journeys.append(journey)
    report("Checking events", events, events)
    if not table.rows:
        errors.append(RowError(name, "the file has a header but no event rows", row=2))
    errors.sort(key=lambda e: e.row or 0)
    named = frozenset(d.key for d in drafts.values() if d.provenance is not None)
    return RowsResult(journeys if not errors else [], errors, warnings, named)


def _read_row(reader: RowReader, drafts: dict[str, _JourneyDraft], combined: bool) -> None:
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

    people = reader.items("person")
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
    reader: RowReader, draft: _JourneyDraft, attribute: str, column: str, value: object
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


def _read_agency(reader: RowReader, draft: _JourneyDraft, combined: bool) -> str | None:
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
            reader.remembered(
                (ProviderType, type_text),
                lambda: parse_choice(ProviderType, type_text, "provider type"),
            )
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
        agency = reader.remembered(
            (Agency, name, sector_text, provider),
            lambda: Agency(name=name, sector=sector_text, provider_type=provider),
        )
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


def _read_dates(reader: RowReader) -> dict | None:
    try:
        start = _read_date(reader, "start")
    except DateValueError as exc:
        reader.fail("start", str(exc))
        return None
    end: ParsedDate | None = None
    if reader.text("end"):
        try:
            end = _read_date(reader, "end")
        except DateValueError as exc:
            reader.fail("end", str(exc))
            return None
    if end is not None and end.latest < start.earliest:
        reader.fail(
            "end",
            f"end date {reader.text('end')} is before start date {reader.text('start')}",
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


def _read_date(reader: RowReader, column: str) -> ParsedDate:
    return reader.cell(column, parse_date)


def _read_event_fields(reader: RowReader) -> dict | None:
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
        "tags": reader.items("tags"),
        "area": reader.text("area"),
    }
    dates = _read_dates(reader)
    if dates is None or len(reader.errors) > before:
        return None
    return fields | dates


def _validate_draft(
    draft: _JourneyDraft,
    name: str,
    errors: list[RowError],
    provenance: Provenance,
    tick: Callable[[int], None],
) -> Journey | None:
    people = draft.people or [DEFAULT_PERSON]
    events = []
    for index, (number, fields) in enumerate(draft.events):
        if index % PROGRESS_EVERY == 0:
            tick(index)
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
