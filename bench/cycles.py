"""How fast the ten revolving-door rules run over a cohort, against naive pandas baselines.

Run: .venv/bin/python bench/cycles.py [--people N] [--events-per-person M] [--repeats R]
Target (issue "cohort-speed path"): 5,000,000 events across 100,000 people in <= 10 s.
The cohort is generated straight into numpy arrays (a seeded Generator, no pydantic objects).
Timed in the same run: find_cohort_cycles (all ten rules; certain findings, what cohorts store,
and with possible ones too), and a baseline of what an analyst
would write in pandas: pm4py-style rework counts (activities a case repeats) plus a per-person
groupby-apply rolling count for one rule (5+ emergency contacts within 30 days). The report gives
medians, events per second and the ratio baseline / ours; results go to bench/results/cycles.json.
With --compare-with CHECKOUT it times only find_cohort_cycles, here and in another checkout (say a
worktree of an older commit), alternately in separate processes, and prints the ratio: certain
findings only (what cohorts store; a checkout older than certainty finds only those), or with
--with-possible both readings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from schemas import Agency, Event, Journey, Person
from timeline.cycles.cohort import (
    KIND_CATEGORIES,
    PRECISION_CATEGORIES,
    events_frame,
    events_frame_from_columns,
    find_cohort_cycles,
)
from timeline.cycles.engine import find_person_findings

RESULTS = Path(__file__).parent / "results" / "cycles.json"
KIND_SHARE = {  # a mix like the demo journeys: mostly routine contact, a crisis minority
    "contact": 14, "appointment": 10, "missed_appointment": 5, "referral": 7, "assessment": 5,
    "declined": 2, "admission": 2, "discharge": 2, "self_discharge": 1, "ae_attendance": 6,
    "ambulance": 4, "call_out": 8, "arrest": 2, "charge": 1, "court": 2, "custody": 1,
    "release": 1, "breach": 1, "order": 1, "eviction": 1, "tenancy": 1, "placement": 2,
    "rough_sleeping": 4, "benefit_sanction": 2, "support": 5, "signposted": 3,
    "worker_change": 2, "case_closed": 2, "other": 3,
}  # fmt: skip
PERIODS = ("admission", "custody", "tenancy", "placement", "support", "order")
PRECISION_SHARE = {"day": 85, "month": 7, "year": 2, "approximate": 6}
AGENCIES = 200
EMERGENCY = ("call_out", "ambulance", "ae_attendance")


def synthetic_columns(people: int, events: int, seed: int = 20240611) -> dict[str, np.ndarray]:
    """A cohort as plain columns: heavy and light users, events clustered in crisis periods."""
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(events, rng.gamma(1.0, size=people) / people)
    person = np.repeat(np.arange(people, dtype=np.int64), counts)
    first_day = dt.date(2012, 1, 1).toordinal()
    base = rng.integers(first_day, first_day + 3 * 365, size=people)[person]
    centres = rng.integers(0, 5 * 365, size=(people, 3))
    clustered = rng.random(events) < 0.6
    near = centres[person, rng.integers(0, 3, size=events)] + rng.exponential(20, size=events)
    day = base + np.where(clustered, near, rng.integers(0, 5 * 365, size=events)).astype(np.int64)
    shares = np.array([KIND_SHARE[k] for k in KIND_CATEGORIES], dtype=float)
    kind = rng.choice(len(KIND_CATEGORIES), size=events, p=shares / shares.sum())
    p_shares = np.array([PRECISION_SHARE[p] for p in PRECISION_CATEGORIES], dtype=float)
    precision = rng.choice(len(PRECISION_CATEGORIES), size=events, p=p_shares / p_shares.sum())
    periods = np.isin(kind, [KIND_CATEGORIES.index(k) for k in PERIODS])
    has_end = periods & (rng.random(events) < 0.6)
    end = np.where(has_end, day + rng.integers(1, 365, size=events), 0)
    agency = (person * 7 + rng.integers(0, 8, size=events)) % AGENCIES  # a few per person
    return {
        "person": person,
        "event_id": np.arange(events, dtype=np.int64),
        "kind": kind.astype(np.int8),
        "agency": agency,
        "start": day,
        "end": end,
        "precision": precision.astype(np.int8),
    }


def build_frame(columns: dict[str, np.ndarray], people: int) -> pd.DataFrame:
    """The cohort frame from the generated columns (person labels "p000042")."""
    labels = [f"p{n:06d}" for n in range(people)]
    return events_frame_from_columns(
        person=pd.Categorical.from_codes(columns["person"], categories=labels),
        event_id=columns["event_id"],
        kind=columns["kind"],
        agency=pd.Categorical.from_codes(
            columns["agency"], categories=[f"Agency {n:03d}" for n in range(AGENCIES)]
        ),
        start=columns["start"],
        end=columns["end"],
        precision=columns["precision"],
    )


def baseline_rework(frame: pd.DataFrame) -> pd.Series:
    """pm4py-style rework: per case (person), the activities (kinds) that occur more than once."""
    sizes = frame.groupby(["person", "kind"], observed=True).size()
    return sizes[sizes > 1].groupby(level="person", observed=True).size()


def baseline_emergency_window(frame: pd.DataFrame) -> pd.Series:
    """Naive per-person groupby-apply: the most emergency contacts in a rolling 30 days."""
    emergencies = frame[frame["kind"].isin(EMERGENCY)]
    emergencies = emergencies.assign(
        date=pd.to_datetime(emergencies["s0"] - 719163, unit="D")  # ordinal to datetime
    )

    def busiest(group: pd.DataFrame) -> float:
        counted = group.set_index("date").sort_index()["s0"].rolling("31D").count()
        return counted.max()

    peaks = emergencies.groupby("person", observed=True)[["date", "s0"]].apply(busiest)
    return peaks[peaks >= 5]


def median_seconds(function: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def check_against_engine(columns: dict[str, np.ndarray], people: int) -> tuple[int, float, int]:
    """The first `people` as Journeys: both paths must agree; (findings, engine s, events)."""
    bounds = np.searchsorted(columns["person"], np.arange(people + 1))  # person is sorted
    journeys = []
    for n in range(people):
        rows = range(bounds[n], bounds[n + 1])
        events = [
            Event(
                id=f"e{int(columns['event_id'][r])}",
                people=("P",),
                agency=f"Agency {int(columns['agency'][r]):03d}",
                kind=KIND_CATEGORIES[columns["kind"][r]],
                start=dt.date.fromordinal(int(columns["start"][r])),
                end=dt.date.fromordinal(int(columns["end"][r])) if columns["end"][r] else None,
                date_precision=PRECISION_CATEGORIES[columns["precision"][r]],
                title="generated",
            )
            for r in rows
        ]
        agencies = sorted({e.agency for e in events}) or ["Agency 000"]
        journeys.append(
            Journey(
                key=f"p{n:06d}",
                title="generated",
                provenance="synthetic",
                people=[Person(pseudonym="P")],
                agencies=[Agency(name=a, sector="Social") for a in agencies],
                events=events,
            )
        )
    frame = events_frame(journeys)
    columns = ["person", "rule", "iterations", "first_event_id", "last_event_id", "certainty"]
    got = Counter(find_cohort_cycles(frame)[columns].itertuples(index=False, name=None))
    only_certain = find_cohort_cycles(frame, possible=False)[columns]
    began = time.perf_counter()
    per_journey = [(j.key, find_person_findings(j)) for j in journeys]
    engine_seconds = time.perf_counter() - began
    expected = Counter(
        (
            f"{key}/{p}",
            rule,
            f.iterations or len(f.key),
            f.key[0].event.id,
            f.key[-1].event.id,
            f.certainty,
        )
        for key, found in per_journey
        for rule, p, f in found
    )
    if got != expected:
        raise SystemExit(f"cohort path disagrees with the engine: {got ^ expected}")
    certain = Counter({row: n for row, n in expected.items() if row[-1] == "certain"})
    if Counter(only_certain.itertuples(index=False, name=None)) != certain:
        raise SystemExit("cohort path, certain findings only, disagrees with the engine")
    return sum(expected.values()), engine_seconds, int(bounds[people])


def time_ours_only(args: argparse.Namespace) -> None:
    """Child of --compare-with: time find_cohort_cycles alone, print the seconds as JSON."""
    columns = synthetic_columns(args.people, args.people * args.events_per_person)
    if args.exact_dates:
        columns["precision"][:] = PRECISION_CATEGORIES.index("day")
    frame = build_frame(columns, args.people)
    # certain findings only (what cohorts store), where the checkout tells them apart
    knows = "possible" in inspect.signature(find_cohort_cycles).parameters
    options = {"possible": args.with_possible} if knows else {}
    find_cohort_cycles(frame, **options)  # warm up
    wall, cpu = [], []
    for _ in range(args.repeats):
        began, began_cpu = time.perf_counter(), time.process_time()
        find_cohort_cycles(frame, **options)
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    print(json.dumps({"wall": wall, "cpu": cpu}))


def compare_with(args: argparse.Namespace) -> None:
    """find_cohort_cycles here and in another checkout (its own timeline package), in
    separate processes run alternately on the same cohort; medians per process, and ratios."""
    here = Path(__file__).resolve().parent.parent
    checkouts = {"baseline": Path(args.compare_with).resolve(), "this checkout": here}
    flags = ["--time-ours-only", "--people", str(args.people), "--repeats", str(args.repeats)]
    flags += ["--events-per-person", str(args.events_per_person)]
    flags += ["--exact-dates"] if args.exact_dates else []
    flags += ["--with-possible"] if args.with_possible else []
    medians: dict[str, dict[str, list[float]]] = {
        name: {"wall": [], "cpu": []} for name in checkouts
    }
    for _ in range(args.rounds):
        for name, root in checkouts.items():
            run = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), *flags],
                env={**os.environ, "PYTHONPATH": str(root)},
                cwd=root,
                capture_output=True,
                text=True,
                check=True,
            )
            times = json.loads(run.stdout.splitlines()[-1])
            for clock in ("wall", "cpu"):
                medians[name][clock].append(statistics.median(times[clock]))
    dates = "all exact" if args.exact_dates else "15% month, year or approximate"
    found = "certain and possible findings" if args.with_possible else "certain findings"
    print(f"find_cohort_cycles, {args.people * args.events_per_person:,} events, {dates}, {found}")
    print(f"medians of {args.repeats} calls, one per process, {args.rounds} rounds alternately")
    for clock in ("wall", "cpu"):  # CPU time is steadier when other jobs share the machine
        for name, values in medians.items():
            print(f"{clock:<5}{name:<15}" + ", ".join(f"{v:.2f}" for v in values[clock]) + " s")
        ours, base = medians["this checkout"][clock], medians["baseline"][clock]
        ratios = [o / b for o, b in zip(ours, base, strict=True)]
        overall = statistics.median(ours) / statistics.median(base)
        print(
            f"{clock:<5}ratio this / baseline, round by round: "
            + ", ".join(f"{r:.2f}" for r in ratios)
            + f"; of the medians: {overall:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--events-per-person", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--check-people", type=int, default=300, help="cross-check vs engine")
    parser.add_argument(
        "--exact-dates",
        action="store_true",
        help="every date to the day, as in synthetic cohorts (default: 15%% month, year or "
        "approximate, whose people the per-journey detectors check for certainty)",
    )
    parser.add_argument(
        "--compare-with",
        metavar="CHECKOUT",
        help="time find_cohort_cycles only, here and in CHECKOUT (e.g. a git worktree of an "
        "older commit), in separate processes alternately, and print the ratio",
    )
    parser.add_argument("--rounds", type=int, default=3, help="processes each, for --compare-with")
    parser.add_argument(
        "--with-possible",
        action="store_true",
        help="for --compare-with: time both readings (certain and possible findings) here",
    )
    parser.add_argument("--time-ours-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.time_ours_only:
        return time_ours_only(args)
    if args.compare_with:
        return compare_with(args)
    events = args.people * args.events_per_person

    began = time.perf_counter()
    columns = synthetic_columns(args.people, events)
    if args.exact_dates:
        columns["precision"][:] = PRECISION_CATEGORIES.index("day")
    generated = time.perf_counter() - began
    began = time.perf_counter()
    frame = build_frame(columns, args.people)
    framed = time.perf_counter() - began
    checked, engine_seconds, engine_events = check_against_engine(
        columns, min(args.check_people, args.people)
    )

    findings = find_cohort_cycles(frame, possible=False)  # warm up, and the numbers to report
    ours = median_seconds(lambda: find_cohort_cycles(frame, possible=False), args.repeats)
    both = median_seconds(lambda: find_cohort_cycles(frame), args.repeats)
    rework = median_seconds(lambda: baseline_rework(frame), args.repeats)
    window = median_seconds(lambda: baseline_emergency_window(frame), args.repeats)
    baseline = rework + window

    machine = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "numpy": np.__version__,
    }
    rows = [
        ("find_cohort_cycles (10 rules)", ours),
        ("  with possible findings too", both),
        ("baseline: rework counts", rework),
        ("baseline: emergency 5-in-30 apply", window),
        ("baseline: both", baseline),
    ]
    result = {
        "machine": machine,
        "exact_dates": args.exact_dates,
        "people": args.people,
        "events": events,
        "repeats": args.repeats,
        "generate_s": round(generated, 2),
        "events_frame_from_columns_s": round(framed, 2),
        "findings": int(len(findings)),
        "findings_by_rule": {str(k): int(v) for k, v in findings["rule"].value_counts().items()},
        "engine_cross_check_findings": checked,
        "engine_events_per_s": round(engine_events / engine_seconds),
        "medians_s": {name: round(seconds, 3) for name, seconds in rows},
        "events_per_s": {name: round(events / seconds) for name, seconds in rows},
        "ratio_baseline_over_ours": round(baseline / ours, 1),
        "ratio_rework_only_over_ours": round(rework / ours, 2),
        "target_s": 10,
        "within_target": ours <= 10,
    }
    print(f"machine: {machine}")
    print(f"{events:,} events, {args.people:,} people, median of {args.repeats} runs")
    print(f"generate {generated:.2f} s; events_frame_from_columns {framed:.2f} s")
    print(f"{'':<36}{'median s':>10}{'events/s':>14}{'this/ours':>11}")
    for name, seconds in rows:
        print(f"{name:<36}{seconds:>10.3f}{events / seconds:>14,.0f}{seconds / ours:>11.1f}")
    print(f"ratio baseline (both) / ours: {result['ratio_baseline_over_ours']}")
    print(f"findings: {len(findings):,} ({result['findings_by_rule']})")
    print(
        f"cross-check on {min(args.check_people, args.people)} people ({engine_events:,} events):"
        f" {checked} findings agree; per-journey engine "
        f"{engine_events / engine_seconds:,.0f} events/s"
        f" (about {events / (engine_events / engine_seconds):,.0f} s for the whole cohort)"
    )
    print(f"target 10 s: {'met' if result['within_target'] else 'MISSED'}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
