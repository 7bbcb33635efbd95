"""Accounts, journeys shared with reviewers, and the app's own secrets (the session signing key).

Password hashes are made and checked in timeline/accounts.py; this module only stores them.
Functions take a Session and add to the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, Index, String, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from timeline.store.engine import as_utc
from timeline.store.models import Base


class UserRow(Base):
    """One account. session_token changes on sign-out, ending every session it signed."""

    __tablename__ = "users"
    # an account signed in through OpenID Connect: one per (issuer, subject); NULL for local ones
    __table_args__ = (Index("uq_users_oidc", "oidc_issuer", "oidc_subject", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(300))
    session_token: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))
    oidc_issuer: Mapped[str | None] = mapped_column(String(300), nullable=True)
    oidc_subject: Mapped[str | None] = mapped_column(String(255), nullable=True)


class PendingAccountRow(Base):
    """Someone the council's sign-in vouched for, with no role yet: an admin gives one (which
    makes their account) or dismisses them."""

    __tablename__ = "pending_accounts"
    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject", name="uq_pending_oidc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    oidc_issuer: Mapped[str] = mapped_column(String(300))
    oidc_subject: Mapped[str] = mapped_column(String(255))
    display: Mapped[str] = mapped_column(String(200))  # name or email the provider gave
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class JourneyShareRow(Base):
    """A journey shared with one reviewer (by username)."""

    __tablename__ = "journey_shares"
    __table_args__ = (UniqueConstraint("journey_key", "username", name="uq_journey_shares"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_key: Mapped[str] = mapped_column(String(80), index=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    shared_by: Mapped[str] = mapped_column(String(200))
    shared_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AppSecretRow(Base):
    """A secret the app makes once and keeps, so every worker and restart shares it."""

    __tablename__ = "app_secrets"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class UserExistsError(ValueError):
    """There is already an account with this username."""


class UserNotFoundError(LookupError):
    """There is no account with this username."""


@dataclass(frozen=True)
class UserRecord:
    """An account as the rest of Touchpoints sees it (the hash stays inside accounts code)."""

    username: str
    role: str
    password_hash: str
    session_token: str
    created_at: dt.datetime
    created_by: str
    oidc_issuer: str | None = None
    oidc_subject: str | None = None


@dataclass(frozen=True)
class PendingRecord:
    """A pending sign-in, waiting for an admin to give it a role."""

    username: str
    oidc_issuer: str
    oidc_subject: str
    display: str
    first_seen: dt.datetime
    last_seen: dt.datetime


def add_user(  # noqa: PLR0913
    session: Session,
    username: str,
    role: str,
    password_hash: str,
    token: str,
    created_by: str,
    oidc: tuple[str, str] | None = None,
) -> None:
    """Add an account (UserExistsError when the username is taken); `oidc` links it to an
    (issuer, subject) of the council's sign-in."""
    if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
        raise UserExistsError(f"there is already an account called {username!r}")
    session.add(
        UserRow(
            username=username,
            role=role,
            password_hash=password_hash,
            session_token=token,
            created_at=dt.datetime.now(dt.UTC),
            created_by=created_by,
            oidc_issuer=oidc[0] if oidc else None,
            oidc_subject=oidc[1] if oidc else None,
        )
    )
    session.flush()


def find_user_by_subject(session: Session, issuer: str, subject: str) -> UserRecord | None:
    """The account linked to this OpenID Connect (issuer, subject), or None."""
    row = session.scalar(
        select(UserRow).where(UserRow.oidc_issuer == issuer, UserRow.oidc_subject == subject)
    )
    return None if row is None else _record(row)


def note_pending(
    session: Session, username: str, issuer: str, subject: str, display: str
) -> PendingRecord:
    """Remember a sign-in with no role yet (again: its last_seen moves on)."""
    now = dt.datetime.now(dt.UTC)
    row = session.scalar(
        select(PendingAccountRow).where(
            PendingAccountRow.oidc_issuer == issuer, PendingAccountRow.oidc_subject == subject
        )
    )
    if row is None:
        row = PendingAccountRow(
            username=username,
            oidc_issuer=issuer,
            oidc_subject=subject,
            display=display[:200],
            first_seen=now,
            last_seen=now,
        )
        session.add(row)
    else:
        row.last_seen, row.display = now, display[:200]
    session.flush()
    return _pending(row)


