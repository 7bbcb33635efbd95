"""Missed-opportunity notes on the journey page: mark an event, list the notes, remove one."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from schemas import AnnotationKind, Journey
from timeline.pages import ids
from timeline.pages.conflict import stale_words
from timeline.pages.inputs import key_input, page_version_input, text_input
from timeline.pages.journey_view import event_choices
from timeline.service import MISSED_OPPORTUNITY_TEXT, Services
from timeline.store import StaleJourneyError


def build_missed_list(journey: Journey) -> list:
    """Every missed-opportunity note, with the event it is on and a Remove button."""
    titles = {e.id: e.title for e in journey.events}
    notes = [a for a in journey.annotations if a.kind is AnnotationKind.MISSED_OPPORTUNITY]
    if not notes:
        return [html.P("No missed opportunities marked yet.", className="hint")]
    return [
        html.Ul(
            [
                html.Li(
                    [
                        html.Span("⚑ ", **{"aria-hidden": "true"}),
                        html.Strong(", ".join(titles.get(i, i) for i in note.event_ids)),
                        html.Span(f": {note.text} "),
                        html.Button(
                            "Remove",
                            id={"type": ids.MISSED_REMOVE, "note": note.id},
                            className="button button-small",
                            title="Remove this note",
                        ),
                    ]
                )
                for note in notes
            ],
            className="missed-list",
        )
    ]


def build_missed_panel(journey: Journey, version: int | None = None) -> html.Details:
    """Mark an event as a missed opportunity; the mark shows on the chart and in presenter mode.
    `version` is the journey version the page shows: marks and removals name it."""
    return html.Details(
        [
            html.Summary("Missed opportunities"),
            dcc.Store(id=ids.MISSED_VERSION, data=version),
            html.P(
                "Mark an event where a joined-up response could have started. "
                "Marks show on the timeline and in presenter mode.",
                className="hint",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label("Event", htmlFor=ids.MISSED_EVENT),
                            dcc.Dropdown(
                                id=ids.MISSED_EVENT,
                                options=event_choices(journey),
                                placeholder="choose an event",
                            ),
                        ],
                        className="control control-wide",
                    ),
                    html.Div(
                        [
                            html.Label("Note", htmlFor=ids.MISSED_TEXT),
                            dcc.Input(
                                id=ids.MISSED_TEXT,
                                type="text",
                                placeholder=MISSED_OPPORTUNITY_TEXT,
                                maxLength=500,
                                className="text-input",
                            ),
                        ],
                        className="control control-wide",
                    ),
                    html.Button("Mark", id=ids.MISSED_ADD, className="button"),
                ],
                className="controls",
            ),
            html.P(id=ids.MISSED_MESSAGE, role="status", className="hint"),
            html.Div(build_missed_list(journey), id=ids.MISSED_LIST),
        ],
        className="missed-panel",
    )


def register_missed_callbacks(app: Dash, services: Services) -> None:
    """Mark or remove a note, then bump the page's revision so the chart redraws."""

    @app.callback(
        Output(ids.MISSED_LIST, "children"),
        Output(ids.MISSED_MESSAGE, "children"),
        Output(ids.REVISION, "data"),
        Output(ids.MISSED_VERSION, "data"),
        Input(ids.MISSED_ADD, "n_clicks"),
        Input({"type": ids.MISSED_REMOVE, "note": ALL}, "n_clicks"),
        State(ids.MISSED_EVENT, "value"),
        State(ids.MISSED_TEXT, "value"),
        State(ids.JOURNEY_KEY, "data"),
        State(ids.REVISION, "data"),
        State(ids.MISSED_VERSION, "data"),
        prevent_initial_call=True,
    )
    def _change(_add, removes, event_id, text, key, revision, version):  # noqa: ANN001, ANN202
        key, base = key_input(key), page_version_input(version)
        event_id = text_input(event_id, "event to mark", limit=200)
        text = text_input(text, "note", limit=500)
        unchanged = (no_update, no_update)
        try:
            if ctx.triggered_id == ids.MISSED_ADD:
                if not event_id:
                    return no_update, "Choose an event to mark first.", *unchanged
                services.mark_missed_opportunity(key, event_id, text or "", base_version=base)
                message = "Marked as a missed opportunity."
            elif isinstance(ctx.triggered_id, dict) and isinstance(removes, list) and any(removes):
                note = key_input(ctx.triggered_id.get("note"), "note to remove")
                services.remove_annotation(key, note, base_version=base)
                message = "Removed."
            else:
                return no_update, no_update, *unchanged
        except StaleJourneyError as exc:
            return no_update, stale_words(exc, kept="your note is kept above."), *unchanged
        except ValueError as error:  # the event was deleted in another tab
            return no_update, str(error), *unchanged
        journey, now = services.load_journey_versioned(key)
        return build_missed_list(journey), message, (revision or 0) + 1, now
