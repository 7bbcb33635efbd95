"""The cohort frame as sorted numpy arrays, and the array searches every cohort rule shares.

Groups (people, or a person's referrals to one agency) are kept apart without a groupby by
packing `group * big + day` into one int64: `big` exceeds every day and every day plus a window,
so a search over packed keys never crosses into the next group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from schemas import EventKind
from timeline.cycles.cohort_frame import FRAME_COLUMNS, KIND_CATEGORIES, sort_order

Ints = np.ndarray
PARAMETER_CAP = 2**40  # far beyond any day count or row count; keeps int64 arithmetic exact


@dataclass(frozen=True)
class CohortArrays:
    """Rows sorted by (person, earliest start, file order); days are day ordinals (moved up
    to start at 0 if any were negative)."""

    person: Ints
    kind: Ints  # int8 codes of KIND_CATEGORIES, -1 for none
    agency: Ints
    s0: Ints
    s1: Ints
    e0: Ints
    e1: Ints
    has_end: np.ndarray
    rows: Ints  # frame row of each sorted row
    span: int  # the largest day (all days are 0..span)
    big: int  # group separator for packed keys: more than 2 * span + 2

    def of_kinds(self, *kinds: EventKind) -> Ints:
        """Sorted-row indices of the events of `kinds`, in (person, time) order (computed once
        for each set of kinds: both readings of a rule, and rules sharing kinds, reuse it)."""
        codes = tuple(sorted({KIND_CATEGORIES.index(kind.value) for kind in kinds}))

        def rows() -> Ints:
            chosen = self.kind == codes[0]  # small integer codes: one quick pass each
            for code in codes[1:]:
                chosen |= self.kind == code
            return np.flatnonzero(chosen)

        return self.remember(("kinds", codes), rows)

    def remember(self, key: object, compute: Callable[[], Any]) -> Any:
        """compute() the first time `key` is asked for, then the same value (both readings of
        a rule share what does not depend on the reading)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @cached_property
    def _memo(self) -> dict[object, Any]:
        return {}

    @cached_property
    def exact_start(self) -> np.ndarray:
        """Whether each row's start is known to the day (read, never written)."""
        return self.s0 == self.s1

    def pack(self, group: Ints, days: Ints) -> Ints:
        """One sortable int64 per (group, day)."""
        return group * self.big + days

    def clamp(self, days: int) -> int:
        """A window short enough to pack: beyond span + 1 days every window already covers all."""
        return min(days, self.span + 1)


def cohort_arrays(frame: pd.DataFrame) -> CohortArrays:
    """The frame's columns as int64 arrays, sorted by person and time if they are not already."""
    missing = [c for c in FRAME_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"the cohort frame lacks column {', '.join(missing)}")
    person = _codes(frame["person"])
    kind = _kind_codes(frame["kind"])
    agency = _codes(frame["agency"])
    s0, s1, e0, e1, position = (
        frame[c].to_numpy(dtype=np.int64) for c in ("s0", "s1", "e0", "e1", "position")
    )
    has_end = frame["has_end"].to_numpy(dtype=bool)
    rows = np.arange(len(frame), dtype=np.int64)
    if not _is_sorted(person, s0, position):
        rows = sort_order(person, s0, position)
        person, kind, agency, s0, s1, e0, e1, has_end = (
            a[rows] for a in (person, kind, agency, s0, s1, e0, e1, has_end)
        )
    base = min(int(s0.min()), 0) if len(s0) else 0
    if base < 0:  # packed keys want days of 0 or more (ordinals are, but for year 1's)
        s0, s1, e0, e1 = (a - base for a in (s0, s1, e0, e1))
    span = int(max(s1.max(), e1.max())) if len(s0) else 0
    return CohortArrays(person, kind, agency, s0, s1, e0, e1, has_end, rows, span, big=2 * span + 4)


def _codes(column: pd.Series) -> Ints:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(dtype=np.int64)
    return pd.factorize(column, sort=True)[0].astype(np.int64)


def _kind_codes(column: pd.Series) -> Ints:
    if pd.api.types.is_integer_dtype(column.dtype):
        codes = column.to_numpy(dtype=np.int64)
        return np.where((codes >= 0) & (codes < len(KIND_CATEGORIES)), codes, -1).astype(np.int8)
    cat = column.astype("category").cat
    codes = cat.codes.to_numpy()
    if list(cat.categories) == list(KIND_CATEGORIES):  # as events_frame makes it
        return codes.astype(np.int8)
    mapping = pd.Index(list(KIND_CATEGORIES)).get_indexer([str(c) for c in cat.categories])
    return np.where(codes >= 0, np.append(mapping, -1)[codes], -1).astype(np.int8)


