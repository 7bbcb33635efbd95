"""The Editor's callbacks: record each change (for undo), undo it, and save the grids."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, html, no_update

from timeline.pages import ids
from timeline.pages.answers import NOT_FOUND_MESSAGE
from timeline.pages.conflict import stale_alert
from timeline.pages.editor.changes import (
    GRIDS,
    add_row,
    delete_rows,
    edit_cells,
    mark_saved,
    undo_change,
)
from timeline.pages.editor.page import (
    ADD_IDS,
    DELETE_IDS,
    EDITOR_FOCUS,
    EDITOR_FOCUSED,
    FIRST_CELL,
    GRID_IDS,
    agency_names,
    build_problems,
    event_columns,
)
from timeline.pages.editor.view import save_edited_journey
from timeline.pages.inputs import key_input, page_version_input, rows_input
from timeline.service import Services
from timeline.store import JourneyNotFoundError

_GRID_BY_ID = {grid_id: grid for grid, grid_id in GRID_IDS.items()}

# Scroll the grid to a row just added and put the cursor in its first cell to fill, so an added
# row is never made off-screen. dash_ag_grid.getApiAsync waits for the grid to be ready.
FOCUS_JS = """
function(target) {
    if (!target || !window.dash_ag_grid) { return window.dash_clientside.no_update; }
    window.dash_ag_grid.getApiAsync(target.grid).then(function(api) {
        setTimeout(function() {
            var node = api.getRowNode(target.row);
            if (!node) { return; }
            var grid = document.getElementById(target.grid);
            if (grid) { grid.scrollIntoView({block: 'center'}); }
            api.ensureNodeVisible(node, 'bottom');
            api.setFocusedCell(node.rowIndex, target.column);
        }, 50);
    });
    return target.row;
}
"""


def register_editor_callbacks(app: Dash, services: Services) -> None:
    """Wire the Editor page."""
    app.clientside_callback(
        FOCUS_JS,
        Output(EDITOR_FOCUSED, "data"),
        Input(EDITOR_FOCUS, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        *[Output(GRID_IDS[g], "rowData") for g in GRIDS],
        Output(ids.EDITOR_EVENTS_GRID, "columnDefs"),
        Output(ids.EDITOR_HISTORY, "data"),
        Output(ids.EDITOR_UNDO, "disabled"),
        Output(ids.EDITOR_STATUS, "children"),
        Output(EDITOR_FOCUS, "data"),
        *[Input(GRID_IDS[g], "cellValueChanged") for g in GRIDS],
        *[Input(button, "n_clicks") for button in (*ADD_IDS, *DELETE_IDS)],
        Input(ids.EDITOR_UNDO, "n_clicks"),
        *[State(GRID_IDS[g], "rowData") for g in GRIDS],
        *[State(GRID_IDS[g], "selectedRows") for g in GRIDS],
        State(ids.EDITOR_HISTORY, "data"),
        prevent_initial_call=True,
    )
    def _change(*args):  # noqa: ANN002, ANN202
        changes = dict(zip(GRIDS, (rows_input(r, "changed cells") for r in args[:3]), strict=True))
        state = dict(zip(GRIDS, (rows_input(r, "grid") for r in args[-7:-4]), strict=True))
        selected = dict(
            zip(GRIDS, (rows_input(r, "selected rows") for r in args[-4:-1]), strict=True)
        )
        history = rows_input(args[-1], "undo history")
        trigger = ctx.triggered_id
        if trigger in _GRID_BY_ID:
            grid = _GRID_BY_ID[trigger]
            outcome = edit_cells(state, history, grid, changes[grid] or [])
        elif trigger in ADD_IDS:
            outcome = add_row(state, history, ADD_IDS[trigger])
        elif trigger in DELETE_IDS:
            grid = DELETE_IDS[trigger]
            outcome = delete_rows(state, history, grid, selected[grid] or [])
        else:
            outcome = undo_change(state, history)
        rows = [outcome.state[g] if g in outcome.changed else no_update for g in GRIDS]
        columns = (
            event_columns(agency_names(outcome.state["agencies"]))
            if "agencies" in outcome.changed or trigger == ids.EDITOR_AGENCIES_GRID
            else no_update
        )
        focus = (
            {
                "grid": GRID_IDS[ADD_IDS[trigger]],
                "row": outcome.focus,
                "column": FIRST_CELL[ADD_IDS[trigger]],
            }
            if outcome.focus and trigger in ADD_IDS
            else no_update
        )
        return *rows, columns, outcome.history, not outcome.history, outcome.message, focus

    @app.callback(
        Output(ids.EDITOR_PROBLEMS, "children"),
        Output(ids.EDITOR_STATUS, "children", allow_duplicate=True),
        *[Output(GRID_IDS[g], "rowData", allow_duplicate=True) for g in GRIDS],
        Output(ids.EDITOR_HISTORY, "data", allow_duplicate=True),
        Output(ids.EDITOR_VERSION, "data"),
        Input(ids.EDITOR_SAVE, "n_clicks"),
        State(ids.EDITOR_KEY, "data"),
        State(ids.EDITOR_VERSION, "data"),
        *[State(GRID_IDS[g], "rowData") for g in GRIDS],
        State(ids.EDITOR_HISTORY, "data"),
        prevent_initial_call=True,
    )
    def _save(_clicks, key, version, events, agencies, people, history):  # noqa: ANN001, ANN202
        unchanged = (no_update, no_update, no_update, no_update, no_update)
        key, base = key_input(key), page_version_input(version)
        events, agencies, people = (rows_input(rows, "grid") for rows in (events, agencies, people))
        history = rows_input(history, "undo history")
        try:
            outcome = save_edited_journey(
                services, key, events, agencies, people, base_version=base
            )
        except JourneyNotFoundError:  # missing, or not one this viewer may edit: the same words
            return [html.P(NOT_FOUND_MESSAGE, className="alert alert-error")], "", *unchanged
        if outcome.stale is not None:
            kept = "your edits are kept below: copy what you need, then reload."
            alert = stale_alert(outcome.stale, f"/edit/{key}", kept=kept)
            return [alert], "Not saved: someone else saved first.", *unchanged
        if outcome.journey is None:
            return build_problems(outcome.problems), "Not saved.", *unchanged
        state = {"events": events or [], "agencies": agencies or [], "people": people or []}
        marked, history = mark_saved(state, history or [])
        count = len(outcome.journey.events)
        rows = [marked[g] if marked[g] != state[g] else no_update for g in GRIDS]
        saved = f"Saved {count} event{'s' if count != 1 else ''}."
        return [], saved, *rows, history, outcome.version
