"""Read a CSV or XLSX file into a header and numbered rows of cells, nothing more."""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from dataclasses import dataclass
from pathlib import Path

from timeline.io.errors import InvalidFileError, RowError
from timeline.io.sniff import require_text, require_xlsx

Cell = object  # str from CSV; str, int, float, date or datetime from XLSX
MAX_ROWS = 100_000  # the default of TOUCHPOINTS_MAX_ROWS: far more events than any case study
MAX_COLUMNS = 100


@dataclass(frozen=True)
class Table:
    """A sheet as read: header cells and (spreadsheet row number, cells) for each non-blank row."""

    header: list[str]
    rows: list[tuple[int, list[Cell]]]


def _is_blank(cells: list[Cell]) -> bool:
    for cell in cells:  # a loop, not all(): most rows end at their first cell
        if cell is not None and not (isinstance(cell, str) and not cell.strip()):
            return False
    return True


def _too_many_rows(name: str, max_rows: int) -> InvalidFileError:
    return InvalidFileError(
        [
            RowError(
                name,
                f"the sheet has more than {max_rows:,} rows of events; "
                "split the journeys over several files",
            )
        ]
    )


def read_csv(data: bytes, name: str, max_rows: int = MAX_ROWS) -> Table:
    """Read CSV bytes (UTF-8, with or without Excel's byte-order mark; never binary), refusing
    a file of more than `max_rows` rows before any row is checked."""
    text = require_text(data, name)
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = "\t" if "\t" in first_line else (";" if ";" in first_line else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        all_rows = list(itertools.islice(reader, max_rows + 2))  # the header and one past
    except csv.Error as exc:
        raise InvalidFileError(
            [RowError(name, f"the CSV cannot be read: {exc}", row=reader.line_num)]
        ) from None
    if len(all_rows) > max_rows + 1:  # the cap counts rows below the header
        raise _too_many_rows(name, max_rows)
    return _table(all_rows, name)


def read_xlsx(data: bytes, name: str, max_rows: int = MAX_ROWS) -> Table:
    """Read the sheet called 'events' (or the first sheet) of an XLSX workbook; a sheet whose
    stated size is over `max_rows` rows is refused before any row is read, and rows are read as
    a stream that stops one past the cap (a sheet may misstate its size)."""
    from openpyxl import load_workbook  # imported here: only XLSX imports pay for it

    require_xlsx(data, name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            names = {sheet.lower(): sheet for sheet in workbook.sheetnames}
            sheet = workbook[names["events"]] if "events" in names else workbook.worksheets[0]
            if (sheet.max_row or 0) > max_rows + 1:  # the sheet's <dimension>, read first
                raise _too_many_rows(name, max_rows)
            # A sheet may claim a huge size (a zip bomb's trick): read no more than a case needs.
            max_col = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
            rows = [
                list(row)
                for row in sheet.iter_rows(max_row=max_rows + 2, max_col=max_col, values_only=True)
            ]
        finally:
            workbook.close()
    except (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError, SyntaxError) as exc:
        # SyntaxError: the XML inside is broken (xml.etree's ParseError)
        raise InvalidFileError(
            [
                RowError(
                    name,
                    f"the file is not a readable XLSX workbook ({exc}); "
                    "save it from Excel or LibreOffice as .xlsx",
                )
            ]
        ) from None
    if len(rows) > max_rows + 1:  # the header and `max_rows` rows below it
        raise _too_many_rows(name, max_rows)
    return _table(rows, name)


def _table(all_rows: list[list[Cell]], name: str) -> Table:
    numbered = [(i, row) for i, row in enumerate(all_rows, start=1)]
    if not numbered or _is_blank(numbered[0][1]):
        raise InvalidFileError(
            [
                RowError(
                    name,
                    "the first row must be the header (journey, agency, sector, start, ...)",
                    row=1,
                )
            ]
        )
    header = ["" if c is None else str(c) for c in numbered[0][1]]
    rows = []
    for number, cells in numbered[1:]:
        if _is_blank(cells):
            continue
        padded = list(cells) + [None] * (len(header) - len(cells))
        rows.append((number, padded))
    return Table(header, rows)


READERS = {".csv": read_csv, ".txt": read_csv, ".tsv": read_csv, ".xlsx": read_xlsx}


def read_table(data: bytes, name: str, max_rows: int = MAX_ROWS) -> Table:
    """Read a spreadsheet chosen by its file-name ending (.csv or .xlsx), of at most
    `max_rows` rows (TOUCHPOINTS_MAX_ROWS)."""
    suffix = Path(name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise InvalidFileError(
            [
                RowError(
                    name,
                    f"files ending {suffix or '(none)'} are not read; use .csv, .xlsx or .json",
                )
            ]
        )
    return reader(data, name, max_rows)
