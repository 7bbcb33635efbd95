"""Sign-in through the council's OpenID Connect provider: the pure part (no Flask).

The provider says who someone is (issuer + subject, never reused) and, optionally, their roles or
groups in one claim. Here: which Touchpoints role those give, the username a new person gets, and
what to do at each sign-in:
- a person already linked to an account signs in as it (their role follows the claim when the
  claim gives one; otherwise it stays what an admin set);
- a new person whose claim gives a role gets an account with it, linked to their subject;
- a new person with no role from the claim waits in the pending list until an admin gives them a
  role (timeline/accounts.py Accounts.approve) or dismisses them.
An existing local account is never taken over by a provider's sign-in, even with the same name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from timeline.access import Role

# when a claim gives several roles, the one with the most rights wins
ROLE_ORDER = (Role.ADMIN, Role.FACILITATOR, Role.COMMISSIONER, Role.REVIEWER)
_NOT_IN_USERNAME = re.compile(r"[^a-z0-9._-]+")


class SignOnSettingError(ValueError):
    """TOUCHPOINTS_OIDC_ROLE_MAP cannot be read; the message says what to write."""


def parse_role_map(text: str) -> dict[str, Role]:
    """'tp-admins=admin;tp-staff=facilitator' as {claim value: role} (SignOnSettingError)."""
    mapping: dict[str, Role] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        value, sep, role = part.rpartition("=")
        try:
            if not sep or not value.strip():
                raise ValueError
            mapping[value.strip()] = Role(role.strip().lower())
        except ValueError:
            roles = ", ".join(r.value for r in Role)
            raise SignOnSettingError(
                f"TOUCHPOINTS_OIDC_ROLE_MAP: {part[:60]!r} should be 'claim value=role' with a "
                f"role of {roles}"
            ) from None
    return mapping


def role_from_claims(
    claims: Mapping[str, object], claim: str | None, role_map: Mapping[str, Role]
) -> Role | None:
    """The role the claim gives (None without one): each value mapped, or, with no map, a
    value that is a role's name; several roles give the one with the most rights."""
    if not claim:
        return None
    raw = claims.get(claim)
    values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list | tuple) else []
    found = set()
    for value in values:
        if not isinstance(value, str):
            continue
        if role_map:
            role = role_map.get(value)
        else:
            role = next((r for r in Role if r.value == value.strip().lower()), None)
        if role is not None:
            found.add(role)
    return next((r for r in ROLE_ORDER if r in found), None)


def display_name(claims: Mapping[str, object]) -> str:
    """What to call the person in lists: their name, else email, else their subject."""
    for key in ("name", "email", "preferred_username", "sub"):
        value = claims.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:200]
    return "unknown"


def suggest_username(claims: Mapping[str, object], taken: Callable[[str], bool]) -> str:
    """A free username from preferred_username or the email's local part (made to fit the
    username rule), with -2, -3... added when it is taken."""
    for key in ("preferred_username", "email", "nickname", "name"):
        value = claims.get(key)
        if isinstance(value, str) and value.strip():
            base = value.strip().lower().split("@")[0]
            break
    else:
        base = "user"
    base = _NOT_IN_USERNAME.sub("-", base).strip("-._")[:70] or "user"
    if len(base) < 2:
        base = f"{base}-user"
    if not base[0].isalnum():
        base = f"u{base}"
    name, number = base, 1
    while taken(name):
        number += 1
        name = f"{base}-{number}"
    return name


@dataclass(frozen=True)
class SignOnResult:
    """What a provider's sign-in came to: signed in as `username` (with `token`), or waiting
    for an admin (token None)."""

    username: str
    token: str | None
    created: bool = False

    @property
    def pending(self) -> bool:
        """True when the person has no role yet."""
        return self.token is None
