"""A synthetic cohort as columns: the one shape the generator emits, the store keeps and the
explorer reads. Column tables (pandas), not one pydantic object per event: a city cohort is
100,000 people and about five million events.

Every table is a pandas DataFrame with exactly these columns (ids are 0-based ints):

people    person (int32, 0..N-1), pseudonym (str), age_band (AgeBand value), gender (Gender
          value), needs (NeedDomain values joined with "+" in NEEDS order, e.g.
          "homelessness+substance_use"; "" for none), coordinated_from (datetime64[D], NaT when
          the person never gets coordinated support), area (the person's ward, an invented name;
          "" in cohorts stored before wards), entered (datetime64[D]: the day they entered the
          group, before the window for people already in it on its first day), left
          (datetime64[D], NaT while still in the group at the window's end), left_because
          ("moved on", "moved away" or "died"; "" while still in the group)
agencies  agency (int32), name (str), sector (str), provider_type (ProviderType value)
events    person (int32), event (int32, 0.. within the person, in date order), agency (int32),
          kind (EventKind value), start (datetime64[D]), end (datetime64[D], NaT if none)
truth     person (int32), rule (cycle rule id), start (datetime64[D]), end (datetime64[D]),
          iterations (int32): the loops the generator meant to create (ground truth)
cycles    person (int32), rule, start, end, iterations: what the cycle rules find (filled when
          the cohort is stored, so the explorer never recomputes them)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from schemas import NeedDomain

PEOPLE_COLUMNS = (
    "person",
    "pseudonym",
    "age_band",
    "gender",
    "needs",
    "coordinated_from",
    "area",
    "entered",
    "left",
    "left_because",
)
AGENCY_COLUMNS = ("agency", "name", "sector", "provider_type")
EVENT_COLUMNS = ("person", "event", "agency", "kind", "start", "end")
CYCLE_COLUMNS = ("person", "rule", "start", "end", "iterations")
# the five needs of the brief, in the order a needs combination is written
NEEDS: tuple[str, ...] = (
    NeedDomain.HOMELESSNESS.value,
    NeedDomain.SUBSTANCE_USE.value,
    NeedDomain.MENTAL_HEALTH.value,
    NeedDomain.OFFENDING.value,
    NeedDomain.DOMESTIC_ABUSE.value,
)


@dataclass(frozen=True)
class CohortInfo:
    """What a stored cohort is: its name, how it was made, and its size."""

    name: str
    seed: int
    people: int
    events: int
    created: dt.datetime
    modules: tuple[str, ...] = ()
    coordinated_from: dt.date | None = None  # the intervention's start, if any
    coordinated_share: float = 0.0  # the share of people who get it from that date
    provenance: str = "synthetic"
    window_from: dt.date | None = None  # the calendar window (None: stored before windows)
    window_to: dt.date | None = None
    area: str = ""  # the area preset (`--area`), "" when none


@dataclass(frozen=True)
class Cohort:
    """A whole cohort's tables; see the module docstring for their columns."""

    info: CohortInfo
    people: pd.DataFrame
    agencies: pd.DataFrame
    events: pd.DataFrame
    truth: pd.DataFrame
    cycles: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CYCLE_COLUMNS))

    def check(self) -> None:
        """Raise ValueError when a table's columns differ from the contract."""
        for name, columns in (
            ("people", PEOPLE_COLUMNS),
            ("agencies", AGENCY_COLUMNS),
            ("events", EVENT_COLUMNS),
            ("truth", CYCLE_COLUMNS),
            ("cycles", CYCLE_COLUMNS),
        ):
            found = tuple(getattr(self, name).columns)
            if found != columns:
                raise ValueError(f"cohort table {name!r} has columns {found}, expected {columns}")
