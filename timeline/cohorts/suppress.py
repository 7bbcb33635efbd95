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
