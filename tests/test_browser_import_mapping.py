"""Import any spreadsheet (issue 16, item 5) in headless Chromium: a CSV with a header of its
own is mapped column by column, imported, and its saved mapping is offered again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from tests.test_accessibility import AXE_JS, BLOCKING, describe_violations, run_axe
from timeline.io import load_mapping
from timeline.settings import Settings

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"

THEIRS = (
    "Client ref,Service,Service type,Date,Notes (internal)\n"
    "case-12,Cyrenians,Housing,2015-03-02,first night in the hostel\n"
    "case-12,Foodbank,Food,02/04/2015,parcel\n"
    "case-12,West Midlands Police,Police,May 2015,arrested\n"
    "case-12,Hospital,Health,2015-06-11,A&E\n"
)


@pytest.fixture(scope="module")
def axe_js() -> str:
    """axe.min.js, as tests/test_accessibility.py finds it (skip, or fail in CI, without it)."""
    if AXE_JS.is_file():
        return AXE_JS.read_text(encoding="utf-8")
    message = f"axe-core is not installed at {AXE_JS}: run `make test`"
    if os.environ.get("TOUCHPOINTS_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _until(dash_duo, condition, timeout: float = 15) -> None:
    WebDriverWait(dash_duo.driver, timeout).until(lambda _driver: condition())


def _choose(dash_duo, column: str, label: str) -> None:
    """In the mapping table's row for the file's `column`, pick the option labelled `label`."""
    rows = dash_duo.find_elements("#upload-mapping tbody tr")
    row = next(r for r in rows if r.find_element(By.TAG_NAME, "th").text == column)
    row.find_element(By.CSS_SELECTOR, "td .map-field").click()
    _until(dash_duo, lambda: dash_duo.find_elements(".dash-dropdown-option"))
    for option in dash_duo.find_elements(".dash-dropdown-option"):
        if option.text == label:
            option.click()
            return
    raise AssertionError(f"no option {label!r} for {column!r}")


def _upload(dash_duo, path: Path) -> None:
    dash_duo.driver.get(dash_duo.server_url + "/import")
    dash_duo.wait_for_text_to_equal("h1", "Import a case study", timeout=10)
    dash_duo.find_element("#upload input[type=file]").send_keys(str(path))


def test_a_csv_with_its_own_header_is_mapped_and_imported(
    dash_duo, tmp_path: Path, axe_js: str
) -> None:
    source = tmp_path / "their-sheet.csv"
    source.write_text(THEIRS, encoding="utf-8")
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=False))
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1280, 720)
    _upload(dash_duo, source)
    dash_duo.wait_for_contains_text("#upload-result h2", "Match your columns", timeout=20)
    # Date -> start and Service -> agency are guessed; the rest is not, so nothing is valid yet
    dash_duo.wait_for_contains_text("#upload-map-result", "nothing gives 'journey', 'sector'")
    assert dash_duo.find_element("#upload-import").get_attribute("disabled") is not None

    _choose(dash_duo, "Client ref", "journey (required)")
    dash_duo.wait_for_contains_text("#upload-map-result", "nothing gives 'sector'")
    _choose(dash_duo, "Service type", "sector (required)")
    dash_duo.wait_for_element("#upload-journeys", timeout=20)
    preview = dash_duo.find_element("#upload-mapped-preview").text
    assert "journey agency sector start" in preview and "case-12 Cyrenians Housing" in preview
    assert (
        "Notes (internal)"
        not in dash_duo.find_element("#upload-map-result").text.split("The file's rows")[0]
    )  # the ignored column is not warned about
    _until(
        dash_duo, lambda: dash_duo.find_element("#upload-import").get_attribute("disabled") is None
    )
    dash_duo.find_element("#upload-map-save").click()
    dash_duo.wait_for_contains_text("#upload-map-saved", "Saved in this browser")
    dash_duo.driver.execute_script("document.querySelector('#upload-result h2').scrollIntoView()")
    dash_duo.driver.save_screenshot(str(SHOTS / "import-mapping-1280x720.png"))
    violations = [v for v in run_axe(dash_duo, axe_js) if v["impact"] in BLOCKING]
    assert not violations, describe_violations(violations)
    dash_duo.find_element("#upload-map-download-button").click()
    downloaded = Path(dash_duo.download_path) / "mapping.toml"
    _until(dash_duo, downloaded.is_file)
    mapping = load_mapping(downloaded.read_bytes(), "mapping.toml")  # what --map reads
    assert mapping.columns["Client ref"] == "journey" and mapping.columns["Date"] == "start"
    dash_duo.wait_for_contains_text(
        "#upload-map-saved", "Downloaded: touchpoints import FILE --map mapping.toml reads it"
    )

    dash_duo.find_element("#upload-import").click()
    dash_duo.wait_for_contains_text("#upload-message", "Imported: case-12", timeout=30)

    # the same layout again: the saved mapping is offered, and the file is ready to import
    again = tmp_path / "their-sheet-2.csv"
    again.write_text(THEIRS.replace("case-12", "case-13"), encoding="utf-8")
    _upload(dash_duo, again)
    dash_duo.wait_for_contains_text("#upload-map-origin", "Using the mapping saved", timeout=20)
    dash_duo.wait_for_element("#upload-journeys", timeout=20)
    dash_duo.find_element("#upload-import").click()
    dash_duo.wait_for_contains_text("#upload-message", "Imported: case-13", timeout=30)
