"""What a production server and the machines around it need from the app (issue 16, item 1):

- `/healthz`: a trivial read through the store's engine; 200 {"status": "ok"}, or 503 with a
  short fixed reason. Answered before sign-in and the local-mode check (a load balancer or
  systemd probe signs in as nobody); it says nothing about journeys, people or accounts.
- Long-lived caching of versioned code and styles. Dash names each component script by its
  version (`dash_renderer.v4_4_1m1795919109.min.js`) and links `/assets/` files with their
  modification time (`touchpoints.css?m=1795942798.36`), so such a URL never changes content:
  browsers and proxies may keep it a year without asking again. Everything else keeps the
  `no-store` (timeline/pages/protect.py) or the revalidation it had.
"""

from __future__ import annotations

import flask
from dash import Dash
from dash.fingerprint import check_fingerprint
from werkzeug.middleware.proxy_fix import ProxyFix

from timeline import store
from timeline.store.failures import database_failure_reason, database_unavailable

HEALTH_PATH = "/healthz"
# What a worker's engine is found by, to be told after a fork (timeline/server.py).
SESSIONS_EXTENSION = "touchpoints.sessions"
LONG_LIVED = "public, max-age=31536000, immutable"
COMPONENT_PREFIX = "/_dash-component-suites/"
ASSETS_PREFIX = "/assets/"
VERSION_QUERY = "m"


def install_serving(server: flask.Flask, sessions: store.SessionFactory) -> None:
    """Add /healthz and long-lived caching of versioned files to `server`. Call it before
    install_auth: /healthz is answered ahead of the sign-in check."""
    server.extensions[SESSIONS_EXTENSION] = sessions

    @server.before_request
    def _health() -> flask.Response | None:
        if flask.request.path != HEALTH_PATH:
            return None
        if flask.request.method not in {"GET", "HEAD"}:
            return flask.Response("Use GET.", 405, {"Allow": "GET, HEAD"})
        return check_health(sessions)

    # Registered before install_auth's, so it runs after them (Flask runs them last first).
    @server.after_request
    def _finish(response: flask.Response) -> flask.Response:
        if flask.request.path == HEALTH_PATH:  # a probe gets no CSRF token, no session cookie
            del response.headers["Set-Cookie"]
            flask.session.modified = False
        elif response.status_code in {200, 304} and is_versioned(flask.request):
            response.headers["Cache-Control"] = LONG_LIVED
        return response


def install_proxy_fix(server: flask.Flask, trusted_proxies: int) -> None:
    """Behind `trusted_proxies` reverse proxies, take the client's address, scheme, host and
    port from their X-Forwarded-* headers (werkzeug's ProxyFix): sign-in rate limits count per
    client, not per proxy, and links the app makes (the council sign-in's redirect) say https.
    With 0, the headers are ignored: anyone could send them."""
    if trusted_proxies > 0:
        n = trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)


def forget_connections(server: flask.Flask, *, close: bool) -> None:
    """Drop the database connections this process holds for `server`'s app. The master calls it
    before forking workers (close=True: it will not use them again); each worker after the fork
    (close=False: they are the master's, never to be used or closed by a child)."""
    sessions = server.extensions.get(SESSIONS_EXTENSION)
    if sessions is not None:
        sessions.forget_connections(close=close)


def check_health(sessions: store.SessionFactory) -> flask.Response:
    """200 {"status": "ok"} when the database answers a trivial read, else 503 and why."""
    try:
        with sessions() as session:
            store.any_journey_row(session)  # SELECT pk FROM journeys LIMIT 1; the answer unused
    except Exception as error:  # noqa: BLE001 - any failure is "not healthy", said plainly
        # The reason can name a host or a file: it goes to the log, not to whoever asked.
        detail = database_failure_reason(error) if database_unavailable(error) else "an error"
        flask.current_app.logger.error("health check: database failed: %s", detail)
        failed = flask.jsonify(status="unavailable", reason="database unavailable")
        failed.status_code = 503
        return failed
    return flask.jsonify(status="ok")


def is_versioned(request: flask.Request) -> bool:
    """Whether the URL names one version of a file: a fingerprinted component script or style,
    or an /assets/ file with its modification time."""
    path = request.path
    if ".." in path.split("/"):
        return False
    if path.startswith(COMPONENT_PREFIX):
        return check_fingerprint(path)[1]
    return path.startswith(ASSETS_PREFIX) and bool(request.args.get(VERSION_QUERY))


def finish_dash_setup(app: Dash) -> None:
    """Run Dash's once-only set-up now, in the process that builds the app, before gunicorn
    forks its workers. Dash does it on its first request (Dash._setup_server: the script and
    style files it may serve, the assets, the callbacks) and marks it done before doing it, so
    a request that came meanwhile on another thread was answered half set up: a 500, "dash is
    not a registered library", and the page never drew. This is the private method Dash calls
    itself; tests/test_serve.py fails if a Dash release changes it."""
    with app.server.test_request_context("/"):
        app._setup_server()  # noqa: SLF001
