"""Consent on the journey page: the line (or banner) saying what consent is on record, and the
facilitator's form to record who gave consent and for which audiences, or withdraw it. Records
are kept, never deleted (timeline/store/consent.py)."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State, dcc, html, no_update

from schemas import Journey
from timeline.access import Action, Role, Viewer
from timeline.consent import AUDIENCE_WORDS, NOT_NEEDED_TEXT, Audience, may_show, needs_consent
from timeline.coreview import set_consent_choices
from timeline.pages import ids
from timeline.pages.inputs import choices_input, key_input, text_input
from timeline.pages.journey_view import JourneyView
from timeline.service import Services

NO_CONSENT_BANNER = "No current consent: not for showing in a workshop or board paper"


def may_show_view(view: JourneyView, audience: Audience) -> bool:
    """Whether the journey on this page may be shown to `audience` (the consent rule)."""
    return may_show(view.whole, view.consented, audience)


def build_consent_note(view: JourneyView) -> html.Div:
    """Consent in words: not needed (invented), on record for some audiences, or a banner."""
    journey = view.whole
    if not needs_consent(journey):
        return html.P(
            NOT_NEEDED_TEXT.format(provenance=journey.provenance.value),
            id=ids.CONSENT_NOTE,
            className="consent-note",
        )
    given = [a.label for a in Audience if a.value in view.consented]
    words = f"Consent on record for: {', '.join(given)}." if given else "No consent on record."
    missing = [a for a in (Audience.WORKSHOP, Audience.BOARD_PAPER) if not may_show_view(view, a)]
    if not missing:
        return html.P(words, id=ids.CONSENT_NOTE, className="consent-note")
    detail = (
        f"{words} Present and Download are off until consent is recorded for "
        f"{' and '.join(a.label for a in missing)}: use 'Record or withdraw consent' below."
    )
    heading = (
        NO_CONSENT_BANNER if len(missing) > 1 else f"No current consent for {missing[0].label}"
    )
    return html.Div(
        [html.Strong(heading), html.P(detail)],
        id=ids.CONSENT_NOTE,
        className="consent-banner",
        role="alert",
    )


def build_consent_form(journey: Journey, consented: frozenset[str]) -> html.Details | None:
    """The form, for journeys that need consent (anonymised); None for invented ones."""
    if not needs_consent(journey):
        return None
    return html.Details(
        [
            html.Summary("Record or withdraw consent"),
            html.P(
                "Tick the audiences the person has agreed to, and say who gave consent. "
                "Untick one to withdraw it: the record is kept, marked withdrawn.",
                className="hint",
            ),
            html.Label("Consent given by", htmlFor=ids.JOURNEY_CONSENT_GIVEN_BY),
            dcc.Input(
                id=ids.JOURNEY_CONSENT_GIVEN_BY,
                type="text",
                maxLength=200,
                placeholder="e.g. the person, with their support worker",
            ),
            dcc.Checklist(
                id=ids.JOURNEY_CONSENT_CHOICES,
                options=[{"label": f" {w}", "value": a.value} for a, w in AUDIENCE_WORDS.items()],
                value=sorted(consented),
                labelStyle={"display": "block"},
            ),
            html.Button("Save consent", id=ids.JOURNEY_CONSENT_SAVE, className="button"),
            html.P(id=ids.JOURNEY_CONSENT_MESSAGE, role="status"),
        ],
        className="consent-form",
    )


def consent_given_by(viewer: Viewer | None, typed: str | None) -> str:
    """Who gave consent, as recorded: a reviewer gives it themselves, so it is always 'the
    person, signed in as NAME' whatever was typed; a facilitator says who gave it."""
    if viewer is not None and viewer.role is Role.REVIEWER:
        return f"the person, signed in as {viewer.username}"
    return (typed or "").strip()


def save_journey_consent(
    services: Services, key: object, chosen: object, given_by: object
) -> tuple[bool, str]:
    """Save the facilitator's consent choices: (changed, what happened or what to fix)."""
    key = key_input(key)
    services.require(Action.CONSENT, key)  # before anything about the journey is said
    chosen = choices_input(chosen, "list of audiences")
    who = consent_given_by(services.viewer(), text_input(given_by, "'consent given by'", limit=200))
    current = services.consent_audiences(key)
    if set(chosen) - current and not who:
        return False, "Say who gave consent (e.g. 'the person, with their support worker') first."
    try:
        given, withdrawn = set_consent_choices(services, key, chosen, given_by=who)
    except ValueError as exc:
        return False, f"Nothing saved: {exc}"
    if not given and not withdrawn:
        return False, "Nothing changed."
    words = []
    if given:
        words.append("given for " + ", ".join(given))
    if withdrawn:
        words.append("withdrawn for " + ", ".join(withdrawn))
    return True, f"Consent {'; '.join(words)}."


def register_consent_form_callbacks(
    app: Dash, services: Services, render: Callable[[str | None, str | None], object]
) -> None:
    """Wire the journey page's Save consent button; a change redraws the page (`render`), so
    the consent line, Present and Download follow it at once."""

    @app.callback(
        Output(ids.PAGE, "children", allow_duplicate=True),
        Output(ids.JOURNEY_CONSENT_MESSAGE, "children"),
        Input(ids.JOURNEY_CONSENT_SAVE, "n_clicks"),
        State(ids.JOURNEY_KEY, "data"),
        State(ids.JOURNEY_CONSENT_CHOICES, "value"),
        State(ids.JOURNEY_CONSENT_GIVEN_BY, "value"),
        State(ids.URL, "pathname"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _save(_clicks, key, chosen, given_by, pathname, search):  # noqa: ANN001, ANN202
        changed, message = save_journey_consent(services, key, chosen, given_by)
        return (render(pathname, search) if changed else no_update), message
