"""Check that a file's content is what its name ending says, before any parser reads it.

A workbook renamed .csv, a PDF renamed .xlsx, or a zip bomb should be refused with a message
saying what to fix, not passed to a parser that fails obscurely or unpacks gigabytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from timeline.io.errors import InvalidFileError, RowError

ZIP_MAGIC = b"PK\x03\x04"
MAX_XLSX_UNPACKED = 200_000_000  # bytes; real case-study workbooks unpack to a few MB
MAX_XLSX_PARTS = 2_000
_WORKBOOK_TYPES = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
)
_SAVE_AS_CSV = "in Excel use Save As, 'CSV UTF-8 (Comma delimited)', or save it as .xlsx"


def _refuse(name: str, message: str) -> InvalidFileError:
    return InvalidFileError([RowError(name, message)])


def require_text(data: bytes, name: str) -> str:
    """The file as text: UTF-8 (a byte-order mark is dropped), no NUL bytes; else refused."""
    ending = PurePath(name).suffix.lower() or "(none)"
    if data.startswith(ZIP_MAGIC):
        raise _refuse(
            name,
            f"the file ends {ending} but is a zip archive (probably an XLSX workbook); "
            "give it the ending .xlsx, or save it as CSV UTF-8",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _refuse(
            name,
            f"the file ends {ending} but is not text: it holds a NUL byte at byte {nul}, so it "
            f"is a binary file (a workbook, PDF or image?); {_SAVE_AS_CSV}",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(
            name, f"the file is not UTF-8 text (byte {exc.start}); {_SAVE_AS_CSV}"
        ) from None


def require_xlsx(data: bytes, name: str) -> None:
    """Refuse anything but an OOXML workbook whose parts unpack to a sane size (no zip bombs)."""
    not_readable = "the file is not a readable XLSX workbook"
    fix = "save it from Excel or LibreOffice as .xlsx (or, if it is a CSV file, name it .csv)"
    if not data.startswith(ZIP_MAGIC):
        raise _refuse(name, f"{not_readable}: it is not a zip archive as .xlsx files are; {fix}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_XLSX_PARTS:
                raise _refuse(
                    name,
                    f"{not_readable}: it holds {len(parts)} parts, more than the "
                    f"{MAX_XLSX_PARTS} a workbook has; {fix}",
                )
            unpacked = sum(part.file_size for part in parts)
            if unpacked > MAX_XLSX_UNPACKED:
                raise _refuse(
                    name,
                    f"the workbook unpacks to {unpacked / 1e6:.0f} MB, over the "
                    f"{MAX_XLSX_UNPACKED / 1e6:.0f} MB a case study needs; copy the events "
                    "sheet alone into a new workbook, or save it as CSV",
                )
            names = {part.filename for part in parts}
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except zipfile.BadZipFile as exc:
        raise _refuse(name, f"{not_readable} ({exc}); {fix}") from None
    if not any(kind in types for kind in _WORKBOOK_TYPES):
        raise _refuse(
            name,
            f"{not_readable}: it is a zip archive but not an Excel workbook (a Word file, an "
            f".ods or some other archive?); {fix}",
        )
