"""The journey page's callbacks: decode the inputs, call a plain function, return outputs."""

from __future__ import annotations

import datetime as dt

from dash import ALL, Dash, Input, Output, Patch, State, ctx, dcc, no_update

from timeline.consent import ConsentRequiredError
from timeline.pages import ids
from timeline.pages.address import register_address_copy
from timeline.pages.inputs import UnusableInputError, journey_controls, key_input, search_input
from timeline.pages.journey.filters_panel import build_filter_note
from timeline.pages.journey.page import (
    JOURNEY_COUNTS,
    build_counts,
    build_cycles_panel,
    build_description,
    build_events_table,
)
from timeline.pages.journey.zoom import zoomed_figure
from timeline.pages.journey_view import (
    CHOICES_SHOWN,
    ViewState,
    build_journey_view,
    event_choices,
    export_journey,
    filter_from_inputs,
    rule_overrides,
    zoom_range,
)
from timeline.pages.url_state import parse_view_query, view_query, x_range_from_relayout
from timeline.service import Services

PARAMS = {"type": ids.RULE_PARAM, "rule": ALL, "param": ALL}
TOGGLES = {"type": ids.RULE_ON, "rule": ALL}
FILTERS = (
    ids.FILTER_SECTORS,
    ids.FILTER_PEOPLE,
    ids.FILTER_KINDS,
    ids.FILTER_SINCE,
    ids.FILTER_UNTIL,
)
FILTER_PROPS = ("value",) * len(FILTERS)
# the rest of a view, read when a callback needs it: (*filters, key, values, on_values)
VIEW_STATES = (
    *(State(i, "value") for i in FILTERS),
    State(ids.JOURNEY_KEY, "data"),
    State(PARAMS, "value"),
    State(TOGGLES, "value"),
)


def anchor_date(anchor: object) -> dt.date | None:
    """The aligned event's date as the page holds it (None when not aligned)."""
    try:
        return dt.date.fromisoformat(anchor) if anchor else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise UnusableInputError(
            "The aligned event is not on this page; reload the page."
        ) from None


def cycle_span(
    spans: object, index: object, anchor: object
) -> tuple[dt.date, dt.date, dt.date | None]:
    """The dates of the cycle whose button was pressed, and the aligned event's date, as the page
    holds them (UnusableInputError for anything else)."""
    try:
        start, end = (dt.date.fromisoformat(d) for d in spans[index])  # type: ignore[index]
        anchor_day = dt.date.fromisoformat(anchor) if anchor else None  # type: ignore[arg-type]
    except (TypeError, ValueError, IndexError, KeyError):
        raise UnusableInputError("That cycle is not on this page; reload the page.") from None
    return start, end, anchor_day


# Only a zoom, pan or reset of the time axis goes on to the server (to keep it in the address):
# plotly also reports drawing ("autosize") and legend clicks, which would each cost a request
# after the chart is drawn.
ZOOM_ONLY_JS = """
function (relayout) {
    if (relayout && (relayout['xaxis.autorange'] || 'xaxis.range[0]' in relayout
                     || 'xaxis.range' in relayout)) {
        return relayout;
    }
    return window.dash_clientside.no_update;
}
"""


