"""Plain functions behind the journey page's callbacks (no dash: tests call them directly)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from schemas import Cycle, Event, Journey
from timeline.access import Action
from timeline.consent import Audience, needs_consent
from timeline.cycles import apply_overrides, uncounted_self_discharges
from timeline.describe import describe_journey, display_date, plural
from timeline.exporters import DATA_FORMATS, EXPORTERS, MEDIA_TYPES, ExportRequest
from timeline.figures import SwimlaneOptions, build_swimlane_figure
from timeline.filters import EventFilter, describe_filter, explain_no_match, with_people_named
from timeline.pages.inputs import UnusableInputError
from timeline.service import Services
from timeline.view_state import ViewState, apply_view

SCREEN_LANE_PITCH_PX = 16  # the 24-lane Coventry chart fits a 1280x720 projector
# what the journey page offers, each shown only to a viewer who may do it
PAGE_ACTIONS = (
    Action.EDIT,
    Action.PRESENT,
    Action.EXPORT,
    Action.HISTORY,
    Action.CONSENT,
    Action.DECIDE,
)


@dataclass(frozen=True)
class JourneyView:
    """A journey as one page shows it: cycles found, the figure, the text alternative."""

    journey: Journey
    cycles: list[Cycle]
    figure: dict
    description: str
    options: SwimlaneOptions
    whole: Journey  # before filters: the controls offer all its sectors, people and kinds
    filter_note: str = ""
    filter: EventFilter = EventFilter()
    consented: frozenset[str] = frozenset()  # audiences with current consent (timeline/consent)
    allowed: frozenset[Action] = frozenset(PAGE_ACTIONS)  # what the viewer may do here
    version: int | None = None  # the stored version shown: changes from this page name it
    not_counted: tuple[Event, ...] = ()  # self-discharges with no admission recorded (shown)

    def may(self, action: Action) -> bool:
        """Whether the page offers `action` to its viewer."""
        return action in self.allowed

    @property
    def overview_days(self) -> int:
        """Days per cell when the chart is an overview of a journey too busy to draw event by
        event (figures/overview.py); 0 when every event is drawn."""
        return int(self.figure["layout"]["meta"].get("overview_days") or 0)

    @property
    def anchor_date(self) -> str | None:
        """The ISO start of the event the view is aligned on, if any."""
        align_on = self.options.align_on
        return next((e.start.isoformat() for e in self.journey.events if e.id == align_on), None)


def rule_overrides(
    services: Services, param_ids: list[dict], values: list, on_ids: list[dict], on_values: list
) -> dict[str, dict[str, int | bool]]:
    """Per-view rule changes from the page's inputs; blank or out-of-range entries are ignored."""
    rules = {rule.id: rule for rule in services.rule_set.rules}
    overrides: dict[str, dict[str, int | bool]] = {}
    for ident, value in zip(param_ids, values, strict=True):
        parameter = _rule(rules, ident).parameters.get(ident.get("param"))
        if parameter is None:
            raise UnusableInputError(
                f"Rule {ident['rule']!r} has no setting {ident.get('param')!r}; reload the page."
            )
        usable = isinstance(value, int | float) and int(value) == value >= parameter.minimum
        if usable and int(value) != parameter.value:
            overrides.setdefault(ident["rule"], {})[ident["param"]] = int(value)
    for ident, value in zip(on_ids, on_values, strict=True):
        enabled = bool(value)
        if enabled != _rule(rules, ident).enabled:
            overrides.setdefault(ident["rule"], {})["enabled"] = enabled
    return overrides


def _rule(rules: dict, ident: dict) -> object:
    """The rule a control names (UnusableInputError for an unknown rule id)."""
    rule = rules.get(ident.get("rule")) if isinstance(ident.get("rule"), str) else None
    if rule is None:
        raise UnusableInputError(f"There is no revolving-door rule {ident.get('rule')!r}.")
    return rule


def filter_from_inputs(
    sectors: list[str] | None,
    people: list[str] | None,
    kinds: list[str] | None,
    since: str | None,
    until: str | None,
) -> EventFilter:
    """The filter the page's controls ask for; a blank or unreadable date means no limit."""

    def day(value: str | None) -> dt.date | None:
        try:
            return dt.date.fromisoformat(value[:10]) if value else None
        except ValueError:
            return None

    return EventFilter(
        frozenset(sectors or ()),
        frozenset(people or ()),
        frozenset(kinds or ()),
        day(since),
        day(until),
    )


