"""The frame around every page: header, navigation, the page slot and a privacy note."""

from __future__ import annotations

import flask
from dash import dcc, html
from flask_wtf.csrf import generate_csrf

from timeline.access import AccessDeniedError, Action, Role, Viewer, role_allows
from timeline.pages import ids
from timeline.service import Services

NAV = (
    ("Journeys", "/", None),
    ("Compare", "/compare", Action.COMPARE),
    ("Cohorts", "/cohorts", Action.COHORTS),
    ("Import", "/import", Action.IMPORT),
    ("Admin", "/admin", Action.USERS),  # only with accounts on: local mode has nobody to manage
)


def _nav_links(viewer: Viewer | None) -> list:
    links = []
    for label, href, action in NAV:
        if action is Action.USERS and viewer is None:
            continue
        if viewer is None or action is None or role_allows(viewer.role, action):
            text = (
                "Your journeys"
                if viewer and viewer.role is Role.REVIEWER and href == "/"
                else label
            )
            links.append(dcc.Link(text, href=href))
    return links


def _signed_in_as(viewer: Viewer) -> str:
    """Who is signed in: staff see their role's name; a person with lived experience just
    their own name (a role name is the organisation's word, not theirs)."""
    if viewer.role is Role.REVIEWER:
        return f"Signed in as {viewer.username}"
    return f"Signed in as {viewer.username} ({viewer.role.value})"


def _account(viewer: Viewer, csrf_token: str) -> html.Form:
    # A plain form: signing out is a POST (with the CSRF token), never a link a page could fetch.
    return html.Form(
        [
            html.Span(_signed_in_as(viewer), className="who"),
            dcc.Input(type="hidden", name="csrf_token", value=csrf_token),
            html.Button("Sign out", type="submit", className="button button-small"),
        ],
        action="/logout",
        method="POST",
        className="account",
    )


def build_shell(viewer: Viewer | None = None, csrf_token: str = "") -> html.Div:
    """The app's fixed layout; the router fills the page slot. With a signed-in `viewer`, the
    navigation offers only what their role may use, and a Sign out button."""
    header = [
        dcc.Link("Touchpoints", href="/", className="brand"),
        html.Nav(_nav_links(viewer), **{"aria-label": "Main"}),
    ]
    if viewer is not None and csrf_token:
        header.append(_account(viewer, csrf_token))
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            # here, not in the journey page, so that inserting a page never calls the server
            dcc.Store(id=ids.OVERVIEW_ZOOM, data=None),
            html.A("Skip to content", href=f"#{ids.PAGE}", className="skip-link"),
            html.Header(header, className="topbar"),
            html.Main(id=ids.PAGE, className="page", **{"tabIndex": "-1"}),
            html.Footer(
                "Each journey says what it is: illustrative or synthetic (invented), or "
                "anonymised (about a real person, shown only with their consent).",
                className="footer",
            ),
        ],
        id="main",
    )


def build_shell_for(services: Services) -> html.Div:
    """The shell for whoever is signed in (a plain one before sign-in or outside a request)."""
    if not flask.has_request_context():
        return build_shell()
    try:
        return build_shell(services.viewer(), generate_csrf())
    except AccessDeniedError:
        return build_shell()
