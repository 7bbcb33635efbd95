"""The audit list: who did what to accounts and shares, and every sign-in. Rows are only ever
added; nothing in the app or the CLI deletes or edits them.

Functions take a Session and add to the caller's transaction, so an admin action and its audit
row are written together or not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from timeline.store.engine import as_utc
from timeline.store.models import Base

MAX_DETAIL = 300


class AuditRow(Base):
    """One thing done: when, by whom, what, to what, and a short detail in plain words."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(String(MAX_DETAIL))


@dataclass(frozen=True)
class AuditRecord:
    """One audit row as the rest of Touchpoints sees it."""

    at: dt.datetime
    actor: str
    action: str
    target: str
    detail: str


def add_audit(session: Session, actor: str, action: str, target: str, detail: str = "") -> None:
    """Record one action (texts cut to their column's length)."""
    session.add(
        AuditRow(
            at=dt.datetime.now(dt.UTC),
            actor=actor[:200],
            action=action[:40],
            target=target[:200],
            detail=detail[:MAX_DETAIL],
        )
    )
    session.flush()


def list_audit(session: Session, limit: int = 200, offset: int = 0) -> list[AuditRecord]:
    """The newest `limit` rows after skipping `offset`, newest first."""
    rows = session.scalars(
        select(AuditRow)
        .order_by(AuditRow.at.desc(), AuditRow.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return [AuditRecord(as_utc(r.at), r.actor, r.action, r.target, r.detail) for r in rows]
