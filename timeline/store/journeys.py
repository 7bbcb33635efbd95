"""Save, load, list, delete and restore journeys. Functions take a Session; callers own
transactions. Every change also writes a history version in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from schemas import Agency, Annotation, Event, Journey, JourneySummary, Person, stored_values
from timeline.store.history import (
    BASELINE_ACTOR,
    DEFAULT_ACTOR,
    JourneyVersion,
    VersionAction,
    latest_version,
    latest_version_number,
    load_version,
    record_version,
)
from timeline.store.models import AgencyRow, AnnotationRow, EventRow, JourneyRow, PersonRow

_LIVE = JourneyRow.deleted_at.is_(None)
_JOURNEY_PARTS = (JourneyRow, PersonRow, AgencyRow, EventRow, AnnotationRow)


class JourneyExistsError(Exception):
    """A journey with this key is already stored and replacing it was not asked for."""

    def __init__(self, key: str) -> None:
        super().__init__(
            f"a journey with key {key!r} is already stored; "
            "use --replace to overwrite it, or give the new one another key"
        )
        self.key = key


class JourneyNotFoundError(LookupError):
    """No journey with this key is stored."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no journey with key {key!r}; `touchpoints list` shows the stored keys")
        self.key = key


class DeletedJourneyNotFoundError(JourneyNotFoundError):
    """No deleted journey with this key: it was never stored, or it is not deleted."""

    def __init__(self, key: str) -> None:
        LookupError.__init__(
            self, f"no deleted journey with key {key!r}; `touchpoints history {key}` shows its past"
        )
        self.key = key


def any_journey_row(session: Session) -> bool:
    """True when any journey row exists, deleted ones included."""
    return session.scalar(select(JourneyRow.pk).limit(1)) is not None


def journey_exists(session: Session, key: str, *, include_deleted: bool = False) -> bool:
    """True when a journey with `key` is stored and not deleted (or deleted too, if asked)."""
    where = [JourneyRow.key == key] + ([] if include_deleted else [_LIVE])
    return session.scalar(select(JourneyRow.pk).where(*where)) is not None


def journey_provenance(session: Session, key: str) -> str | None:
    """The provenance of the stored (not deleted) journey `key`, or None when there is none."""
    return session.scalar(select(JourneyRow.provenance).where(JourneyRow.key == key, _LIVE))


class StaleJourneyError(Exception):
    """The journey was saved by someone else after the version this change was based on, so the
    change was refused and nothing was stored."""

    def __init__(self, key: str, based_on: int, current: JourneyVersion | None) -> None:
        self.key = key
        self.based_on = based_on
        self.version = current.version if current else None
        self.saved_at = current.saved_at if current else None
        self.actor = current.actor if current else None
        when = (
            f" by {current.actor} at {current.saved_at:%Y-%m-%d %H:%M} UTC"
            if current is not None
            else ""
        )
        now = f"version {self.version}" if self.version is not None else "a newer version"
        super().__init__(
            f"journey {key!r} was saved{when} (it is now {now}); this change was based on "
            f"version {based_on}, so nothing was stored: reload it to see their changes"
        )


@dataclass(frozen=True)
class _Locked:
    pk: int
    version: int
    deleted: bool


def _lock_journey(session: Session, key: str) -> _Locked | None:
    # FOR UPDATE: on PostgreSQL a second writer waits here until the first commits and then
    # reads the version it left; SQLite writers are already serialised by BEGIN IMMEDIATE.
    row = session.execute(
        select(JourneyRow.pk, JourneyRow.version, JourneyRow.deleted_at)
        .where(JourneyRow.key == key)
        .with_for_update()
    ).first()
    return None if row is None else _Locked(row.pk, row.version, row.deleted_at is not None)


def _lock_and_check(session: Session, key: str, base_version: int | None) -> _Locked | None:
    locked = _lock_journey(session, key)
    if base_version is None:
        return locked
    if locked is None:
        raise JourneyNotFoundError(key)
    if locked.version != base_version:
        raise StaleJourneyError(key, base_version, latest_version(session, key))
    return locked


