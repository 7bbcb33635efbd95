"""A cohort in a few numbers: size, agencies per person, events by sector, cycles by rule."""

from __future__ import annotations

from typing import Any

import numpy as np

from timeline.cohorts.suppress import DEFAULT_THRESHOLD, suppress_count
from timeline.cohorts.tables import Cohort

QUANTILES = {"min": 0.0, "p25": 0.25, "median": 0.5, "p75": 0.75, "p90": 0.9, "max": 1.0}


def summarise_cohort(cohort: Cohort) -> dict[str, Any]:
    """Raw counts: name, people, events, agencies_per_person quantiles, events_by_sector,
    cycles_by_rule {rule: {"people", "iterations"}}, window_from, window_to (ISO dates, None
    before windows), area (the preset, "" for none), people_at_any_time (the mean number in the
    group over the window; None before windows). Suppress before showing (suppress_summary)."""
    info = cohort.info
    people = len(cohort.people)
    events = cohort.events
    pairs = np.unique(
        events["person"].to_numpy(np.int64) * (len(cohort.agencies) + 1)
        + events["agency"].to_numpy(np.int64)
    )
    per_person = np.bincount(pairs // (len(cohort.agencies) + 1), minlength=people)
    quantiles = (
        {k: float(np.quantile(per_person, q)) for k, q in QUANTILES.items()}
        if people
        else {k: 0.0 for k in QUANTILES}
    )
    sector_of = cohort.agencies.set_index("agency")["sector"].astype(str)
    by_sector = (
        events["agency"].map(sector_of).value_counts().sort_index()
        if len(events)
        else sector_of.iloc[:0]
    )
    cycles = cohort.cycles.astype({"rule": str})
    by_rule = {
        rule: {
            "people": int(group["person"].nunique()),
            "iterations": int(group["iterations"].sum()),
        }
        for rule, group in cycles.groupby("rule", sort=True)
    }
    return {
        "name": cohort.info.name,
        "people": people,
        "events": len(events),
        "agencies_per_person": quantiles,
        "events_by_sector": {str(k): int(v) for k, v in by_sector.items()},
        "cycles_by_rule": by_rule,
        "window_from": info.window_from.isoformat() if info.window_from else None,
        "window_to": info.window_to.isoformat() if info.window_to else None,
        "area": info.area,
        "people_at_any_time": _present(cohort),
    }


def _present(cohort: Cohort) -> int | None:
    """The mean number of people in the group on a day of the window (None: no window)."""
    info, table = cohort.info, cohort.people
    if info.window_from is None or info.window_to is None:
        return None
    low, high = np.datetime64(info.window_from, "D"), np.datetime64(info.window_to, "D")
    entered = np.maximum(table["entered"].to_numpy().astype("datetime64[D]"), low)
    left = table["left"].to_numpy().astype("datetime64[D]")
    left = np.where(np.isnat(left), high, np.minimum(left, high))
    days = np.clip((left - entered).astype(np.int64) + 1, 0, None)
    return round(float(days.sum()) / ((high - low).astype(np.int64) + 1))


def suppress_summary(summary: dict[str, Any], threshold: int = DEFAULT_THRESHOLD) -> dict[str, Any]:
    """The summary with every count from 1 to threshold - 1 shown as "<threshold"."""
    return summary | {
        "people": suppress_count(summary["people"], threshold),
        "events": suppress_count(summary["events"], threshold),
        "people_at_any_time": None
        if summary.get("people_at_any_time") is None
        else suppress_count(summary["people_at_any_time"], threshold),
        "events_by_sector": {
            k: suppress_count(v, threshold) for k, v in summary["events_by_sector"].items()
        },
        "cycles_by_rule": {
            rule: {k: suppress_count(v, threshold) for k, v in counts.items()}
            for rule, counts in summary["cycles_by_rule"].items()
        },
    }
