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
from synthetic import generate_cohort
from timeline.cohorts.detect import detect_cycles
from timeline.service import open_services
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
    "cohort-person": "/cohorts/demo-city/people/7",
}


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
    finally:
        driver.quit()
        server.shutdown()
    print(f"wrote {len(SIZES) * len(PAGES)} screenshots to {OUT}")


if __name__ == "__main__":
    main()
