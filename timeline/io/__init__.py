"""Reading case-study files (CSV, XLSX, JSON) into journeys, and writing journeys out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemas import Journey, Provenance
from timeline.collection import collection_paused
from timeline.io.errors import InvalidFileError, RowError
from timeline.io.export import write_csv
from timeline.io.jsonio import journey_json_schema, read_json, write_json
from timeline.io.mapping import ColumnMapping, journeys_from_mapped_table, load_mapping
from timeline.io.rows import Progress, journeys_from_table
from timeline.io.sheets import MAX_ROWS, read_table


@dataclass(frozen=True)
class ImportResult:
    """Journeys read from one file, with the warnings (e.g. ignored columns) met on the way."""

    journeys: list[Journey]
    warnings: list[RowError]
    # keys of the journeys whose file named their provenance: the file wins over a chosen one
    provenance_from_file: frozenset[str] = frozenset()


def read_journeys(
    data: bytes,
    name: str,
    *,
    max_rows: int = MAX_ROWS,
    provenance: Provenance | None = None,
    progress: Progress | None = None,
    mapping: ColumnMapping | None = None,
) -> ImportResult:
    """Read every journey in a file; InvalidFileError lists every problem if any row is bad.
    A CSV or XLSX file of more than `max_rows` rows is refused before its rows are checked.
    A journey whose file names no provenance (a CSV or XLSX without the column, or with it
    blank) gets `provenance`, else anonymised; JSON always names it. `progress(what, done,
    total)`, if given, hears how a CSV or XLSX file's rows are read and checked. `mapping`
    says which of a CSV or XLSX file's own columns feeds which Touchpoints column."""
    if Path(name).suffix.lower() == ".json":
        if mapping is not None:
            raise InvalidFileError([RowError(name, "a column mapping applies to CSV or XLSX")])
        journeys = read_json(data, name)
        return ImportResult(journeys, [], frozenset(j.key for j in journeys))
    with collection_paused():
        table = read_table(data, name, max_rows)
        if mapping is None:
            result = journeys_from_table(table, name, provenance, progress)
        else:
            result = journeys_from_mapped_table(table, mapping, name, provenance, progress)
    if result.errors:
        raise InvalidFileError(result.errors, result.warnings)
    return ImportResult(result.journeys, result.warnings, result.provenance_from_file)


def read_journeys_from_path(
    path: Path,
    *,
    max_rows: int = MAX_ROWS,
    provenance: Provenance | None = None,
    progress: Progress | None = None,
    mapping: ColumnMapping | None = None,
) -> ImportResult:
    """Read a case-study file from disk (see read_journeys)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidFileError([RowError(str(path), f"cannot be read: {exc.strerror}")]) from None
    return read_journeys(
        data,
        str(path),
        max_rows=max_rows,
        provenance=provenance,
        progress=progress,
        mapping=mapping,
    )


__all__ = [
    "ColumnMapping",
    "ImportResult",
    "InvalidFileError",
    "Progress",
    "RowError",
    "journey_json_schema",
    "load_mapping",
    "read_journeys",
    "read_journeys_from_path",
    "write_csv",
    "write_json",
]
