"""`touchpoints export` with the journey page's view options: the same names, values and meaning
as the page's URL, for every format; a value the journey cannot show is refused with exit 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import traceback
from pathlib import Path
from urllib.parse import parse_qsl

import plotly.graph_objects as go
import pytest
from dash import html
from typer.testing import CliRunner

import timeline.figures.image as image_module
from tests.components import walk
from tests.test_pages import _by_id
from timeline.cli import app as cli_app
from timeline.pages.journey_view import export_journey
from timeline.pages.router import render_page
from timeline.service import Services
from timeline.view_state import parse_view_query

KEY = "coventry-couple"
WHOLE_EVENTS = 109

VIEWS = [
    pytest.param("?collapse=Housing%2CPolice", id="collapse"),
    pytest.param("?align=e024", id="align"),
    pytest.param("?align=e024&from=-30&to=200", id="align-and-zoom-in-days"),
    pytest.param("?from=2015-03-01&to=2015-09-30", id="zoom-in-dates"),
    pytest.param("?sectors=Housing%2CPolice", id="sectors"),
    pytest.param("?people=Jo", id="people"),
    pytest.param("?kinds=arrest%2Ceviction", id="kinds"),
    pytest.param("?since=2015-01-01&until=2015-06-30", id="since-until"),
    pytest.param(
        "?collapse=Money&align=e024&from=-60&to=120&sectors=Housing%2CMoney&people=Sam"
        "&since=2015-01-01",
        id="everything-at-once",
    ),
]


def cli(*args: str) -> subprocess.CompletedProcess:
    """`touchpoints ARGS` in this process, answered like the real command (see test_cli.py)."""
    result = CliRunner().invoke(cli_app, list(args))
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout_bytes, stderr)


def options_of(query: str) -> list[str]:
    """The URL's parameters written as options of the same names, values as the URL has them."""
    return [part for name, value in parse_qsl(query.lstrip("?")) for part in (f"--{name}", value)]


@pytest.fixture
def demo(sqlite_services: Services, sqlite_url: str) -> tuple[Services, str]:
    sqlite_services.load_demo()
    return sqlite_services, sqlite_url


class _Chromium:
    """Stands in for the headless Chromium: keeps what render_figure sends it to draw."""

    def __init__(self) -> None:
        self.drawn: list[tuple[go.Figure, str]] = []

    def render(self, figure: dict, opts: dict) -> bytes:
        self.drawn.append((go.Figure(figure), opts["format"]))
        return b"drawn"


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[tuple[go.Figure, str]]:
    """The figures the image exporters had drawn, as render_figure hands them to Chromium."""
    chromium = _Chromium()
    monkeypatch.setattr(image_module, "_open_session", lambda: chromium)
    return chromium.drawn


def _drawing(figure: go.Figure | dict) -> dict:
    """What a figure shows, apart from its size and title: marks, lanes, bands and x range."""
    plain = json.loads(go.Figure(figure).to_json())
    layout = plain["layout"]
    return {
        "data": plain["data"],
        "shapes": layout.get("shapes"),
        "lanes": (layout["yaxis"].get("tickvals"), layout["yaxis"].get("ticktext")),
        "x_range": layout["xaxis"].get("range"),  # None: the whole timeline
    }


@pytest.mark.parametrize("query", VIEWS)
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_a_picture_draws_what_the_page_shows_for_the_same_url(
    demo: tuple[Services, str], drawn: list, query: str, fmt: str
) -> None:
    services, url = demo
    result = cli("export", KEY, "--format", fmt, *options_of(query), "--db", url)
    assert result.returncode == 0, result.stderr
    ((figure, rendered),) = drawn
    assert rendered == fmt
    page = _by_id(render_page(f"/journeys/{KEY}", services, query), "journey-graph").figure
    assert _drawing(figure) == _drawing(page)
    whole = _by_id(render_page(f"/journeys/{KEY}", services, ""), "journey-graph").figure
    assert _drawing(figure) != _drawing(whole)  # the view changed the picture
    if zoom := parse_view_query(query)[1]:
        assert figure.layout.xaxis.range == tuple(zoom)


