"""Needs combinations (the UpSet chart): by hand on the twelve-person cohort, against a pandas
groupby on a generated one; the figure, sentence, suppression, a click and the URL."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from synthetic import generate_cohort
from tests.cohort_fixtures import make_cohort
from timeline.cohorts.explore import CohortFilter, select_people, summarise_cohort
from timeline.cohorts.needs_sets import (
    bits_of,
    combination_counts,
    combinations_table,
    describe_needs,
    needs_of,
    people_with_several,
    set_sizes,
)
from timeline.cohorts.prepared import compute_prepared
from timeline.cohorts.tables import NEEDS
from timeline.figures.upset import build_upset_figure
from timeline.pages.explorer.exports import suppress_table
from timeline.pages.explorer.needs import (
    COMBINATION_ROW,
    SET_ROW,
    needs_figures,
    needs_from_click,
    needs_sentence,
    needs_table,
    needs_tables,
)
from timeline.pages.explorer.state import (
    ExplorerState,
    explorer_query,
    parse_explorer_query,
    state_from_inputs,
)

EVERYONE = CohortFilter()
HOMELESS_AND_OFFENDING = frozenset({"homelessness", "offending"})


@pytest.fixture(scope="module")
def tiny():
    return compute_prepared(make_cohort())


@pytest.fixture(scope="module")
def generated():
    cohort = generate_cohort(name="needs", people=400, seed=11)
    return cohort, compute_prepared(cohort)


def test_the_twelve_people_by_combination_and_by_need(tiny) -> None:
    counts = combination_counts(tiny)
    table = combinations_table(counts)
    assert table[["combination", "needs", "needs_count", "people"]].values.tolist() == [
        ["homelessness+substance_use", "homelessness and substance use", 2, 6],
        ["mental_health", "mental health", 1, 4],
        ["homelessness+offending", "homelessness and offending", 2, 2],
    ]
    sizes = set_sizes(counts).set_index("need")["people"].to_dict()
    assert sizes == {
        "homelessness": 8,
        "substance_use": 6,
        "mental_health": 4,
        "offending": 2,
        "domestic_abuse": 0,
    }
    assert people_with_several(counts) == 8 and counts.sum() == 12


def test_a_filter_counts_only_its_people(tiny) -> None:
    men = combination_counts(tiny, select_people(tiny, CohortFilter(genders=frozenset({"man"}))))
    assert combinations_table(men)["people"].tolist() == [6, 2]
    nobody = combination_counts(tiny, np.zeros(tiny.people, dtype=bool))
    assert combinations_table(nobody).empty and set_sizes(nobody)["people"].sum() == 0


@pytest.mark.parametrize(
    ("needs", "bits"),
    [
        pytest.param(("homelessness",), 1, id="first"),
        pytest.param(("homelessness", "mental_health"), 5, id="two"),
        pytest.param(tuple(NEEDS), 31, id="all"),
    ],
)
def test_needs_and_their_bits(needs: tuple[str, ...], bits: int) -> None:
    assert bits_of(needs) == bits and needs_of(bits) == needs


def test_needs_in_words() -> None:
    assert describe_needs(("offending", "homelessness", "substance_use")) == (
        "homelessness, substance use and offending"
    )


def test_a_generated_cohort_agrees_with_a_pandas_groupby(generated) -> None:
    cohort, prepared = generated
    expected = cohort.people.groupby("needs").size()
    expected = expected[expected.index != ""].sort_index()
    table = combinations_table(combination_counts(prepared)).set_index("combination")["people"]
    assert table.sort_index().to_dict() == expected.to_dict()
    sizes = set_sizes(combination_counts(prepared)).set_index("need")["people"]
    for need in NEEDS:
        has = cohort.people["needs"].str.split("+").map(lambda n, need=need: need in n)
        assert sizes[need] == int(has.sum()), need
    women = CohortFilter(genders=frozenset({"woman"}))
    kept = cohort.people[cohort.people["gender"] == "woman"].groupby("needs").size()
    mine = combinations_table(combination_counts(prepared, select_people(prepared, women)))
    assert mine.set_index("combination")["people"].to_dict() == kept[kept.index != ""].to_dict()


def test_a_combination_filter_keeps_exactly_the_bar_behind_it(generated) -> None:
    _cohort, prepared = generated
    table = combinations_table(combination_counts(prepared))
    for row in table.head(5).itertuples():
        needs = frozenset(row.combination.split("+"))
        exact = summarise_cohort(prepared, CohortFilter(needs, needs_exactly=True))
        assert exact.people == row.people
        including = summarise_cohort(prepared, CohortFilter(needs))
        assert including.people >= row.people


def test_exactly_means_nothing_without_needs(tiny) -> None:
    assert CohortFilter(needs_exactly=True) == EVERYONE
    chosen = CohortFilter(HOMELESS_AND_OFFENDING, needs_exactly=True)
    assert np.flatnonzero(select_people(tiny, chosen)).tolist() == [6, 7]
    assert chosen.describe() == "with homelessness and offending, and no other need"
    assert (
        np.flatnonzero(
            select_people(tiny, CohortFilter(frozenset({"homelessness"}), needs_exactly=True))
        ).size
        == 0
    )


@pytest.mark.parametrize(
    "search",
    [
        pytest.param("?needs=homelessness,offending&needs_exactly=1", id="exactly"),
        pytest.param("?needs=mental_health&needs_exactly=1&gender=woman", id="with-gender"),
        pytest.param("?needs=homelessness&needs_exactly=1&compare=coordinated:yes", id="compared"),
    ],
)
def test_the_url_round_trips_a_combination(search: str) -> None:
    state = parse_explorer_query(search)
    assert state.filter.needs_exactly
    assert explorer_query(state) == search
    compared = state.compared_filter()
    assert compared is None or compared.needs_exactly


def test_exactly_without_needs_is_dropped_from_the_url() -> None:
    assert explorer_query(parse_explorer_query("?needs_exactly=1")) == ""
    assert not parse_explorer_query("?needs=offending&needs_exactly=yes").filter.needs_exactly
    state = state_from_inputs(
        ["offending", "homelessness"], None, None, None, None, needs_exactly=True
    )
    assert state == ExplorerState(CohortFilter(HOMELESS_AND_OFFENDING, needs_exactly=True))


def test_the_sentence_names_the_commonest_combination(tiny) -> None:
    table = needs_table(tiny, EVERYONE, 5)
    assert needs_sentence(table, 12, 5) == (
        "The commonest combination: homelessness and substance use, 6 people (50%); "
        "67% have two or more needs."
    )
    women = needs_table(tiny, CohortFilter(genders=frozenset({"woman"})), 5)
    assert needs_sentence(women, 4, 5) == (
        "Every combination of needs here is held by fewer than 5 people."
    )
    assert needs_sentence(women, 4, 1) == (
        "The commonest combination: mental health, 4 people (100%); "
        "nobody here has two or more needs."
    )
    men = needs_table(tiny, CohortFilter(genders=frozenset({"man"})), 5)
    assert needs_sentence(men, 8, 5).endswith("; everyone here has two or more needs.")
    nobody = needs_table(tiny, CohortFilter(frozenset({"domestic_abuse"})), 5)
    assert needs_sentence(nobody, 0, 5) == "Nobody here, so no combinations of needs."


def test_no_share_of_a_suppressed_count_in_the_sentence(tiny) -> None:
    # aged 25-34: six with homelessness and substance use, one with homelessness and offending
    table = needs_table(tiny, CohortFilter(age_bands=frozenset({"25-34"})), 5)
    assert needs_sentence(table, 7, 5) == (
        "The commonest combination: homelessness and substance use, 6 people (86%); "
        "everyone here has two or more needs."
    )
    mixed = needs_table(tiny, CohortFilter(age_bands=frozenset({"35-44"})), 5)
    # person 7 (homelessness and offending) and four women with mental health alone
    assert needs_sentence(mixed, 5, 4) == (
        "The commonest combination: mental health, 4 people (80%); fewer than 4 have two or "
        "more needs."
    )


def test_the_table_is_suppressed_on_its_way_out(tiny) -> None:
    table = needs_table(tiny, EVERYONE, 5)
    assert list(table.columns) == ["counts", "needs", "needs_count", "people"]
    shown = suppress_table("needs-combinations", table, 5)
    combos = shown[shown["counts"] == COMBINATION_ROW]
    assert combos[["needs", "people"]].values.tolist() == [
        ["homelessness and substance use", 6],
        ["mental health", "<5"],
        ["homelessness and offending", "<5"],
    ]
    sets = shown[shown["counts"] == SET_ROW].set_index("needs")["people"].to_dict()
    assert sets == {
        "homelessness": 8,
        "substance use": 6,
        "mental health": "<5",
        "offending": "<5",
        "domestic abuse": 0,
    }


def test_suppressed_counts_sort_as_equal() -> None:
    counts = np.zeros(32, dtype=np.int64)
    counts[bits_of(("offending",))] = 1
    counts[bits_of(("homelessness", "offending"))] = 4
    counts[bits_of(("mental_health",))] = 9
    exact = combinations_table(counts)["combination"].tolist()
    assert exact == ["mental_health", "homelessness+offending", "offending"]
    shown = combinations_table(counts, threshold=5)["combination"].tolist()
    assert shown == ["mental_health", "offending", "homelessness+offending"]  # fewer needs first


def test_the_figure_holds_no_small_count(tiny) -> None:
    figure = go.Figure(needs_figures((("tiny: everyone", tiny, EVERYONE),), 5)[0])  # valid
    bars, absent, joins, dots, sets = figure.data
    assert list(bars.y) == [6.0, 2.5, 2.5] and list(bars.text) == ["6", "<5", "<5"]
    assert [list(d) for d in bars.customdata] == [
        ["homelessness+substance_use", "6", "homelessness and substance use", "exactly"],
        ["mental_health", "<5", "mental health", "exactly"],
        ["homelessness+offending", "<5", "homelessness and offending", "exactly"],
    ]
    assert list(bars.marker.pattern.shape) == ["", "/", "/"]
    assert list(sets.x) == [8.0, 6.0, 2.5, 2.5, 0.0] and sets.orientation == "h"
    # the dots: a grid of 3 combinations x 5 needs, dark where a combination has the need
    assert len(absent.x) == 15
    assert list(zip(dots.x, dots.y, strict=True)) == [
        (0, "homelessness"),
        (0, "substance use"),
        (1, "mental health"),
        (2, "homelessness"),
        (2, "offending"),
    ]
    assert list(joins.x) == [0, 0, None, 1, 1, None, 2, 2, None]
    text = json.dumps(figure.to_plotly_json()["data"], default=str)
    for small in ('"4"', '"2"', " 4 people", " 2 people"):
        assert small not in text
    assert figure.layout.yaxis2.categoryarray == (
        "homelessness",
        "substance use",
        "mental health",
        "offending",
        "domestic abuse",
    )


def test_only_the_commonest_are_drawn_and_the_rest_said(generated) -> None:
    _cohort, prepared = generated
    combinations, sizes = needs_tables(prepared, EVERYONE, 5)
    figure = go.Figure(
        build_upset_figure(combinations, sizes, title="t", threshold=5, needs=NEEDS, top=15)
    )
    assert len(figure.data[0].x) == 15 < len(combinations)
    assert f"15 commonest of {len(combinations)}" in figure.layout.annotations[0].text
    empty = go.Figure(
        build_upset_figure(combinations.head(0), sizes, title="t", threshold=5, needs=NEEDS)
    )
    assert not empty.data and "Nobody here" in empty.layout.annotations[0].text
    one = go.Figure(
        build_upset_figure(combinations.head(1), sizes, title="t", threshold=5, needs=NEEDS)
    )
    assert one.layout.annotations[0].text == "The one combination that anyone here has."
    assert one.layout.xaxis.range == (-0.5, 7.5)  # a lone bar as wide as one of eight


GRAPH = {"type": "explorer-graph", "chart": "needs-combinations", "side": 0}


@pytest.mark.parametrize(
    ("click", "graph", "expected"),
    [
        pytest.param(
            {"points": [{"customdata": ["homelessness+offending", "12", "x", "exactly"]}]},
            GRAPH,
            (["homelessness", "offending"], True),
            id="combination",
        ),
        pytest.param(
            {"points": [{"customdata": ["mental_health", "40", "x", "with"]}]},
            GRAPH,
            (["mental_health"], False),
            id="set-size",
        ),
        pytest.param(
            {"points": [{"customdata": ["homelessness", "12", "x", "exactly"]}]},
            {**GRAPH, "chart": "cycles"},
            None,
            id="another-chart",
        ),
        pytest.param(
            {"points": [{"customdata": ["trauma+offending", "1", "x", "exactly"]}]},
            GRAPH,
            None,
            id="unknown-need",
        ),
        pytest.param(
            {"points": [{"customdata": ["", "1", "x", "exactly"]}]}, GRAPH, None, id="empty"
        ),
        pytest.param({"points": ["abc"]}, GRAPH, None, id="not-a-point"),
        pytest.param(
            {"points": [{"customdata": ["offending", "1", "x", "all"]}]}, GRAPH, None, id="mode"
        ),
        pytest.param(None, GRAPH, None, id="nothing"),
    ],
)
def test_a_click_names_the_needs_filter(click, graph, expected) -> None:
    assert needs_from_click(click, graph) == expected
