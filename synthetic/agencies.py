"""Synthetic agencies per sector, named by Faker (en_GB, seeded per cohort) and marked synthetic."""

from __future__ import annotations

import numpy as np
import pandas as pd
from faker import Faker

from synthetic.config import Agencies
from timeline.cohorts.tables import AGENCY_COLUMNS

SYNTHETIC_MARK = " (synthetic)"


def make_agencies(config: Agencies, seed: int) -> pd.DataFrame:
    """The agencies table: ids grouped by sector in config order; the same for any cohort size."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rows: list[tuple[int, str, str, str]] = []
    taken: set[str] = set()
    for sector, spec in config.sectors.items():
        types = list(spec.provider_types)
        cumulative = np.cumsum([spec.provider_types[t] for t in types])
        cumulative /= cumulative[-1]
        for i in range(spec.count):
            pattern = spec.names[i % len(spec.names)]
            name = _fill(fake, pattern)
            tries = 0
            while name in taken and tries < 20:
                name, tries = _fill(fake, pattern), tries + 1
            if name in taken:
                name = f"{name} {i + 1}"
            taken.add(name)
            kind = types[int(np.searchsorted(cumulative, (i + 0.5) / spec.count))]
            rows.append((len(rows), name + SYNTHETIC_MARK, sector, kind.value))
    table = pd.DataFrame(rows, columns=list(AGENCY_COLUMNS))
    table["agency"] = table["agency"].astype(np.int32)
    return table


def _fill(fake: Faker, pattern: str) -> str:
    return pattern.format(city=fake.city(), last_name=fake.last_name(), street=fake.street_name())
