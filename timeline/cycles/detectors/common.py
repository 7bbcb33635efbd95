"""What every detector shares: the Finding it returns, event-kind groups, and wording helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from schemas import EventKind as K
from timeline.cycles.timing import ByStart, Timed, min_gap
from timeline.describe import display_date

EMERGENCY = (K.CALL_OUT, K.AMBULANCE, K.AE_ATTENDANCE)


HOMELESSNESS = (K.ROUGH_SLEEPING, K.PLACEMENT)


ACCOMMODATION = (K.PLACEMENT, K.TENANCY)


FOLLOW_UP = (K.REFERRAL, K.SUPPORT)


COURT_AFTER_BREACH_DAYS = 90  # context only: the hearing a breach leads to


ADMISSION_BEFORE_DISCHARGE_DAYS = 14  # an admission with no end date, ended by a self-discharge

STAYS_A_SELF_DISCHARGE_ENDS = (K.ADMISSION, K.AE_ATTENDANCE)


@dataclass
class Finding:
    """A loop a detector found: its key events (counted), context events, words for the template."""

    key: list[Timed]
    context: list[Timed] = field(default_factory=list)
    fields: dict[str, object] = field(default_factory=dict)
    severity: str = "flag"
    iterations: int | None = None
    certainty: str = "certain"


def noun(kind: K) -> str:
    """A kind as a noun inside a sentence: 'call-out', 'A&E attendance', 'rough sleeping'."""
    return {K.AE_ATTENDANCE: "A&E attendance", K.CALL_OUT: "call-out"}.get(
        kind, kind.value.replace("_", " ")
    )


def when(item: Timed) -> str:
    """The event's start as people read it ("3 Mar 2015", "Mar 2015", "c. 3 Mar 2015")."""
    return display_date(item.event.start, item.event.date_precision)


def latest_before(items: list[Timed], day: int, *, not_before: int | None = None) -> Timed | None:
    """The last item starting (at the earliest) on or before `day`, and not before `not_before`."""
    if isinstance(items, ByStart):  # in order: the last one starting by `day`, if late enough
        end = items.starts_after(day)
        last = items[end - 1] if end else None
        return None if last is None or (not_before is not None and last.s0 < not_before) else last
    found = [t for t in items if t.s0 <= day and (not_before is None or t.s0 >= not_before)]
    return found[-1] if found else None


def stay_lost(stays: list[Timed], eviction: Timed, not_before: int | None) -> Timed | None:
    """The stay an eviction ends: at the evicting agency if there is one, else the latest before."""
    if isinstance(stays, ByStart):  # in order: those starting after not_before, before the end
        low = 0 if not_before is None else stays.starts_after(not_before)
        before = stays[low : stays.starts_from(eviction.s1)]
    else:
        before = [
            t for t in stays if t.s0 < eviction.s1 and (not_before is None or t.s0 > not_before)
        ]
    same = [t for t in before if t.event.agency == eviction.event.agency]
    return (same or before or [None])[-1]


def stay_reach(stay: Timed) -> int:
    """The latest day a self-discharge could end this admission or A&E attendance: its end date;
    without one, the day it started (an attendance) or ADMISSION_BEFORE_DISCHARGE_DAYS on."""
    if stay.event.end is not None or stay.kind is not K.ADMISSION:
        return stay.e1
    return stay.s1 + ADMISSION_BEFORE_DISCHARGE_DAYS


def stay_reach_certain(stay: Timed) -> int:
    """stay_reach at its earliest: the day a self-discharge certainly still ends the stay by."""
    if stay.event.end is not None or stay.kind is not K.ADMISSION:
        return stay.e0
    return stay.s0 + ADMISSION_BEFORE_DISCHARGE_DAYS


def stay_ended(stays: list[Timed], discharge: Timed, *, certain: bool = False) -> Timed | None:
    """The latest admission or A&E attendance a self-discharge could end: one that started on or
    before the discharge's day and could still be running on it (same day for an attendance).
    `certain`: one that did so wherever the uncertain dates really lie."""
    if certain:
        ends = lambda t: t.s1 <= discharge.s0 and stay_reach_certain(t) >= discharge.s1  # noqa: E731
        latest = discharge.s0
    else:
        ends = lambda t: t.s0 <= discharge.s1 and stay_reach(t) >= discharge.s0  # noqa: E731
        latest = discharge.s1
    if isinstance(stays, ByStart):  # in order: only those starting by `latest` can qualify
        last = stays.starts_after(latest) - 1
        return next((stays[k] for k in range(last, -1, -1) if ends(stays[k])), None)
    found = [t for t in stays if ends(t)]
    return found[-1] if found else None


def first_after(
    items: list[Timed], day: int, limit: int, *, skip: Timed | None = None
) -> Timed | None:
    """The first item (other than `skip`) that may start on or after `day` within `limit` days:
    one certainly on or after it if there is one (an item dated only "2020" may be before it, or
    after)."""
    if isinstance(items, ByStart):
        end = items.starts_after(day + limit)  # min_gap(day, t.s0) <= limit
        sure = next((t for t in items[items.starts_from(day) : end] if t is not skip), None)
        if sure is not None:
            return sure
        # else the first that may still reach `day`: its start spans at most `widest` days
        earliest = items.starts_from(day - items.widest)
        return next((t for t in items[earliest:end] if t.s1 >= day and t is not skip), None)
    near = [t for t in items if t.s1 >= day and min_gap(day, t.s0) <= limit and t is not skip]
    return next((t for t in near if t.s0 >= day), near[0] if near else None)


def count_words(items: list[Timed], noun: Callable[[Timed], str]) -> str:
    counts: dict[str, int] = {}
    for item in items:
        counts[noun(item)] = counts.get(noun(item), 0) + 1
    return ", ".join(
        f"{n} {name}" if n == 1 else f"{n} {name.replace(' (', 's (', 1)}"
        for name, n in counts.items()
    )
