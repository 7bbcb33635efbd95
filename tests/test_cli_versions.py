"""`touchpoints import --replace --if-version N` and `--if-version` on restore, delete and
undelete: a script's change is refused (exit 2, nothing stored) when someone saved since."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.factories import make_journey
from timeline.cli import app as cli_app
from timeline.io.jsonio import write_json

KEY = "test-journey"


def run(*args: str, db: str):
    """`touchpoints ARGS --db DB`, in this process (the subprocess runs are in test_cli.py)."""
    return CliRunner().invoke(cli_app, [*args, "--db", db])


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def _file(tmp_path: Path, title: str) -> str:
    path = tmp_path / f"{title.replace(' ', '-')}.json"
    path.write_bytes(write_json(make_journey(KEY).model_copy(update={"title": title})))
    return str(path)


def _titles(db: str) -> list[str]:
    return [row["title"] for row in json.loads(run("list", "--json", db=db).stdout)]


def _versions(db: str) -> list[int]:
    return [row["version"] for row in json.loads(run("history", KEY, "--json", db=db).stdout)]


def test_import_if_version_replaces_only_the_version_named(db: str, tmp_path: Path) -> None:
    assert run("import", _file(tmp_path, "First"), db=db).exit_code == 0
    ok = run("import", _file(tmp_path, "Second"), "--replace", "--if-version", "1", db=db)
    assert ok.exit_code == 0 and ok.stdout.strip() == KEY
    stale = run("import", _file(tmp_path, "Third"), "--replace", "--if-version", "1", db=db)
    assert stale.exit_code == 2
    assert "version 2" in stale.stderr and "nothing was imported" in stale.stderr
    assert _titles(db) == ["Second"] and _versions(db) == [1, 2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--if-version", "1"], "goes with --replace", id="without-replace"),
        pytest.param(["--replace", "--if-version", "-1"], "--if-version", id="negative"),
    ],
)
def test_import_if_version_misuse_says_what_to_fix(
    db: str, tmp_path: Path, args: list[str], message: str
) -> None:
    assert run("import", _file(tmp_path, "First"), db=db).exit_code == 0
    refused = run("import", _file(tmp_path, "Second"), *args, db=db)
    assert refused.exit_code == 2 and message in refused.stderr
    assert _titles(db) == ["First"]


def test_import_if_version_of_a_journey_never_stored_is_refused(db: str, tmp_path: Path) -> None:
    refused = run("import", _file(tmp_path, "New"), "--replace", "--if-version", "3", db=db)
    assert refused.exit_code == 2 and "no journey with key" in refused.stderr
    assert _titles(db) == []


def test_import_if_version_0_stores_only_a_journey_not_stored_yet(db: str, tmp_path: Path) -> None:
    assert (
        run("import", _file(tmp_path, "New"), "--replace", "--if-version", "0", db=db).exit_code
        == 0
    )
    again = run("import", _file(tmp_path, "Again"), "--replace", "--if-version", "0", db=db)
    assert again.exit_code == 2 and "version 1" in again.stderr
    assert _titles(db) == ["New"]


def test_restore_delete_undelete_if_version(db: str, tmp_path: Path) -> None:
    run("import", _file(tmp_path, "First"), db=db)
    run("import", _file(tmp_path, "Second"), "--replace", db=db)
    stale = run("restore", KEY, "1", "--if-version", "1", db=db)
    assert stale.exit_code == 2 and "version 2" in stale.stderr
    assert run("restore", KEY, "1", "--if-version", "2", db=db).exit_code == 0
    assert _titles(db) == ["First"]
    assert run("delete", KEY, "--if-version", "2", db=db).exit_code == 2
    assert run("delete", KEY, "--if-version", "3", db=db).exit_code == 0
    assert run("undelete", KEY, "--if-version", "3", db=db).exit_code == 2
    assert run("undelete", KEY, "--if-version", "4", db=db).exit_code == 0
    assert _versions(db) == [1, 2, 3, 4, 5]
