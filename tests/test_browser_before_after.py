"""The explorer's before-and-after section in headless Chromium, on generated, stored cohorts:
one with coordinated support (its two charts, sentence, table and CSV button), one without (a
sentence instead of a chart)."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from tests.cohort_fixtures import store_generated_cohort
from tests.conftest import copy_sqlite
from tests.sections import show_section
from timeline.settings import Settings

pytestmark = pytest.mark.browser
SECTION = "[data-chart='before-after']"


@pytest.fixture(scope="module")
def before_after_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cohorts, stored once for this module (each test gets a copy)."""
    path = tmp_path_factory.mktemp("before-after") / "app.db"
    settings = Settings(database_url=f"sqlite:///{path}", load_demo=False)
    # "city": 300 at any one time, half with coordinated support from 2023; "town": none
    store_generated_cohort(settings, "city", 300, 7, coordinated_share=0.5)
    store_generated_cohort(settings, "town", 120, 11)
    return path


@pytest.fixture
def before_after_app(tmp_path: Path, before_after_database: Path):
    copy_sqlite(before_after_database, tmp_path / "app.db")
    return create_app(Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=False))


def _until(dash_duo, condition, timeout: float = 60) -> None:
    wait = WebDriverWait(
        dash_duo.driver, timeout, ignored_exceptions=[StaleElementReferenceException]
    )
    wait.until(lambda _driver: condition())


def _sentence(dash_duo) -> str:
    return dash_duo.find_element("#explorer-sentence-before-after").text


def _texts(graph, selector: str) -> list[str]:
    """The text of an SVG element (textContent: Selenium's .text is empty for some)."""
    return [e.get_attribute("textContent") for e in graph.find_elements("css selector", selector)]


def _supported(sentence: str) -> int:
    """The number of people with support a sentence names (-1 while the page redraws)."""
    number = sentence.split(" of the people shown")[0].replace(",", "")
    return int(number) if number.isdigit() else -1


def test_before_and_after_on_a_cohort_with_coordinated_support(dash_duo, before_after_app):
    dash_duo.start_server(before_after_app)
    dash_duo.driver.get(dash_duo.server_url + "/cohorts/city")
    dash_duo.wait_for_element("[data-chart='events-per-person'] .main-svg", timeout=90)
    show_section(dash_duo, "before-after")
    dash_duo.wait_for_element(f"{SECTION} .main-svg", timeout=30)
    section = dash_duo.find_element(SECTION)
    assert section.find_element("css selector", "h2").text == (
        "Before and after coordinated support"
    )
    sentence = _sentence(dash_duo)
    everyone = _supported(sentence)
    assert everyone >= 5
    assert "contacts per person-month (all sectors)" in sentence
    assert "in the same calendar months" in sentence
    assert "up to 26% lower" in sentence
    assert sentence.endswith("A model of synthetic data, not evidence.")

    # two charts: contacts around the start (with and without support), then the costs
    graphs = dash_duo.find_elements(f"{SECTION} .js-plotly-plot")
    assert len(graphs) == 2
    legend = " ".join(_texts(graphs[0], ".legendtext"))
    assert "With coordinated support" in legend
    assert "Without support, same calendar months" in legend
    facets = _texts(graphs[0], ".annotation-text")
    assert "All sectors" in facets and len(facets) >= 3
    assert graphs[0].find_elements("css selector", ".scatterlayer .trace path.js-line")
    costs = " ".join(_texts(graphs[1], ".annotation-text"))
    assert "model of synthetic data" in costs and "26%" in costs
    assert graphs[1].find_elements("css selector", ".barlayer .point path")
    assert graphs[1].find_elements("css selector", ".layer-above .shapelayer path")  # the line

    # its table, with the year before and after first, and a CSV button
    section.find_element("css selector", "details summary").click()
    table = dash_duo.find_element("#explorer-table-before-after")
    first = table.find_elements("css selector", "tbody tr")[0].text
    assert first.startswith("contacts per person-month, 12 months before")
    heads = [h.text for h in table.find_elements("css selector", "thead th")]
    assert heads[:3] == ["measure", "month", "sector"] and "comparison rate" in heads
    csv = section.find_element("css selector", "details button.button-small")
    assert csv.text == "Download CSV: before and after coordinated support"

    # a filter narrows it: fewer people with support, the same question
    dash_duo.find_elements("#explorer-needs input")[0].click()
    _until(dash_duo, lambda: 0 <= _supported(_sentence(dash_duo)) < everyone)
    assert "needs=homelessness" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_a_cohort_without_coordinated_support_says_so(dash_duo, before_after_app):
    dash_duo.start_server(before_after_app)
    dash_duo.driver.get(dash_duo.server_url + "/cohorts/town")
    dash_duo.wait_for_element("[data-chart='events-per-person'] .main-svg", timeout=90)
    show_section(dash_duo, "before-after")
    assert _sentence(dash_duo).startswith(
        "Nobody in this cohort gets coordinated support, so there is no before and after"
    )
    assert not dash_duo.find_elements(f"{SECTION} .js-plotly-plot")
    assert dash_duo.get_logs() == []
