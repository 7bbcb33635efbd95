"""The explorer's needs-combinations question (no dash): how many people have each combination
of needs, with each need's set size, as a table per side, an UpSet figure per side, one sentence
in plain words, and what a click on the chart asks the needs filter to become."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from timeline.cohorts.explore import CohortFilter, select_people
from timeline.cohorts.needs_sets import (
    combination_counts,
    combinations_table,
    set_sizes,
)
from timeline.cohorts.prepared import PreparedCohort
from timeline.cohorts.suppress import format_count, is_suppressed
from timeline.cohorts.tables import NEEDS
from timeline.figures.cohort import FigureDict
from timeline.figures.upset import build_upset_figure

CHART = "needs-combinations"
EXACTLY = "exactly"  # the needs filter's "no other needs" tick box, and a click that means it
WITH = "with"  # a click on a set-size bar: people with that need, perhaps others too
COMBINATION_ROW = "exactly these needs"
SET_ROW = "this need, alone or with others"
Side = tuple[str, PreparedCohort, CohortFilter]


def needs_tables(
    prepared: PreparedCohort, chosen: CohortFilter, threshold: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(combinations, set sizes) of the people a filter keeps; exact counts, rows in the
    order shown (counts that will show as "<5" sort as equal)."""
    counts = combination_counts(prepared, select_people(prepared, chosen))
    return combinations_table(counts, threshold), set_sizes(counts)


def needs_table(prepared: PreparedCohort, chosen: CohortFilter, threshold: int) -> pd.DataFrame:
    """The chart's table (and CSV): one row per combination anyone has (`counts` "exactly these
    needs", with `needs_count`), then one per need with its set size; `people` exact."""
    combinations, sizes = needs_tables(prepared, chosen, threshold)
    rows = pd.DataFrame(
        {
            "counts": COMBINATION_ROW,
            "needs": combinations["needs"],
            "needs_count": combinations["needs_count"].astype(object),
            "people": combinations["people"],
        }
    )
    sets = pd.DataFrame(
        {
            "counts": SET_ROW,
            "needs": [n.replace("_", " ") for n in sizes["need"]],
            "needs_count": "",
            "people": sizes["people"],
        }
    )
    return pd.concat([rows, sets], ignore_index=True)


@lru_cache(maxsize=16)
def needs_figures(sides: tuple[Side, ...], threshold: int) -> list[FigureDict]:
    """One UpSet figure per side; when comparing, people per 100 people in each group."""
    figures = []
    for label, prepared, chosen in sides:
        combinations, sizes = needs_tables(prepared, chosen, threshold)
        group = int(select_people(prepared, chosen).sum()) if len(sides) > 1 else None
        figures.append(
            build_upset_figure(
                combinations,
                sizes,
                title=f"People with each combination of needs: {label}",
                threshold=threshold,
                needs=NEEDS,
                group=group,
            )
        )
    return figures


def needs_sentence(table: pd.DataFrame, people: int, threshold: int) -> str:
    """The commonest combination in plain words, with its share of the people shown, and the
    share with two or more needs; no share of a count shown as "<5"."""
    combinations = table[table["counts"] == COMBINATION_ROW]
    if people == 0:
        return "Nobody here, so no combinations of needs."
    if combinations.empty:
        return "Nobody here has a recorded need."
    top = combinations.iloc[0]
    count = int(top["people"])
    if is_suppressed(count, threshold):
        return f"Every combination of needs here is held by fewer than {threshold} people."
    several = int(combinations.loc[combinations["needs_count"] >= 2, "people"].sum())
    return (
        f"The commonest combination: {top['needs']}, {format_count(count, threshold)} people "
        f"({_share(count, people)}); {_several(several, people, threshold)}."
    )


def _several(several: int, people: int, threshold: int) -> str:
    if several == 0:
        return "nobody here has two or more needs"
    if is_suppressed(several, threshold):
        return f"fewer than {threshold} have two or more needs"
    if several == people:
        return "everyone here has two or more needs"
    return f"{_share(several, people)} have two or more needs"


def _share(part: int, whole: int) -> str:
    """A share in whole percent that never rounds a part to all or nothing."""
    share = part / whole
    if part < whole and share > 0.995:
        return "over 99%"
    if 0 < share < 0.005:
        return "under 1%"
    return f"{share:.0%}"


def needs_from_click(click: dict | None, graph: dict | None) -> tuple[list[str], bool] | None:
    """What a click on the needs-combinations chart asks the needs filter to be: (the needs,
    True for exactly those) for a combination, (one need, False) for a set-size bar; None for
    anything else."""
    if not isinstance(graph, dict) or graph.get("chart") != CHART:
        return None
    points = click.get("points") if isinstance(click, dict) else None
    point = points[0] if isinstance(points, list) and points else None
    data = point.get("customdata") if isinstance(point, dict) else None
    if not isinstance(data, list) or len(data) < 4 or not isinstance(data[0], str):
        return None
    needs = data[0].split("+")
    if not data[0] or any(n not in NEEDS for n in needs) or data[3] not in (EXACTLY, WITH):
        return None
    return sorted(set(needs)), data[3] == EXACTLY
