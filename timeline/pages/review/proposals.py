"""The facilitator's co-review page (/journeys/KEY/review): reviewers' proposals, each accepted
(applied to the journey, with a history version) or declined with a note; and who the journey is
shared with."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from schemas import (
    REVIEW_KIND_LABELS,
    AnnotationKind,
    Journey,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
)
from timeline.access import Action
from timeline.accounts import Accounts
from timeline.coreview import decide, list_proposals
from timeline.describe import display_span, plural
from timeline.pages import ids
from timeline.pages.conflict import stale_words
from timeline.pages.inputs import (
    UnusableInputError,
    key_input,
    number_input,
    page_version_input,
    text_input,
)
from timeline.pages.review.view import describe_anchor, describe_change, outcome_words
from timeline.review import ReviewError, hidden_by
from timeline.service import Services
from timeline.store import JourneyNotFoundError, ReviewItemNotFoundError, StaleJourneyError
from timeline.stored_dates import UNSHOWABLE_NOTE_ID

REVIEW_SUFFIX = "/review"


def _card(item: ReviewItem, journey: Journey, *, open_: bool) -> html.Li:
    proposal = item.proposal
    body = [
        html.Strong(REVIEW_KIND_LABELS[proposal.kind]),
        html.Span(f" about {describe_anchor(item, journey)}"),
        html.P(proposal.text) if proposal.text else None,
        html.P(describe_change(item)) if describe_change(item) else None,
        _whole_service_note(item, journey) if open_ else None,
        html.P(
            f"From: {item.author_role}{', paraphrased' if proposal.paraphrased else ''} "
            f"(account {item.author}), {item.created_at:%d %b %Y %H:%M}",
            className="hint",
        ),
    ]
    if open_:
        body += [
            html.Label(
                [
                    "Note to the reviewer (optional) ",
                    dcc.Input(
                        id={"type": ids.PROPOSAL_NOTE, "item": item.id},
                        type="text",
                        maxLength=2000,
                        className="proposal-note",
                    ),
                ]
            ),
            html.Button(
                "Accept",
                id={"type": ids.PROPOSAL_DECIDE, "item": item.id, "accept": True},
                className="button",
            ),
            html.Button(
                "Decline",
                id={"type": ids.PROPOSAL_DECIDE, "item": item.id, "accept": False},
                className="button button-secondary",
            ),
        ]
    else:
        body.append(
            html.P(
                f"{outcome_words(item)} (by {item.decided_by})",
                className=f"outcome outcome-{item.status.value}",
            )
        )
    return html.Li(body, className="proposal")


def _whole_service_note(item: ReviewItem, journey: Journey) -> html.P | None:
    """What accepting a request to hide a whole agency or sector would hide, counted."""
    proposal = item.proposal
    if proposal.agency is None and proposal.sector is None:
        return None
    count = plural(len(hidden_by(journey, [proposal])), "event")
    return html.P(
        f"Accepting makes {count} there restricted: only facilitators will see them. While this "
        "waits they are already left out of presenter mode, downloads and commissioners' views.",
        className="hint",
    )


def build_proposal_lists(items: list[ReviewItem], journey: Journey) -> tuple[list, list]:
    """(open proposals, decided ones) as list contents."""
    waiting = [i for i in items if i.status is ReviewStatus.OPEN]
    done = [i for i in items if i.status is not ReviewStatus.OPEN]
    open_part = (
        [html.Ol([_card(i, journey, open_=True) for i in waiting], className="proposal-list")]
        if waiting
        else [html.P("Nothing waiting for a decision.")]
    )
    done_part = (
        [
            html.Ol(
                [_card(i, journey, open_=False) for i in reversed(done)], className="proposal-list"
            )
        ]
        if done
        else [html.P("No decisions yet.")]
    )
    return open_part, done_part


def build_proposals_page(
    journey: Journey,
    items: list[ReviewItem],
    shared: list[str],
    reviewers: list[str],
    version: int | None = None,
) -> html.Div:
    """Open proposals with Accept/Decline, decided ones with outcomes, and sharing. `version`
    is the journey version shown: a decision names it, so a stale page's decision is refused."""
    open_part, done_part = build_proposal_lists(items, journey)
    return html.Div(
        [
            dcc.Store(id=ids.PROPOSALS_KEY, data=journey.key),
            dcc.Store(id=ids.PROPOSALS_VERSION, data=version),
            html.H1(f"Co-review: {journey.title}"),
            dcc.Link("Back to the journey", href=f"/journeys/{journey.key}"),
            html.P(id=ids.PROPOSALS_MESSAGE, role="status", className="review-message"),
            html.Section(
                [html.H2("Waiting for a decision"), html.Div(open_part, id=ids.PROPOSALS_OPEN)],
                className="panel",
            ),
            html.Section(
                [html.H2("Decided"), html.Div(done_part, id=ids.PROPOSALS_DONE)],
                className="panel",
            ),
            _sharing(shared, reviewers),
        ],
        className="proposals-page",
    )


