"""How fast a synthetic cohort is generated, stored and opened cold, against the SQLite-rows path.

Run: .venv/bin/python bench/cohort.py [--people 100000] [--rounds 2] [--skip-baseline]
Targets (issue 13, item 5): for 100,000 people at any one time (about 267,000 people and five
million events), store <= 10 s, cold open <= 2 s with peak memory <= 1 GB.

Every step runs in a fresh child process, so "cold" means a new process (the operating system's
file cache is warm: the files were just written) and peak memory is that process's ru_maxrss:
- generate: generate_cohort + detect_cycles, pickled for the store steps (pickling not timed);
- store: Parquet files + catalogue + the explorer's cached arrays (new), or rows in SQLite (old);
- open: read the tables and prepare the explorer's arrays, as the explorer does on first open:
  from the files and the cache (new), or from the SQLite rows, then prepare_cohort (old); then,
  reported apart, the explorer's calibration panel (computed from the tables on each open), and
  five filters answered as their callback does (sums, figures, JSON), in milliseconds.
New and old alternate (old, new, old, new, ...); medians; bench/results/cohort.json.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "cohort.json"
SEED = 20261123


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _services(folder: Path, files: bool):  # noqa: ANN202
    from timeline.service import open_services
    from timeline.settings import Settings

    name = "new" if files else "old"
    return open_services(
        Settings(database_url=f"sqlite:///{folder / name / 'bench.db'}", load_demo=False)
    )


def step(kind: str, people: int, folder: Path) -> dict:
    """One measured step, in this (fresh) process."""
    from timeline.store.cohort_storage import open_cohort, root_for, store_cohort

    started = time.perf_counter()
    if kind == "generate":
        from synthetic import generate_cohort
        from timeline.cohorts.detect import detect_cycles

        cohort = detect_cycles(generate_cohort(people, SEED, name="bench"))
        seconds = time.perf_counter() - started
        with open(folder / "cohort.pickle", "wb") as out:
            pickle.dump(cohort, out, protocol=pickle.HIGHEST_PROTOCOL)
        return {
            "seconds": seconds,
            "peak_mb": _peak_mb(),
            "people": len(cohort.people),
            "events": len(cohort.events),
        }
    files = kind.endswith("new")
    services = _services(folder, files)
    if kind.startswith("store"):
        with open(folder / "cohort.pickle", "rb") as source:
            cohort = pickle.load(source)  # noqa: S301 - this benchmark's own file
        started = time.perf_counter()
        store_cohort(
            services.sessions, root_for(services.settings) if files else None, cohort, replace=True
        )
        return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}
    from timeline.cohorts.prepared import compute_prepared, prepare_cohort
    from timeline.pages.explorer.calibration import calibration_rows
    from timeline.pages.explorer.view import CohortCatalog

    root = root_for(services.settings) if files else None
    started = time.perf_counter()  # the app has its services open before anyone opens a cohort
    cohort = open_cohort(services.sessions, root, "bench")
    prepared = (prepare_cohort if files else compute_prepared)(cohort)
    opened, opened_mb = time.perf_counter() - started, _peak_mb()
    started = time.perf_counter()
    calibration_rows(prepared)  # the explorer's calibration panel, measured from the tables
    calibrated = time.perf_counter() - started
    catalog = CohortCatalog(services.list_cohorts, lambda name: cohort)
    catalog._prepared[("bench", cohort.info.created)] = prepared  # noqa: SLF001 - opened above
    return {
        "seconds": opened,
        "open_peak_mb": opened_mb,
        "calibration_seconds": calibrated,
        "peak_mb": _peak_mb(),
        "filter_ms": _filters(catalog) if files else None,
        "people": prepared.people,
    }


FILTERS = [
    (None, None, None, None, None),
    (["homelessness"], None, None, None, None),
    (["offending", "substance_use"], None, None, None, None),
    (None, ["25-34"], None, None, None),
    (None, None, ["woman"], None, None),
]


def _filters(catalog) -> list[float]:  # noqa: ANN001
    """Milliseconds for each filter as its callback answers it (sums, figures, JSON)."""
    from plotly.io.json import to_json_plotly

    from timeline.pages.explorer.exports import explore_from_inputs
    from timeline.pages.explorer.page import build_results, build_status

    times = []
    for controls in FILTERS:
        started = time.perf_counter()
        view, _ = explore_from_inputs(catalog, "bench", controls, [], 5)
        to_json_plotly([build_results(view), build_status(view)])
        times.append(round((time.perf_counter() - started) * 1000, 1))
    return times


def synth(people: int, folder: Path) -> dict:
    """touchpoints synth's own path: generated, detected and stored in parts."""
    from synthetic.generate import generate_cohort_chunks
    from timeline.cohorts.stream import detect_in_parts

    services = _services(folder, True)
    started = time.perf_counter()
    total, parts = generate_cohort_chunks(people, SEED, name="bench")
    info = services.save_cohort(detect_in_parts(parts), replace=True)
    return {
        "seconds": time.perf_counter() - started,
        "peak_mb": _peak_mb(),
        "people": total,
        "events": info.events,
    }


def _child(kind: str, people: int, folder: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--step", kind, "--people", str(people), "--dir", str(folder)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(people: int, rounds: int, baseline: bool) -> dict:
    """Medians of each step over `rounds` rounds, old and new alternating."""
    runs: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(dir=ROOT / "bench") as name:
        folder = Path(name)
        for sub in ("new", "old"):
            (folder / sub).mkdir()
        if baseline:
            runs["generate"] = [_child("generate", people, folder)]
            sizes = runs["generate"][0]
            for pair in [("old", "new")] * rounds:
                for which in pair:
                    for kind in ("store", "open"):
                        runs.setdefault(f"{kind}-{which}", []).append(
                            _child(f"{kind}-{which}", people, folder)
                        )
        runs["synth"] = [_child("synth", people, folder)]  # in parts: any size fits in memory
        sizes = runs["synth"][0]
        runs["first-open-new"] = [_child("open-new", people, folder)]  # may compute the arrays
        for _ in range(rounds):
            runs.setdefault("open-new", []).append(_child("open-new", people, folder))
        disk = sum(p.stat().st_size for p in (folder / "new" / "cohorts").rglob("*.parquet"))
    out = {"people_at_any_time": people, "people": sizes["people"], "events": sizes["events"]}
    out["parquet_mb"] = disk / 1e6
    for key, found in runs.items():
        out[key] = {
            "seconds": statistics.median(r["seconds"] for r in found),
            "peak_mb": max(r["peak_mb"] for r in found),
            "runs": [round(r["seconds"], 2) for r in found],
        }
        if found[0].get("filter_ms"):
            out[key]["filter_ms"] = found[-1]["filter_ms"]
        for extra in ("open_peak_mb", "calibration_seconds"):
            if extra in found[0]:
                out[key][extra] = statistics.median(r[extra] for r in found)
    for kind in ("store", "open"):
        if f"{kind}-old" in out:
            out[f"{kind}_ratio"] = out[f"{kind}-old"]["seconds"] / out[f"{kind}-new"]["seconds"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--skip-baseline", action="store_true", help="synth in parts and open only (for 1,000,000)"
    )
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        found = synth(args.people, args.dir) if args.step == "synth" else None
        print(json.dumps(found or step(args.step, args.people, args.dir)))
        return
    result = measure(args.people, args.rounds, not args.skip_baseline)
    result["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
    }
    for key, value in result.items():
        print(f"{key}: {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
