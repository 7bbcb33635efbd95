"""The production web server (issue 16, item 1): gunicorn on Linux and macOS, waitress elsewhere.

gunicorn runs `settings.workers` processes of `settings.threads` threads each (its gthread
worker). The app is built once, in the master process, before the workers are forked, so every
worker has the same routes, the same CSRF and session secret (which is also kept in the
database, so separate servers share it too) and the same first-run set-up; the master's
database connections are closed first and each worker opens its own. On SIGTERM gunicorn stops
accepting connections, lets requests in flight finish for `settings.graceful_timeout` seconds,
then stops. waitress (Windows and anywhere gunicorn does not run) serves from one process with
`settings.threads` threads.

Both write the same access log: one JSON line per request with the time (UTC), method, path
(never the query string, which can hold filters), status, duration in milliseconds and bytes
sent. No address, no username, no cookie, no header is logged.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import flask

from timeline.pages.protect import SERVER_NAME
from timeline.pages.serving import forget_connections
from timeline.settings import Settings

ACCESS_LOGGER = "touchpoints.access"
LOG_OFF = frozenset({"off", "none", "false", "0", ""})
PATH_CHARS = 300
StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict, StartResponse], Iterable[bytes]]


def production_server_name(platform: str = sys.platform) -> str:
    """'gunicorn' on Linux and macOS, 'waitress' elsewhere (Windows)."""
    return "gunicorn" if platform.startswith(("linux", "darwin")) else "waitress"


def access_logger(where: str) -> logging.Logger | None:
    """The access log's logger writing to `where` ('-' standard output, a file, or 'off')."""
    if where.strip().lower() in LOG_OFF:
        return None
    logger = logging.getLogger(ACCESS_LOGGER)
    for old in list(logger.handlers):
        logger.removeHandler(old)
        old.close()
    handler = (
        logging.StreamHandler(sys.stdout)
        if where == "-"
        else logging.FileHandler(where, encoding="utf-8")
    )
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the lines go only where the setting says
    return logger


class AccessLog:
    """WSGI middleware: one JSON line per request, written when the response has been sent."""

    def __init__(
        self, app: WsgiApp, logger: logging.Logger | None, *, drop_server: bool = False
    ) -> None:
        self._app = app
        self._logger = logger
        self._drop_server = drop_server  # gunicorn sends its own (renamed) Server header

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        """Serve the request, counting the bytes of the body as they go out."""
        started = time.perf_counter()
        status = [500]

        def _start(code: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:  # noqa: ANN401
            status[0] = int(code.split(" ", 1)[0])
            if self._drop_server:
                headers = [(k, v) for k, v in headers if k.lower() != "server"]
            return start_response(code, headers, exc_info)

        try:
            body = self._app(environ, _start)
        except BaseException:
            self._write(environ, 500, started, 0)
            raise
        return _Counted(body, lambda sent: self._write(environ, status[0], started, sent))

    def _write(self, environ: dict, status: int, started: float, sent: int) -> None:
        if self._logger is None:  # TOUCHPOINTS_ACCESS_LOG=off
            return
        self._logger.info(
            json.dumps(
                {
                    "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                    "method": str(environ.get("REQUEST_METHOD", ""))[:16],
                    "path": request_path(environ),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "bytes": sent,
                },
                ensure_ascii=False,
            )
        )


def request_path(environ: dict) -> str:
    """The path asked for, decoded as UTF-8, without its query string, cut to PATH_CHARS."""
    raw = f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}"
    try:
        path = raw.encode("latin-1").decode("utf-8", "replace")  # WSGI passes bytes as latin-1
    except UnicodeEncodeError:
        path = raw
    return path[:PATH_CHARS]


class _Counted:
    """A response body that counts what is sent and reports once, when the server closes it."""

    def __init__(self, body: Iterable[bytes], done: Callable[[int], None]) -> None:
        self._body = body
        self._done = done
        self._sent = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._body:
            self._sent += len(chunk)
            yield chunk

    def close(self) -> None:
        """Close the app's body (PEP 3333), then write the log line."""
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            self._done(self._sent)


def bind_address(host: str, port: int) -> str:
    """host:port as gunicorn binds it ('[::1]:8050' for an IPv6 address)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def gunicorn_options(settings: Settings, server: flask.Flask) -> dict[str, Any]:
    """gunicorn's settings for Touchpoints."""
    return {
        "bind": [bind_address(settings.host, settings.port)],
        "workers": settings.workers or os.cpu_count() or 1,
        "threads": settings.threads,
        "worker_class": "gthread",
        "graceful_timeout": settings.graceful_timeout,
        "preload_app": True,  # the app is built once, before the fork (the module docstring)
        "accesslog": None,  # AccessLog writes the access log, without addresses
        "errorlog": "-",
        "proc_name": "touchpoints",
        "control_socket_disable": True,  # gunicorn 25+: no control socket in the home folder
        "post_fork": lambda _arbiter, _worker: forget_connections(server, close=False),
    }


def run_gunicorn(wsgi: WsgiApp, settings: Settings, server: flask.Flask) -> None:
    """Serve `wsgi` with gunicorn until SIGTERM or SIGINT (the master runs here)."""
    import gunicorn.http.wsgi
    from gunicorn.app.base import BaseApplication

    # gunicorn names itself in a Server header of its own; it says Touchpoints instead, and the
    # app's copy is dropped by AccessLog, so one Server header goes out, naming no version.
    gunicorn.http.wsgi.SERVER = SERVER_NAME

    class TouchpointsServer(BaseApplication):
        """gunicorn, configured from Settings instead of its command line."""

        def load_config(self) -> None:
            for name, value in gunicorn_options(settings, server).items():
                if name in self.cfg.settings:  # an older gunicorn lacks control_socket_disable
                    self.cfg.set(name, value)

        def load(self) -> WsgiApp:
            return wsgi

    forget_connections(server, close=True)  # the workers open their own
    TouchpointsServer().run()


def run_waitress(wsgi: WsgiApp, settings: Settings) -> None:
    """Serve `wsgi` with waitress (one process, `settings.threads` threads) until Ctrl+C."""
    from waitress import serve

    serve(wsgi, host=settings.host, port=settings.port, threads=settings.threads, ident=SERVER_NAME)


def run_production_server(server: flask.Flask, settings: Settings, *, name: str = "") -> None:
    """Serve the app's Flask `server` with the production server for this platform."""
    chosen = name or production_server_name()
    logged = AccessLog(server, access_logger(settings.access_log), drop_server=chosen == "gunicorn")
    if chosen == "gunicorn":
        run_gunicorn(logged, settings, server)
    else:
        run_waitress(logged, settings)
