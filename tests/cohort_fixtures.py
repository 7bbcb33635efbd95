"""Cohorts for explorer tests. `make_cohort`: a tiny hand-built cohort of invented people,
agencies and dates, small enough to check every aggregate by hand. Not generated, not real,
not calibrated to anything.

Twelve people, four agencies, 37 events:

| people | needs                      | age   | gender | events (sector, month)                 |
|--------|----------------------------|-------|--------|----------------------------------------|
| 0-2    | homelessness+substance_use | 25-34 | man    | Housing 01, Police 02, Housing 03,     |
|        |                            |       |        | Substance misuse 07                    |
| 3-5    | homelessness+substance_use | 25-34 | man    | Housing 01, Police 02, Housing 03      |
| 6      | homelessness+offending     | 25-34 | man    | Housing 01, Police 02                  |
| 7      | homelessness+offending     | 35-44 | man    | Housing 01, Police 02                  |
| 8-11   | mental_health              | 35-44 | woman  | Housing 01, Health 02, Health 02       |

All in 2024. People 0-2 get coordinated support from 2024-06-01. Cycles: people 0-5 an
eviction cycle of 2 iterations each; people 8-10 one frequent-emergency finding each.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from synthetic import generate_cohort
from timeline.cohorts import (
    AGENCY_COLUMNS,
    CYCLE_COLUMNS,
    EVENT_COLUMNS,
    PEOPLE_COLUMNS,
    Cohort,
    CohortInfo,
)
from timeline.cohorts.detect import detect_cycles
from timeline.service import open_services
from timeline.settings import Settings

PSEUDONYMS = (
    "Alder",
    "Birch",
    "Cedar",
    "Damson",
    "Elder",
    "Fir",
    "Gorse",
    "Hazel",
    "Ivy",
    "Juniper",
    "Larch",
    "Maple",
)
AGENCIES = (
    (0, "Riverside Hostel (synthetic)", "Housing", "voluntary"),
    (1, "City Police (synthetic)", "Police", "public"),
    (2, "General Hospital (synthetic)", "Health", "public"),
    (3, "Recovery Team (synthetic)", "Substance misuse", "public"),
)


def _day(month: int, day: int) -> pd.Timestamp:
    return pd.Timestamp(dt.date(2024, month, day))


def _events() -> list[tuple[int, int, str, pd.Timestamp, pd.Timestamp | None]]:
    """(person, agency, kind, start, end) in date order within each person."""
    rows: list[tuple[int, int, str, pd.Timestamp, pd.Timestamp | None]] = []
    for person in range(12):
        rows.append((person, 0, "tenancy", _day(1, 10 + person), None))
        if person <= 7:
            rows.append((person, 1, "arrest", _day(2, 5 + person), None))
        if person <= 5:
            rows.append((person, 0, "eviction", _day(3, 1 + person), None))
        if person >= 8:
            rows.append((person, 2, "ae_attendance", _day(2, 2), None))
            rows.append((person, 2, "ae_attendance", _day(2, 20), None))
        if person <= 2:
            rows.append((person, 3, "support", _day(7, 1), _day(9, 30)))
    return rows


def make_cohort(name: str = "tiny", created: dt.datetime | None = None) -> Cohort:
    """The hand-built twelve-person cohort described in the module docstring."""
    people = pd.DataFrame(
        {
            "person": pd.array(range(12), dtype="int32"),
            "pseudonym": list(PSEUDONYMS),
            "age_band": ["25-34"] * 7 + ["35-44"] * 5,
            "gender": ["man"] * 8 + ["woman"] * 4,
            "needs": ["homelessness+substance_use"] * 6
            + ["homelessness+offending"] * 2
            + ["mental_health"] * 4,
            "coordinated_from": pd.to_datetime(["2024-06-01"] * 3 + [None] * 9).astype(
                "datetime64[s]"
            ),
            "area": ["Foxhollow"] * 6 + ["Mill End"] * 6,
            "entered": pd.to_datetime(["2024-01-01"] * 12).astype("datetime64[s]"),
            "left": pd.to_datetime([None] * 12).astype("datetime64[s]"),
            "left_because": [""] * 12,
        },
        columns=list(PEOPLE_COLUMNS),
    )
    agencies = pd.DataFrame(AGENCIES, columns=list(AGENCY_COLUMNS))
    agencies["agency"] = agencies["agency"].astype("int32")
    raw = _events()
    events = pd.DataFrame(
        {
            "person": pd.array([r[0] for r in raw], dtype="int32"),
            "event": pd.array(
                [sum(1 for s in raw[:i] if s[0] == r[0]) for i, r in enumerate(raw)],
                dtype="int32",
            ),
            "agency": pd.array([r[1] for r in raw], dtype="int32"),
            "kind": [r[2] for r in raw],
            "start": pd.to_datetime([r[3] for r in raw]).astype("datetime64[s]"),
            "end": pd.to_datetime([r[4] for r in raw]).astype("datetime64[s]"),
        },
        columns=list(EVENT_COLUMNS),
    )
    cycle_rows = [(p, "eviction_cycle", _day(1, 10 + p), _day(3, 1 + p), 2) for p in range(6)]
    cycle_rows += [(p, "emergency_frequent", _day(2, 2), _day(2, 20), 1) for p in (8, 9, 10)]
    cycles = pd.DataFrame(cycle_rows, columns=list(CYCLE_COLUMNS))
    cycles["person"] = cycles["person"].astype("int32")
    cycles["iterations"] = cycles["iterations"].astype("int32")
    info = CohortInfo(
        name=name,
        seed=0,
        people=12,
        events=len(events),
        created=created or dt.datetime(2026, 1, 1, 9, 0),
        coordinated_from=dt.date(2024, 6, 1),
        coordinated_share=0.25,
    )
    cohort = Cohort(info, people, agencies, events, cycles.copy(), cycles)
    cohort.check()
    return cohort


def store_generated_cohort(
    settings: Settings, name: str, people: int, seed: int, coordinated_share: float = 0.0
) -> None:
    """Generate a cohort with the real generator, find its cycles and store it (for page tests).

    Coordinated support, when any, starts on 1 January 2023.
    """
    services = open_services(settings)
    try:
        cohort = generate_cohort(
            people,
            seed,
            name=name,
            coordinated_from=dt.date(2023, 1, 1) if coordinated_share else None,
            coordinated_share=coordinated_share,
        )
        services.save_cohort(detect_cycles(cohort))
    finally:
        services.sessions.kw["bind"].dispose()
