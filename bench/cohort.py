"""How fast synthetic cohorts are generated and stored, and how well detection finds their loops.

Run: .venv/bin/python bench/cohort.py [--people 100000] [--runs 1] [--baseline 10000]
Targets (issue 5): 100,000 people (about 5 million events) generated in <= 60 s and stored in
SQLite in <= 60 s; cycle detection precision and recall >= 0.95 per rule against the ground truth.
Reports medians, events per second, peak memory (ru_maxrss) and precision/recall per rule;
results go to bench/results/cohort.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path

from synthetic import generate_cohort
from timeline.cohorts.accuracy import compare_with_truth
from timeline.cohorts.detect import detect_cycles
from timeline.service import open_services
from timeline.settings import Settings

RESULTS = Path(__file__).parent / "results" / "cohort.json"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(people: int, runs: int, seed: int = 20261123) -> dict:
    """Median seconds to generate, detect, store and load `people` people over `runs` runs."""
    timings: dict[str, list[float]] = {"generate": [], "detect": [], "save": [], "load": []}
    cohort = None
    for run in range(runs):
        started = time.perf_counter()
        cohort = generate_cohort(people, seed, name=f"bench-{run}")
        timings["generate"].append(time.perf_counter() - started)
        started = time.perf_counter()
        cohort = detect_cycles(cohort)
        timings["detect"].append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory() as folder:
            services = open_services(
                Settings(database_url=f"sqlite:///{folder}/bench.db", load_demo=False)
            )
            started = time.perf_counter()
            services.save_cohort(cohort)
            timings["save"].append(time.perf_counter() - started)
            started = time.perf_counter()
            services.load_cohort(cohort.info.name)
            timings["load"].append(time.perf_counter() - started)
            services.sessions.kw["bind"].dispose()
    assert cohort is not None
    events = len(cohort.events)
    medians = {k: statistics.median(v) for k, v in timings.items()}
    accuracy = compare_with_truth(cohort)
    return {
        "people": people,
        "events": events,
        "runs": runs,
        "seconds": medians,
        "events_per_second": {k: events / v for k, v in medians.items() if v > 0},
        "peak_rss_mb": _peak_mb(),
        "accuracy": accuracy.to_dict(orient="records"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--baseline", type=int, default=10_000, help="a smaller cohort, 3 runs")
    args = parser.parse_args()
    results = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "baseline": measure(args.baseline, 3) if args.baseline else None,
        "main": measure(args.people, args.runs),
    }
    for label in ("baseline", "main"):
        r = results[label]
        if r is None:
            continue
        s = r["seconds"]
        print(
            f"{r['people']:,} people, {r['events']:,} events ({r['runs']} runs, medians): "
            f"generate {s['generate']:.1f} s, detect {s['detect']:.1f} s, "
            f"save {s['save']:.1f} s, load {s['load']:.1f} s; peak RSS {r['peak_rss_mb']:.0f} MB"
        )
    print(f"{'rule':26} {'truth':>8} {'found':>8} {'precision':>9} {'recall':>7}")
    for row in results["main"]["accuracy"]:
        print(
            f"{row['rule']:26} {row['truth']:>8} {row['found']:>8} "
            f"{row['precision']:>9.4f} {row['recall']:>7.4f}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
