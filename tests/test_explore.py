"""Explorer sums on the hand-built twelve-person cohort (tests/cohort_fixtures.py), by hand."""

from __future__ import annotations

import numpy as np
import pytest

from tests.cohort_fixtures import make_cohort
from timeline.cohorts.costs import cost_cohort, load_unit_costs, read_edited_costs, unit_cost_matrix
from timeline.cohorts.drill import Selection, drill_down_table, select_behind
from timeline.cohorts.explore import (
    CohortFilter,
    cycle_table,
    distribution_table,
    headline_table,
    sector_event_table,
    sector_month_table,
    select_people,
    summarise_cohort,
)
from timeline.cohorts.person import build_person_journey
from timeline.cohorts.prepared import KINDS, prepare_cohort
from timeline.cycles import find_cycles
from timeline.pages.explorer.state import (
    ExplorerState,
    apply_costs,
    explorer_query,
    parse_explorer_query,
    state_from_inputs,
)
from timeline.pages.explorer.view import CohortCatalog, build_explorer_view, resolve_series

EVERYONE = CohortFilter()


@pytest.fixture(scope="module")
def prepared():
    return prepare_cohort(make_cohort())


def test_prepared_codes_and_totals(prepared) -> None:
    assert prepared.sectors == ("Housing", "Health", "Police", "Substance misuse")
    assert prepared.months[0] == "2024-01" and prepared.months[-1] == "2024-07"
    assert prepared.rules == ("eviction_cycle", "emergency_frequent")
    assert prepared.events_per_person.tolist() == [4, 4, 4, 3, 3, 3, 2, 2, 3, 3, 3, 3]
    assert prepared.agencies_per_person.tolist() == [3, 3, 3] + [2] * 9
    assert prepared.coordinated.tolist() == [True] * 3 + [False] * 9


def test_headline_of_everyone(prepared) -> None:
    summary = summarise_cohort(prepared, EVERYONE)
    table = dict(headline_table(summary).itertuples(index=False))
    assert table == {"people": 12, "events": 37, "agencies": 4, "people with any cycle": 9}
    assert summary.mean_events == pytest.approx(37 / 12)


def test_distributions_are_binned(prepared) -> None:
    summary = summarise_cohort(prepared, EVERYONE)
    events = distribution_table(summary, "events").set_index("bin")["people"]
    assert events["2"] == 2 and events["3-4"] == 10 and events.sum() == 12
    agencies = distribution_table(summary, "agencies").set_index("bin")["people"]
    assert agencies["2"] == 9 and agencies["3"] == 3


def test_contacts_by_sector_and_month(prepared) -> None:
    summary = summarise_cohort(prepared, EVERYONE)
    table = sector_month_table(prepared, summary).set_index(["sector", "month"])["events"]
    assert table["Housing", "2024-01"] == 12
    assert table["Housing", "2024-03"] == 6
    assert table["Police", "2024-02"] == 8
    assert table["Health", "2024-02"] == 8  # two attendances each for four people
    assert table["Substance misuse", "2024-07"] == 3
    assert table.sum() == 37
    assert sector_event_table(prepared, summary).set_index("sector")["events"].sum() == 37


def test_cycle_prevalence_by_rule(prepared) -> None:
    table = cycle_table(prepared, summarise_cohort(prepared, EVERYONE)).set_index("rule")
    assert table.loc["eviction_cycle", ["people", "iterations"]].tolist() == [6, 12]
    assert table.loc["emergency_frequent", ["people", "iterations"]].tolist() == [3, 3]
    assert table.loc["eviction_cycle", "label"] == "eviction cycle"


def test_paths_collapse_repeats_and_count_people(prepared) -> None:
    paths = summarise_cohort(prepared, EVERYONE).paths.set_index("id")["people"]
    assert paths.to_dict() == {
        "Housing": 12,
        "Housing > Police": 8,
        "Housing > Health": 4,  # Health twice in a row counts once
        "Housing > Police > Housing": 6,
        "Housing > Police > Housing > Substance misuse": 3,
    }


@pytest.mark.parametrize(
    ("chosen", "people"),
    [
        pytest.param(CohortFilter(needs=frozenset({"homelessness"})), list(range(8)), id="need"),
        pytest.param(
            CohortFilter(needs=frozenset({"homelessness", "substance_use"})),
            list(range(6)),
            id="two-needs-all-of-them",
        ),
        pytest.param(CohortFilter(needs=frozenset({"offending"})), [6, 7], id="offending"),
        pytest.param(CohortFilter(age_bands=frozenset({"35-44"})), [7, 8, 9, 10, 11], id="age"),
        pytest.param(CohortFilter(genders=frozenset({"woman"})), [8, 9, 10, 11], id="gender"),
        pytest.param(CohortFilter(coordinated=True), [0, 1, 2], id="coordinated"),
        pytest.param(CohortFilter(coordinated=False), list(range(3, 12)), id="not-coordinated"),
        pytest.param(
            CohortFilter(
                needs=frozenset({"homelessness"}), age_bands=frozenset({"35-44"}), coordinated=False
            ),
            [7],
            id="combined",
        ),
        pytest.param(CohortFilter(needs=frozenset({"trauma"})), [], id="unknown-need"),
    ],
)
def test_filters_select_people(prepared, chosen: CohortFilter, people: list[int]) -> None:
    assert np.flatnonzero(select_people(prepared, chosen)).tolist() == people
    assert summarise_cohort(prepared, chosen).people == len(people)


