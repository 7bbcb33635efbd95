"""Time pages as a user sees them: headless Chromium until the page settles, beside the Coventry
journey page in the same run.

    .venv/bin/python bench/pages.py [--rounds 7] [--events N] [--only-journeys] [--webgl]
                                    [--angle-swiftshader]

A page has settled when its main element and every chart on it are drawn and no request has
started or finished for 500 ms; its time is from navigation start to the later of the end of the
last request (the last callback) and the moment every chart was first seen drawn (polled every
50 ms).
Pages are timed in turns, round after round, and each is reported as a median and as a ratio
to the Coventry journey page's median. Uses a throwaway SQLite database with the demo journeys
and a generated Coventry cohort (`synth --area coventry --seed 1`: 6,601 people at any one time,
17,615 in all) for the explorer, Debian's chromium and chromedriver, as the browser tests do.
`--events N` also stores bench/figures.py's synthetic two-person journey of N events (issue 15:
20,000 events, a decade of a busy journey, still usable in the browser) and times its page;
`--only-journeys` leaves out the other pages (and the cohort) for a quicker run; `--webgl` serves
with TOUCHPOINTS_WEBGL on (a journey of more than 5,000 point events drawn with WebGL; without
it, such a journey is an overview of weekly cells, and the run also times zooming it to three
months, drawn event by event, and back out). `--angle-swiftshader` runs Chromium's software WebGL
through ANGLE's SwiftShader backend, which on a machine without a GPU draws plotly's WebGL many
times faster than the backend Chromium picks by itself (docs/performance.md).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

from app import create_app
from synthetic import generate_cohort
from timeline.cohorts.detect import detect_cycles
from timeline.service import open_services
from timeline.settings import Settings

PORT = 8097
EXPLORER_DRAWN = "[data-chart='events-per-person'] .main-svg"
PAGES = {  # name: (path, the element that shows the page is drawn)
    "coventry journey (baseline)": ("/journeys/coventry-couple", "#journey-graph .main-svg"),
    "lucy journey (version store, missed panel)": ("/journeys/lucy", "#journey-graph .main-svg"),
    "editor (versioned)": ("/edit/lucy", ".ag-row"),
    "history (versioned restore)": ("/journeys/lucy/history", ".history-table"),
    "co-review page (versioned decide)": ("/journeys/lucy/review", "h1"),
    "presenter (audience rule)": ("/present/coventry-couple?step=34", ".main-svg"),
    "coventry filtered to one person": ("/journeys/coventry-couple?people=Jo", ".main-svg"),
    "import page (provenance question)": ("/import", "h1"),
    "explorer, coventry cohort": ("/cohorts/coventry", EXPLORER_DRAWN),
    "explorer filtered to homelessness": ("/cohorts/coventry?needs=homelessness", EXPLORER_DRAWN),
}
SETTLED_JS = """
const entries = performance.getEntriesByType('resource');
const last = Math.max(0, ...entries.map(e => e.responseEnd));
const graphs = document.querySelectorAll('.dash-graph');
const drawn = [...graphs].every(g => g.querySelector('.main-svg') !== null);
return [document.querySelector(arguments[0]) !== null && drawn, entries.length, last,
        entries.filter(e => e.responseEnd === 0).length, performance.now()];
"""


def browser(*extra: str) -> webdriver.Chrome:
    """Debian's headless Chromium at 1280 x 720, as the browser tests use it (plus `extra`
    flags)."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--window-size=1280,720",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--enable-unsafe-swiftshader",  # WebGL without a GPU: plotly's scattergl (big journeys)
        *extra,
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def time_page(driver: webdriver.Chrome, url: str, selector: str, seconds: float = 120) -> float:
    """Milliseconds from navigation start until the page settled."""
    driver.get(url)
    deadline = time.monotonic() + seconds
    seen, quiet_since, drawn_at = None, time.monotonic(), None
    while time.monotonic() < deadline:
        drawn, count, last, pending, now = driver.execute_script(SETTLED_JS, selector)
        if not drawn:
            drawn_at = None
        elif drawn_at is None:
            drawn_at = now  # when every chart on the page was first seen drawn
        if (count, last) != seen or pending:
            seen, quiet_since = (count, last), time.monotonic()
        elif drawn and time.monotonic() - quiet_since >= 0.5:
            return max(last, drawn_at)
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not settle in {seconds:.0f} s")


