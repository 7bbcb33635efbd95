"""Journeys to rows and rows to journeys: the ORM side of a journey stays in timeline/store.

A journey is written with Core bulk inserts (one executemany per table), its primary keys
assigned here rather than read back row by row: 50,000 events are a handful of statements, not
50,000 ORM objects flushed one at a time (issue 15, item 4).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import itemgetter

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from schemas import Agency, Annotation, Event, Journey, Person
from timeline.store.models import (
    AgencyRow,
    AnnotationRow,
    EventPersonRow,
    EventRow,
    JourneyRow,
    PersonRow,
)

# Rows per executemany: bounds the memory of one statement's parameters.
BATCH_ROWS = 10_000
_TABLES: dict[str, Table] = {
    model.__tablename__: model.__table__  # type: ignore[misc]
    for model in (JourneyRow, PersonRow, AgencyRow, EventRow, EventPersonRow, AnnotationRow)
}


def reserve_keys(session: Session, table: str, count: int) -> list[int]:
    """`count` unused primary keys of `table`, for rows this transaction is about to insert."""
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        # Writers of different journeys run side by side on PostgreSQL (each locks only its own
        # journey row), so keys come from the column's sequence: never handed out twice.
        sequence = session.scalar(select(func.pg_get_serial_sequence(table, "pk")))
        return list(
            session.scalars(
                text("SELECT nextval(CAST(:sequence AS regclass)) FROM generate_series(1, :n)"),
                {"sequence": sequence, "n": count},
            )
        )
    # SQLite: a write session holds the one write lock from its first statement (BEGIN
    # IMMEDIATE), so no other writer can insert between this read and our inserts. The keys are
    # the ones SQLite itself would give (largest so far plus one).
    largest = session.scalar(select(func.max(_TABLES[table].c.pk))) or 0
    return list(range(largest + 1, largest + 1 + count))


def _batches(rows: list) -> Iterator[list]:
    for first in range(0, len(rows), BATCH_ROWS):
        yield rows[first : first + BATCH_ROWS]


def _insert_all(session: Session, table: str, rows: list[dict]) -> None:
    """INSERT `rows` (dicts with the same keys) into `table`, an executemany per batch."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        for batch in _batches(rows):
            session.execute(insert(_TABLES[table]), batch)
        return
    # SQLite: the same compiled INSERT and the columns' own bind processors (dates and JSON
    # written exactly as SQLAlchemy writes them), applied a column at a time, then handed to the
    # driver's executemany; SQLAlchemy's per-row parameter building was a third of the time.
    columns = _TABLES[table].c
    compiled = insert(_TABLES[table]).compile(dialect=connection.dialect, column_keys=list(rows[0]))
    names = compiled.positiontup or []
    values = [list(column) for column in zip(*map(itemgetter(*names), rows), strict=True)]
    for index, name in enumerate(names):
        process = (
            columns[name].type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
        )
        if process is not None:
            values[index] = _processed(process, values[index])
    for batch in _batches(list(zip(*values, strict=True))):
        connection.exec_driver_sql(compiled.string, batch)


def _processed(process: Callable[[object], object], values: list) -> list:
    # A column repeats few values (dates, tag lists): each is processed once.
    done: dict = {}
    try:
        return [done[v] if v in done else done.setdefault(v, process(v)) for v in values]
    except TypeError:  # a value that cannot be a dict key: one by one
        return [process(value) for value in values]


def insert_journey_row(session: Session, journey: Journey) -> int:
    """Insert the row of a journey not stored yet (no parts); returns its primary key.
    IntegrityError when another writer stored the same key since we looked."""
    statement = insert(_TABLES["journeys"]).values(
        key=journey.key,
        title=journey.title,
        summary=journey.summary,
        provenance=journey.provenance.value,
    )
    return session.execute(statement).inserted_primary_key[0]


