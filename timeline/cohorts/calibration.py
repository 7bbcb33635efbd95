"""Calibration: how close a cohort comes to the published figures (docs/figures.md).

The figures are data (calibration.toml beside this file): each names what is measured, its
target and tolerance, and its source. `calibrate_cohort` measures them on a cohort;
`calibration_summary` is what `touchpoints cohort-summary --json` shows.

Time is counted in person-years. When the people table has `entered` and `left` (an open cohort:
people come and go over a calendar window) each person counts from entering to leaving, clipped
to the window; otherwise every person counts for the span of the cohort's events. The window is
the cohort's own (`info.window_from`/`window_to`) when it has one, else the span of its events.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from timeline.cohorts.calibration_cache import cached_summary
from timeline.cohorts.costs import load_unit_costs, unit_cost_matrix
from timeline.cohorts.prepared import KINDS
from timeline.cohorts.presence import DAY, cohort_window, presence, years_present
from timeline.cohorts.tables import Cohort

FIGURES_FILE = Path(__file__).with_name("calibration.toml")
COVENTRY_PEOPLE = 6601  # docs/figures.md: people facing SMD in Coventry at any one time
CHRONICDAYS = 365  # HUD: continuously homeless for a year or more; Kuhn & Culhane's chronic
SPELL_GAPDAYS = 30  # stays under 30 days apart are one spell (docs/cycles.md, episodes)
POLICE_SECTOR = "Police"
SHELTER_KINDS = ("placement",)  # hostel, night shelter, supported housing (agencies.toml)
BOUNDS = ("about", "at most", "at least")


@dataclass(frozen=True)
class Figure:
    """A published figure: what is measured, the target, how close is close enough, and why."""

    id: str
    figure: str
    measure: str
    target: float
    tolerance: float
    bound: str
    unit: str
    source: str
    reason: str

    def holds(self, generated: float) -> bool:
        """Whether a generated value meets the figure."""
        if self.bound == "at most":
            return generated <= self.target + self.tolerance
        if self.bound == "at least":
            return generated >= self.target - self.tolerance
        return abs(generated - self.target) <= self.tolerance + 1e-9


def load_figures(path: Path = FIGURES_FILE) -> tuple[Figure, ...]:
    """The figures in the file; ValueError naming the figure for an unknown measure or bound."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    figures = []
    for number, row in enumerate(data.get("figure", []), start=1):
        figure = Figure(
            **row | {"target": float(row["target"]), "tolerance": float(row["tolerance"])}
        )
        if figure.measure not in MEASURES:
            raise ValueError(
                f"{path.name}: figure {number} has an unknown measure {figure.measure!r}"
            )
        if figure.bound not in BOUNDS:
            raise ValueError(
                f"{path.name}: figure {number} has bound {figure.bound!r}, not one of {BOUNDS}"
            )
        figures.append(figure)
    return tuple(figures)


def _has(needs: pd.Series, need: str) -> np.ndarray:
    return needs.str.contains(rf"(?:^|\+){need}(?:\+|$)", regex=True).to_numpy(dtype=bool)


def _kind_codes(kinds: pd.Series) -> np.ndarray:
    """Event kinds as indices into KINDS (-1 unknown), without a string per event."""
    if isinstance(kinds.dtype, pd.CategoricalDtype):
        lookup = pd.Categorical(
            kinds.cat.categories.astype(str), categories=list(KINDS)
        ).codes.astype(np.int64)
        codes = kinds.cat.codes.to_numpy(dtype=np.int64)
        return np.where(codes >= 0, lookup[np.maximum(codes, 0)], -1)
    return pd.Categorical(kinds.astype(str), categories=list(KINDS)).codes.astype(np.int64)


