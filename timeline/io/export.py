"""CSV export: one row per event, in the import format (the registry is timeline.exporters)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from schemas import Journey
from timeline.io.dates import format_date
from timeline.io.formula import neutralise_cell

CSV_COLUMNS = (
    "journey",
    "journey_title",
    "provenance",
    "id",
    "person",
    "agency",
    "sector",
    "provider_type",
    "kind",
    "start",
    "end",
    "date_precision",
    "title",
    "description",
    "source",
    "sensitivity",
    "tags",
    "area",
)


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """Rows as CSV, UTF-8 with a BOM so that Excel reads accents right; formulas neutralised."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [neutralise_cell(cell) for cell in row] for row in rows
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_csv(journey: Journey) -> bytes:
    """One row per event in the import format (plus id, provenance); UTF-8 with a BOM for Excel."""
    rows: list[Sequence[object]] = [CSV_COLUMNS]
    for event in journey.events:
        agency = journey.agency(event.agency)
        rows.append(
            (
                journey.key,
                journey.title,
                journey.provenance.value,
                event.id,
                ";".join(event.people),
                agency.name,
                agency.sector,
                agency.provider_type.value,
                event.kind.value,
                format_date(event.start, event.date_precision),
                event.end.isoformat() if event.end else "",
                event.date_precision.value,
                event.title,
                event.description,
                event.source.value,
                event.sensitivity.value,
                ";".join(event.tags),
                event.area,
            )
        )
    return csv_bytes(rows)
