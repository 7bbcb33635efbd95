"""What accounts cost per request: the journey page and a journey callback with access checks,
against the same work with no checks, measured in the same run on the same database.

Run: .venv/bin/python bench/access.py [--runs 30] [--journeys 200]
No target is named for accounts (issue 6); the question is whether checking every journey use
case, and loading the signed-in account on every request, is noticeable next to drawing a page.

- baseline: render_page('/journeys/coventry-couple') through services with no viewer (no checks);
- local mode: the same through the web services (the local user: every check runs and passes);
- facilitator / commissioner: the same as a signed-in account (the commissioner's check also
  reads the journey's provenance and consent);
- reviewer home: the journey list as a reviewer with one shared journey among --journeys stored;
- facilitator / commissioner home: the whole list (a commissioner's counts are made from each
  journey as shown to them, so every journey is loaded);
- per request: Accounts.load_viewer (what Flask-Login's loader does on every request);
- sign-in: Accounts.authenticate with the right password (one Argon2id verification).
Results go to bench/results/access.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from plotly.io.json import to_json_plotly

from schemas import Journey
from timeline.access import LOCAL_VIEWER, Role, Viewer
from timeline.accounts import Accounts
from timeline.demo import demo_journeys
from timeline.pages.router import render_page
from timeline.service import open_services
from timeline.settings import Settings

RESULTS = Path(__file__).parent / "results" / "access.json"
PASSWORD = "correct horse battery staple"


def timed(cases: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median seconds of `runs` calls of each case, after one warm-up call each. The cases take
    turns (one call of each per round), so a slow spell of the machine hits them all alike."""
    for work in cases.values():
        work()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, work in cases.items():
            start = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    """Store the demo plus --journeys copies, add accounts, time each case, print and save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--journeys", type=int, default=200)
    args = parser.parse_args()
    database = Path(tempfile.mkdtemp()) / "access.db"
    settings = Settings(database_url=f"sqlite:///{database}", load_demo=False)
    services = open_services(settings)
    services.load_demo()
    lucy = next(j for j in demo_journeys() if j.key == "lucy")
    copies = [
        Journey.model_validate({**lucy.model_dump(), "key": f"copy-{n}"})
        for n in range(args.journeys)
    ]
    services.save_journeys(copies)
    accounts = Accounts(services.sessions)
    accounts.add_user("rita", "reviewer", PASSWORD, created_by="bench")
    accounts.share("copy-7", "rita", by="bench")
    token = accounts.authenticate("rita", PASSWORD)[1]
    reviewer = accounts.load_viewer("rita", token)
    as_viewer = {
        "local mode": LOCAL_VIEWER,
        "facilitator": Viewer("fran", Role.FACILITATOR),
        "commissioner": Viewer("carol", Role.COMMISSIONER),
    }

    def page(chosen) -> Callable[[], object]:  # noqa: ANN001
        return lambda: to_json_plotly(render_page("/journeys/coventry-couple", chosen))

    cases = {"baseline (no checks)": page(services)}
    for name, viewer in as_viewer.items():
        cases[name] = page(services.for_viewers(lambda v=viewer: v))
    home = services.for_viewers(lambda: reviewer)
    cases["reviewer home (list)"] = lambda: to_json_plotly(render_page("/", home))
    cases["facilitator home (list)"] = lambda: to_json_plotly(
        render_page("/", services.for_viewers(lambda: as_viewer["facilitator"]))
    )
    cases["commissioner home (list)"] = lambda: to_json_plotly(
        render_page("/", services.for_viewers(lambda: as_viewer["commissioner"]))
    )
    cases["per request: load_viewer"] = lambda: accounts.load_viewer("rita", token)
    cases["sign-in: authenticate"] = lambda: accounts.authenticate("rita", PASSWORD)

    results = timed(cases, args.runs)
    base = results["baseline (no checks)"]
    print(f"{'case':32} {'median ms':>10} {'x baseline':>11}")
    for name, seconds in results.items():
        print(f"{name:32} {seconds * 1000:10.1f} {seconds / base:11.2f}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "machine": platform.platform(),
                "journeys": args.journeys + 3,
                "runs": args.runs,
                "median_ms": {k: round(v * 1000, 2) for k, v in results.items()},
                "ratio_to_baseline": {k: round(v / base, 3) for k, v in results.items()},
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
