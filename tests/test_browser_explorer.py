"""The commissioner explorer end to end in headless Chromium, on generated, stored cohorts:
choose a cohort, filter, click a bar to list the people behind it, open one person's swimlane."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from tests.cohort_fixtures import store_generated_cohort
from tests.conftest import copy_sqlite
from timeline.pages.explorer.view import CohortCatalog
from timeline.service import open_services
from timeline.settings import Settings

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def explorer_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cohorts, stored once for this module (each test gets a copy)."""
    path = tmp_path_factory.mktemp("explorer") / "app.db"
    settings = Settings(database_url=f"sqlite:///{path}", load_demo=False)
    # "city": 300 at any one time, half with coordinated support from 2023; "town": 200, none
    store_generated_cohort(settings, "city", 300, 7, coordinated_share=0.5)
    store_generated_cohort(settings, "town", 200, 11)
    return path


@pytest.fixture
def explorer_app(tmp_path: Path, explorer_database: Path):
    copy_sqlite(explorer_database, tmp_path / "app.db")
    return create_app(Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=False))


def _until(dash_duo, condition, timeout: float = 10) -> None:
    wait = WebDriverWait(
        dash_duo.driver, timeout, ignored_exceptions=[StaleElementReferenceException]
    )
    wait.until(lambda _driver: condition())


def _status(dash_duo) -> str:
    return dash_duo.find_element("#explorer-status").text


def _show(dash_duo, chart: str, timeout: float = 20) -> None:
    """Scroll to a chart's section (drawn when scrolled to) and wait until it is drawn."""
    section = dash_duo.find_element(f"[data-chart='{chart}']")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", section)
    dash_duo.wait_for_element(f"[data-chart='{chart}'] .main-svg", timeout=timeout)


def _tallest_bar(dash_duo, chart: str):
    bars = dash_duo.find_elements(f"[data-chart='{chart}'] .bars .point path")
    return max(bars, key=lambda bar: bar.size["height"])


def test_filter_drill_down_and_swimlane(dash_duo, explorer_app) -> None:
    dash_duo.start_server(explorer_app)
    dash_duo.driver.get(dash_duo.server_url + "/cohorts")
    dash_duo.wait_for_text_to_equal("h1", "Cohorts", timeout=10)
    rows = dash_duo.find_elements("#cohorts-table tbody tr")
    assert [r.get_attribute("data-cohort") for r in rows] == ["city", "town"]
    assert rows[0].find_element("css selector", ".badge").text == "synthetic"

    dash_duo.find_element("tr[data-cohort='city'] a").click()
    dash_duo.wait_for_text_to_equal("h1", "Cohort city", timeout=15)
    dash_duo.wait_for_element("[data-chart='events-per-person'] .main-svg", timeout=10)
    everyone = _status(dash_duo)
    assert everyone.startswith("Showing everyone: ")
    assert " people in the group at some time from 1 Jan 2020 to 31 Dec 2024 (about " in everyone
    in_all = int(everyone.split(": ")[1].split(" ")[0].replace(",", ""))
    at_once = int(everyone.split("(about ")[1].split(" ")[0].replace(",", ""))
    assert everyone.endswith(" at any one time).")
    assert in_all > 300 and abs(at_once - 300) <= 30  # made for 300 in the group at any one time

    # filter: people with homelessness among their needs
    dash_duo.find_elements("#explorer-needs input")[0].click()
    _until(dash_duo, lambda: _status(dash_duo).startswith("Showing with homelessness"))
    _until(dash_duo, lambda: "needs=homelessness" in dash_duo.driver.current_url)
    kept = int(_status(dash_duo).split(": ")[1].split(" ")[0].replace(",", ""))
    assert 5 <= kept < in_all

    # drill down from the tallest bar of events per person
    _until(dash_duo, lambda: _tallest_bar(dash_duo, "events-per-person").size["height"] > 20)
    ActionChains(dash_duo.driver).move_to_element(
        _tallest_bar(dash_duo, "events-per-person")
    ).click().perform()
    dash_duo.wait_for_element("#explorer-drill-table", timeout=20)
    heading = dash_duo.find_element("#explorer-drill h2").text
    assert heading.startswith("People with ") and "with homelessness" in heading
    shown = int(heading.rsplit(": ", 1)[1].replace(",", ""))
    rows = dash_duo.find_elements("#explorer-drill-table tbody tr")
    assert len(rows) == min(shown, 100) and shown <= kept
    headings = [h.text for h in dash_duo.find_elements("#explorer-drill-table thead th")]
    needs_listed = "needs" in headings  # left out when a value is held by 1-4 people here
    assert all("homelessness" in r.text for r in rows) or not needs_listed
    link = rows[0].find_element("css selector", "a")
    assert "needs=homelessness" in link.get_attribute("href")
    assert "from=events-bin" in link.get_attribute("href")  # the link names its list

    # and on to that synthetic person's swimlane, with what the list showed
    person = rows[0].get_attribute("data-person")
    link.click()
    dash_duo.wait_for_element("#cohort-person-graph .main-svg", timeout=10)
    assert f"synthetic person {person} of cohort city" in dash_duo.find_element("h1").text
    summary = dash_duo.find_element("#cohort-person-summary").text
    assert ("homelessness" in summary) == needs_listed
    assert dash_duo.find_elements("#cohort-person-graph .ytick text")

    # the same person's address typed without its list is refused
    dash_duo.driver.get(f"{dash_duo.server_url}/cohorts/city/people/{person}")
    dash_duo.wait_for_text_to_equal("h1", "This person's page is not shown", timeout=10)
    assert not dash_duo.find_elements("#cohort-person-graph")
    assert dash_duo.get_logs() == []


