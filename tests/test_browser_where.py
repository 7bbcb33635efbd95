"""The explorer's ward map end to end in headless Chromium: a generated, stored cohort's map,
its bars under the map opened from the keyboard, and a click on a ward listing its people."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from tests.cohort_fixtures import store_generated_cohort
from tests.sections import show_section
from timeline.settings import Settings

pytestmark = pytest.mark.browser


@pytest.fixture
def where_app(tmp_path: Path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=False)
    store_generated_cohort(settings, "city", 300, 7)
    return create_app(settings)


def _until(dash_duo, condition, timeout: float = 20) -> None:
    wait = WebDriverWait(
        dash_duo.driver, timeout, ignored_exceptions=[StaleElementReferenceException]
    )
    wait.until(lambda _driver: condition())


def test_a_ward_tile_lists_its_people_and_the_bars_open_from_the_keyboard(
    dash_duo, where_app
) -> None:
    dash_duo.start_server(where_app)
    dash_duo.driver.get(dash_duo.server_url + "/cohorts/city")
    section = "[data-chart='where']"
    dash_duo.wait_for_element("[data-chart='events-per-person'] .main-svg", timeout=60)
    show_section(dash_duo, "where")
    dash_duo.wait_for_element(f"{section} .main-svg", timeout=30)
    assert dash_duo.find_element("#explorer-sentence-where").text.startswith("Counting everyone")
    tiles = dash_duo.find_elements(f"{section} .shapelayer path")
    rows = dash_duo.find_elements("#explorer-table-where tbody tr")
    assert len(tiles) == len(rows) == 18  # one hexagon per ward of a Coventry-sized city
    first = rows[0].find_elements("css selector", "td")
    ward, people = first[0].get_attribute("textContent"), first[3].get_attribute("textContent")

    summary = dash_duo.find_element(f"{section} details summary")
    dash_duo.driver.execute_script("arguments[0].focus()", summary)
    summary.send_keys(Keys.ENTER)  # the bar chart alternative, from the keyboard
    _until(dash_duo, lambda: summary.find_element("xpath", "..").get_attribute("open"))
    bars = dash_duo.find_elements(f"{section} details .js-plotly-plot .bars .point")
    assert len(bars) == 2 * 18  # two panels: people per 1,000 adults and contacts per person

    centre = dash_duo.find_elements(f"{section} .scatterlayer .trace .points path")[0]
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", centre)
    ActionChains(dash_duo.driver).move_to_element(centre).pause(0.5).click().perform()
    heading = f"People living in {ward}"
    _until(dash_duo, lambda: heading in dash_duo.find_element("#explorer-drill").text)
    assert f"{heading} (city: everyone): {people}" in dash_duo.find_element("#explorer-drill").text
