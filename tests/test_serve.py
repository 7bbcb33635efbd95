"""The production server (issue 16, item 1): `touchpoints serve` runs gunicorn (waitress off
Linux and macOS) in a real process on a free port; /healthz, the access log, compression and
caching under it, SIGTERM, sessions across workers, and `--dev`."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from typer.testing import CliRunner

from app import create_app
from bench.load import free_port, journey_visit, wait_healthy
from timeline.cli import app as cli_app
from timeline.pages.serving import LONG_LIVED, forget_connections
from timeline.server import production_server_name
from timeline.settings import Settings

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads worker processes from /proc"
)
PASSWORD = "a long enough password"
LOG_KEYS = {"time", "method", "path", "status", "duration_ms", "bytes"}
GRACEFUL = 4


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    log: Path
    output: Path

    def workers(self) -> set[int]:
        """The pids of the gunicorn workers (the master's children)."""
        found = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.process.pid:
                found.add(int(stat.parent.name))
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def start_server(folder: Path, **settings: str) -> Server:
    """`touchpoints serve` (2 workers, 2 threads) on a free port over a new SQLite database."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOUCHPOINTS_")} | {
        "TOUCHPOINTS_DATABASE_URL": f"sqlite:///{folder / 'serve.db'}",
        "TOUCHPOINTS_PORT": str(port),
        "TOUCHPOINTS_WORKERS": "2",
        "TOUCHPOINTS_THREADS": "2",
        "TOUCHPOINTS_GRACEFUL_TIMEOUT": str(GRACEFUL),
        "TOUCHPOINTS_ACCESS_LOG": str(folder / "access.log"),
    }
    env |= {f"TOUCHPOINTS_{k.upper()}": v for k, v in settings.items()}
    output = folder / "output.txt"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "timeline", "serve"],
            cwd=folder,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, f"http://127.0.0.1:{port}", folder / "access.log", output)
    try:
        wait_healthy(server.base, process, seconds=60)
    except RuntimeError:
        server.stop()
        raise RuntimeError(output.read_text(errors="replace")) from None
    return server


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_server(tmp_path_factory.mktemp("production"))
    yield server
    server.stop()


def test_the_production_server_serves_home_journey_and_health(production: Server) -> None:
    home = requests.get(production.base + "/", timeout=10)
    assert home.status_code == 200 and "text/html" in home.headers["Content-Type"]
    assert home.headers["Server"] == "Touchpoints"  # gunicorn's own header renamed, one only
    assert home.headers["Cache-Control"] == "no-store"
    visit = journey_visit(requests.Session(), production.base, "coventry-couple")
    assert [(kind, status) for kind, _, status in visit] == [
        ("page", 200),
        ("layout", 200),
        ("dependencies", 200),
        ("callback", 200),
    ]
    health = requests.get(production.base + "/healthz", timeout=10)
    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert "Set-Cookie" not in health.headers


def test_code_is_compressed_and_kept_a_year_under_gunicorn(production: Server) -> None:
    page = requests.get(production.base + "/", timeout=10).text
    renderer = re.search(r'src="(/_dash-component-suites/[^"]*dash_renderer[^"]*)"', page)[1]
    plain = requests.get(production.base + renderer, headers={"Accept-Encoding": "identity"})
    squeezed = requests.get(production.base + renderer, headers={"Accept-Encoding": "br"})
    assert squeezed.headers["Content-Encoding"] == "br"
    assert int(squeezed.headers["Content-Length"]) < len(plain.content) / 2
    assert squeezed.content == plain.content  # requests decodes Brotli
    assert squeezed.headers["Cache-Control"] == LONG_LIVED
    style = re.search(r'href="(/assets/touchpoints\.css\?m=[^"]+)"', page)[1]
    assert requests.get(production.base + style).headers["Cache-Control"] == LONG_LIVED
    layout = requests.get(production.base + "/_dash-layout", headers={"Accept-Encoding": "br"})
    assert "Content-Encoding" not in layout.headers  # it carries the CSRF token
    assert layout.headers["Cache-Control"] == "no-store"


def _log_lines(log: Path, wanted: str, seconds: float = 5) -> list[dict]:
    deadline = time.monotonic() + seconds
    while True:
        lines = [json.loads(line) for line in log.read_text().splitlines()]
        if any(line["path"] == wanted for line in lines) or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_access_log_is_json_without_query_strings_or_addresses(production: Server) -> None:
    answer = requests.get(
        production.base + "/journeys/lucy/history?people=Sam&note=secret", timeout=10
    )
    assert answer.status_code == 200
    lines = _log_lines(production.log, "/journeys/lucy/history")
    assert lines and all(set(line) == LOG_KEYS for line in lines)
    mine = [line for line in lines if line["path"] == "/journeys/lucy/history"]
    assert mine[-1]["method"] == "GET" and mine[-1]["status"] == 200
    assert mine[-1]["bytes"] == len(answer.content) and mine[-1]["duration_ms"] > 0
    text = production.log.read_text()
    for private in ("?", "Sam", "secret", "127.0.0.1", "admin"):
        assert private not in text


def test_sigterm_stops_the_server_within_the_graceful_timeout(tmp_path: Path) -> None:
    server = start_server(tmp_path, workers="1", load_demo="false")
    assert requests.get(server.base + "/healthz", timeout=10).status_code == 200
    started = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=GRACEFUL + 10) == 0
    assert time.monotonic() - started < GRACEFUL + 2
    output = server.output.read_text()
    assert "Shutting down" in output and "Traceback" not in output


def test_sessions_hold_across_workers_and_new_workers(tmp_path: Path) -> None:
    server = start_server(
        tmp_path, accounts="true", admin_password=PASSWORD, threads="1", load_demo="false"
    )
    try:
        browser = requests.Session()
        form = browser.get(server.base + "/login", timeout=10).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
        signed = browser.post(
            server.base + "/login",
            data={"username": "admin", "password": PASSWORD, "csrf_token": token},
            allow_redirects=False,
            timeout=30,
        )
        assert signed.status_code == 302
        cookies = browser.cookies.get_dict()
        assert requests.get(server.base + "/_dash-layout", timeout=10).status_code == 401

        def layout(_: int) -> int:  # a new connection each time: any worker may answer
            answer = requests.get(server.base + "/_dash-layout", cookies=cookies, timeout=30)
            return answer.status_code

        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(layout, range(24))) == {200}
        # Every worker that could have signed us in is replaced by a newly forked one.
        before = server.workers()
        assert len(before) == 2
        for pid in before:
            os.kill(pid, signal.SIGQUIT)  # a worker's quick exit; the master forks another
        deadline = time.monotonic() + 30
        while not (len(server.workers() - before) == 2 and not server.workers() & before):
            assert time.monotonic() < deadline, "gunicorn did not replace its workers"
            time.sleep(0.1)
        wait_healthy(server.base, server.process)
        with ThreadPoolExecutor(4) as pool:
            assert set(pool.map(layout, range(8))) == {200}
    finally:
        server.stop()


def test_healthz_says_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    settings = Settings(database_url=f"sqlite:///{folder / 'app.db'}", accounts=True)
    app = create_app(settings)  # accounts on: /healthz needs no sign-in all the same
    http = app.server.test_client()
    assert http.get("/_dash-layout").status_code == 401
    assert http.get("/healthz").json == {"status": "ok"}
    forget_connections(app.server, close=True)
    shutil.rmtree(folder)  # SQLite cannot open a file in a folder that is gone
    down = http.get("/healthz")
    assert down.status_code == 503
    assert down.json == {"status": "unavailable", "reason": "database unavailable"}
    assert str(tmp_path) not in down.get_data(as_text=True)
    assert http.post("/healthz").status_code == 405


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        pytest.param(["serve"], "production", id="default-production"),
        pytest.param(["serve", "--dev"], "development", id="dev-flag"),
    ],
)
def test_serve_chooses_the_server(tmp_path, monkeypatch, arguments, expected) -> None:
    chosen = []
    monkeypatch.setattr(
        "timeline.cli.serve.run_development_server",
        lambda dash_app, settings: chosen.append(("development", settings)),
    )
    monkeypatch.setattr(
        "timeline.server.run_production_server",
        lambda server, settings: chosen.append(("production", settings)),
    )
    db = f"sqlite:///{tmp_path / 'app.db'}"
    result = CliRunner().invoke(cli_app, [*arguments, "--db", db, "--workers", "3"])
    assert result.exit_code == 0, result.output
    assert [name for name, _ in chosen] == [expected]
    assert chosen[0][1].workers == 3


@pytest.mark.parametrize(
    ("platform", "name"),
    [("linux", "gunicorn"), ("darwin", "gunicorn"), ("win32", "waitress"), ("cygwin", "waitress")],
)
def test_gunicorn_on_linux_and_macos_waitress_elsewhere(platform: str, name: str) -> None:
    assert production_server_name(platform) == name


WAITRESS = """
import sys
from app import create_app
from timeline.server import run_production_server
from timeline.settings import load_settings
settings = load_settings()
run_production_server(create_app(settings).server, settings, name="waitress")
"""


def test_waitress_serves_with_the_same_log_and_one_server_header(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOUCHPOINTS_")} | {
        "TOUCHPOINTS_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}",
        "TOUCHPOINTS_PORT": str(port),
        "TOUCHPOINTS_ACCESS_LOG": str(tmp_path / "access.log"),
        "TOUCHPOINTS_LOAD_DEMO": "false",
    }
    process = subprocess.Popen([sys.executable, "-c", WAITRESS], cwd=tmp_path, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, process)
        answer = requests.get(base + "/?q=1", timeout=10)
        assert answer.status_code == 200 and answer.headers["Server"] == "Touchpoints"
        lines = _log_lines(tmp_path / "access.log", "/")
        assert {"method": "GET", "path": "/", "status": 200}.items() <= lines[-1].items()
    finally:
        process.terminate()
        process.wait(timeout=30)


def _page_files(tmp_path: Path) -> list[str]:
    """The script and style paths a page of the app loads, read from an index rendered in this
    process (so the server under test has served nothing yet)."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'index.db'}", load_demo=False)
    index = create_app(settings).server.test_client().get("/").get_data(as_text=True)
    files = re.findall(r'(?:src|href)="(/_dash-component-suites/[^"]+)"', index)
    assert len(files) > 5 and any("dash_core_components" in f for f in files)
    return files + ["/_dash-component-suites/dash/dcc/async-graph.js"]  # loaded by dcc later


