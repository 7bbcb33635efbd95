"""A cohort in parts of people: cycles found part by part (cycles are per person, so this is
exact), and parts put back together when a whole cohort is wanted."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from timeline.cohorts.detect import find_cycles_table
from timeline.cohorts.tables import Cohort


def detect_part(part: Cohort) -> Cohort:
    """The part with its cycles table filled in (its people may start at any id)."""
    first = int(part.people["person"].min()) if len(part.people) else 0
    if not first:
        return dataclasses.replace(part, cycles=find_cycles_table(part))
    events = part.events.copy()
    events["person"] = events["person"] - np.int32(first)
    cycles = find_cycles_table(dataclasses.replace(part, events=events))
    cycles["person"] = cycles["person"] + np.int32(first)
    return dataclasses.replace(part, cycles=cycles)


def detect_in_parts(parts: Iterable[Cohort]) -> Iterator[Cohort]:
    """Each part with its cycles found, one part at a time."""
    return (detect_part(part) for part in parts)


def join_parts(parts: Iterable[Cohort]) -> Cohort:
    """One cohort from its parts, in order (their agencies are the same table)."""
    listed = list(parts)
    if not listed:
        raise ValueError("a cohort needs at least one part")

    def joined(table: str) -> pd.DataFrame:
        return pd.concat([getattr(p, table) for p in listed], ignore_index=True)

    people, events = joined("people"), joined("events")
    info = dataclasses.replace(listed[0].info, people=len(people), events=len(events))
    return Cohort(info, people, listed[0].agencies, events, joined("truth"), joined("cycles"))
