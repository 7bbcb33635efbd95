"""Persistence: the only package that imports SQLAlchemy. It speaks schemas, never ORM rows."""

from timeline.store.cohorts import (
    CohortExistsError,
    CohortNotFoundError,
    delete_cohort,
    list_cohorts,
    load_cohort,
    save_cohort,
)
from timeline.store.engine import (
    DatabaseError,
    SessionFactory,
    make_engine,
    make_session_factory,
)
from timeline.store.journeys import (
    JourneyExistsError,
    JourneyNotFoundError,
    delete_journey,
    journey_exists,
    list_journeys,
    load_journey,
    save_journey,
    save_journeys,
)
from timeline.store.migrate import downgrade_database, upgrade_database

__all__ = [
    "CohortExistsError",
    "CohortNotFoundError",
    "delete_cohort",
    "list_cohorts",
    "load_cohort",
    "save_cohort",
    "DatabaseError",
    "JourneyExistsError",
    "JourneyNotFoundError",
    "SessionFactory",
    "delete_journey",
    "downgrade_database",
    "journey_exists",
    "list_journeys",
    "load_journey",
    "make_engine",
    "make_session_factory",
    "save_journey",
    "save_journeys",
    "upgrade_database",
]
