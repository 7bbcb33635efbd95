"""Plain functions behind the commissioner explorer's callbacks (no dash: tests and the bench
call them directly). Counts are suppressed here, on their way out to text, figures and CSV."""

from __future__ import annotations

import logging
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go

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
from timeline.cohorts.prepared import PreparedCohort, prepare_cohort
from timeline.cohorts.suppress import format_count, is_suppressed, suppress_share
from timeline.cohorts.tables import Cohort, CohortInfo
from timeline.figures.cohort import (
    build_cost_figure,
    build_count_bar_figure,
    build_path_figure,
    build_sector_time_figure,
)
from timeline.pages.explorer_calibration import calibration_rows
from timeline.pages.explorer_needs import needs_figures, needs_table
from timeline.pages.explorer_repeat import repeat_figures, repeat_table
from timeline.pages.explorer_state import ExplorerState, apply_costs
from timeline.service import Services
from timeline.store import CohortNotFoundError


class CohortCatalog:
    """Stored cohorts, opened through Services and kept prepared: the last `size` cohorts stay
    in memory, keyed by name and creation time so a cohort generated again is prepared again."""

    def __init__(
        self,
        list_cohorts: Callable[[], list[CohortInfo]],
        load_cohort: Callable[[str], Cohort],
        size: int = 2,
    ) -> None:
        self._list, self._load, self._size = list_cohorts, load_cohort, size
        self._prepared: OrderedDict[tuple[str, object], PreparedCohort] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_services(cls, services: Services) -> CohortCatalog:
        """A catalog over the services' stored cohorts."""
        return cls(services.list_cohorts, services.load_cohort)

    def infos(self) -> list[CohortInfo]:
        """Every stored cohort, as the store lists them."""
        return list(self._list())

    def info(self, name: str) -> CohortInfo | None:
        """The named cohort's catalogue entry (None when there is none)."""
        return next((i for i in self.infos() if i.name == name), None)

    def is_open(self, info: CohortInfo) -> bool:
        """True when this cohort, as stored now, is prepared in memory (it opens at once)."""
        return (info.name, info.created) in self._prepared

    def warm_in_background(self) -> threading.Thread:
        """Open the newest cohorts in a background thread, so the first visit does not wait.

        A city cohort takes tens of seconds to read from the database; a page that asks for it
        meanwhile waits on the same lock instead of reading it twice.
        """

        def warm() -> None:
            try:
                newest = sorted(self.infos(), key=lambda i: i.created, reverse=True)
                for info in newest[: self._size]:
                    self.prepared(info.name)
            except Exception:  # noqa: BLE001 - a page will load it, and report, when asked
                logging.getLogger(__name__).warning("could not open cohorts ahead of use")

        thread = threading.Thread(target=warm, name="touchpoints-warm-cohorts", daemon=True)
        thread.start()
        return thread

    def prepared(self, name: str) -> PreparedCohort:
        """The named cohort, prepared (CohortNotFoundError when there is none)."""
        info = self.info(name)
        if info is None:
            raise CohortNotFoundError(f"There is no cohort called {name!r}.")
        key = (name, info.created)
        with self._lock:
            if key not in self._prepared:
                self._prepared[key] = prepare_cohort(self._load(name))
                calibration_rows(self._prepared[key])  # measured once, beside the codes
                while len(self._prepared) > self._size:
                    self._prepared.popitem(last=False)
            self._prepared.move_to_end(key)
            return self._prepared[key]


# id(services) -> (a weak reference that proves the id is not reused, the catalog)
_CATALOGS: dict[int, tuple[weakref.ref, CohortCatalog]] = {}


def register_catalog(services: Services, catalog: CohortCatalog) -> CohortCatalog:
    """Use `catalog` for these services' pages (tests register a hand-built cohort here)."""
    _CATALOGS[id(services)] = (weakref.ref(services), catalog)
    return catalog


def catalog_for(services: Services) -> CohortCatalog:
    """The one catalog (and so the one cache of prepared cohorts) of these services."""
    ref, catalog = _CATALOGS.get(id(services), (None, None))
    if ref is not None and ref() is services and catalog is not None:
        return catalog
    return register_catalog(services, CohortCatalog.from_services(services))


@dataclass(frozen=True, eq=False)
class SeriesView:
    """One side of the explorer: a cohort under a filter, summarised and costed."""

    label: str
    prepared: PreparedCohort
    filter: CohortFilter
    summary: CohortSummary
    costs: CostSummary


@dataclass(frozen=True, eq=False)
class ExplorerView:
    """Everything one explorer view shows; counts inside are exact until rendered."""

    name: str
    state: ExplorerState
    series: tuple[SeriesView, ...]
    threshold: int
    unit_costs: pd.DataFrame
    note: str = ""


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
    unit_costs = apply_costs(default_unit_costs(), state.costs)
    sides, note = resolve_series(catalog, name, state)
    series = []
    for label, prepared, chosen in sides:
        summary = summarise_cohort(prepared, chosen)
        series.append(
            SeriesView(label, prepared, chosen, summary, cost_cohort(prepared, summary, unit_costs))
        )
    return ExplorerView(name, state, tuple(series), threshold, unit_costs, note)


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