def build_share_list(shared: list[str]) -> html.Ul | html.P:
    """The reviewers a journey is shared with, each with a Stop sharing button."""
    if not shared:
        return html.P("Not shared with anyone yet.")
    return html.Ul(
        [
            html.Li(
                [
                    html.Span(f"{name} "),
                    html.Button(
                        "Stop sharing",
                        id={"type": ids.UNSHARE_BUTTON, "user": name},
                        className="button button-small",
                        **{"aria-label": f"Stop sharing with {name}"},
                    ),
                ]
            )
            for name in shared
        ]
    )


def _sharing(shared: list[str], reviewers: list[str]) -> html.Section:
    return html.Section(
        [
            html.H2("Reviewers"),
            html.Div(build_share_list(shared), id=ids.SHARE_LIST),
            html.P(id=ids.SHARE_MESSAGE, role="status"),
            html.Label("Share with a reviewer account", htmlFor=ids.SHARE_USER),
            dcc.Dropdown(
                id=ids.SHARE_USER,
                options=[r for r in reviewers if r not in shared],
                placeholder="choose a reviewer",
            ),
            html.Button("Share", id=ids.SHARE_BUTTON, className="button"),
        ],
        className="panel",
    )


def decide_proposal(
    services: Services,
    key: str,
    item_id: int,
    accept: bool,
    note: str,
    base_version: int | None = None,
) -> str:
    """Accept or decline one proposal and say what happened, for the status line. With
    `base_version` (the version the page showed), a journey saved by someone else since is
    not changed and the message says to reload."""
    return _decide_and_say(services, key, item_id, accept, note, base_version)[0]


def _decide_and_say(
    services: Services, key: str, item_id: int, accept: bool, note: str, base: int | None
) -> tuple[str, bool]:
    """(what happened, whether the page was stale)."""
    try:
        item = decide(services, key, item_id, accept=accept, note=note or "", base_version=base)
    except StaleJourneyError as exc:
        return stale_words(exc, kept="your note is kept below."), True
    except (ReviewError, ReviewItemNotFoundError, ValueError) as exc:
        return f"Nothing changed: {exc}", False
    what = _what(item, services, key)
    if accept:
        done = (
            "Only facilitators see it now"
            if item.proposal.kind is ReviewKind.HIDE
            else "The journey now shows it"
        )
        return f"Accepted proposal: {what}. {done} (saved in its history).", False
    return f"Declined proposal: {what}. The reviewer will see your note.", False


def _what(item: ReviewItem, services: Services, key: str) -> str:
    """The proposal as its card names it ('A comment about 9 Jan 2017 · Hostel · ...'), not by
    its internal number."""
    try:
        journey = services.load_journey(key, Action.DECIDE)
    except JourneyNotFoundError:
        journey = None
    return f"{REVIEW_KIND_LABELS[item.proposal.kind]} about {describe_anchor(item, journey)}"


