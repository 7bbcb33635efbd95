"""Presenter mode callbacks: step with buttons or the keyboard (arrows, Space, clicker keys)."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, html, no_update

from timeline.consent import ConsentRequiredError
from timeline.pages import ids
from timeline.pages.inputs import UnusableInputError, key_input, search_input
from timeline.pages.present.page import (
    PresentState,
    build_caption,
    parse_present_query,
    present_query,
)
from timeline.pages.present.view import STEP_BY, build_step
from timeline.service import Services

MAX_STEP = 1_000_000  # more steps than any journey has events
WITHDRAWN_TEXT = (
    "Consent to show this journey in workshops has been withdrawn, so nothing more is shown."
)
WITHDRAWN_FIGURE = {
    "data": [],
    "layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False}, "height": 300},
}
# Clickers send Page Down / Page Up; keyboards use the arrows and Space. One listener per page.
KEYBOARD_JS = """
function(key) {
    if (!window.touchpointsPresenterKeys) {
        window.touchpointsPresenterKeys = true;
        document.addEventListener('keydown', function(event) {
            if (event.target.closest && event.target.closest('input, textarea, select')) { return; }
            var next = ['ArrowRight', 'PageDown', ' '].indexOf(event.key) >= 0;
            var back = ['ArrowLeft', 'PageUp'].indexOf(event.key) >= 0;
            var id = next ? 'present-next' : (back ? 'present-prev' : null);
            var button = id && document.getElementById(id);
            if (button) { event.preventDefault(); button.click(); }
        });
    }
    return key;
}
"""
FULLSCREEN_JS = """
function(clicks) {
    if (clicks) { document.documentElement.requestFullscreen().catch(function() {}); }
    return window.dash_clientside.no_update;
}
"""


def checked_step(step: object, by: object) -> int:
    """The step the page holds and the step size chosen, as the page sends them."""
    if not isinstance(by, str) or by not in STEP_BY:
        raise UnusableInputError(
            f"There is no step size {str(by)[:20]!r}; choose one of: {', '.join(STEP_BY)}."
        )
    if step is None:
        return 0
    if type(step) is not int or not 0 <= step <= MAX_STEP:
        raise UnusableInputError("The step number should be a whole number from 0.")
    return step


def register_present_callbacks(app: Dash, services: Services) -> None:
    """Wire presenter mode."""
    app.clientside_callback(
        KEYBOARD_JS, Output(ids.PRESENT_KEYS, "data"), Input(ids.PRESENT_KEY, "data")
    )
    app.clientside_callback(
        FULLSCREEN_JS,
        Output(ids.PRESENT_FULLSCREEN, "title"),
        Input(ids.PRESENT_FULLSCREEN, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.PRESENT_STEP, "data"),
        Output(ids.PRESENT_GRAPH, "figure"),
        Output(ids.PRESENT_CAPTION, "children"),
        Output(ids.PRESENT_COUNTER, "children"),
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.PRESENTER, "className"),
        Input(ids.PRESENT_NEXT, "n_clicks"),
        Input(ids.PRESENT_PREV, "n_clicks"),
        Input(ids.PRESENT_SENSITIVE, "value"),
        Input(ids.PRESENT_BY, "value"),
        Input(ids.PRESENT_CONTRAST, "value"),
        State(ids.PRESENT_STEP, "data"),
        State(ids.PRESENT_KEY, "data"),
        State(ids.URL, "search"),
        prevent_initial_call="initial_duplicate",
    )
    def _step(_next, _prev, sensitive, by, contrast, step, key, search):  # noqa: ANN001, ANN202
        moves = {ids.PRESENT_NEXT: 1, ids.PRESENT_PREV: -1}
        key, step = key_input(key), checked_step(step, by)
        before = parse_present_query(search_input(search))
        # a new step size or sensitive choice starts again; a repeated report of it does not
        restart = (by, bool(sensitive)) != (before.by, before.sensitive)
        wanted = 0 if restart else (step or 0) + moves.get(ctx.triggered_id, 0)
        try:
            shown = build_step(
                services, key, wanted, bool(sensitive), by, high_contrast=bool(contrast)
            )
        except ConsentRequiredError:  # withdrawn mid-presentation: nothing more is shown
            return (
                0,
                WITHDRAWN_FIGURE,
                html.P(WITHDRAWN_TEXT, role="alert"),
                "",
                no_update,
                "presenter",
            )
        counter = f"Step {shown.number + 1} of {shown.total}" if shown.total else ""
        state = PresentState(shown.number, by, bool(sensitive), bool(contrast))
        theme = "presenter high-contrast" if contrast else "presenter"
        return (
            shown.number,
            shown.figure,
            build_caption(shown.caption),
            counter,
            present_query(state),
            theme,
        )
