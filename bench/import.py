"""How fast a large CSV imports, against pandas read_csv plus to_sql of the same file.

Run: .venv/bin/python bench/import.py [--rows 50000] [--repeats 5] [--profile] [--no-cli]
Target (issue 15, item 4): a 50,000-row CSV imports in <= 5x the time of pandas `read_csv` plus
`DataFrame.to_sql` into a fresh SQLite file, measured in the same run. Ours is the whole import
as `touchpoints import` does it (read, check every row, store the journeys with their history
version), timed in-process on a fresh, migrated SQLite file; the two are timed alternately and
the medians compared. One `touchpoints import` subprocess is timed too, for the CLI's overhead
(Python start-up and imports).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import json
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import sqlalchemy

from timeline.io import read_journeys_from_path
from timeline.service import open_services
from timeline.settings import load_settings

RESULTS = Path(__file__).parent / "results" / "import.json"
HEADER = [
    "journey",
    "journey_title",
    "person",
    "agency",
    "sector",
    "provider_type",
    "kind",
    "start",
    "end",
    "date_precision",
    "title",
    "description",
    "source",
    "sensitivity",
    "tags",
    "id",
    "provenance",
]
SECTORS = ["Housing", "Money", "Advice", "Health", "Police", "Justice", "Probation", "Social"]
POINT_KINDS = ["contact", "referral", "assessment", "arrest", "ae_attendance", "call_out"]
SPAN_KINDS = ["placement", "custody", "tenancy", "support"]


def write_bench_csv(path: Path, rows: int = 50_000, journeys: int = 2, seed: int = 15) -> None:
    """A valid case-study CSV of `rows` events over `journeys` two-person journeys (60 agencies
    each, ten years), with month-only dates, periods, descriptions and tags mixed in."""
    rng = random.Random(seed)
    agencies = [
        (f"Agency {i:02d}", SECTORS[i % len(SECTORS)], rng.choice(["public", "voluntary"]))
        for i in range(60)
    ]
    first = dt.date(2012, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            j = n % journeys
            agency, sector, provider = agencies[rng.randrange(len(agencies))]
            day = first + dt.timedelta(days=rng.randrange(3650))
            span = rng.random() < 0.2
            kind = rng.choice(SPAN_KINDS if span else POINT_KINDS)
            monthly = rng.random() < 0.1
            start = day.strftime("%b %Y") if monthly else day.isoformat()
            end = ""
            if span:
                end_day = day + dt.timedelta(days=rng.randrange(31, 400))
                end = end_day.strftime("%b %Y") if monthly else end_day.isoformat()
            writer.writerow(
                [
                    f"bench-{j}",
                    f"Bench journey {j} (synthetic)" if n < journeys else "",
                    rng.choice(["A", "B", "A;B"]),
                    agency,
                    sector,
                    provider,
                    kind,
                    start,
                    end,
                    "month" if monthly else "",
                    f"Event {n}",
                    "Seen at the drop-in; referred on." if rng.random() < 0.3 else "",
                    rng.choice(["agency_record", "self_report"]),
                    "sensitive" if rng.random() < 0.05 else "normal",
                    "crisis;night" if rng.random() < 0.1 else "",
                    f"e{n}",
                    "synthetic" if n < journeys else "",
                ]
            )


def time_ours(path: Path, folder: Path, run: int) -> float:
    """Read, check and store the file as `touchpoints import` does, on a fresh SQLite file."""
    url = f"sqlite:///{folder / f'ours-{run}.db'}"
    services = open_services(load_settings(database_url=url))  # migrations: not timed
    began = time.perf_counter()
    result = read_journeys_from_path(path, max_rows=services.settings.max_rows)
    services.save_journeys(result.journeys)
    took = time.perf_counter() - began
    services.sessions.kw["bind"].dispose()
    return took


def time_baseline(path: Path, folder: Path, run: int) -> float:
    """pandas read_csv and DataFrame.to_sql of the same file into a fresh SQLite file."""
    engine = sqlalchemy.create_engine(f"sqlite:///{folder / f'pandas-{run}.db'}")
    began = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.to_sql("events", engine, index=False)
    took = time.perf_counter() - began
    engine.dispose()
    return took


def time_cli(path: Path, folder: Path) -> float:
    """One `touchpoints import` in its own process (start-up and imports included)."""
    url = f"sqlite:///{folder / 'cli.db'}"
    subprocess.run(
        [sys.executable, "-m", "timeline", "init-db", "--db", url], check=True, capture_output=True
    )
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "timeline", "import", str(path), "--db", url],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - began


def profile_ours(path: Path, folder: Path) -> None:
    """Print the top of a cProfile of one import (cumulative time)."""
    profiler = cProfile.Profile()
    profiler.enable()
    time_ours(path, folder, 999)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one import")
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI subprocess timing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="touchpoints-import-bench-") as name:
        folder = Path(name)
        path = folder / "bench.csv"
        write_bench_csv(path, args.rows)
        if args.profile:
            profile_ours(path, folder)
            return
        ours, baseline = [], []
        for run in range(args.repeats):
            ours.append(time_ours(path, folder, run))
            baseline.append(time_baseline(path, folder, run))
            print(f"run {run + 1}: ours {ours[-1]:.2f} s, pandas {baseline[-1]:.2f} s", flush=True)
        cli = None if args.no_cli else time_cli(path, folder)
        size = path.stat().st_size
    report = {
        "rows": args.rows,
        "file_bytes": size,
        "repeats": args.repeats,
        "ours_s": ours,
        "pandas_s": baseline,
        "ours_median_s": statistics.median(ours),
        "pandas_median_s": statistics.median(baseline),
        "ratio": statistics.median(ours) / statistics.median(baseline),
        "cli_s": cli,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "pandas": pd.__version__,
            "sqlalchemy": sqlalchemy.__version__,
        },
    }
    print(
        f"{args.rows:,} rows ({size / 1e6:.1f} MB): ours {report['ours_median_s']:.2f} s, "
        f"pandas read_csv + to_sql {report['pandas_median_s']:.2f} s, "
        f"ratio {report['ratio']:.2f} (target <= 5)"
    )
    if cli is not None:
        print(f"touchpoints import in its own process: {cli:.2f} s")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
