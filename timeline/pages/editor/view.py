"""Plain functions behind the Editor: a journey as grid rows, and grid rows back into a journey.

Event rows go through the import's own row reader (`journeys_from_table`), so a bad cell gets the
same column and message as in an uploaded spreadsheet. Rows are numbered as the grid's "#" column
shows them (first row = 1). No dash here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from schemas import Agency, Annotation, Event, Journey
from timeline.access import Action
from timeline.io.columns import cell_text
from timeline.io.dates import format_date
from timeline.io.errors import RowError, plain_message
from timeline.io.export import CSV_COLUMNS
from timeline.io.rows import journeys_from_table
from timeline.io.sheets import Table
from timeline.pages.editor.checks import (
    AGENCIES,
    EVENTS,
    PEOPLE,
    check_agency_rows,
    check_new_rows,
    check_people_rows,
)
from timeline.service import Services
from timeline.store import StaleJourneyError

# the export's event columns, in its order: the journey's and the agency's own are in other grids
EVENT_FIELDS = tuple(
    c
    for c in CSV_COLUMNS
    if c not in {"journey", "journey_title", "provenance", "sector", "provider_type"}
)
_HEADER = ["journey", "sector", "provider_type", *EVENT_FIELDS]
# Import complaints about an event's agency cells, silenced where the Agencies grid says more.
_AGENCY_COLUMNS = {"agency", "sector", "provider_type"}
_PLACEHOLDER_SECTOR = "(see Agencies)"


def number_rows(rows: list[dict]) -> list[dict]:
    """The rows with their "#" column (`row`) set to their place in the grid, from 1."""
    return [row | {"row": i} for i, row in enumerate(rows, start=1)]


def event_rows(journey: Journey) -> list[dict]:
    """One row per event in the import's own words (dates as an export writes them)."""
    return number_rows(
        [
            {
                "_row": f"e{i}",
                "_orig_id": e.id,
                "id": e.id,
                "person": ";".join(e.people),
                "agency": e.agency,
                "kind": e.kind.value,
                "start": format_date(e.start, e.date_precision),
                "end": e.end.isoformat() if e.end else "",
                "date_precision": e.date_precision.value,
                "title": e.title,
                "description": e.description,
                "source": e.source.value,
                "sensitivity": e.sensitivity.value,
                "tags": ";".join(e.tags),
                "area": e.area,
            }
            for i, e in enumerate(journey.events)
        ]
    )


def agency_rows(journey: Journey) -> list[dict]:
    """One row per agency."""
    return number_rows(
        [
            {
                "_row": f"a{i}",
                "name": a.name,
                "sector": a.sector,
                "provider_type": a.provider_type.value,
                "parent": a.parent or "",
            }
            for i, a in enumerate(journey.agencies)
        ]
    )


def people_rows(journey: Journey) -> list[dict]:
    """One row per person; needs `;`-separated as tags are."""
    return number_rows(
        [
            {
                "_row": f"p{i}",
                "pseudonym": p.pseudonym,
                "age_band": p.age_band.value,
                "gender": p.gender.value,
                "needs": ";".join(n.value for n in p.needs),
            }
            for i, p in enumerate(journey.people)
        ]
    )


def grid_state(journey: Journey) -> dict[str, list[dict]]:
    """The three grids' rows for a journey: {"events": .., "agencies": .., "people": ..}."""
    return {
        "events": event_rows(journey),
        "agencies": agency_rows(journey),
        "people": people_rows(journey),
    }


def _event_table(
    key: str, rows: list[dict], agencies: dict[str, Agency], names: set[str], pseudonyms: list[str]
) -> tuple[Table, list[RowError], set[int]]:
    """The event rows as an import table (sector and type from the Agencies grid)."""
    problems: list[RowError] = []
    quiet: set[int] = set()
    table_rows = []
    for number, row in enumerate(rows, start=1):
        cells = {f: row.get(f) for f in EVENT_FIELDS}
        agency_name = cell_text(row.get("agency"))
        agency = agencies.get(agency_name)
        if agency_name and agency_name not in names:
            problems.append(
                RowError(
                    EVENTS,
                    f"unknown agency {agency_name!r}; add it to the Agencies grid, "
                    "or pick one of the agencies listed there",
                    number,
                    "agency",
                )
            )
        if agency_name and agency is None:
            quiet.add(number)  # the agency's own row, or the line above, says what to fix
        named = [p.strip() for p in cell_text(row.get("person")).split(";") if p.strip()]
        for name in named:
            if name not in pseudonyms:
                problems.append(
                    RowError(
                        EVENTS,
                        f"unknown person {name!r}; the journey's people are "
                        f"{', '.join(pseudonyms) or '(none)'} (add them to the People grid)",
                        number,
                        "person",
                    )
                )
        if not named and len(pseudonyms) == 1:
            cells["person"] = pseudonyms[0]
        elif not named and len(pseudonyms) > 1:
            problems.append(
                RowError(
                    EVENTS,
                    f"is empty, but journey {key!r} has {len(pseudonyms)} people "
                    f"({', '.join(pseudonyms)}); say which (use A;B for both)",
                    number,
                    "person",
                )
            )
        sector = agency.sector if agency else _PLACEHOLDER_SECTOR
        provider = agency.provider_type.value if agency else ""
        table_rows.append((number, [key, sector, provider, *cells.values()]))
    return Table(list(_HEADER), table_rows), problems, quiet


