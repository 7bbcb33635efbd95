"""Plain functions behind the Import page: check an uploaded file, then store it (no dash here)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from pathlib import Path

from schemas import Journey
from timeline.io import InvalidFileError, RowError, read_journeys
from timeline.io.sheets import read_table
from timeline.service import Services

PREVIEW_ROWS = 200
ACCEPTED = (".csv", ".xlsx", ".json")


@dataclass(frozen=True)
class UploadCheck:
    """What an uploaded file holds: journeys if it is valid, else every problem found."""

    name: str
    journeys: list[Journey] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    # the version each journey in the file was at when it was checked (0: not stored)
    versions: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.journeys)


def decode_upload(contents: str, name: str, max_bytes: int) -> bytes:
    """The bytes of a dcc.Upload data URL; InvalidFileError when too big or not a case study."""
    if Path(name).suffix.lower() not in ACCEPTED:
        raise InvalidFileError([RowError(name, "only .csv, .xlsx and .json files can be imported")])
    _, comma, encoded = contents.partition(",")
    if not comma:
        raise InvalidFileError([RowError(name, "the upload was damaged; try again")])
    # Refuse by the encoded length first, so an oversized upload is never decoded at all.
    if len(encoded) // 4 * 3 > max_bytes + 2:
        raise _too_big(name, len(encoded) // 4 * 3, max_bytes)
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidFileError([RowError(name, "the upload was damaged; try again")]) from None
    if len(data) > max_bytes:
        raise _too_big(name, len(data), max_bytes)
    return data


def _too_big(name: str, size: int, max_bytes: int) -> InvalidFileError:
    return InvalidFileError(
        [
            RowError(
                name,
                f"the file is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB "
                "(TOUCHPOINTS_MAX_UPLOAD_MB): split the journeys over several files",
            )
        ]
    )


def _preview(data: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    if Path(name).suffix.lower() == ".json":
        return [], []
    try:
        table = read_table(data, name)
    except InvalidFileError:
        return [], []
    rows = [
        (n, ["" if c is None else str(c) for c in cells[: len(table.header)]])
        for n, cells in table.rows[:PREVIEW_ROWS]
    ]
    return table.header, rows


def check_upload(services: Services, contents: str, name: str) -> UploadCheck:
    """Read an upload without storing anything: journeys, errors, warnings, a preview."""
    max_bytes = int(services.settings.max_upload_mb * 1_000_000)
    try:
        data = decode_upload(contents, name, max_bytes)
    except InvalidFileError as exc:
        return UploadCheck(name, errors=exc.errors)
    header, rows = _preview(data, name)
    try:
        result = read_journeys(data, name, max_rows=services.settings.max_rows)
    except InvalidFileError as exc:
        return UploadCheck(name, errors=exc.errors, warnings=exc.warnings, header=header, rows=rows)
    stored = {s.key for s in services.list_journeys()}
    existing = [j.key for j in result.journeys if j.key in stored]
    # the version each journey in the file is at now (0: not stored), so Import with "replace"
    # refuses one that someone stored or changed after this check
    keys = [j.key for j in result.journeys]
    stored_versions = services.current_versions(keys, include_deleted=True)
    versions = {key: stored_versions.get(key, 0) for key in keys}
    return UploadCheck(name, result.journeys, [], result.warnings, header, rows, existing, versions)


def store_upload(
    services: Services,
    contents: str,
    name: str,
    replace: bool,
    base_versions: dict[str, int] | None = None,
) -> list[str]:
    """Store a checked upload in one transaction; returns the keys stored. `base_versions`
    are the versions the preview was made against: a journey saved by someone else since is
    not replaced (StaleJourneyError) and nothing is stored."""
    check = check_upload(services, contents, name)
    if not check.ok:
        raise InvalidFileError(check.errors or [RowError(name, "the file holds no journeys")])
    services.save_journeys(check.journeys, replace=replace, base_versions=base_versions)
    return [j.key for j in check.journeys]
