"""Journey history: versions with who and when, restore, soft delete, and crash safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from dash import dcc, html
from sqlalchemy import text
from typer.testing import CliRunner

import timeline.store.journeys as journeys_module
from schemas import Annotation, Journey, Sensitivity
from tests.components import text_of, walk
from tests.conftest import FIXTURES
from tests.factories import make_journey
from timeline.cli import app as cli_app
from timeline.pages.history.page import restore_from_history
from timeline.pages.router import render_page
from timeline.service import Services, open_services
from timeline.settings import Settings
from timeline.store import (
    DeletedJourneyNotFoundError,
    JourneyNotFoundError,
    VersionAction,
    VersionNotFoundError,
    downgrade_database,
    upgrade_database,
)

ROOT = Path(__file__).resolve().parents[1]


def _edited(number: int) -> Journey:
    journey = make_journey(events=1 + number % 7)
    return journey.model_copy(update={"title": f"Edit number {number}"})


def _actions(services: Services, key: str = "test-journey") -> list[tuple[int, str, str]]:
    return [(v.version, v.actor, v.action.value) for v in services.list_versions(key)]


def test_a_hundred_edits_are_each_kept_and_restorable(services: Services) -> None:
    saved = {1: make_journey()}
    services.save_journeys([saved[1]])
    for number in range(2, 102):
        saved[number] = _edited(number)
        services.save_journeys([saved[number]], replace=True, actor="Sam", action="edit")
    versions = services.list_versions("test-journey")
    assert [v.version for v in versions] == list(range(1, 102))
    assert versions[0].action is VersionAction.IMPORT and versions[0].actor == "local user"
    assert {(v.actor, v.action) for v in versions[1:]} == {("Sam", VersionAction.EDIT)}
    assert [v.events for v in versions] == [len(saved[n].events) for n in range(1, 102)]
    assert all(v.saved_at.tzinfo is not None for v in versions)
    for number, journey in saved.items():
        assert services.load_version("test-journey", number) == journey
        added = services.restore_version("test-journey", number, actor="Kim")
        assert added == 101 + number
        assert services.load_journey("test-journey") == journey
    assert _actions(services)[-1] == (202, "Kim", "restore")


def test_restore_adds_a_version_and_never_rewrites_history(services: Services) -> None:
    first, second = make_journey(events=3), _edited(5)
    services.save_journeys([first])
    services.save_journeys([second], replace=True)
    assert services.restore_version("test-journey", 1) == 3
    assert services.load_journey("test-journey") == first
    assert services.load_version("test-journey", 2) == second
    assert _actions(services) == [
        (1, "local user", "import"),
        (2, "local user", "replace"),
        (3, "local user", "restore"),
    ]
    with pytest.raises(VersionNotFoundError):
        services.restore_version("test-journey", 9)


def test_soft_delete_hides_the_journey_and_undelete_brings_it_back(services: Services) -> None:
    journey = make_journey()
    services.save_journeys([journey, make_journey("other")])
    assert services.delete_journey("test-journey", actor="Ali") == 2
    assert [s.key for s in services.list_journeys()] == ["other"]
    with pytest.raises(JourneyNotFoundError):
        services.load_journey("test-journey")
    with pytest.raises(JourneyNotFoundError):
        services.delete_journey("test-journey")
    assert services.undelete_journey("test-journey") == 3
    assert services.load_journey("test-journey") == journey
    assert [s.key for s in services.list_journeys()] == ["other", "test-journey"]
    with pytest.raises(DeletedJourneyNotFoundError):
        services.undelete_journey("test-journey")
    assert _actions(services) == [
        (1, "local user", "import"),
        (2, "Ali", "delete"),
        (3, "local user", "restore"),
    ]


def test_a_deleted_key_can_be_imported_again_and_keeps_its_history(services: Services) -> None:
    services.save_journeys([make_journey()])
    services.delete_journey("test-journey")
    services.save_journeys([_edited(3)])
    assert services.load_journey("test-journey").title == "Edit number 3"
    assert [a for _, _, a in _actions(services)] == ["import", "delete", "import"]
    assert services.restore_version("test-journey", 1) == 4
    assert services.load_journey("test-journey") == make_journey()


def test_annotations_are_versions_too(services: Services) -> None:
    services.save_journeys([make_journey()])
    note = services.mark_missed_opportunity("test-journey", "e2", "", actor="Facilitator")
    services.remove_annotation("test-journey", note.id)
    assert _actions(services)[1:] == [(2, "Facilitator", "annotate"), (3, "local user", "annotate")]
    assert services.load_version("test-journey", 2).annotations == (note,)


def test_a_failure_after_the_version_is_written_rolls_back_both(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = make_journey()
    services.save_journeys([before])
    real = journeys_module.record_version

    def record_then_fail(*args, **kwargs) -> int:  # noqa: ANN002, ANN003
        real(*args, **kwargs)
        raise RuntimeError("the process died here")

    monkeypatch.setattr(journeys_module, "record_version", record_then_fail)
    with pytest.raises(RuntimeError):
        services.save_journeys([_edited(4)], replace=True)
    assert services.load_journey("test-journey") == before
    assert _actions(services) == [(1, "local user", "import")]


_KILLED_SAVE = """
import sys, time
import timeline.store.journeys as journeys_module
from tests.factories import make_journey
from timeline.service import open_services
from timeline.settings import Settings