COUNT_MARKS_JS = """
const g = document.querySelector('#journey-graph .js-plotly-plot');
return g ? [g.querySelectorAll('.cartesianlayer .hm image').length,
            g.querySelectorAll('.cartesianlayer .point').length] : [0, 0];
"""


def time_zoom(driver: webdriver.Chrome, x_range: list | None, seconds: float = 60) -> float:
    """Milliseconds from a zoom of a busy journey's overview (as a drag does; None: zoom out, as
    a double-click does) until the chart shows events one by one (or cells again)."""
    update = (
        {"xaxis.range[0]": x_range[0], "xaxis.range[1]": x_range[1]}
        if x_range
        else {"xaxis.autorange": True}
    )
    start = time.monotonic()
    driver.execute_script(
        "Plotly.relayout(document.querySelector('#journey-graph .js-plotly-plot'), arguments[0]);",
        update,
    )
    while time.monotonic() - start < seconds:
        cells, points = driver.execute_script(COUNT_MARKS_JS)
        if (x_range and not cells and points) or (not x_range and cells):
            return (time.monotonic() - start) * 1000
        time.sleep(0.02)
    raise TimeoutError(f"the chart did not redraw in {seconds:.0f} s after zooming to {x_range}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--events", type=int, help="also time a synthetic journey of N events")
    parser.add_argument("--only-journeys", action="store_true", help="journey pages only")
    parser.add_argument("--webgl", action="store_true", help="serve with TOUCHPOINTS_WEBGL on")
    parser.add_argument(
        "--angle-swiftshader",
        action="store_true",
        help="Chromium's WebGL through ANGLE's SwiftShader (--use-angle=swiftshader)",
    )
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    rounds = args.rounds
    folder = tempfile.mkdtemp()
    settings = Settings(database_url=f"sqlite:///{folder}/bench.db", port=PORT, webgl=args.webgl)
    services = open_services(settings)
    services.load_demo()
    pages = dict(PAGES)
    if args.only_journeys:
        pages = {k: v for k, v in pages.items() if v[0].startswith("/journeys/")}
    else:
        cohort = generate_cohort(6601, 1, name="coventry", area="coventry")
        services.save_cohort(detect_cycles(cohort))
    if args.events:
        from figures import large_journey  # bench/figures.py, beside this script

        services.save_journeys([large_journey(args.events)])
        name = f"synthetic journey ({args.events:,} events)"
        pages[name] = ("/journeys/bench", "#journey-graph .main-svg")
    server = make_server("127.0.0.1", PORT, create_app(settings).server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = browser(*(["--use-angle=swiftshader"] if args.angle_swiftshader else []))
    times: dict[str, list[float]] = {name: [] for name in pages}
    zooms: dict[str, list[float]] = {"zoom in to 3 months": [], "zoom out": []}
    try:
        for path, selector in pages.values():  # one warm-up visit each
            time_page(driver, f"http://127.0.0.1:{PORT}{path}", selector)
        for _ in range(rounds):
            for name, (path, selector) in pages.items():
                times[name].append(time_page(driver, f"http://127.0.0.1:{PORT}{path}", selector))
        if args.events and not args.webgl:  # the overview of weekly cells, zoomed in and out
            time_page(driver, f"http://127.0.0.1:{PORT}/journeys/bench", "#journey-graph .main-svg")
            for _ in range(rounds):
                zooms["zoom in to 3 months"].append(time_zoom(driver, ["2017-03-01", "2017-06-01"]))
                zooms["zoom out"].append(time_zoom(driver, None))
    finally:
        driver.quit()
        server.shutdown()
    baseline = statistics.median(times["coventry journey (baseline)"])
    print(f"{'page':46} {'median ms':>10} {'x coventry':>10}   ({rounds} rounds, settled)")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:46} {median:10.0f} {median / baseline:10.2f}")
    for name, values in zooms.items():
        if values:
            print(f"20,000-event overview: {name:23} {statistics.median(values):10.0f}")


if __name__ == "__main__":
    main()
