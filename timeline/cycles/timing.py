"""Events as time bounds, and the rolling-window search every count rule shares.

Dates are held as day ordinals. A month-precision date may be any day of its month, a year date
any day of its year, an approximate date any day within `approximate_days` of the date written.
Events are ordered by their earliest possible start. Every rule is read two ways (see
docs/cycles.md, "Certain and possible"): for a *possible* finding a window is widened by the
uncertainty (two events are "within N days" when the smallest possible gap between them is at most
N); for a *certain* one it is narrowed (the largest possible gap is at most N), so a certain finding
holds wherever in their ranges the uncertain dates really lie.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from schemas import DatePrecision, Event, EventKind, Journey

DEFAULT_APPROXIMATE_DAYS = 14


def date_bounds(value: dt.date, precision: DatePrecision, approximate_days: int) -> tuple[int, int]:
    """Earliest and latest day (as ordinals) a date written with `precision` can mean."""
    if precision is DatePrecision.MONTH:
        last = calendar.monthrange(value.year, value.month)[1]
        return value.replace(day=1).toordinal(), value.replace(day=last).toordinal()
    if precision is DatePrecision.YEAR:
        return dt.date(value.year, 1, 1).toordinal(), dt.date(value.year, 12, 31).toordinal()
    if precision is DatePrecision.APPROXIMATE:
        day = value.toordinal()
        return day - approximate_days, day + approximate_days
    return value.toordinal(), value.toordinal()


@dataclass(frozen=True, slots=True)
class Timed:
    """An event with bounds of its start (s0..s1) and end (e0..e1); a point ends as it starts."""

    event: Event
    position: int
    s0: int
    s1: int
    e0: int
    e1: int

    @property
    def kind(self) -> EventKind:
        return self.event.kind

    @property
    def approximate(self) -> bool:
        return self.s0 != self.s1 or self.e0 != self.e1


def any_uncertain(items: Iterable[Timed]) -> bool:
    """Whether any item's start or end is uncertain (month, year or approximate precision)."""
    return any(t.approximate for t in items)


def timed_events(journey: Journey, approximate_days: int) -> list[Timed]:
    """Every event of the journey with its bounds, ordered by earliest start (then file order)."""
    timed = []
    for position, event in enumerate(journey.events):
        s0, s1 = date_bounds(event.start, event.date_precision, approximate_days)
        e0, e1 = (
            date_bounds(event.end, event.date_precision, approximate_days)
            if event.end
            else (s0, s1)
        )
        timed.append(Timed(event, position, s0, s1, e0, e1))
    timed.sort(key=lambda t: (t.s0, t.position))
    return timed


def min_gap(earlier_latest: int, later_earliest: int) -> int:
    """The smallest possible number of days from one bound to the next."""
    return later_earliest - earlier_latest


@dataclass(frozen=True)
class Cluster:
    """Key events that fall in overlapping qualifying windows, and the most in any one window."""

    items: list[Timed]
    peak: int


def window_clusters(
    items: list[Timed],
    min_count: int,
    window_days: int,
    accept: Callable[[list[Timed]], bool] | None = None,
    *,
    certain: bool = False,
) -> list[Cluster]:
    """Runs of `min_count`+ items within `window_days`, merged where windows overlap.

    Widened (possible): an item is in the window of an earlier one when it may start within
    window_days of it. Narrowed (certain): when every day each of them may mean lies in the
    window_days from the earlier one's earliest start. With exact dates the two agree.
    """
    if certain and any_uncertain(items):
        return _certain_clusters(items, min_count, window_days, accept)
    starts = [t.s0 for t in items]
    windows: list[tuple[int, int]] = []
    for i, first in enumerate(items):
        j = bisect_right(starts, first.s1 + window_days) - 1
        if j - i + 1 >= min_count and (accept is None or accept(items[i : j + 1])):
            windows.append((i, j))
    clusters: list[Cluster] = []
    low = high = peak = -1
    for i, j in windows:
        if clusters and i <= high:
            high, peak = max(high, j), max(peak, j - i + 1)
            clusters[-1] = Cluster(items[low : high + 1], peak)
        else:
            low, high, peak = i, j, j - i + 1
            clusters.append(Cluster(items[low : high + 1], peak))
    return clusters


