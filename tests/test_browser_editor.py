"""The Editor end to end in headless Chromium: type in the grid, save, and see it stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from timeline.service import open_services
from timeline.settings import Settings

pytestmark = pytest.mark.browser

NEW_TITLE = "GP: low mood, panic, follow-up booked"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'app.db'}"


@pytest.fixture
def demo_app(database_url: str):
    return create_app(Settings(database_url=database_url, load_demo=True))


def _stored(database_url: str, key: str):
    services = open_services(Settings(database_url=database_url, load_demo=False))
    try:
        return services.load_journey(key)
    finally:
        services.sessions.kw["bind"].dispose()


def _until(dash_duo, condition, timeout: float = 10) -> None:
    wait = WebDriverWait(
        dash_duo.driver, timeout, ignored_exceptions=[StaleElementReferenceException]
    )
    wait.until(lambda _driver: condition())


def _open_editor(dash_duo, demo_app, key: str) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(f"{dash_duo.server_url}/edit/{key}")
    dash_duo.wait_for_element("#editor-events-grid .ag-row[row-id='e0']", timeout=10)


def _type_into_cell(dash_duo, grid: str, row_id: str, column: str, text: str) -> None:
    """Double-click a cell, replace what is there, press Enter: what a facilitator does."""
    dash_duo.driver.execute_script(
        "dash_ag_grid.getApi(arguments[0]).ensureColumnVisible(arguments[1])", grid, column
    )
    selector = f"#{grid} .ag-row[row-id='{row_id}'] .ag-cell[col-id='{column}']"
    cell = dash_duo.wait_for_element(selector, timeout=10)
    ActionChains(dash_duo.driver).double_click(cell).perform()
    editor = dash_duo.wait_for_element(f"#{grid} .ag-cell-inline-editing input", timeout=5)
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(text, Keys.ENTER)
    _until(dash_duo, lambda: dash_duo.find_element(selector).text == text)


def _save_and_wait(dash_duo, status: str) -> None:
    dash_duo.find_element("#editor-save").click()
    dash_duo.wait_for_contains_text("#editor-status", status, timeout=10)


def test_editing_an_event_and_saving_persists_it(dash_duo, demo_app, database_url) -> None:
    _open_editor(dash_duo, demo_app, "lucy")
    assert dash_duo.find_element("#editor-undo").get_attribute("disabled") == "true"
    _type_into_cell(dash_duo, "editor-events-grid", "e0", "title", NEW_TITLE)
    _until(
        dash_duo, lambda: dash_duo.find_element("#editor-undo").get_attribute("disabled") is None
    )
    _save_and_wait(dash_duo, "Saved 52 events.")

    stored = _stored(database_url, "lucy")
    assert stored.events[0].title == NEW_TITLE
    assert len(stored.events) == 52 and len(stored.agencies) == 14

    dash_duo.driver.get(f"{dash_duo.server_url}/journeys/lucy")
    dash_duo.wait_for_element("#journey-events-table", timeout=10)
    table_text = dash_duo.driver.execute_script(
        "return document.querySelector('#journey-events-table').textContent"
    )
    assert NEW_TITLE in table_text
    assert dash_duo.get_logs() == []


def test_a_bad_edit_shows_the_problem_stores_nothing_and_can_be_undone(
    dash_duo, demo_app, database_url
) -> None:
    before = _stored(database_url, "lucy")
    _open_editor(dash_duo, demo_app, "lucy")
    _type_into_cell(dash_duo, "editor-events-grid", "e1", "start", "31/02/2016")
    # Delete an agency that events still use: GP practice (Lucy's first event is with the GP).
    gp_row = dash_duo.driver.execute_script(
        "let id = null; dash_ag_grid.getApi('editor-agencies-grid').forEachNode("
        "n => { if (n.data.name === 'GP practice') id = n.id; }); return id;"
    )
    dash_duo.find_element(
        f"#editor-agencies-grid .ag-row[row-id='{gp_row}'] .ag-selection-checkbox input"
    ).click()
    dash_duo.find_element("#editor-delete-agencies").click()
    dash_duo.wait_for_contains_text("#editor-status", "Deleted 1 agency", timeout=10)
    _save_and_wait(dash_duo, "Not saved.")

    problems = [
        [td.text for td in tr.find_elements("css selector", "td")]
        for tr in dash_duo.find_elements("#editor-problems-table tbody tr")
    ]
    assert [
        "Events",
        "2",
        "start",
        "'31/02/2016' is not a real date: February 2016 has 29 days",
    ] in problems
    assert any(p[2] == "agency" and "unknown agency 'GP practice'" in p[3] for p in problems)
    assert _stored(database_url, "lucy") == before

    dash_duo.find_element("#editor-undo").click()  # brings GP practice back
    _until(
        dash_duo,
        lambda: (
            len(dash_duo.find_elements(f"#editor-agencies-grid .ag-row[row-id='{gp_row}']")) > 0
        ),
    )
    dash_duo.find_element("#editor-undo").click()  # takes back the bad date
    _until(
        dash_duo,
        lambda: (
            dash_duo.find_element(
                "#editor-events-grid .ag-row[row-id='e1'] .ag-cell[col-id='start']"
            ).text
            != "31/02/2016"
        ),
    )
    _save_and_wait(dash_duo, "Saved 52 events.")
    assert dash_duo.find_elements("#editor-problems-table") == []
    assert _stored(database_url, "lucy") == before
    assert dash_duo.get_logs() == []


def test_add_event_shows_an_empty_highlighted_row_in_view_and_save_refuses_it(
    dash_duo, demo_app, database_url
) -> None:
    before = _stored(database_url, "lucy")
    _open_editor(dash_duo, demo_app, "lucy")
    dash_duo.find_element("#editor-add-event").click()
    dash_duo.wait_for_contains_text("#editor-status", "Added a new event as row 53", timeout=10)
    # the grid scrolled to the new row (rows off-screen are not drawn) and its agency cell has
    # the cursor, ready to fill
    row = dash_duo.wait_for_element("#editor-events-grid .ag-row.editor-row-new", timeout=10)
    _until(
        dash_duo,
        lambda: dash_duo.driver.execute_script(
            "let c = dash_ag_grid.getApi('editor-events-grid').getFocusedCell();"
            "return c && c.column.getColId() === 'agency' && c.rowIndex === 52;"
        ),
    )
    assert dash_duo.driver.execute_script(
        "let r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;",
        row,
    )
    cells = {
        c.get_attribute("col-id"): c.text
        for c in dash_duo.find_elements("#editor-events-grid .ag-row.editor-row-new .ag-cell")
    }
    assert (cells["row"], cells["agency"], cells["start"]) == ("53", "", "")
    _save_and_wait(dash_duo, "Not saved.")
    problems = [
        [td.text for td in tr.find_elements("css selector", "td")]
        for tr in dash_duo.find_elements("#editor-problems-table tbody tr")
    ]
    assert problems[0][:3] == ["Events", "53", "agency"]
    assert problems[0][3].startswith("is a new event not filled in yet: pick the agency")
    assert _stored(database_url, "lucy") == before
    assert dash_duo.get_logs() == []
