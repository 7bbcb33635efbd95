"""Compressed responses (flask-compress): code, styles and callback answers go out as Brotli or
gzip, so plotly's 4.8 MB script crosses the network as about 1.4 MB.

Code and styles are the same for everyone, so each is compressed once and kept (about 3 MB for
all of them); callback answers are compressed as they go. HTML pages (the sign-in form) and the
layout carry the CSRF token, so they are sent as they are: a secret never shares a compressed
response with text a visitor controls (the BREACH attack). They are a few kilobytes.
"""

from __future__ import annotations

import threading

import flask
from flask_compress import Compress

from timeline.pages.protect import is_static_path

# The layout carries the CSRF token (timeline/pages/shell.py puts it there); so do HTML forms.
LAYOUT_PATH = "/_dash-layout"
_MARK = "identity"


class StaticCache:
    """Compressed code and styles by URL and algorithm; anything else is never kept."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        """The compressed body kept under `key`, if any."""
        return self._kept.get(key)

    def set(self, key: str, value: bytes) -> None:
        """Keep `value` when the key names a static file (see static_key)."""
        if not key.endswith(";"):
            with self._lock:
                self._kept[key] = value


def static_key(request: flask.Request) -> str:
    """The URL (with its version query) of a static file; "" for anything else (not kept)."""
    return request.full_path if is_static_path(request.path) else ""


def install_compression(server: flask.Flask) -> None:
    """Compress what the server sends (see the module's docstring)."""
    server.config.update(
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_ALGORITHM_STREAMING=["br"],  # assets are streamed; flask-compress can't gzip them
        COMPRESS_BR_LEVEL=5,
        COMPRESS_CACHE_BACKEND=StaticCache,
        COMPRESS_CACHE_KEY=static_key,
    )

    # Flask runs after-request functions last registered first: mark, compress, unmark.
    @server.after_request
    def _unmark(response: flask.Response) -> flask.Response:
        # A page sent with "Content-Encoding: identity" took Chromium twice as long to settle.
        if response.headers.get("Content-Encoding") == _MARK:
            del response.headers["Content-Encoding"]
        return response

    Compress(server)

    @server.after_request
    def _mark_secrets(response: flask.Response) -> flask.Response:
        secret = flask.request.path == LAYOUT_PATH or response.mimetype == "text/html"
        if secret and "Content-Encoding" not in response.headers:
            response.headers["Content-Encoding"] = _MARK  # flask-compress leaves these alone
        return response
