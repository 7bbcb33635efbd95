"""Where a cohort's tables live: Parquet files beside the database, its catalogue in the database.

With a cohort folder (TOUCHPOINTS_COHORT_DIR, or `cohorts/` beside a SQLite file) a save writes
the five tables as Parquet (cohort_files) and the catalogue row (name, seed, size, window,
provenance) in the database; an open reads the files, never turning rows into Python objects.
Cohorts whose rows are in the database (stored before the files, or on PostgreSQL without a
folder) open from the rows, and their files are written then, so the next open is fast. A
cohort kept as files only whose folder is missing is made again from its seed (cohort_rebuild).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import make_url

from timeline.cohorts.prepared import prepare_cohort
from timeline.cohorts.prepared_cache import remember_folder
from timeline.cohorts.stream import join_parts
from timeline.cohorts.tables import (
    AGENCY_COLUMNS,
    CYCLE_COLUMNS,
    EVENT_COLUMNS,
    PEOPLE_COLUMNS,
    Cohort,
    CohortInfo,
)
from timeline.store.cohort_files import (
    TableWriters,
    cohort_folder,
    fresh_folder,
    read_cohort_files,
    remove_cohort_files,
    swap_in,
    write_cohort_files,
)
from timeline.store.cohort_rebuild import (
    CohortFilesMissingError,
    needs_rebuild,
    rebuild_cohort_files,
)
from timeline.store.cohorts import (
    check_cohort,
    cohort_info,
    delete_cohort,
    load_cohort,
    save_cohort,
)
from timeline.store.engine import SessionFactory

COHORT_FOLDER = "cohorts"
Root = Path | None  # the folder of cohort files; None: tables in the database only
Parts = Cohort | Iterable[Cohort]  # a whole cohort, or its parts of people in order
Progress = Callable[[int], None] | None  # told the number of people written so far
PREPARE_EVENTS = 20_000_000  # larger cohorts prepare the explorer's arrays when first opened
_EMPTY = (PEOPLE_COLUMNS, AGENCY_COLUMNS, EVENT_COLUMNS, CYCLE_COLUMNS, CYCLE_COLUMNS)


def cohort_root(cohort_dir: Path | None, database_url: str) -> Path | None:
    """The folder of cohort files: the setting, else `cohorts/` beside a SQLite database file;
    None (tables in the database only) for an in-memory database or PostgreSQL without one."""
    if cohort_dir is not None:
        return Path(cohort_dir)
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).parent / COHORT_FOLDER
    return None


def root_for(settings: object) -> Root:
    """The cohort folder of a Settings (its cohort_dir and database_url)."""
    return cohort_root(settings.cohort_dir, settings.database_url)  # type: ignore[attr-defined]


def store_cohort(
    sessions: SessionFactory,
    root: Path | None,
    cohort: Parts,
    *,
    replace: bool = False,
    prepare: bool = True,
    progress: Progress = None,
) -> CohortInfo:
    """Save a cohort, whole or in parts of people (each a Cohort with the same info and
    agencies): files first (in a hidden folder), then the catalogue, then the swap. A failure
    before the catalogue commits leaves the old cohort (or none) as it was. `progress` is told
    the people written so far; with `prepare`, the explorer's arrays are cached too (for
    cohorts up to PREPARE_EVENTS events). Returns the catalogue entry stored."""
    parts = iter([cohort] if isinstance(cohort, Cohort) else cohort)
    if root is None:
        whole = join_parts(parts)
        with sessions.begin() as session:
            save_cohort(session, whole, replace=replace)
        if progress is not None:
            progress(len(whole.people))
        return whole.info
    first = next(parts, None)
    if first is None:
        raise ValueError("a cohort needs at least one part")
    check_cohort(first)
    writers = TableWriters(root, first.info.name)
    try:
        info = writers.write_parts(itertools.chain([first], map(_checked, parts)), progress)
        work = writers.finish(info)
        empty = Cohort(info, *(pd.DataFrame(columns=c) for c in _EMPTY))
        with sessions.begin() as session:
            save_cohort(session, empty, replace=replace, rows=False)
    except BaseException:
        writers.abandon()
        raise
    target = cohort_folder(root, info.name)
    swap_in(work, target)
    if prepare and isinstance(cohort, Cohort):
        remember_folder(cohort, target)
        prepare_cohort(cohort)
    elif prepare and info.events <= PREPARE_EVENTS:
        prepare_cohort(open_cohort(sessions, root, info.name))
    return info


def _checked(part: Cohort) -> Cohort:
    check_cohort(part)
    return part


def open_cohort(sessions: SessionFactory, root: Path | None, name: str) -> Cohort:
    """The stored cohort `name`, from its files when fresh, else from the database rows (and the
    files are written from them), else made again from its seed (cohort_rebuild).
    CohortNotFoundError, or CohortFilesMissingError when only a catalogue entry that cannot make
    the cohort again is left."""
    with sessions() as session:
        info, in_database = cohort_info(session, name)
        folder = fresh_folder(root, info) if root is not None else None
        if folder is None and in_database:
            cohort = load_cohort(session, name)
    if folder is None and not in_database:  # files only, and they are gone: made again
        if root is None:
            raise CohortFilesMissingError(
                f"The tables of cohort {name!r} are kept in files, and no cohort folder is set "
                "(TOUCHPOINTS_COHORT_DIR)."
            )
        folder = rebuild_cohort_files(root, info)
    if folder is not None:
        cohort = read_cohort_files(folder, info)
        remember_folder(cohort, folder)
        return cohort
    if root is not None:
        try:
            swap_in(write_cohort_files(root, cohort), cohort_folder(root, name))
            remember_folder(cohort, cohort_folder(root, name))
        except OSError:
            pass  # a read-only folder: the cohort still opens, from the database
    return cohort


def missing_files(sessions: SessionFactory, root: Path | None, name: str) -> CohortInfo | None:
    """The catalogue entry of `name` when it is kept as files only and they are missing (an open
    makes them again from its seed; rebuild_cohort_files does it with progress), else None."""
    if root is None:
        return None
    with sessions() as session:
        info, in_database = cohort_info(session, name)
    return None if in_database or not needs_rebuild(root, info) else info


def remove_cohort(sessions: SessionFactory, root: Path | None, name: str) -> None:
    """Delete a cohort's catalogue, rows and files (CohortNotFoundError when there is none)."""
    with sessions.begin() as session:
        delete_cohort(session, name)
    if root is not None:
        remove_cohort_files(root, name)
