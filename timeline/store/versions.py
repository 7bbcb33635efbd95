"""A journey's version: read it, lock the row for a save, and refuse a save based on an older one.

`journeys.version` is the newest history version. A save names the version it was based on;
under the row lock the two are compared and a stale save is refused (compare-and-set).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from timeline.store.history import latest_version
from timeline.store.journey_errors import JourneyNotFoundError, StaleJourneyError
from timeline.store.models import JourneyRow

_LIVE = JourneyRow.deleted_at.is_(None)


@dataclass(frozen=True)
class Locked:
    """A journey row locked for this transaction: its pk, version and whether deleted."""

    pk: int
    version: int
    deleted: bool


def lock_journey(session: Session, key: str) -> Locked | None:
    """Lock journey `key`'s row (deleted or not) for this transaction; None when there is none."""
    # FOR UPDATE: on PostgreSQL a second writer waits here until the first commits and then
    # reads the version it left; SQLite writers are already serialised by BEGIN IMMEDIATE.
    row = session.execute(
        select(JourneyRow.pk, JourneyRow.version, JourneyRow.deleted_at)
        .where(JourneyRow.key == key)
        .with_for_update()
    ).first()
    return None if row is None else Locked(row.pk, row.version, row.deleted_at is not None)


def lock_and_check(session: Session, key: str, base_version: int | None) -> Locked | None:
    """lock_journey, refusing (StaleJourneyError) a journey no longer at `base_version`.
    Version 0 names a journey not stored yet (or stored before history was kept)."""
    locked = lock_journey(session, key)
    if base_version is None or (locked is None and base_version == 0):
        return locked  # nothing to compare, or a new journey expected and none stored yet
    if locked is None:
        raise JourneyNotFoundError(key)
    if locked.version != base_version:
        raise StaleJourneyError(key, base_version, latest_version(session, key))
    return locked


def check_version(session: Session, key: str, base_version: int | None) -> int | None:
    """Lock journey `key`'s row for this transaction and return its version (None when there is
    no row); StaleJourneyError when `base_version` is given and the journey has moved on."""
    locked = lock_and_check(session, key, base_version)
    return None if locked is None else locked.version


def current_versions(
    session: Session, keys: list[str], *, include_deleted: bool = False
) -> dict[str, int]:
    """The version each stored (not deleted, unless asked) journey among `keys` is at."""
    where = [JourneyRow.key.in_(keys)] + ([] if include_deleted else [_LIVE])
    rows = session.execute(select(JourneyRow.key, JourneyRow.version).where(*where))
    return {key: version for key, version in rows}


def current_version(session: Session, key: str) -> int | None:
    """The version the stored (not deleted) journey `key` is at; None when there is none."""
    return session.scalar(select(JourneyRow.version).where(JourneyRow.key == key, _LIVE))


def stamp_version(session: Session, key: str, number: int) -> None:
    """Record that journey `key` is now at version `number`."""
    session.execute(
        update(JourneyRow)
        .where(JourneyRow.key == key)
        .values(version=number, updated_at=dt.datetime.now(dt.UTC))
        .execution_options(synchronize_session=False)
    )
