"""How fast the swimlane figure builds, against plain px.timeline on the same events.

Run: .venv/bin/python bench/figures.py [--repeats N]
Targets (issue 3): the Coventry journey in <= 50 ms median, a 2,000-event journey in <= 300 ms.
Both our figure (with its cycles, status strip and overlays) and the baseline are timed in the
same run on this machine; the report gives medians and the ratio ours / baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import time
from pathlib import Path

import pandas as pd
import plotly
import plotly.express as px

from schemas import Agency, Event, EventKind, Journey, Person
from timeline.cycles import find_cycles
from timeline.demo import demo_journeys
from timeline.figures import build_swimlane_figure

RESULTS = Path(__file__).parent / "results" / "figures.json"
SECTORS = ["Housing", "Money", "Advice", "Health", "Police", "Justice", "Probation", "Social"]


def large_journey(events: int = 2000, seed: int = 7) -> Journey:
    """A synthetic two-person journey: 40 agencies, `events` events over five years."""
    rng = random.Random(seed)
    agencies = [
        Agency(
            name=f"Agency {i:02d}",
            sector=SECTORS[i % len(SECTORS)],
            provider_type=rng.choice(["public", "voluntary", "private"]),
        )
        for i in range(40)
    ]
    kinds = list(EventKind)
    start = dt.date(2015, 1, 1)
    made = []
    for i in range(events):
        day = start + dt.timedelta(days=rng.randrange(5 * 365))
        interval = rng.random() < 0.2
        made.append(
            Event(
                id=f"e{i}",
                people=rng.choice([["A"], ["B"], ["A", "B"]]),
                agency=rng.choice(agencies).name,
                kind=rng.choice(kinds),
                start=day,
                end=day + dt.timedelta(days=rng.randrange(1, 120)) if interval else None,
                date_precision=rng.choice(["day"] * 8 + ["month", "approximate"]),
                title=f"Event {i}",
            )
        )
    return Journey(
        key="bench",
        title="Bench journey (synthetic)",
        provenance="synthetic",
        people=[Person(pseudonym="A"), Person(pseudonym="B")],
        agencies=agencies,
        events=made,
    )


def baseline_figure(journey: Journey):  # noqa: ANN201
    """The plain px.timeline of the same events: one bar per event, one row per agency."""
    sector = {a.name: a.sector for a in journey.agencies}
    frame = pd.DataFrame(
        {
            "agency": [e.agency for e in journey.events],
            "sector": [sector[e.agency] for e in journey.events],
            "start": [e.start for e in journey.events],
            "end": [(e.end or e.start) + dt.timedelta(days=1) for e in journey.events],
            "title": [e.title for e in journey.events],
        }
    )
    return px.timeline(
        frame, x_start="start", x_end="end", y="agency", color="sector", hover_name="title"
    )


def median_ms(function, repeats: int) -> float:  # noqa: ANN001
    function()  # warm up imports and caches
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    cases = {
        "coventry-couple (109 events)": demo_journeys()[0],
        "synthetic (2,000 events)": large_journey(),
    }
    targets = {"coventry-couple (109 events)": 50, "synthetic (2,000 events)": 300}
    rows = []
    for name, journey in cases.items():
        cycles = find_cycles(journey)
        ours = median_ms(lambda j=journey, c=cycles: build_swimlane_figure(j, c), args.repeats)
        base = median_ms(lambda j=journey: baseline_figure(j), args.repeats)
        rows.append(
            {
                "journey": name,
                "events": len(journey.events),
                "cycles": len(cycles),
                "ours_ms": round(ours, 1),
                "px_timeline_ms": round(base, 1),
                "ratio": round(ours / base, 2),
                "target_ms": targets[name],
                "within_target": ours <= targets[name],
            }
        )
    machine = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "plotly": plotly.__version__,
        "repeats": args.repeats,
    }
    print(f"machine: {machine}")
    print(f"{'journey':<30}{'ours ms':>9}{'px.timeline ms':>16}{'ratio':>7}{'target':>8}")
    for row in rows:
        print(
            f"{row['journey']:<30}{row['ours_ms']:>9}{row['px_timeline_ms']:>16}"
            f"{row['ratio']:>7}{row['target_ms']:>8}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": machine, "results": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
