"""Before and after coordinated support: by hand on a small invented cohort, against a plain
pandas computation on a generated one with start months spread out, and the page's table,
suppression, figures, sentence and CSV."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from synthetic import generate_cohort
from tests.cohort_fixtures import make_cohort
from timeline.cohorts import (
    AGENCY_COLUMNS,
    CYCLE_COLUMNS,
    EVENT_COLUMNS,
    PEOPLE_COLUMNS,
    Cohort,
    CohortInfo,
)
from timeline.cohorts.before_after import (
    ALL_SECTORS,
    CONTACTS,
    COSTS,
    TABLE_COLUMNS,
    before_after,
)
from timeline.cohorts.costs import load_unit_costs, unit_cost_matrix
from timeline.cohorts.explore import CohortFilter
from timeline.cohorts.prepared import KINDS, compute_prepared
from timeline.pages.explorer.before_after import (
    before_after_figures,
    before_after_for,
    before_after_sentence,
    distinct_sides,
    suppress_before_after,
)
from timeline.pages.explorer.exports import export_table_csv
from timeline.pages.explorer.state import parse_explorer_query
from timeline.pages.explorer.view import CohortCatalog, build_explorer_view

START = dt.date(2024, 7, 1)


def _small_cohort() -> Cohort:
    """Twelve invented people over 2024. People 0-5 get coordinated support from 1 July 2024:
    two arrests a month from January to June, then one tenancy a month from July to December.
    Person 5 entered the group on 16 March (their January and February arrests were before it).
    People 6-11 (women) never get it: one arrest a month all year."""
    people = pd.DataFrame(
        {
            "person": pd.array(range(12), dtype="int32"),
            "pseudonym": [f"P{i}" for i in range(12)],
            "age_band": ["25-34"] * 12,
            "gender": ["man"] * 6 + ["woman"] * 6,
            "needs": ["homelessness"] * 12,
            "coordinated_from": pd.to_datetime([START] * 6 + [None] * 6).astype("datetime64[s]"),
            "area": [""] * 12,
            "entered": pd.to_datetime(
                ["2023-06-01"] * 5 + ["2024-03-16"] + ["2023-01-01"] * 6
            ).astype("datetime64[s]"),
            "left": pd.to_datetime([None] * 12).astype("datetime64[s]"),
            "left_because": [""] * 12,
        },
        columns=list(PEOPLE_COLUMNS),
    )
    agencies = pd.DataFrame(
        [
            (0, "Hostel (invented)", "Housing", "voluntary"),
            (1, "Police (invented)", "Police", "public"),
        ],
        columns=list(AGENCY_COLUMNS),
    )
    rows = []
    for person in range(12):
        for month in range(1, 13):
            day = pd.Timestamp(2024, month, 20)
            if person >= 6:
                rows.append((person, 1, "arrest", day))
            elif month <= 6:
                rows += [(person, 1, "arrest", day), (person, 1, "arrest", day)]
            else:
                rows.append((person, 0, "tenancy", day))
    events = pd.DataFrame(
        {
            "person": pd.array([r[0] for r in rows], dtype="int32"),
            "event": pd.array(
                [sum(1 for s in rows[:i] if s[0] == r[0]) for i, r in enumerate(rows)],
                dtype="int32",
            ),
            "agency": pd.array([r[1] for r in rows], dtype="int32"),
            "kind": [r[2] for r in rows],
            "start": pd.to_datetime([r[3] for r in rows]).astype("datetime64[s]"),
            "end": pd.to_datetime([None] * len(rows)).astype("datetime64[s]"),
        },
        columns=list(EVENT_COLUMNS),
    )
    info = CohortInfo(
        name="small",
        seed=0,
        people=12,
        events=len(events),
        created=dt.datetime(2026, 1, 1),
        coordinated_from=START,
        coordinated_share=0.5,
        window_from=dt.date(2024, 1, 1),
        window_to=dt.date(2024, 12, 31),
    )
    nothing = pd.DataFrame(columns=list(CYCLE_COLUMNS))
    return Cohort(info, people, agencies, events, nothing, nothing)


@pytest.fixture(scope="module")
def small():
    return compute_prepared(_small_cohort())


def _row(table: pd.DataFrame, month: int, sector: str = ALL_SECTORS) -> pd.Series:
    found = table[(table["measure"] == CONTACTS) & (table["month"] == month)]
    return found[found["sector"] == sector].iloc[0]


def _period(table: pd.DataFrame, measure: str, period: str) -> pd.Series:
    return table[table["measure"] == f"{measure}, {period}"].iloc[0]


def test_months_around_the_start_by_hand(small) -> None:
    result = before_after(small, CohortFilter(), load_unit_costs())
    table = result.table
    assert list(table.columns) == list(TABLE_COLUMNS)
    assert (result.supported, result.unsupported) == (6, 6)
    january = _row(table, -6)  # person 5 not in the group yet: five people, ten arrests
    assert (january["people"], january["person_months"], january["contacts"]) == (5, 5.0, 10)
    assert january["rate"] == 2.0
    assert (january["comparison_people"], january["comparison_contacts"]) == (6, 6)
    assert january["comparison_rate"] == 1.0
    march = _row(table, -4)  # person 5 from the 16th: 16 of 31 days
    assert march["people"] == 6 and march["person_months"] == round(5 + 16 / 31, 1)
    assert march["contacts"] == 12
    july = _row(table, 0, "Housing")
    assert (july["contacts"], july["rate"], july["comparison_rate"]) == (6, 1.0, 0.0)
    assert _row(table, 0, "Police")["comparison_rate"] == 1.0
    assert np.isnan(_row(table, -7)["rate"])  # December 2023: before the data, nobody counted
    assert _row(table, 6)["people"] == 0  # January 2025: after it


def test_the_year_before_and_after_and_its_costs_by_hand(small) -> None:
    costs = load_unit_costs()
    table = before_after(small, CohortFilter(), costs).table
    unit = unit_cost_matrix(costs, small.sectors)
    arrest = unit[small.sectors.index("Police"), KINDS.index("arrest")]
    tenancy = unit[small.sectors.index("Housing"), KINDS.index("tenancy")]
    months_before = 5 * 6 + 16 / 31 + 3  # person 5: part of March, then April to June
    before = _period(table, CONTACTS, "12 months before")
    assert before["people"] == 6 and before["contacts"] == 5 * 12 + 2 * 4
    assert before["rate"] == round(68 / months_before, 3)
    assert before["comparison_rate"] == 1.0 and before["comparison_people"] == 6
    assert before["comparison_contacts"] == 6 * 6  # the same calendar months: January-June
    after = _period(table, CONTACTS, "12 months after")
    assert (after["contacts"], after["person_months"], after["rate"]) == (36, 36.0, 1.0)
    cost_before = _period(table, COSTS, "12 months before")
    assert cost_before["rate"] == round(68 * arrest * 12 / months_before)
    assert cost_before["comparison_rate"] == round(arrest * 12)
    assert _period(table, COSTS, "12 months after")["rate"] == round(tenancy * 12)
    dearer = costs.copy()
    dearer.loc[dearer["kind"] == "tenancy", "gbp"] = 1000.0
    assert (
        _period(before_after(small, CohortFilter(), dearer).table, COSTS, "12 months after")["rate"]
        == 12_000
    )


def test_the_filter_keeps_its_people_and_sets_the_coordinated_part_aside(small) -> None:
    men = before_after(small, CohortFilter(genders=frozenset({"man"})), load_unit_costs())
    assert (men.supported, men.unsupported) == (6, 0)  # the women are the comparison
    assert _row(men.table, -6)["comparison_people"] == 0
    assert np.isnan(_row(men.table, -6)["comparison_rate"])
    women = before_after(small, CohortFilter(genders=frozenset({"woman"})), load_unit_costs())
    assert women.supported == 0 and women.table.empty
    costs = ()
    either = before_after_for(small, CohortFilter(), costs)
    assert before_after_for(small, CohortFilter(coordinated=True), costs) is either
    assert before_after_for(small, CohortFilter(coordinated=False), costs) is either
    sides = (("a", small, CohortFilter()), ("b", small, CohortFilter(coordinated=False)))
    assert distinct_sides(sides) == [0]
    other = (("a", small, CohortFilter()), ("b", small, CohortFilter(genders=frozenset({"man"}))))
    assert distinct_sides(other) == [0, 1]


def _expected(cohort: Cohort, month: int) -> tuple[float, float, float]:
    """Supported person-months and contacts at `month` from each start, and the comparison
    rate, by brute force over people and days (pandas, one person at a time)."""
    people = cohort.people.set_index("person")
    first, last = pd.Timestamp(cohort.info.window_from), pd.Timestamp(cohort.info.window_to)
    events = cohort.events
    low_data = events["start"].min().to_period("M")
    high_data = events["start"].max().to_period("M")

    def present(person: int, period: pd.Period) -> tuple[float, int]:
        row = people.loc[person]
        entered = max(row["entered"] if pd.notna(row["entered"]) else first, first)
        left = min(row["left"] if pd.notna(row["left"]) else last, last)
        if period < low_data or period > high_data:
            return 0.0, 0
        lo, hi = max(entered, period.start_time), min(left, period.end_time.normalize())
        days = (hi - lo).days + 1
        if days <= 0:
            return 0.0, 0
        mine = events[(events["person"] == person) & (events["start"].dt.to_period("M") == period)]
        mine = mine[(mine["start"] >= entered) & (mine["start"] <= left)]
        return days / period.days_in_month, len(mine)

    supported = people[people["coordinated_from"].notna()]
    without = people[people["coordinated_from"].isna()].index
    exposure = contacts = weighted = weights = 0.0
    rates: dict[pd.Period, float | None] = {}
    for person, row in supported.iterrows():
        period = pd.Timestamp(row["coordinated_from"]).to_period("M") + month
        e, c = present(person, period)
        exposure, contacts = exposure + e, contacts + c
        if period not in rates:
            pairs = [present(p, period) for p in without]
            months = sum(e2 for e2, _ in pairs)
            rates[period] = sum(c2 for _, c2 in pairs) / months if months else None
        if rates[period] is not None and e > 0:
            weighted, weights = weighted + e * rates[period], weights + e
    return exposure, contacts, weighted / weights if weights else float("nan")


def test_a_generated_cohort_with_starts_spread_out_agrees_with_brute_force() -> None:
    cohort = generate_cohort(
        120, 3, name="spread", coordinated_from=dt.date(2023, 1, 1), coordinated_share=0.5
    )
    gets = cohort.people["coordinated_from"].notna().to_numpy()
    shift = np.where(
        np.arange(len(gets)) % 3 == 0, 0, np.where(np.arange(len(gets)) % 3 == 1, 5, -4)
    )
    starts = cohort.people["coordinated_from"] + pd.to_timedelta(shift * 30, unit="D")
    cohort.people["coordinated_from"] = starts.where(gets)
    prepared = compute_prepared(cohort)
    table = before_after(prepared, CohortFilter(), load_unit_costs()).table
    for month in (-12, -5, 0, 7, 12):
        exposure, contacts, comparison = _expected(cohort, month)
        row = _row(table, month)
        assert row["person_months"] == round(exposure, 1), month
        assert row["contacts"] == contacts, month
        assert row["comparison_rate"] == pytest.approx(comparison, abs=6e-4), month


def test_small_numbers_are_suppressed_and_their_rates_withheld(small) -> None:
    table = before_after(small, CohortFilter(), load_unit_costs()).table
    shown = suppress_before_after(table, threshold=6)
    january = shown[(shown["measure"] == CONTACTS) & (shown["month"] == -6)].iloc[0]
    assert january["people"] == "<6" and january["rate"] == "withheld"
    assert january["person_months"] == "withheld"
    assert january["comparison_people"] == 6 and january["comparison_rate"] == 1.0
    empty = shown[(shown["measure"] == CONTACTS) & (shown["month"] == -7)].iloc[0]
    assert empty["rate"] == "" and empty["people"] == 0
    few_contacts = suppress_before_after(table, threshold=7)
    housing = few_contacts[(few_contacts["sector"] == "Housing") & (few_contacts["month"] == 0)]
    assert (housing["contacts"] == "<7").all() and (housing["rate"] == "withheld").all()


def test_figures_are_valid_and_carry_no_withheld_rate(small) -> None:
    sides = (("small: everyone", small, CohortFilter()),)
    contacts, costs = before_after_figures(sides, 5, ())
    for figure in (contacts, costs):
        go.Figure(figure)  # valid, once, here
    names = {trace["name"] for trace in contacts["data"]}
    assert names == {"With coordinated support", "Without support, same calendar months"}
    january = [t for t in contacts["data"] if t["name"].startswith("With ")][0]
    assert january["y"][january["x"].index(-6)] == 2.0
    hidden = before_after_figures(sides, 6, ())[0]["data"][0]
    assert hidden["y"][hidden["x"].index(-6)] is None  # five people: withheld at 6
    assert hidden["customdata"][hidden["x"].index(-6)][1:] == ["withheld", "<6"]
    layout = costs["layout"]
    assert "model of synthetic data" in " ".join(a["text"] for a in layout["annotations"])
    (line,) = layout["shapes"]
    before = costs["data"][0]["y"][0]
    assert line["y0"] == pytest.approx(before * 0.74)
    assert before_after_figures(sides, 7, ()) == []  # six people with support: too few


def test_the_sentence_says_what_it_shows(small) -> None:
    text = before_after_sentence(small, CohortFilter(), (), 5)
    assert text.startswith("6 of the people shown get coordinated support.")
    assert "2.03 contacts per person-month (all sectors), and 1.00 in the 12 months after" in text
    assert "people without support made 1.00 and 1.00 in the same calendar months" in text
    assert "up to 26% lower" in text and text.endswith("A model of synthetic data, not evidence.")
    few = before_after_sentence(small, CohortFilter(), (), 7)
    assert few.startswith("Fewer than 7 of the people shown get coordinated support")
    women = before_after_sentence(small, CohortFilter(genders=frozenset({"woman"})), (), 5)
    assert women.startswith("None of the people shown gets coordinated support")
    aside = before_after_sentence(small, CohortFilter(coordinated=False), (), 5)
    assert (
        aside.startswith("6 of the people shown")
        and "sets the coordinated-support filter aside" in aside
    )
    nobody = compute_prepared(generate_cohort(30, 2, name="none"))
    assert before_after_sentence(nobody, CohortFilter(), (), 5).startswith(
        "Nobody in this cohort gets coordinated support"
    )


def test_the_csv_and_the_view_use_the_edited_costs(small) -> None:
    cohorts = {"small": small.cohort, "tiny": make_cohort()}
    catalog = CohortCatalog(lambda: [c.info for c in cohorts.values()], cohorts.__getitem__)
    view = build_explorer_view(catalog, "small", parse_explorer_query("?cost=tenancy:*:1000"), 5)
    text, name = export_table_csv(view, "before-after")
    assert name == "small-before-after.csv"
    assert (
        '"illustrative £ per person-year, 12 months after",,All sectors,6,36.0,36,12000.0' in text
    )
    tiny = build_explorer_view(catalog, "tiny", parse_explorer_query(""), 5)
    text, _ = export_table_csv(tiny, "before-after")
    assert ",<5,withheld," in text  # three people with support: their rates are withheld
