"""End to end in headless Chromium: the app a newcomer opens after `make run`."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import create_app
from timeline.settings import Settings

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_app(tmp_path: Path):
    return create_app(Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=True))


def test_journeys_page_links_to_the_coventry_swimlane(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.wait_for_text_to_equal("h1", "Journeys", timeout=10)
    rows = dash_duo.find_elements("#journeys-table tbody tr")
    assert [r.get_attribute("data-key") for r in rows] == ["ahmed", "coventry-couple", "lucy"]

    dash_duo.find_element("tr[data-key='coventry-couple'] a").click()
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=10)
    dash_duo.wait_for_text_to_equal(
        "#journey-counts", "2 people · 24 agencies in 9 sectors · 700 days", timeout=10
    )
    lane_labels = dash_duo.find_elements("#journey-graph .ytick text")
    assert len(lane_labels) == 24
    assert lane_labels[0].text.startswith("Cyrenians")
    annotations = [a.text for a in dash_duo.find_elements("#journey-graph .annotation-text")]
    sectors = [a.removeprefix("■ ") for a in annotations if a.startswith("■")]
    assert sectors == [
        "Housing",
        "Money",
        "Advice",
        "Training",
        "Health",
        "Police",
        "Fire",
        "Food",
        "Social",
    ]
    assert dash_duo.find_element(".badge").text == "illustrative"
    assert dash_duo.get_logs() == []


def test_unknown_journey_link_says_not_found(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(dash_duo.server_url + "/journeys/no-such-journey")
    dash_duo.wait_for_text_to_equal("h1", "Not found", timeout=10)
    assert "no-such-journey" in dash_duo.find_element(".page p").text
