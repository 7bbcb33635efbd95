"""The explorer's callbacks: decode the inputs, call a plain function, return outputs."""

from __future__ import annotations

from dash import ALL, MATCH, Dash, Input, Output, State, ctx, no_update

from timeline.access import Action
from timeline.cohorts.drill import Selection
from timeline.pages import ids
from timeline.pages.address import register_address_copy
from timeline.pages.explorer.costs import cost_table_note, save_from_inputs
from timeline.pages.explorer.exports import (
    drill_down,
    explore_from_inputs,
    export_drill_csv,
    export_table_csv,
    repeat_problem,
    selection_from_click,
)
from timeline.pages.explorer.needs import EXACTLY, needs_from_click
from timeline.pages.explorer.opening import open_explorer
from timeline.pages.explorer.page import EAGER, build_results, build_status
from timeline.pages.explorer.panels import build_drill_panel
from timeline.pages.explorer.sections import register_section_callbacks, shown_input
from timeline.pages.explorer.state import explorer_query, parse_explorer_query
from timeline.pages.explorer.view import build_explorer_view, catalog_for, default_unit_costs
from timeline.pages.inputs import (
    choices_input,
    key_input,
    mark_input,
    search_input,
    text_input,
    values_input,
)
from timeline.pages.journey.page import build_not_found_page
from timeline.service import Services
from timeline.store import CohortNotFoundError

COSTS = {"type": ids.EXPLORER_COST, "row": ALL}
COST_TABLE_OUTPUTS = (
    Output(ids.EXPLORER_COST_TABLE, "data"),
    Output(ids.EXPLORER_COST_TABLE_NOTE, "children"),
    Output(ids.EXPLORER_COST_SAVE_MESSAGE, "children"),
)
CONTROLS = (
    ids.EXPLORER_NEEDS,
    ids.EXPLORER_AGE,
    ids.EXPLORER_GENDER,
    ids.EXPLORER_COORDINATED,
    ids.EXPLORER_COMPARE,
)


