"""Pydantic models of a journey: validated once at the boundary, trusted inside."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from schemas.dates import Day
from schemas.vocab import (
    RECOMMENDED_SECTORS,
    AgeBand,
    AnnotationKind,
    DatePrecision,
    EventKind,
    Gender,
    NeedDomain,
    Provenance,
    ProviderType,
    Sensitivity,
    Source,
)

FORMAT_VERSION = 1

MAX_NAME = 120
MAX_TITLE = 200
MAX_TEXT = 5000
MAX_TAG = 60
MAX_AREA = 80

_KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,79}$"
_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
_SECTOR_BY_FOLDED = {name.casefold(): name for name in RECOMMENDED_SECTORS}


def _refuse_control_characters(value: str, *, multiline: bool) -> str:
    allowed = {"\n", "\t"} if multiline else set()
    for char in value:
        if char not in allowed and unicodedata.category(char) in {"Cc", "Cf"} and char != "\u200d":
            raise ValueError(
                f"contains an invisible control character (U+{ord(char):04X}); "
                "retype the text or paste it as plain text"
            )
    return value


def _line(value: str) -> str:
    return _refuse_control_characters(value, multiline=False)


def _multiline(value: str) -> str:
    return _refuse_control_characters(value, multiline=True)


def _distinct_sorted(values: tuple[str, ...]) -> tuple[str, ...]:
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise ValueError(f"names {', '.join(repeated)} more than once")
    return tuple(sorted(values))


def normalise_sector(value: str) -> str:
    """Fold case and spaces onto the recommended spelling; other names are kept as written."""
    cleaned = " ".join(value.split())
    return _SECTOR_BY_FOLDED.get(cleaned.casefold(), cleaned)


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME),
    AfterValidator(_line),
]
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE),
    AfterValidator(_line),
]
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT), AfterValidator(_multiline)]
Tag = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TAG),
    AfterValidator(_line),
]
Sector = Annotated[Name, AfterValidator(normalise_sector)]
# An event's area (ward or neighbourhood): free text, one line, "" when not known.
Area = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=MAX_AREA),
    AfterValidator(_line),
]


def _key(value: str) -> str:
    if not re.fullmatch(_KEY_PATTERN, value):
        raise ValueError(
            f"journey key {value!r} must be 1 to 80 lowercase letters, digits, '-' or '_', "
            f"starting with a letter or digit (for example {slugify_key(value)!r})"
        )
    return value


def _event_id(value: str) -> str:
    if not re.fullmatch(_ID_PATTERN, value):
        raise ValueError(
            f"id {value!r} must be 1 to 64 letters, digits, '.', ':', '-' or '_', "
            "starting with a letter or digit"
        )
    return value


Key = Annotated[str, AfterValidator(_key)]
EventId = Annotated[str, AfterValidator(_event_id)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class Agency(_Frozen):
    """An agency met in the journey: one swimlane, grouped under its sector."""

    name: Name
    sector: Sector
    provider_type: ProviderType = ProviderType.UNKNOWN
    parent: Name | None = Field(default=None, description="Name of the agency this one is part of")


class Person(_Frozen):
    """One member of the journey's household, known only by a pseudonym."""

    pseudonym: Name
    age_band: AgeBand = AgeBand.UNKNOWN
    gender: Gender = Gender.UNKNOWN
    needs: tuple[NeedDomain, ...] = ()


class Event(_Frozen):
    """A contact, or a period (stay, sentence, tenancy, support) when it has an end date."""

    id: EventId
    people: Annotated[tuple[Name, ...], AfterValidator(_distinct_sorted)] = Field(min_length=1)
    agency: Name
    kind: EventKind = EventKind.CONTACT
    start: Day
    end: Day | None = None
    date_precision: DatePrecision = DatePrecision.DAY
    title: Title
    description: Text = ""
    source: Source = Source.AGENCY_RECORD
    sensitivity: Sensitivity = Sensitivity.NORMAL
    tags: tuple[Tag, ...] = ()
    area: Area = Field(
        default="",
        description="The area (ward or neighbourhood) the person lived in at the time, or where "
        "the event took place; free text, empty when not known",
    )

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"end date {self.end.isoformat()} is before start date {self.start.isoformat()}"
            )
        return self

    @property
    def is_interval(self) -> bool:
        """True for a period (stay, sentence, support) rather than a single contact."""
        return self.end is not None


