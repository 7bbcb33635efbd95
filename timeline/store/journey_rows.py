"""Journeys to rows and rows to journeys: the ORM side of a journey stays in timeline/store."""

from __future__ import annotations

from schemas import Agency, Annotation, Event, Journey, Person
from timeline.store.models import AgencyRow, AnnotationRow, EventRow, JourneyRow, PersonRow

Parts = tuple[list[PersonRow], list[AgencyRow], list[EventRow], list[AnnotationRow]]


def journey_parts(journey: Journey) -> Parts:
    """New rows for a journey's people, agencies, events and notes (no journey row yet)."""
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
            start=a.start,
            end=a.end,
        )
        for i, a in enumerate(journey.annotations)
    ]
    return list(people.values()), list(agencies.values()), events, annotations


def journey_row(journey: Journey) -> JourneyRow:
    """A new journey row with all its parts."""
    people, agencies, events, annotations = journey_parts(journey)
    return JourneyRow(
        key=journey.key,
        title=journey.title,
        summary=journey.summary,
        provenance=journey.provenance.value,
        people=people,
        agencies=agencies,
        events=events,
        annotations=annotations,
    )


def journey_schema(row: JourneyRow) -> Journey:
    """A stored journey row as the schema object."""
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
                start=a.start,
                end=a.end,
            )
            for a in row.annotations
        ],
    )
