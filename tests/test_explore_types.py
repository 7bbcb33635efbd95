"""Explorer sums over person types (people alike in everything a filter reads) equal the same
sums over every event, for every kind of filter; a mask that splits a type is counted from the
events."""

from __future__ import annotations

import numpy as np
import pytest

from synthetic import generate_cohort
from timeline.cohorts.detect import detect_cycles
from timeline.cohorts.explore import CohortFilter, _types_of, select_people, summarise_cohort
from timeline.cohorts.prepared import KINDS, compute_prepared


@pytest.fixture(scope="module")
def prepared():
    return compute_prepared(
        detect_cycles(generate_cohort(300, 5, name="types", coordinated_share=0.5))
    )


FILTERS = [
    CohortFilter(),
    CohortFilter(needs=frozenset({"homelessness"})),
    CohortFilter(needs=frozenset({"homelessness", "offending"}), needs_exactly=True),
    CohortFilter(age_bands=frozenset({"25-34", "45-54"})),
    CohortFilter(genders=frozenset({"woman"})),
    CohortFilter(coordinated=True),
    CohortFilter(needs=frozenset({"substance_use"}), genders=frozenset({"man"}), coordinated=False),
    CohortFilter(needs=frozenset({"no such need"})),
]


@pytest.mark.parametrize("chosen", FILTERS, ids=lambda f: f.describe())
def test_sums_over_types_equal_sums_over_events(prepared, chosen: CohortFilter) -> None:
    mask = select_people(prepared, chosen)
    assert _types_of(prepared, mask) is not None
    summary = summarise_cohort(prepared, chosen)
    rows = mask[prepared.event_person]
    cells = len(prepared.sectors) * len(prepared.months)
    expected_cells = np.bincount(prepared.event_cell[rows], minlength=cells)
    assert np.array_equal(summary.sector_months.ravel(), expected_cells)
    kinds = len(prepared.agency_sector) * len(KINDS)
    expected_kinds = np.bincount(prepared.event_agency_kind[rows], minlength=kinds)
    assert np.array_equal(summary.agency_kinds.ravel(), expected_kinds)
    assert summary.events == int(rows.sum())


def test_a_mask_splitting_a_type_is_not_summed_by_type(prepared) -> None:
    mask = np.zeros(prepared.people, dtype=bool)
    alike = np.flatnonzero(prepared.person_type == np.bincount(prepared.person_type).argmax())
    assert len(alike) >= 2
    mask[alike[0]] = True  # one of a type with others in it
    assert _types_of(prepared, mask) is None
    mask[alike] = True
    assert _types_of(prepared, mask) is not None
