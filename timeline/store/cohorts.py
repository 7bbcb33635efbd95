"""Synthetic cohorts in the database: six tables, bulk inserts, column-wise loads.

Dates of people, events and cycles are stored as day numbers (days since 1970-01-01), so five
million events go in and out as plain integers; in SQL, `date(start_day * 86400, 'unixepoch')`
(SQLite) or `date '1970-01-01' + start_day` (PostgreSQL) reads them as dates. A save is one
transaction (the caller's): a failure leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.orm import Session

from timeline.cohorts.tables import (
    AGENCY_COLUMNS,
    CYCLE_COLUMNS,
    EVENT_COLUMNS,
    PEOPLE_COLUMNS,
    Cohort,
    CohortInfo,
)
from timeline.cycles.cohort_frame import KIND_CATEGORIES
from timeline.store.cohort_models import (
    CohortAgencyRow,
    CohortCycleRow,
    CohortEventRow,
    CohortPersonRow,
    CohortRow,
    CohortTruthRow,
)
from timeline.store.models import Base

CHUNK = 200_000  # rows per executemany: bounded memory, few round trips
_NONE = np.iinfo(np.int64).min


class CohortExistsError(ValueError):
    """A cohort with that name is already stored (pass replace=True to overwrite it)."""


class CohortNotFoundError(LookupError):
    """No cohort with that name is stored."""


_PERSON_FIELDS = (
    "cohort_pk",
    "person",
    "pseudonym",
    "age_band",
    "gender",
    "needs",
    "coordinated_day",
    "area",
    "entered_day",
    "left_day",
    "left_because",
)
_CHILDREN = (CohortCycleRow, CohortTruthRow, CohortEventRow, CohortAgencyRow, CohortPersonRow)


def _connection(bind: Session | Connection) -> Connection:
    return bind.connection() if isinstance(bind, Session) else bind


def _days(values: pd.Series) -> np.ndarray:
    """datetime64 values as day numbers; _NONE for NaT."""
    days = values.to_numpy().astype("datetime64[D]")
    return np.where(np.isnat(days), _NONE, days.astype(np.int64))


def _column(values: np.ndarray) -> list:
    """A column as Python values for the driver; day numbers of _NONE become NULL."""
    listed = values.tolist()
    if values.dtype == np.int64 and (values == _NONE).any():
        return [None if v == _NONE else v for v in listed]
    return listed


def _bulk_insert(connection: Connection, table: str, names: Sequence[str], columns: list) -> None:
    """INSERT many rows through the driver's executemany, in chunks."""
    style = connection.dialect.paramstyle
    mark = "?" if style == "qmark" else "%s" if style in ("format", "pyformat") else None
    if mark is None:  # any other driver: SQLAlchemy Core (slower, still one statement per chunk)
        target = Base.metadata.tables[table]
        rows = [dict(zip(names, r, strict=True)) for r in zip(*columns, strict=True)]
        for at in range(0, len(rows), CHUNK):
            connection.execute(insert(target), rows[at : at + CHUNK])
        return
    quoted = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join([mark] * len(names))
    # table and column names are this module's constants, never user input
    sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'  # noqa: S608
    size = len(columns[0]) if columns else 0
    for at in range(0, size, CHUNK):
        rows = list(zip(*(c[at : at + CHUNK] for c in columns), strict=True))
        connection.exec_driver_sql(sql, rows)


def check_cohort(cohort: Cohort) -> None:
    """Refuse wrong columns, missing text, unknown kinds and repeated events (ValueError)."""
    cohort.check()
    known = set(KIND_CATEGORIES)
    unknown = set(cohort.events["kind"].dropna().astype(str).unique()) - known
    if unknown:
        raise ValueError(f"unknown event kind(s) {sorted(unknown)}; use one of {sorted(known)}")
    for table, columns in (
        ("people", ("pseudonym", "age_band", "gender", "needs", "area", "left_because")),
        ("agencies", ("name", "sector", "provider_type")),
        ("events", ("kind",)),
        ("truth", ("rule",)),
        ("cycles", ("rule",)),
    ):
        frame = getattr(cohort, table)
        for column in columns:
            missing = int(frame[column].isna().sum())
            if missing:
                raise ValueError(f"{missing} {table} row(s) have no {column}; fill it in")
    key = cohort.events["person"].to_numpy(np.int64) << 32 | cohort.events["event"].to_numpy(
        np.int64
    )
    if len(key) > 1 and not (np.diff(key) > 0).all() and len(np.unique(key)) < len(key):
        raise ValueError("two events have the same person and event number; renumber them")


def _pk_of(connection: Connection, name: str) -> int | None:
    return connection.execute(select(CohortRow.pk).where(CohortRow.name == name)).scalar()


