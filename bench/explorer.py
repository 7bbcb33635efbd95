"""How fast the commissioner explorer answers, driven through the callbacks' own plain functions.

Run: .venv/bin/python bench/explorer.py [--people 100000] [--other 20000] [--baseline-runs 5]
Target (issue 14, item 7; 300 ms in issue 5): with 100,000 people, every explorer interaction
answers in <= 150 ms at the 95th percentile. Each interaction does what its callback does,
including building the page components and encoding them to JSON as Dash sends them (orjson,
timeline/pages/encoding.py):

- filter / compare / cost edit: explore_from_inputs + build_results + build_status (the _explore
  callback), drawing the first section (the others are drawn when scrolled to); every filter is
  new to the cache ("cold"), then asked again ("cached");
- draw a section: build_explorer_view + build_sections for one chart (the _draw callback, when a
  section is scrolled to), for every chart after a filter change that nothing drew yet;
- drill-down: selection_from_click + drill_down + build_drill_panel (the _drill callback);
- CSV download: build_explorer_view + export_table_csv (the _download callback).

The baseline answers the same filter changes with plain, uncached pandas (boolean filter, merge,
groupby per chart), in the same run on the same data. Results go to bench/results/explorer.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import time
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

from synthetic import generate_cohort
from timeline.cohorts import NEEDS
from timeline.cohorts.detect import detect_cycles
from timeline.cohorts.prepared import AGE_BANDS
from timeline.pages.encoding import encode_answer
from timeline.pages.explorer.exports import (
    drill_down,
    explore_from_inputs,
    export_table_csv,
    selection_from_click,
)
from timeline.pages.explorer.page import CHARTS, build_results, build_sections, build_status
from timeline.pages.explorer.panels import build_drill_panel
from timeline.pages.explorer.state import ExplorerState, state_from_inputs
from timeline.pages.explorer.view import (
    CohortCatalog,
    build_explorer_view,
    clear_explorer_caches,
    default_unit_costs,
)

RESULTS = Path(__file__).parent / "results" / "explorer.json"
TARGET_MS = 150
THRESHOLD = 5
Controls = tuple[list[str] | None, list[str] | None, list[str] | None, str | None, str | None]


def _ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(np.ceil(0.95 * len(ordered))) - 1)]
    return {
        "n": len(times),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(ordered[-1], 1),
    }


def _explore(catalog: CohortCatalog, controls: Controls, costs: list | None = None) -> None:
    view, _ = explore_from_inputs(catalog, "city", controls, costs or [], THRESHOLD)
    encode_answer([build_results(view), build_status(view)])


def _section(catalog: CohortCatalog, state: ExplorerState, chart: str) -> None:
    view = build_explorer_view(catalog, "city", state, THRESHOLD)
    encode_answer(list(build_sections(view, [chart]).values()))


def _drill(catalog: CohortCatalog, state: ExplorerState, data: list) -> None:
    click = {"points": [{"customdata": [data[1]], "curveNumber": 0}]}
    mark, side = selection_from_click(click, {"chart": data[0], "side": 0})
    found = drill_down(catalog, "city", state, mark, side, THRESHOLD)
    encode_answer(build_drill_panel(found))


def interactions(catalog: CohortCatalog, prepared) -> dict[str, list[Callable[[], None]]]:  # noqa: ANN001
    """Named lists of interactions; each list's items are distinct, so each is cold once."""
    needs = [[a] for a in NEEDS] + [list(p) for p in combinations(NEEDS, 2)]
    costs = default_unit_costs()["gbp"].tolist()
    edited = []
    for row in range(0, len(costs), 3):
        changed = list(costs)
        changed[row] = changed[row] * 2 + 1
        edited.append(changed)
    everyone = ExplorerState()
    homeless = state_from_inputs(["homelessness"], None, None, None, None)
    marks = [["costs-by-sector", s] for s in prepared.sectors[:6]] + [
        ["events-per-person", "10-19"],
        ["agencies-per-person", "5"],
        ["cycles", prepared.rules[0]],
        ["paths", prepared.sectors[0]],
        ["sector-months", f"{prepared.sectors[0]}|{prepared.months[len(prepared.months) // 2]}"],
    ]
    tables = [
        "headline",
        "events-per-person",
        "sector-months",
        "cycles",
        "paths",
        "costs-by-agency",
    ]
    sections = [  # each after a filter change, before anything drew that section
        (state_from_inputs(n, None, None, None, c), chart)
        for n, c in ((["offending"], None), (["mental_health"], "coordinated:no"))
        for chart, _ in CHARTS
    ]
    return {
        "filter: needs": [
            lambda n=n: _explore(catalog, (n, None, None, None, None)) for n in needs
        ],
        "filter: age band": [
            lambda a=a: _explore(catalog, (["homelessness"], [a], None, None, None))
            for a in AGE_BANDS
        ],
        "filter: gender": [
            lambda g=g: _explore(catalog, (None, ["25-34"], [g], None, None))
            for g in ("man", "woman", "non-binary", "other", "unknown")
        ],
        "filter: coordinated": [
            lambda c=c, n=n: _explore(catalog, (n, None, None, c, None))
            for n in ([], ["offending"], ["mental_health"])
            for c in ("yes", "no")
        ],
        "compare": [
            lambda c=c, n=n: _explore(catalog, (n, None, None, None, c))
            for n in ([], ["substance_use"], ["domestic_abuse"])
            for c in ("coordinated:yes", "coordinated:no", "everyone", "cohort:town")
        ],
        "edit a unit cost": [
            lambda e=e: _explore(catalog, (["homelessness"], None, None, None, None), e)
            for e in edited
        ],
        "draw a section": [lambda s=s, c=c: _section(catalog, s, c) for s, c in sections],
        "drill-down": [
            lambda m=m, s=s: _drill(catalog, s, m) for s in (everyone, homeless) for m in marks
        ],
        "CSV download": [
            lambda t=t: export_table_csv(build_explorer_view(catalog, "city", everyone, 5), t)
            for t in tables
        ],
    }


