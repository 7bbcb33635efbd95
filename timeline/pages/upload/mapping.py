"""The Import page's mapping step: when a spreadsheet's header lacks a Touchpoints column, say
which of its columns is which, see the rows as mapped and every error, then import; the mapping
can be saved in this browser (offered again for a file with the same header) or downloaded as
a mapping.toml for `touchpoints import --map`."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from timeline.access import Action
from timeline.io import InvalidFileError
from timeline.io.mapping import mapping_from_dict, mapping_to_toml
from timeline.pages import ids
from timeline.pages.inputs import UnusableInputError, upload_input
from timeline.pages.upload.mapping_view import (
    check_mapped,
    cut,
    field_options,
    first_mapping,
    mapped_preview,
    mapping_from_choices,
    remember_mapping,
)
from timeline.pages.upload.page import MAP_DOWNLOAD, MAP_MEMORY, build_upload_result
from timeline.pages.upload.view import UploadCheck
from timeline.service import Services

# The step's ids (kept beside its only page).
MAP_FIELD = "upload-map-field"  # pattern: {"type": MAP_FIELD, "index": column position}
MAP_RESULT = "upload-map-result"
MAP_SAVE = "upload-map-save"
MAP_SAVED = "upload-map-saved"
MAP_DOWNLOAD_BUTTON = "upload-map-download-button"
SAMPLE_VALUES = 3


def _samples(check: UploadCheck, position: int) -> str:
    values: list[str] = []  # the first few different values, so a key column shows one
    for _n, cells in check.rows:
        value = cells[position].strip() if position < len(cells) else ""
        if value and value not in values:
            values.append(value)
        if len(values) == SAMPLE_VALUES:
            break
    return cut(", ".join(values), 60)


def build_mapped_result(check: UploadCheck, mapping: object) -> list:
    """Under the dropdowns: the first rows as mapped, then the usual check of the file."""
    parts: list = []
    if mapping is not None:
        header, rows = mapped_preview(check, mapping)
        parts.append(
            html.Table(
                [
                    html.Caption("The first rows as Touchpoints reads them"),
                    html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
                    html.Tbody([html.Tr([html.Td(cut(v, 60)) for v in row]) for row in rows]),
                ],
                className="table table-compact",
                id="upload-mapped-preview",
            )
        )
    if check.errors:
        parts.append(
            html.P(
                "Change the choices above until the check below passes; if the problem is in "
                "a cell, fix the file and upload it again.",
                className="hint",
            )
        )
    return parts + build_upload_result(check)


def build_mapping_step(check: UploadCheck, mapping: object, saved: bool, original: UploadCheck):
    """The step: one dropdown per file column, save/download buttons, and the mapped check."""
    options = field_options()
    chosen = getattr(mapping, "columns", {})
    rows = [
        html.Tr(
            [
                html.Th(cut(cell) or f"(column {i + 1} has no name)", scope="row", title=cell),
                html.Td(
                    dcc.Dropdown(
                        id={"type": MAP_FIELD, "index": i},
                        options=options,
                        value=chosen.get(cell, "ignore"),
                        clearable=False,
                        className="map-field",
                    )
                ),
                html.Td(_samples(original, i), className="hint"),
            ]
        )
        for i, cell in enumerate(original.header)
        if str(cell).strip()
    ]
    intro = (
        f"{cut(check.name, 60)}: its header does not name every column Touchpoints needs "
        "(journey, agency, sector, start). Say which of your columns is which; the rows below "
        "are checked again as you choose. Nothing is stored until you press Import."
    )
    return [
        html.H2("Match your columns"),
        html.P(intro),
        html.P(
            "Using the mapping saved in this browser for files with this header."
            if saved
            else "Columns whose names are obvious are matched already; check them.",
            className="hint",
            id="upload-map-origin",
        ),
        html.Table(
            [
                html.Caption("Your columns and the Touchpoints column each one is"),
                html.Thead(
                    html.Tr(
                        [
                            html.Th(h, scope="col")
                            for h in ("Your column", "Touchpoints column", "First values")
                        ]
                    )
                ),
                html.Tbody(rows),
            ],
            className="table table-compact mapping-table",
            id="upload-mapping",
        ),
        html.Div(
            [
                html.Button("Save this mapping", id=MAP_SAVE, className="button button-small"),
                html.Button(
                    "Download mapping.toml",
                    id=MAP_DOWNLOAD_BUTTON,
                    className="button button-small",
                ),
                html.Span(id=MAP_SAVED, role="status", className="hint"),
            ],
            className="controls",
        ),
        html.Div(build_mapped_result(check, mapping), id=MAP_RESULT, **{"aria-live": "polite"}),
    ]


def _file_data(check: UploadCheck, contents: str, header: list[str], mapping: object) -> dict:
    document = mapping.as_dict() if mapping is not None else None
    versions = check.versions if check.ok else {}
    return {
        "contents": contents,
        "name": check.name,
        "versions": versions,
        "header": header,
        "mapping": document,
    }


def offer_mapping(
    services: Services, original: UploadCheck, contents: str, memory: object
) -> tuple[list, dict, bool]:
    """The step for an upload whose header lacks a column: its layout, the page's file data,
    and whether Import may be pressed (the saved or guessed mapping already fits)."""
    start, saved = first_mapping(original.header, memory)
    check, mapping = check_mapped(services, contents, original.name, start.as_dict())
    step = build_mapping_step(check, mapping, saved, original)
    return step, _file_data(check, contents, original.header, mapping), check.ok


def mapping_upload_input(value: object) -> dict | None:
    """The page's file data while the step is shown: a checked upload with its header."""
    upload = upload_input(value)
    if upload is None:
        return None
    header = upload.get("header")
    if not isinstance(header, list) or not all(isinstance(c, str) for c in header):
        raise UnusableInputError("The file's columns are not ones this page read; upload again.")
    return upload


