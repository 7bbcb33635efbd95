"""Checks found by testing issue 11 from outside: a forged or stale request must never undo
what others saved, and settings are read as a user means them."""

from __future__ import annotations

import json

from tests.test_concurrency_web import GRIDS, KEY, _open_editor, _signed_in, deployment
from tests.webclient import callback
from timeline.pages import ids

__all__ = ["deployment"]


def test_an_editor_save_naming_no_version_is_refused_and_stores_nothing(deployment) -> None:
    app, services = deployment
    fran = _signed_in(app, "fran")
    editor = _open_editor(app, fran)
    editor[ids.EDITOR_EVENTS_GRID][0]["title"] = "Overwritten blindly"
    before = services.list_versions(KEY)
    answer = callback(
        app,
        fran,
        f"{ids.EDITOR_PROBLEMS}.children",
        [{"id": ids.EDITOR_SAVE, "property": "n_clicks", "value": 1}],
        [
            {"id": ids.EDITOR_KEY, "property": "data", "value": KEY},
            {"id": ids.EDITOR_VERSION, "property": "data", "value": None},
            *[{"id": g, "property": "rowData", "value": editor[g]} for g in GRIDS],
            {"id": ids.EDITOR_HISTORY, "property": "data", "value": []},
        ],
    )
    assert answer.status_code == 400
    assert "which version of the journey" in answer.get_data(as_text=True)
    assert services.list_versions(KEY) == before
    assert "Overwritten blindly" not in json.dumps(
        [e.title for e in services.load_journey(KEY).events]
    )