def _event_ids(data: bytes, fmt: str) -> list[str]:
    if fmt == "csv":
        return [row["id"] for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))]
    return [event["id"] for event in json.loads(data)["events"]]


@pytest.mark.parametrize("query", VIEWS)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_data_holds_what_the_pages_download_holds_for_the_same_url(
    demo: tuple[Services, str], query: str, fmt: str
) -> None:
    services, url = demo
    result = cli("export", KEY, "--format", fmt, *options_of(query), "--db", url)
    assert result.returncode == 0, result.stderr
    state, x_range = parse_view_query(query)
    downloaded, _name, _type = export_journey(services, KEY, fmt, state)
    assert result.stdout == downloaded
    shown = _event_ids(result.stdout, fmt)
    page = render_page(f"/journeys/{KEY}", services, query)
    body = next(c for c in walk(_by_id(page, "journey-events-table")) if isinstance(c, html.Tbody))
    assert len(shown) == len(body.children) > 0  # the rows of the page's table of events
    assert (len(shown) < WHOLE_EVENTS) == state.filter.active
    # a zoom only frames the picture: the data says so rather than cut silently
    assert ("zoom the picture formats only" in result.stderr) == bool(x_range)


@pytest.mark.parametrize("fmt", ["ocel", "xes"])
def test_event_logs_hold_only_the_filtered_events(demo: tuple[Services, str], fmt: str) -> None:
    _services, url = demo
    whole = cli("export", KEY, "--format", fmt, "--db", url)
    police = cli("export", KEY, "--format", fmt, "--sectors", "Police", "--db", url)
    assert whole.returncode == police.returncode == 0, police.stderr
    assert 0 < len(police.stdout) < len(whole.stdout)
    text = police.stdout.decode("utf-8")
    assert "Whitefriars" not in text  # a housing agency, not police
    assert "Whitefriars" in whole.stdout.decode("utf-8")


def test_a_page_address_given_verbatim_is_the_same_view(demo: tuple[Services, str]) -> None:
    _services, url = demo
    query = "?sectors=Housing%2CPolice&people=Jo&since=2015-01-01"
    address = f"https://touchpoints.example/journeys/{KEY}{query}"
    by_options = cli("export", KEY, "-f", "csv", *options_of(query), "--db", url)
    by_address = cli("export", KEY, "-f", "csv", "--view", address, "--db", url)
    by_query = cli("export", KEY, "-f", "csv", "--view", query, "--db", url)
    assert by_options.returncode == by_address.returncode == by_query.returncode == 0
    assert by_options.stdout == by_address.stdout == by_query.stdout
    # an option given as well wins over the same parameter in the address
    widened = cli("export", KEY, "-f", "csv", "--view", address, "--people", "Jo,Sam", "--db", url)
    assert len(_event_ids(widened.stdout, "csv")) > len(_event_ids(by_address.stdout, "csv"))


def test_list_options_may_be_repeated_or_comma_separated(demo: tuple[Services, str]) -> None:
    _services, url = demo
    commas = cli("export", KEY, "-f", "csv", "--sectors", "Housing,Police", "--db", url)
    repeated = cli(
        "export", KEY, "-f", "csv", "--sectors", "Housing", "--sectors", "Police", "--db", url
    )
    assert commas.returncode == 0 and commas.stdout == repeated.stdout