def check_version(session: Session, key: str, base_version: int | None) -> int | None:
    """Lock journey `key`'s row for this transaction and return its version (None when there is
    no row); StaleJourneyError when `base_version` is given and the journey has moved on."""
    locked = _lock_and_check(session, key, base_version)
    return None if locked is None else locked.version


def current_versions(session: Session, keys: list[str]) -> dict[str, int]:
    """The version each stored (not deleted) journey among `keys` is at."""
    rows = session.execute(
        select(JourneyRow.key, JourneyRow.version).where(JourneyRow.key.in_(keys), _LIVE)
    )
    return {key: version for key, version in rows}


def current_version(session: Session, key: str) -> int | None:
    """The version the stored (not deleted) journey `key` is at; None when there is none."""
    return session.scalar(select(JourneyRow.version).where(JourneyRow.key == key, _LIVE))


def save_journey(
    session: Session,
    journey: Journey,
    *,
    replace: bool = False,
    actor: str = DEFAULT_ACTOR,
    action: VersionAction | str | None = None,
    base_version: int | None = None,
) -> int:
    """Add `journey` and its new version to the session's transaction; returns the version
    number. An existing key needs `replace=True`; action defaults to import or replace.

    With `base_version`, the save is refused (StaleJourneyError) unless the stored journey is
    still at that version. A replaced journey keeps its row (its identity); only its people,
    agencies, events and notes are written anew.
    """
    locked = _lock_and_check(session, journey.key, base_version)
    live = locked is not None and not locked.deleted
    if live and not replace:
        raise JourneyExistsError(journey.key)
    if live:
        _record_baseline(session, journey.key)
    if locked is None:
        session.add(_journey_row(journey))
        try:
            session.flush()
        except IntegrityError as exc:  # another writer stored the same key since we looked
            if replace:
                raise StaleJourneyError(journey.key, 0, None) from exc
            raise JourneyExistsError(journey.key) from exc
    else:
        _rewrite_journey(session, locked.pk, journey)
    chosen = action or (VersionAction.REPLACE if live else VersionAction.IMPORT)
    number = record_version(session, journey, actor=actor, action=chosen)
    _stamp_version(session, journey.key, number)
    return number