def save_cohort(
    bind: Session | Connection, cohort: Cohort, *, replace: bool = False, rows: bool = True
) -> None:
    """Store a cohort inside the caller's transaction (CohortExistsError unless replace); with
    rows=False only its catalogue row (its tables then live in Parquet files, cohort_files)."""
    check_cohort(cohort)
    connection = _connection(bind)
    info = cohort.info
    existing = _pk_of(connection, info.name)
    if existing is not None:
        if not replace:
            raise CohortExistsError(f"A cohort called {info.name!r} is already stored.")
        _delete(connection, existing)
    pk = connection.execute(
        insert(CohortRow).returning(CohortRow.pk),
        {
            "name": info.name,
            "seed": int(info.seed),
            "people": len(cohort.people) if rows else info.people,
            "events": len(cohort.events) if rows else info.events,
            "created": info.created,
            "modules": list(info.modules),
            "coordinated_from": info.coordinated_from,
            "coordinated_share": float(info.coordinated_share),
            "provenance": info.provenance,
            "window_from": info.window_from,
            "window_to": info.window_to,
            "area": info.area,
        },
    ).scalar_one()
    if rows:
        _insert_rows(connection, pk, cohort)


def _insert_rows(connection: Connection, pk: int, cohort: Cohort) -> None:
    people, agencies, events = cohort.people, cohort.agencies, cohort.events
    _bulk_insert(
        connection,
        "cohort_people",
        _PERSON_FIELDS,
        [[pk] * len(people)]
        + [
            people[c].astype(str).tolist() if c != "person" else people[c].tolist()
            for c in ("person", "pseudonym", "age_band", "gender", "needs")
        ]
        + [
            _column(_days(people["coordinated_from"])),
            people["area"].astype(str).tolist(),
            _column(_days(people["entered"])),
            _column(_days(people["left"])),
            people["left_because"].astype(str).tolist(),
        ],
    )
    _bulk_insert(
        connection,
        "cohort_agencies",
        ("cohort_pk", *AGENCY_COLUMNS),
        [[pk] * len(agencies), agencies["agency"].astype(int).tolist()]
        + [agencies[c].astype(str).tolist() for c in AGENCY_COLUMNS[1:]],
    )
    _bulk_insert(
        connection,
        "cohort_events",
        ("cohort_pk", "person", "event", "agency", "kind", "start_day", "end_day"),
        [
            np.full(len(events), pk, dtype=np.int64).tolist(),
            events["person"].to_numpy(dtype=np.int64).tolist(),
            events["event"].to_numpy(dtype=np.int64).tolist(),
            events["agency"].to_numpy(dtype=np.int64).tolist(),
            events["kind"].astype(str).tolist(),
            _column(_days(events["start"])),
            _column(_days(events["end"])),
        ],
    )
    for table, frame in (("cohort_truth", cohort.truth), ("cohort_cycles", cohort.cycles)):
        _bulk_insert(
            connection,
            table,
            ("cohort_pk", "row", "person", "rule", "start_day", "end_day", "iterations"),
            [
                [pk] * len(frame),
                list(range(len(frame))),
                frame["person"].to_numpy(dtype=np.int64).tolist(),
                frame["rule"].astype(str).tolist(),
                _column(_days(frame["start"])),
                _column(_days(frame["end"])),
                frame["iterations"].to_numpy(dtype=np.int64).tolist(),
            ],
        )


def _delete(connection: Connection, pk: int) -> None:
    for row in _CHILDREN:
        connection.execute(delete(row).where(row.cohort_pk == pk))
    connection.execute(delete(CohortRow).where(CohortRow.pk == pk))


def delete_cohort(bind: Session | Connection, name: str) -> None:
    """Remove a stored cohort and all its rows (CohortNotFoundError when there is none)."""
    connection = _connection(bind)
    pk = _pk_of(connection, name)
    if pk is None:
        raise CohortNotFoundError(f"There is no cohort called {name!r}.")
    _delete(connection, pk)


def _info(row) -> CohortInfo:  # noqa: ANN001 (a Core row of cohorts)
    return CohortInfo(
        name=row.name,
        seed=int(row.seed),
        people=int(row.people),
        events=int(row.events),
        created=row.created,
        modules=tuple(row.modules or ()),
        coordinated_from=row.coordinated_from,
        coordinated_share=float(row.coordinated_share),
        provenance=row.provenance,
        window_from=row.window_from,
        window_to=row.window_to,
        area=row.area or "",
    )


def cohort_info(bind: Session | Connection, name: str) -> tuple[CohortInfo, bool]:
    """Cohort `name`'s catalogue row and whether its tables are in the database too
    (CohortNotFoundError when there is none)."""
    connection = _connection(bind)
    found = connection.execute(select(CohortRow.__table__).where(CohortRow.name == name)).first()
    if found is None:
        raise CohortNotFoundError(f"There is no cohort called {name!r}.")
    any_row = connection.execute(
        select(CohortPersonRow.person).where(CohortPersonRow.cohort_pk == found.pk).limit(1)
    ).first()
    return _info(found), any_row is not None or int(found.people) == 0


