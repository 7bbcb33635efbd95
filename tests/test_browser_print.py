"""Printing a journey page from the browser: the chart and its words on landscape pages, with no
navigation, controls or footer (the print stylesheet in assets/touchpoints.css)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import create_app
from timeline.settings import Settings

pytestmark = pytest.mark.browser

ONLY_ON_SCREEN = (
    "Compare",  # the navigation bar
    "Cohorts",
    "Each journey says what it is",  # the footer
    "Download:",
    "Board pack (PDF)",
    "Show whole journey",
    "Collapse sectors",
    "Rule thresholds",
)


@pytest.fixture
def demo_app(tmp_path: Path):
    return create_app(Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=True))


def test_a_printed_journey_page_is_the_chart_and_its_words(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(dash_duo.server_url + "/journeys/coventry-couple")
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=30)
    printed = dash_duo.driver.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
    )
    pdf = base64.b64decode(printed["data"])
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert 2 <= len(reader.pages) <= 12, len(reader.pages)
    assert all(page.mediabox.width > page.mediabox.height for page in reader.pages)  # landscape
    for shown in ("Coventry couple", "Cyrenians", "Revolving-door cycles", "Text description"):
        assert shown in text, shown
    for hidden in ONLY_ON_SCREEN:
        assert hidden not in text, hidden
    assert "Whitefriars flat" in text  # the events table prints, though closed on screen
