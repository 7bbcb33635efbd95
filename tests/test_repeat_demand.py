"""Repeat demand (people with many contacts with one sector in a month): by hand on the
twelve-person cohort, and against a plain pandas groupby on a generated one."""

from __future__ import annotations

import pandas as pd
import pytest

from synthetic import generate_cohort
from tests.cohort_fixtures import make_cohort
from timeline.cohorts.drill import Selection, select_behind
from timeline.cohorts.explore import CohortFilter
from timeline.cohorts.prepared import compute_prepared
from timeline.cohorts.repeat_demand import (
    TABLE_COLUMNS,
    busiest_month,
    repeat_by_agency,
    repeat_demand_table,
)
from timeline.pages.explorer.exports import repeat_problem, suppress_table
from timeline.pages.explorer.repeat import repeat_sentence
from timeline.pages.explorer.state import explorer_query, parse_explorer_query, state_from_inputs


@pytest.fixture(scope="module")
def tiny():
    return compute_prepared(make_cohort())


def test_two_attendances_each_for_four_people_are_repeat_health_demand(tiny) -> None:
    table = repeat_demand_table(tiny, thresholds=(2, 3))
    assert list(table.columns) == list(TABLE_COLUMNS)
    health = table[(table["sector"] == "Health") & (table["month"] == "2024-02")]
    twice = health[health["at_least"] == 2].iloc[0]
    assert (twice["people"], twice["their_contacts"], twice["contacts"]) == (4, 8, 8)
    assert twice["share"] == 1.0
    assert health[health["at_least"] == 3].iloc[0]["people"] == 0
    # eight people arrested once each in February: contacts, but nobody repeats
    police = table[(table["sector"] == "Police") & (table["at_least"] == 2)].iloc[0]
    assert (police["month"], police["people"], police["contacts"]) == ("2024-02", 0, 8)


def test_a_filter_keeps_only_its_people(tiny) -> None:
    table = repeat_demand_table(tiny, CohortFilter(genders=("woman",)), thresholds=(2,))
    assert set(table["sector"]) == {"Housing", "Health"}  # the four women: tenancy, A&E
    assert table["contacts"].sum() == 4 * 3
    assert table["people"].sum() == 4  # all four, twice to A&E in February
    nobody = repeat_demand_table(tiny, CohortFilter(needs=("no such need",)), thresholds=(2,))
    assert nobody.empty


def test_busiest_month_and_a_threshold_below_two_is_refused(tiny) -> None:
    table = repeat_demand_table(tiny, thresholds=(2,))
    busiest = busiest_month(table, "Health", 2)
    assert busiest is not None and busiest["month"] == "2024-02"
    assert busiest_month(table, "Nowhere", 2) is None
    anywhere = busiest_month(table, None, 2)  # any sector: Health's four people lead
    assert anywhere is not None and (anywhere["sector"], anywhere["people"]) == ("Health", 4)
    with pytest.raises(ValueError, match="2 or more contacts"):
        repeat_demand_table(tiny, thresholds=(1,))


def test_a_generated_cohort_agrees_with_a_pandas_groupby() -> None:
    cohort = generate_cohort(name="repeat", people=400, seed=11)
    prepared = compute_prepared(cohort)
    table = repeat_demand_table(prepared, thresholds=(2, 3, 5))
    sector_of = cohort.agencies.set_index("agency")["sector"].astype(str)
    events = cohort.events.assign(
        sector=cohort.events["agency"].map(sector_of).to_numpy(),
        month=cohort.events["start"].dt.strftime("%Y-%m"),
    )
    per_person = events.groupby(["sector", "month", "person"]).size().rename("n").reset_index()
    for at_least in (2, 3, 5):
        repeat = per_person[per_person["n"] >= at_least]
        expected = pd.DataFrame(
            {
                "people": repeat.groupby(["sector", "month"]).size(),
                "their_contacts": repeat.groupby(["sector", "month"])["n"].sum(),
                "contacts": per_person.groupby(["sector", "month"])["n"].sum(),
            }
        ).fillna(0)
        got = table[table["at_least"] == at_least].set_index(["sector", "month"])
        assert len(got) == len(expected)
        joined = got.join(expected, rsuffix="_expected")
        for column in ("people", "their_contacts", "contacts"):
            assert (joined[column] == joined[f"{column}_expected"]).all(), column
    shares = table["share"]
    assert ((shares >= 0) & (shares <= 1)).all()
    assert table.loc[table["at_least"] == 5, "people"].sum() > 0  # repeat demand exists


def test_the_people_behind_a_repeat_demand_point(tiny) -> None:
    everyone = CohortFilter()
    mark = Selection("repeat-month", "Health|2024-02|2")
    assert select_behind(tiny, everyone, mark).tolist() == [8, 9, 10, 11]
    assert mark.describe() == "people with 2 or more Health contacts in 2024-02"
    assert select_behind(tiny, everyone, Selection("repeat-month", "Health|2024-02|3")).size == 0
    for key in ("Nowhere|2024-02|2", "Health|1999-01|2", "Health|2024-02|x", "Health"):
        assert select_behind(tiny, everyone, Selection("repeat-month", key)).size == 0, key
    women = CohortFilter(genders=("woman",))  # people 8-11 are the four women
    men = CohortFilter(genders=("man",))
    assert select_behind(tiny, women, mark).size == 4
    assert select_behind(tiny, men, mark).size == 0


