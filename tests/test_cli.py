"""The `touchpoints` command as a user scripts it: exit codes, stdout, stderr, files.

`run` starts the installed `touchpoints` script in a subprocess, as a user's script would; `cli`
runs the same command in this process through typer's CliRunner (no Python start-up and imports,
seconds quicker each) and gives the same exit code, stdout and stderr. Most tests use `cli`; the
entry point, the working folder and a failing start are checked with `run`.
"""

from __future__ import annotations

import gc
import hashlib
import json
import struct
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES
from tests.factories import make_restricted_journey
from timeline.cli import app as cli_app

TOUCHPOINTS = str(Path(sys.executable).parent / "touchpoints")


def run(*args: str, db: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    command = [TOUCHPOINTS, *args] + (["--db", db] if db else [])
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


def cli(*args: str, db: str | None = None) -> subprocess.CompletedProcess:
    """`touchpoints ARGS --db DB` in this process, answered like `run`: an uncaught exception is
    exit code 1 with its traceback on stderr, as the real process would end."""
    command = [*args] + (["--db", db] if db else [])
    result = CliRunner().invoke(cli_app, command)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(command, result.exit_code, result.stdout, stderr)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_demo_then_list_json_shows_three_journeys_with_counts(db: str) -> None:
    assert run("demo", db=db).returncode == 0
    again = run("demo", db=db)
    assert again.returncode == 0 and "already stored" in again.stdout
    listing = run("list", "--json", db=db)
    rows = {row["key"]: row for row in json.loads(listing.stdout)}
    assert set(rows) == {"coventry-couple", "lucy", "ahmed"}
    coventry = rows["coventry-couple"]
    assert (coventry["people"], coventry["agencies"], coventry["sectors"]) == (2, 24, 9)
    assert coventry["events"] >= 80 and coventry["span_days"] == 700
    assert coventry["provenance"] == "illustrative"
    assert all(row["provenance"] == "illustrative" for row in rows.values())


def test_default_database_is_data_touchpoints_db_in_the_working_folder(tmp_path: Path) -> None:
    assert run("init-db", cwd=tmp_path).returncode == 0
    assert (tmp_path / "data" / "touchpoints.db").is_file()


def test_import_prints_keys_and_refuses_the_same_key_twice(db: str) -> None:
    first = cli("import", str(FIXTURES / "household.csv"), db=db)
    assert (first.returncode, first.stdout) == (0, "test-household\n")
    second = cli("import", str(FIXTURES / "household.csv"), db=db)
    assert second.returncode == 2
    assert "already stored; use --replace" in second.stderr
    replaced = cli("import", str(FIXTURES / "household.csv"), "--replace", db=db)
    assert (replaced.returncode, replaced.stdout) == (0, "test-household\n")


def test_one_bad_row_rejects_the_file_and_leaves_the_database_byte_for_byte(
    db: str, tmp_path: Path
) -> None:
    assert cli("demo", db=db).returncode == 0
    # The demo command's engine is a reference cycle: whenever the garbage collector frees it,
    # its last connection closes and SQLite copies the WAL into the file. Free it now, so the
    # file is compared after that, not across it.
    gc.collect()
    database = tmp_path / "cli.db"
    before = _digest(database)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "journey,agency,sector,start,end\n"
        "new-one,Cyrenians,Housing,2015-03-02,\n"
        "new-one,Cyrenians,Housing,2015-03-09,\n"
        "new-one,Cyrenians,Housing,2015-03-02,2015-01-02\n"
        "new-one,Foodbank,Food,2015-04-01,\n",
        encoding="utf-8",
    )
    result = cli("import", str(bad), db=db)
    assert result.returncode == 2
    assert "row 4, column end: end date 2015-01-02 is before start date 2015-03-02" in result.stderr
    assert "nothing was imported" in result.stderr
    assert result.stdout == ""
    assert _digest(database) == before
    assert "new-one" not in cli("list", db=db).stdout


