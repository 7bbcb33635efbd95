"""The one routing callback: pathname in, page out. It only decodes and delegates."""

from __future__ import annotations

from urllib.parse import unquote

from dash import Dash, Input, Output, State, dcc, html

from timeline.access import AccessDeniedError, Action, Role
from timeline.accounts import Accounts
from timeline.consent import Audience
from timeline.coreview import list_proposals, open_count
from timeline.pages import ids
from timeline.pages.admin.actions import admin_lists
from timeline.pages.admin.callbacks import register_admin_callbacks
from timeline.pages.admin.page import ADMIN_PATH, build_accounts_off_page, build_admin_page
from timeline.pages.cohorts.page import build_cohorts_page
from timeline.pages.cohorts.person import render_cohort_person_page
from timeline.pages.compare.page import build_compare_page, register_compare_callbacks
from timeline.pages.compare.view import parse_compare_query
from timeline.pages.editor.callbacks import register_editor_callbacks
from timeline.pages.editor.page import build_editor_page
from timeline.pages.explorer.callbacks import register_explorer_callbacks
from timeline.pages.explorer.opening import render_explorer
from timeline.pages.explorer.view import CohortNotFoundError, catalog_for
from timeline.pages.history.page import (
    HISTORY_SUFFIX,
    register_history_callbacks,
    render_history_page,
)
from timeline.pages.inputs import search_input
from timeline.pages.journey.callbacks import register_journey_callbacks
from timeline.pages.journey.consent_form import register_consent_form_callbacks
from timeline.pages.journey.involved import register_involved_callbacks
from timeline.pages.journey.missed import register_missed_callbacks
from timeline.pages.journey.pack_download import register_pack_download
from timeline.pages.journey.page import build_journey_page, build_not_found_page
from timeline.pages.journey.zoom import view_at_zoom
from timeline.pages.journey_view import build_journey_view
from timeline.pages.journeys.page import build_journeys_page
from timeline.pages.present.callbacks import register_present_callbacks
from timeline.pages.present.page import (
    build_no_consent_page,
    build_present_page,
    parse_present_query,
)
from timeline.pages.review.callbacks import register_review_callbacks
from timeline.pages.review.page import build_review_home, build_review_page
from timeline.pages.review.proposals import (
    REVIEW_SUFFIX,
    build_proposals_page,
    register_proposals_callbacks,
)
from timeline.pages.upload.callbacks import register_upload_callbacks
from timeline.pages.upload.page import build_upload_page
from timeline.pages.url_state import parse_view_query
from timeline.service import Services
from timeline.store import JourneyNotFoundError

JOURNEY_PREFIX = "/journeys/"
PRESENT_PREFIX = "/present/"
EDIT_PREFIX = "/edit/"
COHORTS_PREFIX = "/cohorts/"
REVIEW_PREFIX = "/review/"


def render_page(
    pathname: str | None,
    services: Services,
    search: str | None = None,
    accounts: Accounts | None = None,
) -> html.Div:
    """The page for a URL as the viewer may see it: '/' lists journeys, '/journeys/<key>' shows
    one. A journey the viewer may not see is 'not found'; a page their role may not use says so.
    """
    if not isinstance(pathname, str | None):  # the page only ever sends its own address
        return build_not_found_page("There is no such page.")
    path = (pathname or "/").rstrip("/") or "/"
    search = search_input(search)
    try:
        page = _render(path, services, search, accounts)
    except JourneyNotFoundError as exc:
        if _is_reviewer(services):
            return build_not_found_page(REVIEWER_NOT_FOUND, REVIEWER_BACK)
        return build_not_found_page(f"There is no journey with the key {exc.key!r}.")
    except AccessDeniedError as exc:
        if _is_reviewer(services):
            return build_not_allowed_page(REVIEWER_NOT_ALLOWED, REVIEWER_BACK)
        return build_not_allowed_page(str(exc))
    if page is not None:
        return page
    if _is_reviewer(services):
        return build_not_found_page(REVIEWER_NO_PAGE, REVIEWER_BACK)
    return build_not_found_page(f"There is no page at {path!r}.")


# A reviewer (a person with lived experience) is told what happened without keys, roles or
# paths; a journey missing and one not shared with them get the same words.
REVIEWER_NOT_FOUND = (
    "We cannot find that journey. The link may be mistyped, or the journey is not shared with you."
)
REVIEWER_NO_PAGE = "There is nothing at this address. The link may be mistyped."
REVIEWER_NOT_ALLOWED = (
    "This page is for the facilitators. You can look at, and tell us about, the journeys "
    "shared with you."
)
REVIEWER_BACK = "Back to the journeys shared with you"


def _is_reviewer(services: Services) -> bool:
    try:
        viewer = services.viewer()
    except AccessDeniedError:
        return False
    return viewer is not None and viewer.role is Role.REVIEWER