def test_a_new_app_has_done_dashs_first_request_set_up_before_any_request(tmp_path: Path) -> None:
    """Dash sets itself up on its first request (Dash._setup_server: scripts it may serve, the
    callbacks), marking it done before doing it; a request arriving meanwhile on another thread
    was answered before the set-up was done (a 500, "not a registered library"). The app is set
    up as it is built, so no request ever meets it half done."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'fresh.db'}", load_demo=False)
    app = create_app(settings)
    assert {"dash", "plotly", "dash_ag_grid"} <= set(app.registered_paths)  # Dash's own record
    client = app.server.test_client()
    files = _page_files(tmp_path)
    assert [(f, client.get(f).status_code) for f in files] == [(f, 200) for f in files]


def test_every_gunicorn_worker_serves_scripts_asked_for_at_once_first(tmp_path: Path) -> None:
    """Two workers of two threads, started and at once asked for a page's scripts, many at a
    time, each on a new connection, as a browser does after the first page: every one is
    answered (before, some were 500s and the page never drew)."""
    files = _page_files(tmp_path)
    server = start_server(tmp_path / "fresh", load_demo="false")
    try:
        with ThreadPoolExecutor(8) as pool:
            codes = list(
                pool.map(lambda f: requests.get(server.base + f, timeout=60).status_code, files * 3)
            )
        assert codes == [200] * len(codes)
    finally:
        server.stop()
