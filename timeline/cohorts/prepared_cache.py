"""The explorer's prepared arrays kept beside a cohort's Parquet files, so a cold open reads them
instead of computing them (`prepared/` in the cohort's folder: one .npy per array, meta.json).

A cohort read from files is remembered with its folder (`remember_folder`); prepare_cohort then
looks here first. The cache names its format: arrays from an older layout are computed again.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import uuid
import weakref
from pathlib import Path

import numpy as np

from timeline.cohorts.tables import Cohort

FORMAT = 4  # raise when PreparedCohort's arrays change (3: repeat pairs; 4: person types)
FOLDER = "prepared"
_TEXT = ("sectors", "months", "rules")
_FOLDERS: dict[int, Path] = {}


def remember_folder(cohort: Cohort, folder: Path) -> None:
    """Note that `cohort` was read from `folder`, for as long as the cohort object lives."""
    key = id(cohort)
    _FOLDERS[key] = folder
    weakref.finalize(cohort, _FOLDERS.pop, key, None)


def folder_of(cohort: Cohort) -> Path | None:
    """The folder `cohort` was read from or written to, if known."""
    return _FOLDERS.get(id(cohort))


def _arrays(prepared_type: type) -> list[str]:
    skip = {"cohort", "events", *_TEXT}
    return [f.name for f in dataclasses.fields(prepared_type) if f.name not in skip]


def save_prepared(prepared, folder: Path) -> None:  # noqa: ANN001 (a PreparedCohort)
    """Write the arrays into `folder`/prepared, swapping the whole folder in at once."""
    events = prepared.cohort.events
    if len(events) != len(prepared.event_person) or not np.array_equal(
        events["person"].to_numpy(np.int32), prepared.event_person
    ):
        return  # the cohort's events were not in person order: the cache would not match them
    work = folder / f".{FOLDER}-{uuid.uuid4().hex[:8]}"
    work.mkdir()
    try:
        for name in _arrays(type(prepared)):
            np.save(work / f"{name}.npy", getattr(prepared, name), allow_pickle=False)
        meta = {"format": FORMAT, "events": len(events), **{t: getattr(prepared, t) for t in _TEXT}}
        (work / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        old = folder / f".{FOLDER}-old-{uuid.uuid4().hex[:8]}"
        if (folder / FOLDER).exists():
            os.replace(folder / FOLDER, old)
        os.replace(work, folder / FOLDER)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def load_prepared(cohort: Cohort, folder: Path, prepared_type: type):  # noqa: ANN201
    """The cached PreparedCohort of `cohort`, or None when missing, of another format or size."""
    cache = folder / FOLDER
    try:
        meta = json.loads((cache / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("events") != len(cohort.events):
            return None
        arrays = {n: np.load(cache / f"{n}.npy") for n in _arrays(prepared_type)}
    except (OSError, ValueError):
        return None
    return prepared_type(
        cohort=cohort,
        events=cohort.events,
        **{t: tuple(meta[t]) for t in _TEXT},
        **arrays,
    )
