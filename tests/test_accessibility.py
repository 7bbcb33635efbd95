"""WCAG 2.2 AA: axe-core, run in headless Chromium over every page, finds nothing serious.

`make test` installs axe-core from the npm registry into .cache/axe; TOUCHPOINTS_AXE_JS may point
at another axe.min.js. Without it these tests skip, unless TOUCHPOINTS_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from schemas import Journey, Provenance, ReviewProposal
from tests.cohort_fixtures import store_generated_cohort
from tests.conftest import REQUIRE_BROWSER, copy_sqlite
from timeline.accounts import Accounts
from timeline.coreview import decide, propose
from timeline.demo import demo_journeys
from timeline.service import open_services
from timeline.settings import Settings

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = Path(
    os.environ.get("TOUCHPOINTS_AXE_JS")
    or ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
)
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
BLOCKING = {"serious", "critical"}
# Third-party markup that cannot be fixed from outside. Each entry says why; keep this short.
AXE_EXCLUDE: list[list[str]] = []


@dataclass(frozen=True)
class Page:
    """A page to check: where it is, what shows it has rendered, and how to get it there."""

    path: str
    heading: str
    graph: str | None = None  # a plotly graph's id, when the page has one
    next_presses: int = 0  # presenter steps to take before checking


# Add new pages here (e.g. "/edit/<key>", "/compare?...") and every check below covers them.
PAGES = [
    pytest.param(Page("/", "Journeys"), id="journeys"),
    pytest.param(Page("/import", "Import a case study"), id="import"),
    pytest.param(
        Page("/journeys/coventry-couple", "Coventry", graph="journey-graph"), id="journey-coventry"
    ),
    pytest.param(Page("/journeys/lucy", "Lucy", graph="journey-graph"), id="journey-lucy"),
    pytest.param(
        Page("/present/coventry-couple", "Coventry", graph="present-graph"), id="present-start"
    ),
    pytest.param(
        Page("/present/coventry-couple", "Coventry", graph="present-graph", next_presses=4),
        id="present-step-5",
    ),
    pytest.param(
        Page("/present/lucy?contrast=1", "Lucy", graph="present-graph", next_presses=3),
        id="present-high-contrast",
    ),
    pytest.param(
        Page(
            "/present/coventry-couple?by=month", "Coventry", graph="present-graph", next_presses=2
        ),
        id="present-by-month",
    ),
    pytest.param(Page("/journeys/no-such", "Not found"), id="not-found"),
    pytest.param(Page("/cohorts", "Cohorts"), id="cohorts"),
    pytest.param(
        Page("/cohorts/axe?compare=coordinated:no", "Cohort axe", graph="explorer-results"),
        id="explorer-compare",
    ),
    pytest.param(
        Page(  # everyone in the generated cohort has a Money contact: a list of 120
            "/cohorts/axe/people/1?from=sector:Money",
            "synthetic person 1",
            graph="cohort-person-graph",
        ),
        id="cohort-person",
    ),
    pytest.param(
        Page("/cohorts/axe/people/1", "This person's page is not shown"),
        id="cohort-person-refused",
    ),
    pytest.param(Page("/edit/lucy", "Edit: Lucy"), id="editor"),
    pytest.param(Page("/journeys/lucy/history", "History of lucy"), id="history"),
    pytest.param(Page("/compare", "Compare two journeys"), id="compare-empty"),
    pytest.param(
        Page(
            "/compare?a=lucy&b=ahmed&align_a=e005&align_b=e010", "Compare", graph="compare-graph-1"
        ),
        id="compare-aligned",
    ),
    pytest.param(
        Page("/journeys/lucy-anon", "Lucy (anonymised)", graph="journey-graph"),
        id="journey-consent-form",
    ),
    pytest.param(
        Page("/review/lucy-anon", "Reviewing: Lucy", graph="review-graph"), id="review-view"
    ),
    pytest.param(Page("/journeys/lucy-anon/review", "Co-review: Lucy"), id="co-review"),
]
SMALL_SCREEN_PAGES = [
    p
    for p in PAGES
    if p.id in {"journey-coventry", "journey-lucy", "present-step-5", "present-high-contrast"}
]


@pytest.fixture(scope="module")
def axe_source() -> str:
    """The text of axe.min.js; skip (or fail in CI) when it has not been installed."""
    if AXE_JS.is_file():
        return AXE_JS.read_text(encoding="utf-8")
    message = (
        f"axe-core is not installed at {AXE_JS}: run `make test`, or "
        "`npm install --no-save --prefix .cache/axe axe-core@4`, or set TOUCHPOINTS_AXE_JS"
    )
    if REQUIRE_BROWSER:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pages' data, stored once for this module (each test gets a copy)."""
    path = tmp_path_factory.mktemp("axe") / "app.db"
    settings = Settings(database_url=f"sqlite:///{path}", load_demo=True)
    store_generated_cohort(settings, "axe", 120, 3, coordinated_share=0.5)  # for /cohorts pages
    store_reviewed_copy(settings)  # for the consent form and co-review pages
    return path


