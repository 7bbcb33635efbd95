"""Synthetic cohorts in the store: round trip, names, replace, delete, all-or-nothing saves."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import text

from synthetic import generate_cohort
from timeline.cohorts.detect import detect_cycles
from timeline.store import CohortExistsError, CohortNotFoundError


@pytest.fixture(scope="module")
def cohort():
    return detect_cycles(
        generate_cohort(
            60, 4, name="city", coordinated_from=dt.date(2022, 1, 1), coordinated_share=0.5
        )
    )


def _same(a, b) -> None:
    for name in ("people", "agencies", "events", "truth", "cycles"):
        pd.testing.assert_frame_equal(
            getattr(a, name).reset_index(drop=True),
            getattr(b, name).reset_index(drop=True),
            check_dtype=False,
            check_categorical=False,
        )


def test_a_cohort_round_trips(services, cohort) -> None:
    services.save_cohort(cohort)
    back = services.load_cohort("city")
    _same(cohort, back)
    assert back.info.people == len(cohort.people) and back.info.events == len(cohort.events)
    assert back.info.coordinated_from == dt.date(2022, 1, 1)
    assert back.info.modules == cohort.info.modules
    assert [c.name for c in services.list_cohorts()] == ["city"]


def test_a_taken_name_is_refused_unless_replaced(services, cohort) -> None:
    services.save_cohort(cohort)
    with pytest.raises(CohortExistsError, match="city"):
        services.save_cohort(cohort)
    smaller = generate_cohort(10, 4, name="city")
    services.save_cohort(smaller, replace=True)
    assert services.load_cohort("city").info.people == len(smaller.people)
    assert len(services.load_cohort("city").events) == len(smaller.events)


def test_delete_and_not_found(services, cohort) -> None:
    services.save_cohort(cohort)
    services.delete_cohort("city")
    assert services.list_cohorts() == []
    with pytest.raises(CohortNotFoundError):
        services.load_cohort("city")
    with pytest.raises(CohortNotFoundError):
        services.delete_cohort("city")


def _with_duplicate_event(cohort):
    """The cohort with its first event repeated last: the primary key fails mid-insert."""
    events = pd.concat([cohort.events, cohort.events.iloc[[0]]], ignore_index=True)
    return dataclasses.replace(cohort, events=events)


def test_a_missing_or_unknown_event_kind_is_refused_before_anything_is_written(
    services, cohort
) -> None:
    for bad in (None, "teleport"):
        events = cohort.events.copy()
        events["kind"] = events["kind"].astype(object)
        events.loc[len(events) // 2, "kind"] = bad
        with pytest.raises(ValueError, match="kind"):
            services.save_cohort(dataclasses.replace(cohort, events=events))
    assert services.list_cohorts() == []


def test_a_failed_save_leaves_nothing_behind(services, cohort) -> None:
    broken = _with_duplicate_event(cohort)
    with pytest.raises(Exception):  # noqa: B017 - any database error
        services.save_cohort(broken)
    assert services.list_cohorts() == []
    with services.sessions() as session:
        for table in ("cohort_people", "cohort_agencies", "cohort_events", "cohort_truth"):
            assert session.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar() == 0


def test_a_failed_replace_keeps_the_old_cohort(services, cohort) -> None:
    services.save_cohort(cohort)
    with pytest.raises(Exception):  # noqa: B017 - any database error
        services.save_cohort(_with_duplicate_event(cohort), replace=True)
    _same(cohort, services.load_cohort("city"))
