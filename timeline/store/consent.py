"""Consent records: who agreed to a journey being shown, to which audiences, and withdrawals.

Rows are only added or stamped as withdrawn, never deleted, so consent history is kept. Functions
take a Session and add to the caller's transaction. Audiences are plain strings here; which ones
exist and what they allow is timeline/consent.py's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import DateTime, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from timeline.store.engine import as_utc
from timeline.store.history import DEFAULT_ACTOR
from timeline.store.models import Base


class JourneyConsentRow(Base):
    """One consent given for a journey; withdrawal stamps withdrawn_at/withdrawn_by."""

    __tablename__ = "journey_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_key: Mapped[str] = mapped_column(String(80), index=True)
    given_by: Mapped[str] = mapped_column(String(200))
    recorded_by: Mapped[str] = mapped_column(String(200))
    given_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    audiences: Mapped[str] = mapped_column(String(200))  # comma list, sorted
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_by: Mapped[str | None] = mapped_column(String(200))


@dataclass(frozen=True)
class ConsentRecord:
    """One consent record as the rest of Touchpoints sees it."""

    id: int
    key: str
    given_by: str
    recorded_by: str
    given_at: dt.datetime
    audiences: tuple[str, ...]
    withdrawn_at: dt.datetime | None = None
    withdrawn_by: str | None = None

    @property
    def current(self) -> bool:
        """True until the record is withdrawn."""
        return self.withdrawn_at is None


def record_consent(
    session: Session,
    key: str,
    *,
    given_by: str,
    audiences: Iterable[str],
    recorded_by: str = DEFAULT_ACTOR,
) -> int:
    """Add a consent record for journey `key`; returns its id."""
    chosen = sorted(set(audiences))
    if not chosen:
        raise ValueError("consent needs at least one audience")
    if not given_by.strip():
        raise ValueError("say who gave consent (e.g. 'the person, via their worker')")
    row = JourneyConsentRow(
        journey_key=key,
        given_by=given_by.strip(),
        recorded_by=recorded_by.strip() or DEFAULT_ACTOR,
        given_at=dt.datetime.now(dt.UTC),
        audiences=",".join(chosen),
    )
    session.add(row)
    session.flush()
    return row.id


def withdraw_consent(
    session: Session,
    key: str,
    *,
    audiences: Iterable[str] | None = None,
    withdrawn_by: str = DEFAULT_ACTOR,
) -> int:
    """Withdraw current consent for `audiences` (all when None); returns records withdrawn.

    A record that also covers audiences not withdrawn is stamped withdrawn and copied, with its
    original giver and date, for the audiences that remain, so the history shows both.
    """
    dropping = None if audiences is None else set(audiences)
    now = dt.datetime.now(dt.UTC)
    who = withdrawn_by.strip() or DEFAULT_ACTOR
    withdrawn = 0
    for row in _current_rows(session, key):
        had = set(row.audiences.split(","))
        if dropping is not None and not had & dropping:
            continue
        row.withdrawn_at, row.withdrawn_by = now, who
        withdrawn += 1
        remaining = sorted(had - dropping) if dropping is not None else []
        if remaining:
            session.add(
                JourneyConsentRow(
                    journey_key=key,
                    given_by=row.given_by,
                    recorded_by=row.recorded_by,
                    given_at=row.given_at,
                    audiences=",".join(remaining),
                )
            )
    session.flush()
    return withdrawn


def current_audiences(session: Session, key: str) -> frozenset[str]:
    """The audiences journey `key` has current (not withdrawn) consent for."""
    return frozenset(a for row in _current_rows(session, key) for a in row.audiences.split(","))


def list_consents(session: Session, key: str) -> list[ConsentRecord]:
    """Every consent record of journey `key`, withdrawn ones too, oldest first."""
    rows = session.scalars(
        select(JourneyConsentRow)
        .where(JourneyConsentRow.journey_key == key)
        .order_by(JourneyConsentRow.id)
    )
    return [
        ConsentRecord(
            id=row.id,
            key=row.journey_key,
            given_by=row.given_by,
            recorded_by=row.recorded_by,
            given_at=as_utc(row.given_at),
            audiences=tuple(row.audiences.split(",")),
            withdrawn_at=as_utc(row.withdrawn_at) if row.withdrawn_at else None,
            withdrawn_by=row.withdrawn_by,
        )
        for row in rows
    ]


def _current_rows(session: Session, key: str) -> list[JourneyConsentRow]:
    return list(
        session.scalars(
            select(JourneyConsentRow)
            .where(JourneyConsentRow.journey_key == key, JourneyConsentRow.withdrawn_at.is_(None))
            .order_by(JourneyConsentRow.id)
        )
    )