def _render(path: str, services: Services, search: str | None, accounts: Accounts | None):  # noqa: ANN202, C901, PLR0911
    viewer = services.viewer()
    reviewer = viewer is not None and viewer.role is Role.REVIEWER
    if path in {"/", "/journeys"}:
        journeys = services.list_journeys()
        return build_review_home(journeys) if reviewer else build_journeys_page(journeys)
    if path == "/compare":
        services.require(Action.COMPARE)
        return build_compare_page(services, services.list_journeys(), parse_compare_query(search))
    if path == ADMIN_PATH:
        services.require(Action.USERS)
        if accounts is None or not services.settings.accounts:
            return build_accounts_off_page()
        return build_admin_page(admin_lists(accounts), services.list_journeys())
    if path == "/import":
        services.require(Action.IMPORT)
        return build_upload_page(services.settings.max_upload_mb)
    if path == "/cohorts" or path.startswith(COHORTS_PREFIX):
        services.require(Action.COHORTS)
        if path == "/cohorts":
            infos = catalog_for(services).infos()
            return build_cohorts_page(infos, services.settings.suppress_below)
        return render_cohort_page(unquote(path.removeprefix(COHORTS_PREFIX)), services, search)
    if path.startswith(PRESENT_PREFIX):
        key = unquote(path.removeprefix(PRESENT_PREFIX))
        state = parse_present_query(search)
        journey = services.load_journey(key, Action.PRESENT)
        if not services.may_show(journey, Audience.WORKSHOP):
            return build_no_consent_page(key, journey.title)
        return build_present_page(key, journey.title, state)
    if path.startswith(EDIT_PREFIX):
        key = unquote(path.removeprefix(EDIT_PREFIX))
        return build_editor_page(*services.load_journey_versioned(key, Action.EDIT))
    if path.startswith(REVIEW_PREFIX):
        return render_review_page(services, unquote(path.removeprefix(REVIEW_PREFIX)))
    rest = path.removeprefix(JOURNEY_PREFIX) if path.startswith(JOURNEY_PREFIX) else None
    if rest is not None and rest.endswith(HISTORY_SUFFIX):
        # a journey keyed "history" is still /journeys/history
        key = unquote(rest.removesuffix(HISTORY_SUFFIX))
        page = render_history_page(services, key)
        if page is None:
            raise JourneyNotFoundError(key)
        return page
    if (
        rest is not None
        and rest.endswith(REVIEW_SUFFIX)
        and services.may(Action.DECIDE, unquote(rest.removesuffix(REVIEW_SUFFIX)))
    ):  # a journey keyed "review" is still /journeys/review
        return render_proposals_page(services, accounts, unquote(rest.removesuffix(REVIEW_SUFFIX)))
    if rest is not None:
        key = unquote(rest)
        if reviewer:  # a reviewer's way into a journey is the review view
            return render_review_page(services, key)
        state, x_range = parse_view_query(search)
        view = view_at_zoom(services, key, state, x_range)
        waiting = open_count(services, key) if view.may(Action.DECIDE) else 0
        return build_journey_page(view, services.rule_set.rules, waiting)
    return None  # render_page says there is no such page


def render_review_page(services: Services, key: str) -> html.Div:
    """The reviewer's view of journey `key` (JourneyNotFoundError unless shared with them)."""
    view = build_journey_view(services, key, action=Action.REVIEW)
    return build_review_page(view, list_proposals(services, key), services.consent_audiences(key))


def render_proposals_page(services: Services, accounts: Accounts | None, key: str) -> html.Div:
    """The facilitator's co-review page of journey `key`."""
    journey, version = services.load_journey_versioned(key, Action.DECIDE)
    shared = accounts.shared_with(key) if accounts else []
    reviewers = (
        [u.username for u in accounts.list_users() if u.role is Role.REVIEWER] if accounts else []
    )
    items = list_proposals(services, key)
    return build_proposals_page(journey, items, shared, reviewers, version)


def build_not_allowed_page(message: str, back: str = "Back to the start") -> html.Div:
    """What a page the viewer's role may not use shows."""
    return html.Div([html.H1("Not available"), html.P(message), dcc.Link(back, href="/")])


def render_cohort_page(rest: str, services: Services, search: str | None) -> html.Div:
    """'/cohorts/<name>?needs=..' explores a cohort; '/cohorts/<name>/people/<id>' shows one."""
    name, _, person = rest.partition("/people/")
    catalog = catalog_for(services)
    try:
        if person:
            if not person.isdigit():
                raise IndexError(person)
            return render_cohort_person_page(services, name, int(person), search)
        return render_explorer(catalog, name, search, services.settings.suppress_below)
    except CohortNotFoundError:
        return build_not_found_page(f"There is no cohort called {name!r}.")
    except IndexError:
        return build_not_found_page(f"Cohort {name!r} has no person {person!r}.")


def register_router(app: Dash, services: Services, accounts: Accounts | None = None) -> None:
    """Wire the URL to the page slot, and each page's own callbacks."""
    register_journey_callbacks(app, services)
    register_upload_callbacks(app, services)
    register_present_callbacks(app, services)
    register_editor_callbacks(app, services)
    register_missed_callbacks(app, services)
    register_involved_callbacks(app, services)
    register_pack_download(app, services)
    register_compare_callbacks(app, services)
    register_explorer_callbacks(app, services)
    register_history_callbacks(app, services)
    register_review_callbacks(app, services)
    register_proposals_callbacks(app, services, accounts)
    if accounts is not None:
        register_admin_callbacks(app, services, accounts)
    register_consent_form_callbacks(
        app, services, lambda pathname, search: render_page(pathname, services, search, accounts)
    )

    @app.callback(
        Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), State(ids.URL, "search")
    )
    def _route(pathname: str | None, search: str | None) -> html.Div:
        return render_page(pathname, services, search, accounts)
