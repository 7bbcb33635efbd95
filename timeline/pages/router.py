"""The one routing callback: pathname in, page out. It only decodes and delegates."""

from __future__ import annotations

from urllib.parse import unquote

from dash import Dash, Input, Output, State, html

from timeline.pages import ids
from timeline.pages.journey import build_journey_page, build_not_found_page
from timeline.pages.journey_callbacks import register_journey_callbacks
from timeline.pages.journey_view import build_journey_view
from timeline.pages.journeys import build_journeys_page
from timeline.pages.missed import register_missed_callbacks
from timeline.pages.present import build_present_page
from timeline.pages.present_callbacks import register_present_callbacks
from timeline.pages.upload import build_upload_page
from timeline.pages.upload_callbacks import register_upload_callbacks
from timeline.pages.url_state import parse_view_query
from timeline.service import Services
from timeline.store import JourneyNotFoundError

JOURNEY_PREFIX = "/journeys/"
PRESENT_PREFIX = "/present/"


def render_page(pathname: str | None, services: Services, search: str | None = None) -> html.Div:
    """The page for a URL: '/' lists journeys, '/journeys/<key>?collapse=..' shows one."""
    path = (pathname or "/").rstrip("/") or "/"
    if path in {"/", "/journeys"}:
        return build_journeys_page(services.list_journeys())
    if path == "/import":
        return build_upload_page(services.settings.max_upload_mb)
    if path.startswith(PRESENT_PREFIX):
        key = unquote(path.removeprefix(PRESENT_PREFIX))
        try:
            return build_present_page(key, services.load_journey(key).title)
        except JourneyNotFoundError:
            return build_not_found_page(f"There is no journey with the key {key!r}.")
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


def register_router(app: Dash, services: Services) -> None:
    """Wire the URL to the page slot, and each page's own callbacks."""
    register_journey_callbacks(app, services)
    register_upload_callbacks(app, services)
    register_present_callbacks(app, services)
    register_missed_callbacks(app, services)

    @app.callback(
        Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), State(ids.URL, "search")
    )
    def _route(pathname: str | None, search: str | None) -> html.Div:
        return render_page(pathname, services, search)
