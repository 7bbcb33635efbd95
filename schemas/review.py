"""Co-review: what a reviewer (an expert by experience) proposes about a journey, and its outcome.

A proposal is about one event or one period (from a date, optionally to a date); a request to
hide can also be about a whole agency or a whole sector ("please don't show my contact with this
service at all"). Facilitators accept or decline each; accepting changes the journey (see
timeline/review.py).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.dates import Day
from schemas.journey import EventId, Name, Sector, Text, Title
from schemas.vocab import EventKind


class ReviewKind(StrEnum):
    """What a reviewer can say about an event or period."""

    COMMENT = "comment"
    CORRECTION = "correction"
    HIDE = "hide"
    IN_MY_WORDS = "in_my_words"
    STRENGTH = "strength"

    @property
    def label(self) -> str:
        """The kind in plain words."""
        return REVIEW_KIND_LABELS[self]


REVIEW_KIND_LABELS = {
    ReviewKind.COMMENT: "A comment",
    ReviewKind.CORRECTION: "Something is wrong",
    ReviewKind.HIDE: "Please hide this",
    ReviewKind.IN_MY_WORDS: "In my words",
    ReviewKind.STRENGTH: "A strength or little win",
}


class ReviewStatus(StrEnum):
    """Where a proposal stands."""

    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"


# What a correction can change, each `corrected_<field>` of the event's `<field>`.
CORRECTED_FIELDS = (
    "corrected_kind",
    "corrected_agency",
    "corrected_title",
    "corrected_start",
    "corrected_end",
)


class ReviewProposal(BaseModel):
    """A reviewer's proposal as entered, validated at the edge."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    kind: ReviewKind
    event_id: EventId | None = None
    start: Day | None = None
    end: Day | None = None
    agency: Name | None = Field(default=None, description="A whole agency to hide (hide only)")
    sector: Sector | None = Field(default=None, description="A whole sector to hide (hide only)")
    text: Text = ""
    corrected_title: Title | None = None
    corrected_start: Day | None = None
    corrected_end: Day | None = Field(default=None, description="The right end date")
    corrected_kind: EventKind | None = Field(
        default=None, description="What kind of event it really was (e.g. a move, not an eviction)"
    )
    corrected_agency: Name | None = Field(
        default=None, description="Which of the journey's agencies it really was with"
    )
    paraphrased: bool = False

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.agency is not None or self.sector is not None:
            return self._whole_service()
        if (self.event_id is None) == (self.start is None):
            raise ValueError("choose either one event or a period (a start date), not both")
        if self.end is not None and (self.start is None or self.end < self.start):
            raise ValueError("the period's end date must be on or after its start date")
        if self.kind is ReviewKind.CORRECTION:
            if self.event_id is None:
                raise ValueError("a correction is about one event: choose the event")
            if not (self.corrects or self.text):
                raise ValueError(
                    "say what is wrong: what kind of contact it was, which service, the right "
                    "dates or title, or a few words"
                )
            start, end = self.corrected_start, self.corrected_end
            if start is not None and end is not None and end < start:
                raise ValueError(
                    f"the right end date {end.isoformat()} is before the right start date "
                    f"{start.isoformat()}"
                )
        elif self.kind is ReviewKind.HIDE:
            if self.event_id is None:
                raise ValueError("'hide this' is about one event: choose the event")
        elif not self.text:
            raise ValueError(f"{self.kind.label.lower()} needs some words: write them in the box")
        if self.kind is not ReviewKind.CORRECTION and self.corrects:
            raise ValueError(
                "a corrected kind, service, title or date belongs only to 'something is wrong'"
            )
        return self

    @property
    def corrects(self) -> bool:
        """True when the proposal changes the event (its kind, agency, title or dates)."""
        return any(getattr(self, name) is not None for name in CORRECTED_FIELDS)

    def _whole_service(self) -> Self:
        if self.kind is not ReviewKind.HIDE:
            raise ValueError("a whole service or kind of service can only be hidden")
        # every other anchor or correction field, so one added later is refused here too
        own = {"kind", "agency", "sector", "text", "paraphrased"}
        filled = any(
            getattr(self, name) != field.default
            for name, field in type(self).model_fields.items()
            if name not in own
        )
        if (self.agency is None) == (self.sector is None) or filled:
            raise ValueError("choose one service or one kind of service to hide, nothing else")
        return self


class ReviewItem(BaseModel):
    """A stored proposal, with who made it (account and role label) and its outcome."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    journey_key: str
    proposal: ReviewProposal
    author: Name
    author_role: Name
    created_at: dt.datetime
    status: ReviewStatus = ReviewStatus.OPEN
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    decision_note: str = Field(default="", max_length=2000)
