"""The commissioner explorer page: filters, headline, charts with tables and CSVs, drill-down."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from timeline.cohorts.presence import DAYS_PER_YEAR
from timeline.cohorts.suppress import format_count, is_suppressed
from timeline.pages import ids
from timeline.pages.explorer.before_after import BEFORE_AFTER_HINT, before_after_sentence
from timeline.pages.explorer.calibration import build_calibration_panel
from timeline.pages.explorer.costs import costs_sentence
from timeline.pages.explorer.exports import TABLE_TITLES, suppress_table
from timeline.pages.explorer.needs import needs_sentence
from timeline.pages.explorer.panels import build_costs_panel, build_drill_panel, build_filters
from timeline.pages.explorer.rates import compare_unit
from timeline.pages.explorer.repeat import repeat_sentence
from timeline.pages.explorer.state import explorer_query
from timeline.pages.explorer.view import (
    ExplorerView,
    SeriesView,
    build_explorer_figures,
    chart_tables,
    headline_rows,
)
from timeline.pages.explorer.where import BARS, where_sentence
from timeline.pages.markdown_table import markdown_table

PAGE_ROWS = 40  # rows of a chart's table on the page; the CSV has them all
CHARTS = (
    ("events-per-person", "How many events each person has"),
    ("agencies-per-person", "How many agencies each person meets"),
    ("sector-months", "Demand across sectors over time"),
    ("repeat-demand", "Repeat demand: many contacts with one sector in a month"),
    ("needs-combinations", "Needs combinations: how many people have each"),
    ("cycles", "Revolving-door cycles"),
    ("paths", "Paths between sectors (LifeFlow)"),
    ("costs-by-sector", "Illustrative cost per person-year, by sector and by needs combination"),
    ("before-after", "Before and after coordinated support"),
    ("where", "Where: people and contacts by ward"),
)
# charts drawn once per side of a comparison
PER_SIDE = (
    "sector-months",
    "paths",
    "repeat-demand",
    "needs-combinations",
    "before-after",
    "where",
)
# a section's other tables, under its own (each with its CSV)
MORE_TABLES = {"costs-by-sector": ("costs-by-needs",)}
HINTS = {
    "paths": "Each band is a sector; read left to right through each person's first five "
    "sectors, repeats merged. Paths followed by fewer than 5 people are not drawn.",
    "costs-by-sector": "Illustrative unit costs times the events counted: not real spending.",
    "cycles": "Bars count people with at least one finding of each rule; hover for iterations.",
    "repeat-demand": "Each line is a sector: how many people made the chosen number of contacts "
    "or more with it in one calendar month (set the number above the charts). Every event at "
    "an agency of the sector counts as a contact. Click a point to list the people, and the "
    "sector's agencies that month.",
    "before-after": BEFORE_AFTER_HINT,
    "where": "One hexagon per ward, the city centre in the middle and the other wards around "
    "it (not their real shapes); the darker, the more people per 1,000 adults. Hover or read "
    "the bars below for contacts per person. Click a ward to list its people.",
    "needs-combinations": "Each bar counts the people whose needs are exactly the dark dots "
    "under it, and no other; the bars on the left count everyone with each need, alone or "
    "with others. Click a bar to show only those people.",
}


EAGER = ("events-per-person",)  # drawn with the page; the others when scrolled to or opened
# px an undrawn section keeps for its body (per side for PER_SIDE charts), as measured drawn at
# 1280 px wide, so nothing jumps when a section above the one being read is drawn
SECTION_HEIGHTS = {
    "events-per-person": 363,
    "agencies-per-person": 363,
    "sector-months": 403,
    "repeat-demand": 442,
    "needs-combinations": 562,
    "cycles": 443,
    "paths": 443,
    "costs-by-sector": 520,
    "before-after": 1130,
    "where": 560,
}
SECTION_HEIGHT = 440  # a chart not listed


def _table(table: pd.DataFrame, caption: str, ident: str) -> html.Div:
    """A chart's table as one component: its caption, then the rows as a Markdown table."""
    more = (
        f" (first {PAGE_ROWS} of {len(table):,} rows; the CSV has all)"
        if len(table) > PAGE_ROWS
        else ""
    )
    return html.Div(
        [
            html.P(caption + more, className="table-caption", id=f"{ident}-caption"),
            dcc.Markdown(
                markdown_table(table, PAGE_ROWS),
                id=ident,
                className="table table-compact explorer-table",
                dangerously_allow_html=False,
            ),
        ]
    )


def _height(figure: go.Figure | dict) -> object:
    layout = figure["layout"] if isinstance(figure, dict) else figure.layout
    return layout["height"] if isinstance(layout, dict) else layout.height


