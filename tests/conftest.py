"""Shared fixtures: databases (SQLite always, PostgreSQL when configured) and small journeys."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemas import Journey
from tests.factories import make_journey
from timeline.service import Services, open_services
from timeline.settings import Settings
from timeline.store import downgrade_database, make_engine

FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES_URL = os.environ.get("TOUCHPOINTS_TEST_POSTGRES_URL")


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
    yield POSTGRES_URL
    engine = make_engine(POSTGRES_URL)
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
