"""The named case for hidden-means-hidden tests: the Coventry demo with a sensitive contact with
Women's Aid and a restricted stay of a third person (invented, illustrative data)."""

from __future__ import annotations

import datetime as dt

from schemas import Agency, Annotation, AnnotationKind, Event, Journey, Person
from timeline.demo.coventry import KEY
from timeline.demo.coventry import build_journey as build_coventry

__all__ = ["KEY", "coventry_with_womens_aid"]


def coventry_with_womens_aid() -> Journey:
    """The Coventry demo plus Jo's sensitive contact with Women's Aid (Domestic abuse), with a
    strength about it; and Kestrel's restricted stay at Rape Crisis (Sexual violence, provider
    type unknown), with an "in my words" entry and a missed opportunity about it."""
    coventry = build_coventry()
    wa = Event(
        id="wa-1",
        people=["Jo"],
        agency="Women's Aid",
        kind="contact",
        start=dt.date(2015, 3, 2),
        title="Talks to an outreach worker",
        sensitivity="sensitive",
    )
    stay = Event(
        id="rc-1",
        people=["Kestrel"],
        agency="Rape Crisis",
        kind="placement",
        start=dt.date(2015, 4, 1),
        end=dt.date(2015, 5, 1),
        title="Safe room",
        sensitivity="restricted",
    )
    notes = (
        Annotation(
            id="win", kind=AnnotationKind.STRENGTH, text="Asked for help", event_ids=["wa-1"]
        ),
        Annotation(
            id="words",
            kind=AnnotationKind.IN_MY_WORDS,
            text="Nobody believed me",
            event_ids=["rc-1"],
        ),
        Annotation(
            id="missed", kind=AnnotationKind.MISSED_OPPORTUNITY, text="Unasked", event_ids=["rc-1"]
        ),
    )
    return Journey.model_validate(
        coventry.model_copy(
            update={
                "people": (*coventry.people, Person(pseudonym="Kestrel")),
                "agencies": (
                    *coventry.agencies,
                    Agency(name="Women's Aid", sector="Domestic abuse", provider_type="voluntary"),
                    Agency(name="Rape Crisis", sector="Sexual violence"),
                ),
                "events": (*coventry.events, wa, stay),
                "annotations": notes,
            }
        ).model_dump()
    )
