"""The deployment recipe (issue 16, item 7): the production server on PostgreSQL with accounts,
driven in headless Chromium (the smoke test CI runs), and the settings an IT team sets behind
an HTTPS proxy: trusted proxy headers for sign-in limits and the council sign-in's links."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from selenium.common.exceptions import TimeoutException
from sqlalchemy.engine import make_url

from app import create_app
from tests.conftest import POSTGRES_URL
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider
from tests.test_serve import start_server
from tests.webclient import form_token
from timeline.settings import Settings
from timeline.store import downgrade_database, make_engine

PASSWORD = "a long enough password"


def _settings(tmp_path: Path, **extra) -> Settings:
    values = {
        "database_url": f"sqlite:///{tmp_path / 'proxy.db'}",
        "accounts": True,
        "admin_password": PASSWORD,
        "load_demo": False,
        "login_rate_limit": "2 per minute",
        "login_account_rate_limit": "1000 per minute",
    }
    return Settings(**(values | extra))


def _attempts(client, address: str, n: int) -> list[int]:
    token = form_token(client)
    headers = {"X-Forwarded-For": address, "X-Forwarded-Proto": "https"}
    return [
        client.post(
            "/login",
            data={"username": f"nobody{i}", "password": "wrong", "csrf_token": token},
            headers=headers,
        ).status_code
        for i in range(n)
    ]


def test_behind_a_trusted_proxy_sign_in_limits_count_per_client(tmp_path: Path) -> None:
    app = create_app(_settings(tmp_path, trusted_proxies=1))
    client = app.server.test_client()
    assert _attempts(client, "203.0.113.7", 3) == [401, 401, 429]
    assert _attempts(client, "198.51.100.9", 2) == [401, 401]  # another person, their own limit


def test_without_trusted_proxies_the_headers_are_ignored(tmp_path: Path) -> None:
    app = create_app(_settings(tmp_path))
    client = app.server.test_client()
    assert _attempts(client, "203.0.113.7", 3)[-1] == 429
    assert _attempts(client, "198.51.100.9", 1) == [429]  # one address: the proxy's


def test_the_council_sign_in_links_back_over_https_behind_the_proxy(tmp_path: Path) -> None:
    with running_provider() as provider:
        settings = _settings(
            tmp_path,
            trusted_proxies=1,
            oidc_issuer=provider.issuer,
            oidc_client_id=CLIENT_ID,
            oidc_client_secret=CLIENT_SECRET,
        )
        client = create_app(settings).server.test_client()
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "touchpoints.example.gov.uk"}
        start = client.get("/login/oidc", headers=headers)
    assert start.status_code == 302
    redirect = parse_qs(urlsplit(start.headers["Location"]).query)["redirect_uri"][0]
    assert redirect == "https://touchpoints.example.gov.uk/login/oidc/callback"


@pytest.mark.browser
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="gunicorn: Linux and macOS")
@pytest.mark.skipif(not POSTGRES_URL, reason="TOUCHPOINTS_TEST_POSTGRES_URL is not set")
def test_the_production_server_on_postgresql_in_a_browser(
    dash_duo, tmp_path: Path, postgres_url: str
) -> None:
    """CI's smoke test: gunicorn on PostgreSQL with accounts, as docs/deploy.md sets it up; an
    admin signs in, opens the Coventry journey (drawn), the explorer list and the admin page."""
    server = start_server(
        tmp_path / "deploy",
        database_url=postgres_url,
        accounts="true",
        admin_password=PASSWORD,
        trusted_proxies="1",
        cohort_dir=str(tmp_path / "cohorts"),
    )
    try:
        assert requests.get(f"{server.base}/healthz", timeout=10).json() == {"status": "ok"}
        driver = dash_duo.driver
        driver.get(f"{server.base}/login?next=/journeys/coventry-couple")
        dash_duo.wait_for_element("#username", timeout=20).send_keys("admin")
        dash_duo.find_element("#password").send_keys(PASSWORD)
        dash_duo.find_element("button[type=submit]").click()
        try:  # a first page on a busy CI machine
            dash_duo.wait_for_element("#journey-graph .main-svg", timeout=90)
        except TimeoutException:  # say what the browser and the server showed instead
            page = driver.execute_script("return document.body.innerText")[:2_000]
            tail = server.output.read_text(errors="replace")[-4_000:]
            pytest.fail(f"The journey's chart was not drawn. Page:\n{page}\nServer:\n{tail}")
        assert "Coventry" in dash_duo.find_element("h1").text
        for path, heading in (("/cohorts", "Cohorts"), ("/admin", "Admin: accounts and audit")):
            driver.get(server.base + path)
            dash_duo.wait_for_contains_text("h1", heading, timeout=20)
        assert "sign-in" in dash_duo.find_element("#admin-audit").text
        log = server.log.read_text()
        assert '"path": "/journeys/coventry-couple"' in log and "next=" not in log
    finally:
        server.stop()
        engine = make_engine(postgres_url)
        downgrade_database(engine, "base")  # the next test on this database starts empty
        engine.dispose()
    assert make_url(postgres_url).get_backend_name() == "postgresql"
