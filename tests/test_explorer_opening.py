"""What the explorer says while a cohort opens, and what its status line counts: the opening
page as the router sends it, and the status line's people over a window."""

from __future__ import annotations

from collections import Counter

import pytest

from synthetic import generate_cohort
from tests.cohort_fixtures import make_cohort
from tests.components import text_of, walk
from timeline.cohorts.detect import detect_cycles
from timeline.cohorts.summary import summarise_cohort
from timeline.pages import ids
from timeline.pages.explorer.opening import open_explorer, render_explorer
from timeline.pages.explorer.page import build_status
from timeline.pages.explorer.state import parse_explorer_query
from timeline.pages.explorer.view import CohortCatalog, build_explorer_view
from timeline.store import CohortNotFoundError

OPENING = "Opening cohort {} ({} people)… this can take a few seconds for a large cohort."


def _catalog(*cohorts) -> CohortCatalog:  # noqa: ANN002
    by_name = {c.info.name: c for c in cohorts}
    return CohortCatalog(lambda: [c.info for c in cohorts], by_name.__getitem__)


def _ids(page) -> list:  # noqa: ANN001
    return [str(getattr(c, "id", None)) for c in walk(page) if getattr(c, "id", None) is not None]


def _with_id(page, ident: str):  # noqa: ANN001, ANN202
    return [c for c in walk(page) if getattr(c, "id", None) == ident]


@pytest.fixture(scope="module")
def city():
    """A generated open cohort: 300 in the group at any one time over 2020-2024."""
    return detect_cycles(generate_cohort(300, 7, name="city"))


def test_a_cohort_not_yet_open_gets_a_status_naming_it_and_its_size() -> None:
    catalog = _catalog(make_cohort())
    page = render_explorer(catalog, "tiny", "", 5)
    (status,) = _with_id(page, ids.EXPLORER_OPENING_STATUS)
    assert status.role == "status"  # announced politely, without moving focus
    assert status.children == OPENING.format("tiny", 12)
    assert "Cohort tiny" in text_of(page)
    assert not _with_id(page, ids.EXPLORER_STATUS)  # nothing of the explorer yet
    assert not [n for n, count in Counter(_ids(page)).items() if count > 1]
    # what the opening page's callback returns in its place: the explorer, no status left
    opened = open_explorer(catalog, "tiny", "?needs=homelessness", 5)
    assert _with_id(opened, ids.EXPLORER_STATUS)
    assert not _with_id(opened, ids.EXPLORER_OPENING_STATUS)
    assert "with homelessness" in text_of(_with_id(opened, ids.EXPLORER_STATUS)[0])


def test_a_cohort_in_memory_opens_at_once_without_the_status() -> None:
    catalog = _catalog(make_cohort())
    catalog.prepared("tiny")
    page = render_explorer(catalog, "tiny", "", 5)
    assert _with_id(page, ids.EXPLORER_STATUS)
    assert not _with_id(page, ids.EXPLORER_OPENING_STATUS)


def test_the_opening_status_suppresses_a_small_cohort() -> None:
    tiny = make_cohort()
    page = render_explorer(_catalog(tiny), "tiny", "", 20)
    assert _with_id(page, ids.EXPLORER_OPENING_STATUS)[0].children == OPENING.format("tiny", "<20")


def test_no_such_cohort_is_not_found() -> None:
    with pytest.raises(CohortNotFoundError):
        render_explorer(_catalog(make_cohort()), "elsewhere", "", 5)


def test_the_status_of_a_cohort_without_a_window_counts_people() -> None:
    view = build_explorer_view(_catalog(make_cohort()), "tiny", parse_explorer_query(""), 5)
    assert build_status(view) == "Showing everyone: 12 people."


def test_the_status_over_a_window_says_people_in_it_and_at_any_one_time(city) -> None:
    view = build_explorer_view(_catalog(city), "city", parse_explorer_query(""), 5)
    at_once = summarise_cohort(city)["people_at_any_time"]  # cohort-summary's own figure
    assert abs(at_once - 300) <= 15
    assert build_status(view) == (
        f"Showing everyone: {len(city.people):,} people in the group at some time from "
        f"1 Jan 2020 to 31 Dec 2024 (about {round(at_once, -1):,} at any one time)."
    )


@pytest.mark.parametrize(
    ("query", "threshold", "about"),
    [
        pytest.param("?needs=homelessness", 5, True, id="a-filter-has-its-own-figure"),
        pytest.param("?coordinated=yes", 5, False, id="nobody-matches"),
        pytest.param("?needs=homelessness", 100_000, False, id="too-few-to-show"),
    ],
)
def test_the_status_over_a_window_under_a_filter(city, query, threshold, about) -> None:
    view = build_explorer_view(_catalog(city), "city", parse_explorer_query(query), threshold)
    text = build_status(view)
    assert " in the group at some time from 1 Jan 2020 to 31 Dec 2024" in text
    assert ("at any one time" in text) == about
    if about:  # fewer than everyone: the filter's people's own years in the group
        shown = int(text.split("(about ")[1].split(" ")[0].replace(",", ""))
        everyone = summarise_cohort(city)["people_at_any_time"]
        assert 10 <= shown < everyone
