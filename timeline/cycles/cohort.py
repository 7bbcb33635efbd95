"""Revolving-door rules over many journeys at once: one table of events in, one of findings out.

The same rules, with the same answers, as engine.find_person_findings, computed with numpy over
every person of a cohort together (see docs/performance.md for how, and how fast). When any date
is uncertain (month, year or approximate) each rule is read twice, narrowed (certain findings)
and widened (possible ones); with exact dates the readings agree and every finding is certain.
Certain findings alone (what cohort counts use) need only the narrowed reading.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from timeline.cycles.cohort_arrays import CohortArrays, cohort_arrays
from timeline.cycles.cohort_certain import read_twice
from timeline.cycles.cohort_frame import (
    FRAME_COLUMNS,
    KIND_CATEGORIES,
    PRECISION_CATEGORIES,
    events_frame,
    events_frame_from_columns,
)
from timeline.cycles.cohort_rules import COHORT_DETECTORS, Found
from timeline.cycles.rules import DEFAULT_RULES, Rule

FINDING_COLUMNS: tuple[str, ...] = (
    "person",
    "rule",
    "iterations",
    "severity",
    "first_event_id",
    "last_event_id",
    "first_day",
    "last_day",
    "certainty",
)
CERTAINTY = ("certain", "possible")

__all__ = [
    "FINDING_COLUMNS",
    "FRAME_COLUMNS",
    "KIND_CATEGORIES",
    "PRECISION_CATEGORIES",
    "events_frame",
    "events_frame_from_columns",
    "find_cohort_cycles",
]


def find_cohort_cycles(
    frame: pd.DataFrame, rules: Iterable[Rule] = DEFAULT_RULES, *, possible: bool = True
) -> pd.DataFrame:
    """One row per finding of every enabled rule for every person of an events_frame.

    Columns are FINDING_COLUMNS: first and last_event_id are the finding's first and last key
    events, first and last_day their earliest start (day ordinal), certainty "certain" or
    "possible" (only when `possible`: a finding that holds for some placements of uncertain
    dates and shares no key event with a certain one). Rows are ordered by person (category
    order), rule order, then first_day.
    """
    arrays = cohort_arrays(frame)
    enabled = [rule for rule in rules if rule.enabled]
    uncertain = not arrays.exact_start.all() or bool((arrays.e0 != arrays.e1).any())
    parts: list[tuple[str, Found, int]] = []
    for rule in enabled:
        detect = COHORT_DETECTORS[rule.id]
        if not uncertain:
            parts.append((rule.id, detect(arrays, rule, False), 0))
            continue
        if not possible:  # certain findings only: one narrowed reading of every row
            parts.append((rule.id, detect(arrays, rule, True), 0))
            continue
        settled, narrowed, found = read_twice(arrays, rule, detect)
        parts += [(rule.id, settled, 0), (rule.id, narrowed, 0), (rule.id, found, 1)]
    return _table(frame, arrays, enabled, parts)


def _table(
    frame: pd.DataFrame,
    arrays: CohortArrays,
    enabled: list[Rule],
    parts: list[tuple[str, Found, int]],
) -> pd.DataFrame:
    def joined(name: str, dtype: type) -> np.ndarray:
        return np.concatenate([getattr(f, name) for _, f, _ in parts] + [np.zeros(0, dtype)])

    first, last = joined("first", np.int64), joined("last", np.int64)
    rule_ids = list(dict.fromkeys(rule.id for rule in enabled))
    sizes = [len(found.first) for _, found, _ in parts] + [0]
    rule_codes = np.repeat([rule_ids.index(rule_id) for rule_id, _, _ in parts] + [0], sizes)
    certainty = np.repeat([reading for _, _, reading in parts] + [0], sizes).astype(np.int8)
    # by person, rule, certainty, then first_day; ties as each rule finds them: in row order,
    # repeat referrals by agency first (settled and narrowed findings come apart otherwise)
    by_agency = np.asarray(rule_ids, dtype=object)[rule_codes] == "repeat_referral"
    tie = np.where(by_agency, arrays.agency[first], 0) * len(arrays.s0) + first
    key = (arrays.person[first], rule_codes, len(rule_ids), certainty, arrays.s0[first], tie)
    order = _order(*key)
    first, last, rule_codes, certainty = (a[order] for a in (first, last, rule_codes, certainty))
    first_rows, last_rows = arrays.rows[first], arrays.rows[last]
    event_ids = frame["event_id"]
    return pd.DataFrame(
        {
            "person": frame["person"].iloc[first_rows].to_numpy(),
            "rule": pd.Categorical.from_codes(rule_codes, categories=rule_ids),
            "iterations": joined("iterations", np.int64)[order].astype(np.int64),
            "severity": pd.Categorical.from_codes(
                joined("high", bool)[order].astype(np.int8), ["flag", "high"]
            ),
            "first_event_id": event_ids.iloc[first_rows].to_numpy(),
            "last_event_id": event_ids.iloc[last_rows].to_numpy(),
            "first_day": frame["s0"].to_numpy()[first_rows],
            "last_day": frame["s0"].to_numpy()[last_rows],
            "certainty": pd.Categorical.from_codes(certainty, CERTAINTY),
        }
    )


def _order(
    person: np.ndarray,
    rule: np.ndarray,
    rules: int,
    certainty: np.ndarray,
    day: np.ndarray,
    tie: np.ndarray,
) -> np.ndarray:
    """The order by person, rule, certainty, day, then tie (the first four packed into one
    key when they fit in an int64)."""
    if len(day) == 0:
        return np.zeros(0, dtype=np.int64)
    low, days = int(day.min()), int(day.max()) - int(day.min()) + 1
    if (int(person.max()) + 1) * rules * 2 * days < 2**62:
        key = ((person * rules + rule) * 2 + certainty) * days + (day - low)
        return np.lexsort((tie, key))
    return np.lexsort((tie, day, certainty, rule, person))
