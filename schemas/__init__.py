"""Validated data models of Touchpoints: journeys, people, agencies, events, annotations.

This package imports only pydantic and the standard library.
"""

from schemas.cycle import Cycle
from schemas.dates import DATE_MAX, DATE_MIN, Day, date_range_problem, stored_values
from schemas.journey import (
    FORMAT_VERSION,
    Agency,
    Annotation,
    Event,
    Journey,
    JourneySummary,
    Person,
    ShownJourney,
    normalise_sector,
    slugify_key,
)
from schemas.review import (
    REVIEW_KIND_LABELS,
    ReviewItem,
    ReviewKind,
    ReviewProposal,
    ReviewStatus,
)
from schemas.vocab import (
    RECOMMENDED_SECTORS,
    AgeBand,
    AnnotationKind,
    DatePrecision,
    EventKind,
    Gender,
    NeedDomain,
    Provenance,
    ProviderType,
    Sensitivity,
    Source,
)

__all__ = [
    "REVIEW_KIND_LABELS",
    "DATE_MAX",
    "DATE_MIN",
    "Day",
    "date_range_problem",
    "stored_values",
    "ReviewItem",
    "ReviewKind",
    "ReviewProposal",
    "ReviewStatus",
    "FORMAT_VERSION",
    "RECOMMENDED_SECTORS",
    "AgeBand",
    "Agency",
    "Annotation",
    "Cycle",
    "AnnotationKind",
    "DatePrecision",
    "Event",
    "EventKind",
    "Gender",
    "Journey",
    "JourneySummary",
    "NeedDomain",
    "Person",
    "ShownJourney",
    "Provenance",
    "ProviderType",
    "Sensitivity",
    "Source",
    "normalise_sector",
    "slugify_key",
]
