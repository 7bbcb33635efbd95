"""The Import page says it is working while a large file is checked and stored (issue 15,
item 4): headless Chromium, a 20,000-row file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import create_app
from tests.test_import_bulk import _csv, _rows
from timeline.settings import Settings

pytestmark = pytest.mark.browser
WORKING = "every row is checked before anything is stored"


def test_a_large_import_says_it_is_working_until_it_is_stored(dash_duo, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(_csv(_rows(20_000, ("big-one",))))
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=False))
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/import")
    dash_duo.wait_for_text_to_equal("h1", "Import a case study", timeout=10)
    dash_duo.find_element("#upload input[type=file]").send_keys(str(big))
    dash_duo.wait_for_contains_text("body", WORKING, timeout=20)  # while the file is checked
    dash_duo.driver.save_screenshot(str(tmp_path / "checking.png"))
    dash_duo.wait_for_element("#upload-journeys", timeout=60)
    dash_duo.find_element("#upload-import").click()
    dash_duo.wait_for_contains_text("body", WORKING, timeout=20)  # while it is stored
    dash_duo.wait_for_contains_text("#upload-message", "Imported: big-one", timeout=90)
    assert WORKING not in dash_duo.find_element("body").text
