"""The explorer's costs in headless Chromium: edit a unit cost, save the table under a name, open
the address it gives in a fresh page and see the same costs; a taken name and an unknown one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from tests.cohort_fixtures import store_generated_cohort
from tests.sections import show_section
from timeline.settings import Settings

pytestmark = pytest.mark.browser
SCREENSHOT = os.environ.get("TOUCHPOINTS_COSTS_SCREENSHOT")  # a path: save the section's picture


@pytest.fixture
def costs_app(tmp_path: Path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=False)
    store_generated_cohort(settings, "city", 300, 7, coordinated_share=0.5)
    return create_app(settings)


def _until(dash_duo, condition, timeout: float = 40) -> None:
    wait = WebDriverWait(
        dash_duo.driver, timeout, ignored_exceptions=[StaleElementReferenceException]
    )
    wait.until(lambda _driver: condition())


def _text(dash_duo, selector: str) -> str:
    return dash_duo.find_element(selector).get_attribute("textContent")  # also when folded


def _headline_cost(dash_duo) -> str:
    for row in dash_duo.find_elements("#explorer-headline tbody tr"):
        if row.find_element("css selector", "th").text.startswith("Illustrative cost"):
            return row.find_element("css selector", "td").text
    raise AssertionError("no cost in the headline")


def _type(dash_duo, selector: str, text: str) -> None:
    box = dash_duo.find_element(selector)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(text, Keys.TAB)


def test_save_a_cost_table_and_open_its_address(dash_duo, costs_app) -> None:
    dash_duo.start_server(costs_app)
    dash_duo.driver.get(dash_duo.server_url + "/cohorts/city")
    dash_duo.wait_for_element("[data-chart='events-per-person'] .main-svg", timeout=60)
    show_section(dash_duo, "costs-by-sector")
    dash_duo.wait_for_element("[data-chart='costs-by-sector'] .main-svg", timeout=60)
    sentence = _text(dash_duo, "#explorer-sentence-costs-by-sector")
    assert "per person-year" in sentence and "£19,000" in sentence
    before = _headline_cost(dash_duo)

    dash_duo.find_element(".costs-panel summary").click()
    custody = [
        row
        for row in dash_duo.find_elements(".costs-panel tbody tr")
        if row.find_element("css selector", "th").text == "Custody"
    ][0]
    box = custody.find_element("css selector", "input")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("30000", Keys.TAB)
    _until(dash_duo, lambda: "cost=custody" in dash_duo.driver.current_url)
    _until(dash_duo, lambda: _headline_cost(dash_duo) != before)
    edited = _headline_cost(dash_duo)

    _type(dash_duo, "#explorer-cost-table-name", "City-2024")
    dash_duo.find_element("#explorer-cost-save").click()
    saved = "#explorer-cost-save-message"
    _until(dash_duo, lambda: "Saved as 'city-2024'" in _text(dash_duo, saved))
    _until(dash_duo, lambda: dash_duo.driver.current_url.endswith("?costs=city-2024"))
    assert "saved cost table 'city-2024'" in _text(dash_duo, "#explorer-cost-table-note")
    if SCREENSHOT:
        section = dash_duo.find_element("[data-chart='costs-by-sector']")
        section.screenshot(SCREENSHOT)

    # the address, opened afresh, shows the same costs
    dash_duo.driver.get(dash_duo.driver.current_url)
    dash_duo.wait_for_element("[data-chart='events-per-person'] .main-svg", timeout=60)
    show_section(dash_duo, "costs-by-sector")
    dash_duo.wait_for_element("[data-chart='costs-by-sector'] .main-svg", timeout=60)
    assert _headline_cost(dash_duo) == edited
    assert "saved cost table 'city-2024'" in _text(dash_duo, "#explorer-cost-table-note")
    assert "saved by local user" in _text(dash_duo, "#explorer-cost-table-note")

    # the same name with other costs is refused, and the saved table kept
    dash_duo.find_element(".costs-panel summary").click()
    box = dash_duo.find_elements(".costs-panel tbody input")[0]
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("1", Keys.TAB)
    _until(dash_duo, lambda: "cost=" in dash_duo.driver.current_url.split("costs=")[1])
    _type(dash_duo, "#explorer-cost-table-name", "city-2024")
    dash_duo.find_element("#explorer-cost-save").click()
    _until(dash_duo, lambda: "Not saved" in _text(dash_duo, "#explorer-cost-save-message"))
    assert "choose another name" in _text(dash_duo, "#explorer-cost-save-message")

    # an unknown name in an address says so and shows the defaults
    dash_duo.driver.get(dash_duo.server_url + "/cohorts/city?costs=nowhere")
    dash_duo.wait_for_element("[data-chart='events-per-person'] .main-svg", timeout=60)
    show_section(dash_duo, "costs-by-sector")
    dash_duo.wait_for_element("[data-chart='costs-by-sector'] .main-svg", timeout=60)
    assert "no saved cost table called 'nowhere'" in _text(dash_duo, "#explorer-results")
    assert _headline_cost(dash_duo) == before
    assert dash_duo.get_logs() == []
