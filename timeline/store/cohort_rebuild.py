"""A cohort kept as files only, whose folder is missing, made again from its catalogue entry.

Generation is deterministic (same seed, same files byte for byte; person k depends only on the
seed and k), so the catalogue's seed, size, window, area, coordinated support and modules give
the lost tables back exactly (timeline/cohorts/regenerate.py). The folder is written under a
hidden name (`.rebuild-<name>-…`, which an open never takes for a finished save) and renamed
into place only when whole, with the catalogue's stamp. One rebuild at a time per cohort: a lock
file (`.lock-<name>` in the cohort folder's parent) is held while it runs, and whoever waited
finds the folder made and reads it.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from timeline.cohorts.regenerate import (
    CohortNotReproducibleError,
    regenerate_parts,
    synth_command,
)
from timeline.cohorts.tables import CohortInfo
from timeline.store.cohort_files import (
    TableWriters,
    cohort_folder,
    folder_name,
    fresh_folder,
    read_stamp,
    stamp_of,
    swap_in,
)
from timeline.store.cohorts import CohortNotFoundError

try:
    import fcntl
except ImportError:  # not POSIX: one rebuild at a time within this process only
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
PREFIX = ".rebuild"
_IN_PROCESS = threading.Lock()


class CohortFilesMissingError(CohortNotFoundError):
    """A cohort's catalogue row is stored but its Parquet files are gone and cannot be rebuilt."""


def needs_rebuild(root: Path, info: CohortInfo) -> bool:
    """Whether `info`'s files are missing from `root` (an open would make them again)."""
    return fresh_folder(root, info) is None


@contextlib.contextmanager
def _locked(root: Path, name: str) -> Iterator[None]:
    """Hold the rebuild lock of cohort `name` (threads and processes wait for it)."""
    if fcntl is None:
        with _IN_PROCESS:
            yield
        return
    # an open file description each: flock then also keeps this process's threads apart
    with open(root / f".lock-{folder_name(name)}", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _missing(root: Path, info: CohortInfo, why: str) -> CohortFilesMissingError:
    return CohortFilesMissingError(
        f"The tables of cohort {info.name!r} are missing from {root} and cannot be made again "
        f"from its catalogue: {why}. Make it again with `{synth_command(info)}` (and --modules "
        "if it had its own), or delete it."
    )


def rebuild_cohort_files(
    root: Path,
    info: CohortInfo,
    progress: Callable[[int], None] | None = None,
    say: Callable[[str], None] | None = None,
) -> Path:
    """Make `info`'s missing folder again from its seed and return it (its folder as it is when
    another thread or process has just made it). `say` is told, once, that it is being made
    (default: a logged warning); `progress` the people written so far.

    CohortFilesMissingError, saying what to run, when the catalogue cannot make it again or the
    folder holds another cohort of that name (it is left alone). Nothing half-written is left.
    """
    try:
        root.mkdir(parents=True, exist_ok=True)
        with _locked(root, info.name):
            folder = fresh_folder(root, info)
            if folder is not None:
                return folder
            target = cohort_folder(root, info.name)
            found = read_stamp(target)
            if found is not None and found != stamp_of(info):
                made = (found.get("created"), info.created.isoformat())
                raise _missing(
                    root,
                    info,
                    f"{target} holds another cohort called {info.name!r} (made {made[0]}, this "
                    f"one {made[1]}); move that folder away first",
                )
            for left in root.glob(f"{PREFIX}-{folder_name(info.name)}-*"):
                shutil.rmtree(left, ignore_errors=True)  # a rebuild that stopped half-way
            (say or log.warning)(
                f"cohort {info.name!r}: its files are missing from {root}; making them again "
                f"from seed {info.seed} (the same seed gives the same files)"
            )
            writers = TableWriters(root, info.name, prefix=PREFIX)
            try:
                writers.write_parts(regenerate_parts(info), progress)
                work = writers.finish(info)
            except BaseException:
                writers.abandon()
                raise
            swap_in(work, target)
            return target
    except CohortNotReproducibleError as exc:
        raise _missing(root, info, str(exc)) from None
    except OSError as exc:
        raise _missing(root, info, f"they could not be written ({exc})") from None
