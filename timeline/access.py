"""Who may do what: roles, actions and the access rule, as pure functions.

Four roles (see docs/accounts.md):
- admin: everything, and the only role that manages accounts;
- facilitator: every journey (view, edit, present, export, history, consent, share with
  reviewers, decide on reviewers' proposals), imports and cohorts;
- reviewer (an expert by experience): only the journeys shared with them, and only through the
  review view: propose, comment, add "in my words" and strengths, give or withdraw consent;
- commissioner: cohorts, and journeys that may be shown in commissioner views (consent rule).
A journey the viewer may not see is reported as not found, so keys cannot be probed.
Single-user local mode (accounts off) has one viewer, the local user, with admin rights.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """What an account is for."""

    ADMIN = "admin"
    FACILITATOR = "facilitator"
    REVIEWER = "reviewer"
    COMMISSIONER = "commissioner"

    @property
    def label(self) -> str:
        """How work by this role is attributed on a journey (role only, never a name)."""
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "facilitator",
    Role.FACILITATOR: "facilitator",
    Role.REVIEWER: "person with lived experience",
    Role.COMMISSIONER: "commissioner",
}


class Action(StrEnum):
    """Something a viewer asks to do; journey actions name a journey, the rest do not."""

    VIEW = "view"  # the journey page (read only)
    EDIT = "edit"  # editor, notes, restore, delete
    PRESENT = "present"
    EXPORT = "export"
    HISTORY = "history"
    CONSENT = "consent"  # give or withdraw consent
    SHARE = "share"  # share a journey with a reviewer
    REVIEW = "review"  # the review view: propose, comment, in my words, strengths
    DECIDE = "decide"  # accept or decline reviewers' proposals
    IMPORT = "import"
    COHORTS = "cohorts"
    COMPARE = "compare"
    USERS = "users"


JOURNEY_ACTIONS = frozenset(
    {
        Action.VIEW,
        Action.EDIT,
        Action.PRESENT,
        Action.EXPORT,
        Action.HISTORY,
        Action.CONSENT,
        Action.SHARE,
        Action.REVIEW,
        Action.DECIDE,
    }
)
FACILITATOR_ACTIONS = frozenset(Action) - {Action.USERS}
REVIEWER_ACTIONS = frozenset({Action.REVIEW, Action.CONSENT})
COMMISSIONER_ACTIONS = frozenset({Action.VIEW, Action.COHORTS})


class AccessDeniedError(PermissionError):
    """The viewer's role does not allow this (not about one journey: those are 'not found')."""


@dataclass(frozen=True)
class Viewer:
    """Who is asking: an account's name and role, and (for reviewers) the journeys shared."""

    username: str
    role: Role
    shared: frozenset[str] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        """Attribution for what this viewer writes on a journey ('person with lived experience')."""
        return self.role.label


LOCAL_VIEWER = Viewer("local user", Role.ADMIN)


def role_allows(role: Role, action: Action) -> bool:
    """Whether `role` may ever do `action` (on some journey, for journey actions)."""
    if role is Role.ADMIN:
        return True
    if role is Role.FACILITATOR:
        return action in FACILITATOR_ACTIONS
    if role is Role.REVIEWER:
        return action in REVIEWER_ACTIONS
    return action in COMMISSIONER_ACTIONS


def may_act_on(viewer: Viewer, action: Action, key: str, *, commissioner_may_see: bool) -> bool:
    """Whether `viewer` may do journey `action` on journey `key`.

    `commissioner_may_see` is the consent rule's answer for the commissioner audience; it only
    matters to commissioners.
    """
    if not role_allows(viewer.role, action):
        return False
    if viewer.role is Role.REVIEWER:
        return key in viewer.shared
    if viewer.role is Role.COMMISSIONER:
        return commissioner_may_see
    return True


def parse_role(value: str) -> Role:
    """A role name checked against the known ones (ValueError naming the choices)."""
    try:
        return Role(value.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ValueError(f"unknown role {value!r}; choose from: {choices}") from None