@pytest.mark.parametrize(
    ("args", "said"),
    [
        pytest.param(["--sectors", "Housng"], ["--sectors", "'Housng'", "Housing, "], id="sector"),
        pytest.param(["--collapse", "Nope"], ["--collapse", "'Nope'", "Police"], id="collapse"),
        pytest.param(["--people", "Ann"], ["--people", "'Ann'", "Sam, Jo"], id="person"),
        pytest.param(["--kinds", "arest"], ["--kinds", "'arest'", "arrest"], id="kind"),
        pytest.param(["--kinds", ""], ["--kinds", "one or more"], id="empty-list"),
        pytest.param(["--align", "e999"], ["--align", "'e999'"], id="no-such-event"),
        pytest.param(
            ["--align", "e024", "--sectors", "Police"], ["--align", "hidden"], id="aligned-hidden"
        ),
        pytest.param(["--since", "2015-13-01"], ["--since", "not a date"], id="bad-date"),
        pytest.param(
            ["--since", "2016-01-01", "--until", "2015-01-01"],
            ["--since 2016-01-01 is after --until"],
            id="since-after-until",
        ),
        pytest.param(["--from", "2015-01-01"], ["--from goes with --to"], id="from-alone"),
        pytest.param(
            ["--from", "2016-01-01", "--to", "2015-01-01"],
            ["--from 2016-01-01 is not before --to"],
            id="from-after-to",
        ),
        pytest.param(
            ["--from", "-30", "--to", "90"],
            ["--from", "not a date", "--align"],
            id="days-unaligned",
        ),
        pytest.param(
            ["--align", "e024", "--from", "2015-01-01", "--to", "2015-06-01"],
            ["--from", "not a number of days"],
            id="dates-aligned",
        ),
        pytest.param(
            ["--sectors", "Police", "--kinds", "eviction"],
            ["Nothing matches these filters", "no one event has all of them together"],
            id="matches-nothing",
        ),
        pytest.param(
            ["--since", "2030-01-01"], ["Nothing matches", "from 1 Jan 2030"], id="after-the-end"
        ),
        pytest.param(["--view", "?sector=Police"], ["--view", "'sector'", "sectors"], id="param"),
        pytest.param(
            ["--view", "/journeys/lucy?people=Jo"], ["--view", "'lucy'"], id="other-journey"
        ),
        pytest.param(
            ["--view", "?sectors=Polce"], ["--sectors (in --view)", "'Polce'"], id="view-value"
        ),
    ],
)
def test_a_bad_view_option_is_named_and_nothing_is_written(
    demo: tuple[Services, str], drawn: list, tmp_path: Path, args: list[str], said: list
) -> None:
    _services, url = demo
    target = tmp_path / "out.png"
    result = cli("export", KEY, "-f", "png", *args, "-o", str(target), "--db", url)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Error: ") and "nothing was exported" in result.stderr
    for words in said:
        assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists() and not drawn


@pytest.mark.parametrize("fmt", ["csv", "json", "xes"])
def test_a_filter_that_keeps_nothing_writes_no_data_file(
    demo: tuple[Services, str], tmp_path: Path, fmt: str
) -> None:
    _services, url = demo
    target = tmp_path / f"out.{fmt}"
    args = ("--people", "Jo", "--kinds", "arrest", "-o", str(target), "--db", url)
    result = cli("export", KEY, "-f", fmt, *args)
    assert result.returncode == 2 and not target.exists()
    assert "Nothing matches these filters" in result.stderr


def test_no_view_options_export_the_whole_journey_as_before(demo: tuple[Services, str]) -> None:
    services, url = demo
    result = cli("export", KEY, "-f", "csv", "--db", url)
    assert result.stdout == export_journey(services, KEY, "csv")[0]
    assert len(_event_ids(result.stdout, "csv")) == WHOLE_EVENTS


def test_a_json_file_filtered_to_one_person_imports_again(demo, tmp_path: Path) -> None:
    services, url = demo
    out = tmp_path / "jo.json"
    assert (
        cli("export", KEY, "-f", "json", "--people", "Jo", "-o", str(out), "--db", url).returncode
        == 0
    )
    exported = json.loads(out.read_text())
    shared = [e for e in exported["events"] if set(e["people"]) == {"Jo", "Sam"}]
    assert shared, "the couple's shared events are kept by a filter to Jo"
    assert {p["pseudonym"] for p in exported["people"]} == {"Jo", "Sam"}
    again = cli("import", str(out), "--db", f"sqlite:///{tmp_path / 'again.db'}")
    assert again.returncode == 0, again.stderr
    # the page's Download of the same view is the same file
    data, _, _ = export_journey(services, KEY, "json", parse_view_query("?people=Jo")[0])
    assert json.loads(data) == exported