def _side_tables(view: ExplorerView, side: SeriesView) -> dict[str, Callable[[], pd.DataFrame]]:
    """Each chart's exact table for one side, made when asked for (a section not drawn costs
    nothing); the count charts' come from a cache, so a comparison's unchanged side is reused."""
    p, chosen = side.prepared, side.filter
    return {
        "events-per-person": lambda: _count_table("events-per-person", p, chosen),
        "agencies-per-person": lambda: _count_table("agencies-per-person", p, chosen),
        "sector-months": lambda: _count_table("sector-months", p, chosen),
        "cycles": lambda: _count_table("cycles", p, chosen),
        "paths": lambda: _count_table("paths", p, chosen).drop(columns=["code"]),
        "costs-by-sector": lambda: side.costs.by_sector,
        "costs-by-agency": lambda: side.costs.by_agency,
        "repeat-demand": lambda: repeat_table(p, chosen, view.state.repeat),
        "needs-combinations": lambda: needs_table(p, chosen, view.threshold),
    }


def chart_tables(
    view: ExplorerView, charts: Collection[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Each chart's exact data (only `charts`' when given), one table per chart with a `series`
    column (for figures and CSV downloads; suppress before either leaves the app)."""
    parts: dict[str, list[pd.DataFrame]] = {}
    for side in view.series:
        for chart, make in _side_tables(view, side).items():
            if charts is None or chart in charts:
                parts.setdefault(chart, []).append(make().assign(series=side.label))
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


Side = tuple[str, PreparedCohort, CohortFilter]


@lru_cache(maxsize=64)
def _count_figure(chart: str, sides: tuple[Side, ...], threshold: int) -> list[go.Figure]:
    """One count chart's figures, cached per (chart, sides, threshold): bars grouped by side;
    time and path charts one per side (each cached alone, so a comparison reuses its view's)."""
    if chart in ("sector-months", "paths") and len(sides) > 1:
        return [fig for side in sides for fig in _count_figure(chart, (side,), threshold)]
    by_side = [(label, _count_table(chart, p, chosen)) for label, p, chosen in sides]
    common = {"category": "bin", "count": "people", "unit": "people", "threshold": threshold}
    if chart == "events-per-person":
        return [
            build_count_bar_figure(
                by_side, title="Events per person", x_title="Events per person", **common
            )
        ]
    if chart == "agencies-per-person":
        return [
            build_count_bar_figure(
                by_side,
                title="Agencies per person",
                x_title="Agencies in contact per person",
                **common,
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
            )
        ]
    label, table = by_side[0]
    if chart == "sector-months":
        title = f"Contacts by sector per month: {label}"
        return [build_sector_time_figure(table, title=title, threshold=threshold)]
    title = f"Commonest paths between sectors: {label}"
    return [build_path_figure(table, title=title, threshold=threshold)]


def _per_side(build: Callable, sides: tuple[Side, ...], *args: object) -> list[go.Figure]:
    """A one-figure-per-side builder called side by side, so each side's figure is cached
    alone and a comparison's unchanged side is not drawn again."""
    return [fig for side in sides for fig in build((side,), *args)]


def build_explorer_figures(
    view: ExplorerView, charts: Collection[str] | None = None
) -> dict[str, list[go.Figure]]:
    """The figures, by chart (only `charts`' when given): bars grouped by side; time and path
    charts one per side."""
    sides = tuple((side.label, side.prepared, side.filter) for side in view.series)
    makers: dict[str, Callable[[], list[go.Figure]]] = {
        chart: (lambda chart=chart: _count_figure(chart, sides, view.threshold))
        for chart in (
            "events-per-person",
            "agencies-per-person",
            "cycles",
            "sector-months",
            "paths",
        )
    }
    costs = [(side.label, side.costs.by_sector) for side in view.series]
    makers["costs-by-sector"] = lambda: [
        build_cost_figure(costs, title="Illustrative cost by sector", threshold=view.threshold)
    ]
    makers["repeat-demand"] = lambda: _per_side(
        repeat_figures, sides, view.threshold, view.state.repeat
    )
    makers["needs-combinations"] = lambda: _per_side(needs_figures, sides, view.threshold)
    return {c: make() for c, make in makers.items() if charts is None or c in charts}


def clear_explorer_caches() -> None:
    """Forget every cached summary, mask and figure (the bench's cold runs; tests)."""
    summarise_cohort.cache_clear()
    select_people.cache_clear()
    _count_figure.cache_clear()
    _count_table.cache_clear()
    repeat_figures.cache_clear()
    repeat_table.cache_clear()
    needs_figures.cache_clear()
    clear_drill_cache()
