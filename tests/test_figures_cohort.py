"""Explorer figures: valid plotly (they are built without per-property validation, so it is
checked here once), clickable marks that name the people behind them, and suppression."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from tests.cohort_fixtures import make_cohort
from timeline.cohorts.drill import select_behind
from timeline.pages.explorer.exports import selection_from_click
from timeline.pages.explorer.state import parse_explorer_query
from timeline.pages.explorer.view import CohortCatalog, build_explorer_figures, build_explorer_view

VIEWS = ["", "?compare=coordinated:no", "?needs=mental_health&compare=everyone", "?gender=other"]


@pytest.fixture(scope="module")
def catalog() -> CohortCatalog:
    tiny = make_cohort()
    return CohortCatalog(lambda: [tiny.info], {"tiny": tiny}.get)


@pytest.mark.parametrize("search", VIEWS)
def test_every_figure_is_valid_plotly(catalog, search: str) -> None:
    view = build_explorer_view(catalog, "tiny", parse_explorer_query(search), 5)
    for chart, figures in build_explorer_figures(view).items():
        for figure in figures:
            assert type(figure) is dict and set(figure) == {"data", "layout"}, chart  # plain
            checked = go.Figure(figure)  # validates every property; raises on a bad one
            assert checked.layout.title.text or checked.layout.annotations, chart


def test_bars_are_grouped_by_side_and_labelled(catalog) -> None:
    view = build_explorer_view(catalog, "tiny", parse_explorer_query("?compare=everyone"), 5)
    figures = build_explorer_figures(view)
    bars = figures["cycles"][0]
    assert [t["name"] for t in bars["data"]] == ["tiny: everyone", "tiny: everyone (compared)"]
    assert bars["layout"]["barmode"] == "group" and bars["layout"]["showlegend"]
    assert list(bars["data"][0]["x"]) == ["eviction cycle", "frequent emergency contact"]
    keys = [d[0] for d in bars["data"][0]["customdata"]]
    assert keys == ["eviction_cycle", "emergency_frequent"]
    assert len(figures["sector-months"]) == 2 and len(figures["paths"]) == 2


@pytest.mark.parametrize(
    ("chart", "side", "point"),
    [
        pytest.param("events-per-person", 0, {"customdata": ["3-4", "10"]}, id="bin"),
        pytest.param("cycles", 0, {"customdata": ["eviction_cycle", "6"]}, id="rule"),
        pytest.param("sector-months", 0, {"customdata": ["Housing|2024-01", "12"]}, id="month"),
        pytest.param("paths", 0, {"customdata": ["Housing > Police", "8"]}, id="path"),
        pytest.param("costs-by-sector", 0, {"customdata": ["Police", "£1"]}, id="cost"),
    ],
)
def test_a_click_names_the_people_counted_in_the_mark(catalog, chart, side, point) -> None:
    view = build_explorer_view(catalog, "tiny", parse_explorer_query(""), 5)
    mark, chosen_side = selection_from_click(
        {"points": [{**point, "curveNumber": 0}]}, {"chart": chart, "side": side}
    )
    people = select_behind(view.series[0].prepared, view.series[0].filter, mark)
    assert str(len(people)) == point["customdata"][1] or chart == "costs-by-sector"
    assert chosen_side == 0


def test_bins_are_categories_in_their_own_order(catalog) -> None:
    # "0", "1", "6-7": read as numbers, "6-7" would have no place on the axis (plotly.js
    # draws it nowhere and logs an error); a plain dict has no default template to say so
    view = build_explorer_view(catalog, "tiny", parse_explorer_query(""), 5)
    for chart in ("events-per-person", "agencies-per-person", "cycles"):
        layout = build_explorer_figures(view)[chart][0]["layout"]
        assert layout["xaxis"]["type"] == "category", chart
        assert layout["template"]["layout"]["autotypenumbers"] == "strict", chart


def test_a_click_on_the_second_series_drills_into_it() -> None:
    click = {"points": [{"customdata": ["3-4", "<5"], "curveNumber": 1}]}
    assert selection_from_click(click, {"chart": "events-per-person", "side": 0})[1] == 1
    beside = {"points": [{"customdata": ["Housing", "12"], "curveNumber": 0}]}
    assert selection_from_click(beside, {"chart": "paths", "side": 1})[1] == 1
    assert selection_from_click({"points": [{"customdata": [""]}]}, {"chart": "paths"}) is None
    assert selection_from_click(None, None) is None


def test_series_and_title_text_is_shown_literally() -> None:
    from timeline.figures.cohort import build_count_bar_figure

    table = pd.DataFrame({"sector": ["Housing", "Police"], "people": [12, 30]})
    figure = build_count_bar_figure(
        [("<img src=x onerror=alert(1)> %{y}", table)],
        category="sector",
        count="people",
        title="<script>alert(1)</script>",
        x_title="Sector",
        unit="people",
        threshold=5,
    )
    text = json.dumps(figure)
    assert "<img" not in text and "<script" not in text and "%{y}" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in figure["data"][0]["name"]