@dataclass
class Measured:
    """A cohort's tables read once for every measure: the window, person-years, events in it."""

    cohort: Cohort
    unit_costs: pd.DataFrame
    days: tuple[dt.date, dt.date] | None = None  # the window to count, when not the cohort's

    @cached_property
    def _starts(self) -> np.ndarray:
        return self.cohort.events["start"].to_numpy().astype("datetime64[D]")

    @cached_property
    def window(self) -> tuple[np.datetime64, np.datetime64]:
        """First and last day counted: `days` when given, else the cohort's (cohort_window)."""
        if self.days is not None:
            return np.datetime64(self.days[0], "D"), np.datetime64(self.days[1], "D")
        return cohort_window(self.cohort)

    @cached_property
    def presence(self) -> tuple[np.ndarray, np.ndarray]:
        """Each person's first and last day present, clipped to the window."""
        return presence(self.cohort, self.window)

    @cached_property
    def person_years(self) -> float:
        """Years present, summed over people."""
        return float(years_present(self.cohort, self.window).sum())

    @cached_property
    def sectors(self) -> tuple[str, ...]:
        """The agencies' sectors, in first-seen order."""
        return tuple(pd.unique(self.cohort.agencies["sector"].astype(str)))

    @cached_property
    def events(self) -> dict[str, np.ndarray]:
        """The events that start inside the window (see all_events)."""
        low, high = self.window
        every = self.all_events
        inside = (every["start"] >= low) & (every["start"] <= high)
        return {name: values[inside] for name, values in every.items()}

    @cached_property
    def all_events(self) -> dict[str, np.ndarray]:
        """Every event as arrays: person, kind (index into KINDS), sector (index into
        sectors), start and end (datetime64[D], NaT for none)."""
        events, agencies = self.cohort.events, self.cohort.agencies
        ids = agencies["agency"].to_numpy(dtype=np.int64)
        sector_of = np.full(int(ids.max(initial=-1)) + 1, -1, dtype=np.int64)
        sector_of[ids] = pd.Categorical(
            agencies["sector"].astype(str), categories=list(self.sectors)
        ).codes
        return {
            "person": events["person"].to_numpy(dtype=np.int64),
            "kind": _kind_codes(events["kind"]),
            "sector": sector_of[events["agency"].to_numpy(dtype=np.int64)],
            "start": self._starts,
            "end": events["end"].to_numpy().astype("datetime64[D]"),
        }

    @cached_property
    def needs(self) -> dict[str, np.ndarray]:
        """Has-need masks over the people table."""
        text = self.cohort.people["needs"].fillna("").astype(str)
        names = ("homelessness", "substance_use", "offending", "mental_health")
        return {need: _has(text, need) for need in names}

    @cached_property
    def shelter(self) -> tuple[np.ndarray, np.ndarray]:
        """Per person: nights in hostel or shelter stays inside the window (a stay begun
        before it counts from its first day), and the longest spell of stays (days from its
        first night to its last; stays under SPELL_GAPDAYS apart are one spell)."""
        low, high = self.window
        e = self.all_events
        start, end = e["start"], e["end"]
        end = np.where(np.isnat(end), start + DAY, end)
        stop = high + DAY
        stays = np.isin(e["kind"], [KINDS.index(k) for k in SHELTER_KINDS])
        stays &= (start <= high) & (end >= low)
        start, end = start[stays], end[stays]
        first = ((np.clip(start, low, stop) - low) / DAY).astype(np.int64)
        last = ((np.clip(end, low, stop) - low) / DAY).astype(np.int64)
        person = e["person"][stays]
        size = len(self.cohort.people)
        nights = np.bincount(person, weights=np.maximum(last - first, 1), minlength=size)
        longest = np.zeros(size, dtype=np.int64)
        if not stays.any():
            return nights, longest
        order = np.lexsort((first, person))
        person, first, last = person[order], first[order], last[order]
        reach = pd.Series(last).groupby(person).cummax().to_numpy()
        new = np.r_[True, (person[1:] != person[:-1]) | (first[1:] > reach[:-1] + SPELL_GAPDAYS)]
        spell_person = person[new]
        spans = np.maximum.reduceat(reach, np.flatnonzero(new)) - first[new]
        np.maximum.at(longest, spell_person, spans)
        return nights, longest

    def police_callers(self, at_least: int) -> float:
        """The most people, in any calendar month, with `at_least` police call-outs in it,
        per COVENTRY_PEOPLE people present at some time in that month."""
        e = self.events
        police = self.sectors.index(POLICE_SECTOR) if POLICE_SECTOR in self.sectors else -2
        calls = (e["kind"] == KINDS.index("call_out")) & (e["sector"] == police)
        if not calls.any():
            return 0.0
        low, high = self.window
        first = low.astype("datetime64[M]")
        month = (e["start"][calls].astype("datetime64[M]") - first).astype(np.int64)
        months = int((high.astype("datetime64[M]") - first).astype(np.int64)) + 1
        pairs, counts = np.unique(e["person"][calls] * months + month, return_counts=True)
        callers = np.bincount(pairs[counts >= at_least] % months, minlength=months)
        entered, left = self.presence
        starts = first + np.arange(months).astype("timedelta64[M]")
        month_first = starts.astype("datetime64[D]")
        month_last = (starts + np.timedelta64(1, "M")).astype("datetime64[D]") - DAY
        # people present in a month: entered by its last day and not left before its first
        present = np.searchsorted(np.sort(entered), month_last, side="right") - np.searchsorted(
            np.sort(left), month_first, side="left"
        )
        per = callers * COVENTRY_PEOPLE / np.maximum(present, 1)
        return float(per.max())


def all_three_share(m: Measured) -> float:
    """Of people with two or more of homelessness, substance misuse and offending, the share
    with all three (Hard Edges' overlap)."""
    count = m.needs["homelessness"].astype(int) + m.needs["substance_use"] + m.needs["offending"]
    two = int((count >= 2).sum())
    return float((count == 3).sum() / two) if two else 0.0