def test_filtered_sums_only_count_the_people_kept(prepared) -> None:
    summary = summarise_cohort(prepared, CohortFilter(coordinated=True))
    assert (summary.people, summary.events, summary.people_with_cycle) == (3, 12, 3)
    table = sector_month_table(prepared, summary).set_index(["sector", "month"])["events"]
    assert table["Substance misuse", "2024-07"] == 3 and table["Housing", "2024-03"] == 3


def test_summaries_are_cached_per_cohort_and_filter(prepared) -> None:
    first = summarise_cohort(prepared, CohortFilter(genders=frozenset({"man"})))
    again = summarise_cohort(prepared, CohortFilter(genders=frozenset({"man"})))
    assert first is again


@pytest.mark.parametrize(
    ("mark", "chosen", "people"),
    [
        pytest.param(Selection("sector", "Police"), EVERYONE, list(range(8)), id="sector"),
        pytest.param(
            Selection("sector-month", "Health|2024-02"), EVERYONE, [8, 9, 10, 11], id="month"
        ),
        pytest.param(
            Selection("sector-month", "Housing|2024-03"), EVERYONE, list(range(6)), id="month-2"
        ),
        pytest.param(
            Selection("events-bin", "3-4"), EVERYONE, [0, 1, 2, 3, 4, 5, 8, 9, 10, 11], id="bin"
        ),
        pytest.param(Selection("agencies-bin", "3"), EVERYONE, [0, 1, 2], id="agencies-bin"),
        pytest.param(Selection("rule", "eviction_cycle"), EVERYONE, list(range(6)), id="rule"),
        pytest.param(
            Selection("path", "Housing > Police > Housing"), EVERYONE, list(range(6)), id="path"
        ),
        pytest.param(Selection("path", "Housing"), EVERYONE, list(range(12)), id="path-root"),
        pytest.param(
            Selection("rule", "eviction_cycle"),
            CohortFilter(coordinated=False),
            [3, 4, 5],
            id="rule-and-filter",
        ),
        pytest.param(Selection("sector", "Fire"), EVERYONE, [], id="unknown-sector"),
        pytest.param(Selection("path", "Housing > Nowhere"), EVERYONE, [], id="unknown-path"),
        pytest.param(Selection("bars", "x"), EVERYONE, [], id="unknown-chart"),
    ],
)
def test_drill_down_lists_exactly_the_people_behind_a_mark(
    prepared, mark: Selection, chosen: CohortFilter, people: list[int]
) -> None:
    assert select_behind(prepared, chosen, mark).tolist() == people


def test_drill_down_counts_match_the_bar(prepared) -> None:
    """Every bar's count is the number of people its drill-down lists."""
    summary = summarise_cohort(prepared, EVERYONE)
    for row in distribution_table(summary, "events").itertuples(index=False):
        behind = select_behind(prepared, EVERYONE, Selection("events-bin", row.bin))
        assert len(behind) == row.people, row.bin
    for row in cycle_table(prepared, summary).itertuples(index=False):
        assert len(select_behind(prepared, EVERYONE, Selection("rule", row.rule))) == row.people


def test_drill_down_table_rows(prepared) -> None:
    table = drill_down_table(prepared, np.array([0, 8]))
    assert table["pseudonym"].tolist() == ["Alder", "Ivy"]
    assert table["needs"].tolist() == ["homelessness, substance_use", "mental_health"]
    assert table[["events", "agencies", "cycles"]].to_numpy().tolist() == [[4, 3, 1], [3, 2, 1]]


ROUND_COSTS = (
    ("tenancy", "*", 1500.0),
    ("eviction", "*", 4000.0),
    ("arrest", "*", 1500.0),
    ("ae_attendance", "*", 250.0),
    ("support", "*", 1500.0),
)


def test_costs_by_sector_agency_and_person(prepared) -> None:
    table = apply_costs(load_unit_costs(), ROUND_COSTS)
    costs = cost_cohort(prepared, summarise_cohort(prepared, EVERYONE), table)
    by_sector = costs.by_sector.set_index("sector")["cost"].to_dict()
    # 12 tenancies x 1,500 + 6 evictions x 4,000; 8 arrests x 1,500; 8 A&E x 250; 3 support x 1,500
    assert by_sector == {
        "Housing": 42_000,
        "Health": 2_000,
        "Police": 12_000,
        "Substance misuse": 4_500,
    }
    assert costs.total == 60_500
    assert costs.per_person == pytest.approx(60_500 / 12)
    # everyone in the group from 1 January (entered) to 1 July 2024, the day by which 99% of
    # the events have started (the tiny cohort records no window): 183 days each
    assert costs.per_person_year == pytest.approx(60_500 / (12 * 183 / 365.25))
    fewer = summarise_cohort(prepared, CohortFilter(needs=("offending",)))
    assert 0 < fewer.person_years < 12 * 183 / 365.25  # the filtered people's years only
    assert costs.by_agency["name"].iloc[0] == "Riverside Hostel (synthetic)"


