"""The journey page's "Board pack (PDF)" download: paper, sensitive events, and the pack made
with the page's collapsed sectors, alignment, rule thresholds and "who is involved" date."""

from __future__ import annotations

import datetime as dt

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from timeline.consent import ConsentRequiredError
from timeline.figures.image import ImageExportError
from timeline.pack import DEFAULT_PAPER, PAPERS, PackOptions, make_board_pack, pack_filename
from timeline.pages import ids
from timeline.pages.inputs import UnusableInputError, choices_input, key_input, text_input
from timeline.pages.journey_view import rule_overrides
from timeline.service import Services

PACK_BUTTON = "pack-button"
PACK_PAPER = "pack-paper"
PACK_SENSITIVE = "pack-sensitive"
PACK_DOWNLOAD = "pack-download"
PACK_STATUS = "pack-status"
PACK_BUSY = "pack-busy"
PACK_LABEL = "Board pack (PDF)"
MAKING = "Making the board pack: this takes a few seconds…"


def build_pack_controls(exportable: bool, may_export: bool) -> html.Div:
    """The board pack's button, paper and sensitive choice, beside the other downloads."""
    return html.Div(
        [
            html.Button(
                PACK_LABEL,
                id=PACK_BUTTON,
                className="button button-small",
                title="A printable PDF: cover, the whole timeline fitted to the paper, cycles, "
                "description, missed opportunities, who was involved and every event"
                if exportable
                else "No current consent for board papers and exports",
                disabled=not exportable,
            ),
            html.Label("Paper", htmlFor=PACK_PAPER, className="control-label"),
            dcc.Dropdown(
                id=PACK_PAPER,
                options=[{"label": p.name, "value": k} for k, p in PAPERS.items()],
                value=DEFAULT_PAPER,
                clearable=False,
                searchable=False,
                className="pack-paper",
            ),
            dcc.Checklist(
                id=PACK_SENSITIVE,
                options=[{"label": " with sensitive events", "value": "show"}],
                value=[],
                className="pack-sensitive",
            ),
            html.Span(id=PACK_BUSY, role="status", className="pack-status"),
            html.Span(id=PACK_STATUS, role="status", className="pack-status"),
            dcc.Download(id=PACK_DOWNLOAD),
        ],
        className="control downloads pack-controls",
        hidden=not may_export,
    )


def pack_download(
    services: Services,
    key: str,
    *,
    paper: object = DEFAULT_PAPER,
    sensitive: object = None,
    involved_on: object = None,
    collapsed: object = None,
    align_on: object = None,
    overrides: dict | None = None,
) -> tuple[bytes, str, str]:
    """The board pack as the page asks for it: (content, file name, media type). Refuses what
    the page never sends (UnusableInputError); the pack's own errors pass through."""
    if not isinstance(paper, str) or paper not in PAPERS:
        raise UnusableInputError(f"Choose the paper from: {', '.join(PAPERS)}.")
    day = text_input(involved_on, "date to look at", limit=40)
    try:
        dates = (dt.date.fromisoformat(day[:10]),) if day else ()
    except ValueError:
        raise UnusableInputError("The date should be written as 2015-03-01.") from None
    options = PackOptions(
        paper=str(paper),
        include_sensitive="show" in choices_input(sensitive, "sensitive choice"),
        involved_on=dates,
        collapsed=frozenset(choices_input(collapsed, "list of collapsed sectors")),
        align_on=text_input(align_on, "event to align on") or None,
        overrides=overrides or {},
    )
    return make_board_pack(services, key, options), pack_filename(key, options), "application/pdf"


def register_pack_download(app: Dash, services: Services) -> None:
    """Wire the board pack button: make the pack, or say plainly why not."""

    @app.callback(
        Output(PACK_DOWNLOAD, "data"),
        Output(PACK_STATUS, "children"),
        Input(PACK_BUTTON, "n_clicks"),
        State(PACK_PAPER, "value"),
        State(PACK_SENSITIVE, "value"),
        State(ids.INVOLVED_DATE, "date"),
        State(ids.COLLAPSE, "value"),
        State(ids.ALIGN, "value"),
        State(ids.JOURNEY_KEY, "data"),
        State({"type": ids.RULE_PARAM, "rule": ALL, "param": ALL}, "value"),
        State({"type": ids.RULE_ON, "rule": ALL}, "value"),
        running=[
            (Output(PACK_BUTTON, "disabled"), True, False),
            (Output(PACK_BUSY, "children"), MAKING, ""),
        ],
        prevent_initial_call=True,
    )
    def _pack(clicks, paper, sensitive, day, collapsed, align_on, key, values, on_values):  # noqa: ANN001, ANN202
        if not clicks:
            return no_update, no_update
        param_ids = [item["id"] for item in ctx.states_list[-2]]
        on_ids = [item["id"] for item in ctx.states_list[-1]]
        overrides = rule_overrides(services, param_ids, values, on_ids, on_values)
        try:
            data, filename, media_type = pack_download(
                services,
                key_input(key),
                paper=paper,
                sensitive=sensitive,
                involved_on=day,
                collapsed=collapsed,
                align_on=align_on,
                overrides=overrides,
            )
        except (ConsentRequiredError, ImageExportError) as exc:
            return no_update, f"No board pack: {exc}"
        return dcc.send_bytes(data, filename, type=media_type), f"Board pack made: {filename}"
