"""What changed between two saved versions of a journey, in plain words for the history page.

Events keep their id across edits, so an event is added, removed or edited by id. Hiding one
(a reviewer's accepted "please hide this") is an edit of its sensitivity, said as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas import Event, Journey, Sensitivity

# How many event titles a summary names before it gives counts only.
NAMED_AT_MOST = 3
TITLE_CHARS = 40

# An event's fields in the words a facilitator uses, in the order they are listed.
_FIELD_WORDS = {
    "title": "title",
    "start": "date",
    "end": "end date",
    "date_precision": "date precision",
    "agency": "agency",
    "kind": "kind",
    "people": "people",
    "description": "description",
    "source": "source",
    "tags": "tags",
    "area": "area",
    "id": "id",
}
_HIDDEN_WORDS = {
    Sensitivity.RESTRICTED: "hidden",
    Sensitivity.SENSITIVE: "marked sensitive",
    Sensitivity.NORMAL: "shown again",
}


@dataclass(frozen=True)
class JourneyChanges:
    """The differences between one version of a journey and the next."""

    added: list[Event] = field(default_factory=list)
    removed: list[Event] = field(default_factory=list)
    edited: list[tuple[Event, list[str]]] = field(default_factory=list)  # event, fields in words
    sensitivity: list[tuple[Event, Sensitivity]] = field(default_factory=list)  # event, now
    details: list[str] = field(default_factory=list)  # title, agencies, people, notes, ...

    @property
    def empty(self) -> bool:
        """True when nothing a reader would notice changed."""
        return not (self.added or self.removed or self.edited or self.sensitivity or self.details)


def compare_journeys(before: Journey, after: Journey) -> JourneyChanges:
    """What changed from `before` to `after` (the same journey, one version apart)."""
    old = {e.id: e for e in before.events}
    new = {e.id: e for e in after.events}
    edited, sensitivity = [], []
    for event_id, event in new.items():
        previous = old.get(event_id)
        if previous is None or previous == event:
            continue
        if previous.sensitivity != event.sensitivity:
            sensitivity.append((event, event.sensitivity))
        fields = [
            words
            for name, words in _FIELD_WORDS.items()
            if getattr(previous, name) != getattr(event, name)
        ]
        if fields:
            edited.append((event, fields))
    return JourneyChanges(
        added=[e for i, e in new.items() if i not in old],
        removed=[e for i, e in old.items() if i not in new],
        edited=edited,
        sensitivity=sensitivity,
        details=_details(before, after),
    )


def _details(before: Journey, after: Journey) -> list[str]:
    details = []
    for name, words in (("title", "title"), ("summary", "summary"), ("provenance", "provenance")):
        if getattr(before, name) != getattr(after, name):
            details.append(f"{words} changed")
    for what, old, new in (
        ("agency", {a.name for a in before.agencies}, {a.name for a in after.agencies}),
        ("person", {p.pseudonym for p in before.people}, {p.pseudonym for p in after.people}),
    ):
        plural = "agencies" if what == "agency" else "people"
        if added := sorted(new - old):
            details.append(_count_named(len(added), what, plural, "added", added))
        if removed := sorted(old - new):
            details.append(_count_named(len(removed), what, plural, "removed", removed))
    old_notes = {a.id: a for a in before.annotations}
    new_notes = {a.id: a for a in after.annotations}
    for count, words in (
        (len(new_notes.keys() - old_notes.keys()), "added"),
        (len(old_notes.keys() - new_notes.keys()), "removed"),
        (
            sum(1 for i in new_notes.keys() & old_notes.keys() if new_notes[i] != old_notes[i]),
            "edited",
        ),
    ):
        if count:
            details.append(f"{count} note{'s' if count != 1 else ''} {words}")
    return details


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


def _count_named(count: int, one: str, many: str, verb: str, names: list[str]) -> str:
    noun = one if count == 1 else many
    text = f"{count} {noun} {verb}"
    if count <= NAMED_AT_MOST:
        text += " (" + ", ".join(f"'{_short(n)}'" for n in names) + ")"
    return text


def describe_changes(changes: JourneyChanges) -> str:
    """One line: events added, removed and edited (named when few), hidden, and the rest."""
    parts = []
    if changes.added:
        titles = [e.title for e in changes.added]
        parts.append(_count_named(len(titles), "event", "events", "added", titles))
    if changes.removed:
        titles = [e.title for e in changes.removed]
        parts.append(_count_named(len(titles), "event", "events", "removed", titles))
    if changes.edited:
        count = len(changes.edited)
        text = f"{count} event{'s' if count != 1 else ''} edited"
        if count <= NAMED_AT_MOST:
            text += (
                " ("
                + "; ".join(f"'{_short(e.title)}': {', '.join(f)}" for e, f in changes.edited)
                + ")"
            )
        parts.append(text)
    for sensitivity, words in _HIDDEN_WORDS.items():
        titles = [e.title for e, now in changes.sensitivity if now is sensitivity]
        if titles:
            parts.append(_count_named(len(titles), "event", "events", words, titles))
    parts += changes.details
    return "; ".join(parts) if parts else "no change to the journey"


def summarise_first(journey: Journey) -> str:
    """What the first stored version held."""
    count = len(journey.events)
    return f"first version: {count} event{'s' if count != 1 else ''}"


def describe_versions(versions: list[tuple[int, str]], journeys: list[Journey]) -> dict[int, str]:
    """For each (version number, action) and its journey, what changed against the version
    before, in plain words: the first listed says what it held, and a deletion that its
    events stay in the history."""
    said: dict[int, str] = {}
    previous: Journey | None = None
    for (number, action), journey in zip(versions, journeys, strict=True):
        count = len(journey.events)
        if action == "delete":
            events = f"{count} event{'s' if count != 1 else ''}"
            said[number] = (
                f"deleted; its {events} {'stays' if count == 1 else 'stay'} in this history"
            )
        elif previous is None:
            said[number] = summarise_first(journey)
        else:
            said[number] = describe_changes(compare_journeys(previous, journey))
        previous = journey
    return said
