"""Compressed responses (issue 14, item 8): code and callback answers go out as Brotli or gzip;
pages and the layout, which carry the CSRF token, never do."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli
import pytest

from app import create_app
from tests.webclient import page_callback, sign_in
from timeline.accounts import Accounts
from timeline.service import open_services
from timeline.settings import Settings

PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"
PASSWORD = "a long enough password"


@pytest.fixture
def client(tmp_path: Path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}"))  # demo loaded
    return app, app.server.test_client()


def test_plotly_goes_out_as_brotli_at_under_a_third_of_its_size(client) -> None:
    _, http = client
    plain = http.get(PLOTLY)
    assert plain.headers.get("Content-Encoding") is None  # a client that asks for nothing
    raw = plain.get_data()
    assert len(raw) > 4_000_000
    squeezed = http.get(PLOTLY, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert squeezed.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in squeezed.headers["Vary"]
    body = squeezed.get_data()
    assert len(body) < len(raw) / 3
    assert brotli.decompress(body) == raw
    again = http.get(PLOTLY, headers={"Accept-Encoding": "br"})
    assert again.get_data() == body  # the same bytes, kept from the first time
    older = http.get(PLOTLY, headers={"Accept-Encoding": "gzip"})
    assert older.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(older.get_data()) == raw


def test_a_journey_page_answer_is_compressed(client) -> None:
    app, http = client
    http.get("/")
    plain = page_callback(app, http, "/journeys/coventry-couple")
    assert plain.status_code == 200 and plain.headers.get("Content-Encoding") is None
    squeezed = page_callback(
        app, http, "/journeys/coventry-couple", headers={"Accept-Encoding": "br"}
    )
    assert squeezed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(squeezed.get_data()) == plain.get_data()


def test_pages_and_the_layout_carry_the_csrf_token_uncompressed(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'app.db'}",
        accounts=True,
        admin_password=PASSWORD,
        load_demo=False,
    )
    services = open_services(settings)
    Accounts(services.sessions).add_user("fran", "facilitator", PASSWORD, created_by="test")
    http = create_app(settings).server.test_client()
    asked = {"Accept-Encoding": "br, gzip"}
    login = http.get("/login?next=/journeys", headers=asked)
    assert "Content-Encoding" not in login.headers
    assert 'name="csrf_token"' in login.get_data(as_text=True)
    assert sign_in(http, "fran", PASSWORD).status_code == 302
    layout = http.get("/_dash-layout", headers=asked)
    assert layout.status_code == 200 and "Content-Encoding" not in layout.headers
    assert "csrf_token" in layout.get_data(as_text=True)
    assert "Content-Encoding" not in http.get("/", headers=asked).headers


def _find(node, class_name: str):
    """The first component (as Dash sends it) with `class_name`, depth first."""
    if isinstance(node, dict):
        if node.get("props", {}).get("className") == class_name:
            return node
        return _find(list(node.get("props", node).values()), class_name)
    if isinstance(node, list):
        for item in node:
            found = _find(item, class_name)
            if found is not None:
                return found
    return None


def test_the_chart_keeps_its_room_while_plotly_loads(client) -> None:
    """Nothing below the swimlane jumps when the chart draws (Lighthouse's layout shift)."""
    app, http = client
    answer = page_callback(app, http, "/journeys/coventry-couple").get_json()
    wrap = _find(answer["response"], "graph-wrap")
    graph = wrap["props"]["children"]
    height = graph["props"]["figure"]["layout"]["height"]
    assert height > 300
    assert wrap["props"]["style"]["minHeight"] == graph["props"]["style"]["height"] == f"{height}px"
