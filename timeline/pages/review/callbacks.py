"""Callbacks of the reviewer's view: send a proposal, pick an event from the chart, consent."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from schemas import ReviewKind
from timeline.access import Action
from timeline.coreview import list_proposals, set_consent_choices
from timeline.pages import ids
from timeline.pages.inputs import choices_input, key_input, text_input
from timeline.pages.journey.consent_form import consent_given_by
from timeline.pages.review.page import build_sent_list
from timeline.pages.review.view import submit_proposal
from timeline.service import Services

FORM_FIELDS = {
    "about": ids.REVIEW_ABOUT,
    "event": ids.REVIEW_EVENT,
    "start": ids.REVIEW_START,
    "end": ids.REVIEW_END,
    "agency": ids.REVIEW_AGENCY,
    "sector": ids.REVIEW_SECTOR,
    "kind": ids.REVIEW_KIND,
    "text": ids.REVIEW_TEXT,
    "fix_title": ids.REVIEW_FIX_TITLE,
    "fix_date": ids.REVIEW_FIX_DATE,
    "fix_end": ids.REVIEW_FIX_END,
    "fix_kind": ids.REVIEW_FIX_KIND,
    "fix_agency": ids.REVIEW_FIX_AGENCY,
    "paraphrased": ids.REVIEW_PARAPHRASED,
}

# The boxes emptied once a proposal is sent: the words, then what a correction says it really was.
CLEARED_AFTER_SENDING = (
    ids.REVIEW_TEXT,
    ids.REVIEW_FIX_TITLE,
    ids.REVIEW_FIX_DATE,
    ids.REVIEW_FIX_END,
    ids.REVIEW_FIX_KIND,
    ids.REVIEW_FIX_AGENCY,
)


def form_input(values: tuple) -> dict:
    """The reviewer's form as sent: text in every box, a list of ticks for 'paraphrased'."""
    form = dict(zip(FORM_FIELDS, values, strict=True))
    for field, value in form.items():
        if field == "paraphrased":
            form[field] = choices_input(value, "'paraphrased' tick")
        else:
            form[field] = text_input(value, f"'{field.replace('_', ' ')}' box", limit=5_000)
    return form


def clicked_event(click: dict | None, figure: dict | None) -> str | None:
    """The id of the event a chart click landed on (None for anything else). A period drawn as
    a WebGL line has `vertices` points (start, end, gap) per event."""
    try:
        point = click["points"][0]
        meta = figure["data"][point["curveNumber"]]["meta"]
        return str(meta["event_ids"][point["pointNumber"] // meta.get("vertices", 1)])
    except (KeyError, IndexError, TypeError):
        return None


def save_consent(services: Services, key: object, chosen: object) -> str:
    """Save the ticked audiences as the journey's consent; say what changed, in words. A
    reviewer's consent is recorded as 'the person, signed in as NAME'."""
    key, chosen = key_input(key), choices_input(chosen, "list of audiences")
    viewer = services.viewer()
    other = f"{viewer.label} (signed in as {viewer.username})" if viewer else "the person"
    try:
        given, withdrawn = set_consent_choices(
            services, key, chosen, given_by=consent_given_by(viewer, other)
        )
    except ValueError as exc:  # an audience the form does not offer
        return f"Nothing saved: {exc}."
    if not given and not withdrawn:
        return "Nothing changed: your choices were already saved."
    parts = []
    if given:
        parts.append("consent given for " + ", ".join(a.replace("_", " ") for a in given))
    if withdrawn:
        parts.append("consent withdrawn for " + ", ".join(a.replace("_", " ") for a in withdrawn))
    return "Saved: " + "; ".join(parts) + "."


def about_fields(about: str | None) -> tuple:
    """Which of the form's fields are hidden for what the request is about (event, period,
    agency, sector fields), and the kind to pick: a whole service can only be hidden."""
    shown = about if isinstance(about, str) and about in {"period", "agency", "sector"} else "event"
    hidden = tuple(shown != field for field in ("event", "period", "agency", "sector"))
    return (*hidden, ReviewKind.HIDE.value if shown in {"agency", "sector"} else no_update)


def register_review_callbacks(app: Dash, services: Services) -> None:
    """Wire the reviewer's form, the chart click and the consent choices."""

    @app.callback(
        Output(ids.REVIEW_MESSAGE, "children"),
        Output(ids.REVIEW_SENT, "children"),
        *[Output(component, "value") for component in CLEARED_AFTER_SENDING],
        Input(ids.REVIEW_SEND, "n_clicks"),
        State(ids.REVIEW_KEY, "data"),
        *[State(component, "value") for component in FORM_FIELDS.values()],
        prevent_initial_call=True,
    )
    def _send(_clicks, key, *values):  # noqa: ANN001, ANN202
        key = key_input(key)
        ok, message = submit_proposal(services, key, form_input(values))
        if not ok:
            return message, no_update, *[no_update for _ in CLEARED_AFTER_SENDING]
        journey = services.load_journey(key, Action.REVIEW)
        sent = build_sent_list(list_proposals(services, key), journey)
        return message, sent, "", "", "", "", None, None

    @app.callback(
        Output(ids.REVIEW_EVENT, "value"),
        Output(ids.REVIEW_ABOUT, "value"),
        Input(ids.REVIEW_GRAPH, "clickData"),
        State(ids.REVIEW_GRAPH, "figure"),
        prevent_initial_call=True,
    )
    def _pick(click, figure):  # noqa: ANN001, ANN202
        event_id = clicked_event(click, figure)
        return (event_id, "event") if event_id else (no_update, no_update)

    @app.callback(
        Output(ids.REVIEW_EVENT_FIELD, "hidden"),
        Output(ids.REVIEW_PERIOD_FIELD, "hidden"),
        Output(ids.REVIEW_AGENCY_FIELD, "hidden"),
        Output(ids.REVIEW_SECTOR_FIELD, "hidden"),
        Output(ids.REVIEW_KIND, "value"),
        Input(ids.REVIEW_ABOUT, "value"),
    )
    def _about(about):  # noqa: ANN001, ANN202
        return about_fields(about)

    @app.callback(
        Output(ids.CONSENT_MESSAGE, "children"),
        Input(ids.CONSENT_SAVE, "n_clicks"),
        State(ids.REVIEW_KEY, "data"),
        State(ids.CONSENT_CHOICES, "value"),
        prevent_initial_call=True,
    )
    def _consent(_clicks, key, chosen):  # noqa: ANN001, ANN202
        return save_consent(services, key, chosen)
