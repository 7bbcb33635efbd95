"""A column mapping: which of a file's own columns feeds which Touchpoints column, so a
spreadsheet whose header does not follow the format can be imported as it is."""

from __future__ import annotations

import difflib
import json
import tomllib
from dataclasses import dataclass, field

from schemas import Provenance
from timeline.io.columns import COMBINED, EXTENSIONS, OPTIONAL, REQUIRED, normalise_header
from timeline.io.errors import InvalidFileError, RowError
from timeline.io.rows import Progress, RowsResult, journeys_from_table
from timeline.io.sheets import Table

IGNORE = "ignore"  # the value that drops a file column without a warning
SECTIONS = ("columns", "defaults")


def touchpoints_fields() -> tuple[str, ...]:
    """Every column a file may give, in the format's order (read from schemas import Provenance
    from timeline.io.columns,
        so a column added to the format is offered here too)."""
    return (*REQUIRED, *OPTIONAL, COMBINED, *EXTENSIONS)


# Names facilitators often use for a column, beyond the format's own (kept short: a wrong
# guess is worse than none, and every guess is shown in a dropdown to be checked).
SYNONYMS = {
    "date": "start",
    "start_date": "start",
    "date_seen": "start",
    "end_date": "end",
    "service": "agency",
    "organisation": "agency",
    "organization": "agency",
    "case": "journey",
    "case_id": "journey",
    "case_study": "journey",
    "journey_key": "journey",
    "sector_type": COMBINED,
    "event_kind": "kind",
    "event_type": "kind",
    "notes": "description",
}


@dataclass(frozen=True)
class ColumnMapping:
    """File column (as its header writes it) -> Touchpoints column or IGNORE; `defaults` gives
    a fixed value to a Touchpoints column no file column feeds (e.g. one journey's key)."""

    columns: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """A plain dict (for a page's store), read back by mapping_from_dict."""
        return {"columns": dict(self.columns), "defaults": dict(self.defaults)}


