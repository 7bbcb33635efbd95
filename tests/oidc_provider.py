"""A small OpenID Connect provider for tests: discovery, keys, authorize and token endpoints,
authorization code flow, RS256 ID tokens (joserfc). Not for anything but tests: it signs in
whoever the test says is next, without asking.
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

import flask
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "touchpoints-test"
CLIENT_SECRET = "test-secret-not-for-use-anywhere"  # noqa: S105 - a test provider's


class Provider:
    """The provider's state: its key, the person the next sign-in is for, codes issued."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig"})
        self.next_claims: dict = {"sub": "person-1", "preferred_username": "sam"}
        self.codes: dict[str, dict] = {}
        self.issuer = ""
        self.tamper: str | None = None  # "issuer", "audience", "nonce", "key": a bad ID token
        self.app = self._make_app()

    def _make_app(self) -> flask.Flask:
        app = flask.Flask("test-oidc-provider")

        @app.get("/.well-known/openid-configuration")
        def discovery():  # noqa: ANN202
            return {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            }

        @app.get("/jwks")
        def jwks():  # noqa: ANN202
            return {"keys": [self.key.as_dict(private=False)]}

        @app.get("/authorize")
        def authorize():  # noqa: ANN202
            args = flask.request.args
            if args.get("client_id") != CLIENT_ID or args.get("response_type") != "code":
                return "bad request", 400
            code = secrets.token_urlsafe(16)
            self.codes[code] = {
                "claims": dict(self.next_claims),
                "nonce": args.get("nonce"),
                "redirect_uri": args.get("redirect_uri"),
            }
            query = urlencode({"code": code, "state": args.get("state", "")})
            return flask.redirect(f"{args['redirect_uri']}?{query}")

        @app.post("/token")
        def token():  # noqa: ANN202
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            if flask.request.headers.get("Authorization") != f"Basic {expected}":
                return {"error": "invalid_client"}, 401
            form = flask.request.form
            issued = self.codes.pop(form.get("code", ""), None)
            if issued is None or issued["redirect_uri"] != form.get("redirect_uri"):
                return {"error": "invalid_grant"}, 400
            now = int(time.time())
            claims = {
                "iss": self.issuer if self.tamper != "issuer" else "https://elsewhere.example",
                "aud": CLIENT_ID if self.tamper != "audience" else "someone-else",
                "iat": now,
                "exp": now + 300,
                "nonce": issued["nonce"] if self.tamper != "nonce" else "not-the-nonce",
                **issued["claims"],
            }
            key = self.key if self.tamper != "key" else RSAKey.generate_key(2048)
            id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, key)
            return {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            }

        return app


@contextmanager
def running_provider() -> Iterator[Provider]:
    """A provider listening on 127.0.0.1 on a free port, for the length of the block."""
    provider = Provider()
    server = make_server("127.0.0.1", 0, provider.app, threaded=True)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(timeout=5)
