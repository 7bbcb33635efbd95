"""Small-number suppression wherever a count leaves the explorer: text, tables, figures (bars,
labels, hovers), CSV downloads and the drill-down list. Uses the twelve-person hand-built cohort,
where many counts are 1 to 4."""

from __future__ import annotations

import io
import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import dcc, html

from tests.cohort_fixtures import make_cohort
from timeline.cohorts.drill import Selection
from timeline.cohorts.suppress import (
    bar_values,
    format_count,
    suppress_count,
    suppress_frame,
    suppress_series,
    suppress_share,
)
from timeline.pages.cohorts.page import build_cohorts_page
from timeline.pages.explorer.exports import (
    TABLE_TITLES,
    drill_down,
    export_drill_csv,
    export_table_csv,
)
from timeline.pages.explorer.page import CHARTS, build_explorer_page, build_results
from timeline.pages.explorer.panels import build_drill_panel
from timeline.pages.explorer.state import ExplorerState, parse_explorer_query
from timeline.pages.explorer.view import CohortCatalog, build_explorer_figures, build_explorer_view
from timeline.pages.markdown_table import read_markdown_table
from timeline.settings import Settings

SMALL = {1, 2, 3, 4}
VIEWS = [
    pytest.param("", id="everyone"),
    pytest.param("?compare=coordinated:yes", id="compare-coordinated"),
    pytest.param("?gender=woman&compare=everyone", id="compare-everyone"),
]


@pytest.fixture(scope="module")
def catalog() -> CohortCatalog:
    tiny = make_cohort()
    return CohortCatalog(lambda: [tiny.info], {"tiny": tiny}.get)


@pytest.mark.parametrize(
    ("n", "threshold", "shown"),
    [
        pytest.param(0, 5, 0, id="zero-stays"),
        pytest.param(1, 5, "<5", id="one"),
        pytest.param(4, 5, "<5", id="four"),
        pytest.param(5, 5, 5, id="five-shown"),
        pytest.param(9, 10, "<10", id="setting-10"),
        pytest.param(3, 1, 3, id="setting-off"),
    ],
)
def test_suppress_count(n: int, threshold: int, shown: int | str) -> None:
    assert suppress_count(n, threshold) == shown


def test_text_series_frame_and_share() -> None:
    assert format_count(12_345) == "12,345" and format_count(3) == "<5"
    assert suppress_series(pd.Series([0, 3, 7])).tolist() == [0, "<5", 7]
    assert suppress_series(pd.Series([0, 7])).tolist() == [0, 7]
    frame = suppress_frame(pd.DataFrame({"n": [2, 50], "name": ["a", "b"]}), ["n"])
    assert frame.to_dict("list") == {"n": ["<5", 50], "name": ["a", "b"]}
    assert suppress_share(3, 100) == "<5 people"  # 3% of 100 would give the 3 back
    assert suppress_share(30, 100) == "30.0%"


def test_bar_values_never_carry_a_small_count() -> None:
    values = bar_values([0, 1, 2, 3, 4, 5])
    assert values.labels == ["0", "<5", "<5", "<5", "<5", "5"]
    assert values.heights[1:5] == [2.5] * 4
    assert bar_values([3], threshold=4).heights == [1.75]  # never a whole count below 4


def test_setting_default_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOUCHPOINTS_SUPPRESS_BELOW", raising=False)
    assert Settings().suppress_below == 5
    monkeypatch.setenv("TOUCHPOINTS_SUPPRESS_BELOW", "10")
    assert Settings().suppress_below == 10


