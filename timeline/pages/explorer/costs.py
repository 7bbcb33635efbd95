"""The explorer's cost question (no dash): illustrative cost per person-year by sector and by
needs combination against the reported £19,000, as tables, a figure and one plain sentence; and
named cost tables: the unit costs a view starts from (`?costs=NAME`) and saving them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from timeline.access import AccessDeniedError
from timeline.cohorts.cost_years import (
    ALL_SECTORS,
    REFERENCE_GBP,
    combination_cost_years,
    sector_cost_years,
    withheld_rows,
)
from timeline.cohorts.costs import CostSummary, read_edited_costs
from timeline.cohorts.explore import CohortSummary
from timeline.cohorts.prepared import PreparedCohort
from timeline.cost_tables import (
    CostTableNameError,
    check_table_name,
    describe_saved,
    save_cost_table,
)
from timeline.figures.costs import build_cost_years_figure
from timeline.pages.explorer.state import apply_costs
from timeline.service import Services
from timeline.store import CostTableExistsError, CostTableRecord

SECTOR_TABLE = "costs-by-sector"  # the section's chart and its first table
NEEDS_TABLE = "costs-by-needs"
REFERENCE_LABEL = (  # what the dashed line is, and its source as the domain facts give it
    f"Dashed line: about £{REFERENCE_GBP:,} per person per year is spent on people facing a "
    "combination of these problems,",
    "mostly on crisis care (public reports on multiple disadvantage, England).",
)
FindTable = Callable[[str], CostTableRecord | None]


def base_unit_costs(
    find: FindTable, defaults: pd.DataFrame, name: str
) -> tuple[pd.DataFrame, CostTableRecord | None, str]:
    """(the unit costs a view starts from, the saved table they come from, a note): the saved
    table `name` over the defaults, or the defaults and a note when there is no such table."""
    if not name:
        return defaults, None, ""
    found = find(name)
    if found is None:
        return (
            defaults,
            None,
            f"There is no saved cost table called {name[:60]!r}; showing the illustrative "
            "default unit costs.",
        )
    return apply_costs(defaults, found.costs), found, ""


def cost_tables(
    prepared: PreparedCohort, summary: CohortSummary, costs: CostSummary, unit_costs: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The section's exact tables for one side: by sector (all sectors first) and by needs
    combination."""
    return {
        SECTOR_TABLE: sector_cost_years(costs, summary),
        NEEDS_TABLE: combination_cost_years(prepared, summary.mask, unit_costs),
    }


def cost_figures(
    sides: Sequence[tuple[str, pd.DataFrame, pd.DataFrame]], threshold: int
) -> list[dict]:
    """The section's one figure, both sides grouped on it: a plain dict (tests validate it)."""
    figure = build_cost_years_figure(
        sides,
        title="Illustrative cost per person-year, by sector and by needs combination",
        threshold=threshold,
        reference=REFERENCE_GBP,
        reference_label=REFERENCE_LABEL,
    )
    return [figure]


def costs_sentence(sectors: pd.DataFrame, combinations: pd.DataFrame, threshold: int) -> str:
    """How the cost per person-year of everyone shown compares with £19,000, which sector
    costs most and which needs combination costs most per person-year; nothing withheld."""
    whole = sectors[sectors["sector"] == ALL_SECTORS]
    if whole.empty or int(whole["people"].iloc[0]) == 0:
        return "Nobody here, so no costs."
    if withheld_rows(whole, threshold).iloc[0]:
        return f"Fewer than {threshold} people here: their cost per person-year is not shown."
    per_year = float(whole["cost_per_person_year"].iloc[0])
    ratio = per_year / REFERENCE_GBP - 1
    against = (
        "about the same as"
        if abs(ratio) < 0.005
        else f"{abs(ratio):.0%} {'above' if ratio > 0 else 'below'}"
    )
    text = (
        f"With the illustrative unit costs, these synthetic people cost £{per_year:,.0f} per "
        f"person-year, {against} the £{REFERENCE_GBP:,} reported for people facing multiple "
        "disadvantage."
    )
    parts = sectors[(sectors["sector"] != ALL_SECTORS) & ~withheld_rows(sectors, threshold)]
    if not parts.empty:
        top = parts.iloc[0]
        text += (
            f" {top['sector']} costs most: £{top['cost_per_person_year']:,.0f} of it "
            f"({top['cost'] / whole['cost'].iloc[0]:.0%})."
        )
    shown = combinations[~withheld_rows(combinations, threshold)]
    if not shown.empty:
        top = shown.iloc[0]
        text += (
            f" Of the needs combinations held by {threshold} or more people, {top['needs']} "
            f"costs most: £{top['cost_per_person_year']:,.0f} per person-year."
        )
    return text


def save_from_inputs(
    services: Services,
    find: FindTable,
    defaults: pd.DataFrame,
    typed_name: object,
    cost_values: list,
    cost_table: str,
) -> tuple[str, str | None]:
    """Save the unit costs the page shows (the edited values over the table `cost_table` or the
    defaults) under the typed name: (what happened, in words; the name saved, or None)."""
    base = base_unit_costs(find, defaults, cost_table)[0]
    table, problems = read_edited_costs([{"gbp": v} for v in cost_values], base)
    if problems:
        return "Not saved: put right the unit costs above first. " + " ".join(problems), None
    rows = tuple(
        (str(k), str(s), float(g))
        for k, s, g in table[["kind", "sector", "gbp"]].itertuples(index=False)
    )
    try:
        name = check_table_name(typed_name)
        saved = save_cost_table(services, name, rows)
    except CostTableNameError as error:
        return f"Not saved: {error}", None
    except CostTableExistsError as taken:
        return (
            f"Not saved: there is already a cost table called {taken.existing.name!r} "
            f"({describe_saved(taken.existing)}) with other costs. A saved table never "
            "changes, so that links to it keep their costs: choose another name.",
            None,
        )
    except AccessDeniedError as error:
        return f"Not saved: {error}", None
    if not saved.created:
        return (
            f"{name!r} is already saved with exactly these costs "
            f"({describe_saved(saved.table)}); the page now uses it.",
            name,
        )
    return (
        f"Saved as {name!r} ({describe_saved(saved.table)}). This page's address now holds "
        f"costs={name}: share the address to show these costs.",
        name,
    )


def cost_table_note(table: CostTableRecord | None) -> str:
    """Which unit costs the view starts from, in words."""
    if table is None:
        return "Starting from the illustrative default unit costs."
    return (
        f"Starting from the saved cost table {table.name!r} ({describe_saved(table)}); "
        "changes below apply on top of it."
    )
