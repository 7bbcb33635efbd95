"""The history page end to end in headless Chromium: from the journey, restore a version."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import create_app
from tests.factories import make_journey
from timeline.service import open_services
from timeline.settings import Settings

pytestmark = pytest.mark.browser


def test_history_link_then_restore_an_earlier_version(dash_duo, tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=False)
    services = open_services(settings)
    services.save_journeys([make_journey()])
    edited = make_journey(events=5).model_copy(update={"title": "Edited title"})
    services.save_journeys([edited], replace=True, actor="Sam", action="edit")

    dash_duo.start_server(create_app(settings))
    dash_duo.driver.get(f"{dash_duo.server_url}/journeys/test-journey")
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=10)
    dash_duo.find_element("a[href='/journeys/test-journey/history']").click()
    dash_duo.wait_for_text_to_equal("h1", "History of test-journey", timeout=10)
    assert len(dash_duo.find_elements(".history-table tbody tr")) == 2

    dash_duo.find_element("button[aria-label='Restore this version (version 1)']").click()
    dash_duo.wait_for_contains_text("#history-message", "saved as version 3", timeout=10)
    dash_duo.wait_for_text_to_equal(".history-table tbody tr th", "3", timeout=10)
    # the new version says what it changed against the one before, not just its events
    dash_duo.wait_for_text_to_equal(
        ".history-table tbody tr .history-change",
        "2 events removed ('Contact 3', 'Contact 4'); title changed",
        timeout=10,
    )
    assert services.load_journey("test-journey") == make_journey()
    assert dash_duo.get_logs() == []
    dash_duo.driver.save_screenshot(str(tmp_path / "history.png"))
    services.sessions.kw["bind"].dispose()
