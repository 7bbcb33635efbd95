"""ORM tables. Rows never leave timeline.store: loaders convert them to schemas."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base; its metadata is Alembic's target."""


class JourneyRow(Base):
    __tablename__ = "journeys"

    pk: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    provenance: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The newest history version of this journey: a save names the version it was based on and
    # is refused when this has moved on (compare-and-set under the row lock).
    version: Mapped[int] = mapped_column(default=0, server_default="0")

    people: Mapped[list[PersonRow]] = relationship(
        back_populates="journey", cascade="all, delete-orphan", order_by="PersonRow.position"
    )
    agencies: Mapped[list[AgencyRow]] = relationship(
        back_populates="journey", cascade="all, delete-orphan", order_by="AgencyRow.position"
    )
    events: Mapped[list[EventRow]] = relationship(
        back_populates="journey",
        cascade="all, delete-orphan",
        order_by="(EventRow.start, EventRow.position)",
    )
    annotations: Mapped[list[AnnotationRow]] = relationship(
        back_populates="journey", cascade="all, delete-orphan", order_by="AnnotationRow.position"
    )


class PersonRow(Base):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("journey_pk", "pseudonym"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    journey_pk: Mapped[int] = mapped_column(ForeignKey("journeys.pk", ondelete="CASCADE"))
    position: Mapped[int]
    pseudonym: Mapped[str] = mapped_column(String(120))
    age_band: Mapped[str] = mapped_column(String(20))
    gender: Mapped[str] = mapped_column(String(20))
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)

    journey: Mapped[JourneyRow] = relationship(back_populates="people")


class AgencyRow(Base):
    __tablename__ = "agencies"
    __table_args__ = (UniqueConstraint("journey_pk", "name"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    journey_pk: Mapped[int] = mapped_column(ForeignKey("journeys.pk", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))
    sector: Mapped[str] = mapped_column(String(120))
    provider_type: Mapped[str] = mapped_column(String(20))
    parent: Mapped[str | None] = mapped_column(String(120))

    journey: Mapped[JourneyRow] = relationship(back_populates="agencies")


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("journey_pk", "event_id"),
        Index("ix_events_journey_start", "journey_pk", "start", "position"),
        Index("ix_events_agency_start", "agency_pk", "start"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    journey_pk: Mapped[int] = mapped_column(ForeignKey("journeys.pk", ondelete="CASCADE"))
    agency_pk: Mapped[int] = mapped_column(ForeignKey("agencies.pk", ondelete="CASCADE"))
    position: Mapped[int]
    event_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(30))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20))
    sensitivity: Mapped[str] = mapped_column(String(20))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    area: Mapped[str] = mapped_column(String(80), default="", server_default="")

    journey: Mapped[JourneyRow] = relationship(back_populates="events")
    agency_row: Mapped[AgencyRow] = relationship()
    person_rows: Mapped[list[PersonRow]] = relationship(
        secondary="event_people", order_by="PersonRow.position"
    )


class EventPersonRow(Base):
    __tablename__ = "event_people"

    event_pk: Mapped[int] = mapped_column(
        ForeignKey("events.pk", ondelete="CASCADE"), primary_key=True
    )
    person_pk: Mapped[int] = mapped_column(
        ForeignKey("people.pk", ondelete="CASCADE"), primary_key=True, index=True
    )


class AnnotationRow(Base):
    __tablename__ = "annotations"
    __table_args__ = (UniqueConstraint("journey_pk", "annotation_id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    journey_pk: Mapped[int] = mapped_column(ForeignKey("journeys.pk", ondelete="CASCADE"))
    position: Mapped[int]
    annotation_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    event_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    author_role: Mapped[str] = mapped_column(String(120))
    paraphrased: Mapped[bool] = mapped_column(default=False)
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)

    journey: Mapped[JourneyRow] = relationship(back_populates="annotations")


class JourneyVersionRow(Base):
    """One saved state of a journey; rows are only ever added, so history is never rewritten."""

    __tablename__ = "journey_versions"
    __table_args__ = (
        UniqueConstraint("journey_key", "version", name="uq_journey_versions_key_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_key: Mapped[str] = mapped_column(String(80))
    version: Mapped[int]
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))
    document: Mapped[str] = mapped_column(Text)
