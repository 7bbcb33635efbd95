"""The columns of the case-study file format, and reading a cell's words into vocabulary."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from enum import StrEnum
from typing import TypeVar

from schemas import EventKind
from timeline.io.errors import RowError
from timeline.io.formula import restore_formula
from timeline.io.sheets import Cell

REQUIRED = ("journey", "agency", "sector", "start")
COMBINED = "sector/type"
OPTIONAL = (
    "journey_title",
    "person",
    "provider_type",
    "kind",
    "end",
    "date_precision",
    "title",
    "description",
    "source",
    "sensitivity",
    "tags",
    "area",
)
# Touchpoints' own extensions: written by `export --format csv`, so a CSV round trip keeps them.
EXTENSIONS = ("id", "provenance", "journey_summary")
KNOWN = frozenset(REQUIRED + OPTIONAL + EXTENSIONS + (COMBINED,))

KIND_ALIASES = {
    "a&e": EventKind.AE_ATTENDANCE,
    "a&e_attendance": EventKind.AE_ATTENDANCE,
    "999": EventKind.CALL_OUT,
    "999_call": EventKind.CALL_OUT,
    "callout": EventKind.CALL_OUT,
}


def normalise_header(text: str) -> str:
    """'Journey Title' -> 'journey_title'; 'Sector / Type' -> 'sector/type'."""
    folded = re.sub(r"\s*/\s*", "/", str(text).strip().lower())
    return re.sub(r"[\s_]+", "_", folded)


def _word(value: str) -> str:
    return re.sub(r"[\s_-]+", "_", value.strip().lower())


def cell_text(cell: Cell) -> str:
    """A cell as trimmed text (whole numbers without '.0', dates in ISO form, an export's
    apostrophe before '=', '+', '-' or '@' taken off again)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    return restore_formula(str(cell).strip())


E = TypeVar("E", bound=StrEnum)


def parse_choice(enum: type[E], text: str, what: str, aliases: dict | None = None) -> E:
    """Read a vocabulary word, forgiving case, spaces and hyphens; suggest the nearest on error."""
    word = _word(text)
    if aliases and word in aliases:
        return aliases[word]
    try:
        return enum(word)
    except ValueError:
        options = [m.value for m in enum]
        close = difflib.get_close_matches(word, options, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ValueError(
            f"{text!r} is not a known {what}; {hint}use one of: {', '.join(options)}"
        ) from None


def map_columns(
    header: list[str], name: str, errors: list[RowError], warnings: list[RowError]
) -> dict[str, int]:
    """Column name -> cell index; header problems go to `errors`, ignored columns to `warnings`."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        column = normalise_header(cell)
        if not column:
            continue
        if column in columns:
            errors.append(RowError(name, f"column {cell!r} appears twice", row=1, column=column))
        elif column not in KNOWN:
            close = difflib.get_close_matches(column, sorted(KNOWN), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            warnings.append(
                RowError(
                    name,
                    f"column {cell!r} is not a Touchpoints column and was ignored{hint}",
                    row=1,
                )
            )
        else:
            columns[column] = index
    if COMBINED in columns and ("sector" in columns or "provider_type" in columns):
        errors.append(
            RowError(
                name,
                "use either the combined Sector/Type column or the sector "
                "and provider_type columns, not both",
                row=1,
            )
        )
    for column in REQUIRED:
        if column == "sector" and COMBINED in columns:
            continue
        if column not in columns:
            errors.append(
                RowError(
                    name,
                    f"required column {column!r} is missing; the header "
                    f"needs {', '.join(REQUIRED)}",
                    row=1,
                    column=column,
                )
            )
    return columns
