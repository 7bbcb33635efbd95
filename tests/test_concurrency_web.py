"""Two people at once in the web app: two facilitators' editors on one journey, and page loads
while others save. Each client is its own signed-in session."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app import create_app
from tests.factories import make_journey
from tests.webclient import EDITOR_GRIDS as GRIDS
from tests.webclient import editor_save, page_callback, sign_in
from timeline.accounts import Accounts
from timeline.pages import ids
from timeline.service import open_services
from timeline.settings import Settings

KEY = "shared-journey"
PASSWORD = "a long enough password"


@pytest.fixture
def deployment(database_url: str, tmp_path: Path):
    settings = Settings(
        database_url=database_url,
        accounts=True,
        admin_password=PASSWORD,
        load_demo=False,
        login_rate_limit="1000 per minute",
        login_account_rate_limit="1000 per minute",
    )
    services = open_services(settings)
    services.save_journeys([make_journey(KEY, events=12)])
    accounts = Accounts(services.sessions)
    for name in ("fran", "gus"):
        accounts.add_user(name, "facilitator", PASSWORD, created_by="test")
    app = create_app(settings)
    yield app, services
    services.sessions.kw["bind"].dispose()


def _signed_in(app, username: str):
    client = app.server.test_client()
    assert sign_in(client, username, PASSWORD).status_code == 302
    return client


def _find(node, wanted: str) -> dict | None:
    """The props of the component with id `wanted` in a page's JSON."""
    if isinstance(node, dict):
        props = node.get("props", {})
        if props.get("id") == wanted:
            return props
        children = [*node.values()]
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _find(child, wanted)
        if found is not None:
            return found
    return None


def _open_editor(app, client) -> dict:
    """The editor as this client got it: the version it shows and its grids' rows."""
    page = page_callback(app, client, f"/edit/{KEY}").get_json()
    return {
        "version": _find(page, ids.EDITOR_VERSION)["data"],
        **{grid: _find(page, grid)["rowData"] for grid in GRIDS},
    }


def _save(app, client, editor: dict):
    return editor_save(app, client, KEY, editor["version"], editor)


def test_the_second_editor_to_save_is_refused_and_keeps_its_rows(deployment) -> None:
    app, services = deployment
    fran, gus = _signed_in(app, "fran"), _signed_in(app, "gus")
    frans, guss = _open_editor(app, fran), _open_editor(app, gus)
    frans[ids.EDITOR_EVENTS_GRID][0]["title"] = "Fran's title"
    guss[ids.EDITOR_EVENTS_GRID][1]["title"] = "Gus's title"

    first = _save(app, fran, frans)
    assert first.status_code == 200 and "Saved 12 events" in first.get_data(as_text=True)
    second = _save(app, gus, guss)
    assert second.status_code == 200
    body = second.get_json()["response"]
    said = json.dumps(body)
    assert "Someone else (fran) saved this journey at" in said and "reload" in said
    assert "your edits are kept below" in said
    assert ids.EDITOR_EVENTS_GRID not in body  # Gus's typed rows are left as they are

    titles = [e.title for e in services.load_journey(KEY).events]
    assert "Fran's title" in titles and "Gus's title" not in titles
    # After reloading, Gus sees Fran's change and his own save goes through.
    again = _open_editor(app, gus)
    again[ids.EDITOR_EVENTS_GRID][1]["title"] = "Gus's title"
    assert "Saved 12 events" in _save(app, gus, again).get_data(as_text=True)
    titles = [e.title for e in services.load_journey(KEY).events]
    assert "Fran's title" in titles and "Gus's title" in titles


def test_journey_pages_load_whole_while_others_save(deployment) -> None:
    app, services = deployment
    journey = services.load_journey(KEY)
    variants = [journey.model_copy(update={"title": f"Saved {n}"}) for n in range(2)]
    stop = threading.Event()

    def keep_saving() -> int:
        saves = 0
        while not stop.is_set() and saves < 80:
            services.save_journeys([variants[saves % 2]], replace=True)
            saves += 1
        return saves

    readers = [_signed_in(app, name) for name in ("fran", "gus")]

    def load(n: int) -> int:
        return page_callback(app, readers[n % 2], f"/journeys/{KEY}").status_code

    with ThreadPoolExecutor(4) as pool:
        writers = [pool.submit(keep_saving) for _ in range(2)]
        statuses = list(pool.map(load, range(200)))
        stop.set()
        saves = sum(w.result() for w in writers)
    assert saves > 0
    assert statuses == [200] * 200


def test_twelve_editors_saving_at_once_give_one_saved_and_eleven_refusals(deployment) -> None:
    app, services = deployment
    clients = [_signed_in(app, ("fran", "gus")[n % 2]) for n in range(12)]
    editors = [_open_editor(app, client) for client in clients]
    for n, editor in enumerate(editors):
        editor[ids.EDITOR_EVENTS_GRID][0]["title"] = f"Edit {n}"
    start = threading.Barrier(12)

    def save(n: int):
        start.wait()
        return _save(app, clients[n], editors[n])

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(save, range(12)))
    assert [a.status_code for a in answers] == [200] * 12
    said = [a.get_data(as_text=True) for a in answers]
    saved = [n for n, text in enumerate(said) if "Saved 12 events" in text]
    assert len(saved) == 1
    assert sum("Someone else" in text for text in said) == 11
    assert services.load_journey(KEY).events[0].title == f"Edit {saved[0]}"
