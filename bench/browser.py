"""A filter change in the explorer as a user sees it: headless Chromium until the page settles,
beside the Coventry journey page in the same run (issue 14, item 7).

    .venv/bin/python bench/browser.py [--people 100000] [--rounds 7]

Target: a filter change settles within 1.5 x the time the Coventry journey page takes to settle.

It stores the demo journeys and a generated cohort ("city", `--people` at any one time, seed
20261123, 30% with coordinated support from 2023) in a throwaway SQLite database, serves the app
from this process (threaded development server) and drives Debian's chromium and chromedriver,
as the browser tests do. Each round, in turn:

- **Coventry**: load /journeys/coventry-couple; settled when its chart is drawn and no request
  has started or finished for 500 ms (bench/pages.py's rule); the time is from navigation start
  to the later of the last request's end and the moment the chart was first seen drawn.
- **filter change**: on the explorer, already open on the cohort, tick the next need (each
  round a different one, so each is new to the server's caches) and time from the click to
  the later of the last request's end and the moment the status names the new filter and
  every chart in the window is drawn, with no request for 500 ms after.
- **filter change, scrolled**: the same with the window scrolled to the needs combinations
  (sections in the window are drawn in the same answer).

Reports medians, the ratio to Coventry's median, and the callback requests each took; writes
bench/results/browser.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import tempfile
import threading
import time
from pathlib import Path

from pages import browser  # bench/pages.py beside this script: the same Chromium
from selenium import webdriver
from werkzeug.serving import make_server

from app import create_app
from synthetic import generate_cohort
from timeline.cohorts import NEEDS
from timeline.cohorts.detect import detect_cycles
from timeline.service import open_services
from timeline.settings import Settings

PORT = 8098
RESULTS = Path(__file__).parent / "results" / "browser.json"
TARGET_RATIO = 1.5
COVENTRY = ("/journeys/coventry-couple", "#journey-graph .main-svg")
# [every chart in the window drawn, the status, resource entries, last response end, pending,
#  now, callback requests so far]
STATE_JS = """
const entries = performance.getEntriesByType('resource');
const last = Math.max(0, ...entries.map(e => e.responseEnd));
const inWindow = g => {
    const box = g.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
};
const graphs = [...document.querySelectorAll('.dash-graph')].filter(inWindow);
const drawn = graphs.every(g => g.querySelector('.main-svg') !== null)
    && [...document.querySelectorAll('.section-placeholder')].filter(inWindow).length === 0;
const status = document.querySelector('#explorer-status');
return [drawn, status ? status.textContent : '', entries.length, last,
        entries.filter(e => e.responseEnd === 0).length, performance.now(),
        entries.filter(e => e.name.includes('/_dash-update-component')).length];
"""


def settle(
    driver: webdriver.Chrome, ready: callable, since: float, callbacks_before: int = 0
) -> tuple[float, int]:
    """(ms from `since` (performance.now()) until settled, callback requests since there were
    `callbacks_before`)."""
    deadline = time.monotonic() + 60
    seen, quiet_since, drawn_at = None, time.monotonic(), None
    while time.monotonic() < deadline:
        drawn, status, count, last, pending, now, callbacks = driver.execute_script(STATE_JS)
        done = drawn and ready(status)
        if not done:
            drawn_at = None
        elif drawn_at is None:
            drawn_at = now
        if (count, last) != seen or pending:
            seen, quiet_since = (count, last), time.monotonic()
        elif done and time.monotonic() - quiet_since >= 0.5:
            return max(last, drawn_at) - since, callbacks - callbacks_before
        time.sleep(0.05)
    raise TimeoutError("the page did not settle in 60 s")


def load_page(driver: webdriver.Chrome, url: str, selector: str) -> float:
    """Milliseconds from navigation start until the page settled (bench/pages.py's rule)."""
    driver.get(url)
    return settle(
        driver,
        lambda _status: driver.execute_script(
            "return document.querySelector(arguments[0]) !== null", selector
        ),
        0,
    )[0]


def change_filter(driver: webdriver.Chrome, need: str, scroll_to: str | None) -> tuple[float, int]:
    """Tick `need` alone on the open explorer; (ms until settled, callback requests)."""
    if scroll_to:
        driver.execute_script(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", scroll_to
        )
        settle(driver, lambda _s: True, 0)  # what scrolling asked for, drawn first
    words = need.replace("_", " ")
    since, before = driver.execute_script(
        """
        const [need, boxes] = [arguments[0], document.querySelectorAll('#explorer-needs input')];
        boxes.forEach(b => { if (b.checked && b.value !== need) b.click(); });
        const before = performance.getEntriesByType('resource')
            .filter(e => e.name.includes('/_dash-update-component')).length;
        const started = performance.now();
        [...boxes].find(b => b.value === need).click();
        return [started, before];
        """,
        need,
    )
    return settle(driver, lambda status: f"with {words}" in status, since, before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    settings = Settings(database_url=f"sqlite:///{folder}/bench.db", port=PORT)
    services = open_services(settings)
    services.load_demo()
    started = time.perf_counter()
    cohort = generate_cohort(
        args.people,
        20261123,
        name="city",
        coordinated_from=dt.date(2023, 1, 1),
        coordinated_share=0.3,
    )
    services.save_cohort(detect_cycles(cohort))
    print(f"cohort of {args.people:,} stored in {time.perf_counter() - started:.0f} s")
    server = make_server("127.0.0.1", PORT, create_app(settings).server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{PORT}"
    driver = browser()
    times: dict[str, list[float]] = {"coventry": [], "filter": [], "filter, scrolled": []}
    requests: dict[str, list[int]] = {"filter": [], "filter, scrolled": []}
    needs = [n for _ in range(args.rounds + 1) for n in NEEDS]
    load = os.getloadavg()
    try:
        load_page(driver, base + COVENTRY[0], COVENTRY[1])  # warm-up visits
        load_page(driver, base + "/cohorts/city", "[data-chart='events-per-person'] .main-svg")
        change_filter(driver, needs.pop(), None)
        for _ in range(args.rounds):
            times["coventry"].append(load_page(driver, base + COVENTRY[0], COVENTRY[1]))
            for kind, scroll in (
                ("filter", None),
                ("filter, scrolled", "[data-chart='needs-combinations']"),
            ):
                load_page(driver, base + "/cohorts/city", "#explorer-status")
                took, asked = change_filter(driver, needs.pop(), scroll)
                times[kind].append(took)
                requests[kind].append(asked)
    finally:
        driver.quit()
        server.shutdown()
    coventry = statistics.median(times["coventry"])
    report = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "load_average_before": [round(x, 2) for x in load],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "people": args.people,
        "rounds": args.rounds,
        "target_ratio": TARGET_RATIO,
        "times_ms": {k: [round(v) for v in vs] for k, vs in times.items()},
        "medians_ms": {k: round(statistics.median(vs)) for k, vs in times.items()},
        "ratio_to_coventry": {
            k: round(statistics.median(vs) / coventry, 2) for k, vs in times.items()
        },
        "callback_requests": requests,
    }
    print(f"{'what':20} {'median ms':>10} {'x coventry':>10}   ({args.rounds} rounds)")
    for kind, values in times.items():
        median = statistics.median(values)
        print(f"{kind:20} {median:10.0f} {median / coventry:10.2f}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
