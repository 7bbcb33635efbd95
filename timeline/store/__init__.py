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
from timeline.store.history import (
    DEFAULT_ACTOR,
    ConcurrentSaveError,
    JourneyVersion,
    VersionAction,
    VersionNotFoundError,
    list_versions,
    load_version,
)
from timeline.store.journeys import (
    DeletedJourneyNotFoundError,
    JourneyExistsError,
    JourneyNotFoundError,
    any_journey_row,
    delete_journey,
    journey_exists,
    list_journeys,
    load_journey,
    restore_version,
    save_journey,
    save_journeys,
    undelete_journey,
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
    "any_journey_row",
    "journey_exists",
    "list_journeys",
    "load_journey",
    "make_engine",
    "make_session_factory",
    "save_journey",
    "save_journeys",
    "upgrade_database",
    "DEFAULT_ACTOR",
    "ConcurrentSaveError",
    "DeletedJourneyNotFoundError",
    "JourneyVersion",
    "VersionAction",
    "VersionNotFoundError",
    "list_versions",
    "load_version",
    "restore_version",
    "undelete_journey",
]