def insert_journey_parts(session: Session, journey_pk: int, journey: Journey) -> None:
    """Insert a journey's people, agencies, events (with who was in each) and notes under the
    journey row `journey_pk`, in bulk; the caller's transaction holds the writer's lock."""
    person_keys = dict(
        zip(
            (p.pseudonym for p in journey.people),
            reserve_keys(session, "people", len(journey.people)),
            strict=True,
        )
    )
    agency_keys = dict(
        zip(
            (a.name for a in journey.agencies),
            reserve_keys(session, "agencies", len(journey.agencies)),
            strict=True,
        )
    )
    event_keys = reserve_keys(session, "events", len(journey.events))
    note_keys = reserve_keys(session, "annotations", len(journey.annotations))
    _insert_all(
        session,
        "people",
        [
            {
                "pk": person_keys[p.pseudonym],
                "journey_pk": journey_pk,
                "position": i,
                "pseudonym": p.pseudonym,
                "age_band": p.age_band.value,
                "gender": p.gender.value,
                "needs": tuple(n.value for n in p.needs),
            }
            for i, p in enumerate(journey.people)
        ],
    )
    _insert_all(
        session,
        "agencies",
        [
            {
                "pk": agency_keys[a.name],
                "journey_pk": journey_pk,
                "position": i,
                "name": a.name,
                "sector": a.sector,
                "provider_type": a.provider_type.value,
                "parent": a.parent,
            }
            for i, a in enumerate(journey.agencies)
        ],
    )
    _insert_all(
        session,
        "events",
        [
            {
                "pk": pk,
                "journey_pk": journey_pk,
                "agency_pk": agency_keys[e.agency],
                "position": i,
                "event_id": e.id,
                # str() of a StrEnum is its value, without Enum.value's slower lookup
                "kind": str(e.kind),
                "start": e.start,
                "end": e.end,
                "date_precision": str(e.date_precision),
                "title": e.title,
                "description": e.description,
                "source": str(e.source),
                "sensitivity": str(e.sensitivity),
                "tags": e.tags,  # a tuple: JSON writes it as a list, and it can be a dict key
                "area": e.area,
            }
            for i, (pk, e) in enumerate(zip(event_keys, journey.events, strict=True))
        ],
    )
    _insert_all(
        session,
        "event_people",
        [
            {"event_pk": pk, "person_pk": person_keys[name]}
            for pk, e in zip(event_keys, journey.events, strict=True)
            for name in e.people
        ],
    )
    _insert_all(
        session,
        "annotations",
        [
            {
                "pk": pk,
                "journey_pk": journey_pk,
                "position": i,
                "annotation_id": a.id,
                "kind": a.kind.value,
                "text": a.text,
                "event_ids": a.event_ids,
                "author_role": a.author_role,
                "paraphrased": a.paraphrased,
                "start": a.start,
                "end": a.end,
            }
            for i, (pk, a) in enumerate(zip(note_keys, journey.annotations, strict=True))
        ],
    )


def journey_schema(row: JourneyRow) -> Journey:
    """A stored journey row as the schema object."""
    events = sorted(row.events, key=lambda e: e.position)
    return Journey(
        key=row.key,
        title=row.title,
        summary=row.summary,
        provenance=row.provenance,
        people=[Person.model_validate(p, from_attributes=True) for p in row.people],
        agencies=[Agency.model_validate(a, from_attributes=True) for a in row.agencies],
        events=[
            Event(
                id=e.event_id,
                people=[p.pseudonym for p in e.person_rows],
                agency=e.agency_row.name,
                kind=e.kind,
                start=e.start,
                end=e.end,
                date_precision=e.date_precision,
                title=e.title,
                description=e.description,
                source=e.source,
                sensitivity=e.sensitivity,
                tags=e.tags,
                area=e.area,
            )
            for e in events
        ],
        annotations=[
            Annotation(
                id=a.annotation_id,
                kind=a.kind,
                text=a.text,
                event_ids=a.event_ids,
                author_role=a.author_role,
                paraphrased=a.paraphrased,
                start=a.start,
                end=a.end,
            )
            for a in row.annotations
        ],
    )
