"""Hostile input (issue 6, item 5): markup and formulas in every text field, bad uploads, forged
ids, SQL-looking names, and the security headers. Nothing may be stored wrongly or run as HTML."""

from __future__ import annotations

import base64
import csv
import dataclasses
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from app import create_app
from schemas import Agency, Annotation, Event, Journey, Person, ReviewProposal
from synthetic import generate_cohort
from tests.components import text_of, walk
from tests.test_cli import cli
from tests.webclient import callback, page_callback, present_next
from timeline.coreview import propose
from timeline.figures.image import render_figure
from timeline.io import InvalidFileError, read_journeys, sniff, write_csv, write_json
from timeline.io.formula import TRIGGERS, neutralise_formula, restore_formula
from timeline.pages import ids
from timeline.pages.editor.page import build_editor_page
from timeline.pages.journey.involved import build_involved_results
from timeline.pages.journey_view import build_journey_view, export_journey
from timeline.pages.present.page import build_caption
from timeline.pages.present.view import build_step
from timeline.pages.router import render_page
from timeline.pages.upload.view import check_upload, store_upload
from timeline.service import Services, open_services
from timeline.settings import Settings

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
FORMULAS = ('=HYPERLINK("http://evil.example","click")', "+44 7700", "-rent arrears", "@mention")
PAYLOADS = [
    pytest.param(SCRIPT, id="script-tag"),
    pytest.param(IMG, id="img-onerror"),
    *(pytest.param(f, id=f"formula-{f[:4]}") for f in FORMULAS),
    pytest.param("=1+1 " + SCRIPT, id="formula-and-script"),
]
SQL = "x'); DROP TABLE journeys;--"


def hostile_journey(payload: str, key: str = "hostile") -> Journey:
    """Every text field starts with the payload (a formula only works at the start)."""
    people = [f"{payload} person {n}" for n in (1, 2)]
    agencies = [f"{payload} agency {n}" for n in (1, 2)]
    start = dt.date(2015, 1, 5)
    events = [
        Event(
            id=f"e{n}",
            people=[people[n % 2]] if n % 3 else people,
            agency=agencies[n % 2],
            kind=kind,
            start=start + dt.timedelta(days=20 * n),
            end=start + dt.timedelta(days=20 * n + 9) if kind in {"custody", "placement"} else None,
            title=f"{payload} event {n}",
            description=f"{payload} description {n}",
            tags=[f"{payload} tag"],
        )
        for n, kind in enumerate(["arrest", "custody", "release"] * 3 + ["placement", "eviction"])
    ]
    return Journey(
        key=key,
        title=f"{payload} title",
        summary=f"{payload} summary",
        provenance="illustrative",
        people=[Person(pseudonym=p) for p in people],
        agencies=[
            Agency(name=agencies[0], sector=f"{payload} sector", provider_type="public"),
            Agency(name=agencies[1], sector="Housing"),
        ],
        events=events,
        annotations=[
            Annotation(
                id="a1", kind="missed_opportunity", text=f"{payload} note", event_ids=["e1"]
            ),
            Annotation(
                id="a2",
                kind="in_my_words",
                text=f"{payload} my words",
                event_ids=["e2"],
                author_role=f"{payload} role",
                paraphrased=True,
            ),
            Annotation(
                id="a3",
                kind="strength",
                text=f"{payload} little win",
                start=start + dt.timedelta(days=30),
                end=start + dt.timedelta(days=90),
            ),
        ],
    )


def _stored(services: Services, payload: str) -> Journey:
    (journey,) = read_journeys(write_json(hostile_journey(payload)), "hostile.json").journeys
    services.save_journeys([journey])
    return services.load_journey("hostile")


