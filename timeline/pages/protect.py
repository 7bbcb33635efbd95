"""Protections on the Flask server under Dash: security headers on every response (HSTS too
when cookies are HTTPS-only), one `Server` header naming no software or version, a cap on request
size, and plain answers (no stack trace) for failed requests (timeline/pages/answers.py).

The Content-Security-Policy allows scripts only from this server plus, by hash, the inline
scripts Dash writes into its page (the renderer and any clientside callbacks): no 'unsafe-eval',
no 'unsafe-inline' scripts, nothing from other sites. Styles need 'unsafe-inline' because plotly
and AG Grid insert <style> elements as they draw.
"""

from __future__ import annotations

from dash import Dash
from flask import Response, request
from werkzeug.serving import WSGIRequestHandler

from timeline.pages.answers import install_error_answers
from timeline.settings import Settings

# Upload bodies arrive base64-encoded (4/3 of the file) inside a callback's JSON; the cap lets a
# file a few times over the limit reach upload/view.py, which refuses it with a message saying so.
REQUEST_SLACK_BYTES = 16_000_000
# Code and styles, the same for everyone: the only responses a browser may cache, and (with
# accounts on) the only ones served before signing in. Folders end with "/", files match whole.
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
STATIC_PATHS = frozenset({"/_favicon.ico"})
OVERSIZE_FACTOR = 4
HSTS = "max-age=31536000"  # a year; no includeSubDomains: other sites may share the domain
SERVER_NAME = "Touchpoints"


def is_static_path(path: str) -> bool:
    """Whether `path` is one of the app's code or style files (never '/_favicon.icoX' or a path
    that climbs out of a static folder with '..')."""
    if path in STATIC_PATHS:
        return True
    return path.startswith(STATIC_PREFIXES) and ".." not in path.split("/")


class PlainServerRequestHandler(WSGIRequestHandler):
    """The development server's handler without its own `Server: Werkzeug/x Python/y` header:
    the app's `Server: Touchpoints` is the only one sent."""

    def send_response(self, code: int, message: str | None = None) -> None:
        """http.server's send_response, less the Server header."""
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())


def content_security_policy(app: Dash, *, webgl: bool = False) -> str:
    """The CSP for the app; call it after every callback (clientside ones too) is registered.
    `webgl` (TOUCHPOINTS_WEBGL) adds 'unsafe-eval': plotly's WebGL traces compile their drawing
    code at run time (regl) and show "WebGL is not supported" without it."""
    scripts = " ".join(["'self'", *app.csp_hashes(), *(["'unsafe-eval'"] if webgl else [])])
    directives = {
        "default-src": "'self'",
        "script-src": scripts,
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",  # plotly's modebar draws and downloads via data URLs
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def security_headers(app: Dash, *, hsts: bool = False, webgl: bool = False) -> dict[str, str]:
    """Every header added to every response; HSTS only when the app is served over HTTPS."""
    headers = {
        "Content-Security-Policy": content_security_policy(app, webgl=webgl),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Server": SERVER_NAME,  # not the web server's name and version
    }
    if hsts:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def protect_server(app: Dash, settings: Settings) -> None:
    """Headers on every response, a request size cap, and plain answers for failed requests."""
    headers = security_headers(app, hsts=settings.cookies_secure, webgl=settings.webgl)
    upload_bytes = settings.max_upload_mb * 1_000_000 * 4 / 3
    app.server.config["MAX_CONTENT_LENGTH"] = int(upload_bytes * OVERSIZE_FACTOR) + (
        REQUEST_SLACK_BYTES
    )

    @app.server.after_request
    def _add_headers(response: Response) -> Response:
        response.headers.update(headers)
        if not is_static_path(request.path):
            # journeys are personal: no browser or proxy keeps a copy of any page or callback
            response.headers["Cache-Control"] = "no-store"
        return response

    if not settings.debug:  # debug mode keeps Dash's error pages, for development
        install_error_answers(app.server)
