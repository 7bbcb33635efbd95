"""Accounts: add, list and remove users, check passwords, share journeys with reviewers.

Passwords are hashed with Argon2id (argon2-cffi's defaults, which follow RFC 9106's advice) and
never stored or logged in clear. Each account has a session token that is part of every session
it signs; signing out or changing the password replaces it, which ends all of that account's
sessions at once.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from timeline import store
from timeline.access import LOCAL_VIEWER, Role, Viewer, parse_role
from timeline.sign_on import SignOnResult, display_name, role_from_claims, suggest_username

MIN_PASSWORD = 12
MAX_PASSWORD = 256  # hashing cost grows with length: refuse megabyte "passwords"
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
FIRST_ADMIN = "admin"
HASHER = PasswordHasher()
# Checked against when a username does not exist, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))
# The password "hash" of an account that signs in through the council's provider: no password
# matches it (argon2 refuses it as a hash).
NO_PASSWORD = "!signs-in-with-the-council-provider"  # noqa: S105 - not a password: no hash


@dataclass(frozen=True)
class UserInfo:
    """An account as listed: no hash, no token."""

    username: str
    role: Role
    created_by: str
    shared: tuple[str, ...]
    external: bool = False  # signs in through the council's provider, not with a password


def check_username(username: str) -> str:
    """The username, lower-cased, or ValueError saying what a username may contain."""
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise ValueError(
            f"username {username!r} is not allowed: use 2 to 80 lower-case letters, digits, "
            "dots, dashes or underscores, starting with a letter or digit"
        )
    return name


def check_password(password: str) -> str:
    """The password, or ValueError saying how long it must be."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(
            f"the password must be at least {MIN_PASSWORD} characters "
            "(three random words make a good one)"
        )
    if len(password) > MAX_PASSWORD:
        raise ValueError(f"the password must be at most {MAX_PASSWORD} characters")
    return password


