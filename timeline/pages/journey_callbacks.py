"""The journey page's callbacks: decode the inputs, call a plain function, return outputs."""

from __future__ import annotations

import datetime as dt

from dash import ALL, Dash, Input, Output, Patch, State, ctx, dcc, no_update

from timeline.pages import ids
from timeline.pages.journey_view import build_journey_view, export_journey, zoom_range
from timeline.service import Services


def _anchor(services: Services, key: str, align_on: str | None) -> dt.date | None:
    if not align_on:
        return None
    journey = services.load_journey(key)
    return next((e.start for e in journey.events if e.id == align_on), None)


def register_journey_callbacks(app: Dash, services: Services) -> None:
    """Wire the journey page: redraw on options, zoom on a cycle, download files."""

    @app.callback(
        Output(ids.JOURNEY_GRAPH, "figure"),
        Input(ids.COLLAPSE, "value"),
        Input(ids.ALIGN, "value"),
        Input(ids.SHOW_ALL, "n_clicks"),
        State(ids.JOURNEY_KEY, "data"),
        prevent_initial_call=True,
    )
    def _redraw(collapsed, align_on, _show_all, key):  # noqa: ANN001, ANN202
        return build_journey_view(services, key, collapsed or (), align_on).figure

    @app.callback(
        Output(ids.JOURNEY_GRAPH, "figure", allow_duplicate=True),
        Input({"type": ids.CYCLE_BUTTON, "index": ALL}, "n_clicks"),
        State(ids.CYCLE_SPANS, "data"),
        State(ids.ALIGN, "value"),
        State(ids.JOURNEY_KEY, "data"),
        prevent_initial_call=True,
    )
    def _zoom(clicks, spans, align_on, key):  # noqa: ANN001, ANN202
        if not ctx.triggered_id or not any(clicks):
            return no_update
        start, end = (dt.date.fromisoformat(d) for d in spans[ctx.triggered_id["index"]])
        patch = Patch()
        patch["layout"]["xaxis"]["range"] = zoom_range(start, end, _anchor(services, key, align_on))
        patch["layout"]["xaxis"]["autorange"] = False
        return patch

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input({"type": ids.DOWNLOAD_BUTTON, "format": ALL}, "n_clicks"),
        State(ids.COLLAPSE, "value"),
        State(ids.ALIGN, "value"),
        State(ids.JOURNEY_KEY, "data"),
        prevent_initial_call=True,
    )
    def _download(clicks, collapsed, align_on, key):  # noqa: ANN001, ANN202
        if not ctx.triggered_id or not any(clicks):
            return no_update
        data, filename, media_type = export_journey(
            services, key, ctx.triggered_id["format"], collapsed or (), align_on
        )
        return dcc.send_bytes(data, filename, type=media_type)
