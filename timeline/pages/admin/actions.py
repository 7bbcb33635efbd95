"""What the admin page does, as plain functions (no dash): each action in, a message out.

Every action is checked against the signed-in viewer's role by the callback before it gets
here (Action.USERS: admins only), is recorded in the audit list by timeline/accounts.py, and
reports what went wrong in plain words instead of raising. An admin cannot remove their own
account or change their own role here (they would lock themselves out mid-page).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from timeline.access import Role, parse_role
from timeline.accounts import Accounts, UserInfo
from timeline.store import (
    AuditRecord,
    JourneyNotFoundError,
    PendingRecord,
    UserExistsError,
    UserNotFoundError,
)

ACTIONS = ("role", "reset", "remove", "add", "approve", "dismiss", "share", "unshare")
AUDIT_ROWS = 100  # newest rows on the page; `touchpoints user audit --limit N` reads more


@dataclass(frozen=True)
class AdminLists:
    """What the page lists: accounts, people waiting for a role, and the newest audit rows."""

    users: list[UserInfo]
    pending: list[PendingRecord]
    audit: list[AuditRecord]


@dataclass(frozen=True)
class ActionResult:
    """An action's message, whether it worked, and a new password to pass on (shown once)."""

    message: str
    done: bool = False
    password: str | None = None


def admin_lists(accounts: Accounts) -> AdminLists:
    """The page's lists as stored now."""
    return AdminLists(accounts.list_users(), accounts.pending(), accounts.audit(AUDIT_ROWS))


def new_password() -> str:
    """A strong password for a new or reset account, shown once to the admin."""
    return secrets.token_urlsafe(15)


def run_action(  # noqa: C901, PLR0911
    accounts: Accounts, actor: str, action: str, values: dict[str, str | None]
) -> ActionResult:
    """Do one admin action with the form's values (account, role, username, journey,
    reviewer, waiting); the result says what happened, or what to fix."""
    account = (values.get("account") or "").strip()
    role = (values.get("role") or "").strip()
    try:
        if action in {"role", "reset", "remove"} and not account:
            return ActionResult("Choose an account first.")
        if action == "role":
            if account == actor:
                return ActionResult("You cannot change your own role here; ask another admin.")
            if not role:
                return ActionResult("Choose the new role first.")
            if not accounts.set_role(account, role, by=actor):
                return ActionResult(f"{account} already has the {role} role.")
            return ActionResult(f"{account} is now {role}; their sessions have ended.", True)
        if action == "reset":
            password = new_password()
            accounts.set_password(account, password, by=actor)
            return ActionResult(
                f"New password for {account}: pass it on privately, it is shown only once. "
                "Their sessions have ended.",
                True,
                password,
            )
        if action == "remove":
            if account == actor:
                return ActionResult("You cannot remove your own account here.")
            accounts.remove_user(account, by=actor)
            return ActionResult(f"Removed {account} and the journeys shared with them.", True)
        if action == "add":
            username = (values.get("username") or "").strip()
            if not username or not role:
                return ActionResult("Fill in a username and choose a role to add an account.")
            password = new_password()
            name = accounts.add_user(username, role, password, created_by=actor)
            return ActionResult(
                f"Added {name} ({parse_role(role).value}). Their password, shown only once: "
                "pass it on privately.",
                True,
                password,
            )
        if action in {"approve", "dismiss"}:
            waiting = (values.get("waiting") or "").strip()
            if not waiting:
                return ActionResult("Choose someone from the waiting list first.")
            if action == "dismiss":
                accounts.dismiss(waiting, by=actor)
                return ActionResult(f"Took {waiting} off the waiting list.", True)
            if not role:
                return ActionResult("Choose the role to give first.")
            accounts.approve(waiting, role, by=actor)
            return ActionResult(f"{waiting} can now sign in as {role}.", True)
        if action in {"share", "unshare"}:
            key, reviewer = values.get("journey") or "", values.get("reviewer") or ""
            if not key or not reviewer:
                return ActionResult("Choose a journey and a reviewer first.")
            if action == "share":
                if not accounts.share(key, reviewer, by=actor):
                    return ActionResult(f"{key} was already shared with {reviewer}.")
                return ActionResult(f"Shared {key} with {reviewer}.", True)
            if not accounts.unshare(key, reviewer, by=actor):
                return ActionResult(f"{key} was not shared with {reviewer}.")
            return ActionResult(f"Stopped sharing {key} with {reviewer}.", True)
    except UserExistsError as exc:
        return ActionResult(f"Not added: {exc}. Choose another username.")
    except (UserNotFoundError, JourneyNotFoundError) as exc:
        return ActionResult(f"Nothing changed: {exc}. The lists below are up to date now.")
    except ValueError as exc:
        return ActionResult(f"Nothing changed: {exc}.")
    return ActionResult(f"There is no action {action[:20]!r}.")


def role_options() -> list[dict[str, str]]:
    """The roles, as a dropdown offers them."""
    return [{"label": r.value, "value": r.value} for r in Role]
