"""Reading case-study files (CSV, XLSX, JSON) into journeys, and writing journeys out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemas import Journey
from timeline.io.errors import InvalidFileError, RowError
from timeline.io.export import write_csv
from timeline.io.jsonio import journey_json_schema, read_json, write_json
from timeline.io.rows import journeys_from_table
from timeline.io.sheets import MAX_ROWS, read_table


@dataclass(frozen=True)
class ImportResult:
    """Journeys read from one file, with the warnings (e.g. ignored columns) met on the way."""

    journeys: list[Journey]
    warnings: list[RowError]


def read_journeys(data: bytes, name: str, *, max_rows: int = MAX_ROWS) -> ImportResult:
    """Read every journey in a file; InvalidFileError lists every problem if any row is bad.
    A CSV or XLSX file of more than `max_rows` rows is refused before its rows are checked."""
    if Path(name).suffix.lower() == ".json":
        return ImportResult(read_json(data, name), [])
    result = journeys_from_table(read_table(data, name, max_rows), name)
    if result.errors:
        raise InvalidFileError(result.errors, result.warnings)
    return ImportResult(result.journeys, result.warnings)


def read_journeys_from_path(path: Path, *, max_rows: int = MAX_ROWS) -> ImportResult:
    """Read a case-study file from disk (see read_journeys)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidFileError([RowError(str(path), f"cannot be read: {exc.strerror}")]) from None
    return read_journeys(data, str(path), max_rows=max_rows)


__all__ = [
    "ImportResult",
    "InvalidFileError",
    "RowError",
    "journey_json_schema",
    "read_journeys",
    "read_journeys_from_path",
    "write_csv",
    "write_json",
]
