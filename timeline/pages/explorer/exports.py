"""The explorer's controls decoded, its drill-down lists and its CSV downloads (no dash);
every count suppressed on its way out."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from timeline.cohorts.cost_years import withhold_cost_years
from timeline.cohorts.costs import read_edited_costs
from timeline.cohorts.drill import PAGE_ROWS, Selection, list_people, repeat_key
from timeline.cohorts.repeat_demand import repeat_by_agency
from timeline.cohorts.suppress import (
    ALONE,
    TOGETHER,
    ColumnChoice,
    format_count,
    is_suppressed,
    suppress_frame,
)
from timeline.io.export import csv_bytes
from timeline.pages.explorer.before_after import suppress_before_after
from timeline.pages.explorer.costs import base_unit_costs
from timeline.pages.explorer.rates import withhold_rates
from timeline.pages.explorer.state import (
    REPEAT_DEFAULT,
    REPEAT_RANGE,
    ExplorerState,
    changed_costs,
    person_query,
    state_from_inputs,
)
from timeline.pages.explorer.view import (
    CohortCatalog,
    ExplorerView,
    build_explorer_view,
    chart_tables,
    default_unit_costs,
    headline_rows,
    resolve_series,
)
from timeline.pages.explorer.where import suppress_where_table
from timeline.pages.inputs import UnusableInputError

DRILL_LIMIT = PAGE_ROWS  # rows shown on the page; the CSV has everyone behind the mark
# count columns of each downloadable table; "cost" is withheld where its events are suppressed
COUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "events-per-person": ("people",),
    "agencies-per-person": ("people",),
    "sector-months": ("events",),
    "cycles": ("people", "iterations"),
    "paths": ("people",),
    "costs-by-sector": ("events", "people"),
    "costs-by-needs": ("people", "events"),
    "costs-by-agency": ("events",),
    "repeat-demand": ("people", "contacts"),
    "needs-combinations": ("people",),
}
TABLE_TITLES = {
    "headline": "Headline figures",
    "events-per-person": "Events per person",
    "agencies-per-person": "Agencies per person",
    "sector-months": "Contacts by sector per month",
    "cycles": "Revolving-door cycles by rule",
    "paths": "Commonest paths between sectors",
    "costs-by-sector": "Illustrative cost per person-year by sector",
    "costs-by-needs": "Illustrative cost per person-year by needs combination",
    "costs-by-agency": "Illustrative cost by agency (highest 15)",
    "repeat-demand": "Repeat demand by sector and month",
    "needs-combinations": "People by combination of needs",
    "before-after": "Before and after coordinated support",
    "where": "People and contacts by ward",
}


@dataclass(frozen=True)
class DrillDown:
    """The people behind one mark: a heading, how many (suppressed), and up to 100 rows."""

    cohort: str
    heading: str
    count: str
    rows: pd.DataFrame  # shown values: counts already suppressed, unsafe columns left out
    note: str = ""
    left_out: str = ""  # which attribute columns are left out and why, in words
    person_query: str = ""  # the list in a person link's query: ?<filter>&from=<chart>:<key>
    by_agency: pd.DataFrame | None = None  # a repeat-demand point: its sector's agencies, shown


# which drill-down a click on each chart asks for
CLICK_CHARTS = {
    "events-per-person": "events-bin",
    "agencies-per-person": "agencies-bin",
    "cycles": "rule",
    "costs-by-sector": "sector",
    "sector-months": "sector-month",
    "paths": "path",
    "repeat-demand": "repeat-month",
    "where": "ward",
    "where-bars": "ward",
}
GROUPED_CHARTS = {"events-per-person", "agencies-per-person", "cycles", "costs-by-sector"}


def selection_from_click(click: dict | None, graph: dict | None) -> tuple[Selection, int] | None:
    """The mark and side (0 or 1) a plotly clickData names on the graph with id `graph`
    ({"chart": ..., "side": ...}); None for anything else."""
    points = (click or {}).get("points") or []
    chart = (graph or {}).get("chart")
    data = points[0].get("customdata") if points else None
    if chart not in CLICK_CHARTS or not isinstance(data, list) or not data or not data[0]:
        return None
    side = points[0].get("curveNumber", 0) if chart in GROUPED_CHARTS else graph.get("side", 0)
    return Selection(CLICK_CHARTS[chart], str(data[0])), 1 if side == 1 else 0


def suppress_table(name: str, table: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """A chart's table as it may leave the app: counts suppressed, costs of suppressed rows
    withheld (a cost divided by a unit cost would give the count back)."""
    if name == "before-after":
        return suppress_before_after(table, threshold)
    if name == "where":
        return suppress_where_table(table, threshold)
    shown = suppress_frame(table, COUNT_COLUMNS.get(name, ()), threshold)
    if "cost" in table:
        hidden = table["events"].astype("int64").map(lambda n: is_suppressed(n, threshold))
        shown["cost"] = table["cost"].astype(object).where(~hidden, "withheld")
    if "people" in table and ("iterations" in table or "their_contacts" in table):
        # what a few people made would tell how many they were: withheld with their count
        hidden = table["people"].astype("int64").map(lambda n: is_suppressed(n, threshold))
        for column in ("iterations", "their_contacts", "share"):
            if column in shown:
                shown[column] = shown[column].astype(object).where(~hidden, "withheld")
    if "cost_per_person_year" in table:  # withheld with its people or its events
        shown = withhold_cost_years(table, shown, threshold)
    if "share" in table:
        shown["share"] = shown["share"].map(lambda v: v if isinstance(v, str) else round(v, 3))
    return withhold_rates(table, shown, threshold)


def drill_down(
    catalog: CohortCatalog,
    name: str,
    state: ExplorerState,
    mark: Selection,
    side: int,
    threshold: int,
    limit: int | None = DRILL_LIMIT,
) -> DrillDown:
    """The people behind a mark of side 0 (the view) or 1 (what it is compared with)."""
    sides, _ = resolve_series(catalog, name, state)
    label, prepared, chosen = sides[min(side, len(sides) - 1)]
    found = list_people(prepared, chosen, mark, threshold)
    described = mark.describe()
    heading = f"{described[:1].upper()}{described[1:]} ({label})"
    count = format_count(len(found.people), threshold)
    by_agency = None
    if mark.chart == "repeat-month":
        sector, month, at_least = repeat_key(mark.key)
        if at_least >= REPEAT_RANGE[0]:
            table = repeat_by_agency(prepared, chosen, sector, month, at_least)
            by_agency = suppress_table("repeat-demand", table, threshold)
    if is_suppressed(len(found.people), threshold):
        note = (
            f"Fewer than {threshold} people: not listed, so that a small number cannot "
            "single anyone out."
        )
        return DrillDown(prepared.name, heading, count, found.rows(0), note, by_agency=by_agency)
    rows = found.rows(limit)
    note = (
        f"Showing the first {len(rows):,}."
        if limit is not None and len(found.people) > limit
        else ""
    )
    return DrillDown(
        prepared.name,
        heading,
        count,
        rows.reset_index(drop=True),
        note,
        left_out=describe_left_out(found.columns, threshold),
        person_query=person_query(chosen, mark),
        by_agency=by_agency,
    )


def describe_left_out(choice: ColumnChoice, threshold: int) -> str:
    """Which columns a list leaves out and why, in plain words ("" when none is)."""
    alone = [_column_name(c) for c, why in choice.left_out if why == ALONE]
    together = [_column_name(c) for c, why in choice.left_out if why == TOGETHER]
    reasons = []
    if alone:
        each = "it has" if len(alone) == 1 else "each has"
        reasons.append(
            f"{_words(alone)}, because {each} a value shared by fewer than {threshold} people here"
        )
    if together:
        kept = _words([_column_name(c) for c in choice.kept]) or "the other columns"
        they = "it" if len(together) == 1 else "they"
        reasons.append(
            f"{_words(together)}, because together with {kept} {they} would show a group of "
            f"fewer than {threshold} people"
        )
    if not reasons:
        return ""
    return (
        f"Left out of this list and its download: {'; and '.join(reasons)}. "
        "A group that small could single someone out."
    )


def _column_name(column: str) -> str:
    return column.replace("_", " ")


def _words(items: list[str]) -> str:
    return (
        items[0]
        if len(items) == 1
        else ", ".join(items[:-1]) + " and " + items[-1]
        if items
        else ""
    )


def export_table_csv(view: ExplorerView, name: str) -> tuple[str, str]:
    """(CSV text, file name) of one chart's table, or of the headline, suppressed."""
    if name == "headline":
        labels = [side.label for side in view.series]
        table = pd.DataFrame(
            [[measure, *values] for measure, values in headline_rows(view)],
            columns=["measure", *labels],
        )
    else:
        tables = chart_tables(view)
        if name not in tables:
            raise UnusableInputError(f"There is no table {name[:40]!r} on this page to download.")
        table = suppress_table(name, tables[name], view.threshold)
    return _csv_text(table), f"{view.name}-{name}.csv"


