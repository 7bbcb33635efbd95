"""Revolving-door rules over many journeys at once: one table of events in, one of findings out.

The same rules, with the same answers, as engine.find_person_findings, computed with numpy over
every person of a cohort together (see docs/performance.md for how, and how fast). A person with
any uncertain date (month, year or approximate) is checked by the per-journey detectors instead,
which find certain and possible findings; with exact dates every finding is certain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from schemas import DatePrecision, EventKind
from timeline.cycles.cohort_arrays import cohort_arrays
from timeline.cycles.cohort_frame import (
    FRAME_COLUMNS,
    KIND_CATEGORIES,
    PRECISION_CATEGORIES,
    events_frame,
    events_frame_from_columns,
    sort_order,
)
from timeline.cycles.cohort_rules import COHORT_DETECTORS
from timeline.cycles.engine import person_findings
from timeline.cycles.rules import DEFAULT_RULES, Rule
from timeline.cycles.timing import Timed

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
    "possible" (only when `possible`). Rows are ordered by person (category order), rule order,
    then first_day.
    """
    enabled = [rule for rule in rules if rule.enabled]
    uncertain = (frame["s0"].to_numpy() != frame["s1"].to_numpy()) | (
        frame["e0"].to_numpy() != frame["e1"].to_numpy()
    )
    if not uncertain.any():
        return _exact_findings(frame, enabled)
    codes = frame["person"].cat.codes.to_numpy()
    checked_apart = np.isin(codes, np.unique(codes[uncertain]))
    exact = _exact_findings(frame[~checked_apart], enabled)
    rest = uncertain_findings(frame[checked_apart], enabled)
    if not possible:
        rest = rest[rest["certainty"] == "certain"]
    both = pd.concat([exact, rest], ignore_index=True)
    rule_ids = list(dict.fromkeys(rule.id for rule in enabled))
    both["rule"] = pd.Categorical(both["rule"].astype(str), categories=rule_ids)
    both["person"] = pd.Categorical(
        both["person"].astype(object), categories=frame["person"].cat.categories
    )
    both["severity"] = pd.Categorical(both["severity"].astype(str), categories=["flag", "high"])
    both["certainty"] = pd.Categorical(both["certainty"].astype(str), categories=CERTAINTY)
    order = np.lexsort(
        (both["first_day"].to_numpy(), both["rule"].cat.codes, both["person"].cat.codes)
    )
    return both.iloc[order].reset_index(drop=True)


def uncertain_findings(frame: pd.DataFrame, rules: list[Rule]) -> pd.DataFrame:
    """FINDING_COLUMNS for people with uncertain dates, from the per-journey detectors."""
    columns: dict[str, list] = {name: [] for name in FINDING_COLUMNS}
    if len(frame):
        codes = frame["person"].cat.codes.to_numpy().astype(np.int64)
        order = sort_order(codes, frame["s0"].to_numpy(), frame["position"].to_numpy())
        rows = frame.iloc[order].reset_index(drop=True)
        people = rows["person"].cat.codes.to_numpy()
        starts = np.flatnonzero(np.r_[True, people[1:] != people[:-1]])
        for low, high in zip(starts, np.r_[starts[1:], len(rows)], strict=True):
            person = rows["person"].iloc[low]
            timeline = _timed_rows(rows.iloc[low:high])
            for rule in rules:
                for finding in person_findings(rule, timeline):
                    first, last = finding.key[0], finding.key[-1]
                    for name, value in (
                        ("person", person),
                        ("rule", rule.id),
                        ("iterations", finding.iterations or len(finding.key)),
                        ("severity", finding.severity),
                        ("first_event_id", first.event.id),
                        ("last_event_id", last.event.id),
                        ("first_day", first.s0),
                        ("last_day", last.s0),
                        ("certainty", finding.certainty),
                    ):
                        columns[name].append(value)
    found = pd.DataFrame(columns, columns=list(FINDING_COLUMNS))
    for name in ("iterations", "first_day", "last_day"):
        found[name] = found[name].astype(np.int64)
    return found


@dataclass(frozen=True, slots=True)
class _RowEvent:
    """The fields of an event the detectors read, from one row of the frame."""

    id: str
    kind: EventKind
    agency: str
    start: dt.date
    end: dt.date | None
    date_precision: DatePrecision = DatePrecision.DAY


def _timed_rows(rows: pd.DataFrame) -> list[Timed]:
    timed = []
    for event_id, kind, agency, s0, s1, e0, e1, position, has_end in rows[
        ["event_id", "kind", "agency", "s0", "s1", "e0", "e1", "position", "has_end"]
    ].itertuples(index=False):
        start = dt.date.fromordinal(int(s0))
        end = dt.date.fromordinal(int(e0)) if has_end else None
        event = _RowEvent(str(event_id), EventKind(kind), str(agency), start, end)
        timed.append(Timed(event, int(position), int(s0), int(s1), int(e0), int(e1)))  # type: ignore[arg-type]
    return timed


def _exact_findings(frame: pd.DataFrame, enabled: list[Rule]) -> pd.DataFrame:
    """find_cohort_cycles for people whose dates are all exact, vectorised."""
    arrays = cohort_arrays(frame)
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
            "certainty": pd.Categorical.from_codes(np.zeros(len(first_rows), np.int8), CERTAINTY),
        }
    )
    order = np.lexsort((findings["first_day"].to_numpy(), rule_codes, arrays.person[first]))
    return findings.iloc[order].reset_index(drop=True)
