"""Cost per person-year by sector and by needs combination: the sums against a direct pandas
computation over the events, the figure (valid plotly, the £19,000 line, nothing withheld
drawn), the sentence and the suppressed table and CSV."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from synthetic import generate_cohort
from tests.cohort_fixtures import make_cohort
from timeline.cohorts.cost_years import (
    ALL_SECTORS,
    NO_NEED,
    REFERENCE_GBP,
    combination_cost_years,
    combination_sums,
    sector_cost_years,
)
from timeline.cohorts.costs import cost_cohort, load_unit_costs, unit_cost_matrix
from timeline.cohorts.explore import CohortFilter, select_people, summarise_cohort
from timeline.cohorts.needs_sets import describe_needs
from timeline.cohorts.prepared import KINDS, compute_prepared
from timeline.cohorts.tables import NEEDS
from timeline.pages.explorer.costs import REFERENCE_LABEL, costs_sentence
from timeline.pages.explorer.exports import CLICK_CHARTS, export_table_csv, selection_from_click
from timeline.pages.explorer.state import apply_costs, parse_explorer_query
from timeline.pages.explorer.view import (
    CohortCatalog,
    build_explorer_figures,
    build_explorer_view,
    chart_tables,
)

EVERYONE = CohortFilter()
ROUND_COSTS = (
    ("tenancy", "*", 1500.0),
    ("eviction", "*", 4000.0),
    ("arrest", "*", 1500.0),
    ("ae_attendance", "*", 250.0),
    ("support", "*", 1500.0),
)


@pytest.fixture(scope="module")
def tiny():
    return compute_prepared(make_cohort())


@pytest.fixture(scope="module")
def generated():
    return compute_prepared(generate_cohort(name="costs", people=500, seed=5))


@pytest.fixture(scope="module")
def catalog() -> CohortCatalog:
    cohort = make_cohort()
    return CohortCatalog(lambda: [cohort.info], {"tiny": cohort}.get)


def _direct(prepared, mask: np.ndarray, table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per sector, per needs text) cost and person-years, straight from the events table."""
    matrix = unit_cost_matrix(table, prepared.sectors)
    events = prepared.events
    agencies = prepared.cohort.agencies.set_index("agency")["sector"]
    sector = events["agency"].map(agencies).astype(str)
    kind = events["kind"].astype(str).map(lambda k: KINDS.index(k) if k in KINDS else 0)
    price = [matrix[prepared.sectors.index(s), k] for s, k in zip(sector, kind, strict=True)]
    people = prepared.cohort.people.set_index("person")
    needs = events["person"].map(people["needs"].fillna("")).astype(str)
    kept = mask[events["person"].to_numpy()]
    frame = pd.DataFrame({"sector": sector, "needs": needs, "gbp": price})[kept]
    years = pd.Series(prepared.years_present, index=people.index)[mask]
    by_sector = frame.groupby("sector")["gbp"].sum() / years.sum()
    by_needs = frame.groupby("needs")["gbp"].sum() / years.groupby(people["needs"][mask]).sum()
    return by_sector, by_needs.dropna()


def _combination_key(words: str) -> str:
    return "" if words == NO_NEED else "+".join(n for n in NEEDS if n.replace("_", " ") in words)


