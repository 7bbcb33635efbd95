"""The one routing callback: pathname in, page out. It only decodes and delegates."""

from __future__ import annotations

from urllib.parse import unquote

from dash import Dash, Input, Output, State, html

from timeline.consent import Audience
from timeline.pages import ids
from timeline.pages.cohort_person import build_cohort_person_page, build_person_view
from timeline.pages.cohorts import build_cohorts_page
from timeline.pages.compare import build_compare_page, register_compare_callbacks
from timeline.pages.compare_view import parse_compare_query
from timeline.pages.editor import build_editor_page
from timeline.pages.editor_callbacks import register_editor_callbacks
from timeline.pages.explorer import build_explorer_page
from timeline.pages.explorer_callbacks import register_explorer_callbacks
from timeline.pages.explorer_state import parse_explorer_query
from timeline.pages.explorer_view import CohortNotFoundError, build_explorer_view, catalog_for
from timeline.pages.history import (
    HISTORY_SUFFIX,
    register_history_callbacks,
    render_history_page,
)
from timeline.pages.involved import register_involved_callbacks
from timeline.pages.journey import build_journey_page, build_not_found_page
from timeline.pages.journey_callbacks import register_journey_callbacks
from timeline.pages.journey_view import build_journey_view
from timeline.pages.journeys import build_journeys_page
from timeline.pages.missed import register_missed_callbacks
from timeline.pages.present import (
    build_no_consent_page,
    build_present_page,
    parse_present_query,
)
from timeline.pages.present_callbacks import register_present_callbacks
from timeline.pages.upload import build_upload_page
from timeline.pages.upload_callbacks import register_upload_callbacks
from timeline.pages.url_state import parse_view_query
from timeline.service import Services
from timeline.store import JourneyNotFoundError

JOURNEY_PREFIX = "/journeys/"
PRESENT_PREFIX = "/present/"
EDIT_PREFIX = "/edit/"
COHORTS_PREFIX = "/cohorts/"


def render_page(pathname: str | None, services: Services, search: str | None = None) -> html.Div:
    """The page for a URL: '/' lists journeys, '/journeys/<key>?collapse=..' shows one."""
    path = (pathname or "/").rstrip("/") or "/"
    if path in {"/", "/journeys"}:
        return build_journeys_page(services.list_journeys())
    if path == "/compare":
        return build_compare_page(services, services.list_journeys(), parse_compare_query(search))
    if path == "/import":
        return build_upload_page(services.settings.max_upload_mb)
    if path == "/cohorts":
        return build_cohorts_page(catalog_for(services).infos(), services.settings.suppress_below)
    if path.startswith(COHORTS_PREFIX):
        return render_cohort_page(unquote(path.removeprefix(COHORTS_PREFIX)), services, search)
    if path.startswith(PRESENT_PREFIX):
        key = unquote(path.removeprefix(PRESENT_PREFIX))
        try:
            state = parse_present_query(search)
            journey = services.load_journey(key)
            if not services.may_show(journey, Audience.WORKSHOP):
                return build_no_consent_page(key, journey.title)
            return build_present_page(key, journey.title, state)
        except JourneyNotFoundError:
            return build_not_found_page(f"There is no journey with the key {key!r}.")
    if path.startswith(EDIT_PREFIX):
        key = unquote(path.removeprefix(EDIT_PREFIX))
        try:
            return build_editor_page(services.load_journey(key))
        except JourneyNotFoundError:
            return build_not_found_page(f"There is no journey with the key {key!r}.")
    if path.startswith(JOURNEY_PREFIX) and path.removeprefix(JOURNEY_PREFIX).endswith(
        HISTORY_SUFFIX
    ):  # a journey keyed "history" is still /journeys/history
        key = unquote(path.removeprefix(JOURNEY_PREFIX).removesuffix(HISTORY_SUFFIX))
        page = render_history_page(services, key)
        return page or build_not_found_page(f"There is no journey with the key {key!r}.")
    if path.startswith(JOURNEY_PREFIX):
        key = unquote(path.removeprefix(JOURNEY_PREFIX))
        try:
            state, x_range = parse_view_query(search)
            view = build_journey_view(services, key, state)
            if x_range:
                view.figure.update_layout(xaxis_range=x_range, xaxis_autorange=False)
            return build_journey_page(view, services.rule_set.rules)
        except JourneyNotFoundError:
            return build_not_found_page(f"There is no journey with the key {key!r}.")
    return build_not_found_page(f"There is no page at {path!r}.")


def render_cohort_page(rest: str, services: Services, search: str | None) -> html.Div:
    """'/cohorts/<name>?needs=..' explores a cohort; '/cohorts/<name>/people/<id>' shows one."""
    name, _, person = rest.partition("/people/")
    catalog = catalog_for(services)
    try:
        if person:
            if not person.isdigit():
                raise IndexError(person)
            view = build_person_view(services, name, int(person))
            return build_cohort_person_page(view, name)
        explorer = build_explorer_view(
            catalog, name, parse_explorer_query(search), services.settings.suppress_below
        )
        others = [i.name for i in catalog.infos() if i.name != name]
        return build_explorer_page(explorer, others)
    except CohortNotFoundError:
        return build_not_found_page(f"There is no cohort called {name!r}.")
    except IndexError:
        return build_not_found_page(f"Cohort {name!r} has no person {person!r}.")


def register_router(app: Dash, services: Services) -> None:
    """Wire the URL to the page slot, and each page's own callbacks."""
    register_journey_callbacks(app, services)
    register_upload_callbacks(app, services)
    register_present_callbacks(app, services)
    register_editor_callbacks(app, services)
    register_missed_callbacks(app, services)
    register_involved_callbacks(app, services)
    register_compare_callbacks(app, services)
    register_explorer_callbacks(app, services)
    register_history_callbacks(app, services)

    @app.callback(
        Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), State(ids.URL, "search")
    )
    def _route(pathname: str | None, search: str | None) -> html.Div:
        return render_page(pathname, services, search)
