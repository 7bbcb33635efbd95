"""What goes into a board pack, gathered as plain data: the journey as a board paper may show it,
its cycles, words, notes, who was involved when, and the consent it was made under."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from schemas import AnnotationKind, Cycle, DatePrecision, Event, Journey
from timeline.access import Action
from timeline.audience import in_the_room, show_events
from timeline.consent import NOT_NEEDED_TEXT, Audience, needs_consent
from timeline.cycles import apply_overrides, uncounted_self_discharges
from timeline.describe import describe_journey, display_date
from timeline.figures import SwimlaneOptions, build_swimlane_figure
from timeline.involvement import Involvement, default_involvement_date, who_is_involved
from timeline.pack.paper import DEFAULT_PAPER, Paper, parse_paper
from timeline.service import Services

MAX_INVOLVED_DATES = 12  # a page each at most: a pack, not a diary


@dataclass(frozen=True)
class PackOptions:
    """What the facilitator chose: paper, whether sensitive events go in, dates for "who was
    involved", and the view's collapsed sectors, alignment and rule thresholds."""

    paper: str = DEFAULT_PAPER
    include_sensitive: bool = False
    involved_on: tuple[dt.date, ...] = ()
    collapsed: frozenset[str] = frozenset()
    align_on: str | None = None
    overrides: dict[str, dict[str, int | bool]] = field(default_factory=dict)


@dataclass(frozen=True)
class MissedNote:
    """A missed opportunity as the pack lists it: the event it is on, and the note."""

    when: str
    agency: str
    title: str
    text: str


@dataclass(frozen=True)
class PackContent:
    """Everything a pack shows, already limited to what a board paper may see."""

    journey: Journey
    paper: Paper
    cycles: tuple[Cycle, ...]
    not_counted: tuple[Event, ...]
    description: str
    missed: tuple[MissedNote, ...]
    involved: tuple[tuple[dt.date, tuple[Involvement, ...]], ...]
    consent_line: str
    made_at: dt.datetime
    include_sensitive: bool
    figure: dict  # the swimlane as a plain figure dict


def gather_pack_content(
    services: Services,
    key: str,
    options: PackOptions = PackOptions(),  # noqa: B008
    *,
    now: dt.datetime | None = None,
) -> PackContent:
    """The pack's content for journey `key`, with the presenter's audience rules: restricted
    and hidden events never, sensitive ones only when chosen; ConsentRequiredError without
    current board-paper consent; ValueError for an unknown paper or too many dates."""
    paper = parse_paper(options.paper)
    if len(options.involved_on) > MAX_INVOLVED_DATES:
        raise ValueError(
            f"at most {MAX_INVOLVED_DATES} dates for who was involved, not "
            f"{len(options.involved_on)}"
        )
    stored = services.load_journey(key, Action.EXPORT)  # never restricted or hidden events
    services.require_consent(stored, Audience.BOARD_PAPER)
    journey = show_events(stored, lambda e: in_the_room(e, options.include_sensitive))
    rule_set = services.rule_set
    days = rule_set.approximate_days
    cycles = tuple(services.find_cycles(journey, options.overrides))
    rules = apply_overrides(rule_set.rules, options.overrides or {})
    not_counted = tuple(uncounted_self_discharges(journey, rules, approximate_days=days))
    known = {e.id for e in journey.events}
    figure = build_swimlane_figure(
        journey,
        list(cycles),
        SwimlaneOptions(
            collapsed=frozenset(options.collapsed),
            align_on=options.align_on if options.align_on in known else None,
            show_title=True,
            range_slider=False,
            approximate_days=days,
        ),
    )
    dates = options.involved_on or ((default_involvement_date(journey),) if journey.events else ())
    involved = tuple(
        (on, tuple(who_is_involved(journey, on, approximate_days=days)))
        for on in sorted(set(dates))
    )
    return PackContent(
        journey=journey,
        paper=paper,
        cycles=cycles,
        not_counted=not_counted,
        description=describe_journey(journey, list(cycles), not_counted),
        missed=missed_notes(journey),
        involved=involved,
        consent_line=consent_line(services, stored),
        made_at=now or dt.datetime.now(dt.UTC),
        include_sensitive=options.include_sensitive,
        figure=figure,
    )


def missed_notes(journey: Journey) -> tuple[MissedNote, ...]:
    """Every missed opportunity on an event the pack shows, in date order."""
    by_id = {e.id: e for e in journey.events}
    found = [
        (by_id[event_id], note.text)
        for note in journey.annotations
        if note.kind is AnnotationKind.MISSED_OPPORTUNITY
        for event_id in note.event_ids
        if event_id in by_id
    ]
    found.sort(key=lambda item: (item[0].start, item[0].id))
    return tuple(
        MissedNote(display_date(e.start, e.date_precision), e.agency, e.title, text)
        for e, text in found
    )


def consent_line(services: Services, journey: Journey) -> str:
    """Under what consent the pack is made: none needed for an invented journey, else who gave
    board-paper consent and when (the record itself when the viewer may read it)."""
    if not needs_consent(journey):
        return NOT_NEEDED_TEXT.format(provenance=journey.provenance.value)
    if services.may(Action.CONSENT, journey.key):
        records = [
            r
            for r in services.list_consents(journey.key)
            if r.current and Audience.BOARD_PAPER.value in r.audiences
        ]
        if records:
            record = max(records, key=lambda r: r.given_at)
            given = display_date(record.given_at.date(), DatePrecision.DAY)
            return (
                f"Consent for board papers given by {record.given_by} on {given} "
                f"(recorded by {record.recorded_by}); withdrawing it stops any new pack."
            )
    return "Consent for board papers is recorded and current."
