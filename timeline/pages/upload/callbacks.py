"""The Import page's callbacks: check on upload, store on Import, clear on Cancel."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from timeline.access import Action
from timeline.io import InvalidFileError
from timeline.io.template import template_csv, template_xlsx
from timeline.pages import ids
from timeline.pages.conflict import stale_alert
from timeline.pages.inputs import UnusableInputError, text_input, upload_input
from timeline.pages.upload.mapping import offer_mapping, register_mapping_callbacks
from timeline.pages.upload.mapping_view import needs_mapping, upload_mapping
from timeline.pages.upload.page import (
    MAP_MEMORY,
    UPLOAD_PROVENANCE,
    build_imported_result,
    build_upload_result,
)
from timeline.pages.upload.view import (
    ProvenanceNeededError,
    check_upload,
    parse_provenance,
    store_upload,
)
from timeline.service import Services
from timeline.store import JourneyExistsError, StaleJourneyError

# A data URL of the largest upload allowed is a third longer than the file; the size limit
# itself (TOUCHPOINTS_MAX_UPLOAD_MB) is checked on the decoded bytes.
MAX_UPLOAD_TEXT = 2**31

TEMPLATES = {
    "csv": (template_csv, "text/csv"),
    "xlsx": (template_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def register_upload_callbacks(app: Dash, services: Services) -> None:
    """Wire the Import page."""

    @app.callback(
        Output(ids.UPLOAD_RESULT, "children"),
        Output(ids.UPLOAD_FILE, "data"),
        Output(ids.UPLOAD_IMPORT, "disabled"),
        Output(ids.UPLOAD_MESSAGE, "children"),
        Input(ids.UPLOAD, "contents"),
        Input(ids.UPLOAD_CANCEL, "n_clicks"),
        State(ids.UPLOAD, "filename"),
        State(MAP_MEMORY, "data"),
        prevent_initial_call=True,
    )
    def _check(contents, _cancel, filename, memory):  # noqa: ANN001, ANN202
        services.require(Action.IMPORT)  # the role may use this page
        if ctx.triggered_id == ids.UPLOAD_CANCEL or not contents:
            return [], None, True, "Cancelled: nothing was stored."
        contents = text_input(contents, "uploaded file", limit=MAX_UPLOAD_TEXT)
        filename = text_input(filename, "file name", limit=300)
        check = check_upload(services, contents, filename or "upload")
        if needs_mapping(check):  # a header of the file's own: say which column is which
            step, data, ok = offer_mapping(services, check, contents, memory)
            return step, data, not ok, ""
        data = (
            {"contents": contents, "name": check.name, "versions": check.versions}
            if check.ok
            else None
        )
        return build_upload_result(check), data, not check.ok, ""

    @app.callback(
        Output(ids.UPLOAD_MESSAGE, "children", allow_duplicate=True),
        Output(ids.UPLOAD_IMPORT, "disabled", allow_duplicate=True),
        Output(ids.UPLOAD_RESULT, "children", allow_duplicate=True),
        Input(ids.UPLOAD_IMPORT, "n_clicks"),
        State(ids.UPLOAD_FILE, "data"),
        State(ids.UPLOAD_REPLACE, "value"),
        State(UPLOAD_PROVENANCE, "value"),
        prevent_initial_call=True,
    )
    def _import(_clicks, upload, replace, provenance):  # noqa: ANN001, ANN202
        services.require(Action.IMPORT)  # the role may use this page
        upload = upload_input(upload)
        if not upload:
            return no_update, True, no_update
        chosen = parse_provenance(provenance)
        versions = upload.get("versions", {})
        bases = {k: v for k, v in versions.items() if type(v) is int} if replace else None
        try:
            check = store_upload(
                services,
                upload["contents"],
                upload["name"],
                bool(replace),
                bases,
                chosen,
                require_provenance=True,
                mapping=upload_mapping(upload),
            )
        except StaleJourneyError as exc:
            return stale_alert(exc, "/import"), False, no_update
        except ProvenanceNeededError as exc:
            return html.P(str(exc), className="alert alert-error"), False, no_update
        except (JourneyExistsError, InvalidFileError) as exc:
            return html.P(f"Not imported: {exc}", className="alert alert-error"), False, no_update
        links = [dcc.Link(j.key, href=f"/journeys/{j.key}") for j in check.journeys]
        message = html.P(["Imported: ", *links], className="alert alert-ok")
        return message, True, build_imported_result(check, chosen, bool(replace))

    @app.callback(
        Output(ids.TEMPLATE_DOWNLOAD, "data"),
        Input({"type": ids.TEMPLATE_BUTTON, "format": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def _template(clicks):  # noqa: ANN001, ANN202
        services.require(Action.IMPORT)  # the role may use this page
        if (
            not isinstance(ctx.triggered_id, dict)
            or not isinstance(clicks, list)
            or not any(clicks)
        ):
            return no_update
        fmt = ctx.triggered_id.get("format")
        if not isinstance(fmt, str) or fmt not in TEMPLATES:
            raise UnusableInputError(f"There is no template {str(fmt)[:20]!r}; choose csv or xlsx.")
        build, media_type = TEMPLATES[fmt]
        return dcc.send_bytes(build(), f"touchpoints-template.{fmt}", type=media_type)

    register_mapping_callbacks(app, services)
