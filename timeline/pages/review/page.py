"""The reviewer's view (/review/KEY): an expert by experience reviews the version that would be
shown, in plain language and large type, proposes changes, and gives or withdraws consent."""

from __future__ import annotations

from dash import dcc, html

from schemas import REVIEW_KIND_LABELS, Journey, ReviewItem, ReviewKind
from timeline.consent import needs_consent
from timeline.pages import ids
from timeline.pages.journey_view import JourneyView
from timeline.pages.review.view import (
    AUDIENCE_CHOICES,
    agency_choices,
    describe_anchor,
    describe_change,
    event_choices,
    kind_choices,
    outcome_words,
    service_choices,
)

KIND_HINTS = {
    ReviewKind.COMMENT: "A comment: anything you want the facilitator to know.",
    ReviewKind.CORRECTION: "Something is wrong: say what it really was (what kind of contact, "
    "which service, the dates), or put it in your words.",
    ReviewKind.HIDE: "Please hide this: it is left out of workshops, reports and downloads "
    "straight away, while a facilitator looks at your request.",
    ReviewKind.IN_MY_WORDS: "In my words: your own account, shown beside the agencies' record.",
    ReviewKind.STRENGTH: "A strength or little win: an appointment kept, a longer time without "
    "a crisis, getting on the housing register.",
}


def build_sent_list(items: list[ReviewItem], journey: Journey) -> html.Div:
    """What the reviewer has sent, newest first, each with its outcome."""
    if not items:
        return html.P("You have not sent anything yet.")
    return html.Ol(
        [
            html.Li(
                [
                    html.Strong(REVIEW_KIND_LABELS[i.proposal.kind]),
                    html.Span(f" about {describe_anchor(i, journey)}"),
                    html.P(i.proposal.text) if i.proposal.text else None,
                    html.P(describe_change(i)) if describe_change(i) else None,
                    html.P("Someone wrote these words down for you.")
                    if i.proposal.paraphrased
                    else None,
                    html.P(outcome_words(i), className=f"outcome outcome-{i.status.value}"),
                ],
                className="sent-item",
            )
            for i in reversed(items)
        ],
        className="sent-list",
    )


def build_consent_choices(journey: Journey, consented: frozenset[str]) -> html.Section:
    """The reviewer's consent: one tick per audience, saved together."""
    if not needs_consent(journey):
        body = [html.P("This journey is invented, so nobody's consent is needed to show it.")]
    else:
        body = [
            html.P(
                "You decide who may see this journey. You can change your mind at any time; "
                "taking a tick away stops it being shown there straight away."
            ),
            dcc.Checklist(
                id=ids.CONSENT_CHOICES,
                options=[{"label": f" {w}", "value": a.value} for a, w in AUDIENCE_CHOICES.items()],
                value=sorted(consented),
                className="big-choices",
                labelStyle={"display": "block"},
            ),
            html.Button("Save my choices", id=ids.CONSENT_SAVE, className="button button-big"),
            html.P(id=ids.CONSENT_MESSAGE, role="status", className="review-message"),
        ]
    return html.Section(
        [html.H2("Who may see it"), *body], className="panel", **{"aria-label": "Consent"}
    )


def build_review_page(
    view: JourneyView, items: list[ReviewItem], consented: frozenset[str]
) -> html.Div:
    """The reviewer's page: the shown version, the proposal form, what was sent, consent."""
    journey = view.journey
    return html.Div(
        [
            dcc.Store(id=ids.REVIEW_KEY, data=journey.key),
            html.H1(f"Reviewing: {journey.title}"),
            html.P(
                "This is the version that would be shown to partner agencies. Tell us where it "
                "is wrong or misses the point, add your own words or the little wins, or ask for "
                "something to be hidden. A facilitator reads everything you send and you will "
                "see what they did below."
            ),
            dcc.Graph(
                id=ids.REVIEW_GRAPH,
                figure=view.figure,
                config={"displaylogo": False, "displayModeBar": False},
                style={"height": f"{view.figure['layout']['height']}px"},
            ),
            html.P(
                "Tip: click an event on the chart to choose it in the form below.",
                className="hint",
            ),
            _form(journey),
            html.Section(
                [
                    html.H2("What you have sent"),
                    html.Div(id=ids.REVIEW_SENT, children=build_sent_list(items, journey)),
                ],
                className="panel",
            ),
            build_consent_choices(journey, consented),
        ],
        className="review-page",
    )