def baseline_filter(cohort, chosen: dict) -> None:  # noqa: ANN001
    """The same charts, the plain way: filter people, merge, one pandas groupby per chart."""
    people = cohort.people
    keep = pd.Series(True, index=people.index)
    for need in chosen.get("needs", ()):
        keep &= people["needs"].str.contains(need, regex=False)
    if "coordinated" in chosen:
        keep &= people["coordinated_from"].notna() == chosen["coordinated"]
    kept = people[keep]
    events = cohort.events.merge(kept[["person"]], on="person")
    events = events.merge(cohort.agencies[["agency", "sector"]], on="agency")
    per_person = events.groupby("person").size()
    pd.cut(per_person, [0, 1, 2, 3, 5, 10, 20, 50, 100, 200, np.inf], right=False).value_counts()
    events.groupby("person")["agency"].nunique().value_counts()
    events.groupby(["sector", events["start"].dt.to_period("M")]).size()
    cohort.cycles.merge(kept[["person"]], on="person").groupby("rule").agg(
        people=("person", "nunique"), iterations=("iterations", "sum")
    )
    ordered = events.sort_values(["person", "event"])
    new = (ordered["sector"] != ordered["sector"].shift()) | (
        ordered["person"] != ordered["person"].shift()
    )
    steps = ordered[new]
    first = steps[steps.groupby("person").cumcount() < 5]
    first.groupby("person")["sector"].agg(" > ".join).value_counts()
    costs = default_unit_costs()
    any_sector = costs[costs["sector"] == "*"].set_index("kind")["gbp"]
    (events["kind"].astype(str).map(any_sector).fillna(0)).groupby(events["sector"]).sum()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--other", type=int, default=20_000, help="people in the compared cohort")
    parser.add_argument("--baseline-runs", type=int, default=5)
    args = parser.parse_args()

    print(f"load average at start: {os.getloadavg()}")
    started = time.perf_counter()
    city = generate_cohort(
        args.people,
        20261123,
        name="city",
        coordinated_from=dt.date(2023, 1, 1),
        coordinated_share=0.3,
    )
    city = detect_cycles(city)
    town = detect_cycles(generate_cohort(args.other, 7, name="town"))
    generated_s = time.perf_counter() - started
    cohorts = {"city": city, "town": town}
    catalog = CohortCatalog(lambda: [c.info for c in cohorts.values()], cohorts.__getitem__)
    started = time.perf_counter()
    prepared = catalog.prepared("city")
    catalog.prepared("town")
    prepare_s = time.perf_counter() - started
    _explore(catalog, (None, None, None, None, None))  # the page's first render (whole cohort)

    results: dict[str, dict] = {}
    for name, calls in interactions(catalog, prepared).items():
        cold = [_ms(call) for call in calls]
        cached = [_ms(call) for call in calls]
        results[name] = {"cold": _summary(cold), "cached": _summary(cached)}
        print(f"{name:22} cold {results[name]['cold']}  cached {results[name]['cached']}")
    every = [t for r in results.values() for t in (r["cold"]["p95_ms"],)]
    clear_explorer_caches()

    filters = [
        {"needs": ["homelessness"]},
        {"needs": ["offending", "substance_use"]},
        {"coordinated": True},
        {"coordinated": False},
        {},
    ]
    baseline = [_ms(lambda f=f: baseline_filter(city, f)) for f in filters * args.baseline_runs]
    ours = [
        _ms(
            lambda f=f: _explore(
                catalog,
                (
                    f.get("needs"),
                    None,
                    None,
                    {True: "yes", False: "no"}.get(f.get("coordinated")),
                    None,
                ),
            )
        )
        for f in filters
    ]
    report = {
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "pandas": pd.__version__,
            "numpy": np.__version__,
        },
        "people": args.people,
        "events": len(city.events),
        "cycles": len(city.cycles),
        "other_people": args.other,
        "generate_and_detect_s": round(generated_s, 1),
        "prepare_s": round(prepare_s, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "target_p95_ms": TARGET_MS,
        "interactions": results,
        "worst_cold_p95_ms": max(every),
        "baseline_filter_change": _summary(baseline),
        "ours_filter_change_cold": _summary(ours),
    }
    print(json.dumps({k: v for k, v in report.items() if k != "interactions"}, indent=2))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
