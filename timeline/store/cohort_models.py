"""ORM tables of synthetic cohorts (see timeline/store/cohorts.py for how they are used)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Date, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from timeline.store.models import Base


class CohortRow(Base):
    __tablename__ = "cohorts"

    pk: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    seed: Mapped[int] = mapped_column(BigInteger)
    people: Mapped[int]
    events: Mapped[int]
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    modules: Mapped[list[str]] = mapped_column(JSON, default=list)
    coordinated_from: Mapped[dt.date | None] = mapped_column(Date)
    coordinated_share: Mapped[float] = mapped_column(Float, default=0.0)
    provenance: Mapped[str] = mapped_column(String(20), default="synthetic")
    window_from: Mapped[dt.date | None] = mapped_column(Date)  # None: stored before windows
    window_to: Mapped[dt.date | None] = mapped_column(Date)
    area: Mapped[str] = mapped_column(String(40), default="", server_default="")


def _fk() -> Mapped[int]:
    return mapped_column(ForeignKey("cohorts.pk", ondelete="CASCADE"), primary_key=True)


class CohortPersonRow(Base):
    __tablename__ = "cohort_people"

    cohort_pk: Mapped[int] = _fk()
    person: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    pseudonym: Mapped[str] = mapped_column(String(40))
    age_band: Mapped[str] = mapped_column(String(20))
    gender: Mapped[str] = mapped_column(String(20))
    needs: Mapped[str] = mapped_column(String(120))
    coordinated_day: Mapped[int | None]
    area: Mapped[str] = mapped_column(String(80), default="", server_default="")
    entered_day: Mapped[int | None]
    left_day: Mapped[int | None]
    left_because: Mapped[str] = mapped_column(String(20), default="", server_default="")


class CohortAgencyRow(Base):
    __tablename__ = "cohort_agencies"

    cohort_pk: Mapped[int] = _fk()
    agency: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(120))
    provider_type: Mapped[str] = mapped_column(String(20))


class CohortEventRow(Base):
    __tablename__ = "cohort_events"

    cohort_pk: Mapped[int] = _fk()
    person: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    event: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    agency: Mapped[int]
    kind: Mapped[str] = mapped_column(String(30))
    start_day: Mapped[int]
    end_day: Mapped[int | None]


class CohortTruthRow(Base):
    __tablename__ = "cohort_truth"

    cohort_pk: Mapped[int] = _fk()
    row: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    person: Mapped[int]
    rule: Mapped[str] = mapped_column(String(40))
    start_day: Mapped[int]
    end_day: Mapped[int]
    iterations: Mapped[int]


class CohortCycleRow(Base):
    __tablename__ = "cohort_cycles"

    cohort_pk: Mapped[int] = _fk()
    row: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    person: Mapped[int]
    rule: Mapped[str] = mapped_column(String(40))
    start_day: Mapped[int]
    end_day: Mapped[int]
    iterations: Mapped[int]
