"""Plain functions behind the commissioner explorer's callbacks (no dash: tests and the bench
call them directly). Counts are suppressed here, on their way out to text, figures and CSV."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from timeline.cohorts.costs import CostSummary, cost_cohort, load_unit_costs
from timeline.cohorts.drill import clear_drill_cache
from timeline.cohorts.explore import (
    CohortFilter,
    CohortSummary,
    cycle_table,
    distribution_table,
    sector_month_table,
    select_people,
    summarise_cohort,
)
from timeline.cohorts.prepared import PreparedCohort
from timeline.cohorts.rates import PER_100_PEOPLE, PER_PERSON_YEAR
from timeline.cohorts.suppress import format_count, is_suppressed, suppress_share
from timeline.cohorts.wards import clear_ward_cache
from timeline.figures.cohort import (
    FigureDict,
    build_count_bar_figure,
    build_path_figure,
    build_sector_time_figure,
)
from timeline.pages.explorer_before_after import (
    before_after_figures,
    before_after_table,
    clear_before_after_caches,
)
from timeline.pages.explorer_catalog import CohortCatalog
from timeline.pages.explorer_catalog import catalog_for as catalog_for  # where pages look
from timeline.pages.explorer_catalog import register_catalog as register_catalog
from timeline.pages.explorer_costs import (
    SECTOR_TABLE,
    base_unit_costs,
    cost_figures,
    cost_tables,
)
from timeline.pages.explorer_needs import needs_figures, needs_table
from timeline.pages.explorer_rates import with_rates
from timeline.pages.explorer_repeat import repeat_figures, repeat_table
from timeline.pages.explorer_state import ExplorerState, apply_costs, changed_costs
from timeline.pages.explorer_where import (
    clear_where_caches,
    where_bar_figures,
    where_figures,
    where_table,
)
from timeline.store import CohortNotFoundError, CostTableRecord


@dataclass(frozen=True, eq=False)
class SeriesView:
    """One side of the explorer: a cohort under a filter, summarised and costed."""

    label: str
    prepared: PreparedCohort
    filter: CohortFilter
    summary: CohortSummary
    costs: CostSummary
    cost_years: dict[str, pd.DataFrame] = field(default_factory=dict)  # by sector, by needs


@dataclass(frozen=True, eq=False)
class ExplorerView:
    """Everything one explorer view shows; counts inside are exact until rendered."""

    name: str
    state: ExplorerState
    series: tuple[SeriesView, ...]
    threshold: int
    unit_costs: pd.DataFrame
    note: str = ""
    cost_table: CostTableRecord | None = None  # the saved table the unit costs start from

    @property
    def cost_changes(self) -> tuple[tuple[str, str, float], ...]:
        """Every unit cost shown that differs from the defaults (the saved table's and the
        URL's edits together): a hashable key for code that prices under the view's costs."""
        return changed_costs(default_unit_costs(), self.unit_costs)


@lru_cache(maxsize=4)
def default_unit_costs() -> pd.DataFrame:
    """The illustrative unit-cost file, read once."""
    return load_unit_costs()


def resolve_series(
    catalog: CohortCatalog, name: str, state: ExplorerState
) -> tuple[list[tuple[str, PreparedCohort, CohortFilter]], str]:
    """(label, cohort, filter) for the view and what it is compared with, and a note if the
    comparison cannot be drawn (e.g. the other cohort is gone)."""
    first = catalog.prepared(name)
    sides = [(f"{name}: {state.filter.describe()}", first, state.filter)]
    note = ""
    other_filter, other_name = state.compared_filter(), state.compared_cohort()
    if other_filter is not None:
        sides.append((f"{name}: {other_filter.describe()}", first, other_filter))
    elif other_name:
        try:
            sides.append(
                (
                    f"{other_name}: {state.filter.describe()}",
                    catalog.prepared(other_name),
                    state.filter,
                )
            )
        except CohortNotFoundError:
            note = f"There is no cohort called {other_name!r} to compare with."
    if len(sides) == 2 and sides[0][0] == sides[1][0]:  # tables and traces are keyed by label
        sides[1] = (f"{sides[1][0]} (compared)", *sides[1][1:])
    return sides, note


def build_explorer_view(
    catalog: CohortCatalog, name: str, state: ExplorerState, threshold: int
) -> ExplorerView:
    """Summarise (cached per cohort and filter) and cost each side of the view."""
    base, table, cost_note = base_unit_costs(
        catalog.cost_table, default_unit_costs(), state.cost_table
    )
    unit_costs = apply_costs(base, state.costs)
    sides, note = resolve_series(catalog, name, state)
    note = " ".join(n for n in (note, cost_note) if n)
    series = []
    for label, prepared, chosen in sides:
        summary = summarise_cohort(prepared, chosen)
        costs = cost_cohort(prepared, summary, unit_costs)
        years = cost_tables(prepared, summary, costs, unit_costs)
        series.append(SeriesView(label, prepared, chosen, summary, costs, years))
    return ExplorerView(name, state, tuple(series), threshold, unit_costs, note, table)


def headline_rows(view: ExplorerView) -> list[tuple[str, list[str]]]:
    """(measure, one shown value per side): counts suppressed, and any figure derived from a
    suppressed count of people (a mean, a share, a cost per person) withheld."""
    t = view.threshold
    rows: dict[str, list[str]] = {}
    for side in view.series:
        s, hidden = side.summary, is_suppressed(side.summary.people, view.threshold)
        values = {
            "People": format_count(s.people, t),
            "Events": format_count(s.events, t),
            "Agencies in contact": format_count(s.agencies, t),
            "Mean events per person": "not shown" if hidden else f"{s.mean_events:.1f}",
            "People with any revolving-door cycle": format_count(s.people_with_cycle, t),
            "Share with any cycle": suppress_share(s.people_with_cycle, s.people, t),
            "Illustrative cost per person per year": (
                "not shown" if hidden or not s.people else f"£{side.costs.per_person_year:,.0f}"
            ),
        }
        for measure, value in values.items():
            rows.setdefault(measure, []).append(value)
    return list(rows.items())


def chart_tables(view: ExplorerView) -> dict[str, pd.DataFrame]:
    """Each chart's exact data, one table per chart with a `series` column (for figures and
    CSV downloads; suppress before either leaves the app)."""
    parts: dict[str, list[pd.DataFrame]] = {}
    sides = tuple((side.label, side.prepared, side.filter) for side in view.series)
    for index, side in enumerate(view.series):
        p, s = side.prepared, side.summary
        found = {
            "events-per-person": distribution_table(s, "events"),
            "agencies-per-person": distribution_table(s, "agencies"),
            "sector-months": sector_month_table(p, s),
            "cycles": cycle_table(p, s),
            "paths": s.paths.drop(columns=["code"]),
            **side.cost_years,
            "costs-by-agency": side.costs.by_agency,
            "repeat-demand": repeat_table(p, side.filter, view.state.repeat),
            "needs-combinations": needs_table(p, side.filter, view.threshold),
            "before-after": before_after_table(sides, index, view.cost_changes),
            "where": where_table(p, side.filter),
        }
        for chart, table in found.items():
            table = with_rates(chart, table, p, side.filter, view.threshold)
            parts.setdefault(chart, []).append(table.assign(series=side.label))
    return {chart: pd.concat(tables, ignore_index=True) for chart, tables in parts.items()}


def _tables_by_side(chart: str, tables: dict[str, pd.DataFrame], labels: list[str]) -> list:
    table = tables[chart]
    return [(label, table[table["series"] == label]) for label in labels]


@lru_cache(maxsize=32)
def _count_figures(
    sides: tuple[tuple[str, PreparedCohort, CohortFilter], ...], threshold: int
) -> dict[str, list[FigureDict]]:
    """Every figure but the costs', cached per (sides, threshold): a cost edit redraws one."""
    parts: dict[str, list[pd.DataFrame]] = {}
    for label, prepared, chosen in sides:
        summary = summarise_cohort(prepared, chosen)
        for chart, table in (
            ("events-per-person", distribution_table(summary, "events")),
            ("agencies-per-person", distribution_table(summary, "agencies")),
            ("sector-months", sector_month_table(prepared, summary)),
            ("cycles", cycle_table(prepared, summary)),
            ("paths", summary.paths),
        ):
            table = with_rates(chart, table, prepared, chosen, threshold)
            parts.setdefault(chart, []).append(table.assign(series=label))
    tables = {chart: pd.concat(found, ignore_index=True) for chart, found in parts.items()}
    labels = [label for label, _, _ in sides]
    by_side = {chart: _tables_by_side(chart, tables, labels) for chart in tables}
    compare = len(sides) > 1  # groups of different sizes: draw rates, never counts side by side
    rate = {"rate": PER_100_PEOPLE} if compare else {}
    common = {"category": "bin", "count": "people", "unit": "people", "threshold": threshold}
    groups = {label: int(select_people(p, chosen).sum()) for label, p, chosen in sides}
    return {
        "events-per-person": [
            build_count_bar_figure(
                by_side["events-per-person"],
                title="Events per person",
                x_title="Events per person",
                **common,
                **rate,
            )
        ],
        "agencies-per-person": [
            build_count_bar_figure(
                by_side["agencies-per-person"],
                title="Agencies per person",
                x_title="Agencies in contact per person",
                **common,
                **rate,
            )
        ],
        "cycles": [
            build_count_bar_figure(
                by_side["cycles"],
                category="label",
                count="people",
                key="rule",
                title="People with each revolving-door cycle",
                x_title="Rule",
                unit="people",
                threshold=threshold,
                extra="iterations",
                **rate,
            )
        ],
        "sector-months": [
            build_sector_time_figure(
                table,
                title=f"Contacts by sector per month: {label}",
                threshold=threshold,
                **(
                    {"rate": PER_PERSON_YEAR, "y_title": "Contacts per person-year"}
                    if compare
                    else {}
                ),
            )
            for label, table in by_side["sector-months"]
        ],
        "paths": [
            build_path_figure(
                table,
                title=f"Commonest paths between sectors: {label}",
                threshold=threshold,
                group=groups[label] if compare else None,
            )
            for label, table in by_side["paths"]
        ],
    }