def register_proposals_callbacks(app: Dash, services: Services, accounts: Accounts) -> None:
    """Wire Accept/Decline and Share."""

    @app.callback(
        Output(ids.PROPOSALS_OPEN, "children"),
        Output(ids.PROPOSALS_DONE, "children"),
        Output(ids.PROPOSALS_MESSAGE, "children"),
        Output(ids.PROPOSALS_VERSION, "data"),
        Input({"type": ids.PROPOSAL_DECIDE, "item": ALL, "accept": ALL}, "n_clicks"),
        State({"type": ids.PROPOSAL_NOTE, "item": ALL}, "value"),
        State(ids.PROPOSALS_KEY, "data"),
        State(ids.PROPOSALS_VERSION, "data"),
        prevent_initial_call=True,
    )
    def _decide(clicks, notes, key, version):  # noqa: ANN001, ANN202
        # Redrawing the lists adds fresh buttons, which fires this again with no clicks.
        if not ctx.triggered_id or not any(clicks):
            return no_update, no_update, no_update, no_update
        key, base = key_input(key), page_version_input(version)
        item_id = number_input(ctx.triggered_id.get("item"), "proposal to decide")
        accept = ctx.triggered_id.get("accept")
        if type(accept) is not bool:
            raise UnusableInputError("The button should say Accept or Decline.")
        boxes = [s for s in ctx.states_list[0] if isinstance(s.get("id"), dict)]
        note_of = {
            s["id"].get("item"): s.get("value") for s in boxes if type(s["id"].get("item")) is int
        }
        note = text_input(note_of.get(item_id), "note", limit=2000) or ""
        message, stale = _decide_and_say(services, key, item_id, accept, note, base)
        if stale:  # the page stays as it is, with the notes typed
            return no_update, no_update, message, no_update
        journey, now = services.load_journey_versioned(key, Action.DECIDE)
        open_part, done_part = build_proposal_lists(list_proposals(services, key), journey)
        return open_part, done_part, message, now

    @app.callback(
        Output(ids.SHARE_LIST, "children"),
        Output(ids.SHARE_MESSAGE, "children"),
        Input(ids.SHARE_BUTTON, "n_clicks"),
        Input({"type": ids.UNSHARE_BUTTON, "user": ALL}, "n_clicks"),
        State(ids.SHARE_USER, "value"),
        State(ids.PROPOSALS_KEY, "data"),
        prevent_initial_call=True,
    )
    def _share(_clicks, unshare_clicks, username, key):  # noqa: ANN001, ANN202
        trigger = ctx.triggered_id
        key, username = key_input(key), text_input(username, "reviewer's username", limit=80)
        if isinstance(trigger, dict):
            # Redrawing the list adds fresh buttons, which fires this again with no clicks.
            if not any(unshare_clicks):
                return no_update, no_update
            message = unshare_from_reviewer(services, accounts, key, trigger["user"])
        else:
            message = share_with_reviewer(services, accounts, key, username)
        return build_share_list(accounts.shared_with(key)), message


def unshare_from_reviewer(services: Services, accounts: Accounts, key: str, username: str) -> str:
    """Stop sharing journey `key` with a reviewer account and say so."""
    services.require(Action.SHARE, key)
    try:
        unshared = accounts.unshare(key, username)
    except (TypeError, ValueError):  # not a username the list could hold
        raise UnusableInputError("That reviewer is not on this page's list.") from None
    if unshared:
        return f"Stopped sharing with {username}: the journey is gone from their view."
    return f"It was not shared with {username}."


def share_with_reviewer(
    services: Services, accounts: Accounts, key: str, username: str | None
) -> str:
    """Share journey `key` with a reviewer account and say so."""
    services.require(Action.SHARE, key)
    if not username:
        return "Choose a reviewer account first."
    viewer = services.viewer()
    try:
        added = accounts.share(key, username, by=viewer.username if viewer else "local user")
    except (ValueError, LookupError) as exc:
        return f"Not shared: {exc}"
    shared = ", ".join(accounts.shared_with(key))
    return f"Shared with: {shared}." if added else f"Already shared. Shared with: {shared}."


def build_notes_panel(journey: Journey) -> html.Div | html.Details | None:
    """The journey's comment notes (e.g. accepted co-review comments, and what the agency's
    record said before a correction), for the facilitator's journey page: they are not drawn on
    the chart. Dates that cannot be shown are said first, in the open. None when nothing."""
    notes = [a for a in journey.annotations if a.kind is AnnotationKind.COMMENT]
    alert = next((a for a in notes if a.id == UNSHOWABLE_NOTE_ID), None)
    if alert is not None:
        rest = journey.model_copy(update={"annotations": tuple(a for a in notes if a != alert)})
        return html.Div(
            [
                html.P(alert.text, role="alert", className="alert alert-error"),
                build_notes_panel(rest),
            ]
        )
    titles = {e.id: e.title for e in journey.events}
    if not notes:
        return None
    items = []
    for note in notes:
        if note.start is not None:
            about = display_span(note.start, note.end)
        else:
            about = (
                ", ".join(
                    titles.get(i, "an event no longer in the journey") for i in note.event_ids
                )
                or "the whole journey"
            )
        mark = ", paraphrased" if note.paraphrased else ""
        items.append(
            html.Li([html.Strong(about), html.Span(f": {note.text} ({note.author_role}{mark})")])
        )
    return html.Details(
        [html.Summary(f"Comments ({len(notes)})"), html.Ul(items, className="missed-list")],
        className="notes-panel",
    )
