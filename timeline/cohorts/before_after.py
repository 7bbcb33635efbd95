"""Before and after coordinated support: contacts per person-month by sector from 12 months
before to 12 months after each person's start, against people without support over the same
calendar months, and the illustrative cost per person-year of the year before and the year after.

Month 0 is the calendar month of a person's start (people.coordinated_from); month -1 the one
before it, and so on. A person-month counts only while the person is in the group: a month they
were in it for part of counts as that part (10 days of 30 are a third of a person-month), and
only their contacts (events at any agency) while in the group count.

The comparison: people without coordinated support, in the same calendar months. For month m
it is the mean of the unsupported people's contact rate in each calendar month start + m,
weighted by the supported people's person-months there; when everyone starts in the same month
(as in generated cohorts) that is simply the unsupported people's rate in that calendar month.

People alike in everything a filter reads share a person type (prepared.py), and people of one
type who start in the same month are one *group*; each group's person-months, people present and
contacts per (sector, month) are counted once per cohort (`before_after_basis`), so a filter is a
sum over its groups and a cost table one weighted bincount. Counts are exact: the page
suppresses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from timeline.cohorts.costs import unit_cost_matrix
from timeline.cohorts.explore import CohortFilter, select_people
from timeline.cohorts.prepared import KINDS, PreparedCohort
from timeline.cohorts.presence import cohort_window, presence

AROUND = 12  # months drawn either side of the start
RELATIVE = np.arange(-AROUND, AROUND + 1)
PERIODS = (("12 months before", -12, -1), ("12 months after", 0, 11))  # inclusive months
ALL_SECTORS = "All sectors"
CONTACTS = "contacts per person-month"
COSTS = "illustrative £ per person-year"
UP_TO = 0.26  # docs/figures.md: better-coordinated support cuts wider service costs by up to 26%
TABLE_COLUMNS = (
    "measure",
    "month",
    "sector",
    "people",
    "person_months",
    "contacts",
    "rate",
    "comparison_people",
    "comparison_contacts",
    "comparison_rate",
)
_NONE = -(2**40)  # the start of a group without support
_BIG = np.iinfo(np.int64).max  # "no calendar month contributes"


@dataclass(frozen=True, eq=False)
class BeforeAfterBasis:
    """Per group (person type and start month): presence and contacts per data month."""

    group_type: np.ndarray  # int64 person type of each group
    group_start: np.ndarray  # int64 month index of the start (may lie outside the data); _NONE
    exposure: np.ndarray  # float64 (groups, months): person-months in the group
    present: np.ndarray  # int64 (groups, months): people in the group on some day of the month
    contacts: np.ndarray  # int64 (groups, sectors, months): contacts while in the group
    start_months: np.ndarray  # int64: every start month of the cohort, ascending
    around: np.ndarray  # int64 (groups, start months, 2): people in the group on some day of
    # the year before / the year after that start month (of a group with support: its own)
    row_cell: np.ndarray  # int64 group * months + month, per (group, month, sector, kind)...
    row_code: np.ndarray  # int64 sector * len(KINDS) + kind
    row_count: np.ndarray  # int64 ...with contacts, and how many

    @property
    def supported(self) -> np.ndarray:
        """Whether each group gets coordinated support."""
        return self.group_start != _NONE


@dataclass(frozen=True, eq=False)
class BeforeAfter:
    """One filter's before-and-after: its people with and without support, and the table."""

    supported: int  # people the filter keeps who get coordinated support
    unsupported: int
    table: pd.DataFrame  # TABLE_COLUMNS, exact


def _days(values: pd.Series | np.ndarray) -> np.ndarray:
    return np.asarray(values).astype("datetime64[D]")