def _small(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value in SMALL


@pytest.mark.parametrize("search", VIEWS)
def test_figures_hold_no_small_count_in_bars_labels_or_hovers(catalog, search: str) -> None:
    view = build_explorer_view(catalog, "tiny", parse_explorer_query(search), 5)
    suppressed_seen = 0
    for chart, figures in build_explorer_figures(view).items():
        for figure in figures:
            for trace in go.Figure(figure).data:  # the figure dict, read through plotly
                assert "%{y}" not in (trace.hovertemplate or ""), chart
                assert "%{value}" not in (trace.hovertemplate or ""), chart
                if trace.type == "icicle":
                    assert not any(_small(v) for v in trace.values), chart
                    assert "%{value}" not in (trace.texttemplate or "")
                    continue
                # the count is the bar's length: y, or x for a horizontal bar; a matrix dot's
                # position is a name (a category), not a count
                counts = trace.x if getattr(trace, "orientation", None) == "h" else trace.y
                for index, data in enumerate(trace.customdata or ()):
                    shown = data[1]
                    if "<5" in shown and not isinstance(counts[index], str):
                        suppressed_seen += 1
                        assert counts[index] not in SMALL, (chart, index)
                        assert float(counts[index]) != round(float(counts[index])) or (
                            counts[index] == 0
                        )
                    if trace.text is not None:
                        assert trace.text[index] not in {"1", "2", "3", "4"}, chart
                    assert shown not in {"1", "2", "3", "4"}, chart
                    assert not set(data[2:]) & {"1", "2", "3", "4"}, chart  # hover extras
    assert suppressed_seen > 0  # the fixture does have small counts


@pytest.mark.parametrize("search", VIEWS)
@pytest.mark.parametrize("table", list(TABLE_TITLES))
def test_csv_downloads_hold_no_small_count(catalog, search: str, table: str) -> None:
    view = build_explorer_view(catalog, "tiny", parse_explorer_query(search), 5)
    text, filename = export_table_csv(view, table)
    assert filename == f"tiny-{table}.csv"
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    counts = [c for c in frame.columns if c in {"people", "events", "iterations"}]
    counts += [c for c in frame.columns if c.startswith("tiny")]  # the headline's values
    for column in counts:
        assert not set(frame[column]) & {"1", "2", "3", "4"}, (table, column)


def test_costs_of_suppressed_sectors_are_withheld(catalog) -> None:
    view = build_explorer_view(catalog, "tiny", ExplorerState(), 5)
    text, _ = export_table_csv(view, "costs-by-sector")
    frame = pd.read_csv(io.StringIO(text), dtype=str).set_index("sector")
    assert frame.loc["Substance misuse", "events"] == "<5"
    assert frame.loc["Substance misuse", "cost"] == "withheld"  # £4,500 / £1,500 would give 3


def _texts(component: object) -> list[str]:
    """Every string in a Dash component tree."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, int | float):
        return [str(component)]
    if isinstance(component, list | tuple):
        return [t for part in component for t in _texts(part)]
    children = getattr(component, "children", None)
    return _texts(children) if children is not None else []


def _tables(component: object) -> list[html.Table | dcc.Markdown]:
    if isinstance(component, html.Table | dcc.Markdown):
        return [component]
    if isinstance(component, list | tuple):
        return [t for part in component for t in _tables(part)]
    children = getattr(component, "children", None)
    return _tables(children) if children is not None else []


COUNT_HEADINGS = {"people", "events", "agencies", "cycles", "iterations"}


def _count_cells(page: object) -> list[str]:
    """The text of every table cell under a count heading, and every headline value."""
    cells = []
    for table in _tables(page):
        if isinstance(table, dcc.Markdown):  # a chart's table: one component
            names, rows = read_markdown_table(table.children)
            cells += [
                c for row in rows for n, c in zip(names, row, strict=True) if n in COUNT_HEADINGS
            ]
            continue
        head = next(p for p in table.children if isinstance(p, html.Thead))
        names = [th.children for th in head.children.children]
        body = next(p for p in table.children if isinstance(p, html.Tbody))
        headline = getattr(table, "id", None) == "explorer-headline"
        for row in body.children:
            for name, cell in zip(names, row.children, strict=True):
                if headline and name != "Measure" or name in COUNT_HEADINGS:
                    cells.append(" ".join(_texts(cell)).strip())
    return cells


@pytest.mark.parametrize("search", VIEWS)
def test_page_text_and_tables_hold_no_small_count(catalog, search: str) -> None:
    view = build_explorer_view(catalog, "tiny", parse_explorer_query(search), 5)
    page = build_explorer_page(view, [])
    page.children.append(build_results(view, drawn=[chart for chart, _ in CHARTS]))  # all drawn
    cells = _count_cells(page)
    assert "<5" in cells and len(cells) > 50
    assert not set(cells) & {"1", "2", "3", "4"}
    for text in _texts(page):
        assert not re.search(r"\b[1-4] (people|events|agencies)\b", text), text


def test_cohorts_page_suppresses_a_small_cohort() -> None:
    info = make_cohort().info
    small = type(info)(**{**info.__dict__, "people": 3, "events": 4})
    cells = [t.strip() for t in _texts(build_cohorts_page([small], 5))]
    assert cells.count("<5") == 2


def test_drill_down_of_a_small_group_lists_nobody(catalog) -> None:
    found = drill_down(
        catalog, "tiny", ExplorerState(), Selection("rule", "emergency_frequent"), 0, 5
    )
    assert found.count == "<5" and found.rows.empty and "Fewer than 5" in found.note
    text, _ = export_drill_csv(
        catalog, "tiny", ExplorerState(), Selection("rule", "emergency_frequent"), 0, 5
    )
    assert len(pd.read_csv(io.StringIO(text))) == 0


def test_drill_down_rows_suppress_per_person_counts(catalog) -> None:
    found = drill_down(catalog, "tiny", ExplorerState(), Selection("rule", "eviction_cycle"), 0, 5)
    assert found.count == "6"
    assert set(found.rows["events"]) == {"<5"}
    text, _ = export_drill_csv(
        catalog, "tiny", ExplorerState(), Selection("rule", "eviction_cycle"), 0, 5
    )
    frame = pd.read_csv(io.StringIO(text), dtype=str)
    assert len(frame) == 6 and set(frame["cycles"]) == {"<5"}


def test_a_higher_threshold_is_applied_everywhere(catalog) -> None:
    view = build_explorer_view(catalog, "tiny", ExplorerState(), 10)
    cells = _count_cells(build_results(view, drawn=[chart for chart, _ in CHARTS]))
    assert "<10" in cells and not set(cells) & {str(n) for n in range(1, 10)}


def test_the_drill_down_panel_shows_suppressed_counts(catalog) -> None:
    found = drill_down(catalog, "tiny", ExplorerState(), Selection("sector", "Police"), 0, 5)
    panel = build_drill_panel(found)
    cells = _count_cells(panel)
    assert len(cells) == 16 and not set(cells) & {"1", "2", "3", "4"}  # events, agencies
    assert "People in contact with Police (tiny: everyone): 8" in _texts(panel)


def test_explorer_csv_neutralises_formulas_like_every_export() -> None:
    from timeline.pages.explorer.exports import _csv_text

    text = _csv_text(pd.DataFrame({"sector": ["=HYPERLINK(1)", "Housing"], "people": [12, 40]}))
    assert text.startswith("\ufeff") and "'=HYPERLINK(1)" in text and "Housing,40" in text
