"""In headless Chromium: filters, presenter periods and links, comparing, missed opportunities."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from timeline.settings import Settings

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_app(tmp_path: Path):
    return create_app(Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=True))


def _until(dash_duo, condition, timeout: float = 10) -> None:
    wait = WebDriverWait(
        dash_duo.driver, timeout, ignored_exceptions=[StaleElementReferenceException]
    )
    wait.until(lambda _driver: condition())


def _rows(dash_duo) -> int:
    return len(dash_duo.find_elements("#journey-events-table tbody tr"))


def test_filtering_by_person_narrows_the_chart_and_table_and_the_link_keeps_it(
    dash_duo, demo_app
) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(dash_duo.server_url + "/journeys/coventry-couple")
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=10)
    assert _rows(dash_duo) == 109
    dash_duo.find_element(".filters-panel summary").click()
    dash_duo.select_dcc_dropdown("#filter-people", value="Jo")
    dash_duo.wait_for_contains_text("#journey-filter-note", "Showing only people Jo", timeout=10)
    _until(dash_duo, lambda: 0 < _rows(dash_duo) < 109)
    narrowed = _rows(dash_duo)
    _until(dash_duo, lambda: "people=Jo" in dash_duo.driver.current_url)

    dash_duo.driver.get(dash_duo.driver.current_url)  # the shared link restores the filter
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=10)
    _until(dash_duo, lambda: _rows(dash_duo) == narrowed)
    dash_duo.find_element("#filter-clear").click()
    _until(dash_duo, lambda: _rows(dash_duo) == 109)
    _until(dash_duo, lambda: "people=" not in dash_duo.driver.current_url)


def test_presenter_steps_by_month_and_its_link_restores_the_step(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(dash_duo.server_url + "/present/ahmed")
    dash_duo.wait_for_text_to_equal("#present-counter", "Step 1 of 72", timeout=10)
    dash_duo.select_dcc_dropdown("#present-by", value="one month")
    _until(dash_duo, lambda: "step=1&by=month" in dash_duo.driver.current_url)
    total = dash_duo.find_element("#present-counter").text.split(" of ")[1]
    assert 1 < int(total) < 72
    dash_duo.driver.execute_script("document.activeElement.blur()")  # done choosing; present
    dash_duo.find_element("body").send_keys(Keys.ARROW_RIGHT)
    dash_duo.wait_for_text_to_equal("#present-counter", f"Step 2 of {total}", timeout=10)
    assert dash_duo.find_elements("#present-caption .present-items li")
    _until(dash_duo, lambda: "step=2&by=month" in dash_duo.driver.current_url)

    dash_duo.driver.get(dash_duo.driver.current_url)
    dash_duo.wait_for_text_to_equal("#present-counter", f"Step 2 of {total}", timeout=10)


def test_compare_two_journeys_one_above_the_other(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(dash_duo.server_url + "/compare")
    dash_duo.wait_for_text_to_equal("h1", "Compare two journeys", timeout=10)
    dash_duo.select_dcc_dropdown("#compare-a", index=2)  # journeys are listed by key: lucy
    dash_duo.select_dcc_dropdown("#compare-b", index=0)  # ahmed
    _until(dash_duo, lambda: len(dash_duo.find_elements("#compare-charts .main-svg")) >= 2)
    ranges = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('#compare-charts .js-plotly-plot')]"
        ".map(p => p._fullLayout.xaxis.range)"
    )
    assert len(ranges) == 2 and ranges[0] == ranges[1]
    _until(dash_duo, lambda: "a=lucy&b=ahmed" in dash_duo.driver.current_url)


def test_marking_a_missed_opportunity_shows_it_on_the_chart(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(dash_duo.server_url + "/journeys/lucy")
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=10)
    dash_duo.find_element(".missed-panel summary").click()
    dash_duo.select_dcc_dropdown("#missed-event", index=2)
    dash_duo.find_element("#missed-text").send_keys("<b>Nobody</b> asked where she slept")
    dash_duo.find_element("#missed-add").click()
    dash_duo.wait_for_contains_text("#missed-message", "Marked", timeout=10)
    dash_duo.wait_for_contains_text("#missed-list", "<b>Nobody</b> asked", timeout=10)
    _until(
        dash_duo,
        lambda: any(
            "missed opportunity" in a.text
            for a in dash_duo.find_elements("#journey-graph .annotation-text")
        ),
    )
    dash_duo.find_element("#missed-list button").click()
    dash_duo.wait_for_contains_text("#missed-list", "No missed opportunities", timeout=10)
    assert dash_duo.get_logs() == []