@pytest.fixture
def demo_app(tmp_path: Path, demo_database: Path):
    copy_sqlite(demo_database, tmp_path / "app.db")
    return create_app(Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", load_demo=True))


def store_reviewed_copy(settings: Settings) -> None:
    """The demo journeys, and an anonymised copy of Lucy with one proposal waiting and one
    accepted."""
    services = open_services(settings)
    services.load_demo()  # create_app loads them only into an empty database
    lucy = next(j for j in demo_journeys() if j.key == "lucy")
    copy = lucy.model_copy(
        update={
            "key": "lucy-anon",
            "title": "Lucy (anonymised)",
            "provenance": Provenance.ANONYMISED,
        }
    )
    services.save_journeys([Journey.model_validate(copy.model_dump())])
    first, second = (e.id for e in lucy.events[:2])
    words = ReviewProposal(kind="in_my_words", event_id=first, text="Nobody asked me why.")
    accepted = propose(services, "lucy-anon", words)
    propose(services, "lucy-anon", ReviewProposal(kind="hide", event_id=second))
    decide(services, "lucy-anon", accepted.id, accept=True, note="Thank you.")
    comment = ReviewProposal(kind="comment", event_id=second, text="That was a hard week.")
    decide(services, "lucy-anon", propose(services, "lucy-anon", comment).id, accept=True)
    accounts = Accounts(services.sessions)
    accounts.add_user("rita", "reviewer", "correct horse battery staple", created_by="axe")
    accounts.share("lucy-anon", "rita", by="axe")  # the Co-review page lists her


def test_axe_on_the_sign_in_page(dash_duo, tmp_path: Path, axe_source) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'app.db'}",
        load_demo=False,
        accounts=True,
        admin_password="correct horse battery staple",
    )
    dash_duo.start_server(create_app(settings), navigate=False)  # the Dash page asks to sign in
    dash_duo.driver.get(dash_duo.server.url.rstrip("/") + "/login")
    dash_duo.wait_for_text_to_equal("h1", "Sign in", timeout=10)
    violations = run_axe(dash_duo, axe_source)
    assert not [v for v in violations if v["impact"] in BLOCKING], describe_violations(violations)


def _until(dash_duo, condition, timeout: float = 10) -> None:
    wait = WebDriverWait(
        dash_duo.driver, timeout, ignored_exceptions=[StaleElementReferenceException]
    )
    wait.until(lambda _driver: condition())


def _counter(dash_duo) -> str:
    return dash_duo.find_element("#present-counter").text


def open_page(dash_duo, page: Page) -> None:
    """Load a page and wait until its heading, graph and callbacks have settled."""
    dash_duo.driver.get(dash_duo.server_url + page.path)
    dash_duo.wait_for_contains_text("h1", page.heading, timeout=10)
    if page.graph:
        dash_duo.wait_for_element(f"#{page.graph} .main-svg", timeout=10)
    for press in range(page.next_presses):
        _until(dash_duo, lambda: _counter(dash_duo).startswith(f"Step {press + 1} of"))
        dash_duo.find_element("#present-next").click()
    if page.next_presses:
        step = page.next_presses + 1
        _until(dash_duo, lambda: _counter(dash_duo).startswith(f"Step {step} of"))
    _until(dash_duo, dash_duo._wait_for_callbacks)


