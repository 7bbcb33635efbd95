"""Sign-in, sessions and CSRF on the Flask server under Dash.

- Single-user local mode (accounts off, the default): one viewer, the local user, and requests
  from any other computer are refused.
- Accounts on: every page, layout and callback needs a signed-in account, except the sign-in page
  and static files. Sessions (Flask-Login) are signed cookies: HttpOnly, SameSite=Lax, Secure
  unless the app listens on a loopback address, ending after `session_hours`. Each carries the
  account's session token, so signing out ends all of that account's sessions.
- CSRF (Flask-WTF) guards every POST in both modes: the sign-in and sign-out forms carry the token
  in a hidden field; Dash's renderer sends it on every callback as the X-CSRFToken header, read
  from the `_csrf_token` cookie set here.
- Only a POST to /login tries a password; GET, HEAD and the rest only show the form. Attempts
  are rate-limited per address and per account tried (Flask-Limiter), counted in the storage
  `login_rate_limit_storage` names (memory by default: per worker process).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from urllib.parse import urlencode, urlsplit

import flask
import flask_login
from dash import Dash
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf, validate_csrf
from limits.errors import ConfigurationError
from wtforms import ValidationError

from timeline.access import LOCAL_VIEWER, AccessDeniedError, Viewer
from timeline.accounts import Accounts
from timeline.pages.answers import log_refused
from timeline.pages.protect import is_static_path
from timeline.pages.sign_in.oidc import (
    OIDC_CALLBACK_PATH,
    OIDC_LOGIN_PATH,
    install_oidc,
    oidc_button,
)
from timeline.settings import Settings

LOGIN_PATH = "/login"
LOGOUT_PATH = "/logout"
CSRF_COOKIE = "_csrf_token"  # the name Dash's renderer reads
LOOPBACK_ADDRESSES = frozenset({"127.0.0.1", "::1", "::ffff:127.0.0.1"})
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
# A proxy in front of local mode would make every visitor look like this computer.
FORWARDING_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-IP")

LOGIN_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Touchpoints</title>
<link rel="stylesheet" href="/assets/touchpoints.css">
</head>
<body>
<header class="topbar"><span class="brand">Touchpoints</span></header>
<main class="page login-page">
<h1>Sign in</h1>
{% if message %}<p class="login-message" role="alert">{{ message }}</p>{% endif %}
{% if oidc %}<p><a class="button" id="oidc-sign-in" href="{{ oidc.href }}">{{ oidc.label }}</a></p>
<p>Or with a Touchpoints username and password:</p>{% endif %}
<form method="post" action="{{ action }}" class="login-form">
<input type="hidden" name="csrf_token" value="{{ csrf_token }}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required value="{{ username }}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" class="button">Sign in</button>
</form>
<p>No account yet, or forgotten your password? Ask the person who set up Touchpoints for you.</p>
</main>
</body>
</html>"""


class UnsafeSettingsError(ValueError):
    """Settings that would expose the app; the message says what to change."""


def check_local_mode(settings: Settings) -> None:
    """Refuse to listen beyond this computer with accounts off, or to offer the council's
    sign-in with accounts off (UnsafeSettingsError)."""
    if settings.oidc and not settings.accounts:
        raise UnsafeSettingsError(
            "TOUCHPOINTS_OIDC_ISSUER is set but accounts are off: turn accounts on with "
            "TOUCHPOINTS_ACCOUNTS=true to let people sign in with the council's provider."
        )
    if not settings.accounts and not settings.loopback:
        raise UnsafeSettingsError(
            f"Accounts are off (single-user local mode), so Touchpoints serves this computer "
            f"only and will not listen on {settings.host!r}. Use 127.0.0.1, or turn accounts "
            "on with TOUCHPOINTS_ACCOUNTS=true (see the README's 'Accounts' section)."
        )