def test_compare_with_another_cohort_from_the_url(dash_duo, explorer_app) -> None:
    dash_duo.start_server(explorer_app)
    dash_duo.driver.get(dash_duo.server_url + "/cohorts/city?gender=man&compare=cohort:town")
    dash_duo.wait_for_text_to_equal("h1", "Cohort city", timeout=15)
    dash_duo.wait_for_element("#explorer-headline", timeout=10)
    for chart in ("paths", "sector-months", "cycles"):
        _show(dash_duo, chart)
    assert "Compared with town: gender man" in _status(dash_duo)
    headline = dash_duo.find_element("#explorer-headline").text
    assert "city: gender man" in headline and "town: gender man" in headline
    assert len(dash_duo.find_elements("[data-chart='sector-months'] .js-plotly-plot")) == 2
    assert len(dash_duo.find_elements("[data-chart='cycles'] .barlayer .trace")) == 2  # grouped
    assert dash_duo.get_logs() == []


def test_a_cohort_says_it_is_opening_until_its_page_is_drawn(
    dash_duo, explorer_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reading a cohort waits here until the test lets it go: a city cohort's seconds, held.
    copy_sqlite(explorer_database, tmp_path / "app.db")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=False)
    opened = open_services(settings)
    people = next(i.people for i in opened.list_cohorts() if i.name == "town")
    opened.sessions.kw["bind"].dispose()
    gate = threading.Event()

    def held(cls, services):  # noqa: ANN001, ANN202
        def load(name: str):  # noqa: ANN202
            gate.wait(60)
            return services.load_cohort(name)

        return cls(services.list_cohorts, load)

    monkeypatch.setattr(CohortCatalog, "from_services", classmethod(held))
    try:
        dash_duo.start_server(create_app(settings))
        dash_duo.driver.get(dash_duo.server_url + "/cohorts/town")
        dash_duo.wait_for_element("#explorer-opening-status", timeout=15)
        status = dash_duo.find_element("#explorer-opening-status")
        assert status.get_attribute("role") == "status"
        assert status.text == (
            f"Opening cohort town ({people:,} people)… "
            "this can take a few seconds for a large cohort."
        )
        assert dash_duo.find_element("h1").text == "Cohort town"
        assert not dash_duo.find_elements("#explorer-status")
        gate.set()
        dash_duo.wait_for_element("[data-chart='events-per-person'] .main-svg", timeout=15)
        assert not dash_duo.find_elements("#explorer-opening-status")
        assert _status(dash_duo).startswith(f"Showing everyone: {people:,} people in the group")
        assert [h.text for h in dash_duo.find_elements("h1")] == ["Cohort town"]
        assert dash_duo.get_logs() == []
    finally:
        gate.set()


CALLBACKS_JS = """
return performance.getEntriesByType('resource')
    .filter(e => e.name.includes('/_dash-update-component')).length;
"""


