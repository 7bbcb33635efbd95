"""Journey history: every saved state of a journey as an append-only version row.

Functions take a Session and add to the caller's transaction, so a version is written together
with the change it records or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from schemas import Journey, stored_values
from timeline.store.engine import as_utc
from timeline.store.models import JourneyVersionRow

# Who made a change. Until accounts exist (issue 6, item 1) this is free text; with accounts the
# caller passes the signed-in user's name here and nothing in the store changes.
DEFAULT_ACTOR = "local user"
BASELINE_ACTOR = "unknown (saved before history was kept)"


class VersionAction(StrEnum):
    """What kind of change a version records."""

    IMPORT = "import"
    REPLACE = "replace"
    EDIT = "edit"
    ANNOTATE = "annotate"
    DELETE = "delete"
    RESTORE = "restore"
    REVIEW = "review"  # a reviewer's proposal, accepted by a facilitator


@dataclass(frozen=True)
class JourneyVersion:
    """One entry of a journey's history, without its document."""

    key: str
    version: int
    saved_at: dt.datetime
    actor: str
    action: VersionAction
    events: int


class VersionNotFoundError(LookupError):
    """The journey has no version with this number."""

    def __init__(self, key: str, version: int) -> None:
        super().__init__(
            f"journey {key!r} has no version {version}; `touchpoints history {key}` lists them"
        )
        self.key = key
        self.version = version


class ConcurrentSaveError(Exception):
    """Another writer saved a version of the same journey at the same moment; try again."""


def record_version(
    session: Session, journey: Journey, *, actor: str, action: VersionAction | str
) -> int:
    """Add the next version of `journey` to the session's transaction; returns its number."""
    number = latest_version_number(session, journey.key) + 1
    session.add(
        JourneyVersionRow(
            journey_key=journey.key,
            version=number,
            saved_at=dt.datetime.now(dt.UTC),
            actor=actor.strip() or DEFAULT_ACTOR,
            action=VersionAction(action).value,
            document=json.dumps(journey.model_dump(mode="json"), ensure_ascii=False),
        )
    )
    try:
        session.flush()
    except IntegrityError as exc:  # the unique (key, version) caught a concurrent writer
        raise ConcurrentSaveError(
            f"journey {journey.key!r} was saved by someone else at the same moment; try again"
        ) from exc
    return number


def latest_version_number(session: Session, key: str) -> int:
    """The newest version number of journey `key`; 0 when it has no history."""
    query = select(func.max(JourneyVersionRow.version)).where(JourneyVersionRow.journey_key == key)
    return session.scalar(query) or 0


def latest_version(session: Session, key: str) -> JourneyVersion | None:
    """The newest entry of journey `key`'s history (None when it has none)."""
    row = session.scalar(
        select(JourneyVersionRow)
        .where(JourneyVersionRow.journey_key == key)
        .order_by(JourneyVersionRow.version.desc())
        .limit(1)
    )
    return None if row is None else _entry(row)


def _entry(row: JourneyVersionRow) -> JourneyVersion:
    return JourneyVersion(
        key=row.journey_key,
        version=row.version,
        saved_at=as_utc(row.saved_at),
        actor=row.actor,
        action=VersionAction(row.action),
        events=len(json.loads(row.document).get("events", [])),
    )


def list_versions(session: Session, key: str) -> list[JourneyVersion]:
    """Every version of journey `key`, oldest first (empty when it has no history)."""
    rows = session.scalars(
        select(JourneyVersionRow)
        .where(JourneyVersionRow.journey_key == key)
        .order_by(JourneyVersionRow.version)
    )
    return [_entry(row) for row in rows]


def load_version(session: Session, key: str, version: int) -> Journey:
    """The journey exactly as it was saved in `version`."""
    document = session.scalar(
        select(JourneyVersionRow.document).where(
            JourneyVersionRow.journey_key == key, JourneyVersionRow.version == version
        )
    )
    if document is None:
        raise VersionNotFoundError(key, version)
    with stored_values():  # a date stored before the range was checked is read, not refused
        return Journey.model_validate(json.loads(document))