def list_cohorts(bind: Session | Connection) -> list[CohortInfo]:
    """Every stored cohort's description, by name."""
    connection = _connection(bind)
    rows = connection.execute(select(CohortRow.__table__).order_by(CohortRow.name)).all()
    return [_info(r) for r in rows]


def _fetch(connection: Connection, row: type[Base], columns: Sequence[str], pk: int, order: str):
    """Columns of one cohort's rows, as lists, straight from the driver's cursor (fast)."""
    style = connection.dialect.paramstyle
    mark = "?" if style == "qmark" else "%s" if style in ("format", "pyformat") else None
    table = row.__table__.name
    names = ", ".join(f'"{c}"' for c in columns)
    ordering = ", ".join(f'"{o}"' for o in order.split(","))
    if mark is None:
        query = (
            select(*(row.__table__.c[c] for c in columns))
            .where(row.__table__.c.cohort_pk == pk)
            .order_by(*(row.__table__.c[o] for o in order.split(",")))
        )
        rows = connection.execute(query).all()
    else:
        cursor = connection.connection.cursor()
        try:
            cursor.execute(
                f'SELECT {names} FROM "{table}" WHERE cohort_pk = {mark} ORDER BY {ordering}',  # noqa: S608
                (pk,),
            )
            rows = cursor.fetchall()
        finally:
            cursor.close()
    return [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in columns]


def _dates(days: Sequence) -> np.ndarray:
    values = np.array([_NONE if d is None else d for d in days], dtype=np.int64)
    out = values.astype("datetime64[D]").astype("datetime64[s]")
    out[values == _NONE] = np.datetime64("NaT")
    return out


def _int_dates(days: list) -> np.ndarray:
    """Day numbers without NULLs, fast; falls back to _dates when a NULL is present."""
    try:
        values = np.array(days, dtype=np.int64)
    except TypeError:
        return _dates(days)
    return values.astype("datetime64[D]").astype("datetime64[s]")


def _cycles(connection: Connection, row: type[Base], pk: int) -> pd.DataFrame:
    person, rule, start, end, iterations = _fetch(
        connection, row, ("person", "rule", "start_day", "end_day", "iterations"), pk, "row"
    )
    return pd.DataFrame(
        {
            "person": np.array(person, dtype=np.int32),
            "rule": np.array(rule, dtype=object),
            "start": _int_dates(start),
            "end": _int_dates(end),
            "iterations": np.array(iterations, dtype=np.int32),
        },
        columns=list(CYCLE_COLUMNS),
    )


def load_cohort(bind: Session | Connection, name: str) -> Cohort:
    """The stored cohort `name` as column tables (CohortNotFoundError when there is none)."""
    connection = _connection(bind)
    found = connection.execute(select(CohortRow.__table__).where(CohortRow.name == name)).first()
    if found is None:
        raise CohortNotFoundError(f"There is no cohort called {name!r}.")
    pk = found.pk
    p = _fetch(connection, CohortPersonRow, _PERSON_FIELDS[1:], pk, "person")
    people = pd.DataFrame(
        {
            "person": np.array(p[0], dtype=np.int32),
            "pseudonym": np.array(p[1], dtype=object),
            "age_band": np.array(p[2], dtype=object),
            "gender": np.array(p[3], dtype=object),
            "needs": np.array(p[4], dtype=object),
            "coordinated_from": _dates(p[5]),
            "area": np.array(p[6], dtype=object),
            "entered": _dates(p[7]),
            "left": _dates(p[8]),
            "left_because": np.array(p[9], dtype=object),
        },
        columns=list(PEOPLE_COLUMNS),
    )
    a = _fetch(connection, CohortAgencyRow, AGENCY_COLUMNS, pk, "agency")
    agencies = pd.DataFrame(
        {
            "agency": np.array(a[0], dtype=np.int32),
            "name": np.array(a[1], dtype=object),
            "sector": np.array(a[2], dtype=object),
            "provider_type": np.array(a[3], dtype=object),
        },
        columns=list(AGENCY_COLUMNS),
    )
    e = _fetch(
        connection,
        CohortEventRow,
        ("person", "event", "agency", "kind", "start_day", "end_day"),
        pk,
        "person,event",
    )
    events = pd.DataFrame(
        {
            "person": np.array(e[0], dtype=np.int32),
            "event": np.array(e[1], dtype=np.int32),
            "agency": np.array(e[2], dtype=np.int32),
            "kind": pd.Categorical(e[3], categories=list(KIND_CATEGORIES)),
            "start": _int_dates(e[4]),
            "end": _dates(e[5]),
        },
        columns=list(EVENT_COLUMNS),
    )
    cohort = Cohort(
        _info(found),
        people,
        agencies,
        events,
        _cycles(connection, CohortTruthRow, pk),
        _cycles(connection, CohortCycleRow, pk),
    )
    return cohort


def cohort_count(bind: Session | Connection) -> int:
    """How many cohorts are stored."""
    return int(_connection(bind).execute(select(func.count(CohortRow.pk))).scalar_one())
