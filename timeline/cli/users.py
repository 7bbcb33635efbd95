"""The account commands of `touchpoints`: user add, list, remove, password, share, unshare.

One command group of the timeline/cli package. No `from __future__ import annotations`
here: typer reads these commands' annotations, which name the --db option type passed in.
Passwords come from a hidden prompt or from stdin, never from an option (shell history), and are
never printed.
"""

import json
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from timeline.access import Role, parse_role
from timeline.accounts import Accounts, UserInfo, check_username
from timeline.service import Services
from timeline.store import DEFAULT_ACTOR, JourneyNotFoundError, UserExistsError, UserNotFoundError

__all__ = ["register_user_commands"]

EXIT_INVALID = 2
ROLES = ", ".join(r.value for r in Role)
LIST_HINT = "`touchpoints user list` shows the accounts"

UsernameArgument = Annotated[str, typer.Argument(help="The account's username.")]
KeyArgument = Annotated[str, typer.Argument(help="The journey's key (see `touchpoints list`).")]
# --by as in `touchpoints import`: free text, default "local user".
AddedByOption = Annotated[
    str, typer.Option("--by", help="Who is adding the account, listed as its creator.")
]
SharedByOption = Annotated[
    str, typer.Option("--by", help="Who is sharing the journey, recorded with the share.")
]
PasswordStdinOption = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="Read the password from the first line of stdin (for scripts) instead of "
        "prompting for it twice with hidden input.",
    ),
]


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


def _find(accounts: Accounts, username: str) -> UserInfo | None:
    name = username.strip().lower()
    return next((u for u in accounts.list_users() if u.username == name), None)


