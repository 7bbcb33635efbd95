"""Needs combinations (an UpSet chart's counts): for the people a filter keeps, how many have
each exact combination of needs, and how many have each need at all (its set size).

A combination is the person's needs bitmask (bit i = NEEDS[i]), so every count is one
`np.bincount` over `PreparedCohort.needs_bits`. Counts are exact; suppress where they leave the
app (timeline/cohorts/suppress.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.cohorts.prepared import PreparedCohort
from timeline.cohorts.tables import NEEDS

COMBINATIONS = 1 << len(NEEDS)  # every bitmask, 0 (no recorded need) included
COMBINATION_COLUMNS = ("combination", "needs", "needs_count", "people")
SET_COLUMNS = ("need", "people")


def needs_of(bits: int) -> tuple[str, ...]:
    """The needs of a bitmask, in NEEDS order (e.g. 5 -> homelessness, mental_health)."""
    return tuple(need for index, need in enumerate(NEEDS) if bits >> index & 1)


def bits_of(needs: tuple[str, ...] | frozenset[str]) -> int:
    """The bitmask of some needs (ValueError for a need not in NEEDS)."""
    return sum(1 << NEEDS.index(need) for need in set(needs))


def describe_needs(needs: tuple[str, ...]) -> str:
    """Needs in words, in NEEDS order: "homelessness, substance use and offending"."""
    names = [n.replace("_", " ") for n in NEEDS if n in needs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def combination_counts(prepared: PreparedCohort, mask: np.ndarray | None = None) -> np.ndarray:
    """People per needs bitmask (length COMBINATIONS) among those `mask` keeps (None: all)."""
    bits = prepared.needs_bits if mask is None else prepared.needs_bits[mask]
    return np.bincount(bits, minlength=COMBINATIONS)[:COMBINATIONS].astype(np.int64)


def combinations_table(counts: np.ndarray, threshold: int = 1) -> pd.DataFrame:
    """One row per non-empty combination somebody has: `combination` (the key, needs joined
    with "+" in NEEDS order, as the cohort's people table writes them), `needs` (in words),
    `needs_count` and `people`; most people first, then fewer needs, then NEEDS order. Counts
    from 1 to threshold - 1 sort as equal, so the order of rows shown as "<5" tells nothing."""
    found = [bits for bits in range(1, COMBINATIONS) if counts[bits] > 0]
    rows = [
        ("+".join(needs_of(bits)), describe_needs(needs_of(bits)), bin(bits).count("1"), bits)
        for bits in found
    ]
    table = pd.DataFrame(
        {
            "combination": [r[0] for r in rows],
            "needs": [r[1] for r in rows],
            "needs_count": np.array([r[2] for r in rows], dtype=np.int64),
            "people": counts[found].astype(np.int64) if found else np.zeros(0, dtype=np.int64),
            "bits": np.array([r[3] for r in rows], dtype=np.int64),
        }
    )
    rank = table["people"].where(table["people"] >= threshold, 1)
    table = table.assign(rank=rank).sort_values(
        ["rank", "needs_count", "bits"], ascending=[False, True, True]
    )
    return table.drop(columns=["bits", "rank"]).reset_index(drop=True)


def set_sizes(counts: np.ndarray) -> pd.DataFrame:
    """Per need, in NEEDS order: people who have it, alone or with any others."""
    masks = np.arange(COMBINATIONS)
    people = [int(counts[(masks >> i & 1) == 1].sum()) for i in range(len(NEEDS))]
    return pd.DataFrame({"need": list(NEEDS), "people": np.array(people, dtype=np.int64)})


def people_with_several(counts: np.ndarray, at_least: int = 2) -> int:
    """People with `at_least` needs or more."""
    sizes = np.array([bin(bits).count("1") for bits in range(COMBINATIONS)])
    return int(counts[sizes >= at_least].sum())