def _is_sorted(person: Ints, s0: Ints, position: Ints) -> bool:
    if len(person) < 2:
        return True
    low, width = int(s0.min()), int(s0.max()) - int(s0.min()) + 1
    if (int(person.max()) + 1) * width >= 2**62 or person.min() < 0:
        dp, ds, dq = np.diff(person), np.diff(s0), np.diff(position)
        return bool(np.all((dp > 0) | ((dp == 0) & ((ds > 0) | ((ds == 0) & (dq >= 0))))))
    key = person * width + (s0 - low)  # (person, start) as one number: one comparison a row
    step = key[1:] - key[:-1]
    if (step < 0).any():
        return False
    tied = np.flatnonzero(step == 0)
    return bool((position[tied + 1] >= position[tied]).all())


def group_runs(group: Ints) -> tuple[Ints, Ints]:
    """First index of each run of equal group values, and one past its last."""
    if len(group) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    return starts, np.r_[starts[1:], len(group)]


def window_clusters(
    c: CohortArrays,
    group: Ints,
    s0: Ints,
    s1: Ints,
    min_count: int,
    window_days: int,
    accept: Callable[[Ints, Ints], np.ndarray] | None = None,
) -> tuple[Ints, Ints, Ints]:
    """timing.window_clusters for every group at once: (low, high, peak) per cluster."""
    reach = s1 + c.clamp(window_days)
    first = _may_hold(group, s0, reach, min_count)  # each holds min_count: it qualifies
    last = np.searchsorted(c.pack(group, s0), c.pack(group[first], reach[first]), "right") - 1
    qualifies = np.ones(len(first), dtype=bool)
    if accept is not None and len(first):
        qualifies = accept(first, last)
    i, j = first[qualifies], last[qualifies]
    if len(i) == 0:
        return i, j, j.copy()
    starts = _cluster_starts(i, j)
    return i[starts], np.maximum.reduceat(j, starts), np.maximum.reduceat(j - i + 1, starts)


def _may_hold(group: Ints, s0: Ints, reach: Ints, min_count: int) -> Ints:
    """The items whose window may hold min_count items: the (min_count - 1)th item after each
    is of the same group and starts by its reach (items sorted by group, then s0). Only these
    need a search."""
    ahead = max(min_count - 1, 0)
    if ahead == 0:
        return np.arange(len(s0))
    if ahead >= len(s0):
        return np.zeros(0, dtype=np.int64)
    head = len(s0) - ahead
    return np.flatnonzero((group[ahead:] == group[:head]) & (s0[ahead:] <= reach[:head]))


def _cluster_starts(i: Ints, j: Ints) -> Ints:
    """Qualifying windows i..j (in order) merged where they overlap: where each cluster starts."""
    return np.flatnonzero(np.r_[True, i[1:] > np.maximum.accumulate(j)[:-1]])


def certain_window_clusters(
    c: CohortArrays,
    group: Ints,
    s0: Ints,
    s1: Ints,
    min_count: int,
    window_days: int,
    accept: Callable[[Ints, Ints], np.ndarray] | None = None,
) -> tuple[Ints, Ints, Ints]:
    """timing._certain_clusters for every group at once (items sorted by group, then s0, and
    none wider than the window): (peak per cluster, member indices, the cluster of each member).

    The window from item i holds the items from i on whose latest day is within window_days of
    s0[i]; none before i is left out (none is wider than the window), so counting the group's
    items whose latest day is that early, less those before i, counts the window. Items whose
    earliest start is that early (up to `last`) count, less the uncertain ones among them that
    may end later: only the uncertain items' latest days are searched.
    """
    size = len(s0)
    window = c.clamp(window_days)
    index = _may_hold(group, s0, s0 + window, min_count)  # only these may qualify
    limit = c.pack(group[index], s0[index] + window)
    last = np.searchsorted(c.pack(group, s0), limit, side="right") - 1
    loose = s1 != s0
    if loose.any():
        late = np.sort(c.pack(group[loose], s1[loose]), kind="stable")  # a few, nearly sorted
        early = np.r_[0, np.cumsum(loose)][last + 1] - np.searchsorted(late, limit, side="right")
        count = last + 1 - index - early
    else:
        count = last + 1 - index
    qualifies = count >= min_count
    if accept is not None and qualifies.any():
        chosen = np.flatnonzero(qualifies)
        inside = first_above(s1, index[chosen], last[chosen] + 1, s0[index[chosen]] + window)
        qualifies[chosen] = accept(index[chosen], inside - 1)
    i, j = index[qualifies], last[qualifies]
    if len(i) == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    starts = _cluster_starts(i, j)
    peak = np.maximum.reduceat(count[qualifies], starts)
    opens = np.zeros(len(i), dtype=np.int64)
    opens[starts] = 1
    # an item is a member when the latest qualifying window at or before it holds it: look
    # only from each window's start up to its last item or the next window's start
    item, window_of = spans(i, np.minimum(j, np.r_[i[1:] - 1, size - 1]))
    member = s1[item] <= s0[i][window_of] + window
    return peak, item[member], (np.cumsum(opens) - 1)[window_of[member]]


