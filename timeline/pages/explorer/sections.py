"""The explorer's sections drawn when seen: a chart below the fold is drawn when it is scrolled
to or its "Draw" button pressed (assets/explorer_sections.js asks through a store), and a click
on any chart reaches the server only when it is a click.

The page and each redraw (a filter change) draw the sections in the window, those whose table
is open and the first (EAGER in page.py); the rest wait, as room kept for them.
"""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from timeline.access import Action
from timeline.pages import ids
from timeline.pages.explorer.page import CHARTS, build_sections, view_token
from timeline.pages.explorer.state import parse_explorer_query
from timeline.pages.explorer.view import build_explorer_view, catalog_for
from timeline.pages.inputs import UnusableInputError, choices_input, key_input, text_input
from timeline.service import Services

SECTIONS = {"type": ids.EXPLORER_SECTION, "chart": ALL, "view": ALL}
GRAPHS = {"type": ids.EXPLORER_GRAPH, "chart": ALL, "side": ALL}

# Every redraw of the results (and the page's first): watch its sections again.
WATCH_JS = """
function (_children) {
    if (window.touchpointsSections) { window.touchpointsSections.watch(); }
    return window.dash_clientside.no_update;
}
"""
# A click on a chart, with the chart it was on, or nothing: Dash runs a callback on every graph's
# clickData whenever graphs are drawn; here, in the browser, that costs no request.
CLICK_JS = """
function (_clicks) {
    var context = window.dash_clientside.callback_context;
    var found = (context.triggered || []).filter(function (t) {
        return t.value !== null && t.value !== undefined && t.prop_id.charAt(0) === '{';
    });
    if (!found.length) {  // graphs drawn (with them, maybe, a click: it is in `found`)
        return window.dash_clientside.no_update;
    }
    var first = found[0];
    var id = JSON.parse(first.prop_id.slice(0, first.prop_id.lastIndexOf('.')));
    return {click: first.value, graph: id, at: Date.now()};
}
"""
# A press of a CSV button, with its table, or nothing (likewise: buttons appear with sections).
CSV_JS = """
function (_clicks) {
    var context = window.dash_clientside.callback_context;
    var found = (context.triggered || []).filter(function (t) {
        return t.value && t.prop_id.charAt(0) === '{';
    });
    if (!found.length) {
        return window.dash_clientside.no_update;
    }
    var first = found[0];
    var id = JSON.parse(first.prop_id.slice(0, first.prop_id.lastIndexOf('.')));
    return {table: id.table, at: Date.now()};
}
"""


def charts_input(value: object, what: str) -> list[str]:
    """Chart names from the browser: known ones only."""
    known = {chart for chart, _ in CHARTS}
    return [chart for chart in choices_input(value, what) if chart in known]


def shown_input(value: object) -> tuple[list[str], list[str]]:
    """(sections in the window, tables open) from the store explorer-in-view."""
    if value is None:
        return [], []
    if not isinstance(value, dict):
        raise UnusableInputError("The sections shown should be a record.")
    return (
        charts_input(value.get("charts"), "list of sections shown"),
        charts_input(value.get("opened"), "list of tables open"),
    )


def wanted_input(value: object) -> tuple[list[str], str, str]:
    """(charts, query, view) from the store explorer-wanted (no charts when it holds none)."""
    if value is None:
        return [], "", ""
    if not isinstance(value, dict):
        raise UnusableInputError("The sections asked for should be a record.")
    charts = charts_input(value.get("charts"), "list of sections asked for")
    query = text_input(value.get("query"), "view's query", limit=2000) or ""
    view = text_input(value.get("view"), "view's name", limit=40) or ""
    return charts, query, view


def register_section_callbacks(app: Dash, services: Services) -> None:
    """Wire the sections: watch them, draw those asked for, pass real clicks and presses on."""
    threshold = services.settings.suppress_below
    app.clientside_callback(
        WATCH_JS, Output(ids.EXPLORER_IN_VIEW, "data"), Input(ids.EXPLORER_RESULTS, "children")
    )
    app.clientside_callback(
        CLICK_JS,
        Output(ids.EXPLORER_CLICK, "data"),
        Input(GRAPHS, "clickData"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        CSV_JS,
        Output(ids.EXPLORER_CSV_ASKED, "data"),
        Input({"type": ids.EXPLORER_CSV, "table": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(SECTIONS, "children"),
        Input(ids.EXPLORER_WANTED, "data"),
        State(ids.EXPLORER_COHORT, "data"),
        prevent_initial_call=True,
    )
    def _draw(wanted, name):  # noqa: ANN001, ANN202
        services.require(Action.COHORTS)  # the role may use this page
        name = key_input(name, "cohort name")
        charts, query, token = wanted_input(wanted)
        slots = [slot["id"] for slot in ctx.outputs_list]
        if not charts:
            return [no_update] * len(slots)
        state = parse_explorer_query(query)
        view = build_explorer_view(catalog_for(services), name, state, threshold)
        if view_token(view) != token:  # asked for by a view no longer shown
            return [no_update] * len(slots)
        bodies = build_sections(view, charts)
        return [
            bodies.get(slot["chart"], no_update) if slot["view"] == token else no_update
            for slot in slots
        ]
