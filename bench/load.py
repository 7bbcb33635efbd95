"""Concurrent clients on the journey-page mix: the development server against the production
server, started in the same run on free ports (issue 16, item 1).

    .venv/bin/python bench/load.py [--clients 50] [--seconds 30] [--workers N] [--threads N]
                                   [--baseline REF]

Each client is a thread with its own keep-alive connection and cookies, as a browser has, and
loops over the demo journeys. One journey visit is four requests, the ones a browser makes
before it draws the chart: the page (GET /journeys/KEY), /_dash-layout, /_dash-dependencies and
the router's first callback (POST /_dash-update-component, with the CSRF header Dash's renderer
sends), which builds the swimlane figure. Code and styles are left out: a browser keeps them.

Both servers serve a throwaway SQLite database with the demo journeys. The development server
is Dash's (Flask's threaded server, no reloader), as `touchpoints serve` was before issue 16;
the production server is `touchpoints serve` (gunicorn). Each is loaded for a warm-up, then
for `--seconds`; the report gives requests per second, p50 and p95 latency over all requests,
p95 of each kind, errors, and production / development.

`--baseline REF` also loads, first, the development server running the code at git commit REF
(a throwaway worktree with its own database), so "today's throughput" of an issue can be
measured in the same run as the code that answers it: issue 16 was filed at 5e64074.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
JOURNEYS = ("coventry-couple", "lucy", "ahmed")
PAGE_OUTPUT = "page.children"  # timeline/pages/ids.py: PAGE, the router's output
CSRF_COOKIE = "_csrf_token"


def free_port() -> int:
    """A TCP port nobody listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(
    base: str, process: subprocess.Popen, seconds: float = 60, path: str = "/healthz"
) -> None:
    """Wait until GET `path` answers 200 (RuntimeError if the server died or took too long)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped with exit code {process.returncode}")
        try:
            if requests.get(f"{base}{path}", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base} did not become healthy in {seconds:.0f} s")


def router_output(dependencies: list[dict]) -> str:
    """The router callback's output key, as Dash's renderer finds it in /_dash-dependencies."""
    return next(d["output"] for d in dependencies if d["output"] == PAGE_OUTPUT)


def journey_visit(http: requests.Session, base: str, key: str) -> list[tuple[str, float, int]]:
    """The four requests of one journey page visit: (kind, seconds, status) for each."""
    timings = []

    def timed(kind: str, method: str, path: str, **sent: object) -> requests.Response:
        started = time.perf_counter()
        response = http.request(method, base + path, timeout=60, **sent)
        timings.append((kind, time.perf_counter() - started, response.status_code))
        return response

    timed("page", "GET", f"/journeys/{key}")
    timed("layout", "GET", "/_dash-layout")
    dependencies = timed("dependencies", "GET", "/_dash-dependencies").json()
    output = router_output(dependencies)
    body = {
        "output": output,
        "outputs": {"id": output.split(".")[0], "property": output.split(".")[1]},
        "inputs": [{"id": "url", "property": "pathname", "value": f"/journeys/{key}"}],
        "state": [{"id": "url", "property": "search", "value": ""}],
        "changedPropIds": ["url.pathname"],
    }
    token = http.cookies.get(CSRF_COOKIE, "")
    timed("callback", "POST", "/_dash-update-component", json=body, headers={"X-CSRFToken": token})
    return timings


def run_clients(base: str, clients: int, seconds: float) -> dict:
    """`clients` threads visiting journey pages for `seconds`: what they measured."""
    stop = time.monotonic() + seconds
    results: list[tuple[str, float, int]] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        http = requests.Session()
        visit = number
        while time.monotonic() < stop:
            try:
                found = journey_visit(http, base, JOURNEYS[visit % len(JOURNEYS)])
            except requests.RequestException:
                found = [("failed", 0.0, 0)]
            with lock:
                results.extend(found)
            visit += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies = sorted(t for kind, t, _ in results if kind != "failed")
    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, seconds_taken, _ in results:
        by_kind[kind].append(seconds_taken)
    return {
        "requests": len(latencies),
        "errors": sum(1 for _, _, status in results if not 200 <= status < 400),
        "per_second": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * percentile(latencies, 0.95),
        "p95_by_kind_ms": {k: 1000 * percentile(sorted(v), 0.95) for k, v in by_kind.items()},
    }


def percentile(ordered: list[float], share: float) -> float:
    """The value below which `share` of the sorted values fall (nearest rank)."""
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def start(command: list[str], env: dict[str, str], log: Path, cwd: Path = ROOT) -> subprocess.Popen:
    """Start a server in its own process group, its output into `log`."""
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds used so far by the server `pid` with its workers, and by this process (the
    clients), so a report can say whether the server or the clients were the limit."""
    server = psutil.Process(pid)
    processes = [server, *server.children(recursive=True)]
    used = sum(sum(p.cpu_times()[:2]) for p in processes if p.is_running())
    return used, time.process_time()


