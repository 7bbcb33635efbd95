"""A journey stored with a date outside 1900-2100 (written around the app, or stored before the
range was checked) still opens on every page, shown without what holds the date, and the editor
names the cell to fix (issue 11, item 5). On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text

from app import create_app
from schemas import Annotation
from tests.factories import make_journey
from tests.webclient import page_callback, present_next
from timeline.access import Action
from timeline.pages.editor.view import grid_state, journey_from_grids, save_edited_journey
from timeline.pages.journey_view import export_journey
from timeline.pages.present.view import build_step
from timeline.pages.router import render_page
from timeline.service import Services
from timeline.settings import Settings
from timeline.stored_dates import set_aside_unshowable, unshowable_dates

KEY = "bad"
PAGES = [
    f"/journeys/{KEY}",
    f"/present/{KEY}",
    f"/journeys/{KEY}/history",
    f"/edit/{KEY}",
    f"/journeys/{KEY}/review",
    f"/review/{KEY}",
    "/",
]
BAD_DAYS = [
    pytest.param(dt.date(1, 1, 1), id="year-1"),
    pytest.param(dt.date(9999, 12, 31), id="year-9999"),
]


def _journey_with_notes():
    notes = (
        Annotation(id="on-e2", text="About the second contact.", event_ids=("e2",)),
        Annotation(id="on-e1", text="About the stay.", event_ids=("e1",)),
    )
    return make_journey(KEY).model_copy(update={"annotations": notes})


def _store_bad_date(services: Services, day: dt.date) -> None:
    """Write `day` as event e2's start straight into the tables and its history, past the schema."""
    with services.sessions.kw["bind"].begin() as connection:
        connection.execute(
            text("UPDATE events SET start = :day WHERE event_id = 'e2'"), {"day": day}
        )
        document = connection.scalar(text("SELECT document FROM journey_versions"))
        bad = document.replace('"2015-01-15"', f'"{day.isoformat()}"')
        connection.execute(text("UPDATE journey_versions SET document = :d"), {"d": bad})


@pytest.fixture(params=BAD_DAYS)
def stored(request: pytest.FixtureRequest, services: Services) -> tuple[Services, dt.date]:
    services.save_journeys([_journey_with_notes()])
    _store_bad_date(services, request.param)
    return services, request.param


def test_every_page_of_the_journey_opens(stored: tuple[Services, dt.date]) -> None:
    services, _day = stored
    for path in PAGES:
        assert render_page(path, services).children, path


def test_the_journey_page_says_what_cannot_be_shown_and_where_to_fix_it(
    stored: tuple[Services, dt.date],
) -> None:
    services, day = stored
    page = str(render_page(f"/journeys/{KEY}", services))
    assert "This journey holds dates that cannot be shown" in page
    assert f"event e2 (Contact 1), start: {day.isoformat()} is outside 1900-01-01" in page
    assert "fixed in the editor" in page


def test_presenting_and_downloads_leave_out_what_holds_the_date(
    stored: tuple[Services, dt.date],
) -> None:
    services, _day = stored
    steps = build_step(services, KEY, 0, show_sensitive=False).total
    assert [
        build_step(services, KEY, s, show_sensitive=False).number for s in range(steps)
    ] == list(range(steps))
    data, _name, _media = export_journey(services, KEY, "json")
    exported = json.loads(data)
    assert [e["id"] for e in exported["events"]] == ["e1", "e3"]
    assert [a["id"] for a in exported["annotations"]] == ["on-e1"]
    assert b"Contact 1" not in export_journey(services, KEY, "csv")[0]
    assert b"Test household" in export_journey(services, KEY, "html")[0]


def test_history_reads_and_restores_a_version_holding_the_date(
    stored: tuple[Services, dt.date],
) -> None:
    services, day = stored
    assert services.load_version(KEY, 1).events[1].start == day
    services.restore_version(KEY, 1)
    assert render_page(f"/journeys/{KEY}/history", services).children


def test_the_editor_names_the_cell_and_saves_once_it_is_fixed(
    stored: tuple[Services, dt.date],
) -> None:
    services, day = stored
    stored_journey = services.load_journey(KEY, Action.EDIT)
    grids = grid_state(stored_journey)
    _journey, problems = journey_from_grids(stored_journey, **grids)
    assert [str(p) for p in problems] == [
        f"Events, row 2, column start: {day.isoformat()} is outside 1900-01-01 to 2100-12-31; "
        "check the year"
    ]
    grids["events"][1]["start"] = "2015-01-15"
    assert save_edited_journey(services, KEY, **grids).problems == []
    assert "cannot be shown" not in str(render_page(f"/journeys/{KEY}", services))
    assert [a.id for a in services.load_journey(KEY).annotations] == ["on-e2", "on-e1"]


def test_no_page_or_presenter_step_answers_500_through_the_server(
    stored: tuple[Services, dt.date], database_url: str
) -> None:
    app = create_app(Settings(database_url=database_url, load_demo=False))
    client = app.server.test_client()
    for path in PAGES:
        assert page_callback(app, client, path).status_code == 200, path
    assert present_next(app, client, KEY).status_code == 200


def test_a_journey_without_bad_dates_is_shown_as_it_is() -> None:
    journey = _journey_with_notes()
    assert unshowable_dates(journey) == []
    assert set_aside_unshowable(journey, tell=True) is journey


def test_the_cli_export_says_what_it_left_out(stored: tuple[Services, dt.date]) -> None:
    from typer.testing import CliRunner

    from timeline.cli import app as cli_app

    services, day = stored
    url = services.settings.database_url
    result = CliRunner().invoke(cli_app, ["export", KEY, "--format", "csv", "--db", url])
    assert result.exit_code == 0 and "Contact 1" not in result.stdout
    assert f"Warning: left out, fix it with the editor: event e2 (Contact 1), start: {day}" in (
        result.stderr
    )