real = journeys_module.record_version

def record_then_hang(*args, **kwargs):
    real(*args, **kwargs)
    print("version written", flush=True)
    time.sleep(120)

journeys_module.record_version = record_then_hang
services = open_services(Settings(database_url=sys.argv[1], load_demo=False))
big = make_journey(events=3000).model_copy(update={"title": "Half-saved"})
services.save_journeys([big], replace=True)
"""


def test_a_process_killed_mid_save_leaves_the_previous_version_intact(sqlite_url: str) -> None:
    services = open_services(Settings(database_url=sqlite_url, load_demo=False))
    before = make_journey()
    services.save_journeys([before])
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_SAVE, sqlite_url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "version written"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert services.load_journey("test-journey") == before
    assert _actions(services) == [(1, "local user", "import")]
    services.save_journeys([_edited(2)], replace=True)  # and the database is still writable
    assert [v.version for v in services.list_versions("test-journey")] == [1, 2]
    services.sessions.kw["bind"].dispose()


def _cli(*args: str, db: str) -> str:
    result = CliRunner().invoke(cli_app, [*args, "--db", db])
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_import_replace_keeps_the_previous_version(
    services: Services, database_url: str
) -> None:
    _cli("import", str(FIXTURES / "household.csv"), db=database_url)
    original = services.load_journey("test-household")
    services.save_journeys(
        [original.model_copy(update={"title": "Edited in the app"})], replace=True, action="edit"
    )
    _cli("import", str(FIXTURES / "household.csv"), "--replace", "--by", "Jo", db=database_url)
    rows = json.loads(_cli("history", "test-household", "--json", db=database_url))
    assert [(r["version"], r["actor"], r["action"]) for r in rows] == [
        (1, "local user", "import"),
        (2, "local user", "edit"),
        (3, "Jo", "replace"),
    ]
    assert services.load_version("test-household", 2).title == "Edited in the app"
    assert services.load_journey("test-household") == original
    assert [r["changes"] for r in rows] == [
        "first version: 4 events",
        "title changed",
        "title changed",
    ]  # what each version changed, as the history page says it


def test_cli_history_restore_delete_and_undelete(services: Services, database_url: str) -> None:
    first = make_journey()
    services.save_journeys([first])
    services.save_journeys([_edited(2)], replace=True)
    assert "2\t" in _cli("history", "test-journey", db=database_url)
    out = _cli("restore", "test-journey", "1", "--by", "Pat", db=database_url)
    assert out == "restored test-journey version 1 as version 3\n"
    assert services.load_journey("test-journey") == first
    assert "undelete" in _cli("delete", "test-journey", db=database_url)
    assert services.list_journeys() == []
    assert "version 5" in _cli("undelete", "test-journey", db=database_url)
    assert services.load_journey("test-journey") == first
    assert [a for _, _, a in _actions(services)] == [
        "import",
        "replace",
        "restore",
        "delete",
        "restore",
    ]
    missing = CliRunner().invoke(cli_app, ["restore", "test-journey", "99", "--db", database_url])
    assert missing.exit_code == 1 and "has no version 99" in missing.output
    unknown = CliRunner().invoke(cli_app, ["history", "nobody", "--db", database_url])
    assert unknown.exit_code == 1


def test_history_page_is_an_accessible_table_with_a_restore_button_per_version(
    sqlite_services: Services,
) -> None:
    sqlite_services.save_journeys([make_journey()])
    sqlite_services.save_journeys([_edited(2)], replace=True, actor="Sam", action="edit")
    journey_page = render_page("/journeys/test-journey", sqlite_services)
    links = [c.href for c in walk(journey_page) if isinstance(c, dcc.Link)]
    assert "/journeys/test-journey/history" in links
    page = render_page("/journeys/test-journey/history", sqlite_services)
    tree = list(walk(page))
    assert [c.children for c in tree if isinstance(c, html.Caption)] == [
        "Saved versions of test-journey, newest first"
    ]
    headers = [c for c in tree if isinstance(c, html.Th)]
    assert all(h.scope in {"col", "row"} for h in headers)
    buttons = [c for c in tree if isinstance(c, html.Button)]
    assert [b.id["version"] for b in buttons] == [2, 1]
    assert [b.to_plotly_json()["props"]["aria-label"] for b in buttons] == [
        "Restore this version (version 2)",
        "Restore this version (version 1)",
    ]
    assert "Sam" in text_of(page) and "Edited" in text_of(page)
    assert "title changed" in text_of(page)
    message = restore_from_history(sqlite_services, "test-journey", 1, "local user")
    assert message == ("Version 1 restored. It is now the current journey, saved as version 3.")
    assert sqlite_services.load_journey("test-journey") == make_journey()


def test_history_page_of_a_deleted_journey_offers_to_bring_it_back(
    sqlite_services: Services,
) -> None:
    sqlite_services.save_journeys([make_journey()])
    sqlite_services.delete_journey("test-journey")
    page = render_page("/journeys/test-journey/history", sqlite_services)
    assert "This journey is deleted." in text_of(page)
    assert "Not found" in text_of(render_page("/journeys/nobody/history", sqlite_services))


def test_replacing_a_journey_stored_before_history_keeps_what_it_was(services: Services) -> None:
    before = make_journey()
    services.save_journeys([before])
    with services.sessions.begin() as session:  # as if it was stored before migration 0003
        session.execute(text("DELETE FROM journey_versions"))
    services.save_journeys([_edited(2)], replace=True)
    assert [(n, a) for n, _, a in _actions(services)] == [(1, "import"), (2, "replace")]
    assert services.list_versions("test-journey")[0].actor.startswith("unknown")
    assert services.load_version("test-journey", 1) == before


def test_the_history_migration_steps_down_and_up_again(services: Services) -> None:
    services.save_journeys([make_journey()])
    engine = services.sessions.kw["bind"]
    downgrade_database(engine, "0002")
    assert upgrade_database(engine)
    assert [s.key for s in services.list_journeys()] == ["test-journey"]
    assert services.list_versions("test-journey") == []
    # nothing else is lost on the way (on SQLite, rebuilding the journeys table to drop a
    # column would delete every event through the foreign keys' cascade); stepping below 0009
    # drops the events' areas, and only them
    journey = make_journey()
    unplaced = tuple(e.model_copy(update={"area": ""}) for e in journey.events)
    assert services.load_journey("test-journey") == journey.model_copy(update={"events": unplaced})


def test_deleted_demo_journeys_stay_deleted_when_the_app_starts_again(tmp_path: Path) -> None:
    from app import create_app

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=True)
    create_app(settings)
    services = open_services(settings)
    keys = [s.key for s in services.list_journeys()]
    assert keys  # the demo on first run
    for key in keys:
        services.delete_journey(key)
    create_app(settings)
    assert services.list_journeys() == []
    assert services.load_demo() == []  # `touchpoints demo` does not resurrect them either


def _changed(journey: Journey, **events: dict) -> Journey:
    """The journey with events edited by id ({"e2": {"title": ...}}; None removes it)."""
    kept = []
    for event in journey.events:
        update = events.get(event.id, {})
        if update is not None:
            kept.append(event.model_copy(update=update))
    return journey.model_copy(update={"events": tuple(kept)})


def _more(journey: Journey, count: int) -> Journey:
    extra = tuple(
        e.model_copy(update={"id": f"n{i}", "title": f"New contact {i}"})
        for i, e in enumerate([journey.events[1]] * count, start=1)
    )
    return journey.model_copy(update={"events": journey.events + extra})


@pytest.mark.parametrize(
    ("change", "words"),
    [
        pytest.param(
            lambda j: _changed(j, e2={"title": "Police at the hostel"}),
            "1 event edited ('Police at the hostel': title)",
            id="one-title",
        ),
        pytest.param(
            lambda j: _changed(j, e2={"start": j.events[1].start.replace(day=28)}, e3=None),
            "1 event removed ('Contact 2'); 1 event edited ('Contact 1': date)",
            id="removed-and-redated",
        ),
        pytest.param(
            lambda j: _more(j, 2),
            "2 events added ('New contact 1', 'New contact 2')",
            id="two-added-named",
        ),
        pytest.param(lambda j: _more(j, 5), "5 events added", id="many-added-counted"),
        pytest.param(
            lambda j: _changed(j, e2={"sensitivity": Sensitivity.RESTRICTED}),
            "1 event hidden ('Contact 1')",
            id="hide-accepted",
        ),
        pytest.param(
            lambda j: j.model_copy(
                update={
                    "title": "Renamed",
                    "annotations": (Annotation(id="n1", text="Nobody asked.", event_ids=("e1",)),),
                }
            ),
            "title changed; 1 note added",
            id="title-and-note",
        ),
        pytest.param(lambda j: j, "no change to the journey", id="saved-unchanged"),
    ],
)
def test_history_says_what_each_version_changed_and_who(
    sqlite_services: Services, change, words: str
) -> None:
    first = make_journey()
    sqlite_services.save_journeys([first])
    sqlite_services.save_journeys([change(first)], replace=True, actor="Sam", action="review")
    page = render_page("/journeys/test-journey/history", sqlite_services)
    rows = [
        [text_of(cell) for cell in row.children]
        for row in walk(page)
        if isinstance(row, html.Tr)
        and isinstance(row.children[0], html.Th)
        and row.children[0].scope == "row"
    ]
    assert [r[:5] for r in rows] == [
        ["2", rows[0][1], "Sam", "Reviewer's proposal accepted", words],
        ["1", rows[1][1], "local user", "Imported", "first version: 3 events"],
    ]


def test_a_deletion_says_its_events_stay_in_the_history(sqlite_services: Services) -> None:
    sqlite_services.save_journeys([make_journey()])
    sqlite_services.delete_journey("test-journey")
    page = render_page("/journeys/test-journey/history", sqlite_services)
    assert "deleted; its 3 events stay in this history" in text_of(page)
