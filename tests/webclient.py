"""Talking to the app's Flask server as a browser does: sign in with the form, then call Dash
callbacks with the CSRF token Dash's renderer would send (cookie `_csrf_token` → X-CSRFToken)."""

from __future__ import annotations

import re

from timeline.pages import ids
from timeline.pages.sign_in.auth import CSRF_COOKIE


def form_token(client, path: str = "/login") -> str:
    """The CSRF token of the form on `path`."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client, username: str, password: str):
    """Post the sign-in form; returns the response (302 on success)."""
    token = form_token(client)
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )


def csrf_header(client) -> dict[str, str]:
    """The header Dash's renderer sends, from the cookie the server set (fetching / first)."""
    cookie = client.get_cookie(CSRF_COOKIE)
    if cookie is None:
        client.get("/")
        cookie = client.get_cookie(CSRF_COOKIE)
    return {"X-CSRFToken": cookie.value} if cookie else {}


def callback(
    app, client, output_part: str, inputs: list, state: list, *, csrf: bool = True, headers=None
):
    """POST one Dash callback (the first whose output names `output_part`), as the browser would."""
    keys = [k for k in app.callback_map if output_part in k]
    key = output_part if output_part in keys else keys[0]
    outputs = [
        {"id": o.split(".")[0], "property": o.split(".")[1]} for o in key.strip(".").split("...")
    ]
    body = {
        "output": key,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "state": state,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }
    sent = (csrf_header(client) if csrf else {}) | (headers or {})
    return client.post("/_dash-update-component", json=body, headers=sent)


def page_callback(app, client, path: str, search: str = "", headers=None):
    """The router's callback for `path`: the page as the signed-in viewer gets it."""
    return callback(
        app,
        client,
        f"{ids.PAGE}.children",
        [{"id": ids.URL, "property": "pathname", "value": path}],
        [{"id": ids.URL, "property": "search", "value": search}],
        headers=headers,
    )


def present_next(app, client, key: str, step: int = 0):
    """Presenter mode's Next button on journey `key`, from `step`."""
    return callback(
        app,
        client,
        f"{ids.PRESENT_GRAPH}.figure",
        [
            {"id": ids.PRESENT_NEXT, "property": "n_clicks", "value": 1},
            {"id": ids.PRESENT_PREV, "property": "n_clicks", "value": None},
            {"id": ids.PRESENT_SENSITIVE, "property": "value", "value": []},
            {"id": ids.PRESENT_BY, "property": "value", "value": "event"},
            {"id": ids.PRESENT_CONTRAST, "property": "value", "value": []},
        ],
        [
            {"id": ids.PRESENT_STEP, "property": "data", "value": step},
            {"id": ids.PRESENT_KEY, "property": "data", "value": key},
            {"id": ids.URL, "property": "search", "value": ""},
        ],
    )


EDITOR_GRIDS = (ids.EDITOR_EVENTS_GRID, ids.EDITOR_AGENCIES_GRID, ids.EDITOR_PEOPLE_GRID)


def editor_save(app, client, key: str, version: int | None, grids: dict | None = None):
    """The editor's Save on journey `key`, naming `version`, with `grids` (grid id: rows; the
    grids left out are sent empty)."""
    rows = grids or {}
    return callback(
        app,
        client,
        f"{ids.EDITOR_PROBLEMS}.children",
        [{"id": ids.EDITOR_SAVE, "property": "n_clicks", "value": 1}],
        [
            {"id": ids.EDITOR_KEY, "property": "data", "value": key},
            {"id": ids.EDITOR_VERSION, "property": "data", "value": version},
            *[{"id": g, "property": "rowData", "value": rows.get(g, [])} for g in EDITOR_GRIDS],
            {"id": ids.EDITOR_HISTORY, "property": "data", "value": []},
        ],
    )