def list_pending(session: Session) -> list[PendingRecord]:
    """Every pending sign-in, oldest first."""
    rows = session.scalars(select(PendingAccountRow).order_by(PendingAccountRow.first_seen))
    return [_pending(r) for r in rows]


def take_pending(session: Session, username: str) -> PendingRecord:
    """Remove a pending sign-in and return it (UserNotFoundError when there is none)."""
    row = session.scalar(select(PendingAccountRow).where(PendingAccountRow.username == username))
    if row is None:
        raise UserNotFoundError(f"nobody called {username!r} is waiting for a role")
    record = _pending(row)
    session.delete(row)
    session.flush()
    return record


def username_taken(session: Session, username: str) -> bool:
    """True when an account or a pending sign-in has this username."""
    for column in (UserRow.username, PendingAccountRow.username):
        if session.scalar(select(column).where(column == username)) is not None:
            return True
    return False


def find_user(session: Session, username: str) -> UserRecord | None:
    """The account called `username`, or None."""
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    return None if row is None else _record(row)


def list_users(session: Session) -> list[UserRecord]:
    """Every account, by username."""
    return [_record(r) for r in session.scalars(select(UserRow).order_by(UserRow.username))]


def update_user(session: Session, username: str, **values: str) -> None:
    """Change an account's password_hash, session_token or role (UserNotFoundError if none)."""
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        raise UserNotFoundError(f"there is no account called {username!r}")
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()


def remove_user(session: Session, username: str) -> None:
    """Remove an account and the journeys shared with it (UserNotFoundError if none)."""
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        raise UserNotFoundError(f"there is no account called {username!r}")
    session.execute(delete(JourneyShareRow).where(JourneyShareRow.username == username))
    session.delete(row)
    session.flush()


def share_journey(session: Session, key: str, username: str, shared_by: str) -> bool:
    """Share journey `key` with `username`; False when it already was."""
    exists = session.scalar(
        select(JourneyShareRow.id).where(
            JourneyShareRow.journey_key == key, JourneyShareRow.username == username
        )
    )
    if exists is not None:
        return False
    session.add(
        JourneyShareRow(
            journey_key=key,
            username=username,
            shared_by=shared_by,
            shared_at=dt.datetime.now(dt.UTC),
        )
    )
    session.flush()
    return True


def unshare_journey(session: Session, key: str, username: str) -> bool:
    """Stop sharing journey `key` with `username`; False when it was not shared."""
    result = session.execute(
        delete(JourneyShareRow).where(
            JourneyShareRow.journey_key == key, JourneyShareRow.username == username
        )
    )
    return bool(result.rowcount)


def shared_keys(session: Session, username: str) -> frozenset[str]:
    """The journey keys shared with `username`."""
    rows = session.scalars(
        select(JourneyShareRow.journey_key).where(JourneyShareRow.username == username)
    )
    return frozenset(rows)


def shared_with(session: Session, key: str) -> list[str]:
    """The usernames journey `key` is shared with, sorted."""
    rows = session.scalars(
        select(JourneyShareRow.username)
        .where(JourneyShareRow.journey_key == key)
        .order_by(JourneyShareRow.username)
    )
    return list(rows)


def get_or_make_secret(session: Session, name: str, make: str) -> str:
    """The stored secret `name`, storing `make` first if there is none yet."""
    row = session.get(AppSecretRow, name)
    if row is not None:
        return row.value
    try:
        with session.begin_nested():  # a savepoint: another worker may store it first
            session.add(AppSecretRow(name=name, value=make))
    except IntegrityError:
        return session.scalars(select(AppSecretRow.value).where(AppSecretRow.name == name)).one()
    return make


def _record(row: UserRow) -> UserRecord:
    return UserRecord(
        username=row.username,
        role=row.role,
        password_hash=row.password_hash,
        session_token=row.session_token,
        created_at=as_utc(row.created_at),
        created_by=row.created_by,
        oidc_issuer=row.oidc_issuer,
        oidc_subject=row.oidc_subject,
    )


def _pending(row: PendingAccountRow) -> PendingRecord:
    return PendingRecord(
        username=row.username,
        oidc_issuer=row.oidc_issuer,
        oidc_subject=row.oidc_subject,
        display=row.display,
        first_seen=as_utc(row.first_seen),
        last_seen=as_utc(row.last_seen),
    )
