"""A cohort's tables as Parquet files in its own folder: written whole or not at all, read as
columns.

`<root>/<name>/` holds people, agencies, events, truth and cycles `.parquet` and `cohort.json`
(the stamp: the catalogue row the files belong to). Files are written into a hidden folder beside
it and swapped in by renaming, so a crash leaves either the old cohort or the new one, never half.
The same tables give the same bytes (fixed schema, row groups and compression; no timestamps), so
analysts' tools (pandas, polars, DuckDB, Spark, Trino) can read the folder as it is.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from timeline.cohorts.tables import (
    AGENCY_COLUMNS,
    CYCLE_COLUMNS,
    EVENT_COLUMNS,
    PEOPLE_COLUMNS,
    Cohort,
    CohortInfo,
)
from timeline.cycles.cohort_frame import KIND_CATEGORIES

TABLES = ("people", "agencies", "events", "truth", "cycles")
STAMP = "cohort.json"
ROW_GROUP = 1 << 20  # rows per row group: fixed, so the bytes depend on the data only
_OPTIONS: dict[str, Any] = {
    "compression": "snappy",  # fast to read, and every Parquet reader knows it
    "use_dictionary": True,
    "write_statistics": True,
}
_KINDS = pa.array(list(KIND_CATEGORIES), pa.string())
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")

SCHEMAS = {
    "people": pa.schema(
        [
            ("person", pa.int32()),
            ("pseudonym", pa.string()),
            ("age_band", pa.string()),
            ("gender", pa.string()),
            ("needs", pa.string()),
            ("coordinated_from", pa.date32()),
            ("area", pa.string()),
            ("entered", pa.date32()),
            ("left", pa.date32()),
            ("left_because", pa.string()),
        ]
    ),
    "agencies": pa.schema(
        [
            ("agency", pa.int32()),
            ("name", pa.string()),
            ("sector", pa.string()),
            ("provider_type", pa.string()),
        ]
    ),
    "events": pa.schema(
        [
            ("person", pa.int32()),
            ("event", pa.int32()),
            ("agency", pa.int32()),
            ("kind", pa.dictionary(pa.int8(), pa.string())),
            ("start", pa.date32()),
            ("end", pa.date32()),
        ]
    ),
    "truth": pa.schema(
        [
            ("person", pa.int32()),
            ("rule", pa.string()),
            ("start", pa.date32()),
            ("end", pa.date32()),
            ("iterations", pa.int32()),
        ]
    ),
}
SCHEMAS["cycles"] = SCHEMAS["truth"]


def folder_name(name: str) -> str:
    """The folder of cohort `name`: the name itself when it is a plain file name, else a hash."""
    if _SAFE.fullmatch(name) and name not in {".", ".."}:
        return name
    return "cohort-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


def cohort_folder(root: Path, name: str) -> Path:
    """Where cohort `name`'s files live under `root`."""
    return root / folder_name(name)


def stamp_of(info: CohortInfo) -> dict[str, Any]:
    """What ties a folder to its catalogue row: name, seed, created, people and events."""
    return {
        "name": info.name,
        "seed": int(info.seed),
        "created": info.created.isoformat(),
        "people": int(info.people),
        "events": int(info.events),
    }


def _dates(values: pd.Series) -> pa.Array:
    days = values.to_numpy().astype("datetime64[D]")
    return pa.array(days, pa.date32(), mask=np.isnat(days))


def _strings(values: pd.Series) -> pa.Array:
    return pa.array(values.astype(str).to_numpy(dtype=object), pa.string())


def _kind_codes(kind: pd.Series) -> np.ndarray:
    if isinstance(kind.dtype, pd.CategoricalDtype) and tuple(kind.cat.categories) == tuple(
        KIND_CATEGORIES
    ):
        return kind.cat.codes.to_numpy().astype(np.int8)
    return pd.Categorical(kind.astype(str), categories=list(KIND_CATEGORIES)).codes.astype(np.int8)


def arrow_table(table: str, frame: pd.DataFrame) -> pa.Table:
    """One cohort table (a pandas frame of the tables contract) as an Arrow table of SCHEMAS."""
    schema = SCHEMAS[table]
    columns: list[pa.Array] = []
    for field in schema:
        values = frame[field.name]
        if field.type == pa.date32():
            columns.append(_dates(values))
        elif pa.types.is_dictionary(field.type):
            columns.append(pa.DictionaryArray.from_arrays(pa.array(_kind_codes(values)), _KINDS))
        elif field.type == pa.string():
            columns.append(_strings(values))
        else:
            columns.append(pa.array(values.to_numpy().astype(field.type.to_pandas_dtype())))
    return pa.Table.from_arrays(columns, schema=schema)


