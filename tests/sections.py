"""Explorer sections are drawn when scrolled to (assets/explorer_sections.js): browser tests
scroll a section into view and wait until it is drawn before reading it."""

from __future__ import annotations

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait


def show_section(dash_duo, chart: str, timeout: float = 60) -> None:
    """Scroll to a chart's section and wait until its body is drawn (no placeholder left)."""
    selector = f"[data-chart='{chart}']"

    def drawn(_driver) -> bool:
        section = dash_duo.find_element(selector)
        dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", section)
        body = section.find_elements("css selector", ".section-body")
        placeholder = section.find_elements("css selector", ".section-placeholder")
        return bool(body) and not placeholder and dash_duo._wait_for_callbacks()

    WebDriverWait(
        dash_duo.driver, timeout, ignored_exceptions=[StaleElementReferenceException]
    ).until(drawn)
