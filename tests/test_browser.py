"""End to end in headless Chromium: the app a newcomer opens after `make run`."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from tests.conftest import FIXTURES
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
    ticks = [t.text for t in dash_duo.find_elements("#journey-graph .ytick text")]
    lanes = [t for t in ticks if not t.startswith("Status")]
    assert len(lanes) == 24
    assert lanes[0].startswith("Cyrenians")
    assert ticks[:2] == ["Status: Sam", "Status: Jo"]
    annotations = [a.text for a in dash_duo.find_elements("#journey-graph .annotation-text")]
    sectors = [a.removeprefix("■ ") for a in annotations if a.startswith("■ ")]
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


def _until(dash_duo, condition, timeout: float = 10) -> None:
    wait = WebDriverWait(
        dash_duo.driver, timeout, ignored_exceptions=[StaleElementReferenceException]
    )
    wait.until(lambda _driver: condition())


def _x_range(dash_duo) -> list[str]:
    return dash_duo.driver.execute_script(
        "return document.querySelector('#journey-graph .js-plotly-plot')._fullLayout.xaxis.range"
    )


def test_cycle_bands_panel_and_zoom(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(dash_duo.server_url + "/journeys/lucy")
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=10)
    bands = dash_duo.driver.execute_script(
        "return document.querySelector('#journey-graph .js-plotly-plot').data"
        ".filter(t => (t.meta || {}).role === 'cycle-bands').map(t => t.base.length)"
    )
    assert bands == [3]  # one trace, a band per cycle
    labels = [a.text for a in dash_duo.find_elements("#journey-graph .annotation-text")]
    shown = {"eviction cycle: 3 times", "breach cycle: 2 times", "custody cycle: 2 times"}
    assert shown <= set(labels)
    buttons = dash_duo.find_elements("#journey-cycles .cycle-button")
    assert [b.find_element("css selector", ".cycle-label").text for b in buttons] == [
        "eviction cycle: 3 times",
        "breach cycle: 2 times",
        "custody cycle: 2 times",
    ]
    before = _x_range(dash_duo)
    buttons[2].click()  # custody cycle: 14 Aug 2017 to 19 Feb 2018
    _until(dash_duo, lambda: _x_range(dash_duo) != before, timeout=10)
    low, high = _x_range(dash_duo)
    assert low.startswith("2017-07") and high.startswith("2018-03")
    _until(dash_duo, lambda: "from=2017-07" in dash_duo.driver.current_url)  # kept in the address
    dash_duo.find_element("#journey-show-all").click()
    _until(dash_duo, lambda: _x_range(dash_duo)[0] < "2016-03", timeout=10)
    assert dash_duo.get_logs() == []


def test_collapsing_a_sector_and_aligning_on_an_event(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(dash_duo.server_url + "/journeys/coventry-couple")
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=10)
    dash_duo.select_dcc_dropdown("#journey-collapse", value="Housing")
    _until(
        dash_duo,
        lambda: any(
            "Housing: 8 agencies" in t.text
            for t in dash_duo.find_elements("#journey-graph .ytick text")
        ),
        timeout=10,
    )
    dash_duo.select_dcc_dropdown("#journey-align", index=0)
    _until(
        dash_duo,
        lambda: "Days since" in dash_duo.find_element("#journey-graph .g-xtitle").text,
        timeout=10,
    )


def test_rule_thresholds_for_this_view(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(dash_duo.server_url + "/journeys/lucy")
    dash_duo.wait_for_text_to_equal("#journey-cycles h2", "Revolving-door cycles (3)", timeout=10)
    dash_duo.find_element("#journey-rules summary").click()
    window = dash_duo.find_element('input[id*="custody_cycle"][id*="window_days"]')
    window.clear()
    window.send_keys("30")
    dash_duo.find_element("#journey-apply-rules").click()
    dash_duo.wait_for_text_to_equal("#journey-cycles h2", "Revolving-door cycles (2)", timeout=10)
    assert "custody" not in dash_duo.find_element("#journey-cycles").text


def _upload(dash_duo, path) -> None:
    dash_duo.find_element("#upload input[type=file]").send_keys(str(path))


def test_import_page_shows_errors_and_stores_only_a_valid_file(dash_duo, demo_app, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "journey,agency,sector,start,end\nnew-one,Cyrenians,Housing,2015-03-02,2015-01-02\n",
        encoding="utf-8",
    )
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(dash_duo.server_url + "/import")
    dash_duo.wait_for_text_to_equal("h1", "Import a case study", timeout=10)
    _upload(dash_duo, bad)
    dash_duo.wait_for_element("#upload-errors", timeout=10)
    assert (
        "end date 2015-01-02 is before start date 2015-03-02"
        in dash_duo.find_element("#upload-errors").text
    )
    assert dash_duo.find_element("#upload-import").get_attribute("disabled") == "true"
    assert dash_duo.find_elements("#upload-preview .row-error")
    _upload(dash_duo, FIXTURES / "household.csv")
    dash_duo.wait_for_element("#upload-journeys", timeout=10)
    dash_duo.find_element("#upload-import").click()
    dash_duo.wait_for_contains_text("#upload-message", "Imported: test-household", timeout=10)
    dash_duo.driver.get(dash_duo.server_url + "/")
    dash_duo.wait_for_element("tr[data-key='test-household']", timeout=10)
    assert len(dash_duo.find_elements("#journeys-table tbody tr")) == 4


def test_a_shared_link_restores_the_view_and_changes_update_it(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(
        dash_duo.server_url + "/journeys/lucy?collapse=Housing&from=2017-06-01&to=2018-01-31"
    )
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=10)
    ticks = [t.text for t in dash_duo.find_elements("#journey-graph .ytick text")]
    assert any(t.startswith("Housing: 3 agencies") for t in ticks)
    low, high = _x_range(dash_duo)
    assert low.startswith("2017-06-01") and high.startswith("2018-01-31")
    dash_duo.select_dcc_dropdown("#journey-collapse", value="Justice")
    _until(dash_duo, lambda: "Justice" in dash_duo.driver.current_url)
    assert "collapse=Housing%2CJustice" in dash_duo.driver.current_url


def test_presenter_mode_steps_with_the_keyboard_and_hides_sensitive_events(dash_duo, demo_app):
    from selenium.webdriver.common.keys import Keys

    dash_duo.start_server(demo_app)
    dash_duo.driver.get(dash_duo.server_url + "/present/ahmed")
    dash_duo.wait_for_text_to_equal("#present-counter", "Step 1 of 72", timeout=10)
    body = dash_duo.find_element("body")
    body.send_keys(Keys.ARROW_RIGHT)
    dash_duo.wait_for_text_to_equal("#present-counter", "Step 2 of 72", timeout=10)
    body.send_keys(Keys.PAGE_DOWN)
    dash_duo.wait_for_text_to_equal("#present-counter", "Step 3 of 72", timeout=10)
    body.send_keys(Keys.ARROW_LEFT)
    dash_duo.wait_for_text_to_equal("#present-counter", "Step 2 of 72", timeout=10)
    dash_duo.find_element("#present-sensitive input").click()
    dash_duo.wait_for_text_to_equal("#present-counter", "Step 1 of 74", timeout=10)
    assert dash_duo.get_logs() == []


CALLBACKS_JS = """
return performance.getEntriesByType('resource')
    .filter(e => e.name.includes('/_dash-update-component')).length;