def run_axe(dash_duo, axe_source: str) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on the current page, with every <details> opened."""
    driver = dash_duo.driver
    driver.execute_script("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    _until(dash_duo, dash_duo._wait_for_callbacks)
    driver.execute_script(axe_source)
    driver.set_script_timeout(30)
    result = driver.execute_async_script(
        """
        var done = arguments[arguments.length - 1];
        var context = arguments[1].length ? {exclude: arguments[1]} : document;
        axe.run(context, {runOnly: {type: 'tag', values: arguments[0]}})
            .then(function(r) { done(r.violations); })
            .catch(function(e) { done({error: String(e)}); });
        """,
        list(AXE_TAGS),
        AXE_EXCLUDE,
    )
    if isinstance(result, dict):
        pytest.fail(f"axe.run failed: {result['error']}")
    return result


def describe_violations(violations: list[dict]) -> str:
    """One line per rule: id, impact, help and the first few offending selectors."""
    lines = []
    for v in violations:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:4]]
        more = f" (+{len(v['nodes']) - 4} more)" if len(v["nodes"]) > 4 else ""
        lines.append(f"{v['id']} [{v['impact']}] {v['help']}: {targets}{more}")
    return "\n".join(lines)


def assert_no_serious_violations(dash_duo, axe_source: str, page: Page) -> None:
    violations = [v for v in run_axe(dash_duo, axe_source) if v["impact"] in BLOCKING]
    if violations:
        pytest.fail(f"axe on {page.path}:\n" + describe_violations(violations), pytrace=False)


@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_serious_violation(dash_duo, demo_app, axe_source, page: Page) -> None:
    dash_duo.start_server(demo_app)
    open_page(dash_duo, page)
    assert_no_serious_violations(dash_duo, axe_source, page)


@pytest.mark.parametrize("page", SMALL_SCREEN_PAGES)
def test_axe_at_1024_by_768(dash_duo, demo_app, axe_source, page: Page) -> None:
    dash_duo.start_server(demo_app)
    dash_duo.driver.set_window_size(1024, 768)
    open_page(dash_duo, page)
    assert_no_serious_violations(dash_duo, axe_source, page)


def _tab_stops(dash_duo, presses: int) -> list[dict]:
    """Press Tab from the top of the page; for each stop, its name and whether focus shows."""
    driver = dash_duo.driver
    driver.execute_script("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    _until(dash_duo, dash_duo._wait_for_callbacks)
    driver.execute_script("document.activeElement && document.activeElement.blur()")
    dash_duo.find_element("body").send_keys(Keys.TAB)
    stops = []
    for _ in range(presses):
        stops.append(
            driver.execute_script(
                """
                var el = document.activeElement;
                // Dash 4 rings an input's container, not the input itself
                var ringed = el.closest('.dash-input-container, .dash-datepicker-input-wrapper')
                    || el;
                var style = getComputedStyle(ringed);
                var shown = true;
                for (var up = el; up && up !== document.body; up = up.parentElement) {
                    if (parseFloat(getComputedStyle(up).opacity) < 0.5) { shown = false; }
                }
                var label = el.getAttribute('aria-label')
                    || (el.labels && el.labels.length ? el.labels[0].textContent : '');
                return {
                    id: el.id || '', label: label.trim(), body: el === document.body,
                    text: (el.textContent || '').trim().slice(0, 200),
                    focus: shown && style.outlineStyle !== 'none'
                        && parseFloat(style.outlineWidth) >= 2
                };
                """
            )
        )
        if stops[-1]["body"]:
            break  # past the last control
        driver.switch_to.active_element.send_keys(Keys.TAB)
    return stops


def assert_tab_reaches(stops: list[dict], wanted: list[str]) -> None:
    """Each wanted control (an id, label or text) is a tab stop; every stop shows its focus."""

    def stop_for(want: str) -> dict | None:
        return next((s for s in stops if want in (s["id"], s["label"], s["text"])), None)

    names = [s["id"] or s["label"] or s["text"] for s in stops]
    missing = [w for w in wanted if stop_for(w) is None]
    assert not missing, f"Tab never reached {missing}; it stopped at {names}"
    unseen = {n for s, n in zip(stops, names, strict=True) if not (s["focus"] or s["body"])}
    assert not unseen, f"no visible focus on {sorted(unseen)}"


def test_tab_reaches_every_journey_control_with_a_visible_focus(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    open_page(dash_duo, Page("/journeys/lucy", "Lucy", graph="journey-graph"))
    stops = _tab_stops(dash_duo, 120)
    assert_tab_reaches(
        stops,
        [
            "Skip to content",
            "Zoom in",
            "Reset axes",
            "journey-collapse",
            "journey-align",
            "journey-show-all",
            "Present ▶",
            "PNG",
            "SVG",
            "PDF",
            "HTML",
            "Rule thresholds for this view",
        ],
    )
    cycles = {s["id"] for s in stops if s["text"].startswith(("eviction cycle", "custody cycle"))}
    assert len(cycles) == 2


def test_dropdowns_open_and_choose_from_the_keyboard(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    open_page(dash_duo, Page("/journeys/coventry-couple", "Coventry", graph="journey-graph"))
    collapse = dash_duo.find_element("#journey-collapse")
    assert collapse.get_attribute("tabindex") == "0"
    name = dash_duo.driver.execute_script(
        "return arguments[0].getAttribute('aria-labelledby').split(' ')"
        ".map(id => document.getElementById(id)).filter(Boolean)"
        ".map(el => el.textContent).join(' ')",
        collapse,
    )
    assert name.startswith("Collapse sectors")
    dash_duo.driver.execute_script("arguments[0].focus()", collapse)
    collapse.send_keys(Keys.ENTER)
    dash_duo.wait_for_element(".dash-dropdown-options", timeout=5)

    def focused(selector: str) -> bool:
        return dash_duo.driver.execute_script(
            "return document.activeElement.matches(arguments[0])", selector
        )

    _until(dash_duo, lambda: focused(".dash-dropdown-search"))
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    _until(dash_duo, lambda: focused("input[type=checkbox][value=Housing]"))
    dash_duo.driver.switch_to.active_element.send_keys(Keys.SPACE)
    _until(
        dash_duo,
        lambda: any(
            "Housing: 8 agencies" in t.text
            for t in dash_duo.find_elements("#journey-graph .ytick text")
        ),
    )
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    _until(dash_duo, lambda: not dash_duo.find_elements(".dash-dropdown-options"))


def test_tab_reaches_the_presenter_buttons_with_a_visible_focus(dash_duo, demo_app) -> None:
    dash_duo.start_server(demo_app)
    open_page(dash_duo, Page("/present/coventry-couple", "Coventry", graph="present-graph"))
    stops = _tab_stops(dash_duo, 40)
    assert_tab_reaches(
        stops,
        [
            "Show sensitive events (choose before you start)",
            "present-fullscreen",
            "Leave presenter mode",
            "present-prev",
            "present-next",
        ],
    )
