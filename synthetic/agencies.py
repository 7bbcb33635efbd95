"""Synthetic agencies per sector, named after one invented city per cohort and marked synthetic.

Place names come from synthetic/config/places.toml (invented, bundled data); Faker (en_GB) only
gives surnames for "{last_name}" patterns. Draws are counter-based (synthetic.randomness), so the
same seed names the same agencies whatever the cohort size.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from faker import Faker

from synthetic.config import Agencies, Places, placeholders
from synthetic.randomness import stream_key, uniforms
from timeline.cohorts.tables import AGENCY_COLUMNS

SYNTHETIC_MARK = " (synthetic)"
_TRIES = 20


class _Namer:
    """Fills name patterns: one city for the cohort, areas and streets each used once in turn."""

    def __init__(self, places: Places, seed: int) -> None:
        self._key = stream_key(np.array([seed % 2**64], dtype=np.uint64), "places")
        self.city = places.cities[int(self._draw(0) * len(places.cities))]
        self._areas = self._shuffled(list(places.areas), 1)
        pairs = itertools.product(places.street_names, places.street_types)
        self._streets = self._shuffled([f"{n} {t}" for n, t in pairs], 2)
        self._used = {"area": 0, "street": 0}
        self._fake = Faker("en_GB")
        self._fake.seed_instance(seed)

    def _draw(self, counter: int) -> float:
        return float(uniforms(self._key, counter)[0])

    def _shuffled(self, values: list[str], stream: int) -> list[str]:
        draws = uniforms(self._key, stream * 2**32 + np.arange(len(values), dtype=np.uint64))
        return [values[i] for i in np.argsort(draws, kind="stable")]

    def _next(self, what: str, pool: list[str]) -> str:
        value = pool[self._used[what] % len(pool)]
        self._used[what] += 1
        return value

    def fill(self, pattern: str) -> str:
        """The pattern with its fields filled; only the fields it uses are drawn."""
        used = placeholders(pattern)
        return pattern.format(
            city=self.city,
            area=self._next("area", self._areas) if "area" in used else "",
            street=self._next("street", self._streets) if "street" in used else "",
            last_name=self._fake.last_name() if "last_name" in used else "",
        )


def make_agencies(config: Agencies, places: Places, seed: int) -> pd.DataFrame:
    """The agencies table: ids grouped by sector in config order; the same for any cohort size."""
    namer = _Namer(places, seed)
    rows: list[tuple[int, str, str, str]] = []
    taken: set[str] = set()
    for sector, spec in config.sectors.items():
        types = list(spec.provider_types)
        cumulative = np.cumsum([spec.provider_types[t] for t in types])
        cumulative /= cumulative[-1]
        for i, name_spec in enumerate(spec.patterns):
            name = namer.fill(name_spec.pattern)
            tries = 0
            while name in taken and tries < _TRIES:
                name, tries = namer.fill(name_spec.pattern), tries + 1
            if name in taken:
                name = f"{name} {i + 1}"
            taken.add(name)
            kind = types[int(np.searchsorted(cumulative, (i + 0.5) / spec.count))]
            rows.append((len(rows), name + SYNTHETIC_MARK, sector, kind.value))
    table = pd.DataFrame(rows, columns=list(AGENCY_COLUMNS))
    table["agency"] = table["agency"].astype(np.int32)
    return table


def agency_roles(config: Agencies) -> tuple[str, ...]:
    """The role of every agency, by agency id (make_agencies' order)."""
    return tuple(role for spec in config.sectors.values() for role in spec.roles)


def cohort_city(places: Places, seed: int) -> str:
    """The invented city a cohort with this seed is set in."""
    return _Namer(places, seed).city