def register_journey_callbacks(app: Dash, services: Services) -> None:
    """Wire the journey page: redraw on options, zoom on a cycle, download files."""
    register_address_copy(app, ids.JOURNEY_QUERY)  # never the address as an output here
    app.clientside_callback(
        ZOOM_ONLY_JS,
        Output(ids.JOURNEY_ZOOM, "data"),
        Input(ids.JOURNEY_GRAPH, "relayoutData"),
        prevent_initial_call=True,
    )

    def state(collapsed, align_on, filters, values, on_values) -> ViewState:  # noqa: ANN001
        collapsed, align_on, filters = journey_controls(collapsed, align_on, filters)
        param_ids = [item["id"] for item in ctx.states_list[-2]]
        on_ids = [item["id"] for item in ctx.states_list[-1]]
        overrides = rule_overrides(services, param_ids, values, on_ids, on_values)
        chosen = filter_from_inputs(*filters)
        return ViewState(frozenset(collapsed or ()), align_on or None, overrides, chosen)

    @app.callback(
        Output(ids.JOURNEY_GRAPH, "figure"),
        Output(ids.CYCLES_PANEL, "children"),
        Output(ids.CYCLE_SPANS, "data"),
        Output(ids.DESCRIPTION, "children"),
        Output(ids.ANCHOR, "data"),
        Output(ids.FILTER_NOTE, "children"),
        Output(ids.EVENTS_TABLE_WRAP, "children"),
        Output(JOURNEY_COUNTS, "children"),
        Output(ids.JOURNEY_OVERVIEW, "data"),
        Input(ids.COLLAPSE, "value"),
        Input(ids.ALIGN, "value"),
        Input(ids.SHOW_ALL, "n_clicks"),
        Input(ids.APPLY_RULES, "n_clicks"),
        Input(ids.REVISION, "data"),
        *(Input(i, "value") for i in FILTERS),
        State(ids.JOURNEY_KEY, "data"),
        State(PARAMS, "value"),
        State(TOGGLES, "value"),
        prevent_initial_call=True,
    )
    def _redraw(collapsed, align_on, _show_all, _apply, _revision, *rest):  # noqa: ANN001, ANN202
        *filters, key, values, on_values = rest
        chosen = state(collapsed, align_on, filters, values, on_values)
        view = build_journey_view(services, key_input(key), chosen)
        spans = [[c.start.isoformat(), c.end.isoformat()] for c in view.cycles]
        return (
            view.figure,
            build_cycles_panel(view),
            spans,
            build_description(view),
            view.anchor_date,
            build_filter_note(view),
            build_events_table(view),
            build_counts(view),
            view.overview_days,
        )

    app.clientside_callback(  # only a busy journey's zoom goes on to the server
        "(relayout, overview) => overview && relayout ? relayout"
        " : window.dash_clientside.no_update",
        Output(ids.OVERVIEW_ZOOM, "data"),
        Input(ids.JOURNEY_ZOOM, "data"),
        State(ids.JOURNEY_OVERVIEW, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.JOURNEY_GRAPH, "figure", allow_duplicate=True),
        Input(ids.OVERVIEW_ZOOM, "data"),
        State(ids.JOURNEY_OVERVIEW, "data"),
        State(ids.ANCHOR, "data"),
        State(ids.COLLAPSE, "value"),
        State(ids.ALIGN, "value"),
        *VIEW_STATES,
        prevent_initial_call=True,
    )
    def _detail_on_zoom(relayout, overview, anchor, collapsed, align_on, *rest):  # noqa: ANN001, ANN202
        if not overview or not isinstance(relayout, dict):
            return no_update  # a journey drawn event by event: plotly's own zoom is enough
        *filters, key, values, on_values = rest
        chosen = state(collapsed, align_on, filters, values, on_values)
        x_range = x_range_from_relayout(relayout, None)
        figure = zoomed_figure(services, key_input(key), chosen, x_range, anchor_date(anchor))
        return no_update if figure is None else figure

    @app.callback(
        *(Output(i, "value", allow_duplicate=True) for i in FILTERS),
        Input(ids.FILTER_CLEAR, "n_clicks"),
        prevent_initial_call=True,
    )
    def _clear_filters(_clicks):  # noqa: ANN001, ANN202
        return [], [], [], None, None

    @app.callback(
        Output(ids.JOURNEY_GRAPH, "figure", allow_duplicate=True),
        Output(ids.JOURNEY_QUERY, "data", allow_duplicate=True),
        Input({"type": ids.CYCLE_BUTTON, "index": ALL}, "n_clicks"),
        State(ids.CYCLE_SPANS, "data"),
        State(ids.ANCHOR, "data"),
        State(ids.COLLAPSE, "value"),
        State(ids.ALIGN, "value"),
        *(State(i, "value") for i in FILTERS),
        prevent_initial_call=True,
    )
    def _zoom(clicks, spans, anchor, collapsed, align_on, *filters):  # noqa: ANN001, ANN202
        if not ctx.triggered_id or not any(clicks):
            return no_update, no_update
        collapsed, align_on, filters = journey_controls(collapsed, align_on, filters)
        start, end, anchor_day = cycle_span(spans, ctx.triggered_id["index"], anchor)
        patch = Patch()
        x_range = zoom_range(start, end, anchor_day)
        patch["layout"]["xaxis"]["range"] = x_range
        patch["layout"]["xaxis"]["autorange"] = False
        return patch, view_query(collapsed, align_on, x_range, filter_from_inputs(*filters))

    @app.callback(
        Output(ids.JOURNEY_QUERY, "data"),
        Input(ids.COLLAPSE, "value"),
        Input(ids.ALIGN, "value"),
        Input(ids.JOURNEY_ZOOM, "data"),
        *(Input(i, "value") for i in FILTERS),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _remember_view(collapsed, align_on, relayout, *rest):  # noqa: ANN001, ANN202
        *filters, search = rest
        collapsed, align_on, filters = journey_controls(collapsed, align_on, filters)
        search = search_input(search)
        if relayout is not None and not isinstance(relayout, dict):
            raise UnusableInputError("The chart's zoom should be a set of axis ranges.")
        _state, x_range = parse_view_query(search)
        if ctx.triggered_id != ids.JOURNEY_ZOOM:
            x_range = None  # a new layout starts unzoomed
        else:
            x_range = x_range_from_relayout(relayout, x_range)
        query = view_query(collapsed, align_on, x_range, filter_from_inputs(*filters))
        return query if query != (search or "") else no_update

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input({"type": ids.DOWNLOAD_BUTTON, "format": ALL}, "n_clicks"),
        State(ids.COLLAPSE, "value"),
        State(ids.ALIGN, "value"),
        *VIEW_STATES,
        prevent_initial_call=True,
    )
    def _download(clicks, collapsed, align_on, *rest):  # noqa: ANN001, ANN202
        if not ctx.triggered_id or not any(clicks):
            return no_update
        *filters, key, values, on_values = rest
        try:
            data, filename, media_type = export_journey(
                services,
                key,
                ctx.triggered_id["format"],
                state(collapsed, align_on, filters, values, on_values),
            )
        except ConsentRequiredError:  # the buttons are disabled; a forged click gets nothing
            return no_update
        return dcc.send_bytes(data, filename, type=media_type)

    for dropdown in (ids.ALIGN, ids.MISSED_EVENT):
        register_event_search(app, services, dropdown)


def register_event_search(app: Dash, services: Services, dropdown: str) -> None:
    """An event dropdown of a journey too long to list every event offers those matching what
    is typed (journey_view.event_choices); a shorter journey's list is left as it is."""

    @app.callback(
        Output(dropdown, "options"),
        Input(dropdown, "search_value"),
        State(dropdown, "value"),
        State(ids.JOURNEY_KEY, "data"),
        prevent_initial_call=True,
    )
    def _search(search, chosen, key):  # noqa: ANN001, ANN202
        journey = services.load_journey(key_input(key))
        if len(journey.events) <= CHOICES_SHOWN:
            return no_update
        chosen = chosen if isinstance(chosen, str) else None
        return event_choices(journey, chosen=chosen, search=search_input(search))