def _events(
    key: str, rows: list[dict], agencies: dict[str, Agency], names: set[str], pseudonyms: list[str]
) -> tuple[tuple[Event, ...], list[RowError]]:
    if not rows:
        return (), []
    table, problems, quiet = _event_table(key, rows, agencies, names, pseudonyms)
    result = journeys_from_table(table, EVENTS)
    said = {(p.row, p.column) for p in problems}
    problems += [
        e
        for e in result.errors
        if (e.row, e.column) not in said
        and not (e.row in quiet and (e.column or "") in _AGENCY_COLUMNS)
    ]
    problems.sort(key=lambda p: p.row or 0)
    if problems or not result.journeys:
        return (), problems
    return result.journeys[0].events, []


def _annotations(
    original: Journey, rows: list[dict], events: tuple[Event, ...]
) -> tuple[list[Annotation], list[RowError]]:
    """The stored annotations, following events whose id was changed in the grid."""
    current = {e.id for e in events}
    renamed = {
        cell_text(r.get("_orig_id")): cell_text(r.get("id")) or f"r{number}"
        for number, r in enumerate(rows, start=1)
        if cell_text(r.get("_orig_id"))
    }
    kept, problems = [], []
    for annotation in original.annotations:
        targets = []
        for event_id in annotation.event_ids:
            target = renamed.get(event_id, event_id)
            if target not in current:
                problems.append(
                    RowError(
                        EVENTS,
                        f"event {event_id!r} has a note ({annotation.kind.value} "
                        f"{annotation.id!r}) that is kept on save; undo the deletion or keep "
                        "the event",
                        column="id",
                    )
                )
            targets.append(target)
        kept.append(annotation.model_copy(update={"event_ids": tuple(targets)}))
    return kept, problems


def journey_from_grids(
    original: Journey, events: list[dict], agencies: list[dict], people: list[dict]
) -> tuple[Journey | None, list[RowError]]:
    """The edited journey, or None and every problem (grid, row, column, message) found."""
    valid_agencies, names, agency_problems = check_agency_rows(agencies)
    persons, pseudonyms, people_problems = check_people_rows(people)
    made, event_problems = _events(original.key, events, valid_agencies, names, pseudonyms)
    # while an event row has a problem no event is made, so no note looks orphaned yet
    annotations, note_problems = (
        _annotations(original, events, made) if not event_problems else ([], [])
    )
    problems = _with_new_rows(
        event_problems + note_problems + agency_problems + people_problems,
        {EVENTS: events, AGENCIES: agencies, PEOPLE: people},
    )
    if problems:
        return None, problems
    try:
        journey = Journey(
            key=original.key,
            title=original.title,
            summary=original.summary,
            provenance=original.provenance,
            people=persons,
            agencies=list(valid_agencies.values()),
            events=made,
            annotations=annotations,
        )
    except ValidationError as exc:
        return None, [RowError(EVENTS, plain_message(e)) for e in exc.errors()]
    return journey, []


def _with_new_rows(problems: list[RowError], grids: dict[str, list[dict]]) -> list[RowError]:
    """The problems, with an added row left empty said once in plain words instead."""
    added = False
    for grid, rows in grids.items():
        found, covered = check_new_rows(grid, rows)
        if not found:
            continue
        problems = [
            p
            for p in problems
            if p.file != grid
            or ((p.row or 0, p.column or "") not in covered and (p.row or 0, "*") not in covered)
        ]
        problems += found
        added = True
    if not added:
        return problems
    order = {EVENTS: 0, AGENCIES: 1, PEOPLE: 2}
    return sorted(problems, key=lambda p: (order.get(p.file, 3), p.row or 0))


@dataclass(frozen=True)
class SaveOutcome:
    """What Save did: the journey stored (at `version`), or nothing stored and every problem,
    or nothing stored because someone else saved first (`stale`)."""

    journey: Journey | None
    problems: list[RowError]
    version: int | None = None
    stale: StaleJourneyError | None = None


def save_edited_journey(
    services: Services,
    key: str,
    events: list[dict],
    agencies: list[dict],
    people: list[dict],
    *,
    base_version: int | None = None,
) -> SaveOutcome:
    """Validate the grids against the stored journey and, if all is well, store it in one go.

    With `base_version` (the version the grids were loaded from), nothing is stored when the
    journey was saved by someone else since: their change (an accepted hide, say) is never
    undone by grids that did not show it.
    """
    original, current = services.load_journey_versioned(key, Action.EDIT)
    try:
        if base_version is not None and current != base_version:
            services.refuse_stale(key, base_version)
        journey, problems = journey_from_grids(original, events, agencies, people)
        if journey is None:
            return SaveOutcome(None, problems)
        saved = services.save_journeys(
            [journey], replace=True, action="edit", base_versions=_base(key, base_version)
        )
    except StaleJourneyError as exc:
        return SaveOutcome(None, [], stale=exc)
    return SaveOutcome(journey, [], version=saved[key])


def _base(key: str, version: int | None) -> dict[str, int] | None:
    return None if version is None else {key: version}