def save_journeys(
    session: Session,
    journeys: list[Journey],
    *,
    replace: bool = False,
    actor: str = DEFAULT_ACTOR,
    action: VersionAction | str | None = None,
    base_versions: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """Save several journeys; every key is checked before anything is written. `base_versions`
    names, per key, the version a change was based on (see save_journey). Returns each key's
    new version."""
    if not replace:
        for journey in journeys:
            if journey_exists(session, journey.key):
                raise JourneyExistsError(journey.key)
    bases = base_versions or {}
    for key in sorted({j.key for j in journeys}):  # one lock order for every writer: no deadlock
        _lock_journey(session, key)
    return {
        journey.key: save_journey(
            session,
            journey,
            replace=replace,
            actor=actor,
            action=action,
            base_version=bases.get(journey.key),
        )
        for journey in journeys
    }


def _stamp_version(session: Session, key: str, number: int) -> None:
    session.execute(
        update(JourneyRow)
        .where(JourneyRow.key == key)
        .values(version=number, updated_at=dt.datetime.now(dt.UTC))
        .execution_options(synchronize_session=False)
    )


def _rewrite_journey(session: Session, pk: int, journey: Journey) -> None:
    # The journey row stays (same pk, same key); its parts are replaced. Pending changes are
    # flushed first and the old parts dropped from the session, so nothing stale is written back.
    session.flush()
    for obj in list(session.identity_map.values()):
        owner = obj.pk if isinstance(obj, JourneyRow) else getattr(obj, "journey_pk", None)
        if owner == pk and isinstance(obj, _JOURNEY_PARTS):
            session.expunge(obj)
    for table in (EventRow, AnnotationRow, PersonRow, AgencyRow):
        session.execute(
            delete(table).where(table.journey_pk == pk).execution_options(synchronize_session=False)
        )
    session.execute(
        update(JourneyRow)
        .where(JourneyRow.pk == pk)
        .values(
            title=journey.title,
            summary=journey.summary,
            provenance=journey.provenance.value,
            deleted_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    parts = _journey_parts(journey)
    for part in (p for group in parts for p in group):
        part.journey_pk = pk
    session.add_all(p for group in parts for p in group)
    session.flush()


def load_journey(session: Session, key: str) -> Journey:
    """The stored journey with `key`, as a validated schema object."""
    return load_journey_versioned(session, key)[0]


def load_journey_versioned(session: Session, key: str) -> tuple[Journey, int]:
    """The stored journey with `key` and the version it is at, read together (one snapshot), so
    a later save can name the version it was based on."""
    row = session.scalar(
        select(JourneyRow)
        .where(JourneyRow.key == key, _LIVE)
        .options(
            selectinload(JourneyRow.people),
            selectinload(JourneyRow.agencies),
            selectinload(JourneyRow.events).selectinload(EventRow.person_rows),
            selectinload(JourneyRow.events).selectinload(EventRow.agency_row),
            selectinload(JourneyRow.annotations),
        )
    )
    if row is None:
        raise JourneyNotFoundError(key)
    with stored_values():  # a date stored before the range was checked is read, not refused
        return _journey_schema(row), row.version


def list_journeys(session: Session) -> list[JourneySummary]:
    """Every stored journey's summary, ordered by key, computed in the database."""
    people = (
        select(PersonRow.journey_pk, func.count().label("n"))
        .group_by(PersonRow.journey_pk)
        .subquery()
    )
    agencies = (
        select(
            AgencyRow.journey_pk,
            func.count().label("n"),
            func.count(AgencyRow.sector.distinct()).label("sectors"),
        )
        .group_by(AgencyRow.journey_pk)
        .subquery()
    )
    events = (
        select(
            EventRow.journey_pk,
            func.count().label("n"),
            func.min(EventRow.start).label("first"),
            func.max(func.coalesce(EventRow.end, EventRow.start)).label("last"),
        )
        .group_by(EventRow.journey_pk)
        .subquery()
    )
    query = (
        select(
            JourneyRow.key,
            JourneyRow.title,
            JourneyRow.provenance,
            func.coalesce(people.c.n, 0),
            func.coalesce(agencies.c.n, 0),
            func.coalesce(agencies.c.sectors, 0),
            func.coalesce(events.c.n, 0),
            events.c.first,
            events.c.last,
        )
        .outerjoin(people, people.c.journey_pk == JourneyRow.pk)
        .outerjoin(agencies, agencies.c.journey_pk == JourneyRow.pk)
        .outerjoin(events, events.c.journey_pk == JourneyRow.pk)
        .where(_LIVE)
        .order_by(JourneyRow.key)
    )
    fields = JourneySummary.model_fields.keys()
    return [
        JourneySummary.model_validate(dict(zip(fields, r, strict=True)))
        for r in session.execute(query)
    ]


def delete_journey(
    session: Session, key: str, *, actor: str = DEFAULT_ACTOR, base_version: int | None = None
) -> int:
    """Soft-delete the journey with `key` (hidden, kept, undoable); returns the 'delete' version.
    With `base_version`, refused (StaleJourneyError) unless the journey is still at it."""
    locked = _lock_and_check(session, key, base_version)
    if locked is None or locked.deleted:
        raise JourneyNotFoundError(key)
    journey = load_journey(session, key)
    now = dt.datetime.now(dt.UTC)
    session.execute(update(JourneyRow).where(JourneyRow.key == key).values(deleted_at=now))
    number = record_version(session, journey, actor=actor, action=VersionAction.DELETE)
    _stamp_version(session, key, number)
    return number


def undelete_journey(
    session: Session, key: str, *, actor: str = DEFAULT_ACTOR, base_version: int | None = None
) -> int:
    """Bring back a soft-deleted journey as it was; returns the 'restore' version it records."""
    locked = _lock_journey(session, key)
    if locked is None or not locked.deleted:
        raise DeletedJourneyNotFoundError(key)
    _lock_and_check(session, key, base_version)
    session.execute(update(JourneyRow).where(JourneyRow.key == key).values(deleted_at=None))
    journey = load_journey(session, key)
    number = record_version(session, journey, actor=actor, action=VersionAction.RESTORE)
    _stamp_version(session, key, number)
    return number


def restore_version(
    session: Session,
    key: str,
    version: int,
    *,
    actor: str = DEFAULT_ACTOR,
    base_version: int | None = None,
) -> int:
    """Make `version` the current journey (deleted or not) as a new 'restore' version."""
    journey = load_version(session, key, version)
    return save_journey(
        session,
        journey,
        replace=True,
        actor=actor,
        action=VersionAction.RESTORE,
        base_version=base_version,
    )


def _record_baseline(session: Session, key: str) -> None:
    # A journey stored before history was kept gets its current state recorded first, so
    # replacing it still keeps what it was.
    if latest_version_number(session, key) == 0:
        record_version(
            session, load_journey(session, key), actor=BASELINE_ACTOR, action=VersionAction.IMPORT
        )


_Parts = tuple[list[PersonRow], list[AgencyRow], list[EventRow], list[AnnotationRow]]


def _journey_parts(journey: Journey) -> _Parts:
    people = {
        p.pseudonym: PersonRow(
            position=i,
            pseudonym=p.pseudonym,
            age_band=p.age_band.value,
            gender=p.gender.value,
            needs=[n.value for n in p.needs],
        )
        for i, p in enumerate(journey.people)
    }
    agencies = {
        a.name: AgencyRow(
            position=i,
            name=a.name,
            sector=a.sector,
            provider_type=a.provider_type.value,
            parent=a.parent,
        )
        for i, a in enumerate(journey.agencies)
    }
    events = [
        EventRow(
            position=i,
            event_id=e.id,
            agency_row=agencies[e.agency],
            person_rows=[people[name] for name in e.people],
            kind=e.kind.value,
            start=e.start,
            end=e.end,
            date_precision=e.date_precision.value,
            title=e.title,
            description=e.description,
            source=e.source.value,
            sensitivity=e.sensitivity.value,
            tags=list(e.tags),
        )
        for i, e in enumerate(journey.events)
    ]
    annotations = [
        AnnotationRow(
            position=i,
            annotation_id=a.id,
            kind=a.kind.value,
            text=a.text,
            event_ids=list(a.event_ids),
            author_role=a.author_role,
            paraphrased=a.paraphrased,
            start=a.start,
            end=a.end,
        )
        for i, a in enumerate(journey.annotations)
    ]
    return list(people.values()), list(agencies.values()), events, annotations


def _journey_row(journey: Journey) -> JourneyRow:
    people, agencies, events, annotations = _journey_parts(journey)
    return JourneyRow(
        key=journey.key,
        title=journey.title,
        summary=journey.summary,
        provenance=journey.provenance.value,
        people=people,
        agencies=agencies,
        events=events,
        annotations=annotations,
    )


def _journey_schema(row: JourneyRow) -> Journey:
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


def keys_with_restricted_events(session: Session) -> frozenset[str]:
    """Keys of stored journeys that have at least one restricted event."""
    rows = session.scalars(
        select(JourneyRow.key)
        .join(EventRow, EventRow.journey_pk == JourneyRow.pk)
        .where(EventRow.sensitivity == "restricted", _LIVE)
        .distinct()
    )
    return frozenset(rows)
