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
from timeline.cycles.timing import Timed, any_uncertain, min_gap, of_kinds, window_clusters


def find_eviction_cycles(rule: Rule, timeline: list[Timed], certain: bool = False) -> list[Finding]:
    """min_count+ evictions within window_days, with the stays lost and the next place after."""
    evictions = of_kinds(timeline, K.EVICTION)
    stays = of_kinds(timeline, *ACCOMMODATION)
    after = of_kinds(timeline, *ACCOMMODATION, K.ROUGH_SLEEPING)
    findings = []
    for cluster in window_clusters(
        evictions, rule.value("min_count"), rule.value("window_days"), certain=certain
    ):
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


def find_returns_to_homelessness(
    rule: Rule, timeline: list[Timed], certain: bool = False
) -> list[Finding]:
    """A tenancy, then rough sleeping or a placement over transfer_days and up to max_days on."""
    tenancies = of_kinds(timeline, K.TENANCY)
    homeless = of_kinds(timeline, *HOMELESSNESS)
    transfer, longest = rule.value("transfer_days"), rule.value("max_days")
    findings = []
    for index, tenancy in enumerate(tenancies):
        next_tenancy = tenancies[index + 1].s0 if index + 1 < len(tenancies) else None
        for item in homeless:
            if item.s0 < tenancy.s0 or (next_tenancy is not None and item.s0 >= next_tenancy):
                continue
            if certain:  # a return however the uncertain dates fall: never a transfer, in time
                if item.s0 - tenancy.s1 <= transfer or item.s1 - tenancy.s0 > longest:
                    continue
                if next_tenancy is not None and item.s1 >= next_tenancy:
                    continue
            elif item.s1 - tenancy.s0 <= transfer:
                continue  # a transfer, not a return
            elif min_gap(tenancy.s1, item.s0) > longest:
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


def find_episodic_homelessness(
    rule: Rule, timeline: list[Timed], certain: bool = False
) -> list[Finding]:
    """min_count+ separate homelessness episodes starting within window_days."""
    items = of_kinds(timeline, *HOMELESSNESS)
    gap = rule.value("gap_days")
    if not any_uncertain(items):
        episodes = _exact_episodes(items, gap)
    elif certain:
        episodes = _fewest_episodes(items, gap)
    else:
        episodes = _most_episodes(items, gap)
    firsts = sorted((episode[0] for episode in episodes), key=lambda t: (t.s0, t.position))
    members = {id(episode[0]): episode for episode in episodes}
    findings = []
    for cluster in window_clusters(
        firsts, rule.value("min_count"), rule.value("window_days"), certain=certain
    ):
        context = [t for first in cluster.items for t in members[id(first)][1:]]
        details = "; ".join(
            f"{noun(first.kind)} ({first.event.agency}) from {when(first)}"
            for first in cluster.items
        )
        findings.append(Finding(cluster.items, context, {"details": details}))
    return findings


def _exact_episodes(items: list[Timed], gap: int) -> list[list[Timed]]:
    """Items (exact dates, in order) grouped into episodes: a new one after over gap days with no
    homelessness contact; a stay runs to its end, so what falls inside it is the same episode."""
    episodes: list[list[Timed]] = []
    reach = 0
    for item in items:
        if not episodes or item.s0 - reach > gap:
            episodes.append([item])
            reach = item.e0
        else:
            episodes[-1].append(item)
            reach = max(reach, item.e0)
    return episodes


def _fewest_episodes(items: list[Timed], gap: int) -> list[list[Timed]]:
    """The fewest episodes the uncertain dates allow (for a certain finding).

    Exact items make the episodes as usual. An uncertain item joins the episode running when it
    may lie within gap days of it (stretching it no further than it could reach from there);
    one that certainly lies apart waits, and joins the next episode if it may lie within gap days
    before it; only an item that can join neither starts an episode of its own.
    """
    episodes: list[list[Timed]] = []
    reach = 0
    waiting: list[Timed] = []

    def join(item: Timed) -> None:
        nonlocal reach
        episodes[-1].append(item)
        if item.approximate:  # placed as late as it can be while still in this episode
            reach = max(reach, min(item.s1, reach + gap) + max(0, item.e1 - item.s1))
        else:
            reach = max(reach, item.e0)

    for item in items:
        if episodes and item.s0 - reach <= gap:
            join(item)
            for early in [t for t in waiting if t.s0 - reach <= gap]:
                waiting.remove(early)
                join(early)
        elif item.approximate:
            waiting.append(item)
        else:
            episodes.extend(_alone((t for t in waiting if t.e1 < item.s0 - gap), gap))
            joining = [t for t in waiting if t.e1 >= item.s0 - gap]
            waiting = []
            episodes.append([item])
            reach = item.e0
            for early in joining:
                episodes[-1].append(early)
    episodes.extend(_alone(waiting, gap))
    return sorted(episodes, key=lambda e: (min(t.s0 for t in e), e[0].position))


def _alone(items, gap: int) -> list[list[Timed]]:  # noqa: ANN001
    """Uncertain items that can join no exact episode, grouped wherever two may lie within gap
    days of each other (each taken to fill its whole range, so none is counted twice)."""
    groups: list[list[Timed]] = []
    reach = 0
    for item in sorted(items, key=lambda t: (t.s0, t.position)):
        if groups and item.s0 - reach <= gap:
            groups[-1].append(item)
            reach = max(reach, item.e1)
        else:
            groups.append([item])
            reach = item.e1
    return groups


def _most_episodes(items: list[Timed], gap: int) -> list[list[Timed]]:
    """The most episodes the uncertain dates allow (for a possible finding).

    Exact items make the episodes as usual; a running stay keeps its episode open whatever
    uncertain item falls inside it. An uncertain item makes an episode of its own when some day
    in its range lies over gap days from every other episode (earliest-ending first, each placed
    as early as it can be); otherwise it joins the first episode it may belong to.
    """
    exact = [t for t in items if not t.approximate]
    episodes = _exact_episodes(exact, gap)
    spans = [[min(t.s0 for t in e), max(t.e0 for t in e)] for e in episodes]
    for item in sorted((t for t in items if t.approximate), key=lambda t: (t.s1, t.position)):
        length = max(0, item.e0 - item.s1)
        day = _free_day(spans, item.s0, item.s1, length, gap)
        if day is not None:
            episodes.append([item])
            spans.append([day, day + length])
            continue
        near = [
            index
            for index, (low, high) in enumerate(spans)
            if item.s0 <= high + gap and item.s1 + length >= low - gap
        ]
        index = near[0] if near else len(episodes)
        if near:
            episodes[index].append(item)
        else:  # cannot happen (no free day means some episode is near), kept for safety
            episodes.append([item])
            spans.append([item.s0, item.s0 + length])
    order = sorted(range(len(episodes)), key=lambda i: (spans[i][0], episodes[i][0].position))
    return [sorted(episodes[i], key=lambda t: (t.s0, t.position)) for i in order]


def _free_day(spans: list[list[int]], s0: int, s1: int, length: int, gap: int) -> int | None:
    """The earliest day in s0..s1 at which a stay of `length` days lies over gap days from
    every span, or None."""
    day = s0
    for low, high in sorted(spans):
        if day + length < low - gap:
            break
        if day <= high + gap:
            day = high + gap + 1
        if day > s1:
            return None
    return day if day <= s1 else None
