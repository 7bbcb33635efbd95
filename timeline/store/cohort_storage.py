"""Where a cohort's tables live: Parquet files beside the database, its catalogue in the database.

With a cohort folder (TOUCHPOINTS_COHORT_DIR, or `cohorts/` beside a SQLite file) a save writes
the five tables as Parquet (cohort_files) and the catalogue row (name, seed, size, window,
provenance) in the database; an open reads the files, never turning rows into Python objects.
Cohorts whose rows are in the database (stored before the files, or on PostgreSQL without a
folder) open from the rows, and their files are written then, so the next open is fast.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy.engine import make_url

from timeline.cohorts.prepared import prepare_cohort
from timeline.cohorts.prepared_cache import remember_folder
from timeline.cohorts.tables import Cohort
from timeline.store.cohort_files import (
    cohort_folder,
    fresh_folder,
    read_cohort_files,
    remove_cohort_files,
    swap_in,
    write_cohort_files,
)
from timeline.store.cohorts import (
    CohortNotFoundError,
    check_cohort,
    cohort_info,
    delete_cohort,
    load_cohort,
    save_cohort,
)
from timeline.store.engine import SessionFactory

COHORT_FOLDER = "cohorts"


class CohortFilesMissingError(CohortNotFoundError):
    """A cohort's catalogue row is stored but its Parquet files are gone and cannot be rebuilt."""


def cohort_root(cohort_dir: Path | None, database_url: str) -> Path | None:
    """The folder of cohort files: the setting, else `cohorts/` beside a SQLite database file;
    None (tables in the database only) for an in-memory database or PostgreSQL without one."""
    if cohort_dir is not None:
        return Path(cohort_dir)
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).parent / COHORT_FOLDER
    return None


def store_cohort(
    sessions: SessionFactory,
    root: Path | None,
    cohort: Cohort,
    *,
    replace: bool = False,
    prepare: bool = True,
) -> None:
    """Save a cohort: files first (in a hidden folder), then the catalogue, then the swap.

    A failure before the catalogue commits leaves the old cohort (or none) as it was. With
    `prepare`, the explorer's arrays are computed and cached in the new folder too.
    """
    if root is None:
        with sessions.begin() as session:
            save_cohort(session, cohort, replace=replace)
        return
    check_cohort(cohort)
    work = write_cohort_files(root, cohort)
    try:
        with sessions.begin() as session:
            save_cohort(session, cohort, replace=replace, rows=False)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    target = cohort_folder(root, cohort.info.name)
    swap_in(work, target)
    remember_folder(cohort, target)
    if prepare:
        prepare_cohort(cohort)


def open_cohort(sessions: SessionFactory, root: Path | None, name: str) -> Cohort:
    """The stored cohort `name`, from its files when fresh, else from the database rows (and the
    files are written from them). CohortNotFoundError, or CohortFilesMissingError when only the
    catalogue is left."""
    with sessions() as session:
        info, in_database = cohort_info(session, name)
        if root is not None:
            folder = fresh_folder(root, info)
            if folder is not None:
                cohort = read_cohort_files(folder, info)
                remember_folder(cohort, folder)
                return cohort
        if not in_database:
            raise CohortFilesMissingError(
                f"The tables of cohort {name!r} are missing from {root}; make it again with "
                f"`touchpoints synth --seed {info.seed} --name {name} --replace` and its other "
                "options, or delete it."
            )
        cohort = load_cohort(session, name)
    if root is not None:
        try:
            swap_in(write_cohort_files(root, cohort), cohort_folder(root, name))
            remember_folder(cohort, cohort_folder(root, name))
        except OSError:
            pass  # a read-only folder: the cohort still opens, from the database
    return cohort


def remove_cohort(sessions: SessionFactory, root: Path | None, name: str) -> None:
    """Delete a cohort's catalogue, rows and files (CohortNotFoundError when there is none)."""
    with sessions.begin() as session:
        delete_cohort(session, name)
    if root is not None:
        remove_cohort_files(root, name)