def _form(journey: Journey) -> html.Section:
    return html.Section(
        [
            html.H2("Tell us about it"),
            html.Fieldset(
                [
                    html.Legend("What is it about?"),
                    dcc.RadioItems(
                        id=ids.REVIEW_ABOUT,
                        options=[
                            {"label": " One thing that happened", "value": "event"},
                            {"label": " A period of time", "value": "period"},
                            {"label": " All my contact with one service", "value": "agency"},
                            {
                                "label": " All my contact with one kind of service "
                                "(for example all housing services)",
                                "value": "sector",
                            },
                        ],
                        value="event",
                        className="big-choices",
                        labelStyle={"display": "block"},
                    ),
                ]
            ),
            html.Div(
                [
                    html.Label("Which one?", htmlFor=ids.REVIEW_EVENT),
                    dcc.Dropdown(
                        id=ids.REVIEW_EVENT,
                        options=event_choices(journey),
                        placeholder="Choose what happened",
                    ),
                ],
                className="review-field",
                id=ids.REVIEW_EVENT_FIELD,
            ),
            html.Div(
                [
                    html.Label("From", htmlFor=ids.REVIEW_START),
                    dcc.Input(id=ids.REVIEW_START, type="date"),
                    html.Label("To (if it ended)", htmlFor=ids.REVIEW_END),
                    dcc.Input(id=ids.REVIEW_END, type="date"),
                ],
                className="review-field review-dates",
                id=ids.REVIEW_PERIOD_FIELD,
                hidden=True,  # shown when "A period of time" is chosen
            ),
            *_whole_service_fields(journey),
            html.Fieldset(
                [
                    html.Legend("What do you want to do?"),
                    dcc.RadioItems(
                        id=ids.REVIEW_KIND,
                        options=[
                            {"label": f" {h}", "value": k.value} for k, h in KIND_HINTS.items()
                        ],
                        value=ReviewKind.COMMENT.value,
                        className="big-choices",
                        labelStyle={"display": "block"},
                    ),
                ]
            ),
            html.Div(
                [
                    html.Label("Your words", htmlFor=ids.REVIEW_TEXT),
                    dcc.Textarea(id=ids.REVIEW_TEXT, rows=4, className="review-text"),
                    dcc.Checklist(
                        id=ids.REVIEW_PARAPHRASED,
                        options=[
                            {
                                "label": " Someone wrote these words down for me "
                                "(they will be marked 'paraphrased')",
                                "value": "yes",
                            }
                        ],
                        value=[],
                        className="big-choices",
                    ),
                ],
                className="review-field",
            ),
            _correction_fields(journey),
            html.Button(
                "Send to the facilitator", id=ids.REVIEW_SEND, className="button button-big"
            ),
            html.P(id=ids.REVIEW_MESSAGE, role="status", className="review-message"),
        ],
        className="panel review-form",
        **{"aria-label": "Tell us about it"},
    )


def _whole_service_fields(journey: Journey) -> list[html.Div]:
    """Pick lists of the services and kinds of service the reviewer sees, to hide whole."""
    agencies, sectors = service_choices(journey)
    hint = "Only 'Please hide this' can be about a whole service: nothing there is shown then."
    return [
        html.Div(
            [
                html.Label(label, htmlFor=dropdown),
                dcc.Dropdown(id=dropdown, options=choices, placeholder=placeholder),
                html.P(hint, className="hint"),
            ],
            className="review-field",
            id=field,
            hidden=True,  # shown when this is what the reviewer's request is about
        )
        for label, dropdown, field, choices, placeholder in (
            (
                "Which service?",
                ids.REVIEW_AGENCY,
                ids.REVIEW_AGENCY_FIELD,
                agencies,
                "Choose the service",
            ),
            (
                "Which kind of service?",
                ids.REVIEW_SECTOR,
                ids.REVIEW_SECTOR_FIELD,
                sectors,
                "Choose the kind of service",
            ),
        )
    ]


def _correction_fields(journey: Journey) -> html.Details:
    """The "something is wrong" boxes: what it really was, each one optional."""
    return html.Details(
        [
            html.Summary("If something is wrong: what it really was"),
            html.Label("What kind of contact was it really?", htmlFor=ids.REVIEW_FIX_KIND),
            dcc.Dropdown(
                id=ids.REVIEW_FIX_KIND,
                options=kind_choices(),
                placeholder="For example: a move, not an eviction",
            ),
            html.Label("Which service was it?", htmlFor=ids.REVIEW_FIX_AGENCY),
            dcc.Dropdown(
                id=ids.REVIEW_FIX_AGENCY,
                options=agency_choices(journey),
                placeholder="Choose the service",
            ),
            html.Label("The right date", htmlFor=ids.REVIEW_FIX_DATE),
            dcc.Input(id=ids.REVIEW_FIX_DATE, type="date", min="1900-01-01", max="2100-12-31"),
            html.Label("When it ended (if it did)", htmlFor=ids.REVIEW_FIX_END),
            dcc.Input(id=ids.REVIEW_FIX_END, type="date", min="1900-01-01", max="2100-12-31"),
            html.Label("What it should say", htmlFor=ids.REVIEW_FIX_TITLE),
            dcc.Input(id=ids.REVIEW_FIX_TITLE, type="text", maxLength=200),
        ],
        className="review-field",
    )


def build_review_home(journeys: list) -> html.Div:
    """A reviewer's start page: the journeys shared with them."""
    if not journeys:
        items = [html.P("No journey has been shared with you yet. Ask your facilitator.")]
    else:
        items = [
            html.Ul(
                [
                    html.Li(dcc.Link(s.title, href=f"/review/{s.key}"), className="big-link")
                    for s in journeys
                ]
            )
        ]
    return html.Div([html.H1("Journeys shared with you"), *items], className="review-page")