def test_a_sector_row_overrides_the_any_sector_cost() -> None:
    table = load_unit_costs()
    matrix = unit_cost_matrix(table, ("Police", "Health"))
    rows = table[table["kind"] == "contact"].set_index("sector")["gbp"]
    contact = KINDS.index("contact")
    assert matrix[0, contact] == rows["Police"] != rows["*"] == matrix[1, contact]


def test_every_default_unit_cost_has_a_remark() -> None:
    table = load_unit_costs()
    assert set(table["kind"]) >= {"custody", "arrest", "ae_attendance", "support"}
    assert all(remark.startswith("assumption") for remark in table["remarks"])


def test_edited_costs_recompute_and_bad_entries_keep_the_default(prepared) -> None:
    defaults = load_unit_costs()
    defaults = apply_costs(defaults, ROUND_COSTS)
    rows = [{"gbp": v} for v in defaults["gbp"]]
    tenancy = defaults.index[defaults["kind"] == "tenancy"][0]
    arrest = defaults.index[defaults["kind"] == "arrest"][0]
    rows[tenancy] = {"gbp": 0}
    rows[arrest] = {"gbp": "lots"}
    table, problems = read_edited_costs(rows, defaults)
    assert len(problems) == 1 and "Arrest" in problems[0]
    costs = cost_cohort(prepared, summarise_cohort(prepared, EVERYONE), table)
    assert costs.by_sector.set_index("sector").loc["Housing", "cost"] == 24_000


def test_person_journey_is_synthetic_and_drawable(prepared) -> None:
    journey = build_person_journey(prepared, 0)
    assert journey.key == "tiny-0" and journey.provenance.value == "synthetic"
    assert [e.kind.value for e in journey.events] == ["tenancy", "arrest", "eviction", "support"]
    assert {a.sector for a in journey.agencies} == {"Housing", "Police", "Substance misuse"}
    find_cycles(journey)  # the per-journey engine accepts it
    with pytest.raises(IndexError):
        build_person_journey(prepared, 12)


@pytest.mark.parametrize(
    "search",
    [
        pytest.param("", id="bare"),
        pytest.param("?needs=homelessness,offending&age=25-34&gender=man", id="filters"),
        pytest.param("?coordinated=no&compare=coordinated:yes", id="compare-filter"),
        pytest.param("?compare=cohort:other&cost=custody:*:9000", id="compare-cohort-cost"),
    ],
)
def test_the_url_round_trips(search: str) -> None:
    state = parse_explorer_query(search)
    assert explorer_query(state) == search
    assert parse_explorer_query(explorer_query(state)) == state


def test_controls_become_a_state() -> None:
    state = state_from_inputs(["offending", "nope"], ["18-24"], [], "yes", "everyone")
    assert state.filter == CohortFilter(
        frozenset({"offending"}), frozenset({"18-24"}), coordinated=True
    )
    assert state.compared_filter() == EVERYONE
    assert (
        apply_costs(load_unit_costs(), (("custody", "*", 9000.0),))
        .set_index("kind")
        .loc["custody", "gbp"]
        == 9000
    )


def test_compare_with_coordinated_support_and_with_another_cohort() -> None:
    tiny, other = make_cohort(), make_cohort("other")
    catalog = CohortCatalog(lambda: [tiny.info, other.info], {"tiny": tiny, "other": other}.get)
    state = ExplorerState(compare="coordinated:yes")
    sides, note = resolve_series(catalog, "tiny", state)
    assert [s[0] for s in sides] == ["tiny: everyone", "tiny: with coordinated support"]
    view = build_explorer_view(catalog, "tiny", ExplorerState(compare="cohort:other"), 5)
    assert [s.label for s in view.series] == ["tiny: everyone", "other: everyone"]
    gone = build_explorer_view(catalog, "tiny", ExplorerState(compare="cohort:gone"), 5)
    assert len(gone.series) == 1 and "gone" in gone.note


def test_cohorts_are_opened_ahead_of_the_first_visit_and_only_once() -> None:
    tiny = make_cohort()
    opened: list[str] = []

    def load(name: str):
        opened.append(name)
        return tiny

    catalog = CohortCatalog(lambda: [tiny.info], load)
    catalog.warm_in_background().join(timeout=30)
    assert opened == ["tiny"]
    catalog.prepared("tiny")  # the visit finds it ready
    assert opened == ["tiny"]
