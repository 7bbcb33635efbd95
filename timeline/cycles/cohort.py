"""Revolving-door rules over many journeys at once: one table of events in, one of findings out.

The same rules, with the same answers, as engine.find_person_findings, computed with numpy over
every person of a cohort together (see docs/performance.md for how, and how fast).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from timeline.cycles.cohort_arrays import cohort_arrays
from timeline.cycles.cohort_frame import (
    FRAME_COLUMNS,
    KIND_CATEGORIES,
    PRECISION_CATEGORIES,
    events_frame,
    events_frame_from_columns,
)
from timeline.cycles.cohort_rules import COHORT_DETECTORS
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
)

__all__ = [
    "FINDING_COLUMNS",
    "FRAME_COLUMNS",
    "KIND_CATEGORIES",
    "PRECISION_CATEGORIES",
    "events_frame",
    "events_frame_from_columns",
    "find_cohort_cycles",
]


def find_cohort_cycles(frame: pd.DataFrame, rules: Iterable[Rule] = DEFAULT_RULES) -> pd.DataFrame:
    """One row per finding of every enabled rule for every person of an events_frame.

    Columns are FINDING_COLUMNS: first and last_event_id are the finding's first and last key
    events, first and last_day their earliest start (day ordinal). Rows are ordered by person
    (category order), rule order, then first_day.
    """
    arrays = cohort_arrays(frame)
    enabled = [rule for rule in rules if rule.enabled]
    parts = [(rule.id, COHORT_DETECTORS[rule.id](arrays, rule)) for rule in enabled]
    first = np.concatenate([found.first for _, found in parts] + [np.zeros(0, np.int64)])
    last = np.concatenate([found.last for _, found in parts] + [np.zeros(0, np.int64)])
    iterations = np.concatenate([found.iterations for _, found in parts] + [np.zeros(0, np.int64)])
    high = np.concatenate([found.high for _, found in parts] + [np.zeros(0, bool)])
    rule_ids = list(dict.fromkeys(rule.id for rule in enabled))
    rule_codes = np.repeat(
        [rule_ids.index(rule_id) for rule_id, _ in parts] + [0],
        [len(found.first) for _, found in parts] + [0],
    )
    first_rows, last_rows = arrays.rows[first], arrays.rows[last]
    event_ids = frame["event_id"]
    findings = pd.DataFrame(
        {
            "person": frame["person"].iloc[first_rows].to_numpy(),
            "rule": pd.Categorical.from_codes(rule_codes, categories=rule_ids),
            "iterations": iterations.astype(np.int64),
            "severity": pd.Categorical.from_codes(high.astype(np.int8), ["flag", "high"]),
            "first_event_id": event_ids.iloc[first_rows].to_numpy(),
            "last_event_id": event_ids.iloc[last_rows].to_numpy(),
            "first_day": frame["s0"].to_numpy()[first_rows],
            "last_day": frame["s0"].to_numpy()[last_rows],
        }
    )
    order = np.lexsort((findings["first_day"].to_numpy(), rule_codes, arrays.person[first]))
    return findings.iloc[order].reset_index(drop=True)
