"""What the server answers when a request cannot be served, in plain words and never with a
stack trace, SQL or stored data (issue 11, item 6):

- a journey, version, cohort or proposal that does not exist, is not shared with the viewer,
  or is behind an action their role may not use: 404 and the same words for each, so keys
  cannot be probed;
- an input the page never sends (UnusableInputError): 400, saying what was wrong;
- a database that cannot be used (disk full, connection lost): 503 and a page saying so;
- anything else: logged with its traceback for the admin; the browser gets 400 for a callback
  (what it sent could not be used) and 500 for anything else, both in plain words.
"""

from __future__ import annotations

import flask
from werkzeug.exceptions import HTTPException

from timeline.access import AccessDeniedError
from timeline.consent import ConsentRequiredError
from timeline.pages.inputs import UnusableInputError
from timeline.store import (
    CohortNotFoundError,
    JourneyNotFoundError,
    ReviewItemNotFoundError,
    UserNotFoundError,
    VersionNotFoundError,
)
from timeline.store.failures import database_failure_reason, database_unavailable

NOT_FOUND_MESSAGE = "Not found, or not shared with you."
NOT_FOUND = (
    JourneyNotFoundError,
    VersionNotFoundError,
    CohortNotFoundError,
    ReviewItemNotFoundError,
    UserNotFoundError,
    AccessDeniedError,
    ConsentRequiredError,
)
DATABASE_MESSAGE = (
    "Touchpoints cannot use its database just now (the disk may be full, or the connection to "
    "it lost). Nothing was changed. Try again in a minute; if it goes on, tell your Touchpoints "
    "admin."
)
CALLBACK_MESSAGE = (
    "That could not be done: the page sent something Touchpoints does not accept. Reload the "
    "page and try again."
)
PAGE_MESSAGE = (
    "Something went wrong on the server. Reload the page; if it goes on, tell your admin."
)
CALLBACK_PATH = "/_dash-update-component"
PLAIN = {"Content-Type": "text/plain; charset=utf-8"}


def answer_error(error: Exception) -> flask.Response | HTTPException:
    """The plain answer for an exception raised while serving a request."""
    if isinstance(error, HTTPException):
        if error.code == 400:
            log_refused(error)
        return error  # 404, 405, 413, ...: Flask's own answers
    if isinstance(error, NOT_FOUND):
        return flask.Response(NOT_FOUND_MESSAGE, 404, PLAIN)
    if isinstance(error, UnusableInputError):
        log_refused(error)
        return flask.Response(str(error), 400, PLAIN)
    if database_unavailable(error):
        flask.current_app.logger.error("database unavailable: %s", database_failure_reason(error))
        return flask.Response(DATABASE_MESSAGE, 503, PLAIN)
    flask.current_app.logger.exception("unexpected error on %s", flask.request.path)
    if flask.request.path == CALLBACK_PATH:
        return flask.Response(CALLBACK_MESSAGE, 400, PLAIN)
    return flask.Response(PAGE_MESSAGE, 500, PLAIN)


def log_refused(error: Exception) -> None:
    """Note a refused request for the admin: which path, and for a callback which output; the
    kind of error, never the values sent (they may be someone's words)."""
    output = ""
    if flask.request.path == CALLBACK_PATH:
        body = flask.request.get_json(silent=True)
        output = f" (output {str(body.get('output', '?'))[:200]})" if isinstance(body, dict) else ""
    flask.current_app.logger.warning(
        "refused %s%s: %s", flask.request.path, output, type(error).__name__
    )


def install_error_answers(server: flask.Flask) -> None:
    """Answer every failed request in plain words (see the module's docstring)."""
    server.register_error_handler(Exception, answer_error)
