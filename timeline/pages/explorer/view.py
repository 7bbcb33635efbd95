"""Plain functions behind the commissioner explorer's callbacks (no dash: tests and the bench
call them directly). Counts are suppressed here, on their way out to text, figures and CSV."""

from __future__ import annotations

from collections.abc import Callable, Collection
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
from timeline.pages.explorer.before_after import (
    before_after_figures,
    before_after_table,
    clear_before_after_caches,
)
from timeline.pages.explorer.catalog import CohortCatalog
from timeline.pages.explorer.catalog import catalog_for as catalog_for  # where pages look
from timeline.pages.explorer.catalog import register_catalog as register_catalog
from timeline.pages.explorer.costs import (
    SECTOR_TABLE,
    base_unit_costs,
    cost_figures,
    cost_tables,
)
from timeline.pages.explorer.needs import needs_figures, needs_table
from timeline.pages.explorer.rates import with_rates
from timeline.pages.explorer.repeat import repeat_figures, repeat_table
from timeline.pages.explorer.state import ExplorerState, apply_costs, changed_costs
from timeline.pages.explorer.where import (
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


Side = tuple[str, PreparedCohort, CohortFilter]
# a section's other tables, made with it (CSV downloads of the same section)
COMPANIONS = {SECTOR_TABLE: ("costs-by-needs", "costs-by-agency")}


def _side_tables(
    view: ExplorerView, index: int, sides: tuple[Side, ...]
) -> dict[str, Callable[[], pd.DataFrame]]:
    """Each chart's exact table for one side, made when asked for (a section not drawn costs
    nothing); the count charts' come from a cache, so a comparison's unchanged side is reused."""
    side = view.series[index]
    p, chosen = side.prepared, side.filter
    return {
        "events-per-person": lambda: _count_table("events-per-person", p, chosen),
        "agencies-per-person": lambda: _count_table("agencies-per-person", p, chosen),
        "sector-months": lambda: _count_table("sector-months", p, chosen),
        "cycles": lambda: _count_table("cycles", p, chosen),
        "paths": lambda: _count_table("paths", p, chosen).drop(columns=["code"]),
        **{name: (lambda table=table: table) for name, table in side.cost_years.items()},
        "costs-by-agency": lambda: side.costs.by_agency,
        "repeat-demand": lambda: repeat_table(p, chosen, view.state.repeat),
        "needs-combinations": lambda: needs_table(p, chosen, view.threshold),
        "before-after": lambda: before_after_table(sides, index, view.cost_changes),
        "where": lambda: where_table(p, chosen),
    }


def _wanted(charts: Collection[str] | None) -> set[str] | None:
    """The tables `charts` need: theirs and their sections' other tables (None: all)."""
    if charts is None:
        return None
    return {*charts, *(name for chart in charts for name in COMPANIONS.get(chart, ()))}


def chart_tables(
    view: ExplorerView, charts: Collection[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Each chart's exact data (only `charts`' and their sections' other tables when given),
    one table per chart with a `series` column and, for every chart, its rate columns (for
    figures and CSV downloads; suppress before either leaves the app)."""
    wanted = _wanted(charts)
    sides = tuple((side.label, side.prepared, side.filter) for side in view.series)
    parts: dict[str, list[pd.DataFrame]] = {}
    for index, side in enumerate(view.series):
        for chart, make in _side_tables(view, index, sides).items():
            if wanted is None or chart in wanted:
                table = with_rates(chart, make(), side.prepared, side.filter, view.threshold)
                parts.setdefault(chart, []).append(table.assign(series=side.label))
    return {chart: pd.concat(tables, ignore_index=True) for chart, tables in parts.items()}


@lru_cache(maxsize=64)
def _count_table(chart: str, prepared: PreparedCohort, chosen: CohortFilter) -> pd.DataFrame:
    """One side's table of a count chart, cached per side (do not change what it returns)."""
    summary = summarise_cohort(prepared, chosen)
    if chart in ("events-per-person", "agencies-per-person"):
        return distribution_table(summary, chart.split("-")[0])
    if chart == "sector-months":
        return sector_month_table(prepared, summary)
    if chart == "cycles":
        return cycle_table(prepared, summary)
    return summary.paths


@lru_cache(maxsize=64)
def _count_figure(
    chart: str, sides: tuple[Side, ...], threshold: int, compare: bool
) -> list[FigureDict]:
    """One count chart's figures, cached per (chart, sides, threshold, comparing): bars grouped
    by side; time and path charts one per side (each cached alone, so a comparison reuses the
    side that did not change). Comparing, groups of different sizes are drawn as rates."""
    if chart in ("sector-months", "paths") and len(sides) > 1:
        return [fig for side in sides for fig in _count_figure(chart, (side,), threshold, True)]
    by_side = [
        (label, with_rates(chart, _count_table(chart, p, chosen), p, chosen, threshold))
        for label, p, chosen in sides
    ]
    rate = {"rate": PER_100_PEOPLE} if compare else {}
    common = {"category": "bin", "count": "people", "unit": "people", "threshold": threshold}
    if chart == "events-per-person":
        title = "Events per person"
        return [build_count_bar_figure(by_side, title=title, x_title=title, **common, **rate)]
    if chart == "agencies-per-person":
        return [
            build_count_bar_figure(
                by_side,
                title="Agencies per person",
                x_title="Agencies in contact per person",
                **common,
                **rate,
            )
        ]
    if chart == "cycles":
        return [
            build_count_bar_figure(
                by_side,
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
        ]
    (label, table), ((_, prepared, chosen),) = by_side[0], sides
    if chart == "sector-months":
        per_year = {"rate": PER_PERSON_YEAR, "y_title": "Contacts per person-year"}
        return [
            build_sector_time_figure(
                table,
                title=f"Contacts by sector per month: {label}",
                threshold=threshold,
                **(per_year if compare else {}),
            )
        ]
    group = int(select_people(prepared, chosen).sum()) if compare else None
    title = f"Commonest paths between sectors: {label}"
    return [build_path_figure(table, title=title, threshold=threshold, group=group)]


def build_explorer_figures(
    view: ExplorerView, charts: Collection[str] | None = None
) -> dict[str, list[FigureDict]]:
    """The figures, by chart (only `charts`' when given): bars grouped by side; time and path
    charts one per side."""
    sides = tuple((side.label, side.prepared, side.filter) for side in view.series)
    compare = len(sides) > 1
    makers: dict[str, Callable[[], list[FigureDict]]] = {
        chart: (lambda chart=chart: _count_figure(chart, sides, view.threshold, compare))
        for chart in (
            "events-per-person",
            "agencies-per-person",
            "cycles",
            "sector-months",
            "paths",
        )
    }
    costs = [(side.label, *side.cost_years.values()) for side in view.series]
    makers[SECTOR_TABLE] = lambda: cost_figures(costs, view.threshold)
    makers["repeat-demand"] = lambda: repeat_figures(sides, view.threshold, view.state.repeat)
    makers["needs-combinations"] = lambda: needs_figures(sides, view.threshold)
    makers["before-after"] = lambda: before_after_figures(sides, view.threshold, view.cost_changes)
    makers["where"] = lambda: where_figures(sides, view.threshold)
    makers["where-bars"] = lambda: where_bar_figures(sides, view.threshold)
    wanted = None if charts is None else {*charts, *(f"{c}-bars" for c in charts)}
    return {c: make() for c, make in makers.items() if wanted is None or c in wanted}


def clear_explorer_caches() -> None:
    """Forget every cached summary, mask and figure (the bench's cold runs; tests)."""
    summarise_cohort.cache_clear()
    select_people.cache_clear()
    _count_figure.cache_clear()
    _count_table.cache_clear()
    repeat_figures.cache_clear()
    repeat_table.cache_clear()
    needs_figures.cache_clear()
    clear_before_after_caches()
    clear_drill_cache()
    clear_where_caches()
    clear_ward_cache()
