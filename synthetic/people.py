"""The people table: pseudonyms, demographics and needs, each drawn from the person's own seed."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from synthetic.config import Config, Population
from synthetic.randomness import stream_key, uniforms
from synthetic.wards import CityWards, draw_wards
from synthetic.window import LEFT_BECAUSE, Stays, death_chances, draw_stays
from timeline.cohorts.tables import NEEDS, PEOPLE_COLUMNS


def pseudonym(person: int) -> str:
    """A label that can never be mistaken for a real name: "Person 000042"."""
    return f"Person {person:06d}"


def _pick(u: np.ndarray, shares: list[float]) -> np.ndarray:
    cumulative = np.cumsum(shares)
    cumulative[-1] = 1.0
    return np.searchsorted(cumulative, u, side="right")


def needs_bits(
    seeds: np.ndarray, population: Population, women: np.ndarray, scale: np.ndarray | None = None
) -> np.ndarray:
    """Bit i set when the person has NEEDS[i]: drawn by prevalence (times the person's ward
    multiplier `scale`, people x NEEDS, when given), topped up to min_needs."""
    key = stream_key(seeds, "needs")
    scores = np.empty((len(seeds), len(NEEDS)))
    for i, need in enumerate(NEEDS):
        found = population.needs.get(need)  # type: ignore[call-overload]
        p = 0.0 if found is None else found.prevalence
        p_women = p if found is None or found.women is None else found.women
        chance = np.where(women, p_women, p)
        if scale is not None:
            chance = np.minimum(chance * scale[:, i], 1.0)
        scores[:, i] = uniforms(key, i) / np.maximum(chance, 1e-9)
    has = scores < 1
    rank = np.argsort(np.argsort(scores, axis=1, kind="stable"), axis=1)
    has |= rank < population.min_needs.value
    return (has * (1 << np.arange(len(NEEDS)))).sum(axis=1)


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers as datetime64[s]; negative (none) as NaT."""
    values = days.astype("datetime64[D]").astype("datetime64[s]")
    values[days < 0] = np.datetime64("NaT")
    return values


def make_people(
    seeds: np.ndarray,
    config: Config,
    wards: CityWards,
    window: tuple[int, int],
    coordinated_from: dt.date | None,
    coordinated_share: float,
) -> tuple[pd.DataFrame, np.ndarray, Stays]:
    """The people table, each person's needs bits and their stay in the group; `window` is the
    first and last day (day numbers)."""
    population = config.population
    key = stream_key(seeds, "person")
    genders = list(population.gender)
    gender = np.array([g.value for g in genders], dtype=object)[
        _pick(uniforms(key, 0), [s.share for s in population.gender.values()])
    ]
    bands = [str(b.value) for b in population.age_band]
    band = _pick(uniforms(key, 1), [s.share for s in population.age_band.values()])
    age = np.array(bands, dtype=object)[band]
    ward = draw_wards(seeds, wards)
    bits = needs_bits(seeds, population, gender == "woman", wards.multiplier[ward])
    labels = np.array(
        ["+".join(n for i, n in enumerate(NEEDS) if code >> i & 1) for code in range(32)],
        dtype=object,
    )
    shares = {str(b.value): s.share for b, s in population.age_band.items()}
    chance = death_chances(config.window, shares)
    stays = draw_stays(
        seeds, config.window, window[0], window[1], np.array([chance[b] for b in bands])[band]
    )
    gets = uniforms(key, 2) < coordinated_share if coordinated_from is not None else None
    when = np.full(len(seeds), np.datetime64("NaT"), dtype="datetime64[s]")
    if gets is not None:
        when[gets] = np.datetime64(coordinated_from, "s")
    people = pd.DataFrame(
        {
            "person": np.arange(len(seeds), dtype=np.int32),
            "pseudonym": [pseudonym(k) for k in range(len(seeds))],
            "age_band": age,
            "gender": gender,
            "needs": labels[bits],
            "coordinated_from": when,
            "area": np.array(wards.names, dtype=object)[ward],
            "entered": _dates(stays.entered),
            "left": _dates(stays.left),
            "left_because": np.array(("", *LEFT_BECAUSE), dtype=object)[stays.reason + 1],
        },
        columns=list(PEOPLE_COLUMNS),
    )
    return people, bits, stays
