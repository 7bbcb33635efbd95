"""Rates when the explorer compares two groups: people per 100 people in each group, contacts
per person-year (a person counts only while in the group), withheld with a suppressed count;
and no compare view draws two groups' raw counts side by side."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from synthetic import generate_cohort
from tests.cohort_fixtures import make_cohort
from timeline.cohorts.detect import detect_cycles
from timeline.cohorts.explore import CohortFilter, select_people, summarise_cohort
from timeline.cohorts.presence import DAYS_PER_YEAR, cohort_window, presence
from timeline.cohorts.rates import month_presence, rate_column, rate_values
from timeline.cohorts.suppress import is_suppressed
from timeline.pages.explorer.exports import (
    CLICK_CHARTS,
    export_table_csv,
    selection_from_click,
    suppress_table,
)
from timeline.pages.explorer.needs import needs_from_click
from timeline.pages.explorer.page import build_explorer_page
from timeline.pages.explorer.state import parse_explorer_query
from timeline.pages.explorer.view import (
    CohortCatalog,
    build_explorer_figures,
    build_explorer_view,
    chart_tables,
)

COSTS = "costs-by-sector"  # money, not people: its own section, drawn in pounds
PER_PEOPLE_CHARTS = ("events-per-person", "agencies-per-person", "cycles", "needs-combinations")


@pytest.fixture(scope="module")
def generated() -> CohortCatalog:
    """An open cohort over 2020-2024: people enter and leave; 30% get coordinated support."""
    cohort = detect_cycles(
        generate_cohort(
            name="rates",
            people=200,
            seed=3,
            coordinated_from=dt.date(2023, 1, 1),
            coordinated_share=0.3,
        )
    )
    return CohortCatalog(lambda: [cohort.info], {"rates": cohort}.get)


@pytest.fixture(scope="module")
def tiny() -> CohortCatalog:
    cohort = make_cohort()
    return CohortCatalog(lambda: [cohort.info], {"tiny": cohort}.get)


def _view(catalog: CohortCatalog, name: str, search: str, threshold: int = 5):
    return build_explorer_view(catalog, name, parse_explorer_query(search), threshold)


def test_person_time_counts_each_person_only_while_in_the_group(generated) -> None:
    prepared = generated.prepared("rates")
    chosen = CohortFilter(coordinated=False)
    found = month_presence(prepared, chosen)
    # by hand: every kept person's days in each month, clipped to the window
    cohort = prepared.cohort
    window = cohort_window(cohort)
    entered, left = presence(cohort, window)
    order = np.argsort(cohort.people["person"].to_numpy(), kind="stable")
    keep = select_people(prepared, chosen)
    entered, left = entered[order][keep], left[order][keep]
    months = np.asarray(prepared.months, dtype="datetime64[M]")
    first = months.astype("datetime64[D]")
    last = (months + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    low = np.maximum(entered[:, None], first[None, :])
    high = np.minimum(left[:, None], last[None, :])
    days = ((high - low) / np.timedelta64(1, "D") + 1).clip(min=0)
    np.testing.assert_allclose(found.person_years, days.sum(axis=0) / DAYS_PER_YEAR)
    assert found.people.tolist() == (days > 0).sum(axis=0).tolist()
    # and the months add up to the cost per person-year's own years in the group
    summary = summarise_cohort(prepared, chosen)
    assert found.person_years.sum() == pytest.approx(summary.person_years)
    assert 0 < found.people.max() < summary.people  # people come and go: never all at once


def test_the_tiny_cohorts_months_by_hand(tiny) -> None:
    found = month_presence(tiny.prepared("tiny"), CohortFilter())
    assert found.people.tolist() == [12] * 7  # everyone from 1 January to the window's end
    assert found.person_years[0] == pytest.approx(12 * 31 / DAYS_PER_YEAR)  # January
    assert found.person_years[1] == pytest.approx(12 * 29 / DAYS_PER_YEAR)  # 2024 is a leap year


def test_rates_of_two_unequal_groups_are_counts_over_their_size(generated) -> None:
    view = _view(generated, "rates", "?compare=coordinated:no")
    sizes = {side.label: side.summary.people for side in view.series}
    assert len(set(sizes.values())) == 2  # the groups differ in size
    tables = chart_tables(view)
    for chart in (*PER_PEOPLE_CHARTS, "paths"):
        table = tables[chart]
        assert (table["people"] >= 5).any(), chart  # something to rate
        group = np.array([sizes[label] for label in table["series"]])
        expected = (table["people"] / group * 100).round(2)
        np.testing.assert_allclose(table["per_100_people"], expected, err_msg=chart)
    for side in view.series:
        months = month_presence(side.prepared, side.filter)
        table = tables["sector-months"][tables["sector-months"]["series"] == side.label]
        index = table["month"].map(side.prepared.months.index).to_numpy()
        expected = (table["events"] / months.person_years[index]).round(3)
        np.testing.assert_allclose(table["per_person_year"], expected)
        repeat = tables["repeat-demand"][tables["repeat-demand"]["series"] == side.label]
        index = repeat["month"].map(side.prepared.months.index).to_numpy()
        assert repeat["group_people"].tolist() == months.people[index].tolist()
        expected = (repeat["people"] / months.people[index] * 100).round(2)
        np.testing.assert_allclose(repeat["per_100_people"], expected)


def test_a_comparisons_bars_are_the_rates_and_hovers_say_both(generated) -> None:
    view = _view(generated, "rates", "?compare=coordinated:no")
    tables, figures = chart_tables(view), build_explorer_figures(view)
    for chart in ("events-per-person", "agencies-per-person"):
        for trace, side in zip(figures[chart][0]["data"], view.series, strict=True):
            table = tables[chart][tables[chart]["series"] == side.label]
            for y, count, rate, data in zip(
                trace["y"],
                table["people"],
                table["per_100_people"],
                trace["customdata"],
                strict=True,
            ):
                if is_suppressed(count):
                    assert data[3] == "rate withheld" and y != pytest.approx(rate)
                    continue
                assert y == pytest.approx(rate, abs=0.01)
                assert data[1] == f"{count:,}" and data[3].endswith(" per 100 people")
            assert "%{customdata[3]} (%{customdata[1]} people)" in trace["hovertemplate"]
    busy = max(figures["sector-months"][0]["data"], key=lambda t: max(t["y"]))
    assert busy["customdata"][0][2].endswith("per person-year")
    assert "%{customdata[2]} (%{customdata[1]} events)" in busy["hovertemplate"]


def _axis_titles(figure: dict) -> list[str]:
    """The count axes' titles: every y axis, and the UpSet's set sizes (its x2)."""
    layout = figure["layout"]
    axes = [key for key in layout if key.startswith("yaxis") or key == "xaxis2"]
    return [layout[key]["title"]["text"] for key in axes if "title" in layout[key]]


@pytest.mark.parametrize(
    ("catalog", "name", "search"),
    [
        pytest.param("generated", "rates", "?compare=coordinated:no", id="coordinated"),
        pytest.param("generated", "rates", "?coordinated=yes&compare=everyone", id="everyone"),
        pytest.param("tiny", "tiny", "?compare=coordinated:yes", id="tiny"),
    ],
)
def test_a_compare_view_never_draws_two_groups_raw_counts(request, catalog, name, search) -> None:
    view = _view(request.getfixturevalue(catalog), name, search)
    for chart, figures in build_explorer_figures(view).items():
        if chart == COSTS:
            continue
        for figure in figures:
            go.Figure(figure)  # a valid plain dict
            if not figure["data"]:
                continue  # "nobody here": nothing drawn
            if figure["data"][0]["type"] == "icicle":
                (trace,) = figure["data"]
                assert trace["texttemplate"] == "%{label}<br>%{customdata[3]}", chart
                assert all(d[3].endswith("per 100") for d in trace["customdata"]), chart
                assert all(d[2].endswith("per 100 people") for d in trace["customdata"]), chart
                continue
            titles = _axis_titles(figure)
            if chart == "where":  # a map: its colour is the rate, named on the colour bar
                bar = figure["data"][0]["marker"]["colorbar"]["title"]["text"]
                assert "per<br>1,000 adults" in bar, bar
                continue
            rates = ("per 100", "per person-year", "per person-month")  # before-after's own
            if chart == "where-bars":  # the map's bars: per 1,000 adults, contacts per person
                rates = ("per 1,000 adults", "per person")
            assert titles and all(any(r in t for r in rates) for t in titles), (
                chart,
                titles,
            )
    page = build_explorer_page(view, [])
    assert "per 100 people in each group" in str(page) and "per person-year" in str(page)


def test_a_single_group_is_drawn_as_counts(generated) -> None:
    figures = build_explorer_figures(_view(generated, "rates", "?coordinated=no"))
    for chart in ("events-per-person", "cycles", "sector-months", "repeat-demand"):
        for title in _axis_titles(figures[chart][0]):
            assert "per 100" not in title and "per person-year" not in title, chart
    assert figures["events-per-person"][0]["layout"]["yaxis"]["title"]["text"] == "People"


def test_a_rate_of_a_suppressed_count_is_withheld_everywhere(tiny) -> None:
    view = _view(tiny, "tiny", "?compare=coordinated:no")
    tables, figures = chart_tables(view), build_explorer_figures(view)
    table = tables["needs-combinations"]
    small = table[table["people"].map(is_suppressed)]
    assert len(small) >= 3  # the tiny cohort has counts of 1 to 4
    true_rates = set(small["per_100_people"])
    shown = suppress_table("needs-combinations", table, 5)
    assert set(shown.loc[small.index, "per_100_people"]) == {"withheld"}
    for figure in figures["needs-combinations"]:
        bars = figure["data"][0]
        for y, data in zip(bars["y"], bars["customdata"], strict=True):
            if data[1] == "<5":
                assert data[4] == "rate withheld" and round(y, 2) not in true_rates
        assert "withheld" in bars["text"]
    text, _ = export_table_csv(view, "events-per-person")
    frame = pd.read_csv(io.StringIO(text), dtype=str)
    hidden = frame["people"] == "<5"
    assert hidden.any() and set(frame.loc[hidden, "per_100_people"]) == {"withheld"}


def test_a_group_of_fewer_than_five_has_no_rate_at_all(tiny) -> None:
    view = _view(tiny, "tiny", "?gender=woman&compare=everyone")  # four women
    assert view.series[0].summary.people == 4
    tables = chart_tables(view)
    women = view.series[0].label
    for chart in (*PER_PEOPLE_CHARTS, "sector-months"):
        shown = suppress_table(chart, tables[chart], 5)
        column = "per_person_year" if chart == "sector-months" else "per_100_people"
        assert set(shown.loc[shown["series"] == women, column]) == {"withheld"}, chart
    # drawn at nothing: a rate of a group of four would give the four back (25 per 100 each)
    for trace in build_explorer_figures(view)["events-per-person"][0]["data"][:1]:
        assert set(trace["y"]) == {0.0} and {d[3] for d in trace["customdata"]} == {"rate withheld"}


@pytest.mark.parametrize(
    ("counts", "bases", "people", "expected"),
    [
        pytest.param([0, 6, 30], 120, 120, [0.0, 5.0, 25.0], id="per-100"),
        pytest.param([6], 0, 0, [np.nan], id="nobody"),
        pytest.param([3], 4, 4, [np.nan], id="group-of-four"),
    ],
)
def test_rate_column(counts, bases, people, expected) -> None:
    np.testing.assert_allclose(rate_column(counts, bases, people, 5, 100), expected)


def test_rate_values_draw_a_withheld_rate_where_the_placeholder_count_would_be() -> None:
    values = rate_values([0, 3, 12], [0.0, 2.5, 10.0], 5, "per 100 people")
    assert values.labels == ["0", "withheld", "10.0"]
    assert values.hovers == ["0 per 100 people", "rate withheld", "10.0 per 100 people"]
    assert values.heights == [0.0, pytest.approx(2.5 * 2.5 / 3), 10.0]  # 2.5 people's rate


def test_a_comparisons_marks_name_the_same_people_as_the_single_views(generated) -> None:
    single = build_explorer_figures(_view(generated, "rates", ""))
    compared = build_explorer_figures(_view(generated, "rates", "?compare=coordinated:no"))
    for chart in (*CLICK_CHARTS, "needs-combinations"):
        if chart == COSTS:
            continue
        alone, first = single[chart][0]["data"], compared[chart][0]["data"]
        for one, other in zip(alone, first, strict=False):  # the first group's traces
            keys = [d[0] for d in one.get("customdata", [])]
            assert keys == [d[0] for d in other.get("customdata", [])], chart
            assert [d[1] for d in one.get("customdata", [])] == [
                d[1] for d in other.get("customdata", [])
            ], chart  # the count a drill-down checks against
    bar = compared["needs-combinations"][1]["data"][0]["customdata"][0]
    graph = {"chart": "needs-combinations", "side": 1}
    assert needs_from_click({"points": [{"customdata": bar}]}, graph) == (
        sorted(bar[0].split("+")),
        True,
    )
    bars = compared["events-per-person"][0]["data"][1]  # the second group's
    point = {"customdata": bars["customdata"][3], "curveNumber": 1}
    mark, side = selection_from_click({"points": [point]}, {"chart": "events-per-person"})
    assert side == 1 and mark.key == point["customdata"][0]
