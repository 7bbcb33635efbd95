"""An open cohort over a calendar window: who is in the group when, and why they leave.

People are present at any one time in a steady state: they enter at a constant rate and stay a
gamma-distributed time (window.toml). Everyone generated is either already in the group on the
first day of the window (entered before it, mid-journey) or enters during it. Whether a person is
one or the other is drawn from their own stream with a share that depends only on the stay and
window lengths, so person k is the same whatever the number of people at any one time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synthetic.config import Window
from synthetic.randomness import stream_key, uniforms

LEFT_BECAUSE = ("moved on", "moved away", "died")  # codes 0, 1, 2; "" while still in the group
STILL_PRESENT = -1
MIN_WINDOW_DAYS = 365


@dataclass(frozen=True)
class Stays:
    """Day numbers of entering and leaving (left = -1 when still present on the last day)."""

    entered: np.ndarray  # int64
    left: np.ndarray  # int64, STILL_PRESENT when still in the group at the window's end
    reason: np.ndarray  # int64 index into LEFT_BECAUSE, -1 when still present


def persons_for(people: int, window: Window, days: int) -> int:
    """How many people to generate so that `people` are present at any one time.

    `people` are present on the first day, and people / mean stay enter each day after it.
    """
    mean = window.stay.mean_days.value
    return round(people * (mean + days) / mean)


def present_share(window: Window, days: int) -> float:
    """The share of generated people already in the group on the window's first day."""
    mean = window.stay.mean_days.value
    return mean / (mean + days)


def death_chances(window: Window, age_shares: dict[str, float]) -> dict[str, float]:
    """The chance a leaver of each age band dies, so that died.share of the people present over
    died.span_days die within it: deaths are (people / mean stay) * span * chance, out of
    people * (1 + span / mean stay) present."""
    mean, span = window.stay.mean_days.value, window.died.span_days.value
    weights = {str(band.value): w.value for band, w in window.died.age_weight.items()}
    average = sum(share * weights.get(band, 1.0) for band, share in age_shares.items()) or 1.0
    leavers = window.died.share.share * (mean + span) / span
    return {band: min(1.0, leavers * weights.get(band, 1.0) / average) for band in age_shares}


def _gamma(key: np.ndarray, first: int, shape: int, scale: float) -> np.ndarray:
    """Gamma(shape, scale) draws as sums of `shape` exponentials (counters first, first + 1...)."""
    total = np.zeros(len(key))
    for i in range(shape):
        total -= np.log1p(-uniforms(key, first + i))
    return total * scale


def draw_stays(
    seeds: np.ndarray, window: Window, start: int, end: int, death_chance: np.ndarray
) -> Stays:
    """Each person's entering and leaving days within [start, end] (day numbers, inclusive), and
    why they left; `death_chance` is per person (by age band)."""
    key = stream_key(seeds, "window")
    days = end - start + 1
    shape, mean = window.stay.shape.value, window.stay.mean_days.value
    scale = mean / shape
    already = uniforms(key, 0) < present_share(window, days)
    # People present on the first day were sampled at a moment of their stay: their whole stay is
    # length-biased (gamma with shape + 1) and the moment uniform within it.
    length = np.where(already, _gamma(key, 10, shape + 1, scale), _gamma(key, 10, shape, scale))
    elapsed = uniforms(key, 1) * length
    entered = np.where(
        already,
        start - 1 - np.floor(elapsed).astype(np.int64),
        start + np.floor(uniforms(key, 2) * days).astype(np.int64),
    )
    left = np.where(
        already,
        start + np.maximum(np.ceil(length - elapsed), 1).astype(np.int64),
        entered + np.maximum(np.ceil(length), 1).astype(np.int64),
    )
    died = uniforms(key, 3) < death_chance
    away = uniforms(key, 4) < window.leaving.moved_away.share
    reason = np.where(died, 2, np.where(away, 1, 0)).astype(np.int64)
    still = left > end
    return Stays(
        entered=entered.astype(np.int64),
        left=np.where(still, STILL_PRESENT, left).astype(np.int64),
        reason=np.where(still, -1, reason),
    )