def build_journey_view(
    services: Services,
    key: str,
    state: ViewState = ViewState(),
    *,
    show_title: bool = False,  # noqa: B008
    action: Action = Action.VIEW,
) -> JourneyView:
    """Load a journey as the viewer may see it for `action`, find its cycles under the view's
    rules, and draw it with the chosen options."""
    whole, version = services.load_journey_versioned(key, action)
    screen = SwimlaneOptions(
        lane_pitch_px=SCREEN_LANE_PITCH_PX,
        show_title=show_title,
        approximate_days=services.rule_set.approximate_days,
        webgl=services.settings.webgl,
    )
    cycles_found = services.find_cycles(whole, state.overrides)
    shown, options = apply_view(whole, cycles_found, state, screen)
    journey, cycles = shown.journey, shown.cycles
    known = {e.id for e in journey.events}
    figure = build_swimlane_figure(journey, cycles, options)
    note = describe_filter(state.filter)
    if note and not journey.events:
        note = explain_no_match(whole, state.filter)
    elif note:
        note += (
            f" ({plural(shown.hidden_events, 'event')} and "
            f"{plural(shown.hidden_cycles, 'cycle')} hidden by the filters)."
        )
    rules = apply_overrides(services.rule_set.rules, state.overrides or {})
    approximate_days = services.rule_set.approximate_days
    not_counted = tuple(
        event
        for event in uncounted_self_discharges(whole, rules, approximate_days=approximate_days)
        if event.id in known
    )
    description = describe_journey(journey, cycles, not_counted)
    consented = services.consent_audiences(key) if needs_consent(whole) else frozenset()
    allowed = frozenset(a for a in PAGE_ACTIONS if services.may(a, key))
    return JourneyView(
        journey,
        cycles,
        figure,
        description,
        options,
        whole,
        note,
        state.filter,
        consented,
        allowed,
        version,
        not_counted,
    )


def export_journey(
    services: Services,
    key: str,
    fmt: str,
    state: ViewState = ViewState(),  # noqa: B008
) -> tuple[bytes, str, str]:
    """A download of the whole journey as drawn on screen: (content, file name, media type)."""
    if fmt not in EXPORTERS:
        raise UnusableInputError(
            f"There is no download format {str(fmt)[:20]!r}; choose one of: {', '.join(EXPORTERS)}."
        )
    view = build_journey_view(services, key, state, action=Action.EXPORT)
    services.require_consent(view.whole, Audience.BOARD_PAPER)
    options = dataclasses.replace(view.options, show_title=True, range_slider=False)
    journey = with_people_named(view.journey, view.whole) if fmt in DATA_FORMATS else view.journey
    data = EXPORTERS[fmt](ExportRequest(journey, tuple(view.cycles), options))
    return data, f"{key}.{fmt}", MEDIA_TYPES[fmt]


def zoom_range(start: dt.date, end: dt.date, anchor: dt.date | None = None) -> list:
    """The x range that frames a span with a margin, in the axis' units (dates or days)."""
    pad = dt.timedelta(days=max(14, (end - start).days // 6))
    low, high = start - pad, end + pad + dt.timedelta(days=1)
    if anchor is None:
        return [low.isoformat(), high.isoformat()]
    return [(low - anchor).days, (high - anchor).days]


CHOICES_SHOWN = 500  # the most events an event dropdown lists at once (event_choices)


def align_choices(journey: Journey, *, first: int | None = None) -> list[dict]:
    """Events to align the timeline on (the `first` of them), labelled with date, kind, agency
    and title."""
    return [
        {
            "label": f"{display_date(e.start, e.date_precision)} · {e.kind.label} · "
            f"{e.agency} · {e.title}",
            "value": e.id,
        }
        for e in sorted(journey.events, key=lambda e: e.start)[:first]
    ]


def event_choices(journey: Journey, *, chosen: str | None = None, search: str = "") -> list[dict]:
    """align_choices for an event dropdown: every event of a journey of up to CHOICES_SHOWN;
    beyond that (tens of thousands of options would send megabytes and stall the browser) the
    first CHOICES_SHOWN whose label contains `search` (any case), and always the `chosen` one."""
    if len(journey.events) <= CHOICES_SHOWN:
        return align_choices(journey)
    if not search and chosen is None:
        return align_choices(journey, first=CHOICES_SHOWN)
    wanted = search.casefold()
    every = align_choices(journey)
    kept = [c for c in every if wanted in c["label"].casefold()][:CHOICES_SHOWN]
    if chosen is not None and all(c["value"] != chosen for c in kept):
        kept = [c for c in every if c["value"] == chosen] + kept
    return kept
