"""A database that cannot be used (disk full, connection lost, locked, gone), told apart from
everything else and described in one short line, for callers that may not import SQLAlchemy
(the CLI and the web app). The line never holds SQL, parameters or stored data."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

# Every error SQLAlchemy raises while talking to a database.
DATABASE_FAILURES: tuple[type[Exception], ...] = (sa_exc.SQLAlchemyError,)
# The ones that say the database itself is unusable now, whatever was asked of it.
_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)
_REASON_CHARS = 160


def database_unavailable(error: BaseException) -> bool:
    """True for a database that cannot be used now (disk full, lost connection, locked)."""
    return isinstance(error, _UNAVAILABLE)


def database_failure_reason(error: BaseException) -> str:
    """A short reason without SQL or data: the driver's first line for an unusable database
    ('database or disk is full'), else only what kind of refusal it was."""
    if isinstance(error, sa_exc.TimeoutError):
        return "every connection to it is busy"
    if isinstance(error, sa_exc.DBAPIError) and database_unavailable(error):
        lines = str(error.orig).strip().splitlines()
        first = lines[0].strip() if lines else ""
        if first:
            return first if len(first) <= _REASON_CHARS else first[: _REASON_CHARS - 1] + "…"
    kind = type(error).__name__
    return {
        "IntegrityError": "it refused a change that breaks its rules",
        "DataError": "it refused a value",
        "ProgrammingError": "it did not understand a request",
        "OperationalError": "it is not available",
        "InterfaceError": "the connection to it failed",
    }.get(kind, "it answered with an error")