def test_an_open_cohort_is_drawn_once(dash_duo, explorer_app) -> None:
    """Opening the explorer asks the server once (the page itself): the charts are not drawn,
    then drawn again by the redraw callback, as they were when the address was its output.
    Sections below the fold are drawn when scrolled to, with one request for those shown
    together; a filter change is one request, drawing the sections in the window with it."""
    dash_duo.start_server(explorer_app)
    url = dash_duo.server_url + "/cohorts/city?needs=homelessness"
    for _visit in range(2):  # the second visit finds the cohort open
        dash_duo.driver.get(url)
        dash_duo.wait_for_element("[data-chart='events-per-person'] .main-svg", timeout=15)
    _until(dash_duo, lambda: _status(dash_duo).startswith("Showing with homelessness"))
    seen = dash_duo.driver.execute_script(CALLBACKS_JS)
    threading.Event().wait(1.5)  # time for a late redraw to be asked for
    assert dash_duo.driver.execute_script(CALLBACKS_JS) == seen == 1
    assert "needs=homelessness" in dash_duo.driver.current_url
    undrawn = "[data-drawn='no'] .section-placeholder"
    later = len(dash_duo.find_elements(undrawn))
    assert later >= 5 and not dash_duo.find_elements("[data-chart='paths'] .main-svg")

    _show(dash_duo, "paths")  # scrolled to: drawn, with its neighbours near the window
    threading.Event().wait(1.5)
    asked = dash_duo.driver.execute_script(CALLBACKS_JS) - seen
    drawn = later - len(dash_duo.find_elements(undrawn))
    assert 1 <= asked <= drawn and drawn < later  # not every section
    assert dash_duo.find_element("#explorer-table-paths").tag_name == "div"  # one Markdown
    assert dash_duo.find_elements("#explorer-table-paths table th")

    seen = dash_duo.driver.execute_script(CALLBACKS_JS)
    box = dash_duo.find_elements("#explorer-needs input")[1]
    dash_duo.driver.execute_script("arguments[0].click()", box)  # a change, the window kept
    _until(dash_duo, lambda: "substance" in _status(dash_duo))
    _until(
        dash_duo,
        lambda: (
            "needs=homelessness%2Csubstance_use" in dash_duo.driver.current_url
            or "needs=homelessness,substance_use" in dash_duo.driver.current_url
        ),
    )
    dash_duo.wait_for_element("[data-chart='paths'] .main-svg", timeout=15)  # in the window
    threading.Event().wait(1.5)
    assert dash_duo.driver.execute_script(CALLBACKS_JS) - seen == 1  # with the change itself
    assert dash_duo.get_logs() == []


def _tallest_point(dash_duo, chart: str):
    """The highest drawn point (not a suppressed placeholder) of a line chart."""
    points = [
        p
        for p in dash_duo.find_elements(f"[data-chart='{chart}'] .scatterlayer .points path")
        if p.size["height"] > 0
    ]
    return min(points, key=lambda point: point.location["y"])


