"""Small-number suppression: a count from 1 to threshold - 1 never leaves the app as itself.

Every count the explorer shows, hovers, labels or exports goes through `suppress_count` (one
value), `suppress_series` / `suppress_frame` (tables and CSV downloads) or `bar_values` (figure
data). A suppressed bar is drawn at a fixed placeholder height that is never a whole number, so
the exact count is in neither the picture nor the figure's JSON; its label and hover say "<5".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

DEFAULT_THRESHOLD = 5


def is_suppressed(n: int, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """True for a count from 1 to threshold - 1 (0 is not suppressed: nobody is no one)."""
    return 0 < int(n) < threshold


def suppress_count(n: int, threshold: int = DEFAULT_THRESHOLD) -> int | str:
    """The count itself, or "<threshold" for 1..threshold-1; 0 stays 0."""
    return f"<{threshold}" if is_suppressed(n, threshold) else int(n)


def format_count(n: int, threshold: int = DEFAULT_THRESHOLD) -> str:
    """A count for page text: "12,345", "0" or "<5"."""
    shown = suppress_count(n, threshold)
    return shown if isinstance(shown, str) else f"{shown:,}"


def suppress_series(values: pd.Series, threshold: int = DEFAULT_THRESHOLD) -> pd.Series:
    """A count column with 1..threshold-1 replaced by "<threshold" (object dtype when any is)."""
    numbers = values.astype("int64")
    hidden = (numbers > 0) & (numbers < threshold)
    if not hidden.any():
        return numbers
    return numbers.astype(object).where(~hidden, f"<{threshold}")


def suppress_frame(
    frame: pd.DataFrame, count_columns: Iterable[str], threshold: int = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """A copy of a table with each count column suppressed; other columns unchanged."""
    out = frame.copy()
    for column in count_columns:
        out[column] = suppress_series(out[column], threshold)
    return out


def suppress_share(count: int, total: int, threshold: int = DEFAULT_THRESHOLD) -> str:
    """A percentage for text, hidden with its count ("<5 people" would be undone by "0.3%")."""
    if is_suppressed(count, threshold) or is_suppressed(total, threshold):
        return f"<{threshold} people"
    if total == 0:
        return "0%"
    return f"{100 * count / total:.1f}%"


@dataclass(frozen=True)
class BarValues:
    """What a bar trace may carry: heights, labels and hover counts, none of them a small count."""

    heights: list[float]  # placeholder height for suppressed bars
    labels: list[str]  # "12", "0" or "<5"
    suppressed: list[bool]


def placeholder_height(threshold: int = DEFAULT_THRESHOLD) -> float:
    """The drawn height of a suppressed bar: half the threshold, never a whole count below it."""
    return threshold / 2 if threshold % 2 else threshold / 2 - 0.25


def bar_values(counts: Sequence[int] | np.ndarray, threshold: int = DEFAULT_THRESHOLD) -> BarValues:
    """Heights, labels and flags for one bar trace of counts."""
    heights: list[float] = []
    labels: list[str] = []
    flags: list[bool] = []
    stand_in = placeholder_height(threshold)
    for raw in np.asarray(counts, dtype=np.int64).tolist():
        hidden = is_suppressed(raw, threshold)
        heights.append(stand_in if hidden else float(raw))
        labels.append(format_count(raw, threshold))
        flags.append(hidden)
    return BarValues(heights, labels, flags)


# Attribute columns of a list of people (drill-downs and their CSVs): one download must not let
# anyone count 1 to threshold - 1 people, whether by one column or by cross-tabulating several.
ALONE = "alone"  # a value of the column is held by 1..threshold-1 people
TOGETHER = "together"  # the column is safe alone, but not with the columns kept before it


@dataclass(frozen=True)
class ColumnChoice:
    """Which attribute columns a list may show, and why each other one is left out."""

    kept: tuple[str, ...]
    left_out: tuple[tuple[str, str], ...] = ()  # (column, ALONE or TOGETHER), in column order


def _codes(table: pd.DataFrame, column: str) -> np.ndarray:
    return pd.factorize(table[column], sort=False)[0].astype(np.int64)


def _people_in_small_cells(
    codes: dict[str, np.ndarray], columns: Sequence[str], rows: int, threshold: int
) -> int:
    """How many people sit in a cell of 1..threshold-1 when the list is cross-tabulated by
    every column in `columns` (0 for no columns: the whole list is one cell, checked apart)."""
    if not columns or rows == 0:
        return 0
    key = np.zeros(rows, dtype=np.int64)
    for column in columns:  # re-numbered after each column, so the key never overflows
        code = codes[column]
        key = pd.factorize(key * (int(code.max()) + 1) + code, sort=False)[0].astype(np.int64)
    counts = np.bincount(key)
    return int(counts[(counts > 0) & (counts < threshold)].sum())


def choose_safe_columns(
    table: pd.DataFrame, columns: Sequence[str], threshold: int = DEFAULT_THRESHOLD
) -> ColumnChoice:
    """The columns of a list of people (in preference order, most wanted first) that it may show.

    The rule: a set of columns is kept only if each combination of their shown values is held
    by 0 or at least `threshold` people of the list. First each column alone: one with any value
    held by 1..threshold-1 people is left out. Then, while the kept columns cross-tabulate into
    such a cell, the column whose removal leaves the fewest people in small cells is left out;
    a tie leaves out the least wanted (last) column.
    """
    codes = {c: _codes(table, c) for c in columns}

    def small(chosen: Sequence[str]) -> int:
        return _people_in_small_cells(codes, chosen, len(table), threshold)

    reasons: dict[str, str] = {c: ALONE for c in columns if small([c])}
    kept = [c for c in columns if c not in reasons]
    while len(kept) > 1 and small(kept):
        costs = [(small([k for k in kept if k != c]), -kept.index(c), c) for c in kept]
        dropped = min(costs)[2]
        reasons[dropped] = TOGETHER
        kept.remove(dropped)
    return ColumnChoice(tuple(kept), tuple((c, reasons[c]) for c in columns if c in reasons))
