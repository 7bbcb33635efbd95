"""Named cost tables: illustrative unit costs saved under a name, so a URL can name them.

A saved table never changes: a name is taken once, by whoever saves it first, and a link that
names it shows the same costs for as long as it is kept. Saving a taken name is refused
(CostTableExistsError names who took it and when), also when two people save the same name at
once: the unique name decides, never the later writer. Functions take a Session and add to the
caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import DateTime, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from timeline.store.engine import as_utc
from timeline.store.models import Base

UnitCost = tuple[str, str, float]  # (event kind, sector or "*", pounds per event)


class CostTableRow(Base):
    """One saved cost table; `costs` is a JSON list of [kind, sector, gbp]."""

    __tablename__ = "cost_tables"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    costs: Mapped[str] = mapped_column(Text)
    saved_by: Mapped[str] = mapped_column(String(200))
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class CostTableRecord:
    """A saved cost table as the rest of Touchpoints sees it."""

    name: str
    costs: tuple[UnitCost, ...]
    saved_by: str
    saved_at: dt.datetime


class CostTableExistsError(ValueError):
    """The name is taken; `existing` is the table saved under it."""

    def __init__(self, existing: CostTableRecord) -> None:
        super().__init__(f"a cost table called {existing.name!r} is already saved")
        self.existing = existing


class CostTableNotFoundError(LookupError):
    """There is no saved cost table with this name."""


def save_cost_table(
    session: Session, name: str, costs: tuple[UnitCost, ...], *, saved_by: str
) -> CostTableRecord:
    """Store a new cost table under `name` (CostTableExistsError when the name is taken, even
    by a save that commits while this one runs)."""
    found = _find(session, name)
    if found is not None:
        raise CostTableExistsError(_record(found))
    row = CostTableRow(
        name=name,
        costs=json.dumps([[kind, sector, float(gbp)] for kind, sector, gbp in costs]),
        saved_by=saved_by,
        saved_at=dt.datetime.now(dt.UTC),
    )
    try:
        with session.begin_nested():  # a savepoint: another session may take the name first
            session.add(row)
    except IntegrityError:
        found = _find(session, name)
        if found is None:  # not a name clash after all
            raise
        raise CostTableExistsError(_record(found)) from None
    return _record(row)


def load_cost_table(session: Session, name: str) -> CostTableRecord:
    """The cost table saved as `name` (CostTableNotFoundError when there is none)."""
    found = _find(session, name)
    if found is None:
        raise CostTableNotFoundError(name)
    return _record(found)


def list_cost_tables(session: Session) -> list[CostTableRecord]:
    """Every saved cost table, by name."""
    return [_record(r) for r in session.scalars(select(CostTableRow).order_by(CostTableRow.name))]


def _find(session: Session, name: str) -> CostTableRow | None:
    return session.scalars(select(CostTableRow).where(CostTableRow.name == name)).one_or_none()


def _record(row: CostTableRow) -> CostTableRecord:
    costs = tuple((str(k), str(s), float(g)) for k, s, g in json.loads(row.costs))
    return CostTableRecord(row.name, costs, row.saved_by, as_utc(row.saved_at))
