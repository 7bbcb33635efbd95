"""The explorer's repeat-demand question (no dash): per month and sector, people with N or more
contacts, as a table per side, a figure per side and one sentence in plain words."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from timeline.cohorts.explore import CohortFilter
from timeline.cohorts.prepared import PreparedCohort
from timeline.cohorts.rates import PER_100_PEOPLE
from timeline.cohorts.repeat_demand import busiest_month, repeat_demand_table
from timeline.cohorts.suppress import format_count, is_suppressed
from timeline.figures.cohort import FigureDict, build_sector_time_figure
from timeline.pages.explorer.rates import with_rates

Side = tuple[str, PreparedCohort, CohortFilter]


def thresholds(at_least: int) -> tuple[int, int]:
    """The table's two thresholds: the chosen one and twice it (5 and 10 by default, as in
    Coventry's analysis)."""
    return at_least, 2 * at_least


@lru_cache(maxsize=16)
def repeat_table(prepared: PreparedCohort, chosen: CohortFilter, at_least: int) -> pd.DataFrame:
    """Repeat demand of the people a filter keeps, at `at_least` and twice that (cached: the
    figure and the table share it; do not change what it returns)."""
    return repeat_demand_table(prepared, chosen, thresholds(at_least))


@lru_cache(maxsize=16)
def repeat_figures(sides: tuple[Side, ...], threshold: int, at_least: int) -> list[FigureDict]:
    """One line figure per side: people with `at_least`+ contacts per sector per month (sectors
    where somebody does); a point names its mark "sector|month|N" for the drill-down. When
    comparing, per 100 people in the group that month (the groups differ in size)."""
    compare = len(sides) > 1
    figures = []
    for label, prepared, chosen in sides:
        table = repeat_table(prepared, chosen, at_least)
        chosen_rows = table[table["at_least"] == at_least]
        busy = chosen_rows.groupby("sector", sort=False)["people"].transform("max") > 0
        chosen_rows = chosen_rows[busy]  # a sector nobody repeats with is a flat line: left out
        if compare:
            chosen_rows = with_rates("repeat-demand", chosen_rows, prepared, chosen, threshold)
        figures.append(
            build_sector_time_figure(
                chosen_rows,
                title=f"People with {at_least} or more contacts in a month: {label}",
                threshold=threshold,
                count="people",
                y_title=(
                    f"People per 100 with {at_least}+ contacts"
                    if compare
                    else f"People with {at_least}+ contacts"
                ),
                unit=f"people with {at_least} or more contacts",
                empty=f"Nobody here made {at_least} or more contacts with one sector in a month.",
                key_suffix=f"|{at_least}",
                rate=PER_100_PEOPLE if compare else None,
                rate_unit="per 100 people in the group that month",
            )
        )
    return figures


def repeat_sentence(table: pd.DataFrame, at_least: int, threshold: int) -> str:
    """The busiest sector-month in plain words: how many people made `at_least` or more
    contacts, and what share of that sector's contacts that month they made."""
    top = busiest_month(table, None, at_least)
    if top is None:
        return "No contacts for these people."
    people = int(top["people"])
    if people == 0:
        return f"Nobody here made {at_least} or more contacts with one sector in a month."
    where = f"{top['sector']} in {_month(str(top['month']))}"
    if is_suppressed(people, threshold):
        return (
            f"At most, fewer than {threshold} people made {at_least} or more contacts with "
            f"one sector in a month ({where})."
        )
    share = f"{top['share']:.0%}" if not is_suppressed(int(top["contacts"]), threshold) else ""
    made = (
        f"they made {format_count(int(top['their_contacts']), threshold)} of its "
        f"{format_count(int(top['contacts']), threshold)} contacts that month ({share})"
    )
    return (
        f"The busiest: {where}, when {format_count(people, threshold)} people made "
        f"{at_least} or more contacts each; {made}."
    )


def _month(month: str) -> str:
    """ "2024-02" as "February 2024"."""
    return pd.Timestamp(f"{month}-01").strftime("%B %Y")