class Annotation(_Frozen):
    """A note beside the agency record: a comment, an "in my words" entry, a missed opportunity."""

    id: EventId
    kind: AnnotationKind = AnnotationKind.COMMENT
    text: Text = Field(min_length=1)
    event_ids: tuple[EventId, ...] = ()
    author_role: Name = "facilitator"
    paraphrased: bool = False
    start: Day | None = Field(
        default=None, description="First day of the period the note is about (none: its events)"
    )
    end: Day | None = Field(default=None, description="Last day of that period, if any")

    @model_validator(mode="after")
    def _period_in_order(self) -> Self:
        if self.end is not None and self.start is None:
            raise ValueError(f"annotation {self.id}: a period end needs a period start")
        if self.end is not None and self.start is not None and self.end < self.start:
            raise ValueError(
                f"annotation {self.id}: period end {self.end.isoformat()} is before its "
                f"start {self.start.isoformat()}"
            )
        return self


class Journey(_Frozen):
    """One person's or household's journey across agencies: the unit stored, shown and exported."""

    format_version: Literal[1] = FORMAT_VERSION
    key: Key
    title: Title
    summary: Text = ""
    provenance: Provenance
    people: tuple[Person, ...] = Field(min_length=1)
    agencies: tuple[Agency, ...] = Field(min_length=1)
    events: tuple[Event, ...] = ()
    annotations: tuple[Annotation, ...] = ()

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        problems: list[str] = []
        _collect_duplicates(problems, "person", [p.pseudonym for p in self.people])
        _collect_duplicates(problems, "agency", [a.name for a in self.agencies])
        _collect_duplicates(problems, "event id", [e.id for e in self.events])
        _collect_duplicates(problems, "annotation id", [a.id for a in self.annotations])
        agency_names = {a.name for a in self.agencies}
        pseudonyms = {p.pseudonym for p in self.people}
        event_ids = {e.id for e in self.events}
        for agency in self.agencies:
            if agency.parent is not None and agency.parent not in agency_names:
                problems.append(
                    f"agency {agency.name!r} has parent {agency.parent!r}, "
                    "which is not an agency of this journey"
                )
            if agency.parent == agency.name:
                problems.append(f"agency {agency.name!r} cannot be its own parent")
        for event in self.events:
            if event.agency not in agency_names:
                problems.append(
                    f"event {event.id}: unknown agency {event.agency!r}; "
                    "add it to the journey's agencies or fix the spelling"
                )
            for name in event.people:
                if name not in pseudonyms:
                    problems.append(
                        f"event {event.id}: unknown person {name!r}; "
                        f"the journey's people are {', '.join(sorted(pseudonyms))}"
                    )
        for annotation in self.annotations:
            for event_id in annotation.event_ids:
                if event_id not in event_ids:
                    problems.append(f"annotation {annotation.id}: unknown event {event_id!r}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def agency(self, name: str) -> Agency:
        """The agency called `name` (KeyError when there is none)."""
        for agency in self.agencies:
            if agency.name == name:
                return agency
        raise KeyError(name)


class ShownJourney(Journey):
    """A journey as one audience is shown it (timeline/audience.py): what that audience may not
    see is left out, with every agency and person only it named, so none may be left. Made from
    a stored journey, never imported or stored."""

    people: tuple[Person, ...] = ()
    agencies: tuple[Agency, ...] = ()


def _collect_duplicates(problems: list[str], what: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            problems.append(f"{what} {value!r} appears more than once")
        seen.add(value)


def slugify_key(text: str) -> str:
    """Turn a title into a journey key ("Coventry couple" -> "coventry-couple")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug[:80] or "journey"


class JourneySummary(_Frozen):
    """One line of the journeys list: what a facilitator scans before opening a journey."""

    key: str
    title: str
    provenance: Provenance
    people: int
    agencies: int
    sectors: int
    events: int
    first_date: dt.date | None
    last_date: dt.date | None

    @property
    def span_days(self) -> int:
        """Days from the first event's start to the last event's end (0 when there are none)."""
        if self.first_date is None or self.last_date is None:
            return 0
        return (self.last_date - self.first_date).days

    @classmethod
    def of(cls, journey: Journey) -> JourneySummary:
        """Summarise a journey held in memory (the store computes the same in SQL)."""
        starts = [e.start for e in journey.events]
        lasts = [e.end or e.start for e in journey.events]
        return cls(
            key=journey.key,
            title=journey.title,
            provenance=journey.provenance,
            people=len(journey.people),
            agencies=len(journey.agencies),
            sectors=len({a.sector for a in journey.agencies}),
            events=len(journey.events),
            first_date=min(starts, default=None),
            last_date=max(lasts, default=None),
        )