@pytest.mark.parametrize(
    "chosen",
    [
        pytest.param(EVERYONE, id="everyone"),
        pytest.param(CohortFilter(coordinated=False), id="no-coordinated-support"),
        pytest.param(CohortFilter(frozenset({"offending"})), id="with-offending"),
        pytest.param(CohortFilter(age_bands=frozenset({"25-34", "35-44"})), id="two-ages"),
    ],
)
@pytest.mark.parametrize("which", ["tiny", "generated"])
def test_per_year_figures_agree_with_the_events(request, which, chosen) -> None:
    prepared = request.getfixturevalue(which)
    table = apply_costs(load_unit_costs(), ROUND_COSTS)
    summary = summarise_cohort(prepared, chosen)
    mask = select_people(prepared, chosen)
    by_sector, by_needs = _direct(prepared, mask, table)
    sectors = sector_cost_years(cost_cohort(prepared, summary, table), summary)
    found = sectors[sectors["sector"] != ALL_SECTORS].set_index("sector")
    assert found["cost_per_person_year"].to_dict() == pytest.approx(
        by_sector.round(0).to_dict(), abs=1
    )
    whole = sectors.iloc[0]
    assert whole["sector"] == ALL_SECTORS
    assert whole["cost_per_person_year"] == pytest.approx(by_sector.sum(), abs=1)
    assert whole["people"] == mask.sum() and whole["events"] == summary.events
    combos = combination_cost_years(prepared, mask, table)
    combos = combos.set_index(combos["needs"].map(_combination_key))
    assert combos["cost_per_person_year"].to_dict() == pytest.approx(
        by_needs.round(0).to_dict(), abs=1
    )
    assert combos["people"].sum() == mask.sum()
    assert combos["events"].sum() == summary.events
    ranked = combos["cost_per_person_year"].to_numpy()
    assert (np.diff(ranked) <= 0).all()  # the costliest combination first


def test_a_mask_that_splits_person_types_counts_from_the_events(generated) -> None:
    table = load_unit_costs()
    mask = np.zeros(generated.people, dtype=bool)
    mask[::3] = True  # every third person: never a union of whole person types
    by_type = combination_sums(generated, select_people(generated, EVERYONE), table)
    by_event = combination_sums(generated, mask, table)
    _, by_needs = _direct(generated, mask, table)
    people, years, events, cost = by_event
    found = {
        "+".join(n for i, n in enumerate(NEEDS) if bits >> i & 1): cost[bits] / years[bits]
        for bits in range(len(people))
        if people[bits]
    }
    assert found == pytest.approx(by_needs.to_dict())
    assert by_type[2].sum() > events.sum() > 0  # all the events, then a third of them


def test_the_tiny_cohort_by_hand(tiny) -> None:
    table = apply_costs(load_unit_costs(), ROUND_COSTS)
    combos = combination_cost_years(tiny, select_people(tiny, EVERYONE), table)
    rows = combos.set_index("needs")
    years = 183 / 365.25  # everyone is in the group from 1 January to 1 July 2024
    # people 0-5: 6 tenancies, 6 arrests (1,500 each), 6 evictions (4,000), 3 support (1,500)
    assert rows.loc["homelessness and substance use", "cost"] == 12 * 1500 + 6 * 4000 + 3 * 1500
    assert rows.loc["homelessness and substance use", "cost_per_person_year"] == round(
        46_500 / (6 * years)
    )
    # people 8-11: a tenancy (1,500) and two A&E attendances (250) each
    assert rows.loc["mental health", "cost_per_person_year"] == round(4 * 2000 / (4 * years))
    assert combos["needs"].iloc[0] == "homelessness and substance use"
    assert describe_needs(("homelessness", "offending")) in set(combos["needs"])


def test_the_figure_is_valid_and_draws_the_reference_line(catalog) -> None:
    view = build_explorer_view(catalog, "tiny", parse_explorer_query("?compare=everyone"), 5)
    (figure,) = map(go.Figure, build_explorer_figures(view)["costs-by-sector"])  # validated
    (line,) = [s for s in figure.layout.shapes if s.type == "line"]
    assert line.x0 == line.x1 == REFERENCE_GBP and line.xref == "x"
    assert "£19,000" in figure.layout.title.subtitle.text
    assert "public reports" in figure.layout.title.subtitle.text
    assert "illustrative unit costs" in figure.layout.title.subtitle.text
    assert "synthetic" in figure.layout.title.subtitle.text
    sectors = [t for t in figure.data if t.yaxis == "y"]
    combos = [t for t in figure.data if t.yaxis == "y2"]
    assert [t.name for t in sectors] == [s.label for s in view.series]  # curve 0 and 1
    assert list(sectors[0].y)[0] == ALL_SECTORS
    # a combination is drawn only when 5 or more people hold it: of homelessness and substance
    # use (6 people), homelessness and offending (2) and mental health (4), only the first
    assert list(combos[0].y) == list(combos[1].y) == ["homelessness and substance use"]
    assert any("fewer than 5 people" in (a.text or "") for a in figure.layout.annotations)


