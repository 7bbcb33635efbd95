"""The Editor page (/edit/<key>): events, agencies and people in editable grids, undo, save."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from schemas import (
    AgeBand,
    DatePrecision,
    EventKind,
    Gender,
    Journey,
    ProviderType,
    Sensitivity,
    Source,
)
from timeline.io.errors import RowError
from timeline.pages import ids
from timeline.pages.editor.view import grid_state

GRID_IDS = {
    "events": ids.EDITOR_EVENTS_GRID,
    "agencies": ids.EDITOR_AGENCIES_GRID,
    "people": ids.EDITOR_PEOPLE_GRID,
}
ADD_IDS = {
    ids.EDITOR_ADD_EVENT: "events",
    ids.EDITOR_ADD_AGENCY: "agencies",
    ids.EDITOR_ADD_PERSON: "people",
}
DELETE_IDS = {
    ids.EDITOR_DELETE_EVENTS: "events",
    ids.EDITOR_DELETE_AGENCIES: "agencies",
    ids.EDITOR_DELETE_PEOPLE: "people",
}
_HEIGHTS = {"events": "420px", "agencies": "300px", "people": "190px"}
# Stores for scrolling to a row just added: {"grid": id, "row": _row, "column": field}, and the
# clientside callback's (unused) output. Kept beside their only page.
EDITOR_FOCUS = "editor-focus"
EDITOR_FOCUSED = "editor-focused"
# the first cell to fill in a new row of each grid
FIRST_CELL = {"events": "agency", "agencies": "name", "people": "pseudonym"}


def _text(field: str, header: str, width: int = 130, **extra: object) -> dict:
    return {"field": field, "headerName": header, "width": width, **extra}


def _select(field: str, header: str, values: list[str], width: int = 140) -> dict:
    return _text(
        field,
        header,
        width,
        cellEditor="agSelectCellEditor",
        cellEditorParams={"values": values},
    )


def _number_column() -> dict:
    return {"field": "row", "headerName": "#", "editable": False, "width": 70, "pinned": "left"}


def event_columns(agency_names: list[str]) -> list[dict]:
    """Event grid columns; closed vocabularies (and the journey's agencies) use select editors."""
    return [
        _number_column(),
        _text("start", "Start", 110),
        _text("end", "End", 110),
        _select("agency", "Agency", agency_names, 230),
        _select("kind", "Kind", [k.value for k in EventKind], 150),
        _text("title", "Title", 300),
        _text("person", "Person (A;B)", 120),
        _select("date_precision", "Date precision", [p.value for p in DatePrecision], 130),
        _text("id", "Id", 100),
        _text(
            "description",
            "Description",
            220,
            cellEditor="agLargeTextCellEditor",
            cellEditorPopup=True,
            cellEditorParams={"maxLength": 5000},
        ),
        _select("source", "Source", [s.value for s in Source], 140),
        _select("sensitivity", "Sensitivity", [s.value for s in Sensitivity], 120),
        _text("tags", "Tags (a;b)", 130),
        _text("area", "Area", 140),
    ]


def agency_columns() -> list[dict]:
    """Agency grid columns."""
    return [
        _number_column(),
        _text("name", "Name", 300),
        _text("sector", "Sector", 170),
        _select("provider_type", "Provider type", [p.value for p in ProviderType], 150),
        _text("parent", "Part of (parent agency)", 260),
    ]


def people_columns() -> list[dict]:
    """People grid columns."""
    return [
        _number_column(),
        _text("pseudonym", "Pseudonym", 180),
        _select("age_band", "Age band", [a.value for a in AgeBand], 130),
        _select("gender", "Gender", [g.value for g in Gender], 130),
        _text("needs", "Needs (a;b)", 420),
    ]


def agency_names(rows: list[dict]) -> list[str]:
    """The names in the Agencies grid, for the events' agency picker."""
    return sorted({str(r.get("name") or "").strip() for r in rows} - {""}, key=str.casefold)


def _grid(grid: str, rows: list[dict], columns: list[dict]) -> dag.AgGrid:
    return dag.AgGrid(
        id=GRID_IDS[grid],
        rowData=rows,
        columnDefs=columns,
        getRowId="params.data._row",
        defaultColDef={
            "editable": True,
            "resizable": True,
            "sortable": True,
            "cellDataType": False,  # keep every cell as typed text, validated on Save
        },
        dashGridOptions={
            "rowSelection": {"mode": "multiRow", "checkboxes": True, "headerCheckbox": True},
            "stopEditingWhenCellsLoseFocus": True,
            "animateRows": False,
        },
        # a row added since the last Save is highlighted until it is saved
        rowClassRules={"editor-row-new": "params.data._new"},
        style={"height": _HEIGHTS[grid], "width": "100%"},
        className="editor-grid",
    )


def _section(grid: str, heading: str, add: tuple[str, str], delete: tuple[str, str], grid_el):
    heading_id = f"{GRID_IDS[grid]}-heading"
    return html.Section(
        [
            html.Div(
                [
                    html.H2(heading, id=heading_id),
                    html.Button(add[1], id=add[0], className="button button-small"),
                    html.Button(delete[1], id=delete[0], className="button button-small"),
                ],
                className="editor-toolbar",
            ),
            grid_el,
        ],
        className="editor-section",
        **{"aria-labelledby": heading_id},
    )


def build_editor_page(journey: Journey, version: int | None = None) -> html.Div:
    """The Editor for one journey: three grids, Undo, Save, and empty status and problem areas.
    `version` is the stored version the grids show; Save names it, so a stale save is refused."""
    state = grid_state(journey)
    return html.Div(
        [
            dcc.Store(id=ids.EDITOR_KEY, data=journey.key),
            dcc.Store(id=ids.EDITOR_VERSION, data=version),
            dcc.Store(id=ids.EDITOR_HISTORY, data=[]),
            dcc.Store(id=EDITOR_FOCUS),
            dcc.Store(id=EDITOR_FOCUSED),
            html.H1(f"Edit: {journey.title}"),
            html.P(
                "Move with the arrow keys; press Enter (or double-click) to edit a cell and Enter "
                "again to keep it, Escape to drop it. Space ticks a row. Nothing is stored until "
                "you press Save, which checks every row exactly as Import does.",
                className="hint",
            ),
            html.Div(
                [
                    html.Button("Save", id=ids.EDITOR_SAVE, className="button"),
                    html.Button(
                        "Undo last change", id=ids.EDITOR_UNDO, className="button", disabled=True
                    ),
                    dcc.Link(
                        "Cancel: back to the journey",
                        href=f"/journeys/{journey.key}",
                        className="button",
                    ),
                ],
                className="controls editor-controls",
            ),
            html.Div(id=ids.EDITOR_STATUS, role="status", **{"aria-live": "polite"}),
            html.Div(id=ids.EDITOR_PROBLEMS),
            _section(
                "events",
                "Events",
                (ids.EDITOR_ADD_EVENT, "Add event"),
                (ids.EDITOR_DELETE_EVENTS, "Delete selected events"),
                _grid("events", state["events"], event_columns(agency_names(state["agencies"]))),
            ),
            _section(
                "agencies",
                "Agencies",
                (ids.EDITOR_ADD_AGENCY, "Add agency"),
                (ids.EDITOR_DELETE_AGENCIES, "Delete selected agencies"),
                _grid("agencies", state["agencies"], agency_columns()),
            ),
            _section(
                "people",
                "People",
                (ids.EDITOR_ADD_PERSON, "Add person"),
                (ids.EDITOR_DELETE_PEOPLE, "Delete selected people"),
                _grid("people", state["people"], people_columns()),
            ),
        ],
        className="editor",
    )


def build_problems(problems: list[RowError]) -> list:
    """Every problem found on Save, in a table beside a plain-words summary."""
    if not problems:
        return []
    count = len(problems)
    rows = [
        html.Tr(
            [
                html.Td(p.file),
                html.Td(str(p.row) if p.row is not None else ""),
                html.Td(p.column or ""),
                html.Td(p.message),
            ]
        )
        for p in problems
    ]
    return [
        html.P(
            f"{count} problem{'s' if count != 1 else ''} found. Nothing has been stored. "
            "Fix the cells below (the row is the grid's # column), then Save again.",
            className="alert alert-error",
            role="alert",
        ),
        html.Table(
            [
                html.Caption("Problems"),
                html.Thead(
                    html.Tr(
                        [html.Th(h, scope="col") for h in ("Grid", "Row", "Column", "What to fix")]
                    )
                ),
                html.Tbody(rows),
            ],
            className="table table-compact",
            id="editor-problems-table",
        ),
    ]