def export_drill_csv(
    catalog: CohortCatalog,
    name: str,
    state: ExplorerState,
    mark: Selection,
    side: int,
    threshold: int,
) -> tuple[str, str]:
    """(CSV text, file name) of everyone behind a mark (nobody when their number is small)."""
    found = drill_down(catalog, name, state, mark, side, threshold, limit=None)
    slug = "".join(c if c.isalnum() else "-" for c in f"{mark.chart}-{mark.key}")
    return _csv_text(found.rows), f"{name}-people-{slug}.csv"


def _csv_text(table: pd.DataFrame) -> str:
    """A table as CSV text, written as every export is: BOM for Excel, formulas neutralised."""
    rows = [list(table.columns), *table.itertuples(index=False, name=None)]
    return csv_bytes(rows).decode("utf-8")


def explore_from_inputs(
    catalog: CohortCatalog,
    name: str,
    controls: tuple[list[str] | None, list[str] | None, list[str] | None, str | None, str | None],
    cost_values: list,
    threshold: int,
    reset_costs: bool = False,
    repeat: object = REPEAT_DEFAULT,
    needs_exactly: bool = False,
    cost_table: str = "",
) -> tuple[ExplorerView, list[str]]:
    """The view the page's controls ask for (needs, ages, genders, coordinated, compare, then
    one value per unit-cost row, the repeat-demand threshold, and whether the needs are
    exactly those ticked, and the saved cost table the unit costs start from), and any unit
    cost that could not be read. Resetting the costs also leaves the saved table."""
    cost_table = "" if reset_costs else cost_table
    defaults = base_unit_costs(catalog.cost_table, default_unit_costs(), cost_table)[0]
    problems: list[str] = []
    costs: tuple[tuple[str, str, float], ...] = ()
    if not reset_costs and cost_values:
        table, problems = read_edited_costs([{"gbp": v} for v in cost_values], defaults)
        costs = changed_costs(defaults, table)
    state = state_from_inputs(
        *controls,
        costs=costs,
        repeat=repeat,
        needs_exactly=needs_exactly,
        cost_table=cost_table,
    )
    return build_explorer_view(catalog, name, state, threshold), problems


def repeat_problem(value: object, state: ExplorerState) -> str:
    """What is wrong with a repeat-demand threshold typed on the page ("" when nothing; an
    emptied box shows the default)."""
    if value is None or value == "" or str(state.repeat) == str(value).removesuffix(".0"):
        return ""
    low, high = REPEAT_RANGE
    return (
        f"The number of contacts should be a whole number from {low} to {high}; "
        f"showing {state.repeat}."
    )