def test_a_click_on_a_sector_lists_its_people_and_elsewhere_nothing(catalog) -> None:
    view = build_explorer_view(catalog, "tiny", parse_explorer_query(""), 5)
    (figure,) = map(go.Figure, build_explorer_figures(view)["costs-by-sector"])
    graph = {"chart": "costs-by-sector", "side": 0}
    for curve, trace in enumerate(figure.data):
        for index, name in enumerate(trace.y):
            point = {"customdata": list(trace.customdata[index]), "curveNumber": curve}
            click = {"points": [point]}
            found = selection_from_click(click, graph)
            if trace.yaxis == "y" and name != ALL_SECTORS:
                assert found is not None and found[0].key == name
                assert found[0].chart == CLICK_CHARTS["costs-by-sector"]
            else:
                assert found is None


def test_the_sentence_compares_with_19000_and_names_the_costliest(catalog) -> None:
    view = build_explorer_view(
        catalog, "tiny", parse_explorer_query("?" + "&".join(_cost_params(ROUND_COSTS))), 5
    )
    tables = chart_tables(view)
    sectors, combos = tables["costs-by-sector"], tables["costs-by-needs"]
    text = costs_sentence(sectors, combos, 5)
    whole = sectors.iloc[0]["cost_per_person_year"]
    assert f"£{whole:,.0f} per person-year" in text
    above = whole / REFERENCE_GBP - 1
    assert f"{abs(above):.0%} {'above' if above > 0 else 'below'} the £19,000" in text
    assert "Housing costs most" in text  # 42,000 of 60,500
    assert "homelessness and substance use costs most" in text
    assert "homelessness and offending" not in text  # 2 people: withheld


def _cost_params(costs) -> list[str]:
    return [f"cost={k}:{s}:{g:g}" for k, s, g in costs]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        pytest.param("?needs=homelessness,offending", "Fewer than 5 people here", id="few"),
        pytest.param("?gender=other", "Nobody here", id="nobody"),
    ],
)
def test_the_sentence_withholds_a_small_group(catalog, search: str, expected: str) -> None:
    view = build_explorer_view(catalog, "tiny", parse_explorer_query(search), 5)
    tables = chart_tables(view)
    text = costs_sentence(tables["costs-by-sector"], tables["costs-by-needs"], 5)
    assert text.startswith(expected) and "£" not in text


def test_the_csvs_withhold_what_a_few_people_would_give_away(catalog) -> None:
    view = build_explorer_view(catalog, "tiny", parse_explorer_query(""), 5)
    text, name = export_table_csv(view, "costs-by-needs")
    assert name == "tiny-costs-by-needs.csv"
    frame = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), dtype=str).set_index("needs")
    small = frame.loc["homelessness and offending"]
    assert small["people"] == "<5"
    assert small["person_years"] == small["cost_per_person_year"] == "withheld"
    assert frame.loc["mental health", "cost_per_person_year"] == "withheld"  # 4 people
    assert frame.loc["homelessness and substance use", "cost_per_person_year"] != "withheld"
    few = build_explorer_view(catalog, "tiny", parse_explorer_query("?needs=offending"), 5)
    text, _ = export_table_csv(few, "costs-by-sector")
    frame = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), dtype=str)
    assert set(frame["people"]) == {"<5"}
    assert set(frame["cost_per_person_year"]) == {"withheld"}
    assert REFERENCE_LABEL  # the figure's label exists for the page's hint to match
