"""Shared fixtures: databases (SQLite always, PostgreSQL when configured) and small journeys."""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

import timeline.accounts as accounts_module
from schemas import Journey
from tests.factories import make_journey
from timeline.service import Services, open_services
from timeline.settings import Settings
from timeline.store import downgrade_database, make_engine

FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES_URL = os.environ.get("TOUCHPOINTS_TEST_POSTGRES_URL")
# Under pytest-xdist (`make test` runs the tests in parallel) each worker is its own process,
# named gw0, gw1, ...: it gets its own PostgreSQL database and its own ports (SQLite files are in
# tmp_path, which is per worker already).
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")


def worker_postgres_url(url: str, worker: str | None) -> str:
    """The PostgreSQL database for this test process: `url` itself, or under pytest-xdist the
    database `<name>_<worker>` beside it, created (owned by the same role) when missing."""
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            # One CREATE DATABASE at a time: two copying template1 at once may be refused.
            connection.execute(text("SELECT pg_advisory_lock(7470720)"))
            found = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not found:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    except DBAPIError as error:
        pytest.fail(
            f"pytest-xdist worker {worker} needs its own PostgreSQL database {name!r} and could "
            f"not create it ({error.orig}). Let the role create databases (ALTER ROLE "
            f"{base.username} CREATEDB), create {name!r} owned by {base.username}, or run the "
            "tests in one process (pytest -n 0).",
            pytrace=False,
        )
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """TOUCHPOINTS_TEST_POSTGRES_URL, or this xdist worker's database beside it."""
    assert POSTGRES_URL
    return worker_postgres_url(POSTGRES_URL, XDIST_WORKER)


# Argon2id at its real cost takes about a third of a second and 64 MiB for every hash and every
# sign-in, which was most of the time of the tests with accounts. They run with the cost turned
# down (as test_accounts.py's own fixture does); a test marked real_password_cost keeps it.
REAL_HASHER = accounts_module.HASHER
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts_module, "HASHER", CHEAP_HASHER)
        yield


@pytest.fixture(autouse=True)
def real_password_cost(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("real_password_cost"):
        monkeypatch.setattr(accounts_module, "HASHER", REAL_HASHER)


def copy_sqlite(source: Path, target: Path) -> None:
    """A copy of the SQLite database `source` (with what its WAL holds) at `target`: a test
    changes its own copy of data stored once for several tests."""
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(target)) as copy:
        original.backup(copy)
    cohorts = source.parent / "cohorts"  # cohort tables live as Parquet beside the database
    if cohorts.is_dir():
        shutil.copytree(cohorts, target.parent / "cohorts", dirs_exist_ok=True)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'touchpoints.db'}"


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not POSTGRES_URL, reason="TOUCHPOINTS_TEST_POSTGRES_URL is not set"
            ),
        ),
    ]
)
def database_url(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, or the test PostgreSQL database emptied after."""
    if request.param == "sqlite":
        yield sqlite_url
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    engine = make_engine(url)
    downgrade_database(engine, "base")
    engine.dispose()


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    opened = open_services(Settings(database_url=database_url, load_demo=False))
    yield opened
    opened.sessions.kw["bind"].dispose()


@pytest.fixture
def journey() -> Journey:
    return make_journey()


REQUIRE_BROWSER = os.environ.get("TOUCHPOINTS_REQUIRE_BROWSER") == "1"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def pytest_setup_options():
    """Chrome options for dash_duo: Debian's headless Chromium, no network chatter."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    if CHROMIUM:
        options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--window-size=1280,720",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(flag)
    return options


def free_port() -> int:
    """A TCP port on 127.0.0.1 that no one listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dash_thread_server(dash_thread_server):
    """dash_duo's server on a free port: Dash counts up from 58050 in every process, so two
    xdist workers (or two test runs on one machine) would otherwise start on the same ports."""
    start = dash_thread_server.start

    def start_on_a_free_port(app, start_timeout=3, **kwargs):
        # Set before start, so its "is it up yet?" check never asks Dash's default port 8050.
        dash_thread_server.port = kwargs.setdefault("port", free_port())
        return start(app, start_timeout, **kwargs)

    dash_thread_server.start = start_on_a_free_port
    return dash_thread_server


# `make test` runs pytest-xdist with --dist loadscope, and this scheduler makes the browser test
# modules one unit of work: they run one after another in one worker, one Chromium at a time
# beside the other worker's tests; every other test is a unit of its own. (xdist_group marks with
# --dist loadgroup would say the same, but pytest 9.2's node ids make xdist 3.8 ignore them.)
BROWSER_MODULES = re.compile(r"tests/test_(browser\w*|accessibility)\.py::")


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserModulesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "browser" if BROWSER_MODULES.match(nodeid) else nodeid

    return BrowserModulesTogether(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests skip without chromium, unless TOUCHPOINTS_REQUIRE_BROWSER=1 (as in CI)."""
    if CHROMIUM and CHROMEDRIVER:
        return
    if REQUIRE_BROWSER:
        raise pytest.UsageError(
            "TOUCHPOINTS_REQUIRE_BROWSER=1 but chromium or chromedriver is missing: "
            "apt-get install -y chromium chromium-driver"
        )
    skip = pytest.mark.skip(reason="chromium and chromium-driver are not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def sqlite_services(sqlite_url: str) -> Iterator[Services]:
    """Services on a fresh SQLite file, for tests about pages rather than databases."""
    opened = open_services(Settings(database_url=sqlite_url, load_demo=False))
    yield opened
    opened.sessions.kw["bind"].dispose()