def checkout(ref: str, folder: Path) -> Path:
    """A detached git worktree of this repository at `ref`, in `folder` (removed by `forget`)."""
    run = ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(folder), ref]
    subprocess.run(run, check=True)  # noqa: S603 - git, with our own arguments
    return folder


def forget(folder: Path) -> None:
    """Remove a worktree made by `checkout`."""
    run = ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)]
    subprocess.run(run, check=False)  # noqa: S603


def serve_dev(port: int, database_url: str) -> None:
    """(In a child process) Dash's development server, as `touchpoints serve` ran before."""
    from app import create_app
    from timeline.cli.serve import run_development_server
    from timeline.settings import load_settings

    settings = load_settings(database_url=database_url, port=port)
    run_development_server(create_app(settings), settings, reload=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warm-up", type=float, default=5)
    parser.add_argument("--workers", type=int, help="production workers (default: the setting)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: the setting)")
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="also load the development server running the code at git commit REF (first)",
    )
    parser.add_argument("--serve-dev", nargs=2, metavar=("PORT", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_dev:
        serve_dev(int(args.serve_dev[0]), args.serve_dev[1])
        return
    folder = Path(tempfile.mkdtemp(prefix="touchpoints-load-"))
    url = f"sqlite:///{folder / 'load.db'}"
    env = os.environ | {"TOUCHPOINTS_ACCESS_LOG": str(folder / "access.log")}
    for name in ("workers", "threads"):
        if getattr(args, name):
            env[f"TOUCHPOINTS_{name.upper()}"] = str(getattr(args, name))
    commands = {
        "development": [sys.executable, __file__, "--serve-dev", "PORT", url],
        "production": [sys.executable, "-m", "timeline", "serve", "--db", url, "--port", "PORT"],
    }
    places = dict.fromkeys(commands, ROOT)
    envs = dict.fromkeys(commands, env)
    if args.baseline:  # the development server running the code at a commit (no /healthz yet)
        before = f"development at {args.baseline}"
        places = {before: checkout(args.baseline, folder / "baseline")} | places
        envs[before] = env | {"PYTHONPATH": str(places[before])}
        old_db = f"sqlite:///{folder / 'baseline.db'}"
        commands = {
            before: [sys.executable, "-m", "timeline", "serve", "--db", old_db, "--port", "PORT"]
        } | commands
    ports = {name: free_port() for name in commands}
    servers: dict[str, subprocess.Popen] = {}
    report: dict[str, dict] = {}
    try:
        for name, command in commands.items():  # one after the other: the first makes the db
            command = [str(ports[name]) if part == "PORT" else part for part in command]
            servers[name] = start(command, envs[name], folder / f"{len(servers)}.log", places[name])
            health = "/" if name.startswith("development at") else "/healthz"
            wait_healthy(f"http://127.0.0.1:{ports[name]}", servers[name], path=health)
        for name in commands:
            base = f"http://127.0.0.1:{ports[name]}"
            run_clients(base, args.clients, args.warm_up)
            before = cpu_seconds(servers[name].pid)
            report[name] = run_clients(base, args.clients, args.seconds)
            used = [
                after - was
                for after, was in zip(cpu_seconds(servers[name].pid), before, strict=True)
            ]
            report[name] |= {
                "server_cpu_ms": 1000 * used[0] / report[name]["requests"],
                "client_cpu_ms": 1000 * used[1] / report[name]["requests"],
            }
    finally:
        for process in servers.values():
            process.terminate()
            process.wait(timeout=60)
        if args.baseline:
            forget(folder / "baseline")
    print_report(report, args, os.environ.get("TOUCHPOINTS_WORKERS"))


def print_report(report: dict[str, dict], args: argparse.Namespace, workers: str | None) -> None:
    """The figures as a Markdown table, ready for docs/performance.md."""
    print(
        f"{args.clients} clients, {args.seconds:.0f} s each after {args.warm_up:.0f} s warm-up, "
        f"{os.cpu_count()} CPUs; production workers={args.workers or workers or 'default'}, "
        f"threads={args.threads or 'default'}"
    )
    print(
        "| server | requests/s | p50 ms | p95 ms | p95 page / layout / deps / callback ms "
        "| requests | errors | server / client CPU ms per request |"
    )
    print("|---|---:|---:|---:|---|---:|---:|---:|")
    for name, row in report.items():
        kinds = " / ".join(
            f"{row['p95_by_kind_ms'].get(k, 0):.0f}"
            for k in ("page", "layout", "dependencies", "callback")
        )
        print(
            f"| {name} | {row['per_second']:.1f} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} "
            f"| {kinds} | {row['requests']} | {row['errors']} "
            f"| {row['server_cpu_ms']:.1f} / {row['client_cpu_ms']:.1f} |"
        )
    print()
    for name in report:
        if name != "production":
            ratio = report["production"]["per_second"] / report[name]["per_second"]
            print(f"throughput production / {name}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
