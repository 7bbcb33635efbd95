"""Save, load, list and delete journeys. Functions take a Session; callers own transactions."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from schemas import Agency, Annotation, Event, Journey, JourneySummary, Person
from timeline.store.models import AgencyRow, AnnotationRow, EventRow, JourneyRow, PersonRow


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


def journey_exists(session: Session, key: str) -> bool:
    """True when a journey with `key` is stored."""
    return session.scalar(select(JourneyRow.pk).where(JourneyRow.key == key)) is not None


def save_journey(session: Session, journey: Journey, *, replace: bool = False) -> None:
    """Add `journey` to the session's transaction; an existing key needs `replace=True`."""
    if journey_exists(session, journey.key):
        if not replace:
            raise JourneyExistsError(journey.key)
        session.execute(delete(JourneyRow).where(JourneyRow.key == journey.key))
    session.add(_journey_row(journey))
    try:
        session.flush()
    except IntegrityError as exc:  # another writer stored the same key since we looked
        raise JourneyExistsError(journey.key) from exc


def save_journeys(session: Session, journeys: list[Journey], *, replace: bool = False) -> None:
    """Save several journeys; every key is checked before anything is written."""
    if not replace:
        for journey in journeys:
            if journey_exists(session, journey.key):
                raise JourneyExistsError(journey.key)
    for journey in journeys:
        save_journey(session, journey, replace=replace)


def load_journey(session: Session, key: str) -> Journey:
    """The stored journey with `key`, as a validated schema object."""
    row = session.scalar(
        select(JourneyRow)
        .where(JourneyRow.key == key)
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
    return _journey_schema(row)


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
        .order_by(JourneyRow.key)
    )
    fields = JourneySummary.model_fields.keys()
    return [
        JourneySummary.model_validate(dict(zip(fields, r, strict=True)))
        for r in session.execute(query)
    ]


def delete_journey(session: Session, key: str) -> None:
    """Remove the journey with `key` and everything in it."""
    if not journey_exists(session, key):
        raise JourneyNotFoundError(key)
    session.execute(delete(JourneyRow).where(JourneyRow.key == key))


def _journey_row(journey: Journey) -> JourneyRow:
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
        )
        for i, a in enumerate(journey.annotations)
    ]
    return JourneyRow(
        key=journey.key,
        title=journey.title,
        summary=journey.summary,
        provenance=journey.provenance.value,
        people=list(people.values()),
        agencies=list(agencies.values()),
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
            )
            for a in row.annotations
        ],
    )
