"""Sign-in through the council's OpenID Connect provider (Authlib's Flask client).

/login/oidc sends the browser to the provider (authorization code flow, with state and nonce
kept in the signed session); /login/oidc/callback takes the code back, exchanges it for tokens
and has Authlib check the ID token (signature from the provider's keys, issuer, audience, expiry,
nonce). Who the person is then becomes an account, a sign-in, or a wait for an admin: see
timeline/sign_on.py. Both routes are rate-limited as the password sign-in is.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import flask
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask_limiter import Limiter
from joserfc.errors import JoseError
from requests.exceptions import RequestException

from timeline.accounts import Accounts
from timeline.settings import Settings
from timeline.sign_on import parse_role_map

OIDC_LOGIN_PATH = "/login/oidc"
OIDC_CALLBACK_PATH = "/login/oidc/callback"
NEXT_KEY = "touchpoints_oidc_next"
WAITING = (
    "Your {label} sign-in worked, but you do not have a role in Touchpoints yet. An admin has "
    "been told; they will give you one. Your Touchpoints username will be {username}."
)
FAILED = (
    "Signing in with {label} did not finish, so you are not signed in. Try again; if it keeps "
    "happening, tell the person who set up Touchpoints."
)


def install_oidc(
    server: flask.Flask,
    settings: Settings,
    accounts: Accounts,
    limiter: Limiter,
    sign_in: Callable[[str, str], None],
    page: Callable[[str, int], tuple[str, int]],
    safe_next: Callable[[str | None], str],
) -> None:
    """The two routes. `sign_in(username, token)` starts a session as the password sign-in
    does; `page(message, status)` shows the sign-in page with a message; `safe_next` keeps the
    page asked for on this site."""
    role_map = parse_role_map(settings.oidc_role_map)  # a bad map stops the app at start
    oauth = OAuth(server)
    client = oauth.register(
        "council",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret.get_secret_value(),
        server_metadata_url=f"{settings.oidc_issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": settings.oidc_scopes},
    )
    label = settings.oidc_label

    @server.route(OIDC_LOGIN_PATH)
    @limiter.limit(settings.login_rate_limit)
    def _oidc_start() -> flask.Response | tuple[str, int]:
        flask.session[NEXT_KEY] = safe_next(flask.request.args.get("next"))
        try:
            return client.authorize_redirect(flask.url_for("_oidc_callback", _external=True))
        except (AuthlibBaseError, RequestException, ValueError):
            server.logger.warning("the OpenID Connect provider could not be reached")
            return page(FAILED.format(label=label), 502)

    @server.route(OIDC_CALLBACK_PATH)
    @limiter.limit(settings.login_rate_limit)
    def _oidc_callback() -> flask.Response | tuple[str, int]:
        if "error" in flask.request.args:  # the person said no, or the provider refused
            return page(FAILED.format(label=label), 401)
        try:
            token = client.authorize_access_token()
            claims = dict(token.get("userinfo") or {})
            result = accounts.sign_on(
                settings.oidc_issuer, claims, settings.oidc_role_claim, role_map
            )
        except (AuthlibBaseError, JoseError, RequestException, ValueError, KeyError) as exc:
            server.logger.warning("OpenID Connect sign-in refused: %s", type(exc).__name__)
            return page(FAILED.format(label=label), 401)
        wanted = flask.session.pop(NEXT_KEY, "/")
        if result.pending:
            flask.session.clear()
            return page(WAITING.format(label=label, username=result.username), 403)
        sign_in(result.username, result.token)
        return flask.redirect(wanted)


def oidc_button(settings: Settings, wanted: str) -> dict[str, str] | None:
    """The sign-in page's 'Sign in with ...' link (None when sign-in is by password only)."""
    if not settings.oidc:
        return None
    return {
        "href": f"{OIDC_LOGIN_PATH}?{urlencode({'next': wanted})}",
        "label": f"Sign in with {settings.oidc_label}",
    }


__all__ = ["OIDC_CALLBACK_PATH", "OIDC_LOGIN_PATH", "install_oidc", "oidc_button"]
