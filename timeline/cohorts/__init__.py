"""Synthetic cohorts: column tables, their storage shape, and the commissioner explorer's sums."""

from timeline.cohorts.tables import (
    AGENCY_COLUMNS,
    CYCLE_COLUMNS,
    EVENT_COLUMNS,
    NEEDS,
    PEOPLE_COLUMNS,
    Cohort,
    CohortInfo,
)

__all__ = [
    "AGENCY_COLUMNS",
    "CYCLE_COLUMNS",
    "EVENT_COLUMNS",
    "NEEDS",
    "PEOPLE_COLUMNS",
    "Cohort",
    "CohortInfo",
]
