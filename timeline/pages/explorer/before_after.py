"""The explorer's before-and-after question (no dash): contacts per person-month by sector around
each person's start of coordinated support, against people without support over the same
calendar months, and the illustrative cost per person-year of the year before and after: a table
per side, two figures per side and one sentence in plain words.

The question always sets people with coordinated support against people without it, so it sets
the coordinated-support filter aside and keeps the others (needs, age band, gender). Sides that
differ only in that filter (compare with "coordinated: yes / no") show the same people here: the
section draws them once, for the first.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline.cohorts.before_after import (
    ALL_SECTORS,
    CONTACTS,
    COSTS,
    PERIODS,
    TABLE_COLUMNS,
    UP_TO,
    BeforeAfter,
    before_after,
    before_after_basis,
    group_costs,
    withheld,
)
from timeline.cohorts.costs import load_unit_costs
from timeline.cohorts.explore import CohortFilter
from timeline.cohorts.prepared import PreparedCohort
from timeline.cohorts.suppress import format_count, is_suppressed, suppress_frame
from timeline.figures.before_after import (
    MODEL_NOTE,
    build_before_after_cost_figure,
    build_before_after_figure,
)
from timeline.pages.explorer.state import apply_costs

CHART = "before-after"
BEFORE_AFTER_HINT = (
    "Month 0 is the month each person's coordinated support starts. Solid lines: contacts per "
    "person-month of the people with support, counting only months (or parts of months) they "
    "were in the group. Dashed lines: people without support in the same calendar months "
    "(weighted by how many supported people were in the group then). Costs use the "
    "illustrative unit costs above. The coordinated-support filter does not apply here."
)
Costs = tuple[tuple[str, str, float], ...]
Side = tuple[str, PreparedCohort, CohortFilter]


def either_side(chosen: CohortFilter) -> CohortFilter:
    """The filter without its coordinated-support part (this question needs both groups)."""
    return CohortFilter(chosen.needs, chosen.age_bands, chosen.genders, None, chosen.needs_exactly)


@lru_cache(maxsize=4)
def _unit_costs(costs: Costs) -> pd.DataFrame:
    return apply_costs(load_unit_costs(), costs)


@lru_cache(maxsize=8)
def _group_costs(prepared: PreparedCohort, costs: Costs) -> np.ndarray:
    """Pounds per (group, month) under the view's unit costs (cached: a filter reuses them)."""
    return group_costs(prepared, _unit_costs(costs))


@lru_cache(maxsize=32)
def before_after_for(prepared: PreparedCohort, chosen: CohortFilter, costs: Costs) -> BeforeAfter:
    """The before-and-after of the people a filter keeps (its coordinated-support part set
    aside), under the view's unit costs; cached per (cohort, filter, costs)."""
    if chosen.coordinated is not None:
        return before_after_for(prepared, either_side(chosen), costs)
    return before_after(prepared, chosen, _unit_costs(costs), _group_costs(prepared, costs))


def distinct_sides(sides: tuple[Side, ...]) -> list[int]:
    """The sides that show different people here (the first of each same cohort and filter,
    the coordinated-support part set aside)."""
    seen: set[tuple[int, CohortFilter]] = set()
    kept = []
    for index, (_, prepared, chosen) in enumerate(sides):
        key = (id(prepared), either_side(chosen))
        if key not in seen:
            seen.add(key)
            kept.append(index)
    return kept


def before_after_table(sides: tuple[Side, ...], index: int, costs: Costs) -> pd.DataFrame:
    """The table of one side (exact); empty for a side that repeats an earlier one, or whose
    people have no coordinated support."""
    if index not in distinct_sides(sides):
        return pd.DataFrame(columns=list(TABLE_COLUMNS))
    _, prepared, chosen = sides[index]
    return before_after_for(prepared, chosen, costs).table


@lru_cache(maxsize=16)
def before_after_figures(sides: tuple[Side, ...], threshold: int, costs: Costs) -> list[go.Figure]:
    """Two figures per distinct side with enough people with support (contacts, then costs);
    none for a side with fewer than `threshold` of them (the sentence says why)."""
    figures = []
    for index in distinct_sides(sides):
        label, prepared, chosen = sides[index]
        found = before_after_for(prepared, chosen, costs)
        if found.supported < threshold or found.table.empty:
            continue
        who = f"{prepared.name}: {either_side(chosen).describe()}" if len(sides) > 1 else label
        figures.append(
            build_before_after_figure(
                found.table,
                title=f"Contacts per person-month before and after coordinated support: {who}",
                threshold=threshold,
            )
        )
        figures.append(
            build_before_after_cost_figure(
                found.table,
                title=f"Illustrative cost per person-year, year before and after: {who}",
                threshold=threshold,
            )
        )
    return figures