"""


def test_a_zoom_is_kept_in_the_address_and_drawing_alone_asks_nothing(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(dash_duo.server_url + "/journeys/coventry-couple")
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=15)
    threading.Event().wait(2.5)  # the chart has reported its first drawing ("autosize")
    # the page, and one that remembers the view (Dash runs it as it inserts the page's zoom
    # store); none for the cycle zoom, none for the drawing (4 before)
    assert dash_duo.driver.execute_script(CALLBACKS_JS) == 2
    assert "from=" not in dash_duo.driver.current_url
    dash_duo.driver.execute_script(
        "Plotly.relayout(document.querySelector('#journey-graph .js-plotly-plot'),"
        " {'xaxis.range': ['2016-03-01', '2016-09-30']})"
    )
    _until(dash_duo, lambda: "from=2016-03-01" in dash_duo.driver.current_url)
    assert "to=2016-09-30" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_hovering_an_event_names_its_sector_agency_date_and_people(dash_duo, demo_app) -> None:
    """The hover template reads the sector from the trace's name and a day-dated point's date
    from its own x, so neither is sent per point; what the reader sees is unchanged."""
    dash_duo.start_server(demo_app)
    dash_duo.driver.get(dash_duo.server_url + "/journeys/lucy")
    dash_duo.wait_for_element("#journey-graph .main-svg", timeout=10)
    found = dash_duo.driver.execute_script(
        """
        const gd = document.querySelector('#journey-graph .js-plotly-plot');
        const curve = gd.data.findIndex(
            t => (t.meta || {}).role === 'points' && String(t.hovertemplate).includes('%{x|'));
        Plotly.Fx.hover(gd, [{curveNumber: curve, pointNumber: 0}]);
        const t = gd.data[curve];
        return {sector: t.meta.sector, row: t.customdata[0], x: t.x[0]};
        """
    )
    _until(dash_duo, lambda: dash_duo.find_elements("#journey-graph .hoverlayer .hovertext"))
    text = dash_duo.find_element("#journey-graph .hoverlayer .hovertext").text
    title, agency, kind, people = found["row"]
    year, month, day = (int(part) for part in found["x"].split("-"))
    assert f"{agency} ({found['sector']})" in text and f"· {kind}" in text
    assert f"People: {people}" in text and title in text
    assert f"{day} " in text and str(year) in text and "%{" not in text
    assert dash_duo.get_logs() == []
