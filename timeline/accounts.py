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

MIN_PASSWORD = 12
MAX_PASSWORD = 256  # hashing cost grows with length: refuse megabyte "passwords"
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
FIRST_ADMIN = "admin"
HASHER = PasswordHasher()
# Checked against when a username does not exist, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class UserInfo:
    """An account as listed: no hash, no token."""

    username: str
    role: Role
    created_by: str
    shared: tuple[str, ...]


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
                )
                for u in store.list_users(session)
            ]

    def any_users(self) -> bool:
        """True once any account exists."""
        with self.sessions() as session:
            return bool(store.list_users(session))

    def remove_user(self, username: str) -> None:
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

    def set_password(self, username: str, password: str) -> None:
        """Change an account's password; every session it had ends."""
        name = check_username(username)
        digest = HASHER.hash(check_password(password))
        with self.sessions.begin() as session:
            store.update_user(session, name, password_hash=digest, session_token=new_token())

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
            return None
        if user is None:
            return None
        if HASHER.check_needs_rehash(user.password_hash):
            with self.sessions.begin() as session:
                store.update_user(session, name, password_hash=HASHER.hash(password))
        return user.username, user.session_token

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
            return store.share_journey(session, key, name, by)

    def unshare(self, key: str, username: str) -> bool:
        """Stop sharing journey `key` with `username`; False when it was not shared."""
        with self.sessions.begin() as session:
            return store.unshare_journey(session, key, check_username(username))

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

    def secret_key(self) -> str:
        """The key that signs session cookies: made once, kept in the database."""
        with self.sessions.begin() as session:
            return store.get_or_make_secret(session, "session_key", secrets.token_hex(32))


__all__ = ["Accounts", "LOCAL_VIEWER", "UserInfo", "check_password", "check_username"]
