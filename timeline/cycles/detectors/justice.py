"""Custody and breach cycles: the criminal-justice revolving door."""

from __future__ import annotations

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


def find_custody_cycles(rule: Rule, timeline: list[Timed]) -> list[Finding]:
    """Chains of custody episodes, each starting within window_days of the previous release."""
    custody = of_kinds(timeline, K.CUSTODY)
    releases = of_kinds(timeline, K.RELEASE)
    episodes: list[tuple[Timed, Timed | None, int, int]] = []  # custody, release event, r0, r1
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
        episodes.append((item, release, r0, r1))
    findings: list[Finding] = []
    chain: list[tuple[Timed, Timed | None, int, int]] = []
    for episode in [*episodes, None]:
        if episode is not None and chain:
            previous = chain[-1]
            gap = min_gap(previous[3], episode[0].s0)
            if episode[0].s1 >= previous[2] and gap <= rule.value("window_days"):
                chain.append(episode)
                continue
        if len(chain) >= rule.value("min_count"):
            findings.append(_custody_finding(chain))
        chain = [episode] if episode is not None else []
    return findings


def _custody_finding(chain: list[tuple[Timed, Timed | None, int, int]]) -> Finding:
    steps = []
    for number, (previous, current) in enumerate(zip(chain, chain[1:], strict=False), start=2):
        released = previous[1] or previous[0]
        days = current[0].event.start - (previous[0].event.end or released.event.start)
        months = max(1, round((current[0].event.start - chain[0][0].event.start).days / 30.44))
        where = released.event.agency
        steps.append(
            f"released from {where} on {_release_text(previous)}, in custody again "
            f"{days.days} days later, the {_ordinal(number)} time in {months} months"
        )
    key = [c for c, _r, _a, _b in chain]
    context = [r for _c, r, _a, _b in chain if r is not None]
    return Finding(key, context, {"details": "; ".join(steps)})


def _release_text(episode: tuple[Timed, Timed | None, int, int]) -> str:
    custody, release, _r0, _r1 = episode
    if custody.event.end is not None:
        return display_date(custody.event.end, custody.event.date_precision)
    return when(release or custody)


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def find_breach_cycles(rule: Rule, timeline: list[Timed]) -> list[Finding]:
    """min_count+ breaches within window_days, with the order breached and the courts after."""
    breaches = of_kinds(timeline, K.BREACH)
    orders, courts = of_kinds(timeline, K.ORDER), of_kinds(timeline, K.COURT)
    findings = []
    for cluster in window_clusters(breaches, rule.value("min_count"), rule.value("window_days")):
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