def test_the_threshold_travels_in_the_address_and_bad_ones_are_said() -> None:
    state = parse_explorer_query("?needs=homelessness&repeat=8")
    assert state.repeat == 8 and explorer_query(state) == "?needs=homelessness&repeat=8"
    assert explorer_query(parse_explorer_query("?repeat=5")) == ""  # the default is left out
    for bad in ("1", "51", "abc", "7.5"):
        assert parse_explorer_query(f"?repeat={bad}").repeat == 5, bad
    typed = state_from_inputs(None, None, None, None, None, (), 60)
    assert typed.repeat == 5
    assert repeat_problem(60, typed) == (
        "The number of contacts should be a whole number from 2 to 50; showing 5."
    )
    assert repeat_problem(None, typed) == "" and repeat_problem(12.0, typed.__class__()) != ""
    assert repeat_problem(12, state_from_inputs(None, None, None, None, None, (), 12)) == ""


def test_the_table_withholds_what_a_few_people_made(tiny) -> None:
    table = repeat_demand_table(tiny, thresholds=(2,))
    shown = suppress_table("repeat-demand", table, threshold=5)
    health = shown[(shown["sector"] == "Health") & (shown["month"] == "2024-02")].iloc[0]
    # four people made all eight attendances: their count and what they made are not shown
    assert health["people"] == "<5"
    assert health["their_contacts"] == "withheld" and health["share"] == "withheld"
    assert health["contacts"] == 8
    police = shown[(shown["sector"] == "Police")].iloc[0]
    assert police["people"] == 0 and police["their_contacts"] == 0 and police["share"] == 0


def test_the_sentence_names_the_busiest_month_in_plain_words(tiny) -> None:
    table = repeat_demand_table(tiny, thresholds=(2, 4))
    assert repeat_sentence(table, 2, threshold=3) == (
        "The busiest: Health in February 2024, when 4 people made 2 or more contacts each; "
        "they made 8 of its 8 contacts that month (100%)."
    )
    assert repeat_sentence(table, 2, threshold=5) == (
        "At most, fewer than 5 people made 2 or more contacts with one sector in a month "
        "(Health in February 2024)."
    )
    assert repeat_sentence(table, 4, threshold=5) == (
        "Nobody here made 4 or more contacts with one sector in a month."
    )


def test_a_repeat_demand_point_by_agency_agrees_with_a_pandas_groupby() -> None:
    cohort = generate_cohort(name="repeat-agency", people=400, seed=11)
    prepared = compute_prepared(cohort)
    table = repeat_demand_table(prepared, thresholds=(3,))
    busiest = busiest_month(table, None, 3)
    assert busiest is not None and busiest["people"] > 0
    sector, month = busiest["sector"], busiest["month"]
    got = repeat_by_agency(prepared, CohortFilter(), sector, month, 3).set_index("agency")
    names = cohort.agencies.set_index("agency")
    events = cohort.events[
        (cohort.events["agency"].map(names["sector"]) == sector)
        & (cohort.events["start"].dt.strftime("%Y-%m") == month)
    ]
    per_pair = events.groupby(["agency", "person"]).size().rename("n").reset_index()
    per_pair["agency"] = per_pair["agency"].map(names["name"])
    repeat = per_pair[per_pair["n"] >= 3]
    assert sorted(got.index) == sorted(per_pair["agency"].unique())
    for agency, rows in per_pair.groupby("agency"):
        mine = repeat[repeat["agency"] == agency]
        row = got.loc[agency]
        assert (row["people"], row["their_contacts"], row["contacts"]) == (
            len(mine),
            mine["n"].sum(),
            rows["n"].sum(),
        ), agency
    assert got["people"].is_monotonic_decreasing
    assert repeat_by_agency(prepared, CohortFilter(), "Nowhere", month, 3).empty


def test_a_clicked_repeat_point_lists_its_agencies_with_small_numbers_withheld(tiny) -> None:
    from timeline.pages.explorer.exports import drill_down
    from timeline.pages.explorer.state import ExplorerState
    from timeline.pages.explorer.view import CohortCatalog

    cohort = make_cohort()
    catalog = CohortCatalog(lambda: [cohort.info], lambda _name: cohort)
    mark = Selection("repeat-month", "Health|2024-02|2")
    found = drill_down(catalog, cohort.info.name, ExplorerState(), mark, 0, threshold=3)
    agencies = found.by_agency
    assert agencies is not None and list(agencies.columns)[:2] == ["agency", "people"]
    assert agencies["people"].tolist()[0] == 4 and agencies["contacts"].tolist()[0] == 8
    hidden = drill_down(catalog, cohort.info.name, ExplorerState(), mark, 0, threshold=5)
    assert hidden.by_agency is not None
    assert hidden.by_agency["people"].tolist()[0] == "<5"
    assert hidden.by_agency["share"].tolist()[0] == "withheld"
    other = drill_down(
        catalog, cohort.info.name, ExplorerState(), Selection("sector", "Health"), 0, threshold=3
    )
    assert other.by_agency is None
