"""Save, load, list, delete and restore journeys. Functions take a Session; callers own
transactions. Every change also writes a history version in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from schemas import Journey, JourneySummary, stored_values
from timeline.collection import collection_paused
from timeline.store.engine import JOURNEY_CACHE
from timeline.store.history import (
    BASELINE_ACTOR,
    DEFAULT_ACTOR,
    VersionAction,
    latest_version_number,
    load_version,
    record_version,
)
from timeline.store.journey_cache import JourneyCache
from timeline.store.journey_errors import (
    DeletedJourneyNotFoundError,
    JourneyExistsError,
    JourneyNotFoundError,
    StaleJourneyError,
)
from timeline.store.journey_rows import (
    insert_journey_parts,
    insert_journey_row,
    journey_schema,
)
from timeline.store.models import AgencyRow, AnnotationRow, EventRow, JourneyRow, PersonRow
from timeline.store.versions import (
    check_version,
    current_version,
    current_versions,
    lock_and_check,
    lock_journey,
    stamp_version,
)

__all__ = [
    "DeletedJourneyNotFoundError",
    "JourneyExistsError",
    "JourneyNotFoundError",
    "StaleJourneyError",
    "check_version",
    "current_version",
    "current_versions",
]

_LIVE = JourneyRow.deleted_at.is_(None)
_JOURNEY_PARTS = (JourneyRow, PersonRow, AgencyRow, EventRow, AnnotationRow)


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
    locked = lock_and_check(session, journey.key, base_version)
    live = locked is not None and not locked.deleted
    if live and not replace:
        raise JourneyExistsError(journey.key)
    if live:
        _record_baseline(session, journey.key)
    if locked is None:
        try:
            pk = insert_journey_row(session, journey)
        except IntegrityError as exc:  # another writer stored the same key since we looked
            if replace:
                raise StaleJourneyError(journey.key, 0, None) from exc
            raise JourneyExistsError(journey.key) from exc
    else:
        pk = locked.pk
        _clear_journey(session, pk, journey)
    insert_journey_parts(session, pk, journey)
    chosen = action or (VersionAction.REPLACE if live else VersionAction.IMPORT)
    number = record_version(session, journey, actor=actor, action=chosen)
    stamp_version(session, journey.key, number)
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
        lock_journey(session, key)
    with collection_paused():
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


def _clear_journey(session: Session, pk: int, journey: Journey) -> None:
    # The journey row stays (same pk, same key); its parts are deleted for new ones. Pending
    # changes are flushed first and the old parts dropped from the session, so nothing stale is
    # written back.
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


def load_journey(session: Session, key: str) -> Journey:
    """The stored journey with `key`, as a validated schema object."""
    return load_journey_versioned(session, key)[0]


def load_journey_versioned(session: Session, key: str) -> tuple[Journey, int]:
    """The stored journey with `key` and the version it is at, read together (one snapshot), so
    a later save can name the version it was based on. A journey already read at the row's
    current stamp comes from the session factory's cache (journey_cache.py)."""
    stamp = session.execute(
        select(JourneyRow.pk, JourneyRow.version, JourneyRow.updated_at).where(
            JourneyRow.key == key, _LIVE
        )
    ).first()
    if stamp is None:
        raise JourneyNotFoundError(key)
    cache: JourneyCache | None = session.info.get(JOURNEY_CACHE)
    if cache is not None and (kept := cache.get(tuple(stamp))) is not None:
        return kept, stamp.version
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
    if row is None:  # deleted between the two reads of a session that is not one snapshot
        raise JourneyNotFoundError(key)
    with stored_values():  # a date stored before the range was checked is read, not refused
        journey = journey_schema(row)
    if cache is not None:
        cache.put((row.pk, row.version, row.updated_at), journey)
    return journey, row.version


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
    locked = lock_and_check(session, key, base_version)
    if locked is None or locked.deleted:
        raise JourneyNotFoundError(key)
    journey = load_journey(session, key)
    now = dt.datetime.now(dt.UTC)
    session.execute(update(JourneyRow).where(JourneyRow.key == key).values(deleted_at=now))
    number = record_version(session, journey, actor=actor, action=VersionAction.DELETE)
    stamp_version(session, key, number)
    return number


def undelete_journey(
    session: Session, key: str, *, actor: str = DEFAULT_ACTOR, base_version: int | None = None
) -> int:
    """Bring back a soft-deleted journey as it was; returns the 'restore' version it records."""
    locked = lock_journey(session, key)
    if locked is None or not locked.deleted:
        raise DeletedJourneyNotFoundError(key)
    lock_and_check(session, key, base_version)
    session.execute(update(JourneyRow).where(JourneyRow.key == key).values(deleted_at=None))
    journey = load_journey(session, key)
    number = record_version(session, journey, actor=actor, action=VersionAction.RESTORE)
    stamp_version(session, key, number)
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


def keys_with_restricted_events(session: Session) -> frozenset[str]:
    """Keys of stored journeys that have at least one restricted event."""
    rows = session.scalars(
        select(JourneyRow.key)
        .join(EventRow, EventRow.journey_pk == JourneyRow.pk)
        .where(EventRow.sensitivity == "restricted", _LIVE)
        .distinct()
    )
    return frozenset(rows)
