"""Spreadsheet formula injection: neutralise text cells on export, restore them on import.

A cell whose text starts with = + - @ TAB or CR may run as a formula when the file is opened in
Excel or LibreOffice (OWASP "CSV injection"). Exports put an apostrophe in front of such text;
imports take it off again, so export -> import gives back exactly the text that was written.
"""

from __future__ import annotations

import re

TRIGGERS = frozenset("=+-@\t\r")
QUOTE = "'"
# Plain numbers such as -3 or +1.5e3 open as numbers, not formulas: they are left as written.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _quoted_trigger(text: str) -> bool:
    """True for text that is apostrophes followed by a trigger: what an import unquotes."""
    return text.startswith(QUOTE) and text.lstrip(QUOTE)[:1] in TRIGGERS


def neutralise_formula(text: str) -> str:
    """Text safe to write into a spreadsheet cell: an apostrophe before a would-be formula."""
    if text[:1] in TRIGGERS and not _PLAIN_NUMBER.fullmatch(text):
        return QUOTE + text
    if _quoted_trigger(text):  # so that the import, which removes one apostrophe, gives it back
        return QUOTE + text
    return text


def restore_formula(text: str) -> str:
    """Undo neutralise_formula: drop the one apostrophe written before a would-be formula."""
    return text[1:] if _quoted_trigger(text) else text


def neutralise_cell(cell: object) -> object:
    """A cell ready for a CSV or XLSX writer: text neutralised, numbers and dates as they are."""
    return neutralise_formula(cell) if isinstance(cell, str) else cell