def _spans(prepared: PreparedCohort) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each person's first and last day in the group within the data months (person order),
    and their start's month index (_NONE without support)."""
    people = prepared.cohort.people
    order = np.argsort(people["person"].to_numpy(), kind="stable")
    entered, left = presence(prepared.cohort, cohort_window(prepared.cohort))
    months = np.array(prepared.months or ("2000-01",), dtype="datetime64[M]")
    low = months[0].astype("datetime64[D]")
    high = (months[-1] + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
    entered, left = np.maximum(entered[order], low), np.minimum(left[order], high)
    start = _days(people["coordinated_from"])[order]
    start_month = (start.astype("datetime64[M]") - months[0]).astype(np.int64)
    return entered, left, np.where(np.isnat(start), _NONE, start_month)


@lru_cache(maxsize=4)
def before_after_basis(prepared: PreparedCohort) -> BeforeAfterBasis:
    """Presence and contacts per group and month, counted once per cohort."""
    entered, left, start = _spans(prepared)
    month_count = max(len(prepared.months), 1)
    key = prepared.person_type.astype(np.int64) * (2**42) + (start - _NONE)
    keys, person_group = np.unique(key, return_inverse=True)
    person_group = person_group.reshape(-1).astype(np.int64)
    groups = len(keys)
    group_type, group_start = keys // (2**42), keys % (2**42) + _NONE
    months = np.array(prepared.months or ("2000-01",), dtype="datetime64[M]")
    first = months[0]
    bounds = np.arange(first, first + month_count + 1).astype("datetime64[D]")
    month_days = np.diff(bounds).astype(np.int64)
    inside = entered <= left
    g, e, lo = person_group[inside], entered[inside], left[inside]
    em = (e.astype("datetime64[M]") - first).astype(np.int64)
    lm = (lo.astype("datetime64[M]") - first).astype(np.int64)
    same = em == lm
    first_part = (
        np.where(same, (lo - e).astype(np.int64) + 1, (bounds[em + 1] - e).astype(np.int64))
        / month_days[em]
    )
    last_part = ((lo - bounds[lm]).astype(np.int64) + 1) / month_days[lm]
    size = groups * month_count
    exposure = np.bincount(g * month_count + em, weights=first_part, minlength=size)
    exposure += np.bincount((g * month_count + lm)[~same], weights=last_part[~same], minlength=size)
    full = lm > em + 1  # whole months between the first and the last
    exposure += _runs(g[full], em[full] + 1, lm[full] - 1, groups, month_count)
    present = _runs(g, em, lm, groups, month_count).astype(np.int64)
    start_months = np.unique(group_start[group_start != _NONE])
    around = np.zeros((groups, len(start_months), 2), dtype=np.int64)
    for at, month in enumerate(start_months.tolist()):
        for column, (_, low, high) in enumerate(PERIODS):
            window_low, window_high = max(month + low, 0), min(month + high, month_count - 1)
            if window_low > window_high:
                continue
            hit = (em <= window_high) & (lm >= window_low)
            around[:, at, column] = np.bincount(g[hit], minlength=groups)
    # contacts while in the group, per (group, month, sector, kind)
    day = _days(prepared.events["start"])
    person = prepared.event_person.astype(np.int64)
    counted = (day >= entered[person]) & (day <= left[person])
    kinds = len(KINDS)
    code = prepared.event_sector.astype(np.int64) * kinds + prepared.event_agency_kind % kinds
    cell = person_group[person] * month_count + prepared.event_month.astype(np.int64)
    width = max(len(prepared.sectors), 1) * kinds
    pairs, counts = np.unique((cell * width + code)[counted], return_counts=True)
    row_cell, row_code = pairs // width, pairs % width
    sectors = max(len(prepared.sectors), 1)
    contacts = np.bincount(
        ((row_cell // month_count) * sectors + row_code // kinds) * month_count
        + row_cell % month_count,
        weights=counts,
        minlength=groups * sectors * month_count,
    ).astype(np.int64)
    return BeforeAfterBasis(
        group_type=group_type,
        group_start=group_start,
        exposure=exposure.reshape(groups, month_count),
        present=present.reshape(groups, month_count),
        contacts=contacts.reshape(groups, sectors, month_count),
        start_months=start_months,
        around=around,
        row_cell=row_cell,
        row_code=row_code,
        row_count=counts.astype(np.int64),
    )


def _runs(
    group: np.ndarray, low: np.ndarray, high: np.ndarray, groups: int, months: int
) -> np.ndarray:
    """How many runs [low, high] (inclusive month indices) cover each (group, month), flat."""
    width = months + 1
    steps = np.bincount(group * width + low, minlength=groups * width)
    steps -= np.bincount(group * width + high + 1, minlength=groups * width)
    return np.cumsum(steps.reshape(groups, width), axis=1)[:, :months].ravel().astype(np.float64)


def group_costs(
    prepared: PreparedCohort, unit_costs: pd.DataFrame, basis: BeforeAfterBasis | None = None
) -> np.ndarray:
    """Illustrative pounds per (group, month) under a unit-cost table."""
    basis = before_after_basis(prepared) if basis is None else basis
    per_code = unit_cost_matrix(unit_costs, prepared.sectors).ravel()
    groups, months = basis.exposure.shape
    return np.bincount(
        basis.row_cell,
        weights=basis.row_count * per_code[basis.row_code],
        minlength=groups * months,
    ).reshape(groups, months)


def _either_side(chosen: CohortFilter) -> CohortFilter:
    """The filter with its coordinated-support part set aside (this question needs both)."""
    return CohortFilter(chosen.needs, chosen.age_bands, chosen.genders, None, chosen.needs_exactly)


def before_after(
    prepared: PreparedCohort,
    chosen: CohortFilter,
    unit_costs: pd.DataFrame,
    costs: np.ndarray | None = None,
) -> BeforeAfter:
    """Before and after coordinated support for the people a filter keeps, its coordinated-
    support part set aside: those with support against those without (`costs`: group_costs of
    `unit_costs`, when already computed)."""
    basis = before_after_basis(prepared)
    costs = group_costs(prepared, unit_costs, basis) if costs is None else costs
    mask = select_people(prepared, _either_side(chosen))
    kept_types = np.zeros(int(basis.group_type.max(initial=-1)) + 1, dtype=bool)
    kept_types[prepared.person_type[mask]] = True
    kept = kept_types[basis.group_type] if len(kept_types) else np.zeros(0, dtype=bool)
    supported = int((mask & prepared.coordinated).sum())
    unsupported = int((mask & ~prepared.coordinated).sum())
    table = _table(prepared, basis, costs, kept & basis.supported, kept & ~basis.supported)
    return BeforeAfter(supported, unsupported, table)


def _table(
    prepared: PreparedCohort,
    basis: BeforeAfterBasis,
    costs: np.ndarray,
    with_support: np.ndarray,
    without: np.ndarray,
) -> pd.DataFrame:
    """TABLE_COLUMNS for the groups chosen: period rows first, then each month by sector."""
    months = basis.exposure.shape[1]
    starts, start_of = np.unique(basis.group_start[with_support], return_inverse=True)
    if len(starts) == 0:
        return pd.DataFrame(columns=list(TABLE_COLUMNS))
    one_hot = np.zeros((len(starts), int(with_support.sum())))
    one_hot[start_of.reshape(-1), np.arange(one_hot.shape[1])] = 1.0

    def by_start(values: np.ndarray) -> np.ndarray:  # (groups, ...) summed per start month
        chosen = values[with_support]
        return (one_hot @ chosen.reshape(len(chosen), -1)).reshape(len(starts), *values.shape[1:])

    cols = starts[:, None] + RELATIVE[None, :]  # (starts, relative months): calendar month
    valid = (cols >= 0) & (cols < months)
    at = np.where(valid, cols, 0)
    rows = np.arange(len(starts))[:, None]
    exposure = np.where(valid, by_start(basis.exposure)[rows, at], 0.0)  # (starts, relative)
    present = np.where(valid, by_start(basis.present)[rows, at], 0).round().astype(np.int64)
    contacts = by_start(basis.contacts)[rows, :, at].swapaxes(1, 2)
    contacts = np.where(valid[:, None, :], contacts, 0).round().astype(np.int64)
    cost = np.where(valid, by_start(costs)[rows, at], 0.0)
    # the comparison: people without support, each calendar month's rate
    their_exposure = basis.exposure[without].sum(axis=0)
    their_present = basis.present[without].sum(axis=0)
    their_contacts = basis.contacts[without].sum(axis=0)  # (sectors, months)
    their_cost = costs[without].sum(axis=0)
    weight = exposure * (their_exposure[at] > 0)  # the supported people's person-months
    contributes = weight > 0
    per_month = np.where(their_exposure > 0, 1 / np.maximum(their_exposure, 1e-12), 0.0)
    sector_rate = their_contacts * per_month  # (sectors, months)
    sectors = list(prepared.sectors)
    names = [ALL_SECTORS, *sectors]
    rate_months = np.concatenate([sector_rate.sum(axis=0, keepdims=True), sector_rate])[:, at]
    their_counts = np.concatenate([their_contacts.sum(axis=0, keepdims=True), their_contacts])
    own = np.concatenate([contacts.sum(axis=1, keepdims=True), contacts], axis=1)
    own_start = np.searchsorted(basis.start_months, basis.group_start[with_support])
    around = basis.around[with_support][np.arange(len(own_start)), own_start].sum(axis=0)
    their_around = basis.around[without][:, np.searchsorted(basis.start_months, starts)]
    periods = _period_rows(
        exposure,
        own[:, 0, :],
        cost,
        weight,
        (around, their_around.sum(axis=0)),
        (rate_months[0], their_cost[at] * per_month[at], np.where(valid, their_counts[0][at], 0)),
    )
    made = own.sum(axis=0)  # (sectors + 1, relative)
    theirs = np.stack([_fewest(counts[at], contributes) for counts in their_counts])
    busy = (made.sum(axis=1) + theirs.sum(axis=1) > 0) | (np.arange(len(names)) == 0)
    shown = np.flatnonzero(busy)
    width = len(RELATIVE)
    person_months = exposure.sum(axis=0)
    monthly = pd.DataFrame(
        {
            "measure": CONTACTS,
            "month": np.tile(RELATIVE, len(shown)).astype(object),
            "sector": np.repeat(np.array(names, dtype=object)[shown], width),
            "people": np.tile(present.sum(axis=0), len(shown)),
            "person_months": np.tile(person_months.round(1), len(shown)),
            "contacts": made[shown].ravel(),
            "rate": _ratio(made[shown], person_months[None, :], 3).ravel(),
            "comparison_people": np.tile(_fewest(their_present[at], contributes), len(shown)),
            "comparison_contacts": theirs[shown].ravel(),
            "comparison_rate": _ratio(
                (weight[None, :, :] * rate_months[shown]).sum(axis=1), weight.sum(axis=0), 3
            ).ravel(),
        }
    )
    return pd.concat([periods, monthly], ignore_index=True)


def _period_rows(
    exposure: np.ndarray,
    contacts: np.ndarray,
    cost: np.ndarray,
    weight: np.ndarray,
    around: tuple[np.ndarray, np.ndarray],
    theirs: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> pd.DataFrame:
    """The year before and the year after, all sectors: contacts per person-month and
    illustrative pounds per person-year, for both groups. `around`: people in the group in
    each period (2,) and, per start month, people without support (starts, 2); `theirs`: their
    contact rate, cost rate and contacts per (start, relative month)."""
    their_rate, their_cost_rate, their_contacts = theirs
    rows = []
    for column, (period, low, high) in enumerate(PERIODS):
        span = (low <= RELATIVE) & (high >= RELATIVE)
        months = exposure[:, span].sum()
        people = int(around[0][column])  # each person once, however many months
        made = int(contacts[:, span].sum())
        w = weight[:, span]
        compared = w.sum(axis=1) > 0  # the start months whose comparison this period has
        fewest_people = around[1][compared, column].min(initial=_BIG)
        fewest_contacts = their_contacts[:, span].sum(axis=1)[compared].min(initial=_BIG)
        for measure, own, theirs, scale, digits in (
            (CONTACTS, made, their_rate[:, span], 1, 3),
            (COSTS, cost[:, span].sum(), their_cost_rate[:, span], 12, 0),
        ):
            rows.append(
                {
                    "measure": f"{measure}, {period}",
                    "month": "",
                    "sector": ALL_SECTORS,
                    "people": people,
                    "person_months": round(float(months), 1),
                    "contacts": made,
                    "rate": _ratio(np.array([own * scale]), np.array([months]), digits)[0],
                    "comparison_people": int(fewest_people) % _BIG,
                    "comparison_contacts": int(fewest_contacts) % _BIG,
                    "comparison_rate": _ratio(
                        np.array([(w * theirs).sum() * scale]), np.array([w.sum()]), digits
                    )[0],
                }
            )
    rows.sort(key=lambda row: row["measure"].startswith(COSTS))  # contacts first, then costs
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def _ratio(top: np.ndarray, bottom: np.ndarray, digits: int) -> np.ndarray:
    """top / bottom rounded, NaN where bottom is 0 (no person-months: no rate)."""
    safe = np.where(bottom > 0, bottom, 1.0)
    return np.where(bottom > 0, np.round(top / safe, digits), np.nan)


def _fewest(values: np.ndarray, contributes: np.ndarray) -> np.ndarray:
    """Per relative month, the smallest value over the calendar months that the comparison
    averages (the one value when everyone starts in the same month); 0 where none does."""
    found = np.where(contributes, values, _BIG).min(axis=0)
    return np.where(found == _BIG, 0, found).astype(np.int64)


def withheld(table: pd.DataFrame, threshold: int) -> tuple[np.ndarray, np.ndarray]:
    """Which rows' own rate, and which rows' comparison rate, may not be shown: a rate is
    withheld when its people or its contacts are suppressed (rate times person-months would
    give the count back), or when there is no rate (no person-months)."""

    def small(column: str) -> np.ndarray:
        values = table[column].to_numpy(dtype=np.int64)
        return (values > 0) & (values < threshold)

    own = small("people") | small("contacts") | table["rate"].isna().to_numpy()
    theirs = (
        small("comparison_people")
        | small("comparison_contacts")
        | table["comparison_rate"].isna().to_numpy()
    )
    return own, theirs