def register_explorer_callbacks(app: Dash, services: Services) -> None:
    """Wire the explorer: redraw on any control, drill down on a click, download CSVs."""
    threshold = services.settings.suppress_below
    catalog_for(services).warm_in_background()  # a city cohort is ready before anyone asks
    register_address_copy(app, ids.EXPLORER_QUERY)  # never the address as an output here
    register_section_callbacks(app, services)  # sections drawn when seen; clicks passed on

    @app.callback(
        Output(ids.EXPLORER_RESULTS, "children"),
        Output(ids.EXPLORER_STATUS, "children"),
        Output(ids.EXPLORER_COST_MESSAGE, "children"),
        Output(COSTS, "value"),
        Output(ids.EXPLORER_DRILL, "children"),
        Output(ids.EXPLORER_QUERY, "data"),
        Output(ids.EXPLORER_REPEAT_MESSAGE, "children"),
        *COST_TABLE_OUTPUTS,
        *(Input(control, "value") for control in CONTROLS),
        Input(COSTS, "value"),
        Input(ids.EXPLORER_COST_RESET, "n_clicks"),
        Input(ids.EXPLORER_REPEAT, "value"),
        Input(ids.EXPLORER_NEEDS_EXACT, "value"),
        Input(ids.EXPLORER_COST_SAVE, "n_clicks"),
        State(ids.EXPLORER_COHORT, "data"),
        State(ids.EXPLORER_COST_TABLE_NAME, "value"),
        State(ids.EXPLORER_COST_TABLE, "data"),
        State(ids.EXPLORER_IN_VIEW, "data"),
        prevent_initial_call=True,
    )
    def _explore(
        needs,
        ages,
        genders,
        coordinated,
        compare,
        costs,
        _reset,
        repeat,
        exact,
        _save,
        name,
        typed,
        table,
        shown,
    ):  # noqa: ANN001, ANN202, PLR0913, E501
        services.require(Action.COHORTS)  # the role may use this page
        name = key_input(name, "cohort name")
        needs, ages, genders = (
            choices_input(needs, "list of needs"),
            choices_input(ages, "list of age bands"),
            choices_input(genders, "list of genders"),
        )
        coordinated = text_input(coordinated, "coordinated-support choice", limit=40)
        compare = text_input(compare, "comparison", limit=200)
        costs = values_input(costs, "unit costs")
        reset = ctx.triggered_id == ids.EXPLORER_COST_RESET
        repeat_value = values_input([repeat], "number of contacts")[0]
        exactly = EXACTLY in choices_input(exact, "choice of no other needs")
        table = text_input(table, "saved cost table", limit=200) or ""
        saved = ""
        if ctx.triggered_id == ids.EXPLORER_COST_SAVE:
            catalog = catalog_for(services)
            typed = text_input(typed, "cost table name", limit=200)
            saved, name_saved = save_from_inputs(
                services, catalog.cost_table, default_unit_costs(), typed, costs, table
            )
            table = name_saved or table
        in_view, opened = shown_input(shown)
        view, problems = explore_from_inputs(
            catalog_for(services),
            name,
            (needs, ages, genders, coordinated, compare),
            costs,
            threshold,
            reset_costs=reset,
            repeat=repeat_value,
            needs_exactly=exactly,
            cost_table=table,
        )
        query = explorer_query(view.state)
        values = default_unit_costs()["gbp"].tolist() if reset else [no_update] * len(costs)
        return (
            build_results(view, {*EAGER, *in_view}, opened),  # the rest when scrolled to
            build_status(view),
            " ".join(problems),
            values,
            build_drill_panel(None),
            query,
            repeat_problem(repeat_value, view.state),
            view.cost_table and view.cost_table.name,
            cost_table_note(view.cost_table),
            saved,
        )

    @app.callback(
        Output({"type": ids.EXPLORER_OPENING, "cohort": MATCH}, "children"),
        Input({"type": ids.EXPLORER_OPENING_NAME, "cohort": MATCH}, "data"),
        State(ids.URL, "search"),
    )
    def _open(name, search):  # noqa: ANN001, ANN202
        services.require(Action.COHORTS)  # the role may use this page
        name, search = key_input(name, "cohort name"), search_input(search)
        try:
            return open_explorer(catalog_for(services), name, search, threshold)
        except CohortNotFoundError:  # deleted while it was opening
            return build_not_found_page(f"There is no cohort called {name!r}.")

    # One callback for every click on a chart, passed on by a clientside callback only when it
    # is a click (sections.py): a click on the needs combinations ticks exactly the
    # combination's needs, which redraws the page (_explore); a click on any other chart lists
    # the people behind the mark.
    @app.callback(
        Output(ids.EXPLORER_DRILL, "children", allow_duplicate=True),
        Output(ids.EXPLORER_DRILL_MARK, "data"),
        Output(ids.EXPLORER_NEEDS, "value"),
        Output(ids.EXPLORER_NEEDS_EXACT, "value"),
        Input(ids.EXPLORER_CLICK, "data"),
        State(ids.EXPLORER_COHORT, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _drill(clicked, name, search):  # noqa: ANN001, ANN202
        services.require(Action.COHORTS)  # the role may use this page
        name, search = key_input(name, "cohort name"), search_input(search)
        clicked = clicked if isinstance(clicked, dict) else {}
        click = clicked.get("click") if isinstance(clicked.get("click"), dict) else None
        graph = clicked.get("graph") if isinstance(clicked.get("graph"), dict) else None
        combination = needs_from_click(click, graph)
        if combination is not None:
            needs, exactly = combination
            return no_update, no_update, needs, [EXACTLY] if exactly else []
        found = selection_from_click(click, graph)
        if found is None:
            return no_update, no_update, no_update, no_update
        mark, side = found
        state = parse_explorer_query(search)
        result = drill_down(catalog_for(services), name, state, mark, side, threshold)
        return build_drill_panel(result), [mark.chart, mark.key, side], no_update, no_update

    @app.callback(
        Output(ids.EXPLORER_DOWNLOAD, "data"),
        Input(ids.EXPLORER_CSV_ASKED, "data"),
        State(ids.EXPLORER_COHORT, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _download(asked, name, search):  # noqa: ANN001, ANN202
        services.require(Action.COHORTS)  # the role may use this page
        name, search = key_input(name, "cohort name"), search_input(search)
        if not isinstance(asked, dict):
            return no_update
        table = text_input(asked.get("table"), "table to download", limit=80)
        view = build_explorer_view(
            catalog_for(services), name, parse_explorer_query(search), threshold
        )
        text, filename = export_table_csv(view, table or "")
        return {"content": text, "filename": filename, "type": "text/csv"}

    @app.callback(
        Output(ids.EXPLORER_DOWNLOAD, "data", allow_duplicate=True),
        Input(ids.EXPLORER_DRILL_CSV, "n_clicks"),
        State(ids.EXPLORER_DRILL_MARK, "data"),
        State(ids.EXPLORER_COHORT, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _download_people(clicks, mark, name, search):  # noqa: ANN001, ANN202
        services.require(Action.COHORTS)  # the role may use this page
        name, search = key_input(name, "cohort name"), search_input(search)
        if not clicks or not mark:
            return no_update
        chart, key, side = mark_input(mark)
        text, filename = export_drill_csv(
            catalog_for(services),
            name,
            parse_explorer_query(search),
            Selection(chart, key),
            side,
            threshold,
        )
        return {"content": text, "filename": filename, "type": "text/csv"}
