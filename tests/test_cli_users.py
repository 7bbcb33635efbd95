"""The `touchpoints user` commands: accounts and shares from the command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from typer.main import get_command
from typer.testing import CliRunner

from tests.factories import make_journey
from timeline.accounts import Accounts
from timeline.cli import app as cli_app
from timeline.service import Services, open_services
from timeline.settings import Settings

PASSWORD = "correct horse battery"
NEW_PASSWORD = "staple gun ladder spoon"
KEY = "test-journey"


@pytest.fixture
def services(sqlite_url: str) -> Iterator[Services]:
    opened = open_services(Settings(database_url=sqlite_url, load_demo=False))
    opened.save_journeys([make_journey(KEY)])
    yield opened
    opened.sessions.kw["bind"].dispose()


@pytest.fixture
def accounts(services: Services) -> Accounts:
    return Accounts(services.sessions)


def cli(*args: str, db: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli_app, ["user", *args, "--db", db], input=stdin)


def add(username: str, role: str, db: str, password: str = PASSWORD, *more: str) -> Result:
    return cli("add", username, "--role", role, "--password-stdin", *more, db=db, stdin=password)


def listed(db: str) -> list[dict]:
    result = cli("list", "--json", db=db)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_add_from_stdin_then_list_json_shows_fields_and_no_secrets(
    sqlite_url: str, accounts: Accounts
) -> None:
    added = add("Sam", "facilitator", sqlite_url, PASSWORD + "\n", "--by", "Jo")
    assert (added.exit_code, added.stdout) == (0, "added sam (facilitator)\n")
    assert add("rev", "reviewer", sqlite_url).exit_code == 0
    assert cli("share", "rev", KEY, db=sqlite_url).exit_code == 0
    assert listed(sqlite_url) == [
        {"username": "rev", "role": "reviewer", "created_by": "local user", "shared": [KEY]},
        {"username": "sam", "role": "facilitator", "created_by": "Jo", "shared": []},
    ]
    assert accounts.authenticate("sam", PASSWORD) is not None
    text = cli("list", db=sqlite_url).stdout
    assert text.splitlines() == [
        f"rev\treviewer\tcreated by local user\tshared: {KEY}",
        "sam\tfacilitator\tcreated by Jo",
    ]
    _, token = accounts.authenticate("sam", PASSWORD)
    for output in (text, cli("list", "--json", db=sqlite_url).stdout):
        assert PASSWORD not in output and "$argon2" not in output and token not in output


def test_add_prompts_twice_with_hidden_input(sqlite_url: str, accounts: Accounts) -> None:
    result = cli("add", "jo", "--role", "admin", db=sqlite_url, stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output and "Repeat for confirmation:" in result.output
    assert PASSWORD not in result.output
    assert accounts.authenticate("jo", PASSWORD) is not None


def test_add_prompt_refuses_passwords_that_differ(sqlite_url: str) -> None:
    result = cli("add", "jo", "--role", "admin", db=sqlite_url, stdin=f"{PASSWORD}\nother\n")
    assert result.exit_code != 0 and "do not match" in result.output
    assert listed(sqlite_url) == []


def test_password_is_stored_hashed_never_in_clear(sqlite_url: str, services: Services) -> None:
    assert add("sam", "admin", sqlite_url).exit_code == 0
    assert (
        cli("password", "sam", "--password-stdin", db=sqlite_url, stdin=NEW_PASSWORD).exit_code == 0
    )
    db_file = Path(sqlite_url.removeprefix("sqlite:///"))
    # WAL mode: recent rows may sit in the -wal file, so read the database and its log.
    data = b"".join(f.read_bytes() for f in db_file.parent.glob(db_file.name + "*"))
    assert b"$argon2id$" in data
    assert PASSWORD.encode() not in data and NEW_PASSWORD.encode() not in data


def test_no_command_takes_a_password_option() -> None:
    group = get_command(cli_app).commands["user"]
    for command in group.commands.values():
        options = {opt for param in command.params for opt in param.opts}
        assert "--password" not in options, command.name


@pytest.mark.parametrize(
    ("username", "role", "password", "message"),
    [
        pytest.param("Bad Name", "reviewer", PASSWORD, "is not allowed", id="bad-username"),
        pytest.param("x", "reviewer", PASSWORD, "2 to 80 lower-case", id="username-too-short"),
        pytest.param("jo", "boss", PASSWORD, "unknown role 'boss'; choose from:", id="bad-role"),
        pytest.param("jo", "reviewer", "short", "at least 12 characters", id="short-password"),
        pytest.param("jo", "reviewer", "", "at least 12 characters", id="empty-stdin"),
        pytest.param("jo", "reviewer", "x" * 257, "at most 256", id="long-password"),
        pytest.param("SAM", "reviewer", PASSWORD, "already an account called", id="existing"),
    ],
)
def test_add_refuses_and_stores_nothing(
    sqlite_url: str, username: str, role: str, password: str, message: str
) -> None:
    assert add("sam", "admin", sqlite_url).exit_code == 0
    before = listed(sqlite_url)
    result = add(username, role, sqlite_url, password)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert password not in result.output or not password
    assert listed(sqlite_url) == before


def test_list_with_no_accounts(sqlite_url: str) -> None:
    assert "No accounts" in cli("list", db=sqlite_url).stdout
    assert listed(sqlite_url) == []


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        pytest.param(("--yes",), None, id="yes"),
        pytest.param((), "y\n", id="confirmed"),
    ],
)
def test_remove_then_sign_in_fails(
    sqlite_url: str, accounts: Accounts, args: tuple[str, ...], stdin: str | None
) -> None:
    assert add("rev", "reviewer", sqlite_url).exit_code == 0
    assert cli("share", "rev", KEY, db=sqlite_url).exit_code == 0
    result = cli("remove", "rev", *args, db=sqlite_url, stdin=stdin)
    assert result.exit_code == 0 and "removed rev" in result.stdout
    assert accounts.authenticate("rev", PASSWORD) is None
    assert listed(sqlite_url) == [] and accounts.shared_with(KEY) == []


def test_remove_asks_first_and_keeps_the_account_when_told_no(
    sqlite_url: str, accounts: Accounts
) -> None:
    assert add("rev", "reviewer", sqlite_url).exit_code == 0
    result = cli("remove", "rev", db=sqlite_url, stdin="n\n")
    assert result.exit_code == 1 and "Remove the account 'rev'?" in result.output
    assert accounts.authenticate("rev", PASSWORD) is not None


def test_password_change_ends_sessions_and_replaces_the_old_one(
    sqlite_url: str, accounts: Accounts
) -> None:
    assert add("sam", "facilitator", sqlite_url).exit_code == 0
    _, token = accounts.authenticate("sam", PASSWORD)
    assert accounts.load_viewer("sam", token) is not None
    result = cli("password", "sam", "--password-stdin", db=sqlite_url, stdin=NEW_PASSWORD + "\n")
    assert result.exit_code == 0 and "sessions have ended" in result.stdout
    assert NEW_PASSWORD not in result.output
    assert accounts.load_viewer("sam", token) is None
    assert accounts.authenticate("sam", PASSWORD) is None
    assert accounts.authenticate("sam", NEW_PASSWORD) is not None


def test_password_prompts_twice(sqlite_url: str, accounts: Accounts) -> None:
    assert add("sam", "facilitator", sqlite_url).exit_code == 0
    result = cli("password", "sam", db=sqlite_url, stdin=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert accounts.authenticate("sam", NEW_PASSWORD) is not None


def test_share_twice_says_it_already_was_and_unshare_undoes_it(
    sqlite_url: str, accounts: Accounts
) -> None:
    assert add("rev", "reviewer", sqlite_url).exit_code == 0
    first = cli("share", "REV", KEY, db=sqlite_url)
    assert (first.exit_code, first.stdout) == (0, f"shared {KEY} with rev\n")
    again = cli("share", "rev", KEY, db=sqlite_url)
    assert again.exit_code == 0 and f"{KEY} was already shared with rev" in again.stderr
    assert accounts.shared_with(KEY) == ["rev"]
    removed = cli("unshare", "rev", KEY, db=sqlite_url)
    assert (removed.exit_code, removed.stdout) == (0, f"stopped sharing {KEY} with rev\n")
    assert accounts.shared_with(KEY) == []
    twice = cli("unshare", "rev", KEY, db=sqlite_url)
    assert twice.exit_code == 0 and "was not shared with rev" in twice.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("share", "nobody", KEY), "no account called 'nobody'", id="share-no-user"),
        pytest.param(("share", "rev", "nope"), "no journey with key 'nope'", id="share-no-key"),
        pytest.param(("share", "sam", KEY), "shared with reviewers only", id="share-not-reviewer"),
        pytest.param(("share", "Bad Name", KEY), "is not allowed", id="share-bad-name"),
        pytest.param(
            ("unshare", "nobody", KEY), "no account called 'nobody'", id="unshare-no-user"
        ),
        pytest.param(("unshare", "rev", "nope"), "no journey with key 'nope'", id="unshare-no-key"),
        pytest.param(("remove", "nobody", "--yes"), "no account called", id="remove-no-user"),
        pytest.param(
            ("password", "nobody", "--password-stdin"), "no account called", id="password-no-user"
        ),
        pytest.param(
            ("password", "sam", "--password-stdin"), "at least 12", id="password-too-short"
        ),
    ],
)
def test_refusals_exit_2_and_change_nothing(
    sqlite_url: str, accounts: Accounts, args: tuple[str, ...], message: str
) -> None:
    assert add("rev", "reviewer", sqlite_url).exit_code == 0
    assert add("sam", "facilitator", sqlite_url).exit_code == 0
    before = listed(sqlite_url)
    result = cli(*args, db=sqlite_url, stdin="short\n")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert listed(sqlite_url) == before
    assert accounts.authenticate("sam", PASSWORD) is not None


def test_role_changes_are_audited_and_the_last_admin_keeps_the_role(sqlite_url: str) -> None:
    assert add("boss", "admin", sqlite_url).exit_code == 0
    assert add("sam", "facilitator", sqlite_url).exit_code == 0
    changed = cli("role", "sam", "commissioner", "--by", "boss", db=sqlite_url)
    assert (changed.exit_code, changed.stdout) == (
        0,
        "sam is now commissioner; their sessions have ended\n",
    )
    assert {u["username"]: u["role"] for u in listed(sqlite_url)}["sam"] == "commissioner"
    again = cli("role", "sam", "commissioner", db=sqlite_url)
    assert again.exit_code == 0 and "already has the commissioner role" in again.stderr
    last = cli("role", "boss", "reviewer", db=sqlite_url)
    assert last.exit_code == 2 and "only admin" in last.stderr
    bad = cli("role", "sam", "boss", db=sqlite_url)
    assert bad.exit_code == 2 and "admin, facilitator, reviewer" in bad.stderr
    audit = cli("audit", "--json", db=sqlite_url)
    rows = json.loads(audit.stdout)
    assert rows[0] | {"at": ""} == {
        "at": "",
        "actor": "boss",
        "action": "set role",
        "target": "sam",
        "detail": "facilitator to commissioner",
    }
    assert [r["action"] for r in rows[-2:]] == ["add account", "add account"]


def test_people_waiting_after_the_council_sign_in_are_approved_or_dismissed(
    sqlite_url: str, accounts: Accounts
) -> None:
    issuer = "https://login.example.gov.uk"
    for subject, name in (("s-1", "robin"), ("s-2", "kim")):
        claims = {"sub": subject, "preferred_username": name, "name": name.title()}
        assert accounts.sign_on(issuer, claims, "roles", {}).pending
    waiting = cli("pending", "--json", db=sqlite_url)
    assert [(p["username"], p["display"]) for p in json.loads(waiting.stdout)] == [
        ("robin", "Robin"),
        ("kim", "Kim"),
    ]
    approved = cli("approve", "robin", "--role", "reviewer", "--by", "boss", db=sqlite_url)
    assert (approved.exit_code, approved.stdout) == (0, "added robin (reviewer)\n")
    assert cli("dismiss", "kim", db=sqlite_url).exit_code == 0
    assert cli("pending", db=sqlite_url).stdout == "Nobody is waiting for a role.\n"
    unknown = cli("approve", "nobody", "--role", "reviewer", db=sqlite_url)
    assert unknown.exit_code == 2 and "nobody called 'nobody' is waiting" in unknown.stderr
    # robin now signs in as the account made for them; a password does not
    again = accounts.sign_on(issuer, {"sub": "s-1", "preferred_username": "robin"}, "roles", {})
    assert (again.username, again.pending) == ("robin", False)
    assert accounts.authenticate("robin", PASSWORD) is None
    password = cli("password", "robin", "--password-stdin", db=sqlite_url, stdin=NEW_PASSWORD)
    assert password.exit_code == 2 and "council's own sign-in" in password.stderr
