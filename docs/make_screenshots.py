"""Take the facilitator guide's screenshots: every page at 1280x720 and 1024x768.

    .venv/bin/python docs/make_screenshots.py        # writes docs/screenshots/*.png

Uses a throwaway database with the illustrative demo case studies, a missed-opportunity mark
added for the guide and a 3,000-person synthetic cohort, and Debian's chromium and chromedriver
(as the browser tests do).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

from app import create_app
from schemas import Journey, Provenance, ReviewProposal
from synthetic import generate_cohort
from timeline.cohorts.detect import detect_cycles
from timeline.coreview import decide, propose
from timeline.service import Services, open_services
from timeline.settings import Settings

OUT = Path(__file__).parent / "screenshots"
SIZES = ((1280, 720), (1024, 768))
PAGES = {  # file name: path
    "journeys": "/",
    "journey": "/journeys/coventry-couple",
    "journey-filtered": "/journeys/coventry-couple?people=Jo&sectors=Housing,Health,Money",
    "present": "/present/coventry-couple?step=34",
    "present-by-month": "/present/coventry-couple?step=6&by=month",
    "present-high-contrast": "/present/lucy?step=20&contrast=1",
    "compare": "/compare?a=lucy&b=ahmed",
    "edit": "/edit/lucy",
    "import": "/import",
    "cohorts": "/cohorts",
    "explorer": "/cohorts/demo-city?compare=coordinated:no",
    "cohort-person": "/cohorts/demo-city/people/7?from=sector:Money",  # a list of everyone
    "review": "/review/lucy-review",
    "co-review": "/journeys/lucy-review/review",
    "journey-reviewed": "/journeys/lucy-review",
}


def add_reviewed_copy(services: Services) -> None:
    """An anonymised copy of Lucy, reviewed: words and a strength accepted, two proposals open."""
    lucy = services.load_journey("lucy")
    copy = lucy.model_copy(
        update={
            "key": "lucy-review",
            "title": "Lucy (anonymised copy, in co-review)",
            "provenance": Provenance.ANONYMISED,
        }
    )
    services.save_journeys([Journey.model_validate(copy.model_dump())])
    events = sorted(lucy.events, key=lambda e: e.start)
    sent = [
        ReviewProposal(
            kind="in_my_words",
            event_id=events[3].id,
            text="Nobody asked me why I kept missing appointments. I had no phone and no address.",
            paraphrased=True,
        ),
        ReviewProposal(
            kind="strength",
            start=events[20].start,
            end=events[20].start + dt.timedelta(days=120),
            text="Four months without a crisis",
        ),
        ReviewProposal(
            kind="correction",
            event_id=events[5].id,
            corrected_title="Asked to move to a different hostel",
            text="I wasn't evicted, I asked to move.",
        ),
        ReviewProposal(kind="hide", event_id=events[8].id, text="I don't want this one shown."),
    ]
    items = [propose(services, "lucy-review", p) for p in sent]
    for item in items[:2]:
        decide(services, "lucy-review", item.id, accept=True, note="Thank you, added.")
    services.record_consent(
        "lucy-review", given_by="the person, with their worker", audiences=["workshop"]
    )


# explorer sections below the fold, each scrolled to (drawn when seen) and photographed
SECTIONS = ("repeat-demand", "costs-by-sector", "before-after", "where")


def shoot_sections(driver: webdriver.Chrome, size: str) -> None:
    """Scroll the explorer to each of SECTIONS, let it draw, and photograph it."""
    for chart in SECTIONS:
        driver.execute_script(
            "document.querySelector(`[data-chart='${arguments[0]}']`)"
            ".scrollIntoView({block: 'start'})",
            chart,
        )
        time.sleep(5)  # drawn when seen: one request, then the browser draws it
        driver.save_screenshot(str(OUT / f"explorer-{chart}-{size}.png"))


def main() -> None:
    """Serve the demo on a free port, then photograph each page at each size."""
    database = Path(tempfile.mkdtemp()) / "screenshots.db"
    settings = Settings(database_url=f"sqlite:///{database}", load_demo=True)
    app = create_app(settings)
    services = open_services(settings)
    coventry = services.load_journey("coventry-couple")
    eviction = min(
        (e for e in coventry.events if e.kind.value == "eviction"), key=lambda e: e.start
    )
    services.mark_missed_opportunity(
        "coventry-couple", eviction.id, "The arrears were known for months before the eviction."
    )
    cohort = generate_cohort(
        3000,
        20261123,
        name="demo-city",
        coordinated_from=dt.date(2022, 1, 1),
        coordinated_share=0.5,
    )
    services.save_cohort(detect_cycles(cohort))
    add_reviewed_copy(services)
    server = make_server("127.0.0.1", 0, app.server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    options = webdriver.ChromeOptions()
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars",
    ):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    OUT.mkdir(exist_ok=True)
    try:
        for width, height in SIZES:
            driver.set_window_size(width, height)
            for name, path in PAGES.items():
                driver.get(base + path)
                time.sleep(4)  # let the callbacks draw the chart
                driver.save_screenshot(str(OUT / f"{name}-{width}x{height}.png"))
                if name == "explorer" and width == SIZES[0][0]:
                    shoot_sections(driver, f"{width}x{height}")
    finally:
        driver.quit()
        server.shutdown()
    print(f"wrote {len(SIZES) * len(PAGES)} screenshots to {OUT}")


if __name__ == "__main__":
    main()