def announce_first_admin(accounts: Accounts, settings: Settings) -> None:
    """With no accounts yet, make 'admin'; a generated password is printed once, to stderr."""
    chosen = settings.admin_password.get_secret_value() if settings.admin_password else None
    made = accounts.ensure_first_admin(chosen)
    if made and not chosen:
        # Shown once, on the console of whoever started the app; never stored in clear.
        print(
            f"First run with accounts on: made user 'admin' with password {made}\n"
            "Sign in, then add accounts with `touchpoints user add`; change this password with "
            "`touchpoints user password admin`.",
            file=sys.stderr,
        )


class SessionUser(flask_login.UserMixin):
    """A signed-in account as Flask-Login keeps it: the viewer plus the session token."""

    def __init__(self, viewer: Viewer, token: str) -> None:
        self.viewer = viewer
        self.id = f"{viewer.username}|{token}"


def local_viewer() -> Viewer:
    """The one viewer of single-user local mode."""
    return LOCAL_VIEWER


def signed_in_viewer() -> Viewer:
    """The signed-in account's viewer (AccessDeniedError when nobody is signed in)."""
    if not flask.has_request_context():
        raise AccessDeniedError("Sign in first.")
    user = flask_login.current_user
    if not user or not user.is_authenticated:
        raise AccessDeniedError("Sign in first.")
    return user.viewer


def host_name(host: str) -> str:
    """The name part of a Host header: 'localhost:8050' -> 'localhost', '[::1]:80' -> '::1'."""
    name = host if host.endswith("]") or host.count(":") != 1 else host.rsplit(":", 1)[0]
    if name.startswith("[") and "]" in name:
        name = name[1 : name.index("]")]
    return name.lower()


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 32 or ord(c) == 127 for c in target):  # no header tricks, no odd paths
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.startswith(LOGIN_PATH):
        return "/"
    return target


def install_auth(app: Dash, settings: Settings, accounts: Accounts) -> None:
    """Sessions, CSRF and (with accounts on) sign-in on the app's Flask server."""
    server = app.server
    server.secret_key = accounts.secret_key()
    server.config.update(
        SESSION_COOKIE_NAME="touchpoints_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.cookies_secure,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings.session_hours),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        # The Referer check of HTTPS requests cannot work with Referrer-Policy: no-referrer;
        # the token plus SameSite cookies are the protection.
        WTF_CSRF_SSL_STRICT=False,
    )
    CSRFProtect(server)
    _install_csrf_cookie(server, settings)

    @server.errorhandler(CSRFError)
    def _csrf_failed(error: CSRFError) -> tuple[str, int]:
        log_refused(error)
        return f"{error.description} Reload the page and try again.", 400

    if settings.accounts:
        _install_sign_in(server, settings, accounts)
    else:
        _install_local_only(server)


def _install_csrf_cookie(server: flask.Flask, settings: Settings) -> None:
    @server.after_request
    def _set_csrf_cookie(response: flask.Response) -> flask.Response:
        if is_static_path(flask.request.path):
            return response
        try:
            validate_csrf(flask.request.cookies.get(CSRF_COOKIE, ""))
        except ValidationError:
            response.set_cookie(
                CSRF_COOKIE,
                generate_csrf(),
                httponly=False,  # Dash's renderer reads it to send the X-CSRFToken header
                samesite="Strict",
                secure=settings.cookies_secure,
            )
        return response


def _install_local_only(server: flask.Flask) -> None:
    @server.before_request
    def _this_computer_only() -> tuple[str, int] | None:
        # A web page elsewhere can point its own name at 127.0.0.1 (DNS rebinding): only
        # requests addressed to this computer's own names are answered.
        forwarded = any(h in flask.request.headers for h in FORWARDING_HEADERS)
        local_name = host_name(flask.request.host) in LOOPBACK_NAMES
        if forwarded or not local_name or flask.request.remote_addr not in LOOPBACK_ADDRESSES:
            return (
                "Touchpoints is in single-user local mode and serves this computer only. "
                "Turn accounts on (TOUCHPOINTS_ACCOUNTS=true) to serve others.",
                403,
            )
        return None


