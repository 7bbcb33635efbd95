"""Import problems, gathered per row with row number and column, reported all at once."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError


@dataclass(frozen=True)
class RowError:
    """One problem in an input file; `row` counts as a spreadsheet does (header = row 1)."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class InvalidFileError(Exception):
    """The file was rejected whole; nothing was written. `errors` lists every problem found."""

    errors: list[RowError]
    warnings: list[RowError] = field(default_factory=list)

    def __str__(self) -> str:
        count = len(self.errors)
        lines = [f"{count} problem{'s' if count != 1 else ''} found; nothing was imported:"]
        lines += [f"  {error}" for error in self.errors]
        return "\n".join(lines)


def plain_message(error: dict) -> str:
    """A pydantic error message without pydantic's own prefixes."""
    message = str(error.get("msg", "is not valid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message


def location_text(loc: tuple) -> str:
    """A pydantic location as a path people can follow: events[3].end."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def errors_from_validation(file: str, exc: ValidationError, prefix: tuple = ()) -> list[RowError]:
    """Turn a pydantic ValidationError on a JSON document into RowErrors naming each field."""
    return [
        RowError(
            file=file,
            column=location_text(prefix + tuple(e["loc"])) or None,
            message=plain_message(e),
        )
        for e in exc.errors()
    ]
