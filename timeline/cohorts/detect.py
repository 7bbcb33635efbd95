"""Fill a cohort's cycles table by running the revolving-door rules over all its events at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from timeline.cohorts.tables import CYCLE_COLUMNS, Cohort
from timeline.cycles.cohort import events_frame_from_columns, find_cohort_cycles
from timeline.cycles.rules import DEFAULT_RULES, Rule

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def find_cycles_table(
    cohort: Cohort, rules: Iterable[Rule] = DEFAULT_RULES, *, possible: bool = False
) -> pd.DataFrame:
    """The cycles table (CYCLE_COLUMNS) the rules find in the cohort's events: certain findings
    only, unless `possible` (those that depend on where uncertain dates lie) is asked for."""
    events = cohort.events
    people = len(cohort.people)
    frame = events_frame_from_columns(
        person=pd.Categorical.from_codes(
            events["person"].to_numpy(dtype=np.int64), categories=np.arange(max(people, 1))
        ),
        event_id=events["event"].to_numpy(),
        kind=events["kind"].to_numpy()
        if not isinstance(events["kind"].dtype, pd.CategoricalDtype)
        else events["kind"].array,
        agency=events["agency"].to_numpy(),
        start=events["start"].to_numpy(),
        end=events["end"].to_numpy(),
    )
    found = find_cohort_cycles(frame, rules, possible=possible)
    table = pd.DataFrame(
        {
            "person": found["person"].to_numpy().astype(np.int32),
            "rule": found["rule"].astype(str).to_numpy(dtype=object),
            "start": _dates(found["first_day"].to_numpy()),
            "end": _dates(found["last_day"].to_numpy()),
            "iterations": found["iterations"].to_numpy().astype(np.int32),
        },
        columns=list(CYCLE_COLUMNS),
    )
    return table


def detect_cycles(cohort: Cohort, rules: Iterable[Rule] = DEFAULT_RULES) -> Cohort:
    """The same cohort with its cycles table filled in."""
    return dataclasses.replace(cohort, cycles=find_cycles_table(cohort, rules))


def _dates(ordinals: np.ndarray) -> np.ndarray:
    return (
        (ordinals.astype(np.int64) - _EPOCH_ORDINAL).astype("datetime64[D]").astype("datetime64[s]")
    )
