"""A stored cohort as files an analyst opens elsewhere: CSV or Parquet, one file per table.

people.csv    person, pseudonym, age_band, gender, needs (";"-separated), area, entered, left,
              left_because, coordinated_from
events.csv    person, agency, sector, provider_type, kind, start, end
agencies.csv  agency, name, sector, provider_type
cycles.csv    person, rule, start, end, iterations

Dates are ISO (YYYY-MM-DD), empty when there is none; Parquet keeps them as dates and the ids as
integers. The files are written beside each other under temporary names and renamed only when
all are written, so an export that fails leaves the folder as it was.

Or one event log file for process-mining tools (export_cohort_log): OCEL 2.0 JSON or XES, see
timeline/eventlog. It is written under a temporary name beside it and renamed when complete.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from timeline.cohorts.tables import Cohort
from timeline.eventlog import cohort_event_log, write_ocel, write_xes

PEOPLE_EXPORT = (
    "person",
    "pseudonym",
    "age_band",
    "gender",
    "needs",
    "area",
    "entered",
    "left",
    "left_because",
    "coordinated_from",
)
EVENT_EXPORT = ("person", "agency", "sector", "provider_type", "kind", "start", "end")
AGENCY_EXPORT = ("agency", "name", "sector", "provider_type")
CYCLE_EXPORT = ("person", "rule", "start", "end", "iterations")
TABLES = ("people", "events", "agencies", "cycles")
DATE_COLUMNS = frozenset({"entered", "left", "coordinated_from", "start", "end"})


class CohortExportError(ValueError):
    """An export that cannot be written; the message says what to change."""


def export_tables(cohort: Cohort) -> dict[str, pd.DataFrame]:
    """The four tables in their export columns (dates as datetime64[D], NaT for none)."""
    people = cohort.people
    missing = [c for c in PEOPLE_EXPORT if c not in people.columns and c != "needs"]
    if missing:
        raise CohortExportError(f"the cohort's people table has no {', '.join(missing)} column")
    people = people.assign(needs=people["needs"].astype(str).str.replace("+", ";", regex=False))
    agencies = cohort.agencies.astype({"sector": str, "provider_type": str})
    by_agency = agencies.set_index("agency")
    codes = cohort.events["agency"].to_numpy()
    events = pd.DataFrame(
        {
            "person": cohort.events["person"].to_numpy(),
            "agency": codes,
            "sector": by_agency["sector"].reindex(codes).to_numpy(),
            "provider_type": by_agency["provider_type"].reindex(codes).to_numpy(),
            "kind": cohort.events["kind"].astype(str).to_numpy(),
            "start": cohort.events["start"].to_numpy(),
            "end": cohort.events["end"].to_numpy(),
        }
    )
    tables = {
        "people": people.loc[:, list(PEOPLE_EXPORT)],
        "events": events,
        "agencies": agencies.loc[:, list(AGENCY_EXPORT)],
        "cycles": cohort.cycles.loc[:, list(CYCLE_EXPORT)].astype({"rule": str}),
    }
    return {name: _days(table) for name, table in tables.items()}


def _days(table: pd.DataFrame) -> pd.DataFrame:
    dates = {c: table[c].astype("datetime64[s]").dt.floor("D") for c in DATE_COLUMNS & set(table)}
    return table.assign(**dates)


def _write_csv(table: pd.DataFrame, path: Path) -> None:
    table.to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\n")


def _write_parquet(table: pd.DataFrame, path: Path) -> None:
    dated = {c: table[c].dt.date for c in DATE_COLUMNS & set(table)}  # Parquet DATE, not a time
    table.assign(**dated).to_parquet(path, index=False, engine="pyarrow")


COHORT_EXPORTERS: dict[str, tuple[str, Callable[[pd.DataFrame, Path], None]]] = {
    "csv": (".csv", _write_csv),
    "parquet": (".parquet", _write_parquet),
}


def export_cohort(cohort: Cohort, fmt: str, folder: Path, *, replace: bool = False) -> list[Path]:
    """Write the cohort's four tables into `folder` (made if missing); the paths written.

    CohortExportError, with nothing written, for an unknown format, a folder that is a file, or
    files already there (unless `replace`).
    """
    if fmt in LOG_EXPORTERS:
        raise CohortExportError(f"{fmt} is an event log in one file: use export_cohort_log")
    if fmt not in COHORT_EXPORTERS:
        raise CohortExportError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    suffix, write = COHORT_EXPORTERS[fmt]
    if folder.exists() and not folder.is_dir():
        raise CohortExportError(f"{folder} is a file; give a folder to write the tables into")
    targets = [folder / f"{name}{suffix}" for name in TABLES]
    there = [p.name for p in targets if p.exists()]
    if there and not replace:
        raise CohortExportError(
            f"{folder} already has {', '.join(there)}; use --replace to overwrite them, "
            "or give another folder"
        )
    tables = export_tables(cohort)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = [p.with_name(f".{p.name}.partial") for p in targets]
    try:
        for name, path in zip(TABLES, temporary, strict=True):
            write(tables[name], path)
        for path, target in zip(temporary, targets, strict=True):
            os.replace(path, target)
    finally:
        for path in temporary:
            path.unlink(missing_ok=True)
    return targets


LOG_EXPORTERS: dict[str, Callable] = {"ocel": write_ocel, "xes": write_xes}
FORMATS = (*COHORT_EXPORTERS, *LOG_EXPORTERS)


def export_cohort_log(cohort: Cohort, fmt: str, path: Path, *, replace: bool = False) -> str:
    """Write the cohort as one event log file at `path` (OCEL 2.0 JSON or XES); what it holds,
    in words ("53,370 people, 1,032,353 events").

    CohortExportError, with nothing written, for an unknown format, a path that is a folder, or
    a file already there (unless `replace`).
    """
    if fmt not in LOG_EXPORTERS:
        raise CohortExportError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if path.is_dir():
        raise CohortExportError(
            f"{path} is a folder; --format {fmt} writes one file, so give a file name "
            f"(for example {path / f'{cohort.info.name}.{fmt}'})"
        )
    if path.exists() and not replace:
        raise CohortExportError(f"{path} already exists; use --replace to overwrite it")
    log = cohort_event_log(cohort)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as out:
            LOG_EXPORTERS[fmt](log, out)
        os.replace(temporary, path)
    except OSError as exc:
        raise CohortExportError(f"could not write {path}: {exc.strerror or exc}") from None
    finally:
        if temporary.exists():  # False, not an error, when the folder could not be made
            temporary.unlink()
    return f"{len(log.people):,} people, {len(log.events):,} events"


__all__ = [
    "COHORT_EXPORTERS",
    "FORMATS",
    "LOG_EXPORTERS",
    "CohortExportError",
    "export_cohort",
    "export_cohort_log",
    "export_tables",
]