def mental_health_share(m: Measured) -> float:
    """Of people with all three of homelessness, substance misuse and offending, the share with
    mental ill-health."""
    three = m.needs["homelessness"] & m.needs["substance_use"] & m.needs["offending"]
    return float(m.needs["mental_health"][three].mean()) if three.any() else 0.0


def _share(values: pd.Series, wanted: tuple[str, ...]) -> float:
    return float(values.astype(str).isin(wanted).mean()) if len(values) else 0.0


def men_share(m: Measured) -> float:
    """The share of people who are men."""
    return _share(m.cohort.people["gender"], ("man",))


def aged_25_44_share(m: Measured) -> float:
    """The share of people aged 25 to 44."""
    return _share(m.cohort.people["age_band"], ("25-34", "35-44"))


def over_65_share(m: Measured) -> float:
    """The share of people aged 65 or over."""
    return _share(m.cohort.people["age_band"], ("65+",))


def total_cost(m: Measured) -> float:
    """Every event in the window priced at its (sector, kind) unit cost."""
    e = m.events
    matrix = unit_cost_matrix(m.unit_costs, m.sectors)
    known = (e["sector"] >= 0) & (e["kind"] >= 0)
    return float(matrix[e["sector"][known], e["kind"][known]].sum())


def cost_per_person_year(
    cohort: Cohort | Measured,
    unit_costs: pd.DataFrame | None = None,
    window: tuple[dt.date, dt.date] | None = None,
) -> float:
    """Illustrative cost of the cohort's events per person-year (default unit costs)."""
    m = cohort if isinstance(cohort, Measured) else _measured(cohort, unit_costs, window)
    return total_cost(m) / m.person_years if m.person_years else 0.0


def _chronic(m: Measured) -> tuple[np.ndarray, np.ndarray]:
    nights, longest = m.shelter
    return nights, longest >= CHRONICDAYS


def chronic_share(m: Measured) -> float:
    """Of people with any hostel or shelter night, the share with a spell of stays lasting
    CHRONICDAYS or more (chronic, as in Kuhn & Culhane's typology and HUD's definition)."""
    nights, chronic = _chronic(m)
    users = nights > 0
    return float(chronic[users].mean()) if users.any() else 0.0


def chronic_days_share(m: Measured) -> float:
    """The share of all hostel and shelter nights used by chronic users."""
    nights, chronic = _chronic(m)
    total = nights.sum()
    return float(nights[chronic].sum() / total) if total else 0.0


MEASURES: dict[str, Callable[[Measured], float]] = {
    "all_three_share": all_three_share,
    "mental_health_share": mental_health_share,
    "men_share": men_share,
    "aged_25_44_share": aged_25_44_share,
    "over_65_share": over_65_share,
    "police_callers_5": lambda m: m.police_callers(5),
    "police_callers_10": lambda m: m.police_callers(10),
    "cost_per_person_year": cost_per_person_year,
    "chronic_share": chronic_share,
    "chronic_days_share": chronic_days_share,
}
_ROUNDING = {"share": 4, "count": 1, "gbp": 0}


def _measured(
    cohort: Cohort, unit_costs: pd.DataFrame | None, window: tuple[dt.date, dt.date] | None = None
) -> Measured:
    return Measured(cohort, load_unit_costs() if unit_costs is None else unit_costs, window)


def calibrate_cohort(
    cohort: Cohort,
    unit_costs: pd.DataFrame | None = None,
    figures: tuple[Figure, ...] | None = None,
    window: tuple[dt.date, dt.date] | None = None,
) -> list[dict[str, Any]]:
    """Each figure as {figure, target, tolerance, generated, holds, source}, in file order
    (default unit costs and figures; the cohort's own window unless one is given). With all
    three defaults, read from beside the cohort's files when measured there before."""
    if unit_costs is None and figures is None and window is None:
        return calibration_summary(cohort)["calibration"]
    return _calibrate(_measured(cohort, unit_costs, window), figures)


def _calibrate(m: Measured, figures: tuple[Figure, ...] | None) -> list[dict[str, Any]]:
    rows = []
    for figure in load_figures() if figures is None else figures:
        generated = round(MEASURES[figure.measure](m), _ROUNDING.get(figure.unit, 4))
        rows.append(
            {
                "figure": figure.figure,
                "target": figure.target,
                "tolerance": figure.tolerance,
                "generated": generated,
                "holds": figure.holds(generated),
                "source": figure.source,
            }
        )
    return rows


def calibration_summary(cohort: Cohort) -> dict[str, Any]:
    """{"calibration": calibrate_cohort(cohort), "cost_per_person_year": pounds} for the JSON
    summary, with the default unit costs: measure_calibration, cached beside the cohort's files
    (calibration_cache)."""
    return cached_summary(cohort, measure_calibration)


def measure_calibration(cohort: Cohort) -> dict[str, Any]:
    """calibration_summary measured on the cohort's tables, without the cache."""
    m = _measured(cohort, None)
    return {
        "calibration": _calibrate(m, None),
        "cost_per_person_year": round(cost_per_person_year(m), 0),
    }
