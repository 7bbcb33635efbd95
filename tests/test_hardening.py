"""Small things hostile testing found (issue 11, item 9): HSTS with secure cookies, one Server
header naming no version, public paths matched exactly, the row cap on CSV and XLSX (before a
workbook is read), and a database that cannot be used answered in one plain line or page."""

from __future__ import annotations

import http.client
import io
import sqlite3
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner
from werkzeug.serving import make_server

from app import create_app
from tests.conftest import FIXTURES
from tests.factories import make_journey
from tests.webclient import page_callback
from timeline.cli import app as cli
from timeline.io import InvalidFileError, read_journeys
from timeline.pages.answers import DATABASE_MESSAGE
from timeline.pages.protect import PlainServerRequestHandler
from timeline.service import Services, open_services
from timeline.settings import Settings

PASSWORD = "correct horse battery staple"
HEADER = "journey,title,provenance,person,agency,sector,kind,start,title_event\n"


def _app(tmp_path: Path, **settings: object):
    base = {"database_url": f"sqlite:///{tmp_path / 'h.db'}", "load_demo": False}
    return create_app(Settings(**(base | settings)))


@pytest.mark.parametrize(
    ("settings", "hsts"),
    [
        pytest.param({"secure_cookies": True, "accounts": True}, True, id="secure-cookies"),
        pytest.param({"host": "0.0.0.0", "accounts": True}, True, id="off-loopback"),
        pytest.param({}, False, id="local-http"),
    ],
)
def test_hsts_is_sent_exactly_when_cookies_are_https_only(tmp_path, settings, hsts) -> None:
    app = _app(tmp_path, admin_password=PASSWORD, **settings)
    headers = app.server.test_client().get("/login" if settings else "/").headers
    assert ("Strict-Transport-Security" in headers) is hsts
    if hsts:
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_development_server_sends_one_server_header_without_a_version(tmp_path) -> None:
    app = _app(tmp_path)
    server = make_server("127.0.0.1", 0, app.server, request_handler=PlainServerRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for path in ("/", "/assets/touchpoints.css", "/no-such-page"):
            connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            assert [v for k, v in response.getheaders() if k.lower() == "server"] == [
                "Touchpoints"
            ], path
            connection.close()
    finally:
        server.shutdown()


def test_touchpoints_serve_uses_that_server(tmp_path, monkeypatch) -> None:
    started = {}
    monkeypatch.setattr("dash.Dash.run", lambda _self, **kwargs: started.update(kwargs))
    result = CliRunner().invoke(cli, ["serve", "--dev", "--db", f"sqlite:///{tmp_path / 's.db'}"])
    assert result.exit_code == 0, result.output
    assert started["request_handler"] is PlainServerRequestHandler


@pytest.mark.parametrize(
    ("path", "public"),
    [
        pytest.param("/_favicon.ico", True, id="favicon"),
        pytest.param("/assets/touchpoints.css", True, id="asset"),
        pytest.param("/_favicon.icoX", False, id="favicon-suffix"),
        pytest.param("/_favicon.ico/journeys/x", False, id="favicon-as-folder"),
        pytest.param("/assetsX/touchpoints.css", False, id="asset-folder-prefix"),
        pytest.param("/_dash-component-suites/../_dash-layout", False, id="climbs-out"),
    ],
)
def test_only_exact_public_paths_are_served_before_signing_in(tmp_path, path, public) -> None:
    http = _app(tmp_path, accounts=True, admin_password=PASSWORD).server.test_client()
    response = http.get(path)
    if public:
        assert response.status_code == 200
    else:
        assert response.status_code in {302, 401}, response.status_code
        assert b"_dash-renderer" not in response.data and b"Touchpoints" not in response.data


def _csv(rows: int) -> bytes:
    line = "k,Title,illustrative,A,Cyrenians,Housing,contact,2015-01-05,x\n"
    return (HEADER + line * rows).encode()


def _xlsx(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "events"
    sheet.append(HEADER.strip().split(","))
    for n in range(rows):
        sheet.append(["k", "T", "illustrative", "A", "Cyrenians", "Housing", "contact", f"e{n}"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["case.csv", "case.xlsx"])
def test_the_row_cap_refuses_a_long_file_with_a_message(name) -> None:
    data = _csv(20) if name.endswith(".csv") else _xlsx(20)
    with pytest.raises(InvalidFileError, match="more than 10 rows"):
        read_journeys(data, name, max_rows=10)


def test_a_workbook_over_the_cap_is_refused_before_any_row_is_read(monkeypatch) -> None:
    def no_reading(*_args, **_kwargs):
        raise AssertionError("a row was read")

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", no_reading)
    with pytest.raises(InvalidFileError, match="more than 10 rows"):
        read_journeys(_xlsx(20), "case.xlsx", max_rows=10)


def test_the_cli_applies_the_row_cap_setting_to_csv(tmp_path) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(_csv(6))
    db = f"sqlite:///{tmp_path / 'c.db'}"
    capped = CliRunner().invoke(
        cli, ["import", str(path), "--db", db], env={"TOUCHPOINTS_MAX_ROWS": "5"}
    )
    assert capped.exit_code == 2
    assert "more than 5 rows" in capped.stderr and "TOUCHPOINTS_MAX_ROWS" not in capped.stdout
    fixture = CliRunner().invoke(cli, ["import", str(FIXTURES / "household.csv"), "--db", db])
    assert fixture.exit_code == 0, fixture.output  # the default cap lets a case study in


def _database_full(*_args, **_kwargs):
    raise OperationalError(
        "SELECT title FROM journeys WHERE title = ?",
        ("Hostel room",),
        sqlite3.OperationalError("database or disk is full"),
    )


def test_a_database_failure_prints_one_plain_line_from_the_cli(tmp_path, monkeypatch) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    monkeypatch.setattr(Services, "list_journeys", _database_full)
    result = CliRunner().invoke(cli, ["list", "--db", db])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "Error: the database could not be used: database or disk is full; check "
        "TOUCHPOINTS_DATABASE_URL (or --db), that the database is running and its disk has room"
    ]
    assert "SELECT" not in result.output and "Hostel" not in result.output


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        pytest.param("sqlite:///{folder}", "unable to open database file", id="sqlite-folder"),
        pytest.param(
            "postgresql+psycopg://someone:secret@127.0.0.1:1/touchpoints",
            "Connection refused",
            id="postgresql-refused",
        ),
    ],
)
def test_an_unreachable_database_prints_one_plain_line(tmp_path, url: str, reason: str) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()  # a SQLite "file" that is a folder cannot be opened
    result = CliRunner().invoke(cli, ["list", "--db", url.format(folder=folder)])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "the database could not be used" in result.stderr and reason in result.stderr
    assert "Traceback" not in result.output and "secret" not in result.output


def test_a_database_failure_answers_a_plain_page(tmp_path, monkeypatch) -> None:
    app = _app(tmp_path)
    open_services(Settings(database_url=f"sqlite:///{tmp_path / 'h.db'}")).save_journeys(
        [make_journey("k")]
    )
    monkeypatch.setattr(Services, "list_journeys", _database_full)
    response = page_callback(app, app.server.test_client(), "/")
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and body == DATABASE_MESSAGE
    assert "SELECT" not in body and "Hostel" not in body
