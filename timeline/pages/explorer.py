"""The commissioner explorer page: filters, headline, charts with tables and CSVs, drill-down."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from dash import dcc, html

from timeline.cohorts.presence import DAYS_PER_YEAR
from timeline.cohorts.suppress import format_count, is_suppressed
from timeline.pages import ids
from timeline.pages.explorer_before_after import BEFORE_AFTER_HINT, before_after_sentence
from timeline.pages.explorer_calibration import build_calibration_panel
from timeline.pages.explorer_costs import costs_sentence
from timeline.pages.explorer_exports import TABLE_TITLES, suppress_table
from timeline.pages.explorer_needs import needs_sentence
from timeline.pages.explorer_panels import build_costs_panel, build_drill_panel, build_filters
from timeline.pages.explorer_rates import compare_unit
from timeline.pages.explorer_repeat import repeat_sentence
from timeline.pages.explorer_view import (
    ExplorerView,
    SeriesView,
    build_explorer_figures,
    chart_tables,
    headline_rows,
)
from timeline.pages.explorer_where import BARS, where_sentence

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
MORE_TABLES = {"costs-by-sector": ("costs-by-needs",)}  # tables a section has besides its own
HINTS = {
    "paths": "Each band is a sector; read left to right through each person's first five "
    "sectors, repeats merged. Paths followed by fewer than 5 people are not drawn.",
    "costs-by-sector": "Illustrative unit costs times the events counted, over the years each "
    "person was in the group: not real spending. The dashed line is the £19,000 per person per "
    "year reported for people facing multiple disadvantage. Click a sector's bar to list the "
    "people.",
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


def _table(table: pd.DataFrame, caption: str, ident: str) -> html.Table:
    head = [html.Th(str(c).replace("_", " "), scope="col") for c in table.columns]
    body = [
        html.Tr([html.Td(str(v)) for v in row])
        for row in table.head(PAGE_ROWS).itertuples(index=False)
    ]
    more = (
        f" (first {PAGE_ROWS} of {len(table):,} rows; the CSV has all)"
        if len(table) > PAGE_ROWS
        else ""
    )
    return html.Table(
        [html.Caption(caption + more), html.Thead(html.Tr(head)), html.Tbody(body)],
        className="table table-compact",
        id=ident,
    )


def _graph(figure: dict, chart: str, side: int, described_by: str) -> html.Div:
    return html.Div(
        dcc.Graph(
            id={"type": ids.EXPLORER_GRAPH, "chart": chart, "side": side},
            figure=figure,
            config={"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]},
            style={"height": f"{figure['layout']['height']}px"},
        ),
        className="graph-wrap",
        **{"aria-describedby": described_by},
    )


def build_results(view: ExplorerView) -> list:
    """Headline, then each chart with its table and CSV download, for one view."""
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
    figures, tables = build_explorer_figures(view), chart_tables(view)
    for chart, heading in CHARTS:
        table_id = f"explorer-table-{chart}"
        shown = suppress_table(chart, tables[chart], view.threshold)
        graphs = [_graph(fig, chart, side, table_id) for side, fig in enumerate(figures[chart])]
        out.append(
            html.Section(
                [
                    html.H2(heading),
                    _sentence(view, chart, tables[chart], tables),
                    html.P(HINTS[chart], className="hint") if chart in HINTS else None,
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
                    ),
                ],
                className="panel explorer-chart",
                **{"data-chart": chart},
            )
        )
    return [part for part in out if part is not None]


def _bars(figures: dict[str, list[dict]], chart: str, table_id: str) -> html.Details | None:
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
        text = before_after_sentence(
            first.prepared, first.filter, view.cost_changes, view.threshold
        )
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
