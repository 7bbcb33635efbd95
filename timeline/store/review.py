"""Reviewers' proposals and their outcomes. Rows are added and decided, never deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import DateTime, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from schemas import ReviewItem, ReviewKind, ReviewProposal, ReviewStatus, stored_values
from timeline.store.engine import as_utc
from timeline.store.models import Base


class ReviewItemRow(Base):
    """One proposal; `proposal` is the ReviewProposal as JSON."""

    __tablename__ = "review_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_key: Mapped[str] = mapped_column(String(80), index=True)
    proposal: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(80))
    author_role: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str] = mapped_column(Text, default="")


class ReviewItemNotFoundError(LookupError):
    """There is no such proposal on this journey."""


def add_review_item(
    session: Session, key: str, proposal: ReviewProposal, *, author: str, author_role: str
) -> ReviewItem:
    """Store a new open proposal on journey `key`."""
    row = ReviewItemRow(
        journey_key=key,
        proposal=proposal.model_dump_json(),
        author=author,
        author_role=author_role,
        created_at=dt.datetime.now(dt.UTC),
        status=ReviewStatus.OPEN.value,
        decision_note="",
    )
    session.add(row)
    session.flush()
    return _item(row)


def list_review_items(session: Session, key: str, *, author: str | None = None) -> list[ReviewItem]:
    """Journey `key`'s proposals, oldest first (only `author`'s when given)."""
    query = select(ReviewItemRow).where(ReviewItemRow.journey_key == key)
    if author is not None:
        query = query.where(ReviewItemRow.author == author)
    return [_item(r) for r in session.scalars(query.order_by(ReviewItemRow.id))]


def load_review_item(session: Session, key: str, item_id: int) -> ReviewItem:
    """One proposal of journey `key` (ReviewItemNotFoundError when there is none)."""
    row = session.get(ReviewItemRow, item_id)
    if row is None or row.journey_key != key:
        raise ReviewItemNotFoundError(f"journey {key!r} has no proposal {item_id}")
    return _item(row)


def decide_review_item(
    session: Session, key: str, item_id: int, status: ReviewStatus, *, by: str, note: str = ""
) -> ReviewItem:
    """Record the facilitator's decision on an open proposal (ValueError if already decided)."""
    row = session.get(ReviewItemRow, item_id, with_for_update=True)
    if row is None or row.journey_key != key:
        raise ReviewItemNotFoundError(f"journey {key!r} has no proposal {item_id}")
    if row.status != ReviewStatus.OPEN.value:
        raise ValueError(f"proposal {item_id} was already {row.status} by {row.decided_by}")
    row.status = status.value
    row.decided_by = by
    row.decided_at = dt.datetime.now(dt.UTC)
    row.decision_note = note.strip()
    session.flush()
    return _item(row)


def _stored_proposal(document: str) -> ReviewProposal:
    with stored_values():  # a date stored before the range was checked is read, not refused
        return ReviewProposal.model_validate_json(document)


def _item(row: ReviewItemRow) -> ReviewItem:
    return ReviewItem(
        id=row.id,
        journey_key=row.journey_key,
        proposal=_stored_proposal(row.proposal),
        author=row.author,
        author_role=row.author_role,
        created_at=as_utc(row.created_at),
        status=row.status,
        decided_by=row.decided_by,
        decided_at=None if row.decided_at is None else as_utc(row.decided_at),
        decision_note=row.decision_note,
    )


def pending_hides(session: Session, key: str) -> tuple[ReviewProposal, ...]:
    """Journey `key`'s requests to hide (an event, an agency or a sector) still waiting for a
    decision; timeline/review.py says which events they cover."""
    return tuple(proposal for _key, proposal in _open_hides(session, key))


def keys_with_pending_hides(session: Session) -> frozenset[str]:
    """Keys of journeys with a "please hide this" waiting for a decision."""
    return frozenset(key for key, _proposal in _open_hides(session))


def _open_hides(session: Session, key: str | None = None) -> Iterator[tuple[str, ReviewProposal]]:
    """(journey key, proposal) of every open "please hide this" (of journey `key`, if given)."""
    query = select(ReviewItemRow.journey_key, ReviewItemRow.proposal).where(
        ReviewItemRow.status == ReviewStatus.OPEN.value
    )
    if key is not None:
        query = query.where(ReviewItemRow.journey_key == key)
    for journey_key, document in session.execute(query.order_by(ReviewItemRow.id)):
        proposal = _stored_proposal(document)
        if proposal.kind is ReviewKind.HIDE:
            yield journey_key, proposal