def register_user_commands(
    app: typer.Typer,
    *,
    db_option: Any,
    open_db: Callable[[str | None], Services],
    fail: Callable[..., typer.Exit],
) -> None:
    """Add the `user` group (add, list, remove, password, role, share, unshare, pending,
    approve, dismiss, audit) to `touchpoints`."""
    user = typer.Typer(
        help="Accounts, used when TOUCHPOINTS_ACCOUNTS is on: add, list and remove users, change "
        "a password or role, share journeys with reviewers, give a role to people waiting after "
        f"the council's sign-in, read the audit list. Roles: {ROLES}. Exit code 2: a bad "
        "username, role or password, or an unknown account or journey (nothing is changed).",
        no_args_is_help=True,
    )
    app.add_typer(user, name="user")

    def accounts_in(db: str | None) -> Accounts:
        return Accounts(open_db(db).sessions)

    def known(accounts: Accounts, username: str) -> UserInfo:
        found = _find(accounts, username)
        if found is None:
            raise fail(f"there is no account called {username!r}; {LIST_HINT}", EXIT_INVALID)
        return found

    @user.command("add")
    def add(
        username: Annotated[
            str,
            typer.Argument(help="2 to 80 lower-case letters, digits, dots, dashes, underscores."),
        ],
        role: Annotated[str, typer.Option("--role", help=f"One of: {ROLES}.")],
        password_stdin: PasswordStdinOption = False,
        db: db_option = None,
        by: AddedByOption = DEFAULT_ACTOR,
    ) -> None:
        """Add an account. The password (at least 12 characters) is prompted for twice with
        hidden input, or read from stdin with --password-stdin; it is never an option."""
        try:
            check_username(username)
            parse_role(role)
        except ValueError as exc:
            raise fail(str(exc), EXIT_INVALID) from None
        accounts = accounts_in(db)
        if _find(accounts, username) is not None:
            raise fail(f"there is already an account called {username!r}", EXIT_INVALID)
        password = _read_password(password_stdin)
        try:
            name = accounts.add_user(username, role, password, created_by=by)
        except (ValueError, UserExistsError) as exc:
            raise fail(f"{exc}; nothing was stored", EXIT_INVALID) from None
        typer.echo(f"added {name} ({parse_role(role).value})")

    @user.command("list")
    def list_command(
        db: db_option = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    ) -> None:
        """List accounts: username, role, who created it, and (reviewers) the journeys shared."""
        users = accounts_in(db).list_users()
        if as_json:
            rows = [
                {
                    "username": u.username,
                    "role": u.role.value,
                    "created_by": u.created_by,
                    "shared": list(u.shared),
                }
                for u in users
            ]
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        if not users:
            typer.echo("No accounts. `touchpoints user add NAME --role admin` adds one.")
        for u in users:
            row = [u.username, u.role.value, f"created by {u.created_by}"]
            if u.role is Role.REVIEWER:
                row.append(f"shared: {', '.join(u.shared) or 'none'}")
            typer.echo("\t".join(row))

    @user.command("remove")
    def remove(
        username: UsernameArgument,
        yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = (
            False
        ),
        db: db_option = None,
        by: Annotated[str, typer.Option("--by", help="Who is removing it, for the audit.")] = (
            DEFAULT_ACTOR
        ),
    ) -> None:
        """Remove an account and the journeys shared with it; its sessions end at once."""
        accounts = accounts_in(db)
        name = known(accounts, username).username
        if not yes:
            typer.confirm(f"Remove the account {name!r}?", abort=True)
        try:
            accounts.remove_user(name, by=by)
        except UserNotFoundError as exc:
            raise fail(f"{exc}; {LIST_HINT}", EXIT_INVALID) from None
        except ValueError as exc:  # the last admin
            raise fail(f"{exc}; nothing was removed", EXIT_INVALID) from None
        typer.echo(f"removed {name}")

    @user.command("password")
    def password(
        username: UsernameArgument,
        password_stdin: PasswordStdinOption = False,
        db: db_option = None,
    ) -> None:
        """Change an account's password; every session it had ends (it signs in again)."""
        accounts = accounts_in(db)
        name = known(accounts, username).username
        try:
            accounts.set_password(name, _read_password(password_stdin))
        except ValueError as exc:
            raise fail(f"{exc}; the password was not changed", EXIT_INVALID) from None
        except UserNotFoundError as exc:
            raise fail(f"{exc}; {LIST_HINT}", EXIT_INVALID) from None
        typer.echo(f"changed the password of {name}; their sessions have ended")

    @user.command("share")
    def share(
        username: Annotated[str, typer.Argument(help="The reviewer's username.")],
        key: KeyArgument,
        db: db_option = None,
        by: SharedByOption = DEFAULT_ACTOR,
    ) -> None:
        """Share a journey with a reviewer, who then sees it in the review view."""
        try:
            added = accounts_in(db).share(key, username, by=by)
        except UserNotFoundError as exc:
            raise fail(f"{exc}; {LIST_HINT}", EXIT_INVALID) from None
        except (ValueError, JourneyNotFoundError) as exc:
            raise fail(str(exc), EXIT_INVALID) from None
        name = username.strip().lower()
        if not added:
            typer.echo(f"{key} was already shared with {name}", err=True)
            return
        typer.echo(f"shared {key} with {name}")

    @user.command("unshare")
    def unshare(
        username: Annotated[str, typer.Argument(help="The reviewer's username.")],
        key: KeyArgument,
        db: db_option = None,
    ) -> None:
        """Stop sharing a journey with a reviewer."""
        services = open_db(db)
        accounts = Accounts(services.sessions)
        name = known(accounts, username).username
        if accounts.unshare(key, name):
            typer.echo(f"stopped sharing {key} with {name}")
            return
        try:
            services.load_journey(key)
        except JourneyNotFoundError as exc:
            raise fail(str(exc), EXIT_INVALID) from None
        typer.echo(f"{key} was not shared with {name}", err=True)

    @user.command("role")
    def role_command(
        username: UsernameArgument,
        role: Annotated[str, typer.Argument(help=f"The new role, one of: {ROLES}.")],
        db: db_option = None,
        by: Annotated[str, typer.Option("--by", help="Who is changing it, for the audit.")] = (
            DEFAULT_ACTOR
        ),
    ) -> None:
        """Give an account another role; its sessions end so the new role applies at once."""
        accounts = accounts_in(db)
        name = known(accounts, username).username
        try:
            changed = accounts.set_role(name, role, by=by)
        except ValueError as exc:
            raise fail(f"{exc}; the role was not changed", EXIT_INVALID) from None
        if not changed:
            typer.echo(f"{name} already has the {parse_role(role).value} role", err=True)
            return
        typer.echo(f"{name} is now {parse_role(role).value}; their sessions have ended")

    @user.command("pending")
    def pending_command(
        db: db_option = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    ) -> None:
        """People who signed in with the council's sign-in and wait for a role."""
        waiting = accounts_in(db).pending()
        if as_json:
            rows = [
                {
                    "username": p.username,
                    "display": p.display,
                    "first_seen": p.first_seen.isoformat(),
                    "last_seen": p.last_seen.isoformat(),
                }
                for p in waiting
            ]
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        if not waiting:
            typer.echo("Nobody is waiting for a role.")
        for p in waiting:
            typer.echo(f"{p.username}\t{p.display}\tfirst signed in {p.first_seen:%Y-%m-%d %H:%M}")

    @user.command("approve")
    def approve(
        username: UsernameArgument,
        role: Annotated[str, typer.Option("--role", help=f"One of: {ROLES}.")],
        db: db_option = None,
        by: AddedByOption = DEFAULT_ACTOR,
    ) -> None:
        """Give someone waiting (see `user pending`) a role: their account is made, and they
        sign in with the council's sign-in."""
        try:
            name = accounts_in(db).approve(username, role, by=by)
        except UserNotFoundError as exc:
            raise fail(f"{exc}; `touchpoints user pending` lists who is", EXIT_INVALID) from None
        except (ValueError, UserExistsError) as exc:
            raise fail(f"{exc}; nothing was stored", EXIT_INVALID) from None
        typer.echo(f"added {name} ({parse_role(role).value})")

    @user.command("dismiss")
    def dismiss(
        username: UsernameArgument,
        db: db_option = None,
        by: Annotated[str, typer.Option("--by", help="Who is dismissing, for the audit.")] = (
            DEFAULT_ACTOR
        ),
    ) -> None:
        """Take someone off the waiting list (they wait again if they sign in again)."""
        try:
            accounts_in(db).dismiss(username, by=by)
        except (UserNotFoundError, ValueError) as exc:
            raise fail(f"{exc}; `touchpoints user pending` lists who is", EXIT_INVALID) from None
        typer.echo(f"dismissed {username.strip().lower()}")

    @user.command("audit")
    def audit(
        db: db_option = None,
        limit: Annotated[int, typer.Option("--limit", min=1, max=10_000)] = 50,
        as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    ) -> None:
        """Who did what: account changes, shares and sign-ins, newest first (never deleted)."""
        rows = accounts_in(db).audit(limit)
        if as_json:
            typer.echo(
                json.dumps(
                    [
                        {
                            "at": r.at.isoformat(),
                            "actor": r.actor,
                            "action": r.action,
                            "target": r.target,
                            "detail": r.detail,
                        }
                        for r in rows
                    ],
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return
        for r in rows:
            typer.echo(f"{r.at:%Y-%m-%d %H:%M:%S}\t{r.actor}\t{r.action}\t{r.target}\t{r.detail}")
