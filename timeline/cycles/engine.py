"""find_cycles: a journey in, its revolving-door cycles out, each explained in plain English."""

from __future__ import annotations

from collections.abc import Iterable

from schemas import Cycle, Event, Journey
from timeline.cycles.detectors import DETECTORS, Finding, when
from timeline.cycles.detectors.crisis import counted_self_discharges
from timeline.cycles.rules import DEFAULT_RULES, Rule
from timeline.cycles.timing import (
    DEFAULT_APPROXIMATE_DAYS,
    Timed,
    Timeline,
    any_uncertain,
    timed_events,
)

POSSIBLE_NOTE = "Possible, depending on when the approximate dates really were: "
APPROXIMATE_NOTE = {
    "certain": " Some of these dates are approximate; the cycle holds whichever day they really "
    "were.",
    "possible": " Some of these dates are approximate; the cycle holds for some of the days they "
    "could mean, not all.",
}


def span_text(days: int) -> str:
    """A length of time as people say it: '41 days', '8 months', '2 years'."""
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''}"
    months = round(days / 30.44)
    if months < 24:
        return f"{months} months"
    years = round(days / 365.25, 1)
    return f"{years:g} years"


def _cycle(rule: Rule, shared: list[tuple[str, Finding]]) -> Cycle:
    """One cycle from the findings of one loop: a person's, or a household's whose key events
    are the same (each person's context events are kept, and worded per person if they differ)."""
    person, finding = shared[0]
    items: list[Timed] = sorted(
        {id(t): t for _, f in shared for t in f.key + f.context}.values(),
        key=lambda t: (t.s0, t.position),
    )
    events = list({t.event.id: t.event for t in items}.values())
    iterations = finding.iterations or len(finding.key)
    first, last = finding.key[0], finding.key[-1]
    approximate = any(t.approximate for t in items)
    fields = {name: parameter.value for name, parameter in rule.parameters.items()}
    fields |= {
        "count": iterations,
        "first": when(first),
        "last": when(last),
        "span": span_text((last.event.start - first.event.start).days),
        "approximate": APPROXIMATE_NOTE[finding.certainty] if approximate else "",
    }
    fields |= finding.fields
    details = {p: str(f.fields.get("details", "")) for p, f in shared}
    if len(set(details.values())) > 1:
        fields["details"] = "; ".join(f"for {p}, {d}" for p, d in details.items())
    explanation = rule.explanation.format(**fields)
    if finding.certainty == "possible":
        explanation = POSSIBLE_NOTE + explanation[0].lower() + explanation[1:]
    return Cycle(
        rule=rule.id,
        label=f"{rule.label} ×{iterations}" if iterations > 1 else rule.label,
        explanation=explanation,
        event_ids=tuple(e.id for e in events),
        start=min(e.start for e in events),
        # context periods (the order breached, the stay lost) add their start, not their end
        end=max([e.start for e in events] + [t.event.end or t.event.start for t in finding.key]),
        iterations=iterations,
        people=tuple(p for p, _ in shared),
        severity=finding.severity,
        approximate=approximate,
        certainty=finding.certainty,
    )


def find_cycles(
    journey: Journey,
    rules: Iterable[Rule] = DEFAULT_RULES,
    *,
    approximate_days: int = DEFAULT_APPROXIMATE_DAYS,
) -> list[Cycle]:
    """Every cycle in the journey, person by person; a loop whose key events a household shares
    is one cycle with every person in it, whatever each person's own context events."""
    rules = [rule for rule in rules if rule.enabled]
    by_id = {rule.id: rule for rule in rules}
    order = {rule.id: index for index, rule in enumerate(rules)}
    loops: dict[tuple[str, frozenset[str], str], list[tuple[str, Finding]]] = {}
    for rule_id, person, finding in find_person_findings(
        journey, rules, approximate_days=approximate_days
    ):
        key = (rule_id, frozenset(t.event.id for t in finding.key), finding.certainty)
        loops.setdefault(key, []).append((person, finding))
    cycles = [_cycle(by_id[rule_id], shared) for (rule_id, _, _), shared in loops.items()]
    return sorted(
        cycles, key=lambda c: (c.start, order[c.rule], c.certainty != "certain", c.event_ids)
    )


def find_person_findings(
    journey: Journey,
    rules: Iterable[Rule] = DEFAULT_RULES,
    *,
    approximate_days: int = DEFAULT_APPROXIMATE_DAYS,
) -> list[tuple[str, str, Finding]]:
    """(rule id, person, finding) before wording and household merging; for cross-checks."""
    rules = [r for r in rules if r.enabled]  # a one-shot iterator must serve every person
    timed = timed_events(journey, approximate_days)
    found = []
    for person in journey.people:
        mine = Timeline(t for t in timed if person.pseudonym in t.event.people)
        for rule in rules:
            found += [(rule.id, person.pseudonym, f) for f in person_findings(rule, mine)]
    return found


def person_findings(rule: Rule, timeline: list[Timed]) -> list[Finding]:
    """One rule over one person's timed events: the certain findings (which hold wherever the
    uncertain dates lie), then the possible ones (which hold for some placement of them) that
    share no key event with a certain one."""
    detect = DETECTORS[rule.id]
    certain = detect(rule, timeline, True)
    if not any_uncertain(timeline):
        return certain
    taken = {id(t) for f in certain for t in f.key}
    possible = [f for f in detect(rule, timeline, False) if not any(id(t) in taken for t in f.key)]
    for finding in possible:
        finding.certainty = "possible"
    return certain + possible


def uncounted_self_discharges(
    journey: Journey,
    rules: Iterable[Rule] = DEFAULT_RULES,
    *,
    approximate_days: int = DEFAULT_APPROXIMATE_DAYS,
) -> list[Event]:
    """Self-discharges not counted toward hospital_self_discharge because no admission or A&E
    attendance they could end is recorded for someone they involve; [] when the rule is off."""
    if not any(rule.id == "hospital_self_discharge" and rule.enabled for rule in rules):
        return []
    timed = timed_events(journey, approximate_days)
    found: dict[str, Event] = {}
    for person in journey.people:
        mine = Timeline(t for t in timed if person.pseudonym in t.event.people)
        for discharge, stay in counted_self_discharges(mine):
            if stay is None:
                found.setdefault(discharge.event.id, discharge.event)
    return sorted(found.values(), key=lambda e: (e.start, e.id))
