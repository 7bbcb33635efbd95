"""Engines and sessions: SQLite by default (foreign keys on, WAL), any SQLAlchemy URL otherwise.

Every read session sees one snapshot of the database, and writers take their lock up front:
- SQLite: the driver's own transaction handling is switched off so that a read session starts
  with BEGIN (one WAL snapshot for all its queries) and a write session with BEGIN IMMEDIATE
  (writers queue for the one write lock instead of failing half-way);
- PostgreSQL: a read session runs at REPEATABLE READ (one snapshot); a write session stays at
  READ COMMITTED and locks the journey row it changes (timeline/store/journeys.py).
So a page loaded while someone saves sees the journey before or after the save, never a mix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from timeline.store.journey_cache import JourneyCache


class DatabaseError(Exception):
    """The database cannot be opened or is not in a state Touchpoints can use."""


# The session.info key of the journeys this factory's sessions have read (journey_cache.py).
JOURNEY_CACHE = "touchpoints_journeys"
# A write session's connections carry this execution option (see SessionFactory).
WRITER_OPTION = "touchpoints_writer"
# Seconds a SQLite writer waits for another writer's lock before giving up.
SQLITE_BUSY_SECONDS = 30


def _enable_sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    # Transactions are begun by _begin_transaction below, not by the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for `url`; a SQLite file's folder is created if it is missing."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a terse message
        raise DatabaseError(
            f"database URL {url!r} is not a SQLAlchemy URL "
            "(examples: sqlite:///data/touchpoints.db, postgresql+psycopg://user@host/db)"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_SECONDS})
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        engine = create_engine(parsed, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise DatabaseError(
            f"the database driver for {parsed.drivername} is not installed: {exc.name}. "
            "For PostgreSQL install the extra: pip install -e '.[postgres]'"
        ) from exc
    if parsed.get_backend_name() == "postgresql":
        event.listen(engine, "begin", _begin_postgresql)
    return engine


def _is_writer(connection: Connection) -> bool:
    return bool(connection.get_execution_options().get(WRITER_OPTION))


def _begin_sqlite(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _is_writer(connection) else "BEGIN")


def _begin_postgresql(connection: Connection) -> None:
    if not _is_writer(connection):
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


class SessionFactory(sessionmaker[Session]):
    """Sessions for one engine: calling it gives a read session (one snapshot); `begin()` gives
    a write session in a transaction that takes the write lock up front."""

    def __init__(self, engine: Engine) -> None:
        # Every session shares this factory's journey cache (session.info is copied shallowly).
        super().__init__(engine, expire_on_commit=False, info={JOURNEY_CACHE: JourneyCache()})
        self._writer = sessionmaker(
            engine.execution_options(**{WRITER_OPTION: True}), expire_on_commit=False
        )

    def begin(self):  # noqa: ANN201 - sessionmaker's own context-manager type
        """A write session, begun; committed when the block ends, rolled back on error."""
        return self._writer.begin()

    def forget_connections(self, *, close: bool) -> None:
        """Drop the pooled connections of this process: close=True closes them (the process
        will not use them again); close=False only forgets them (a forked child must neither
        use nor close its parent's)."""
        self.kw["bind"].dispose(close=close)


def make_session_factory(engine: Engine) -> SessionFactory:
    """A session factory; callers own each session and its transaction."""
    return SessionFactory(engine)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored timestamp as aware UTC (SQLite hands back naive ones; they were written as UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
