"""Plain functions behind the Import page's mapping step (no dash here): the choices made in
its dropdowns as a ColumnMapping, a preview as mapped, and mappings remembered in the browser."""

from __future__ import annotations

import json

from timeline.io import InvalidFileError
from timeline.io.columns import COMBINED, REQUIRED
from timeline.io.mapping import (
    IGNORE,
    ColumnMapping,
    guess_mapping,
    mapping_from_dict,
    missing_fields,
    touchpoints_fields,
)
from timeline.pages.inputs import UnusableInputError
from timeline.pages.upload.view import UploadCheck, check_upload
from timeline.service import Services

MAX_REMEMBERED = 50  # layouts remembered in one browser; the oldest is forgotten first
PREVIEW_MAPPED_ROWS = 5
CUT = 40  # characters of a column name shown; the rest is cut off with an ellipsis


def cut(text: str, limit: int = CUT) -> str:
    """A column name fit to show in a narrow cell (shown as text, never as HTML)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def field_options() -> list[dict]:
    """The dropdown's choices: ignore, then every Touchpoints column, required ones marked."""
    notes = {column: " (required)" for column in REQUIRED}
    notes[COMBINED] = " (Sector/Type together, e.g. Housing/Voluntary)"
    return [{"label": "(ignore this column)", "value": IGNORE}] + [
        {"label": f"{column}{notes.get(column, '')}", "value": column}
        for column in touchpoints_fields()
    ]


def needs_mapping(check: UploadCheck) -> bool:
    """Whether the upload is a spreadsheet whose header lacks a required column."""
    return bool(check.header) and bool(missing_fields(check.header))


def header_key(header: list[str]) -> str:
    """The key a mapping is remembered under: the header's exact list of column names."""
    return json.dumps(header, ensure_ascii=False)


def remembered_mapping(memory: object, header: list[str]) -> ColumnMapping | None:
    """The mapping this browser saved for files with exactly this header, if any (and usable)."""
    if not isinstance(memory, dict):
        return None
    try:
        return mapping_from_dict(memory.get(header_key(header)))
    except InvalidFileError:
        return None


def remember_mapping(memory: object, header: list[str], mapping: ColumnMapping) -> dict:
    """The browser's memory with this header's mapping saved (the newest last)."""
    kept = dict(memory) if isinstance(memory, dict) else {}
    key = header_key(header)
    kept.pop(key, None)
    kept[key] = mapping.as_dict()
    while len(kept) > MAX_REMEMBERED:
        kept.pop(next(iter(kept)))
    return kept


def first_mapping(header: list[str], memory: object) -> tuple[ColumnMapping, bool]:
    """The mapping to start from: the one saved for this header (True), else a guess (False)."""
    saved = remembered_mapping(memory, header)
    if saved is not None and set(saved.columns) <= set(header):
        return saved, True
    return guess_mapping(header), False


def mapping_from_choices(header: list[str], choices: dict[int, object]) -> dict:
    """The dropdowns' choices (column position -> Touchpoints column) as a mapping document."""
    columns = {}
    for position, cell in enumerate(header):
        if not str(cell).strip() or cell in columns:
            continue
        choice = choices.get(position)
        columns[cell] = choice if isinstance(choice, str) and choice else IGNORE
    return {"columns": columns}


def check_mapped(
    services: Services, contents: str, name: str, document: dict
) -> tuple[UploadCheck, ColumnMapping | None]:
    """Check the upload through the mapping the page made; a mapping that cannot be used
    (a column chosen twice) comes back as the check's errors, with no mapping."""
    try:
        mapping = mapping_from_dict(document, "the mapping")
    except InvalidFileError as exc:
        plain = check_upload(services, contents, name)
        return UploadCheck(name, errors=exc.errors, header=plain.header, rows=plain.rows), None
    return check_upload(services, contents, name, mapping=mapping), mapping


def mapped_preview(
    check: UploadCheck, mapping: ColumnMapping, limit: int = PREVIEW_MAPPED_ROWS
) -> tuple[list[str], list[list[str]]]:
    """The first rows as Touchpoints will read them: its column names, then each row's values."""
    positions = {cell: i for i, cell in reversed(list(enumerate(check.header)))}
    used = [(c, positions[s]) for s, c in mapping.columns.items() if c != IGNORE and s in positions]
    header = [column for column, _ in used] + list(mapping.defaults)
    rows = [
        [cells[i] if i < len(cells) else "" for _, i in used] + list(mapping.defaults.values())
        for _n, cells in check.rows[:limit]
    ]
    return header, rows


def upload_mapping(upload: dict) -> ColumnMapping | None:
    """The mapping the page's file data carries (None: the file's header is the format's)."""
    document = upload.get("mapping")
    if document is None:
        return None
    try:
        return mapping_from_dict(document, "the mapping")
    except InvalidFileError as exc:
        raise UnusableInputError(f"The mapping cannot be used: {exc.errors[0].message}") from None
