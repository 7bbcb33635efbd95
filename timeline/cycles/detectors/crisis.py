"""Crisis loops: self-discharge, frequent emergency contact, missed and bounced referrals."""

from __future__ import annotations

from schemas import EventKind as K
from timeline.cycles.detectors.common import (
    EMERGENCY,
    FOLLOW_UP,
    STAYS_A_SELF_DISCHARGE_ENDS,
    Finding,
    count_words,
    latest_before,
    noun,
    stay_ended,
    when,
)
from timeline.cycles.rules import Rule
from timeline.cycles.timing import (
    Timed,
    min_gap,
    of_kinds,
    starting_between,
    widest,
    window_clusters,
)


def counted_self_discharges(
    timeline: list[Timed], *, certain: bool = False
) -> list[tuple[Timed, Timed | None]]:
    """Every self-discharge with the admission or A&E attendance it ends (None: none recorded)."""
    stays = of_kinds(timeline, *STAYS_A_SELF_DISCHARGE_ENDS)
    return [
        (t, stay_ended(stays, t, certain=certain)) for t in of_kinds(timeline, K.SELF_DISCHARGE)
    ]


def find_self_discharge_loops(
    rule: Rule, timeline: list[Timed], certain: bool = False
) -> list[Finding]:
    """min_count+ self-discharges within window_days, each ending an admission or attendance;
    a self-discharge with no admission or attendance recorded for it is not counted."""
    ended = {
        id(t): stay
        for t, stay in counted_self_discharges(timeline, certain=certain)
        if stay is not None
    }
    discharges = [t for t in of_kinds(timeline, K.SELF_DISCHARGE) if id(t) in ended]
    findings = []
    for cluster in window_clusters(
        discharges, rule.value("min_count"), rule.value("window_days"), certain=certain
    ):
        context, steps = [], []
        for discharge in cluster.items:
            admitted = ended[id(discharge)]
            context.append(admitted)
            steps.append(
                f"{noun(admitted.kind)} on {when(admitted)}, "
                f"self-discharged from {discharge.event.agency} on {when(discharge)}"
            )
        findings.append(Finding(cluster.items, context, {"details": "; ".join(steps)}))
    return findings


def find_frequent_emergencies(
    rule: Rule, timeline: list[Timed], certain: bool = False
) -> list[Finding]:
    """min_count+ call-outs, ambulances or A&E attendances in a rolling window_days."""
    emergencies = of_kinds(timeline, *EMERGENCY)
    findings = []
    for cluster in window_clusters(
        emergencies, rule.value("min_count"), rule.value("window_days"), certain=certain
    ):
        details = count_words(cluster.items, lambda t: f"{noun(t.kind)} ({t.event.agency})")
        severity = "high" if cluster.peak >= rule.value("high_at") else "flag"
        findings.append(
            Finding(
                cluster.items, [], {"details": details, "peak": cluster.peak}, severity=severity
            )
        )
    return findings


def find_missed_referrals(
    rule: Rule, timeline: list[Timed], certain: bool = False
) -> list[Finding]:
    """min_count+ emergency contacts within window_days, none followed by referral or support."""
    follow = rule.value("follow_up_days")
    follow_ups = of_kinds(timeline, *FOLLOW_UP)
    signposts = of_kinds(timeline, K.SIGNPOSTED)
    if certain:  # missed wherever the dates lie: no follow-up could have come in time
        spread = widest(follow_ups)  # a follow-up reaching t.s0 starts no earlier than this
        missed = [
            t
            for t in of_kinds(timeline, *EMERGENCY)
            if not any(
                f.s1 >= t.s0 and min_gap(t.s1, f.s0) <= follow
                for f in starting_between(follow_ups, t.s0 - spread, t.s1 + follow)
            )
        ]
    else:  # only a follow-up certainly within follow_up_days counts, so no missed chance is hidden
        missed = [
            t
            for t in of_kinds(timeline, *EMERGENCY)
            if not any(
                f.s0 >= t.s1 and f.s1 - t.s0 <= follow
                for f in starting_between(follow_ups, t.s1, t.s0 + follow)
            )
        ]
    findings = []
    for cluster in window_clusters(
        missed, rule.value("min_count"), rule.value("window_days"), certain=certain
    ):
        context = [
            s
            for s in signposts
            if any(s.s1 >= t.s0 and min_gap(t.s1, s.s0) <= follow for t in cluster.items)
        ]
        details = "; ".join(
            f"{noun(t.kind)} ({t.event.agency}) on {when(t)}" for t in cluster.items
        )
        if context:
            details += f"; told to self-refer {len(context)} time{'s' if len(context) > 1 else ''}"
        maybe = [  # follow-ups whose uncertain dates might, or might not, fall in time
            f
            for f in follow_ups
            if any(f.s1 >= t.s0 and min_gap(t.s1, f.s0) <= follow for t in cluster.items)
        ]
        if maybe:
            context += maybe
            details += "; " + ", ".join(
                f"{noun(f.kind)} ({f.event.agency}) on {when(f)} may have come too late"
                for f in maybe
            )
        findings.append(
            Finding(cluster.items, context, {"details": details, "follow_up_days": follow})
        )
    return findings


def find_referral_ping_pong(
    rule: Rule, timeline: list[Timed], certain: bool = False
) -> list[Finding]:
    """min_count+ declined referrals across min_agencies+ agencies within window_days."""
    declines = of_kinds(timeline, K.DECLINED)
    referrals = of_kinds(timeline, K.REFERRAL)
    enough = rule.value("min_agencies")
    by_agency: dict[str, list[Timed]] = {}  # each agency's referrals, in order
    for referral in referrals:
        by_agency.setdefault(referral.event.agency, type(referrals)()).append(referral)
    findings = []
    for cluster in window_clusters(
        declines,
        rule.value("min_count"),
        rule.value("window_days"),
        accept=lambda items: len({t.event.agency for t in items}) >= enough,
        certain=certain,
    ):
        context = []
        for decline in cluster.items:
            referral = latest_before(
                by_agency.get(decline.event.agency, []),
                decline.s1,
                not_before=decline.s0 - rule.value("window_days"),
            )
            context.extend([referral] if referral is not None else [])
        details = "; ".join(f"{t.event.agency} on {when(t)}" for t in cluster.items)
        agencies = len({t.event.agency for t in cluster.items})
        findings.append(
            Finding(cluster.items, context, {"details": details, "agency_count": agencies})
        )
    return findings


def find_repeat_referrals(
    rule: Rule, timeline: list[Timed], certain: bool = False
) -> list[Finding]:
    """min_count+ referrals to the same agency within window_days."""
    referrals = of_kinds(timeline, K.REFERRAL)
    findings = []
    for agency in dict.fromkeys(t.event.agency for t in referrals):
        mine = [t for t in referrals if t.event.agency == agency]
        for cluster in window_clusters(
            mine, rule.value("min_count"), rule.value("window_days"), certain=certain
        ):
            details = ", ".join(when(t) for t in cluster.items)
            findings.append(Finding(cluster.items, [], {"details": details, "agency": agency}))
    return findings
