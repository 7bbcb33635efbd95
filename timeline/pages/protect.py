"""Protections on the Flask server under Dash: security headers on every response, a cap on
request size, and a plain "Not found" (no stack trace) when a callback asks for an unknown key.

The Content-Security-Policy allows scripts only from this server plus, by hash, the inline
scripts Dash writes into its page (the renderer and any clientside callbacks): no 'unsafe-eval',
no 'unsafe-inline' scripts, nothing from other sites. Styles need 'unsafe-inline' because plotly
and AG Grid insert <style> elements as they draw.
"""

from __future__ import annotations

from dash import Dash
from flask import Response, request

from timeline.store import JourneyNotFoundError

# Upload bodies arrive base64-encoded (4/3 of the file) inside a callback's JSON; the cap lets a
# file a few times over the limit reach upload_view, which refuses it with a message saying so.
REQUEST_SLACK_BYTES = 16_000_000
# Code and styles, the same for everyone: the only responses a browser may cache.
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")
OVERSIZE_FACTOR = 4


def content_security_policy(app: Dash) -> str:
    """The CSP for the app; call it after every callback (clientside ones too) is registered."""
    scripts = " ".join(["'self'", *app.csp_hashes()])
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


def security_headers(app: Dash) -> dict[str, str]:
    """Every header added to every response."""
    return {
        "Content-Security-Policy": content_security_policy(app),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Server": "Touchpoints",  # not the web server's name and version
    }


def protect_server(app: Dash, max_upload_mb: float) -> None:
    """Headers on every response, a request size cap, and 404 (not 500) for unknown keys."""
    headers = security_headers(app)
    upload_bytes = max_upload_mb * 1_000_000 * 4 / 3
    app.server.config["MAX_CONTENT_LENGTH"] = int(upload_bytes * OVERSIZE_FACTOR) + (
        REQUEST_SLACK_BYTES
    )

    @app.server.after_request
    def _add_headers(response: Response) -> Response:
        response.headers.update(headers)
        if not request.path.startswith(STATIC_PREFIXES):
            # journeys are personal: no browser or proxy keeps a copy of any page or callback
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.server.errorhandler(JourneyNotFoundError)
    def _not_found(_error: JourneyNotFoundError) -> tuple[str, int]:
        # a forged or stale key in a callback: say so, and show nothing of the code
        return "Not found", 404
