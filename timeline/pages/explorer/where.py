"""The explorer's where question (no dash): per ward of the city, people per 1,000 adults and
contacts per person, as a table per side, a tile map and a bar chart per side, one sentence in
plain words, and the table as it may leave the app."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline.cohorts.explore import CohortFilter
from timeline.cohorts.prepared import PreparedCohort
from timeline.cohorts.suppress import format_count, is_suppressed, suppress_frame
from timeline.cohorts.wards import ward_plan, ward_table
from timeline.figures.tilemap import WITHHELD, build_tile_map_figure, build_ward_bar_figure

CHART = "where"
BARS = "where-bars"  # the bar chart alternative's graphs, under the map
NO_AREAS = "This cohort was stored before wards, so it has no areas to map."
Side = tuple[str, PreparedCohort, CohortFilter]


@lru_cache(maxsize=16)
def where_table(prepared: PreparedCohort, chosen: CohortFilter) -> pd.DataFrame:
    """Each ward's adults, people, rates and contacts for the people a filter keeps (cached:
    the figures and the table share it; do not change what it returns)."""
    return ward_table(prepared, chosen)


def _top(sides: tuple[Side, ...], threshold: int) -> float:
    """The colour scale's top: the highest rate shown on any side (one scale to compare)."""
    top = 0.0
    for _, prepared, chosen in sides:
        table = where_table(prepared, chosen)
        shown = table[[not is_suppressed(int(n), threshold) for n in table["people"]]]
        top = max(top, float(shown["per_1000_adults"].max(skipna=True) or 0.0) if len(shown) else 0)
    return top


@lru_cache(maxsize=16)
def where_figures(sides: tuple[Side, ...], threshold: int) -> list[go.Figure]:
    """One tile map per side, on one colour scale."""
    top = _top(sides, threshold)
    return [
        build_tile_map_figure(
            where_table(prepared, chosen),
            title=f"People per 1,000 adults by ward: {label}",
            threshold=threshold,
            top=top,
            empty=NO_AREAS,
        )
        for label, prepared, chosen in sides
    ]


@lru_cache(maxsize=16)
def where_bar_figures(sides: tuple[Side, ...], threshold: int) -> list[go.Figure]:
    """The maps as bars, one figure per side."""
    return [
        build_ward_bar_figure(
            where_table(prepared, chosen),
            title=f"Wards as bars: {label}",
            threshold=threshold,
            empty=NO_AREAS,
        )
        for label, prepared, chosen in sides
    ]


def clear_where_caches() -> None:
    """Forget the where tables and figures (tests; the bench's cold runs)."""
    where_table.cache_clear()
    where_figures.cache_clear()
    where_bar_figures.cache_clear()


def suppress_where_table(table: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The table as it may leave the app: people and contacts of 1..threshold-1 as "<5", and a
    ward's contacts and rates withheld with its people's count (they would give it back)."""
    shown = suppress_frame(table, ("people", "contacts"), threshold)
    hidden = table["people"].astype("int64").map(lambda n: is_suppressed(n, threshold))
    for column in ("contacts", "per_1000_adults", "contacts_per_person"):
        if column in shown:
            shown[column] = shown[column].astype(object).where(~hidden, WITHHELD)
    if "contacts_per_person" in shown:  # nobody there: no contacts per person, not "nan"
        shown["contacts_per_person"] = shown["contacts_per_person"].map(
            lambda v: "" if isinstance(v, float) and np.isnan(v) else v
        )
    if "city_centre" in shown:
        shown["city_centre"] = shown["city_centre"].map(lambda v: "yes" if v is True else "")
    return shown


def where_sentence(prepared: PreparedCohort, table: pd.DataFrame, threshold: int) -> str:
    """The wards with the most and fewest people per 1,000 adults and the most contacts per
    person, in plain words, then how the adults were worked out; wards withheld say so."""
    if table.empty:
        return NO_AREAS
    hidden = table["people"].map(lambda n: is_suppressed(int(n), threshold))
    shown = table[~hidden]
    withheld = (
        f" {int(hidden.sum())} of {len(table)} wards have fewer than {threshold} of these people: "
        "their rates are withheld."
        if hidden.any()
        else ""
    )
    basis = " " + ward_plan(prepared).basis
    counted = shown[shown["people"] > 0]
    if counted.empty:
        return f"No ward has {threshold} or more of these people to show.{withheld}{basis}"
    most = counted.sort_values("per_1000_adults", ascending=False, kind="stable").iloc[0]
    fewest = shown.sort_values("per_1000_adults", kind="stable").iloc[0]
    busiest = counted.sort_values("contacts_per_person", ascending=False, kind="stable").iloc[0]
    return (
        f"Counting everyone here in the group at some time in the window, {most['ward']} has "
        f"the most per 1,000 adults ({most['per_1000_adults']:.1f}: "
        f"{format_count(int(most['people']), threshold)} people) and {fewest['ward']} the fewest "
        f"({fewest['per_1000_adults']:.1f}); people in {busiest['ward']} have the most contacts "
        f"each ({busiest['contacts_per_person']:.1f} on average).{withheld}{basis}"
    )
