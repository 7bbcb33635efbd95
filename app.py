"""The Touchpoints web app: create_app(settings) and a module-level `server` for WSGI hosts."""

from __future__ import annotations

from pathlib import Path

from dash import Dash

from timeline.accounts import Accounts
from timeline.pages.compress import install_compression
from timeline.pages.encoding import install_answer_encoder
from timeline.pages.protect import protect_server
from timeline.pages.router import register_router
from timeline.pages.serving import finish_dash_setup, install_proxy_fix, install_serving
from timeline.pages.shell import build_shell, build_shell_for
from timeline.pages.sign_in.auth import (
    announce_first_admin,
    check_local_mode,
    install_auth,
    local_viewer,
    signed_in_viewer,
)
from timeline.service import open_services
from timeline.settings import Settings, load_settings

ASSETS = Path(__file__).resolve().parent / "assets"
# Dash's own page, with the language declared (WCAG 3.1.1) and its scripts outside any <footer>,
# so the page has one contentinfo landmark: the shell's.
INDEX_STRING = """<!DOCTYPE html>
<html lang="en-GB">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        {%config%}
        {%scripts%}
        {%renderer%}
    </body>
</html>"""


def create_app(settings: Settings) -> Dash:
    """Open the database (demo case studies loaded into an empty one) and build the Dash app."""
    check_local_mode(settings)  # accounts off: this computer only
    services = open_services(settings)
    if settings.load_demo and services.never_stored_a_journey():
        services.load_demo()  # first run only: deleting every journey does not bring them back
    accounts = Accounts(services.sessions)
    if settings.accounts:
        announce_first_admin(accounts, settings)
    install_answer_encoder()  # orjson for every answer, in one pass
    web = services.for_viewers(signed_in_viewer if settings.accounts else local_viewer)
    app = Dash(
        __name__,
        title="Touchpoints",
        assets_folder=str(ASSETS),
        suppress_callback_exceptions=True,
        serve_locally=True,
        update_title=None,
        index_string=INDEX_STRING,
    )
    # With accounts, the layout is made per page load so the navigation follows the role.
    app.layout = (lambda: build_shell_for(web)) if settings.accounts else build_shell()
    register_router(app, web, accounts)
    install_serving(app.server, services.sessions)  # before sign-in: /healthz needs none
    install_auth(app, settings, accounts)
    install_compression(app.server)
    protect_server(app, settings)  # last: it hashes every inline script
    finish_dash_setup(app)  # before gunicorn forks its workers, not on a first request
    install_proxy_fix(app.server, settings.trusted_proxies)  # outermost: first to see a request
    return app


def __getattr__(name: str) -> object:
    # `server` is built on first use so that importing app.py (e.g. in tests) opens no database.
    if name == "server":
        return create_app(load_settings()).server
    raise AttributeError(name)