def _rendered_strings(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) of every string plotly may draw: not `meta`, not annotation ids (`name`)."""
    if isinstance(value, dict):
        for name, inner in value.items():
            if name == "meta" or (name == "name" and ".annotations[" in path):
                continue
            yield from _rendered_strings(inner, f"{path}.{name}")
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            yield from _rendered_strings(inner, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def _assert_no_markup(figure_json: str) -> None:
    raw = [
        (path, text)
        for path, text in _rendered_strings(json.loads(figure_json))
        if "<script" in text.lower() or "<img" in text.lower()
    ]
    assert raw == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_is_stored_exactly_and_drawn_as_text(sqlite_services, payload) -> None:
    journey = _stored(sqlite_services, payload)
    assert journey == hostile_journey(payload)
    view = build_journey_view(sqlite_services, "hostile", show_title=True)
    assert view.cycles, "the hostile journey should draw cycle overlays too"
    _assert_no_markup(json.dumps(view.figure))
    step = build_step(sqlite_services, "hostile", 99, True)
    _assert_no_markup(json.dumps(step.figure))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_pages_show_hostile_text_literally_and_never_as_html(sqlite_services, payload) -> None:
    journey = _stored(sqlite_services, payload)
    proposal = ReviewProposal(
        kind="correction", event_id="e1", text=f"{payload} proposal", corrected_title=payload
    )
    propose(sqlite_services, "hostile", proposal)
    trees = [
        render_page("/journeys/hostile", sqlite_services),
        render_page("/edit/hostile", sqlite_services),
        render_page("/present/hostile", sqlite_services),
        render_page("/", sqlite_services),
        render_page("/review/hostile", sqlite_services),
        render_page("/journeys/hostile/review", sqlite_services),
        build_caption(build_step(sqlite_services, "hostile", 1, True).caption),
        build_involved_results(journey, dt.date(2015, 1, 25)),
    ]
    for tree in trees:
        for component in walk(tree if not isinstance(tree, list) else _wrap(tree)):
            assert type(component).__name__ not in {"Markdown", "Iframe", "Script"}
            assert not getattr(component, "dangerously_allow_html", False)
            assert not getattr(component, "dangerously_allow_code", False)
            for column in getattr(component, "columnDefs", None) or []:
                assert "cellRenderer" not in column, column  # AG Grid's default renders text
    assert f"{payload} title" in text_of(trees[0])
    assert all(f"{payload} proposal" in text_of(tree) for tree in trees[4:6])
    assert f"{payload} event 1" in text_of(_wrap(trees[6]))
    assert f"{payload} agency" in text_of(_wrap(trees[7]))


def _wrap(children: list):
    from dash import html

    return html.Div(children)


def test_the_editor_grids_render_text_not_html() -> None:
    page = build_editor_page(hostile_journey(SCRIPT))
    grids = [c for c in walk(page) if type(c).__name__ == "AgGrid"]
    assert len(grids) == 3
    for grid in grids:
        assert not getattr(grid, "dangerously_allow_code", False)
        assert all("cellRenderer" not in column for column in grid.columnDefs)


@pytest.mark.parametrize("payload", [SCRIPT, IMG, "=1+1 " + SCRIPT])
def test_the_html_export_holds_no_raw_markup(sqlite_services, payload) -> None:
    _stored(sqlite_services, payload)
    page, name, media_type = export_journey(sqlite_services, "hostile", "html")
    text = page.decode("utf-8")
    assert (name, media_type) == ("hostile.html", "text/html")
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert "alert(1)" in text  # the text is there, escaped, not dropped


def test_the_html_export_cannot_be_broken_out_of_by_hidden_figure_fields() -> None:
    import plotly.graph_objects as go

    figure = go.Figure(layout={"meta": {"sector": "</script><script>alert(1)</script>"}})
    page = render_figure(figure, "html").decode("utf-8")
    assert "</script><script>alert" not in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_export_neutralises_formulas_and_reads_back_exactly(payload) -> None:
    journey = hostile_journey(payload)
    data = write_csv(journey)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    for row in rows[1:]:
        for cell in row:
            assert cell[:1] not in TRIGGERS, cell
    (back,) = read_journeys(data, "hostile.csv").journeys
    assert back.events == journey.events
    assert back.title == journey.title
    assert set(back.agencies) == set(journey.agencies)
    assert [p.pseudonym for p in back.people] == [p.pseudonym for p in journey.people]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        pytest.param('=HYPERLINK("x")', '\'=HYPERLINK("x")', id="equals"),
        pytest.param("+44 7700", "'+44 7700", id="plus"),
        pytest.param("-rent arrears", "'-rent arrears", id="minus"),
        pytest.param("@mention", "'@mention", id="at"),
        pytest.param("\tindented", "'\tindented", id="tab"),
        pytest.param("-3", "-3", id="plain-negative-number"),
        pytest.param("+1.5e3", "+1.5e3", id="plain-number"),
        pytest.param("'=already quoted", "''=already quoted", id="own-apostrophe"),
        pytest.param("'tis the season", "'tis the season", id="apostrophe-word"),
        pytest.param("2015-03-02", "2015-03-02", id="date"),
        pytest.param("", "", id="empty"),
    ],
)
def test_the_apostrophe_rule(text: str, written: str) -> None:
    assert neutralise_formula(text) == written
    assert restore_formula(written) == text


def test_the_xlsx_template_holds_no_formulas() -> None:
    from openpyxl import load_workbook

    from timeline.io.template import template_xlsx

    book = load_workbook(io.BytesIO(template_xlsx()))
    assert all(cell.data_type != "f" for row in book["events"].iter_rows() for cell in row)


def test_hostile_file_through_the_cli_then_shown(tmp_path: Path) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(write_json(hostile_journey("=1+1 " + SCRIPT)))
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert cli("import", str(path), db=url).returncode == 0
    services = open_services(Settings(database_url=url, load_demo=False))
    try:
        assert services.load_journey("hostile") == hostile_journey("=1+1 " + SCRIPT)
        _assert_no_markup(json.dumps(build_journey_view(services, "hostile").figure))
    finally:
        services.sessions.kw["bind"].dispose()
    exported = cli("export", "hostile", "--format", "csv", "-o", str(tmp_path / "h.csv"), db=url)
    assert exported.returncode == 0, exported.stderr
    (back,) = read_journeys((tmp_path / "h.csv").read_bytes(), "h.csv").journeys
    assert back.events == hostile_journey("=1+1 " + SCRIPT).events


def _data_url(data: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(data).decode()


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _xlsx(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["journey", "agency", "sector", "start"])
    for n in range(rows):
        sheet.append(["k", "Cyrenians", "Housing", f"2015-01-{1 + n % 28:02d}"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WORD_TYPES = b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'  # noqa: E501


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        pytest.param(b"journey,agency\n" + b"x" * 20, "big.csv", "the limit is", id="oversized"),
        pytest.param(b"%PDF-1.4 not a zip", "case.xlsx", "not a zip archive", id="bad-zip-xlsx"),
        pytest.param(
            _zip({"[Content_Types].xml": WORD_TYPES}), "case.xlsx", "not an Excel", id="docx"
        ),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", "case.csv", "NUL byte", id="binary-csv"),
        pytest.param(_xlsx(1), "case.csv", "give it the ending .xlsx", id="xlsx-named-csv"),
        pytest.param(b"journey,agency\nk,\x00x\n", "case.csv", "NUL byte", id="nul-in-csv"),
        pytest.param(b'{"key": "a\x00"}', "case.json", "NUL byte", id="nul-in-json"),
        pytest.param(b'{"key": ', "case.json", "not valid JSON at line 1", id="invalid-json"),
        pytest.param(b"[" * 100_000, "deep.json", "nested too deeply", id="deep-json"),
        pytest.param(b"\xff\xfej\x00", "case.csv", "NUL byte", id="utf16-csv"),
        pytest.param(b"caf\xe9,x\n", "case.csv", "not UTF-8 text", id="latin1-csv"),
        pytest.param(b"MZ", "case.exe", "only .csv, .xlsx and .json", id="wrong-ending"),
    ],
)
def test_bad_uploads_are_refused_clearly_and_nothing_is_stored(
    sqlite_services, data, name, expected
) -> None:
    limited = dataclasses.replace(
        sqlite_services,
        settings=sqlite_services.settings.model_copy(update={"max_upload_mb": 3e-5}),
    )
    services = limited if name == "big.csv" else sqlite_services
    check = check_upload(services, _data_url(data), name)
    assert not check.ok
    assert expected in check.errors[0].message, check.errors[0].message
    with pytest.raises(InvalidFileError):
        store_upload(services, _data_url(data), name, replace=False)
    assert sqlite_services.list_journeys() == []


def test_a_zip_bomb_or_huge_sheet_is_refused_before_it_is_unpacked(
    sqlite_services, monkeypatch
) -> None:
    monkeypatch.setattr(sniff, "MAX_XLSX_UNPACKED", 2_000_000)
    bomb = _xlsx(1)
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts["xl/padding.bin"] = b"\x00" * 3_000_000  # compresses to a few kB
    check = check_upload(sqlite_services, _data_url(_zip(parts)), "bomb.xlsx")
    assert "unpacks to 3 MB" in check.errors[0].message
    capped = dataclasses.replace(
        sqlite_services, settings=sqlite_services.settings.model_copy(update={"max_rows": 10})
    )
    check = check_upload(capped, _data_url(_xlsx(20)), "long.xlsx")
    assert "more than 10 rows" in check.errors[0].message
    assert sqlite_services.list_journeys() == []


def test_sql_looking_names_are_stored_and_read_back_literally(sqlite_services) -> None:
    journey = hostile_journey(SQL)
    sqlite_services.save_journeys([journey])
    assert sqlite_services.load_journey("hostile") == journey
    assert [s.title for s in sqlite_services.list_journeys()] == [f"{SQL} title"]
    cohort = generate_cohort(6, 4, name=SQL)
    sqlite_services.save_cohort(cohort)
    assert [c.name for c in sqlite_services.list_cohorts()] == [SQL]
    assert sqlite_services.load_cohort(SQL).info.people == cohort.info.people > 6  # in all
    assert sqlite_services.load_journey("hostile") == journey  # the journeys table is still there


@pytest.mark.parametrize(
    "path",
    [
        "/journeys/no-such-key",
        "/present/no-such-key",
        "/edit/no-such-key",
        "/journeys/../../etc/passwd",
        "/edit/%27%20OR%201%3D1--",
    ],
)
def test_forged_keys_in_urls_say_not_found(sqlite_services, path) -> None:
    page = render_page(path, sqlite_services)
    assert "Not found" in text_of(page)


def test_a_forged_key_in_compare_says_there_is_no_such_journey(sqlite_services) -> None:
    page = render_page("/compare", sqlite_services, "?a=no-such-key&b=nor-this")
    assert "no journey with key 'no-such-key'" in text_of(page)


@pytest.fixture
def client(tmp_path: Path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=False))
    return app, app.server.test_client()


def _callback(app, client, output_part: str, inputs: list, state: list, *, csrf: bool = True):
    return callback(app, client, output_part, inputs, state, csrf=csrf)


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _assert_security_headers(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self' 'sha256-" in policy
    assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Werkzeug" not in response.headers.get("Server", "")


def test_security_headers_on_the_page_an_asset_and_a_callback(client) -> None:
    app, http = client
    _assert_security_headers(http.get("/"))
    _assert_security_headers(http.get("/assets/touchpoints.css"))
    response = page_callback(app, http, "/journeys/nope")
    assert response.status_code == 200
    assert "Not found" in response.get_data(as_text=True)
    _assert_security_headers(response)


def test_every_inline_script_dash_writes_is_allowed_by_hash(client) -> None:
    app, http = client
    page = http.get("/").get_data(as_text=True)
    policy = http.get("/").headers["Content-Security-Policy"]
    assert policy.count("'sha256-") == len(app.csp_hashes())
    assert page.count("<script") >= 2


def test_a_forged_key_in_a_callback_is_not_found_without_a_stack_trace(client) -> None:
    app, http = client
    response = present_next(app, http, "no-such-key")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Traceback" not in body and 'File "' not in body
    _assert_security_headers(response)


def test_debug_is_off_unless_asked_for(monkeypatch) -> None:
    monkeypatch.delenv("TOUCHPOINTS_DEBUG", raising=False)
    assert Settings().debug is False
    monkeypatch.setenv("TOUCHPOINTS_DEBUG", "1")
    assert Settings().debug is True


@pytest.mark.browser
def test_a_script_tag_title_shows_as_text_in_the_browser(dash_duo, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    services = open_services(Settings(database_url=url, load_demo=False))
    hostile = hostile_journey(SCRIPT).model_copy(update={"title": f"{SCRIPT} {IMG}"})
    services.save_journeys([hostile])
    services.sessions.kw["bind"].dispose()
    dash_duo.start_server(create_app(Settings(database_url=url, load_demo=False)))
    dash_duo.driver.get(dash_duo.server_url + "/journeys/hostile")
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=10)
    dash_duo.wait_for_text_to_equal("h1", f"{SCRIPT} {IMG}", timeout=10)
    ticks = [t.text for t in dash_duo.find_elements("#journey-graph .ytick text")]
    assert sum(SCRIPT in t for t in ticks) == 4, ticks  # two status rows, two agency lanes
    assert dash_duo.driver.execute_script("return document.querySelectorAll('img').length") == 0
    dash_duo.driver.get(dash_duo.server_url + "/present/hostile")
    dash_duo.wait_for_text_to_equal(".present-caption h2", f"{SCRIPT} event 0", timeout=10)
    assert dash_duo.driver.execute_script("return document.querySelectorAll('img').length") == 0
    assert dash_duo.get_logs() == []  # no alert ran, no CSP violation, no broken image


def test_a_callback_without_the_csrf_token_is_refused_and_changes_nothing(client, caplog) -> None:
    app, http = client
    response = _callback(
        app,
        http,
        f"{ids.PAGE}.children",
        [{"id": ids.URL, "property": "pathname", "value": "/"}],
        [{"id": ids.URL, "property": "search", "value": ""}],
        csrf=False,
    )
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    # the admin's log says which callback was refused, and why
    (refused,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("refused")]
    assert f"/_dash-update-component (output {ids.PAGE}.children): CSRFError" == refused[8:]


def test_pages_and_callbacks_are_never_cached_but_assets_may_be(client) -> None:
    app, http = client
    assert http.get("/").headers["Cache-Control"] == "no-store"
    assert "no-store" not in http.get("/assets/touchpoints.css").headers.get("Cache-Control", "")
    response = page_callback(app, http, "/")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_webgl_allowed_adds_only_unsafe_eval_to_the_script_policy(tmp_path: Path) -> None:
    """TOUCHPOINTS_WEBGL: plotly's WebGL compiles code at run time; nothing else is loosened."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    plain = create_app(Settings(database_url=url, load_demo=False)).server.test_client()
    webgl = create_app(Settings(database_url=url, load_demo=False, webgl=True)).server.test_client()
    without = plain.get("/").headers["Content-Security-Policy"]
    allowed = webgl.get("/").headers["Content-Security-Policy"]
    assert "unsafe-eval" not in without
    scripts = {d.split()[0]: d for d in allowed.split("; ")}["script-src"]
    assert scripts.endswith(" 'unsafe-eval'") and "'unsafe-inline'" not in scripts
    assert allowed.replace(" 'unsafe-eval'", "") == without
