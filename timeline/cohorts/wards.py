"""Where people live: the wards of a synthetic cohort's city, each ward's illustrative adult
population, and per ward how many people a filter keeps and how many contacts they have.

A person's ward is `people.area` (an invented neighbourhood name; "" in cohorts stored before
wards). The wards' order, city-centre wards and sizes are the generator's own (synthetic/wards.py,
from the cohort's seed and area preset). The generator has no census, so the adults are
illustrative: the city has as many adults as give its people at any one time the rate per 1,000
adults of areas.toml (Coventry's 28.9 without a preset), shared between wards by their sizes.
Counts here are exact: the page suppresses small numbers on their way out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from timeline.cohorts.explore import CohortFilter, select_people
from timeline.cohorts.prepared import PreparedCohort

TABLE_COLUMNS = (
    "ward",
    "city_centre",
    "adults",
    "people",
    "per_1000_adults",
    "contacts",
    "contacts_per_person",
)


@dataclass(frozen=True, eq=False)
class WardPlan:
    """A cohort's wards in map order (city centre first), their illustrative adults, and each
    person's ward (index into names; -1 for none)."""

    names: tuple[str, ...]
    centre: int  # how many of the first names are the city centre
    adults: np.ndarray  # float64 per ward
    person_ward: np.ndarray  # int16 per person id
    basis: str  # how the adults were worked out, in words ("" when there are no wards)

    @property
    def empty(self) -> bool:
        """True when nobody has a ward (a cohort stored before wards)."""
        return not self.names


def _person_wards(prepared: PreparedCohort) -> tuple[tuple[str, ...], np.ndarray]:
    """The distinct non-empty ward names (sorted) and each person's index into them."""
    people = prepared.cohort.people
    areas = people["area"] if "area" in people else pd.Series([""] * len(people))
    text = areas.fillna("").astype(str).str.strip()
    names = tuple(sorted(set(text) - {""}))
    codes = pd.Categorical(text, categories=list(names)).codes.astype(np.int16)
    by_person = np.full(prepared.people, -1, dtype=np.int16)
    by_person[people["person"].to_numpy(dtype=np.int64)] = codes
    return names, by_person


def _at_any_one_time(prepared: PreparedCohort) -> int:
    from synthetic.generate import people_at_any_one_time  # noqa: PLC0415 (loads the config)

    info = prepared.cohort.info
    if info.window_from is None or info.window_to is None:
        return info.people  # stored before windows: everyone throughout
    return people_at_any_one_time(info.people, info.window_from, info.window_to)


def _generator_wards(prepared: PreparedCohort) -> tuple[tuple[str, ...], np.ndarray, int, float]:
    """(names, population shares, centre wards, rate per 1,000 adults) as the generator made
    them for this cohort's seed and area preset."""
    from synthetic.config import load_config  # noqa: PLC0415 (the generator loads when used)
    from synthetic.wards import make_wards  # noqa: PLC0415

    config = load_config()
    info = prepared.cohort.info
    preset = config.areas.presets.get(info.area) if info.area else None
    count = preset.wards.value if preset else config.areas.wards.count.value
    rate = (preset or config.areas.wards).per_1000_adults.value
    made = make_wards(config, info.seed, count)
    return made.names, made.weights, min(config.areas.wards.centre.value, count), rate


@lru_cache(maxsize=2)  # as many as the catalog keeps prepared
def ward_plan(prepared: PreparedCohort) -> WardPlan:
    """The cohort's wards, computed once per prepared cohort."""
    found, codes = _person_wards(prepared)
    if not found:
        return WardPlan((), 0, np.zeros(0), codes, "")
    names, shares, centre, rate = _generator_wards(prepared)
    at_once = _at_any_one_time(prepared)
    city = at_once * 1000 / rate if rate > 0 else 0.0
    if not set(found) <= set(names):  # not the generator's wards (another config): by people
        counts = np.bincount(codes[codes >= 0], minlength=len(found)).astype(np.float64)
        order = np.lexsort((np.arange(len(found)), -counts))
        names, shares, centre = tuple(found[i] for i in order), counts[order] / counts.sum(), 0
        sized = "in proportion to the cohort's people in each"
    else:
        sized = "by the wards' sizes"
    remap = np.array([names.index(n) for n in found], dtype=np.int16)
    person_ward = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1).astype(np.int16)
    basis = (
        f"Adults per ward are illustrative (the generator has no census): the city is taken to "
        f"have about {_about(city):,} adults, so that its {at_once:,} people at any one time "
        f"are {rate:g} per 1,000 adults, shared between wards {sized}."
    )
    return WardPlan(names, centre, city * np.asarray(shares, dtype=np.float64), person_ward, basis)


def _about(n: float) -> int:
    """n to three significant figures (228,408 is about 228,000)."""
    whole = round(n)
    return whole if whole < 1000 else round(whole, 3 - len(str(whole)))


def clear_ward_cache() -> None:
    """Forget every cohort's wards (tests; the bench's cold runs)."""
    ward_plan.cache_clear()


def ward_table(prepared: PreparedCohort, chosen: CohortFilter | None = None) -> pd.DataFrame:
    """TABLE_COLUMNS, one row per ward in map order: its illustrative adults, the people the
    filter keeps who live there (in the group at some time in the window), per 1,000 adults,
    their contacts (events) and contacts per person (NaN with nobody). No rows without wards."""
    plan = ward_plan(prepared)
    if plan.empty:
        return pd.DataFrame(columns=list(TABLE_COLUMNS))
    mask = select_people(prepared, CohortFilter() if chosen is None else chosen)
    kept = mask & (plan.person_ward >= 0)
    wards = plan.person_ward[kept].astype(np.int64)
    size = len(plan.names)
    people = np.bincount(wards, minlength=size)
    contacts = np.bincount(
        wards, weights=prepared.events_per_person[kept].astype(np.float64), minlength=size
    ).astype(np.int64)
    adults = np.round(plan.adults).astype(np.int64)  # as shown: a reader can redo the rate
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(adults > 0, 1000 * people / np.maximum(adults, 1), np.nan)
        per_person = np.where(people > 0, contacts / np.maximum(people, 1), np.nan)
    return pd.DataFrame(
        {
            "ward": list(plan.names),
            "city_centre": np.arange(size) < plan.centre,
            "adults": adults,
            "people": people,
            "per_1000_adults": np.round(rate, 2),
            "contacts": contacts,
            "contacts_per_person": np.round(per_person, 2),
        },
        columns=list(TABLE_COLUMNS),
    )


def ward_people(prepared: PreparedCohort, ward: str) -> np.ndarray | None:
    """Whether each person lives in `ward` (a mask over people); None for no such ward."""
    plan = ward_plan(prepared)
    if ward not in plan.names:
        return None
    return plan.person_ward == plan.names.index(ward)
