"""Housing loops: evictions, returns to homelessness, episodic homelessness."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter

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
            following = first_after(after, eviction.s0, rule.value("window_days"), skip=lost)
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
    return _runs(items, gap, attrgetter("s0"), attrgetter("e0"))


def _runs(
    items: Iterable[Timed], gap: int, start: Callable[[Timed], int], end: Callable[[Timed], int]
) -> list[list[Timed]]:
    """Items (in order) in runs: a new run when an item's `start` is over gap days after the
    latest `end` so far in the run (cohort_episodes._runs does the same for a whole cohort)."""
    runs: list[list[Timed]] = []
    reach = 0
    for item in items:
        if not runs or start(item) - reach > gap:
            runs.append([item])
            reach = end(item)
        else:
            runs[-1].append(item)
            reach = max(reach, end(item))
    return runs


def _longest(item: Timed) -> int:
    """The most days an item can last once it starts (0 for a point)."""
    return item.e1 - item.s0 if item.event.end is not None else 0


def _shortest(item: Timed) -> int:
    """The fewest days an item can last once it starts (0 for a point)."""
    return max(0, item.e0 - item.s1) if item.event.end is not None else 0


def _fewest_episodes(items: list[Timed], gap: int) -> list[list[Timed]]:
    """Episodes for a certain finding: never more than the uncertain dates allow.

    Exact items make the episodes as usual. Each is then stretched by the uncertain items that
    may follow it within gap days: a chain of n of them reaches at most n * gap days (plus how
    long they last) past its end, and no further than the latest any of them may end. An
    episode that the one before may reach this way is the same episode. An uncertain item that
    may lie within gap days of a (stretched) episode belongs to it; the rest certainly lie apart
    and make episodes of their own, each taken to fill its whole range (two that may touch are
    one).
    """
    exact = [t for t in items if not t.approximate]
    unsure = [t for t in items if t.approximate]
    merged: list[list[Timed]] = []
    lows: list[int] = []
    fars: list[int] = []
    for episode in _exact_episodes(exact, gap):
        far = _stretch(max(t.e0 for t in episode), unsure, gap)
        if merged and episode[0].s0 - fars[-1] <= gap:
            merged[-1].extend(episode)
            fars[-1] = max(fars[-1], far)
        else:
            merged.append(list(episode))
            lows.append(episode[0].s0)
            fars.append(far)
    loose = []
    for item in unsure:
        home = next(
            (
                group
                for group, low, far in zip(merged, lows, fars, strict=True)
                if item.s0 <= far + gap and item.s1 + _longest(item) >= low - gap
            ),
            None,
        )
        if home is None:
            loose.append(item)
        else:
            home.append(item)
    # each fills its whole range: two that may touch are one episode
    groups = _runs(loose, gap, attrgetter("s0"), attrgetter("e1"))
    return sorted(merged + groups, key=lambda e: (e[0].s0, e[0].position))


def _stretch(end: int, unsure: list[Timed], gap: int) -> int:
    """The furthest an episode ending on `end` may reach through uncertain items that may follow
    it, each within gap days of the last: with n such items, n * gap days and their lengths past
    its end, and never past the latest any of them may end (repeated while more come near)."""
    reach = end
    while True:
        near = [t for t in unsure if t.s0 <= reach + gap and t.s1 + _longest(t) > end]
        if not near:
            return reach
        bound = end + len(near) * gap + sum(_longest(t) for t in near)
        stretched = max(reach, min(max(t.s1 + _longest(t) for t in near), bound))
        if stretched == reach:
            return reach
        reach = stretched


def _most_episodes(items: list[Timed], gap: int) -> list[list[Timed]]:
    """Episodes for a possible finding: as many as the uncertain dates allow, or more.

    Exact items make the episodes as usual; a running stay keeps its episode open whatever
    uncertain item falls inside it. An uncertain item that may lie over gap days from every one
    of those episodes is free: free items make episodes of their own, a new one whenever an
    item may start over gap days after the earliest end so far. Any other uncertain item joins
    the first episode it may belong to.
    """
    exact = [t for t in items if not t.approximate]
    episodes = _exact_episodes(exact, gap)
    spans = [(e[0].s0, max(t.e0 for t in e)) for e in episodes]
    free = []
    for item in (t for t in items if t.approximate):
        if _may_stand_apart(spans, item, gap):
            free.append(item)
            continue
        near = next(
            index
            for index, (low, high) in enumerate(spans)
            if item.s0 <= high + gap and item.s1 + _shortest(item) >= low - gap
        )
        episodes[near].append(item)
    groups = _runs(free, gap, attrgetter("s1"), attrgetter("e0"))
    return sorted(episodes + groups, key=lambda e: (e[0].s0, e[0].position))


def _may_stand_apart(spans: list[tuple[int, int]], item: Timed, gap: int) -> bool:
    """Whether some start in the item's range puts it (lasting as short as it can) over gap
    days from every span: in one of the slots before, between or after the spans."""
    edges = [(None, spans[0][0] if spans else None)]
    edges += [(spans[k][1], spans[k + 1][0]) for k in range(len(spans) - 1)]
    edges += [(spans[-1][1], None)] if spans else []
    for before, after in edges:
        earliest = item.s0 if before is None else max(item.s0, before + gap + 1)
        latest = item.s1 if after is None else min(item.s1, after - gap - 1 - _shortest(item))
        if earliest <= latest:
            return True
    return False
