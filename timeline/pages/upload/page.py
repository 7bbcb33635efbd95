"""The Import page: upload a case study, see its rows and every error, then store it or cancel."""

from __future__ import annotations

from dash import dcc, html

from schemas import Journey, Provenance
from timeline.pages import ids
from timeline.pages.upload.view import PROVENANCE_MEANINGS, UploadCheck

# The provenance question's id (kept beside its only page).
UPLOAD_PROVENANCE = "upload-provenance"
# The mapping step's memory (this browser's saved mappings, by header) and its download.
MAP_MEMORY = "upload-map-memory"
MAP_DOWNLOAD = "upload-map-download"


def build_upload_page(max_upload_mb: float) -> html.Div:
    """Upload area, template downloads, and an empty result area the callbacks fill."""
    return html.Div(
        [
            html.H1("Import a case study"),
            html.P(
                "Upload a spreadsheet (CSV or XLSX, one row per event) or a Touchpoints JSON "
                "file. Nothing is stored until the file is valid and you press Import."
            ),
            html.Div(
                [
                    html.Span("Start from the template:", className="control-label"),
                    html.Button(
                        "CSV template",
                        id={"type": ids.TEMPLATE_BUTTON, "format": "csv"},
                        className="button button-small",
                    ),
                    html.Button(
                        "XLSX template",
                        id={"type": ids.TEMPLATE_BUTTON, "format": "xlsx"},
                        className="button button-small",
                    ),
                    dcc.Download(id=ids.TEMPLATE_DOWNLOAD),
                ],
                className="control downloads",
            ),
            dcc.Upload(
                html.Div(
                    [
                        "Drop a file here, or ",
                        html.U("choose a file"),
                        f" (.csv, .xlsx or .json, up to {max_upload_mb:g} MB)",
                    ]
                ),
                id=ids.UPLOAD,
                accept=".csv,.xlsx,.json",
                # No limit in the browser: it would drop a big file without a word. The server
                # checks the size first and says what the limit is (view.decode_upload).
                max_size=-1,
                className="upload-area",
            ),
            dcc.Store(id=ids.UPLOAD_FILE),
            dcc.Store(id=MAP_MEMORY, storage_type="local"),
            dcc.Download(id=MAP_DOWNLOAD),
            html.Div(id=ids.UPLOAD_RESULT, **{"aria-live": "polite"}),
            _provenance_question(),
            html.Div(
                [
                    dcc.Checklist(
                        id=ids.UPLOAD_REPLACE,
                        options=[
                            {
                                "label": " Replace journeys already stored with the same key",
                                "value": "replace",
                            }
                        ],
                        value=[],
                    ),
                    html.Button("Import", id=ids.UPLOAD_IMPORT, className="button", disabled=True),
                    html.Button("Cancel", id=ids.UPLOAD_CANCEL, className="button"),
                ],
                className="controls",
            ),
            dcc.Loading(
                html.Div(id=ids.UPLOAD_MESSAGE, role="status"),
                # A file of thousands of rows takes seconds to check and store: say so meanwhile.
                custom_spinner=html.P(
                    "Working on the file: every row is checked before anything is stored. "
                    "A large file takes a few seconds.",
                    className="alert",
                    role="status",
                    style={"background": "#eef3f8", "borderColor": "#1f4e79", "margin": 0},
                ),
                target_components={ids.UPLOAD_MESSAGE: "children"},
                delay_show=300,
                parent_style={"minHeight": "3rem"},  # room for the words, under the buttons
            ),
        ]
    )


def _provenance_question() -> html.Fieldset:
    options = [
        {"label": f" {p.value.capitalize()}: {PROVENANCE_MEANINGS[p]}", "value": p.value}
        for p in Provenance
    ]
    return html.Fieldset(
        [
            html.Legend("What is this case study?"),
            dcc.RadioItems(
                id=UPLOAD_PROVENANCE,
                options=options,
                # the careful choice until changed: an anonymised journey is shown or downloaded
                # only with consent; the choice is on screen, never silent
                value=Provenance.ANONYMISED.value,
                labelStyle={"display": "block"},
            ),
            html.P(
                "A file with a provenance column keeps what its column says for those journeys, "
                "whatever is chosen here.",
                className="hint",
            ),
        ],
        className="control fieldset provenance-question",
    )


def _provenance_cell(journey: Journey, check: UploadCheck) -> str:
    if journey.key in check.provenance_from_file:
        return f"{journey.provenance.value} (from the file)"
    return "as chosen below"


