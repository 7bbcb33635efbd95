"""`touchpoints synth` and `touchpoints cohort-summary`: the public contract."""

from __future__ import annotations

import json

from tests.test_cli import run


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
