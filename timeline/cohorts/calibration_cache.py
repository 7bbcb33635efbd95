"""The calibration table kept beside a cohort's Parquet files, so a second process reads it
instead of measuring the whole cohort again (`calibration.json` in the cohort's folder, beside
the explorer's `prepared/` arrays).

Like the prepared arrays it belongs to the folder it is in (a replaced cohort gets a new folder,
and a deleted one takes the file with it), and it names what it was measured from: the cohort
(name, seed, when made, people, events), FORMAT, and a hash of the figures, the unit costs and
the code that measures them. When any of these differs it is measured again and rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from timeline.cohorts.prepared_cache import folder_of
from timeline.cohorts.tables import Cohort

FORMAT = 1  # raise when what calibration_summary returns changes shape
FILE = "calibration.json"
_HERE = Path(__file__).parent
# what the figures are measured with: a change to any of these measures them again
INPUTS = (
    _HERE / "calibration.toml",
    _HERE / "unit_costs.toml",
    _HERE / "calibration.py",
    _HERE / "presence.py",
    _HERE / "costs.py",
)

Summary = dict[str, Any]


def _key(cohort: Cohort) -> dict[str, Any]:
    """What a cached table must have been measured from to be this cohort's, measured now."""
    digest = hashlib.sha256()
    for path in INPUTS:
        digest.update(path.read_bytes())
    info = cohort.info
    return {
        "format": FORMAT,
        "cohort": [info.name, int(info.seed), info.created.isoformat(), info.people, info.events],
        "inputs": digest.hexdigest(),
    }


def cached_summary(cohort: Cohort, measure: Callable[[Cohort], Summary]) -> Summary:
    """`measure(cohort)`, read from beside the cohort's files when measured there before, else
    measured and written there (when the cohort was read from a folder and it can be written)."""
    folder = folder_of(cohort)
    if folder is None:
        return measure(cohort)
    try:
        key = _key(cohort)
    except OSError:  # the measuring code is not where it was: no cache
        return measure(cohort)
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        stored = json.loads((folder / FILE).read_text(encoding="utf-8"))
        if stored["key"] == key:
            return stored["summary"]
    summary = measure(cohort)
    with contextlib.suppress(OSError):  # a read-only folder: measured again next time
        _write(folder / FILE, {"key": key, "summary": summary})
    return summary


def _write(path: Path, data: dict[str, Any]) -> None:
    """Write the file under a temporary name, then rename it: readers never see half of it."""
    work = path.with_name(f".{path.name}-{uuid.uuid4().hex[:8]}")
    try:
        work.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(work, path)
    except BaseException:
        work.unlink(missing_ok=True)
        raise