def new_token() -> str:
    """A fresh session token."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class Accounts:
    """The accounts stored in one database."""

    sessions: store.SessionFactory

    def add_user(self, username: str, role: str, password: str, *, created_by: str) -> str:
        """Add an account; returns its username (ValueError for a bad name, role or password)."""
        name, chosen = check_username(username), parse_role(role)
        digest = HASHER.hash(check_password(password))
        with self.sessions.begin() as session:
            store.add_user(session, name, chosen.value, digest, new_token(), created_by)
            store.add_audit(session, created_by, "add account", name, f"role {chosen.value}")
        return name

    def list_users(self) -> list[UserInfo]:
        """Every account with the journeys shared with it, by username."""
        with self.sessions() as session:
            return [
                UserInfo(
                    u.username,
                    Role(u.role),
                    u.created_by,
                    tuple(sorted(store.shared_keys(session, u.username))),
                    u.oidc_subject is not None,
                )
                for u in store.list_users(session)
            ]

    def any_users(self) -> bool:
        """True once any account exists."""
        with self.sessions() as session:
            return bool(store.list_users(session))

    def remove_user(self, username: str, *, by: str = store.DEFAULT_ACTOR) -> None:
        """Remove an account and its shares (UserNotFoundError when there is none).

        The last admin cannot be removed: nobody could manage accounts from the app then.
        """
        name = check_username(username)
        with self.sessions.begin() as session:
            users = store.list_users(session)
            admins = [u.username for u in users if u.role == Role.ADMIN.value]
            if admins == [name]:
                raise ValueError(
                    f"{name!r} is the only admin; add another admin before removing this one"
                )
            store.remove_user(session, name)
            store.add_audit(session, by, "remove account", name)

    def set_password(self, username: str, password: str, *, by: str = store.DEFAULT_ACTOR) -> None:
        """Change an account's password; every session it had ends. An account that signs in
        through the council's provider has no password here (ValueError)."""
        name = check_username(username)
        digest = HASHER.hash(check_password(password))
        with self.sessions.begin() as session:
            user = store.find_user(session, name)
            if user is not None and user.oidc_subject is not None:
                raise ValueError(
                    f"{name!r} signs in with the council's own sign-in, so it has no password "
                    "here; reset it there"
                )
            store.update_user(session, name, password_hash=digest, session_token=new_token())
            store.add_audit(session, by, "set password", name)

    def set_role(self, username: str, role: str, *, by: str = store.DEFAULT_ACTOR) -> bool:
        """Give an account another role (its sessions end, so the new role applies at once);
        False when it already had it. The last admin keeps the admin role (ValueError)."""
        name, chosen = check_username(username), parse_role(role)
        with self.sessions.begin() as session:
            user = store.find_user(session, name)
            if user is None:
                raise store.UserNotFoundError(f"there is no account called {name!r}")
            if user.role == chosen.value:
                return False
            admins = [u.username for u in store.list_users(session) if u.role == Role.ADMIN.value]
            if admins == [name]:
                raise ValueError(
                    f"{name!r} is the only admin; make another account admin before changing "
                    "this one's role"
                )
            store.update_user(session, name, role=chosen.value, session_token=new_token())
            store.add_audit(session, by, "set role", name, f"{user.role} to {chosen.value}")
        return True

    def authenticate(self, username: str, password: str) -> tuple[str, str] | None:
        """(username, session token) when the password is right, else None."""
        try:
            name = check_username(username)
        except ValueError:
            name = ""
        if len(password) > MAX_PASSWORD:
            return None  # never a stored password, and too costly to hash
        with self.sessions() as session:
            user = store.find_user(session, name) if name else None
        try:
            HASHER.verify(user.password_hash if user else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            self._audit_sign_in(user.username if user else "", "sign-in refused", "wrong password")
            return None
        if user is None:
            return None
        self._audit_sign_in(user.username, "sign-in", "password")
        if HASHER.check_needs_rehash(user.password_hash):
            with self.sessions.begin() as session:
                store.update_user(session, name, password_hash=HASHER.hash(password))
        return user.username, user.session_token

    def _audit_sign_in(self, username: str, action: str, detail: str) -> None:
        """A sign-in or a refused one; a name with no account is never recorded (people type
        passwords into the username box)."""
        with self.sessions.begin() as session:
            store.add_audit(
                session, username or "unknown", action, username or "no such account", detail
            )

    def end_sessions(self, username: str) -> None:
        """Sign an account out everywhere (its session token is replaced)."""
        with self.sessions.begin() as session:
            store.update_user(session, check_username(username), session_token=new_token())

    def load_viewer(self, username: str, token: str) -> Viewer | None:
        """The viewer for a session, or None when the account is gone or signed out."""
        with self.sessions() as session:
            user = store.find_user(session, username)
            if user is None or not secrets.compare_digest(user.session_token, token):
                return None
            role = Role(user.role)
            shared = store.shared_keys(session, username) if role is Role.REVIEWER else frozenset()
        return Viewer(user.username, role, shared)

    def share(self, key: str, username: str, *, by: str) -> bool:
        """Share journey `key` with reviewer `username`; False when it already was."""
        name = check_username(username)
        with self.sessions.begin() as session:
            user = store.find_user(session, name)
            if user is None:
                raise store.UserNotFoundError(f"there is no account called {name!r}")
            if user.role != Role.REVIEWER.value:
                raise ValueError(
                    f"{name!r} has the {user.role} role; journeys are shared with reviewers only "
                    "(facilitators and admins already see every journey)"
                )
            store.load_journey(session, key)  # JourneyNotFoundError for a key not stored
            done = store.share_journey(session, key, name, by)
            if done:
                store.add_audit(session, by, "share journey", name, key)
            return done

    def unshare(self, key: str, username: str, *, by: str = store.DEFAULT_ACTOR) -> bool:
        """Stop sharing journey `key` with `username`; False when it was not shared."""
        with self.sessions.begin() as session:
            done = store.unshare_journey(session, key, check_username(username))
            if done:
                store.add_audit(session, by, "unshare journey", username, key)
            return done

    def shared_with(self, key: str) -> list[str]:
        """The reviewers journey `key` is shared with."""
        with self.sessions() as session:
            return store.shared_with(session, key)

    def ensure_first_admin(self, password: str | None = None) -> str | None:
        """With no accounts yet, add 'admin' (with `password`, or a generated one, returned)."""
        if self.any_users():
            return None
        chosen = password or secrets.token_urlsafe(15)
        try:
            self.add_user(FIRST_ADMIN, Role.ADMIN.value, chosen, created_by="first run")
        except store.UserExistsError:  # another worker starting at the same moment made it
            return None
        return chosen

    def sign_on(
        self, issuer: str, claims: dict, role_claim: str | None, role_map: dict[str, Role]
    ) -> SignOnResult:
        """A sign-in the council's provider vouched for (see timeline/sign_on.py)."""
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise ValueError("the provider's answer names nobody (no 'sub' claim)")
        role = role_from_claims(claims, role_claim, role_map)
        shown = display_name(claims)
        with self.sessions.begin() as session:
            user = store.find_user_by_subject(session, issuer, subject)
            if user is not None:
                if role is not None and role.value != user.role:
                    store.update_user(session, user.username, role=role.value)
                    detail = f"{user.role} to {role.value}, from the provider's claim"
                    store.add_audit(session, "council sign-in", "set role", user.username, detail)
                store.add_audit(session, user.username, "sign-in", user.username, "council sign-in")
                return SignOnResult(user.username, user.session_token)
            waiting = next(
                (
                    p
                    for p in store.list_pending(session)
                    if (p.oidc_issuer, p.oidc_subject) == (issuer, subject)
                ),
                None,
            )
            name = (
                waiting.username
                if waiting
                else suggest_username(claims, lambda n: store.username_taken(session, n))
            )
            if role is None:
                store.note_pending(session, name, issuer, subject, shown)
                store.add_audit(session, name, "sign-in waiting", name, f"{shown}: no role yet")
                return SignOnResult(name, None)
            if waiting:
                store.take_pending(session, name)
            token = new_token()
            store.add_user(
                session, name, role.value, NO_PASSWORD, token, "council sign-in", (issuer, subject)
            )
            store.add_audit(
                session, "council sign-in", "add account", name, f"role {role.value}, {shown}"
            )
            store.add_audit(session, name, "sign-in", name, "council sign-in")
            return SignOnResult(name, token, created=True)

    def pending(self) -> list[store.PendingRecord]:
        """People the council's sign-in vouched for who wait for a role, oldest first."""
        with self.sessions() as session:
            return store.list_pending(session)

    def approve(self, username: str, role: str, *, by: str = store.DEFAULT_ACTOR) -> str:
        """Give a waiting person a role: their account is made, linked to their sign-in."""
        name, chosen = check_username(username), parse_role(role)
        with self.sessions.begin() as session:
            waiting = store.take_pending(session, name)
            oidc = (waiting.oidc_issuer, waiting.oidc_subject)
            store.add_user(session, name, chosen.value, NO_PASSWORD, new_token(), by, oidc)
            store.add_audit(
                session, by, "add account", name, f"role {chosen.value}, {waiting.display}"
            )
        return name

    def dismiss(self, username: str, *, by: str = store.DEFAULT_ACTOR) -> None:
        """Take a waiting person off the list (they wait again if they sign in again)."""
        with self.sessions.begin() as session:
            waiting = store.take_pending(session, check_username(username))
            store.add_audit(session, by, "dismiss sign-in", waiting.username, waiting.display)

    def audit(self, limit: int = 200, offset: int = 0) -> list[store.AuditRecord]:
        """The audit list, newest first."""
        with self.sessions() as session:
            return store.list_audit(session, limit, offset)

    def secret_key(self) -> str:
        """The key that signs session cookies: made once, kept in the database."""
        with self.sessions.begin() as session:
            return store.get_or_make_secret(session, "session_key", secrets.token_hex(32))


__all__ = ["Accounts", "LOCAL_VIEWER", "UserInfo", "check_password", "check_username"]