def build_explorer_figures(view: ExplorerView) -> dict[str, list[FigureDict]]:
    """The figures, by chart: bars grouped by side; time and path charts one per side."""
    sides = tuple((side.label, side.prepared, side.filter) for side in view.series)
    figures = dict(_count_figures(sides, view.threshold))
    costs = [(side.label, *side.cost_years.values()) for side in view.series]
    figures[SECTOR_TABLE] = cost_figures(costs, view.threshold)
    figures["repeat-demand"] = repeat_figures(sides, view.threshold, view.state.repeat)
    figures["needs-combinations"] = needs_figures(sides, view.threshold)
    figures["before-after"] = before_after_figures(sides, view.threshold, view.cost_changes)
    figures["where"] = where_figures(sides, view.threshold)
    figures["where-bars"] = where_bar_figures(sides, view.threshold)
    return figures


def clear_explorer_caches() -> None:
    """Forget every cached summary, mask and figure (the bench's cold runs; tests)."""
    summarise_cohort.cache_clear()
    select_people.cache_clear()
    _count_figures.cache_clear()
    repeat_figures.cache_clear()
    repeat_table.cache_clear()
    needs_figures.cache_clear()
    clear_before_after_caches()
    clear_drill_cache()
    clear_where_caches()
    clear_ward_cache()
