"""`touchpoints import --map mapping.toml`: the option, and reading the mapping it names."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from timeline.io import ColumnMapping, InvalidFileError, RowError, load_mapping

MapOption = Annotated[
    Path | None,
    typer.Option(
        "--map",
        help="A mapping.toml saying which of the file's own columns is which Touchpoints "
        "column, for a spreadsheet whose header does not follow the format "
        "(see docs/file-format.md). The Import page's 'Download mapping.toml' writes one.",
        show_default=False,
    ),
]


def read_mapping_option(path: Path | None) -> ColumnMapping | None:
    """The mapping --map names (None without it); InvalidFileError says what is wrong."""
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidFileError([RowError(str(path), f"cannot be read: {exc.strerror}")]) from None
    return load_mapping(data, str(path))