def register_mapping_callbacks(app: Dash, services: Services) -> None:
    """Wire the step: check again on each choice; save; download."""

    def _chosen(values: list, id_list: list) -> dict[int, object]:
        return {
            item["id"]["index"]: value
            for item, value in zip(id_list, values, strict=False)
            if isinstance(item, dict) and isinstance(item.get("id"), dict)
        }

    @app.callback(
        Output(MAP_RESULT, "children"),
        Output(ids.UPLOAD_FILE, "data", allow_duplicate=True),
        Output(ids.UPLOAD_IMPORT, "disabled", allow_duplicate=True),
        Input({"type": MAP_FIELD, "index": ALL}, "value"),
        State(ids.UPLOAD_FILE, "data"),
        prevent_initial_call=True,
    )
    def _remap(values, upload):  # noqa: ANN001, ANN202
        services.require(Action.IMPORT)  # the role may use this page
        upload = mapping_upload_input(upload)
        if upload is None or not values:
            return no_update, no_update, no_update
        header = upload["header"]
        document = mapping_from_choices(header, _chosen(values, ctx.inputs_list[0]))
        check, mapping = check_mapped(services, upload["contents"], upload["name"], document)
        data = _file_data(check, upload["contents"], header, mapping)
        return build_mapped_result(check, mapping), data, not check.ok

    @app.callback(
        Output(MAP_MEMORY, "data"),
        Output(MAP_SAVED, "children"),
        Input(MAP_SAVE, "n_clicks"),
        State({"type": MAP_FIELD, "index": ALL}, "value"),
        State(ids.UPLOAD_FILE, "data"),
        State(MAP_MEMORY, "data"),
        prevent_initial_call=True,
    )
    def _save(clicks, values, upload, memory):  # noqa: ANN001, ANN202
        services.require(Action.IMPORT)  # the role may use this page
        upload = mapping_upload_input(upload)
        if not clicks or upload is None:
            return no_update, no_update
        header = upload["header"]
        document = mapping_from_choices(header, _chosen(values, ctx.states_list[0]))
        try:
            mapping = mapping_from_dict(document, "the mapping")
        except InvalidFileError as exc:
            return no_update, f"Not saved: {exc.errors[0].message}"
        return remember_mapping(memory, header, mapping), (
            "Saved in this browser: a file with this header gets this mapping next time."
        )

    @app.callback(
        Output(MAP_DOWNLOAD, "data"),
        Output(MAP_SAVED, "children", allow_duplicate=True),
        Input(MAP_DOWNLOAD_BUTTON, "n_clicks"),
        State({"type": MAP_FIELD, "index": ALL}, "value"),
        State(ids.UPLOAD_FILE, "data"),
        prevent_initial_call=True,
    )
    def _download(clicks, values, upload):  # noqa: ANN001, ANN202
        services.require(Action.IMPORT)  # the role may use this page
        upload = mapping_upload_input(upload)
        if not clicks or upload is None:
            return no_update, no_update
        document = mapping_from_choices(upload["header"], _chosen(values, ctx.states_list[0]))
        try:
            mapping = mapping_from_dict(document, "the mapping")
        except InvalidFileError as exc:  # e.g. one Touchpoints column chosen twice: say so
            return no_update, f"Not downloaded: {exc.errors[0].message}"
        toml = mapping_to_toml(mapping)
        sent = dcc.send_string(toml, "mapping.toml", type="application/toml")
        return sent, "Downloaded: touchpoints import FILE --map mapping.toml reads it"
