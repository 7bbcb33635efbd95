"""The invented wards of a cohort's city: their names, sizes and how common each need is in them.

Ward names are invented neighbourhoods from places.toml; sizes and need multipliers come from
areas.toml. All depend only on the seed (and the number of wards), so every person's ward is a
draw from their own stream and person k is the same whatever the cohort size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synthetic.config import Config
from synthetic.randomness import stream_key, uniforms
from timeline.cohorts.tables import NEEDS


@dataclass(frozen=True)
class CityWards:
    """Ward names, population shares (adding up to 1) and need multipliers (wards x NEEDS) whose
    population-weighted mean is 1 for every need, so the city-wide prevalence is unchanged."""

    names: tuple[str, ...]
    weights: np.ndarray
    multiplier: np.ndarray


def make_wards(config: Config, seed: int, count: int) -> CityWards:
    """`count` wards of the seed's city; the first areas.wards.centre of them are its centre."""
    key = stream_key(np.array([seed % 2**64], dtype=np.uint64), "wards")
    areas = config.places.areas
    order = np.argsort(uniforms(key, np.arange(len(areas), dtype=np.uint64)), kind="stable")
    names = tuple(areas[i] for i in order[:count])
    wards = config.areas.wards
    spread = wards.size_spread.share
    size = 1 + spread * (2 * uniforms(key, 1000 + np.arange(count, dtype=np.uint64)) - 1)
    weights = size / size.sum()
    centre = np.arange(count) < wards.centre.value
    multiplier = np.ones((count, len(NEEDS)))
    for n, need in enumerate(NEEDS):
        found = wards.prevalence.get(need)  # type: ignore[call-overload]
        if found is None:
            continue
        u = uniforms(key, 2000 + 8 * np.arange(count, dtype=np.uint64) + n)
        values = np.where(centre, found.centre.value, 1 + found.spread.share * (2 * u - 1))
        multiplier[:, n] = values / max(float(weights @ values), 1e-9)
    return CityWards(names, weights, multiplier)


def draw_wards(seeds: np.ndarray, wards: CityWards) -> np.ndarray:
    """Each person's ward (an index into wards.names), by ward size."""
    cumulative = np.cumsum(wards.weights)
    cumulative[-1] = 1.0
    return np.searchsorted(cumulative, uniforms(stream_key(seeds, "ward"), 0), side="right")