def _install_sign_in(server: flask.Flask, settings: Settings, accounts: Accounts) -> None:
    manager = flask_login.LoginManager(server)
    manager.session_protection = "basic"
    limiter = _make_limiter(server, settings)

    @manager.user_loader
    def _load(user_id: str) -> SessionUser | None:
        username, _, token = user_id.partition("|")
        viewer = accounts.load_viewer(username, token)
        return SessionUser(viewer, token) if viewer else None

    @server.before_request
    def _require_sign_in() -> flask.Response | tuple[str, int] | None:
        path = flask.request.path
        if path in (LOGIN_PATH, OIDC_LOGIN_PATH, OIDC_CALLBACK_PATH) or is_static_path(path):
            return None
        if flask_login.current_user.is_authenticated:
            return None
        if path.startswith("/_dash-") or flask.request.method != "GET":
            return "Sign in first.", 401
        wanted = flask.request.full_path.rstrip("?")
        return flask.redirect(f"{LOGIN_PATH}?{urlencode({'next': wanted})}")

    def _page(message: str = "", username: str = "", status: int = 200) -> tuple[str, int]:
        wanted = safe_next(flask.request.args.get("next"))
        html = flask.render_template_string(
            LOGIN_PAGE,
            message=message,
            username=username,
            action=f"{LOGIN_PATH}?{urlencode({'next': wanted})}",
            csrf_token=generate_csrf(),
            oidc=oidc_button(settings, wanted),
        )
        return html, status

    def _sign_in(username: str, token: str) -> None:
        flask.session.clear()  # a fresh session: nothing carried over from before sign-in
        flask_login.login_user(SessionUser(accounts.load_viewer(username, token), token))
        flask.session.permanent = True

    if settings.oidc:
        install_oidc(
            server,
            settings,
            accounts,
            limiter,
            _sign_in,
            lambda message, status: _page(message, status=status),
            safe_next,
        )

    @server.route(LOGIN_PATH, methods=["GET", "POST"])
    @limiter.limit(settings.login_rate_limit, methods=["POST"])
    @limiter.limit(settings.login_account_rate_limit, methods=["POST"], key_func=_account_tried)
    def _login() -> flask.Response | tuple[str, int]:
        if flask.request.method != "POST":  # HEAD with form data included: never a sign-in
            return _page()
        form = flask.request.form
        found = accounts.authenticate(form.get("username", ""), form.get("password", ""))
        if found is None:
            return _page(
                "That username and password do not match an account.",
                form.get("username", "")[:80],
                401,
            )
        _sign_in(*found)
        return flask.redirect(safe_next(flask.request.args.get("next")))

    @server.route(LOGOUT_PATH, methods=["POST"])
    def _logout() -> flask.Response:
        user = flask_login.current_user
        if user.is_authenticated:
            accounts.end_sessions(user.viewer.username)
        flask_login.logout_user()
        flask.session.clear()
        return flask.redirect(LOGIN_PATH)

    @server.errorhandler(429)
    def _too_many(_error: Exception) -> tuple[str, int]:
        return _page("Too many sign-in attempts. Wait a minute, then try again.", status=429)


def _account_tried() -> str:
    """The rate-limit key of the account a sign-in names (hashed: any text may be sent)."""
    name = flask.request.form.get("username", "").strip().casefold()
    return "account:" + hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:32]


class RateLimitStorageError(ValueError):
    """TOUCHPOINTS_LOGIN_RATE_LIMIT_STORAGE names a storage that cannot be used."""


def _make_limiter(server: flask.Flask, settings: Settings) -> Limiter:
    storage = settings.login_rate_limit_storage
    try:
        return Limiter(get_remote_address, app=server, storage_uri=storage)
    except ConfigurationError as exc:
        raise RateLimitStorageError(
            f"TOUCHPOINTS_LOGIN_RATE_LIMIT_STORAGE {storage!r} cannot be used ({exc}); use "
            "memory:// or a storage URI such as redis://host:6379"
        ) from None