def _field_name(value: object, where: str, name: str, errors: list[RowError]) -> str | None:
    if not isinstance(value, str):
        errors.append(RowError(name, f"{where} should be a Touchpoints column name in quotes"))
        return None
    column = normalise_header(value)
    if column == IGNORE or column == "":
        return IGNORE
    if column not in touchpoints_fields():
        close = difflib.get_close_matches(column, touchpoints_fields(), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        errors.append(
            RowError(
                name,
                f"{where}: {value!r} is not a Touchpoints column; {hint}use one of: "
                f"{', '.join(touchpoints_fields())}, or {IGNORE!r}",
            )
        )
        return None
    return column


def mapping_from_dict(document: object, name: str = "mapping") -> ColumnMapping:
    """Check a mapping document ({"columns": {...}, "defaults": {...}}); InvalidFileError
    lists every problem (an unknown Touchpoints column, one fed twice, a wrong section)."""
    errors: list[RowError] = []
    if not isinstance(document, dict):
        raise InvalidFileError([RowError(name, "should hold a [columns] table")])
    for section in document:
        if section not in SECTIONS:
            errors.append(
                RowError(name, f"[{section}] is not a mapping section; use [columns], [defaults]")
            )
    raw_columns = document.get("columns", {})
    raw_defaults = document.get("defaults", {})
    if not isinstance(raw_columns, dict) or not isinstance(raw_defaults, dict):
        raise InvalidFileError(errors + [RowError(name, "[columns] and [defaults] are tables")])
    if not raw_columns:
        errors.append(RowError(name, "[columns] is empty: name at least one file column"))
    columns: dict[str, str] = {}
    fed_by: dict[str, str] = {}
    for source, target in raw_columns.items():
        column = _field_name(target, f"[columns] {source!r}", name, errors)
        if column is None:
            continue
        if column != IGNORE and column in fed_by:
            errors.append(
                RowError(
                    name,
                    f"{column!r} is mapped twice, from {fed_by[column]!r} and {source!r}; "
                    "map one file column to it",
                )
            )
        fed_by.setdefault(column, source)
        columns[str(source)] = column
    defaults: dict[str, str] = {}
    for target, value in raw_defaults.items():
        column = _field_name(target, "[defaults]", name, errors)
        if column is None or column == IGNORE:
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            errors.append(RowError(name, f"[defaults] {target}: give the value as text"))
        elif column in fed_by:
            errors.append(
                RowError(
                    name,
                    f"[defaults] {target}: the file column {fed_by[column]!r} already gives it; "
                    "keep one",
                )
            )
        else:
            defaults[column] = str(value)
    if errors:
        raise InvalidFileError(errors)
    return ColumnMapping(columns, defaults)


def load_mapping(data: bytes, name: str) -> ColumnMapping:
    """Read a mapping.toml; InvalidFileError says what is wrong (with the line when the TOML
    itself cannot be read)."""
    try:
        document = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidFileError([RowError(name, "is not a text file (UTF-8)")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidFileError(
            [RowError(name, f"is not valid TOML: {exc}; see docs/file-format.md")]
        ) from None
    return mapping_from_dict(document, name)


def _toml_string(text: str) -> str:
    # JSON's escapes are TOML's, except that TOML also wants DEL escaped
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def mapping_to_toml(mapping: ColumnMapping) -> str:
    """The mapping as a mapping.toml that load_mapping reads back to the same mapping."""
    lines = [
        '# Touchpoints column mapping: your column = Touchpoints column (or "ignore").',
        "# Use it with: touchpoints import FILE --map mapping.toml",
        "[columns]",
    ]
    lines += [f"{_toml_string(k)} = {_toml_string(v)}" for k, v in mapping.columns.items()]
    if mapping.defaults:
        lines += ["", "[defaults]"]
        lines += [f"{_toml_string(k)} = {_toml_string(v)}" for k, v in mapping.defaults.items()]
    return "\n".join(lines) + "\n"


def missing_fields(header: list[str]) -> list[str]:
    """The required Touchpoints columns a header does not give (sector may come combined)."""
    given = {normalise_header(cell) for cell in header}
    return [
        column
        for column in REQUIRED
        if column not in given and not (column == "sector" and COMBINED in given)
    ]


def guess_mapping(header: list[str]) -> ColumnMapping:
    """A cautious first mapping: columns the format already names, and a few common names."""
    columns: dict[str, str] = {}
    taken: set[str] = set()
    for cell in header:
        if not str(cell).strip() or cell in columns:
            continue
        word = normalise_header(cell)
        guess = word if word in touchpoints_fields() else SYNONYMS.get(word)
        if guess is not None and guess not in taken:
            taken.add(guess)
            columns[cell] = guess
        else:
            columns[cell] = IGNORE
    return ColumnMapping(columns)


def _source_index(header: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, cell in enumerate(header):
        index.setdefault(cell, position)
        index.setdefault(normalise_header(cell), position)
    return index


def map_table(table: Table, mapping: ColumnMapping, name: str) -> tuple[Table, dict[str, str]]:
    """The table with its header renamed by the mapping (and a column per default), and
    Touchpoints column -> the file's own column name, for saying where an error is.
    InvalidFileError when the mapping names a column the file lacks or leaves one unfed."""
    errors: list[RowError] = []
    positions = _source_index(table.header)
    renamed = list(table.header)
    for source, target in mapping.columns.items():
        position = positions.get(source, positions.get(normalise_header(source)))
        if position is None:
            errors.append(
                RowError(
                    name,
                    f"the mapping names the column {source!r}, which this file does not have",
                    row=1,
                )
            )
            continue
        renamed[position] = "" if target == IGNORE else target
    fed: dict[str, str] = {}
    for position, column in enumerate(renamed):
        word = normalise_header(column)
        if not word:
            continue
        if word in fed:
            errors.append(
                RowError(
                    name,
                    f"{word!r} would come from both {fed[word]!r} and "
                    f"{table.header[position]!r}; map one of them elsewhere or to {IGNORE!r}",
                    row=1,
                )
            )
        fed.setdefault(word, table.header[position])
    for column in mapping.defaults:
        fed.setdefault(column, f"{column} (the mapping's default)")
    missing = missing_fields(list(fed))
    if missing:
        errors.append(
            RowError(
                name,
                f"after the mapping, nothing gives {', '.join(repr(m) for m in missing)}: "
                "map a file column to each (or give a default)",
                row=1,
            )
        )
    if errors:
        raise InvalidFileError(errors)
    if not mapping.defaults:
        return Table(renamed, table.rows), fed
    values = list(mapping.defaults.values())
    header = renamed + list(mapping.defaults)
    rows = [(n, cells[: len(renamed)] + values) for n, cells in table.rows]
    return Table(header, rows), fed


def journeys_from_mapped_table(
    table: Table,
    mapping: ColumnMapping,
    name: str,
    provenance: Provenance | None = None,
    progress: Progress | None = None,
) -> RowsResult:
    """journeys_from_table through a mapping; every error names the file's own column."""
    try:
        mapped, sources = map_table(table, mapping, name)
    except InvalidFileError as exc:
        return RowsResult([], exc.errors, [])
    result = journeys_from_table(mapped, name, provenance, progress)

    def _renamed(error: RowError) -> RowError:
        source = sources.get(error.column or "")
        if source is None:
            return error
        return RowError(error.file, error.message, error.row, source)

    return RowsResult(
        result.journeys,
        [_renamed(e) for e in result.errors],
        [_renamed(w) for w in result.warnings],
        result.provenance_from_file,
    )
