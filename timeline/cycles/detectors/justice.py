"""Custody and breach cycles: the criminal-justice revolving door."""

from __future__ import annotations

from dataclasses import dataclass

from schemas import EventKind as K
from timeline.cycles.detectors.common import (
    COURT_AFTER_BREACH_DAYS,
    Finding,
    first_after,
    latest_before,
    when,
)
from timeline.cycles.rules import Rule
from timeline.cycles.timing import Timed, min_gap, of_kinds, window_clusters
from timeline.describe import display_date

TOUCH_DAYS = 1  # a record starting on the day the last one ended, or the next day, continues it


@dataclass
class Spell:
    """Custody records with no release between them that touch or overlap: one stay inside.

    `release` is the release event after the last record (if any); r0..r1 the bounds of the day
    the spell ended (the latest end of its records, or the release, or its last start).
    """

    records: list[Timed]
    release: Timed | None
    r0: int
    r1: int

    @property
    def first(self) -> Timed:
        return self.records[0]

    @property
    def last(self) -> Timed:
        return self.records[-1]


def released_between(
    releases: list[Timed], earlier: Timed, later: Timed, *, certain: bool = False
) -> bool:
    """Whether a release is recorded after one custody record starts and by the next's start
    (`certain`: wherever the uncertain dates lie)."""
    if certain:
        return any(earlier.s1 < r.s0 and r.s1 <= later.s0 for r in releases)
    return any(earlier.s0 < r.s0 <= later.s0 for r in releases)


def custody_spells(
    custody: list[Timed], releases: list[Timed], *, certain: bool = False
) -> list[Spell]:
    """Records joined into spells: a record joins the spell before it when no release lies
    between them and it certainly starts within TOUCH_DAYS of the spell's earliest end so far.
    `certain` (the fewest spells the dates allow): when no release certainly lies between them
    and it may start within TOUCH_DAYS of the spell's latest end."""
    spells: list[Spell] = []
    for index, item in enumerate(custody):
        next_start = custody[index + 1].s0 if index + 1 < len(custody) else None
        release = next(
            (r for r in releases if r.s1 >= item.s0 and (next_start is None or r.s0 <= next_start)),
            None,
        )
        if item.event.end is not None:
            r0, r1 = item.e0, item.e1
        elif release is not None:
            r0, r1 = release.s0, release.s1
        else:
            r0, r1 = item.s0, item.s1
        if spells:
            spell = spells[-1]
            joins = not released_between(releases, spell.last, item, certain=certain)
            touches = (
                item.s0 <= spell.r1 + TOUCH_DAYS if certain else item.s1 <= spell.r0 + TOUCH_DAYS
            )
            if joins and touches:
                spell.records.append(item)
                spell.release = release
                spell.r0, spell.r1 = max(spell.r0, r0), max(spell.r1, r1)
                continue
        spells.append(Spell([item], release, r0, r1))
    return spells


def find_custody_cycles(rule: Rule, timeline: list[Timed], certain: bool = False) -> list[Finding]:
    """Chains of custody spells, each starting within window_days of the previous release."""
    spells = custody_spells(
        of_kinds(timeline, K.CUSTODY), of_kinds(timeline, K.RELEASE), certain=certain
    )
    window = rule.value("window_days")
    findings: list[Finding] = []
    chain: list[Spell] = []
    for spell in [*spells, None]:
        if spell is not None and chain:
            previous = chain[-1]
            if certain:  # every reading of the dates puts it after the release, within the window
                first = spell.first
                links = first.s0 >= previous.r1 and first.s1 - previous.r0 <= window
            else:
                gap = min_gap(previous.r1, spell.first.s0)
                links = spell.first.s1 >= previous.r0 and gap <= window
            if links:
                chain.append(spell)
                continue
        if len(chain) >= rule.value("min_count"):
            findings.append(_custody_finding(chain))
        chain = [spell] if spell is not None else []
    return findings


def _custody_finding(chain: list[Spell]) -> Finding:
    steps = []
    for number, (previous, current) in enumerate(zip(chain, chain[1:], strict=False), start=2):
        released = previous.release or previous.last
        days = current.first.event.start - _release_date(previous)
        months = max(
            1, round((current.first.event.start - chain[0].first.event.start).days / 30.44)
        )
        where = released.event.agency
        steps.append(
            f"released from {where} on {_release_text(previous)}, in custody again "
            f"{days.days} days later, the {_ordinal(number)} time in {months} months"
        )
    key = [record for spell in chain for record in spell.records]
    context = [spell.release for spell in chain if spell.release is not None]
    fields = {"details": "; ".join(steps), "last": when(chain[-1].first)}  # the last spell's start
    return Finding(key, context, fields, iterations=len(chain))


def _release_date(spell: Spell):
    ends = [r.event.end for r in spell.records if r.event.end is not None]
    if ends:
        return max(ends)
    return (spell.release or spell.last).event.start


def _release_text(spell: Spell) -> str:
    ends = [r for r in spell.records if r.event.end is not None]
    if ends:
        last = max(ends, key=lambda r: r.event.end)
        return display_date(last.event.end, last.event.date_precision)
    return when(spell.release or spell.last)


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def find_breach_cycles(rule: Rule, timeline: list[Timed], certain: bool = False) -> list[Finding]:
    """min_count+ breaches within window_days, with the order breached and the courts after."""
    breaches = of_kinds(timeline, K.BREACH)
    orders, courts = of_kinds(timeline, K.ORDER), of_kinds(timeline, K.COURT)
    findings = []
    for cluster in window_clusters(
        breaches, rule.value("min_count"), rule.value("window_days"), certain=certain
    ):
        context, steps = [], []
        order = latest_before(orders, cluster.items[0].s1)
        if order is not None:
            context.append(order)
        for breach in cluster.items:
            court = first_after(courts, breach.s0, COURT_AFTER_BREACH_DAYS)
            step = f"breach on {when(breach)} ({breach.event.agency})"
            if court is not None:
                context.append(court)
                step += f", back in court on {when(court)}"
            steps.append(step)
        findings.append(Finding(cluster.items, context, {"details": "; ".join(steps)}))
    return findings
