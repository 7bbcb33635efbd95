"""Housing loops: evictions, returns to homelessness, episodic homelessness."""

from __future__ import annotations

from schemas import EventKind as K
from timeline.cycles.detectors.common import (
    ACCOMMODATION,
    HOMELESSNESS,
    Finding,
    first_after,
    noun,
    stay_lost,
    when,
)
from timeline.cycles.rules import Rule
from timeline.cycles.timing import Timed, min_gap, of_kinds, window_clusters


def find_eviction_cycles(rule: Rule, timeline: list[Timed]) -> list[Finding]:
    """min_count+ evictions within window_days, with the stays lost and the next place after."""
    evictions = of_kinds(timeline, K.EVICTION)
    stays = of_kinds(timeline, *ACCOMMODATION)
    after = of_kinds(timeline, *ACCOMMODATION, K.ROUGH_SLEEPING)
    findings = []
    for cluster in window_clusters(evictions, rule.value("min_count"), rule.value("window_days")):
        context, steps = [], []
        previous_start = None
        for eviction in cluster.items:
            lost = stay_lost(stays, eviction, previous_start)
            step = f"evicted from {eviction.event.agency} on {when(eviction)}"
            if lost is not None and lost.event.agency != eviction.event.agency:
                step += f" (stay at {lost.event.agency})"
            following = first_after(
                [t for t in after if t is not lost and t.s1 >= eviction.s0],
                eviction.s0,
                rule.value("window_days"),
            )
            if following is not None:
                step += f", then {noun(following.kind)} at {following.event.agency}"
                context.append(following)
            context.extend([lost] if lost is not None else [])
            previous_start = eviction.s0
            steps.append(step)
        findings.append(Finding(cluster.items, context, {"details": "; ".join(steps)}))
    return findings


def find_returns_to_homelessness(rule: Rule, timeline: list[Timed]) -> list[Finding]:
    """A tenancy, then rough sleeping or a placement over transfer_days and up to max_days on."""
    tenancies = of_kinds(timeline, K.TENANCY)
    homeless = of_kinds(timeline, *HOMELESSNESS)
    findings = []
    for index, tenancy in enumerate(tenancies):
        next_tenancy = tenancies[index + 1].s0 if index + 1 < len(tenancies) else None
        for item in homeless:
            if item.s0 < tenancy.s0 or (next_tenancy is not None and item.s0 >= next_tenancy):
                continue
            if item.s1 - tenancy.s0 <= rule.value("transfer_days"):
                continue  # a transfer, not a return
            if min_gap(tenancy.s1, item.s0) > rule.value("max_days"):
                break
            days = (item.event.start - tenancy.event.start).days
            bucket = "6 months" if days <= 182 else "12 months" if days <= 365 else "24 months"
            details = f"{noun(item.kind)} ({item.event.agency}) on {when(item)},"
            findings.append(
                Finding(
                    [tenancy, item],
                    [],
                    {
                        "details": details,
                        "agency": tenancy.event.agency,
                        "days": days,
                        "bucket": bucket,
                    },
                    iterations=1,
                )
            )
            break
    return findings


def find_episodic_homelessness(rule: Rule, timeline: list[Timed]) -> list[Finding]:
    """min_count+ separate homelessness episodes starting within window_days."""
    episodes: list[list[Timed]] = []
    episode_end = None
    for item in of_kinds(timeline, *HOMELESSNESS):
        # a new episode when the gap could be longer than gap_days (so none is hidden)
        if episode_end is None or item.s1 - episode_end > rule.value("gap_days"):
            episodes.append([item])
            episode_end = item.e0
        else:
            episodes[-1].append(item)
            episode_end = max(episode_end, item.e0)
    firsts = [episode[0] for episode in episodes]
    members = {id(episode[0]): episode for episode in episodes}
    findings = []
    for cluster in window_clusters(firsts, rule.value("min_count"), rule.value("window_days")):
        context = [t for first in cluster.items for t in members[id(first)][1:]]
        details = "; ".join(
            f"{noun(first.kind)} ({first.event.agency}) from {when(first)}"
            for first in cluster.items
        )
        findings.append(Finding(cluster.items, context, {"details": details}))
    return findings
