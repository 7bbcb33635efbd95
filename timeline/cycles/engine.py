"""find_cycles: a journey in, its revolving-door cycles out, each explained in plain English."""

from __future__ import annotations

from collections.abc import Iterable

from schemas import Cycle, Event, Journey
from timeline.cycles.detectors import DETECTORS, Finding, when
from timeline.cycles.detectors.crisis import counted_self_discharges
from timeline.cycles.rules import DEFAULT_RULES, Rule
from timeline.cycles.timing import DEFAULT_APPROXIMATE_DAYS, Timed, timed_events

APPROXIMATE_NOTE = (
    " Some of these dates are approximate, so the time windows were widened to every day they "
    "could mean."
)


def span_text(days: int) -> str:
    """A length of time as people say it: '41 days', '8 months', '2 years'."""
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''}"
    months = round(days / 30.44)
    if months < 24:
        return f"{months} months"
    years = round(days / 365.25, 1)
    return f"{years:g} years"


def _cycle(rule: Rule, finding: Finding, person: str) -> Cycle:
    items: list[Timed] = sorted(
        {id(t): t for t in finding.key + finding.context}.values(), key=lambda t: (t.s0, t.position)
    )
    events = [t.event for t in items]
    iterations = finding.iterations or len(finding.key)
    first, last = finding.key[0], finding.key[-1]
    approximate = any(t.approximate for t in items)
    fields = {name: parameter.value for name, parameter in rule.parameters.items()}
    fields |= {
        "count": iterations,
        "first": when(first),
        "last": when(last),
        "span": span_text((last.event.start - first.event.start).days),
        "approximate": APPROXIMATE_NOTE if approximate else "",
    }
    fields |= finding.fields
    return Cycle(
        rule=rule.id,
        label=f"{rule.label} ×{iterations}" if iterations > 1 else rule.label,
        explanation=rule.explanation.format(**fields),
        event_ids=tuple(e.id for e in events),
        start=min(e.start for e in events),
        # context periods (the order breached, the stay lost) add their start, not their end
        end=max([e.start for e in events] + [t.event.end or t.event.start for t in finding.key]),
        iterations=iterations,
        people=(person,),
        severity=finding.severity,
        approximate=approximate,
    )


def find_cycles(
    journey: Journey,
    rules: Iterable[Rule] = DEFAULT_RULES,
    *,
    approximate_days: int = DEFAULT_APPROXIMATE_DAYS,
) -> list[Cycle]:
    """Every cycle in the journey, person by person; a loop shared by a household is listed once."""
    rules = [rule for rule in rules if rule.enabled]
    by_id = {rule.id: rule for rule in rules}
    order = {rule.id: index for index, rule in enumerate(rules)}
    found: dict[tuple[str, frozenset[str]], Cycle] = {}
    findings = find_person_findings(journey, rules, approximate_days=approximate_days)
    for rule_id, person, finding in findings:
        cycle = _cycle(by_id[rule_id], finding, person)
        key = (cycle.rule, frozenset(cycle.event_ids))
        if key in found:
            merged = found[key].people + cycle.people
            found[key] = found[key].model_copy(update={"people": merged})
        else:
            found[key] = cycle
    return sorted(found.values(), key=lambda c: (c.start, order[c.rule], c.event_ids))


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
        mine = [t for t in timed if person.pseudonym in t.event.people]
        for rule in rules:
            found += [(rule.id, person.pseudonym, f) for f in DETECTORS[rule.id](rule, mine)]
    return found


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
        mine = [t for t in timed if person.pseudonym in t.event.people]
        for discharge, stay in counted_self_discharges(mine):
            if stay is None:
                found.setdefault(discharge.event.id, discharge.event)
    return sorted(found.values(), key=lambda e: (e.start, e.id))