def test_export_json_to_stdout_and_csv_to_a_file(db: str, tmp_path: Path) -> None:
    cli("demo", db=db)
    exported = cli("export", "lucy", "--format", "json", db=db)
    assert json.loads(exported.stdout)["key"] == "lucy"
    target = tmp_path / "lucy.csv"
    assert cli("export", "lucy", "--format", "csv", "-o", str(target), db=db).returncode == 0
    assert target.read_text(encoding="utf-8-sig").startswith("journey,journey_title,")
    # the exported CSV imports again under a new database
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert cli("import", str(target), db=other).stdout == "lucy\n"


def test_export_leaves_restricted_events_out_unless_asked(db: str, tmp_path: Path) -> None:
    source = tmp_path / "restricted.json"
    source.write_text(make_restricted_journey("r").model_dump_json(), encoding="utf-8")
    assert cli("import", str(source), db=db).returncode == 0
    shown = json.loads(cli("export", "r", db=db).stdout)
    assert [e["id"] for e in shown["events"]] == ["e1", "e3"]  # e2 is restricted
    assert {a["id"] for a in shown["annotations"]} == {"on-e1-e2", "period"}
    whole = json.loads(cli("export", "r", "--include-restricted", db=db).stdout)
    assert [e["id"] for e in whole["events"]] == ["e1", "e2", "e3"]


def test_export_of_unknown_key_or_format_fails_clearly(db: str) -> None:
    cli("init-db", db=db)
    missing = cli("export", "nobody", db=db)
    assert missing.returncode == 1 and "no journey with key 'nobody'" in missing.stderr
    wrong = cli("export", "nobody", "--format", "docx", db=db)
    assert wrong.returncode == 2 and "unknown format 'docx'" in wrong.stderr


def test_a_bad_database_url_is_explained() -> None:
    result = run("list", db="not a url")
    assert result.returncode == 1
    assert "is not a SQLAlchemy URL" in result.stderr


def test_every_command_takes_db(db: str) -> None:
    for command in ("init-db", "demo", "list", "import", "export", "schema", "serve"):
        assert "--db" in cli(command, "--help").stdout, command


SPEC_FIELDS = {
    "rule",
    "label",
    "explanation",
    "event_ids",
    "start",
    "end",
    "iterations",
    "people",
    "severity",
}


def test_cycles_json_has_the_spec_fields(db: str) -> None:
    cli("demo", db=db)
    result = cli("cycles", "lucy", "--json", db=db)
    assert result.returncode == 0
    cycles = json.loads(result.stdout)
    assert {c["rule"]: c["iterations"] for c in cycles} == {
        "eviction_cycle": 3,
        "breach_cycle": 2,
        "custody_cycle": 2,
    }
    for cycle in cycles:
        assert set(cycle) >= SPEC_FIELDS
        assert cycle["severity"] in {"flag", "high"} and cycle["people"] == ["Lucy"]


def test_cycles_empty_is_an_empty_list_and_exit_0(db: str) -> None:
    cli("import", str(FIXTURES / "household.csv"), db=db)
    result = cli("cycles", "test-household", "--json", db=db)
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def test_cycles_with_a_rules_file(db: str, tmp_path: Path) -> None:
    cli("demo", db=db)
    rules = tmp_path / "rules.toml"
    rules.write_text("[custody_cycle]\nwindow_days = 30\n", encoding="utf-8")
    result = cli("cycles", "lucy", "--json", "--rules", str(rules), db=db)
    assert "custody_cycle" not in {c["rule"] for c in json.loads(result.stdout)}
    rules.write_text("[custody_cycle]\nwindow = 30\n", encoding="utf-8")
    bad = cli("cycles", "lucy", "--rules", str(rules), db=db)
    assert bad.returncode == 1 and "has no parameter window" in bad.stderr


@pytest.mark.browser
def test_export_png_draws_the_whole_timeline_at_slide_size(db: str, tmp_path: Path) -> None:
    cli("demo", db=db)
    target = tmp_path / "coventry.png"
    result = cli("export", "coventry-couple", "--format", "png", "-o", str(target), db=db)
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1600, 900)