class TableWriters:
    """Parquet writers for a cohort's five tables in a new hidden folder (then swap_in).

    Parts of people are appended one at a time (`write`), so a cohort larger than memory can be
    written; the same rows give the same bytes however they were split into parts.
    """

    def __init__(self, root: Path, name: str, prefix: str = ".new") -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.target = cohort_folder(root, name)
        self.work = root / f"{prefix}-{folder_name(name)}-{uuid.uuid4().hex[:8]}"
        self.work.mkdir()
        self._writers = {
            t: pq.ParquetWriter(self.work / f"{t}.parquet", SCHEMAS[t], **_OPTIONS) for t in TABLES
        }
        self._held: dict[str, list[pa.Table]] = {}

    def write(self, table: str, frame: pd.DataFrame) -> None:
        """Append rows (a frame of the tables contract) to one table. Rows are held until a row
        group is full, so the files are the same however the rows were split into calls."""
        held = self._held.setdefault(table, [])
        held.append(arrow_table(table, frame))
        rows = sum(len(t) for t in held)
        if rows >= ROW_GROUP:
            whole = pa.concat_tables(held)
            full = rows - rows % ROW_GROUP
            self._writers[table].write_table(whole.slice(0, full), row_group_size=ROW_GROUP)
            self._held[table] = [whole.slice(full)]

    def write_parts(
        self, parts: Iterable[Cohort], progress: Callable[[int], None] | None = None
    ) -> CohortInfo:
        """Append parts of people in order (the agencies from the first part); `progress` is
        told the people written so far. Returns the first part's info with the totals."""
        info, people, events = None, 0, 0
        for part in parts:
            if info is None:
                info = part.info
                self.write("agencies", part.agencies)
            for table in ("people", "events", "truth", "cycles"):
                self.write(table, getattr(part, table))
            people, events = people + len(part.people), events + len(part.events)
            if progress is not None:
                progress(people)
        if info is None:
            raise ValueError("a cohort needs at least one part")
        return dataclasses.replace(info, people=people, events=events)

    def finish(self, info: CohortInfo) -> Path:
        """Close the files, stamp them with `info`; the folder is ready for swap_in."""
        for table, held in self._held.items():
            rest = pa.concat_tables(held)
            if len(rest):
                self._writers[table].write_table(rest, row_group_size=ROW_GROUP)
        self._held = {}
        for writer in self._writers.values():
            writer.close()
        self._writers = {}
        (self.work / STAMP).write_text(json.dumps(stamp_of(info), indent=1), encoding="utf-8")
        return self.work

    def abandon(self) -> None:
        """Close and remove the unfinished folder."""
        for writer in self._writers.values():
            writer.close()
        self._writers = {}
        shutil.rmtree(self.work, ignore_errors=True)


def write_cohort_files(root: Path, cohort: Cohort) -> Path:
    """Write a whole cohort into a new hidden folder under `root` (swap it in with swap_in)."""
    writers = TableWriters(root, cohort.info.name)
    try:
        for table in TABLES:
            writers.write(table, getattr(cohort, table))
        return writers.finish(cohort.info)
    except BaseException:
        writers.abandon()
        raise


def swap_in(work: Path, target: Path) -> None:
    """Put the finished folder `work` at `target`, replacing what was there, by renames only."""
    old = target.with_name(f".old-{target.name}-{uuid.uuid4().hex[:8]}")
    if target.exists():
        os.replace(target, old)
    os.replace(work, target)
    shutil.rmtree(old, ignore_errors=True)


def remove_cohort_files(root: Path, name: str) -> None:
    """Delete cohort `name`'s folder (and any unfinished one), if there is one."""
    target = cohort_folder(root, name)
    if target.exists():
        old = target.with_name(f".old-{target.name}-{uuid.uuid4().hex[:8]}")
        os.replace(target, old)
        shutil.rmtree(old, ignore_errors=True)
    for pending in _pending(root, name):
        shutil.rmtree(pending, ignore_errors=True)


def _pending(root: Path, name: str) -> Iterator[Path]:
    return root.glob(f".new-{folder_name(name)}-*") if root.exists() else iter(())


def read_stamp(folder: Path) -> dict[str, Any] | None:
    """The catalogue row a folder's files belong to (its cohort.json), None when unreadable."""
    try:
        return json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def fresh_folder(root: Path, info: CohortInfo) -> Path | None:
    """The folder holding `info`'s tables, or None when missing or stale (another cohort's).

    A finished folder left beside the old one by a crash after the catalogue was written is
    swapped in here.
    """
    target = cohort_folder(root, info.name)
    wanted = stamp_of(info)
    complete = all((target / f"{t}.parquet").exists() for t in TABLES)
    if complete and read_stamp(target) == wanted:
        return target
    for pending in _pending(root, info.name):
        if read_stamp(pending) == wanted:
            swap_in(pending, target)
            return target
    return None


def _frame(table: pa.Table, columns: Iterable[str]) -> pd.DataFrame:
    """Arrow columns to pandas without per-row objects: numbers and strings as they are, dates as
    datetime64[s], kinds as a Categorical over every kind."""
    table = table.select(list(columns))
    for at, field in enumerate(table.schema):
        if field.type == pa.date32():  # cast in Arrow: one pass, no pandas copy afterwards
            table = table.set_column(at, field.name, table.column(at).cast(pa.timestamp("s")))
    frame = table.to_pandas(split_blocks=True, self_destruct=True)
    if "kind" in frame and tuple(frame["kind"].cat.categories) != tuple(KIND_CATEGORIES):
        frame["kind"] = pd.Categorical(frame["kind"].astype(str), categories=KIND_CATEGORIES)
    return frame


def read_table(folder: Path, table: str) -> pd.DataFrame:
    """One table of a cohort folder as a pandas frame of the tables contract."""
    columns = {
        "people": PEOPLE_COLUMNS,
        "agencies": AGENCY_COLUMNS,
        "events": EVENT_COLUMNS,
        "truth": CYCLE_COLUMNS,
        "cycles": CYCLE_COLUMNS,
    }[table]
    return _frame(pq.read_table(folder / f"{table}.parquet", memory_map=True), columns)


def read_cohort_files(folder: Path, info: CohortInfo) -> Cohort:
    """The cohort whose tables are in `folder` (check it with fresh_folder first)."""
    return Cohort(info, *(read_table(folder, t) for t in TABLES))