def spans(low: Ints, high: Ints) -> tuple[Ints, Ints]:
    """Every index low..high of each span, flattened, and the span of each."""
    sizes = high - low + 1
    owner = np.repeat(np.arange(len(low)), sizes)
    return np.arange(len(owner)) + np.repeat(low - (np.cumsum(sizes) - sizes), sizes), owner


def first_above(values: Ints, low: Ints, high: Ints, threshold: Ints) -> Ints:
    """For each query, the first index k in [low, high) with values[k] > threshold, else high."""
    if len(values) == 0:
        return high.copy()
    longest = int((high - low).max()) if len(low) else 0
    table = [values]
    while (1 << len(table)) <= longest:
        previous, step = table[-1], 1 << (len(table) - 1)
        ahead = np.r_[previous[step:], np.full(min(step, len(previous)), values.min())]
        table.append(np.maximum(previous, ahead))
    position = low.copy()
    for level in range(len(table) - 1, -1, -1):
        step = 1 << level
        fits = position + step <= high
        index = np.where(fits, position, 0)
        skip = fits & (table[level][index] <= threshold)
        position = np.where(skip, position + step, position)
    return position


def prefix_max(c: CohortArrays, group: Ints, days: Ints) -> Ints:
    """The largest of `days` so far within each group (rows sorted by group)."""
    packed = np.maximum.accumulate(c.pack(group, days))
    return packed - group * c.big


def reached(c: CohortArrays, targets: Ints, person: Ints, low: Ints, high: Ints) -> np.ndarray:
    """Which of `targets` (rows in order: by person, then start) start in some [low, high]
    of their person's (low may be below 0, by at most span + 1)."""
    keys = c.pack(c.person[targets], c.s0[targets])
    begin = np.searchsorted(keys, c.pack(person, low), side="left")
    end = np.maximum(np.searchsorted(keys, c.pack(person, high), side="right"), begin)
    size = len(targets) + 1
    cover = np.cumsum(np.bincount(begin, minlength=size) - np.bincount(end, minlength=size))
    return cover[:-1] > 0


def suffix_min(group: Ints, days: Ints) -> Ints:
    """The smallest of `days` from each row to the end of its group (rows sorted by group)."""
    if len(days) == 0:
        return days
    big = int(days.max()) - int(days.min()) + 1
    packed = group * big + (days - days.min())
    return np.minimum.accumulate(packed[::-1])[::-1] - group * big + days.min()


def people_of(c: CohortArrays, rows: Ints) -> np.ndarray:
    """Whether each person (by code) has one of `rows`."""
    people = np.zeros(int(c.person.max(initial=-1)) + 1, dtype=bool)
    people[c.person[rows]] = True
    return people


def distinct_at_least(group: Ints, values: Ints, first: Ints, last: Ints, enough: int) -> Ints:
    """Whether items first..last (one group each) hold `enough`+ distinct values."""
    if enough <= 1:
        return np.ones(len(first), dtype=bool)
    width = int(values.max()) + 1
    pairs, inverse = np.unique(group * width + values, return_inverse=True)
    pair_group = pairs // width
    rank = (np.arange(len(pair_group)) - np.searchsorted(pair_group, pair_group))[inverse]
    distinct = np.zeros(len(first), dtype=np.int64)
    for value in range(int(rank.max()) + 1 if len(rank) else 0):
        seen = np.r_[0, np.cumsum(rank == value)]
        distinct += seen[last + 1] - seen[first] > 0
    return distinct >= enough