def _table(
    caption: str,
    header: list[str],
    rows: list[list[str]],
    marked: set[int] = frozenset(),
    numbers: list[int] | None = None,
    table_id: str | None = None,
) -> html.Table:
    body = []
    for index, cells in enumerate(rows):
        number = numbers[index] if numbers else None
        body.append(
            html.Tr(
                [html.Td(c) for c in cells], className="row-error" if number in marked else None
            )
        )
    return html.Table(
        [
            html.Caption(caption),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
            html.Tbody(body),
        ],
        className="table table-compact",
        id=table_id,
    )


def build_upload_result(check: UploadCheck) -> list:
    """The check's outcome: journeys found, or every error in a table beside the rows."""
    parts: list = []
    if check.errors:
        count = len(check.errors)
        parts.append(
            html.P(
                f"{check.name}: {count} problem{'s' if count != 1 else ''} found. "
                "Nothing has been stored. Fix the file and upload it again.",
                className="alert alert-error",
            )
        )
        parts.append(
            _table(
                "Problems",
                ["Row", "Column", "What to fix"],
                [[str(e.row or ""), e.column or "", e.message] for e in check.errors],
                table_id="upload-errors",
            )
        )
    else:
        ask = (
            " check what this case study is below (anonymised unless you choose otherwise), then"
            if check.needs_provenance
            else ""
        )
        parts.append(
            html.P(
                f"{check.name} is valid. Nothing is stored yet:{ask} press Import to store it.",
                className="alert alert-ok",
            )
        )
        parts.append(
            _table(
                "Journeys in this file",
                ["Key", "Title", "People", "Agencies", "Events", "Provenance", "Already stored"],
                [
                    [
                        j.key,
                        j.title,
                        str(len(j.people)),
                        str(len(j.agencies)),
                        str(len(j.events)),
                        _provenance_cell(j, check),
                        "yes" if j.key in check.existing else "no",
                    ]
                    for j in check.journeys
                ],
                table_id="upload-journeys",
            )
        )
    if check.warnings:
        parts.append(html.Ul([html.Li(str(w)) for w in check.warnings], className="warnings"))
    if check.header:
        bad_rows = {e.row for e in check.errors if e.row}
        parts.append(
            html.Div(
                _table(
                    "The file's rows (rows with a problem are marked)",
                    ["Row", *check.header],
                    [[str(n), *cells] for n, cells in check.rows],
                    bad_rows,
                    [n for n, _cells in check.rows],
                    table_id="upload-preview",
                ),
                className="preview",
            )
        )
    return parts


def build_imported_result(check: UploadCheck, chosen: Provenance | None, replaced: bool) -> list:
    """The top of the page once stored: what was imported, with links and each provenance."""
    count = len(check.journeys)
    parts: list = [
        html.P(
            f"Imported {count} journe{'ys' if count != 1 else 'y'} from {check.name}"
            f"{' (replacing those already stored)' if replaced and check.existing else ''}.",
            className="alert alert-ok",
            id="upload-imported",
        ),
        html.Table(
            [
                html.Caption("Stored"),
                html.Thead(
                    html.Tr(
                        [
                            html.Th(h, scope="col")
                            for h in ("Journey", "Title", "People", "Events", "Provenance")
                        ]
                    )
                ),
                html.Tbody(
                    [
                        html.Tr(
                            [
                                html.Td(dcc.Link(j.key, href=f"/journeys/{j.key}")),
                                html.Td(j.title),
                                html.Td(str(len(j.people))),
                                html.Td(str(len(j.events))),
                                html.Td(_stored_provenance(j, check)),
                            ]
                        )
                        for j in check.journeys
                    ]
                ),
            ],
            className="table table-compact",
            id="upload-stored",
        ),
    ]
    overridden = [
        j for j in check.journeys if j.key in check.provenance_from_file and j.provenance != chosen
    ]
    if chosen is not None and overridden:
        names = ", ".join(f"{j.key} is {j.provenance.value}" for j in overridden)
        parts.append(
            html.P(
                f"The file's provenance column wins over the {chosen.value} chosen here: {names}.",
                className="hint",
            )
        )
    if any(j.provenance is Provenance.ANONYMISED for j in check.journeys):
        parts.append(
            html.P(
                "Anonymised journeys can be presented or downloaded only once consent is "
                "recorded: open the journey and use 'Record or withdraw consent'.",
                className="hint",
            )
        )
    return parts


def _stored_provenance(journey: Journey, check: UploadCheck) -> str:
    if journey.key in check.provenance_from_file:
        return f"{journey.provenance.value} (from the file)"
    return journey.provenance.value
