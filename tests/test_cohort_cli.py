"""`touchpoints synth` and `touchpoints cohort-summary`: the public contract."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
from pathlib import Path

import synthetic
from tests.test_cli import TOUCHPOINTS, run


def test_synth_stores_and_summarises(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    made = run("synth", "--people", "120", "--seed", "3", "--name", "demo", db=db)
    assert made.returncode == 0, made.stderr
    assert "stored demo: 120 at any one time" in made.stdout
    assert "from 2020-01-01 to 2024-12-31" in made.stdout
    again = run("synth", "--people", "120", "--seed", "3", "--name", "demo", db=db)
    assert again.returncode == 2
    assert "already stored" in again.stderr and "--replace" in again.stderr
    replaced = run(
        "synth", "--people", "40", "--seed", "3", "--name", "demo", "--replace",
        "--coordinated-from", "2022-01-01", "--coordinated-share", "0.5", db=db,
    )  # fmt: skip
    assert replaced.returncode == 0, replaced.stderr
    shown = run("cohort-summary", "demo", "--json", db=db)
    assert shown.returncode == 0, shown.stderr
    summary = json.loads(shown.stdout)
    assert summary["name"] == "demo" and summary["people"] > 40  # everyone over the window
    assert {
        "name", "people", "events", "agencies_per_person", "events_by_sector", "cycles_by_rule",
        "window_from", "window_to", "area", "people_at_any_time",
    } <= set(summary)  # fmt: skip
    assert (summary["window_from"], summary["window_to"], summary["area"]) == (
        "2020-01-01", "2024-12-31", ""
    )  # fmt: skip
    assert set(summary["agencies_per_person"]) == {"min", "p25", "median", "p75", "p90", "max"}
    for counts in summary["cycles_by_rule"].values():
        assert set(counts) == {"people", "iterations"}
        assert all(v == "<5" or v >= 5 for v in counts.values())  # small numbers suppressed
    text = run("cohort-summary", "demo", db=db)
    assert "agencies per person" in text.stdout and "cycles by rule" in text.stdout
    assert "window: 2020-01-01 to 2024-12-31" in text.stdout


def test_unknown_cohort_and_bad_modules(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    missing = run("cohort-summary", "nope", db=db)
    assert missing.returncode == 1 and "no cohort called 'nope'" in missing.stderr
    folder = tmp_path / "modules"
    folder.mkdir()
    (folder / "bad.toml").write_text('description = "x"\nstart = "a"\n', encoding="utf-8")
    bad = run(
        "synth", "--people", "5", "--seed", "1", "--name", "x", "--modules", str(folder), db=db
    )
    assert bad.returncode == 2 and "bad.toml" in bad.stderr


def _on_a_terminal(*args: str) -> bytes:
    """What `touchpoints ARGS` writes to stderr when stderr is a terminal."""
    leader, follower = pty.openpty()
    done = subprocess.run(
        [TOUCHPOINTS, *args],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        timeout=120,
        env={**os.environ, "COLUMNS": "120", "TERM": "xterm"},
        check=True,
    )
    os.close(follower)
    seen = b""
    while done and select.select([leader], [], [], 0.1)[0]:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return seen


def test_synth_is_quiet_in_scripts_and_shows_people_done_on_a_terminal(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    piped = run("synth", "--people", "60", "--seed", "2", "--name", "piped", db=db)
    assert piped.returncode == 0 and piped.stderr == ""  # output is not a terminal: no bar
    shown = _on_a_terminal("synth", "--people", "60", "--seed", "2", "--name", "bar", "--db", db)
    assert b"synth bar" in shown and b"people" in shown
    quiet = ("synth", "--people", "60", "--seed", "2", "--name", "q", "--quiet", "--db", db)
    assert _on_a_terminal(*quiet) == b""
    assert _on_a_terminal("cohort-summary", "bar", "--quiet", "--db", db) == b""
    summary = run("cohort-summary", "bar", db=db)
    assert summary.returncode == 0 and summary.stderr == ""


def test_a_cohort_whose_files_are_missing_is_made_again_by_cohort_summary(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    made = run("synth", "--people", "80", "--seed", "4", "--name", "lost", "--area", "coventry",
               "--coordinated-from", "2022-01-01", "--coordinated-share", "0.5", db=db)  # fmt: skip
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "cohorts" / "lost"

    def tables() -> dict[str, bytes]:  # the five tables and the stamp (not the caches)
        return {p.name: p.read_bytes() for p in [*folder.glob("*.parquet"), folder / "cohort.json"]}

    files = tables()
    before = run("cohort-summary", "lost", "--json", db=db)
    shutil.rmtree(folder)
    after = run("cohort-summary", "lost", "--json", db=db)
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert "making them again from seed 4" in after.stderr
    assert tables() == files
    shutil.rmtree(folder)
    quiet = run("cohort-export", "lost", "-o", str(tmp_path / "out"), "--quiet", db=db)
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert (tmp_path / "out" / "events.csv").exists()


def test_a_cohort_made_with_its_own_modules_says_what_to_run(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    modules = tmp_path / "modules"
    modules.mkdir()
    for path in (Path(synthetic.__file__).parent / "modules").glob("*.toml"):
        if path.stem != "money":
            shutil.copy(path, modules)
    made = run("synth", "--people", "30", "--seed", "6", "--name", "own",
               "--modules", str(modules), db=db)  # fmt: skip
    assert made.returncode == 0, made.stderr
    shutil.rmtree(tmp_path / "cohorts" / "own")
    shown = run("cohort-summary", "own", "--json", db=db)
    assert shown.returncode == 1 and shown.stdout == ""
    assert "other pathway modules" in shown.stderr and "--modules" in shown.stderr
    assert "touchpoints synth --people 30 --seed 6 --name own" in shown.stderr