def _certain_clusters(
    items: list[Timed],
    min_count: int,
    window_days: int,
    accept: Callable[[list[Timed]], bool] | None,
) -> list[Cluster]:
    """window_clusters, narrowed. Items whose own range is wider than the window never count.
    The window from each item's earliest start holds the items whose whole range of dates lies
    inside it; `accept` sees those up to the first that may fall outside. Windows overlapping
    in time order merge, as in the widened reading."""
    kept = [t for t in items if t.s1 - t.s0 <= window_days]
    starts = [t.s0 for t in kept]
    clusters: list[tuple[set[int], int]] = []
    high = -1
    for i, first in enumerate(kept):
        limit = first.s0 + window_days
        j = bisect_right(starts, limit) - 1
        members = [k for k in range(i, j + 1) if kept[k].s1 <= limit]
        if len(members) < min_count:
            continue
        if accept is not None:
            inside = next((k for k in range(i, j + 1) if kept[k].s1 > limit), j + 1)
            if not accept(kept[i:inside]):
                continue
        if clusters and i <= high:
            merged, peak = clusters[-1]
            clusters[-1] = (merged | set(members), max(peak, len(members)))
        else:
            clusters.append((set(members), len(members)))
        high = max(high, j)
    return [Cluster([kept[k] for k in sorted(m)], peak) for m, peak in clusters]


class ByStart(list):
    """Timed items known to be in timed_events' order (earliest start, then file order), so the
    detectors' look-ups can search them by day (bisect) instead of reading every item: a journey
    of 20,000 events took the engine about 9 s read item by item. A plain list is read as before.
    """

    _width: int | None = None

    def starts_from(self, day: int) -> int:
        """The index of the first item whose earliest start is on or after `day`."""
        return bisect_left(self, day, key=_earliest)

    def starts_after(self, day: int) -> int:
        """The index of the first item whose earliest start is after `day`."""
        return bisect_right(self, day, key=_earliest)

    @property
    def widest(self) -> int:
        """The most days any item's start may span (s1 - s0), found once."""
        if self._width is None:
            self._width = max((t.s1 - t.s0 for t in self), default=0)
        return self._width


class Timeline(ByStart):
    """One person's timed events in order, each kind's events found once (the detectors ask
    for kinds dozens of times)."""

    def __init__(self, items: Iterable[Timed] = ()) -> None:
        super().__init__(items)
        self.kinds: dict[EventKind, list[Timed]] = {}
        for item in self:
            self.kinds.setdefault(item.kind, []).append(item)


def starting_between(items: list[Timed], low: int, high: int) -> list[Timed]:
    """The items that may be the ones whose earliest start is from `low` to `high`: just those
    for a ByStart, every item of a plain list (the caller tests each item in full either way)."""
    if isinstance(items, ByStart):
        return items[items.starts_from(low) : items.starts_after(high)]
    return items


def widest(items: list[Timed]) -> int:
    """The most days any item's start may span."""
    return (
        items.widest if isinstance(items, ByStart) else max((t.s1 - t.s0 for t in items), default=0)
    )


def _earliest(item: Timed) -> int:
    return item.s0


def of_kinds(items: Iterable[Timed], *kinds: EventKind) -> list[Timed]:
    """The items whose kind is one of `kinds`, in order (a ByStart of a Timeline)."""
    wanted = set(kinds)
    if isinstance(items, Timeline):
        found = [t for kind in wanted for t in items.kinds.get(kind, ())]
        if len(wanted) > 1:
            found.sort(key=lambda t: (t.s0, t.position))  # the Timeline's own order
        return ByStart(found)
    return [t for t in items if t.kind in wanted]


def ordinal_date(day: int) -> dt.date:
    """A day ordinal back to a date."""
    return dt.date.fromordinal(day)