def test_repeat_demand_point_to_its_people_to_one_swimlane(dash_duo, explorer_app) -> None:
    dash_duo.start_server(explorer_app)
    dash_duo.driver.get(dash_duo.server_url + "/cohorts/city?repeat=2")
    dash_duo.wait_for_element("#explorer-headline", timeout=20)
    _show(dash_duo, "repeat-demand")
    threshold = dash_duo.find_element("#explorer-repeat")
    assert threshold.get_attribute("value") == "2"
    sentence = dash_duo.find_element("#explorer-sentence-repeat-demand").text
    assert sentence.startswith("The busiest: ") and "2 or more contacts each" in sentence
    busiest = int(sentence.split(", when ")[1].split(" people")[0].replace(",", ""))

    # the busiest sector-month's point lists the people behind it
    point = _tallest_point(dash_duo, "repeat-demand")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", point)
    threading.Event().wait(1.5)  # the sections around it drawn (room was kept for them)
    point = _tallest_point(dash_duo, "repeat-demand")
    ActionChains(dash_duo.driver).move_to_element(point).click().perform()
    dash_duo.wait_for_element("#explorer-drill-table", timeout=20)
    heading = dash_duo.find_element("#explorer-drill h2").text
    assert heading.startswith("People with 2 or more ") and " contacts in " in heading
    assert int(heading.rsplit(": ", 1)[1].replace(",", "")) == busiest
    rows = dash_duo.find_elements("#explorer-drill-table tbody tr")
    assert len(rows) == min(busiest, 100)
    # and the same month by agency of the sector: who the repeat contacts went to
    agencies = dash_duo.find_elements("#explorer-drill-agencies tbody tr")
    assert agencies and all(row.find_element("css selector", "th").text for row in agencies)
    link = rows[0].find_element("css selector", "a")
    assert "from=repeat-month" in link.get_attribute("href")
    person = rows[0].get_attribute("data-person")
    link.click()
    dash_duo.wait_for_element("#cohort-person-graph .main-svg", timeout=10)
    assert f"synthetic person {person} of cohort city" in dash_duo.find_element("h1").text

    # a threshold out of range is said, and the default drawn
    dash_duo.driver.back()
    dash_duo.wait_for_element("#explorer-headline", timeout=20)
    _show(dash_duo, "repeat-demand")
    box = dash_duo.find_element("#explorer-repeat")
    box.clear()
    box.send_keys("60\n")
    _until(
        dash_duo, lambda: "from 2 to 50" in dash_duo.find_element("#explorer-repeat-message").text
    )
    _show(dash_duo, "repeat-demand")  # the box is at the top: its section drawn when shown
    _until(
        dash_duo,
        lambda: (
            "5 or more" in dash_duo.find_element("#explorer-sentence-repeat-demand").text
            or "Nobody here made 5"
            in dash_duo.find_element("#explorer-sentence-repeat-demand").text
        ),
    )
    assert dash_duo.get_logs() == []


def _headline_people(dash_duo) -> str:
    rows = dash_duo.find_elements("#explorer-headline tbody tr")
    return (
        next(r for r in rows if r.text.startswith("People "))
        .find_element("css selector", "td")
        .text
    )


def test_an_upset_bar_filters_the_explorer_to_its_combination(dash_duo, explorer_app) -> None:
    dash_duo.start_server(explorer_app)
    dash_duo.driver.get(dash_duo.server_url + "/cohorts/city")
    chart = "[data-chart='needs-combinations']"
    dash_duo.wait_for_element("#explorer-headline", timeout=20)
    _show(dash_duo, "needs-combinations")
    sentence = dash_duo.find_element("#explorer-sentence-needs-combinations").text
    assert sentence.startswith("The commonest combination: ")
    words, count = (
        sentence.removeprefix("The commonest combination: ").split(" people")[0].rsplit(", ", 1)
    )
    everyone = _status(dash_duo)

    # the tallest bar is the commonest combination; clicking it filters to exactly its needs
    bars = dash_duo.find_elements(f"{chart} .subplot.xy .barlayer .point path")
    tallest = max(bars, key=lambda bar: bar.size["height"])
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", tallest)
    ActionChains(dash_duo.driver).move_to_element(tallest).click().perform()
    _until(dash_duo, lambda: _status(dash_duo) != everyone)
    assert _status(dash_duo).startswith(f"Showing with {words.replace(', ', ' and ')}")
    assert f", and no other need: {count} people" in _status(dash_duo)
    _until(dash_duo, lambda: "needs_exactly=1" in dash_duo.driver.current_url)
    needs = [
        box.get_attribute("value")
        for box in dash_duo.find_elements("#explorer-needs input")
        if box.is_selected()
    ]
    assert len(needs) >= 1 and all(n in dash_duo.driver.current_url for n in needs)
    assert dash_duo.find_element("#explorer-needs-exact input").is_selected()
    assert _headline_people(dash_duo) == count

    # the chart now shows that one combination, and the address reopens the same view
    _until(dash_duo, lambda: len(dash_duo.find_elements(f"{chart} .subplot.xy .point path")) == 1)
    dash_duo.driver.get(dash_duo.driver.current_url)
    dash_duo.wait_for_element("#explorer-headline", timeout=20)
    _show(dash_duo, "needs-combinations")
    assert _headline_people(dash_duo) == count
    assert dash_duo.find_element("#explorer-needs-exact input").is_selected()
    assert dash_duo.get_logs() == []
