"""How fast the swimlane figure builds and encodes, against plain px.timeline on the same events.

Run: .venv/bin/python bench/figures.py [--repeats N]
Targets (issue 15): build + JSON (orjson) of a 2,000-event journey <= 1.5x px.timeline's on the
same events, its payload <= 250 KB; 20,000 events still usable (WebGL points). Issue 3's: the
Coventry journey in <= 50 ms median. Both our figure (with its cycles, status strip and overlays)
and the baseline are timed in the same run, alternately; the report gives medians, ratios
ours / baseline, payload sizes and trace, shape and annotation counts.
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

import orjson
import pandas as pd
import plotly
import plotly.express as px
import plotly.io as pio

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


def encode(figure: dict | object) -> bytes:
    """The figure as the browser gets it: JSON, encoded by orjson (plotly's own engine for a
    Figure, which is what Dash does for px.timeline's; orjson straight for our plain dict)."""
    if isinstance(figure, dict):
        return orjson.dumps(figure)
    return pio.to_json(figure, validate=False, engine="orjson").encode()


def median_ms(function, repeats: int) -> float:  # noqa: ANN001
    function()  # warm up imports and caches
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def paired_ms(first, second, repeats: int) -> tuple[float, float]:  # noqa: ANN001
    """Medians of two functions timed alternately, so both see the same load on a busy VM."""
    first(), second()  # warm up
    a, b = [], []
    for _ in range(repeats):
        for function, times in ((first, a), (second, b)):
            began = time.perf_counter()
            function()
            times.append(time.perf_counter() - began)
    return statistics.median(a) * 1000, statistics.median(b) * 1000


def counts(figure: dict) -> dict:
    """Traces, shapes and annotations in a figure dict."""
    layout = figure.get("layout", {})
    return {
        "traces": len(figure["data"]),
        "shapes": len(layout.get("shapes", ())),
        "annotations": len(layout.get("annotations", ())),
        "webgl_traces": sum(t.get("type") == "scattergl" for t in figure["data"]),
    }


def measure(name: str, journey: Journey, repeats: int, target_ms: float | None) -> dict:
    """Build + JSON of ours and of px.timeline, alternately; sizes and counts of both."""
    cycles = find_cycles(journey)
    ours, base = paired_ms(
        lambda: encode(build_swimlane_figure(journey, cycles)),
        lambda: encode(baseline_figure(journey)),
        repeats,
    )
    build_only = median_ms(lambda: build_swimlane_figure(journey, cycles), max(3, repeats // 3))
    figure = build_swimlane_figure(journey, cycles)
    baseline = json.loads(encode(baseline_figure(journey)))
    row = {
        "journey": name,
        "events": len(journey.events),
        "cycles": len(cycles),
        "ours_build_json_ms": round(ours, 1),
        "ours_build_ms": round(build_only, 1),
        "px_timeline_build_json_ms": round(base, 1),
        "ratio": round(ours / base, 2),
        "payload_bytes": len(encode(figure)),
        "px_timeline_payload_bytes": len(encode(baseline_figure(journey))),
        "ours": counts(figure),
        "px_timeline": counts(baseline),
    }
    if target_ms is not None:
        row |= {"target_ms": target_ms, "within_target": ours <= target_ms}
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    cases = [
        ("coventry-couple (109 events)", demo_journeys()[0], args.repeats, 50),
        ("synthetic (2,000 events)", large_journey(), args.repeats, None),
        ("synthetic (20,000 events)", large_journey(20_000), max(3, args.repeats // 4), None),
    ]
    rows = [measure(name, journey, repeats, target) for name, journey, repeats, target in cases]
    machine = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "plotly": plotly.__version__,
        "orjson": orjson.__version__,
        "repeats": args.repeats,
    }
    print(f"machine: {machine}")
    print(
        f"{'journey':<30}{'ours ms':>9}{'px ms':>9}{'ratio':>7}{'ours KB':>9}{'px KB':>8}"
        f"{'traces':>8}{'shapes':>8}{'annot.':>8}"
    )
    for row in rows:
        print(
            f"{row['journey']:<30}{row['ours_build_json_ms']:>9}"
            f"{row['px_timeline_build_json_ms']:>9}{row['ratio']:>7}"
            f"{row['payload_bytes'] / 1000:>9.1f}{row['px_timeline_payload_bytes'] / 1000:>8.1f}"
            f"{row['ours']['traces']:>8}{row['ours']['shapes']:>8}{row['ours']['annotations']:>8}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": machine, "results": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
