"""A table's cells read column by column, each distinct value worked out once.

A 50,000-row file repeats a few hundred agencies, sectors, vocabulary words and dates; turning
each into text, a vocabulary word, a date or an agency once (and raising the same error for
every row that repeats a bad one) is most of what made reading it fast (issue 15, item 4).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from timeline.io.columns import cell_text
from timeline.io.errors import RowError
from timeline.io.formula import restore_formula
from timeline.io.sheets import Cell, Table

T = TypeVar("T")


def _column_texts(table: Table, index: int) -> list[str]:
    cells = [row[index] for _number, row in table.rows]
    if bool in set(map(type, cells)):  # True == 1 as a dict key: keep types
        keyed = [(cell.__class__, cell) for cell in cells]
        texts = {key: cell_text(key[1]) for key in set(keyed)}
        return [texts[key] for key in keyed]
    texts = {cell: cell_text(cell) for cell in set(cells)}  # 1 and 1.0 both read "1"
    return [texts[cell] for cell in cells]


class ColumnCells:
    """The text of every used column of a table (cell_text), and a memory of worked-out values."""

    def __init__(self, table: Table, columns: dict[str, int]) -> None:
        self.table, self.columns = table, columns
        # column -> the text of its cell in each row, in the table's order of rows
        self.texts = {column: _column_texts(table, index) for column, index in columns.items()}
        self._made: dict[Hashable, object] = {}
        self._converted: dict[tuple[str, bool], list] = {}

    def converted(
        self, column: str, convert: Callable[[Any], T], *, cells: bool = False
    ) -> list[T | ValueError | None]:
        """convert(text) of `column` in every row, worked out once per distinct text: the value,
        the ValueError it raised, or None for an empty cell (all None without the column).
        With `cells`, convert gets the cell as read (a spreadsheet's date, say), and an empty
        one is converted too, as ''. A column is always converted the same way: the first
        `convert` asked for is kept."""
        done = self._converted.get((column, cells))
        if done is None:
            texts = self.texts.get(column, [])
            if cells:
                index = self.columns[column]
                values = [
                    row[index] if text else ""
                    for (_n, row), text in zip(self.table.rows, texts, strict=True)
                ]
                keys: list = [(value.__class__, value) for value in values]
                outcomes: dict = {}
            else:
                values = keys = texts
                outcomes = {"": None}
            done = self._converted[column, cells] = []
            for key, value in zip(keys, values, strict=True):
                made = outcomes.get(key, outcomes)
                if made is outcomes:
                    try:
                        made = convert(value)
                    except ValueError as exc:
                        made = exc
                    outcomes[key] = made
                done.append(made)
        return done

    def remembered(self, key: Hashable, make: Callable[[], T]) -> T:
        """make(), worked out once per key; a ValueError it raised (a pydantic ValidationError
        is one) is raised again, as it was, for every later row with the same key."""
        made = self._made.get(key, self._made)
        if made is self._made:
            try:
                made = make()
            except ValueError as exc:
                made = exc
            self._made[key] = made
        if isinstance(made, ValueError):
            raise made.with_traceback(None)
        return made  # type: ignore[return-value]


class RowReader:
    """Reads one row's cells by normalised column name and records errors against them; the
    texts, words, dates and agencies the table repeats are worked out once (`table`)."""

    def __init__(self, name: str, number: int, cells: list[Cell], table: ColumnCells, index: int):
        self.name, self.number, self.cells = name, number, cells
        self.columns, self.table, self.index = table.columns, table, index
        self.texts = table.texts
        self.errors: list[RowError] = []

    def raw(self, column: str) -> Cell:
        index = self.columns.get(column)
        return None if index is None else self.cells[index]

    def text(self, column: str) -> str:
        texts = self.texts.get(column)
        return "" if texts is None else texts[self.index]

    def remembered(self, key: Hashable, make: Callable[[], T]) -> T:
        return self.table.remembered(key, make)

    def long_text(self, column: str) -> str:
        """Free text kept as written (spaces and line breaks), bar an export's formula quote."""
        raw = self.raw(column)
        return "" if raw is None else restore_formula(str(raw))

    def fail(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(self.name, message, row=self.number, column=column))

    def parse(self, column: str, convert: Callable[[str], T], default: T) -> T:
        """convert(text of `column`), `default` when it is empty or cannot be read (an error)."""
        outcomes = self.table.converted(column, convert)
        made = outcomes[self.index] if outcomes else None
        if made is None:
            return default
        if isinstance(made, ValueError):
            self.fail(column, str(made))
            return default
        return made

    def cell(self, column: str, convert: Callable[[Any], T]) -> T:
        """convert(the cell of `column` as read, '' when empty), or the ValueError it raised."""
        made = self.table.converted(column, convert, cells=True)[self.index]
        if isinstance(made, ValueError):
            raise made.with_traceback(None)
        return made  # type: ignore[return-value]

    def items(self, column: str) -> tuple[str, ...]:
        """The `;`-separated items of `column` (people, tags), trimmed, empty ones left out."""
        made = self.table.converted(column, _items)
        return (made[self.index] or ()) if made else ()


def _items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(";") if item.strip())