def clear_before_after_caches() -> None:
    """Forget every cached before-and-after (the bench's cold runs; tests)."""
    for cached in (
        before_after_for,
        before_after_figures,
        before_after_sentence,
        _group_costs,
        before_after_basis,
    ):
        cached.cache_clear()


def suppress_before_after(table: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The table as it may leave the app: counts from 1 to threshold - 1 as "<threshold";
    person-months of suppressed people, and rates of suppressed people or contacts, "withheld";
    no rate (nobody in the group that month) "", as in the chart."""
    shown = suppress_frame(
        table, ("people", "contacts", "comparison_people", "comparison_contacts"), threshold
    )
    own, theirs = withheld(table, threshold)
    people = table["people"].to_numpy(dtype=np.int64)
    few = (people > 0) & (people < threshold)
    shown["person_months"] = table["person_months"].astype(object).where(~few, "withheld")
    for column, hidden in (("rate", own), ("comparison_rate", theirs)):
        none = table[column].isna().to_numpy()
        shown[column] = table[column].astype(object).where(~hidden, "withheld").where(~none, "")
    return shown


@lru_cache(maxsize=32)
def before_after_sentence(
    prepared: PreparedCohort, chosen: CohortFilter, costs: Costs, threshold: int
) -> str:
    """What the section shows for the first side, in plain words (cached)."""
    aside = (
        " This section sets the coordinated-support filter aside: it always compares people "
        "with support against people without."
        if chosen.coordinated is not None
        else ""
    )
    if not prepared.coordinated.any():
        return (
            "Nobody in this cohort gets coordinated support, so there is no before and after "
            "to show. Generate a cohort with coordinated support (synth --coordinated-from ... "
            "--coordinated-share ...) to see one."
        )
    found = before_after_for(prepared, chosen, costs)
    if found.supported == 0:
        return "None of the people shown gets coordinated support: no before and after." + aside
    if is_suppressed(found.supported, threshold):
        return (
            f"Fewer than {threshold} of the people shown get coordinated support: too few to "
            "show a before and after." + aside
        )
    years = found.table.head(2 * len(PERIODS))  # the year before and after come first
    shown = suppress_before_after(years, threshold)
    contacts = _periods(years, shown, CONTACTS)
    pounds = _periods(years, shown, COSTS)
    text = (
        f"{format_count(found.supported, threshold)} of the people shown get coordinated "
        f"support. In the 12 months before their start they made {_rate(contacts[0][0])} "
        f"contacts per person-month (all sectors), and {_rate(contacts[1][0])} in the 12 months "
        "after"
    )
    if found.unsupported == 0:
        text += "; nobody here is without support to compare with."
    else:
        text += (
            f"; people without support made {_rate(contacts[0][1])} and "
            f"{_rate(contacts[1][1])} in the same calendar months."
        )
    text += (
        f" Illustrative cost per person-year: {_pounds(pounds[0][0])} before, "
        f"{_pounds(pounds[1][0])} after{_change(pounds[0][0], pounds[1][0])}"
    )
    if found.unsupported:
        text += (
            "; for people without support over the same calendar months, "
            f"{_pounds(pounds[0][1])} and {_pounds(pounds[1][1])}"
            f"{_change(pounds[0][1], pounds[1][1])}"
        )
    return (
        f"{text}. The published estimate is up to {UP_TO:.0%} lower costs (the red line). "
        f"{MODEL_NOTE}{aside}"
    )


def _periods(table: pd.DataFrame, shown: pd.DataFrame, measure: str) -> list[tuple]:
    """(own rate, comparison rate) shown for the year before, then the year after."""
    out = []
    for period, *_ in PERIODS:
        row = np.flatnonzero(
            (table["measure"] == f"{measure}, {period}").to_numpy()
            & (table["sector"] == ALL_SECTORS).to_numpy()
        )[0]
        out.append((shown["rate"].iloc[row], shown["comparison_rate"].iloc[row]))
    return out


def _rate(value: object) -> str:
    return "(not shown)" if isinstance(value, str) else f"{float(value):.2f}"


def _pounds(value: object) -> str:
    return "(not shown)" if isinstance(value, str) else f"£{float(value):,.0f}"


def _change(before: object, after: object) -> str:
    """ " (5% lower)", " (no change)"; "" when either is not shown or before is zero."""
    if isinstance(before, str) or isinstance(after, str) or not float(before):
        return ""
    change = float(after) / float(before) - 1
    if round(change * 100) == 0:
        return " (no change)"
    return f" ({abs(change):.0%} {'lower' if change < 0 else 'higher'})"