def _graph(figure: go.Figure | dict, chart: str, side: int, described_by: str) -> html.Div:
    return html.Div(
        dcc.Graph(
            id={"type": ids.EXPLORER_GRAPH, "chart": chart, "side": side},
            figure=figure,
            config={"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]},
            style={"height": f"{_height(figure)}px"},
        ),
        className="graph-wrap",
        **{"aria-describedby": described_by},
    )


def view_token(view: ExplorerView) -> str:
    """A short name for what a view shows (cohort and query): a section's container carries
    it, so an answer drawn for an earlier view never lands in a later one."""
    text = f"{view.name}{explorer_query(view.state)}"
    return hashlib.blake2s(text.encode(), digest_size=6).hexdigest()


def build_sections(
    view: ExplorerView, charts: Collection[str], opened: Collection[str] = ()
) -> dict[str, list]:
    """The drawn body of each chart in `charts` (its sentence, graphs and table), computing
    only those charts' figures and tables; a table in `opened` is drawn open."""
    wanted = [chart for chart, _ in CHARTS if chart in charts]
    figures, tables = build_explorer_figures(view, wanted), chart_tables(view, wanted)
    bodies = {}
    for chart in wanted:
        table_id = f"explorer-table-{chart}"
        shown = suppress_table(chart, tables[chart], view.threshold)
        graphs = [_graph(fig, chart, side, table_id) for side, fig in enumerate(figures[chart])]
        bodies[chart] = [
            _sentence(view, chart, tables[chart], tables),
            html.Div(
                graphs,
                className="explorer-graphs" + (" side-by-side" if len(graphs) > 1 else ""),
            ),
            _bars(figures, chart, table_id),
            html.Details(
                [
                    html.Summary(f"{TABLE_TITLES[chart]} as a table"),
                    _table(shown, TABLE_TITLES[chart], table_id),
                    _csv_button(chart),
                    *_more_tables(chart, tables, view.threshold),
                ],
                open=chart in opened,
                **{"data-table": chart},
            ),
        ]
    return {chart: [part for part in body if part is not None] for chart, body in bodies.items()}


def _placeholder(view: ExplorerView, chart: str, token: str) -> html.Div:
    """An undrawn section: room for its chart, and a button that draws it (as scrolling to it
    does, in assets/explorer_sections.js)."""
    sides = len(view.series) if chart in PER_SIDE else 1
    return html.Div(
        html.Button(
            f"Draw: {dict(CHARTS)[chart].lower()}",
            className="button button-small section-draw",
            type="button",
        ),
        className="section-placeholder",
        style={"minHeight": f"{SECTION_HEIGHTS.get(chart, SECTION_HEIGHT) * sides}px"},
        **{"data-query": explorer_query(view.state), "data-view": token},
    )


def build_results(
    view: ExplorerView, drawn: Collection[str] = EAGER, opened: Collection[str] = ()
) -> list:
    """Headline, then each chart's section for one view: the charts in `drawn` (or whose table
    is in `opened`) with their graphs and tables, the others as room kept until shown."""
    labels = [side.label for side in view.series]
    headline = html.Table(
        [
            html.Caption("Headline figures"),
            html.Thead(
                html.Tr(
                    [html.Th("Measure", scope="col")]
                    + [html.Th(label, scope="col") for label in labels]
                )
            ),
            html.Tbody(
                [
                    html.Tr([html.Th(measure, scope="row")] + [html.Td(v) for v in values])
                    for measure, values in headline_rows(view)
                ]
            ),
        ],
        className="table headline-table",
        id="explorer-headline",
    )
    out: list = [
        html.P(view.note, className="filter-note", role="status") if view.note else None,
        html.Section([headline, _csv_button("headline")], className="panel"),
    ]
    bodies = build_sections(view, {*drawn, *opened}, opened)
    token = view_token(view)
    for chart, heading in CHARTS:
        body = bodies[chart] if chart in bodies else _placeholder(view, chart, token)
        out.append(
            html.Section(
                [
                    html.H2(heading),
                    html.P(HINTS[chart], className="hint") if chart in HINTS else None,
                    html.Div(
                        body,
                        id={"type": ids.EXPLORER_SECTION, "chart": chart, "view": token},
                        className="section-body",
                    ),
                ],
                className="panel explorer-chart",
                **{"data-chart": chart, "data-drawn": "yes" if chart in bodies else "no"},
            )
        )
    return [part for part in out if part is not None]


def _bars(figures: dict[str, list], chart: str, table_id: str) -> html.Details | None:
    """A chart's bar chart alternative (the ward map's), folded under it: keyboard reachable."""
    if f"{chart}-bars" != BARS:
        return None
    graphs = [_graph(fig, BARS, side, table_id) for side, fig in enumerate(figures[BARS])]
    return html.Details([html.Summary("The wards as bars"), html.Div(graphs)], open=False)


def _more_tables(chart: str, tables: dict[str, pd.DataFrame], threshold: int) -> list:
    """The section's other tables, each with its CSV button."""
    out: list = []
    for name in MORE_TABLES.get(chart, ()):
        shown = suppress_table(name, tables[name], threshold)
        out += [_table(shown, TABLE_TITLES[name], f"explorer-table-{name}"), _csv_button(name)]
    return out


def _sentence(
    view: ExplorerView, chart: str, table: pd.DataFrame, tables: dict[str, pd.DataFrame]
) -> html.P | None:
    """What a chart shows, in one plain sentence, for the charts that have one; when
    comparing, what unit the chart draws (rates, since the groups differ in size)."""
    unit = compare_unit(chart) if len(view.series) > 1 else ""
    sentenced = ("repeat-demand", "needs-combinations", "before-after", "where", "costs-by-sector")
    if chart not in sentenced:
        return (
            html.P(unit, className="chart-sentence", id=f"explorer-unit-{chart}") if unit else None
        )
    first = view.series[0]
    mine = table[table["series"] == first.label]
    if chart == "where":
        text = where_sentence(first.prepared, mine, view.threshold)
    elif chart == "costs-by-sector":
        combos = tables["costs-by-needs"]
        combos = combos[combos["series"] == first.label]
        text = costs_sentence(mine, combos, view.threshold)
    elif chart == "repeat-demand":
        text = repeat_sentence(mine, view.state.repeat, view.threshold)
    elif chart == "needs-combinations":
        text = needs_sentence(mine, first.summary.people, view.threshold)
    else:
        costs = view.cost_changes
        text = before_after_sentence(first.prepared, first.filter, costs, view.threshold)
    return html.P(
        f"{text} {unit}".strip(), className="chart-sentence", id=f"explorer-sentence-{chart}"
    )


def _csv_button(table: str) -> html.Button:
    return html.Button(
        f"Download CSV: {TABLE_TITLES[table].lower()}",
        id={"type": ids.EXPLORER_CSV, "table": table},
        className="button button-small",
    )


def build_explorer_page(view: ExplorerView, others: list[str]) -> html.Div:
    """The explorer for one cohort: filters, costs, results and the drill-down panel."""
    return html.Div(
        [
            dcc.Store(id=ids.EXPLORER_COHORT, data=view.name),
            dcc.Store(id=ids.EXPLORER_DRILL_MARK, data=None),
            dcc.Store(id=ids.EXPLORER_QUERY, data=None),
            # no data: a Store given None sets its data as it mounts, which would run the
            # callbacks these feed (a request each) when the page opens
            dcc.Store(id=ids.EXPLORER_IN_VIEW),
            dcc.Store(id=ids.EXPLORER_WANTED),
            dcc.Store(id=ids.EXPLORER_CLICK),
            dcc.Store(id=ids.EXPLORER_CSV_ASKED),
            dcc.Download(id=ids.EXPLORER_DOWNLOAD),
            html.Div(
                [
                    html.H1(f"Cohort {view.name}"),
                    html.Span(
                        "synthetic",
                        className="badge badge-synthetic",
                        title="Synthetic: generated by a model, not real people.",
                    ),
                    dcc.Link("All cohorts", href="/cohorts", className="button button-small"),
                ],
                className="title-row",
            ),
            html.P(
                f"Generated people, not real records. Counts from 1 to {view.threshold - 1} "
                f"show as <{view.threshold}, in charts, hovers, tables and downloads.",
                className="provenance-note",
            ),
            build_filters(view.state, others),
            html.P(build_status(view), id=ids.EXPLORER_STATUS, role="status", className="hint"),
            build_costs_panel(view),
            build_calibration_panel(view.series[0].prepared),
            html.Div(
                [
                    dcc.Loading(
                        html.Div(build_results(view), id=ids.EXPLORER_RESULTS),
                        type="dot",
                        delay_show=300,
                    ),
                    html.Section(
                        build_drill_panel(None),
                        id=ids.EXPLORER_DRILL,
                        className="panel drill-panel",
                        **{"aria-live": "polite", "aria-label": "People behind a bar"},
                    ),
                ],
                className="explorer-body",
            ),
        ],
        className="explorer",
        **{"data-cohort": view.name},
    )


def build_status(view: ExplorerView) -> str:
    """Whom the view shows, in words, with how many people: over a window, everyone in the
    group at some time in it and about how many at any one time."""
    first = view.series[0]
    people = format_count(first.summary.people, view.threshold)
    span = _over_window(first, view.threshold)
    text = f"Showing {first.filter.describe()}: {people} people{span}."
    if len(view.series) > 1:
        text += f" Compared with {view.series[1].label}."
    return text


def _over_window(side: SeriesView, threshold: int) -> str:
    """The window in words, ' in the group at some time from .. to .. (about N at any one
    time)', or "" for a cohort stored before windows. N is the people's years in the group (the
    cost per person-year's own) over the window's years: the mean number in it on a day."""
    info = side.prepared.cohort.info
    if info.window_from is None or info.window_to is None:
        return ""
    span = f" in the group at some time from {_day(info.window_from)} to {_day(info.window_to)}"
    if side.summary.people == 0 or is_suppressed(side.summary.people, threshold):
        return span  # a mean of too few people would give their number away
    window_years = ((info.window_to - info.window_from).days + 1) / DAYS_PER_YEAR
    at_once = _about(side.summary.person_years / window_years)
    shown = f"fewer than {threshold}" if at_once < threshold else f"about {at_once:,}"
    return f"{span} ({shown} at any one time)"


def _about(n: float) -> int:
    """n to two significant figures (6,601 is about 6,600); whole numbers below 100."""
    whole = round(n)
    return whole if whole < 100 else round(whole, 2 - len(str(whole)))


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"
