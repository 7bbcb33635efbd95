"""Suppression that survives one download (issue 11, item 7): a drill-down list, its CSV, a
person page or a figure never lets anyone count 1 to 4 people. On the hand-built twelve-person
cohort (tests/cohort_fixtures.py), whose values are known by hand, and on a generated one."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
from collections.abc import Iterator

import pandas as pd
import plotly.io as pio
import pytest
from dash import dcc, html

from synthetic import generate_cohort
from tests.cohort_fixtures import PSEUDONYMS, make_cohort
from timeline.cohorts.detect import detect_cycles
from timeline.cohorts.drill import ATTRIBUTE_COLUMNS, Selection
from timeline.cohorts.suppress import ALONE, TOGETHER, choose_safe_columns
from timeline.pages.explorer.exports import drill_down, export_drill_csv
from timeline.pages.explorer.page import CHARTS, build_sections
from timeline.pages.explorer.panels import build_drill_panel
from timeline.pages.explorer.state import ExplorerState, parse_explorer_query
from timeline.pages.explorer.view import (
    CohortCatalog,
    build_explorer_view,
    catalog_for,
    chart_tables,
    register_catalog,
)
from timeline.pages.router import render_page
from timeline.service import Services, open_services
from timeline.settings import Settings

SMALL = {1, 2, 3, 4}
FILTERS = ["", "?gender=man", "?needs=homelessness", "?coordinated=no&compare=everyone"]


def _catalog(*cohorts) -> CohortCatalog:
    by_name = {c.info.name: c for c in cohorts}
    return CohortCatalog(lambda: [c.info for c in cohorts], by_name.get)


@pytest.fixture(scope="module")
def tiny() -> CohortCatalog:
    return _catalog(make_cohort())


@pytest.fixture(scope="module")
def generated() -> CohortCatalog:
    cohort = generate_cohort(
        400, 7, name="gen", coordinated_from=dt.date(2023, 1, 1), coordinated_share=0.5
    )
    return _catalog(detect_cycles(cohort))


# --- the rule, on hand-made lists -------------------------------------------------------------


def _list(**columns: str) -> pd.DataFrame:
    """A list of people from one string per column, one letter per person."""
    return pd.DataFrame({name: list(letters) for name, letters in columns.items()})


@pytest.mark.parametrize(
    ("table", "threshold", "kept", "left_out"),
    [
        pytest.param(_list(a="xxxxxyyyyy"), 5, ("a",), (), id="every-value-five-or-more"),
        pytest.param(_list(a="xxxxxxyyyy"), 5, (), (("a", ALONE),), id="a-value-of-four"),
        pytest.param(_list(a="xxxxxxxxxy"), 5, (), (("a", ALONE),), id="a-value-of-one"),
        pytest.param(_list(a="xxxxxxyyyy"), 4, ("a",), (), id="threshold-four-keeps-four"),
        pytest.param(
            _list(a="xxxxxyyyyy", b="pppqqppqqq"),
            5,
            ("a",),
            (("b", TOGETHER),),
            id="two-safe-columns-cross-into-3-and-2",
        ),
        pytest.param(
            _list(a="xxxxxyyyyy", b="pppppqqqqq"),
            5,
            ("a", "b"),
            (),
            id="two-columns-that-agree-stay",
        ),
        pytest.param(
            _list(
                a="xxxxxxxxxxyyyyyyyyyy",
                b="pppppppqqqpppqqqqqqq",
                c="pppppppqqqpppqqqqqqq",
            ),
            5,
            ("b", "c"),
            (("a", TOGETHER),),
            id="drops-the-column-that-fixes-most-not-the-last",
        ),
    ],
)
def test_which_columns_a_list_may_show(table, threshold, kept, left_out) -> None:
    choice = choose_safe_columns(table, list(table.columns), threshold)
    assert choice.kept == kept and choice.left_out == left_out


# --- every drill-down download: no value or combination held by 1 to 4 people ----------------


def _small_cells(frame: pd.DataFrame, columns: list[str]) -> list[tuple[tuple[str, ...], int]]:
    """Every combination of values of every non-empty set of `columns` held by 1-4 rows."""
    found = []
    for size in range(1, len(columns) + 1):
        for chosen in itertools.combinations(columns, size):
            counts = frame.groupby(list(chosen)).size()
            found += [(chosen, int(n)) for n in counts if n in SMALL]
    return found


def _marks(catalog: CohortCatalog, name: str, search: str) -> Iterator[Selection]:
    """Every mark of every chart a user could click (sector-months: every seventh)."""
    view = build_explorer_view(catalog, name, parse_explorer_query(search), 5)
    prepared, tables = view.series[0].prepared, chart_tables(view)
    yield from (Selection("sector", s) for s in prepared.sectors)
    yield from (Selection("rule", r) for r in prepared.rules)
    yield from (Selection("events-bin", b) for b in tables["events-per-person"]["bin"])
    yield from (Selection("agencies-bin", b) for b in tables["agencies-per-person"]["bin"])
    yield from (Selection("path", p) for p in tables["paths"]["id"] if p)
    months = tables["sector-months"]
    busy = months[months["events"].astype(int) > 0].iloc[::7]
    yield from (
        Selection("sector-month", f"{s}|{m}") for s, m in zip(busy["sector"], busy["month"])
    )


@pytest.mark.parametrize(
    ("which", "search"),
    [pytest.param("tiny", f, id=f"tiny-{f or 'everyone'}") for f in FILTERS]
    + [pytest.param("gen", f, id=f"generated-{f or 'everyone'}") for f in FILTERS[:3:2]],
)
def test_no_drill_down_csv_lets_anyone_count_one_to_four_people(
    tiny, generated, which: str, search: str
) -> None:
    catalog = tiny if which == "tiny" else generated
    state = parse_explorer_query(search)
    listed = columns_shown = 0
    for mark in _marks(catalog, which, search):
        text, _ = export_drill_csv(catalog, which, state, mark, 0, 5)
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        attributes = [c for c in frame.columns if c in ATTRIBUTE_COLUMNS]
        assert len(frame) == 0 or len(frame) >= 5, mark
        assert _small_cells(frame, attributes) == [], mark
        page = drill_down(catalog, which, state, mark, 0, 5)
        assert list(page.rows.columns) == list(frame.columns), mark  # page and CSV agree
        listed += len(frame) > 0
        columns_shown += len(attributes) if len(frame) else 0
    assert listed > 3 and columns_shown > 0  # lists with attributes, not only refusals


# --- the page says which columns were left out, and why ---------------------------------------


def _texts(component: object) -> list[str]:
    if isinstance(component, str):
        return [component]
    if isinstance(component, list | tuple):
        return [t for part in component for t in _texts(part)]
    children = getattr(component, "children", None)
    return _texts(children) if children is not None else []


def _find(component: object, kind: type) -> list:
    found = [component] if isinstance(component, kind) else []
    if isinstance(component, list | tuple):
        return [f for part in component for f in _find(part, kind)]
    children = getattr(component, "children", None)
    return found + (_find(children, kind) if children is not None else [])


@pytest.mark.parametrize(
    ("mark", "threshold", "headings", "said"),
    [
        pytest.param(
            Selection("sector", "Police"),
            5,
            ["Person", "gender", "events", "agencies"],
            "Left out of this list and its download: needs, age band and cycles, because each "
            "has a value shared by fewer than 5 people here.",
            id="police-needs-age-cycles-alone",
        ),
        pytest.param(
            Selection("sector", "Housing"),
            5,
            ["Person", "age band", "events", "agencies"],
            "Left out of this list and its download: needs, gender and cycles, because each",
            id="housing-needs-gender-cycles-alone",
        ),
        pytest.param(
            Selection("sector", "Housing"),
            3,
            ["Person", "age band", "agencies"],
            "Left out of this list and its download: needs and events, because each has a "
            "value shared by fewer than 3 people here; and gender and cycles, because together "
            "with age band and agencies they would show a group of fewer than 3 people.",
            id="threshold-3-gender-and-cycles-together",
        ),
        pytest.param(
            Selection("rule", "eviction_cycle"),
            5,
            ["Person", "needs", "age band", "gender", "events", "agencies", "cycles"],
            None,
            id="eviction-everything-shown",
        ),
    ],
)
def test_the_list_says_which_columns_were_left_out(tiny, mark, threshold, headings, said) -> None:
    panel = build_drill_panel(drill_down(tiny, "tiny", ExplorerState(), mark, 0, threshold))
    table = next(t for t in _find(panel, html.Table) if t.id == "explorer-drill-table")
    assert [th.children for th in _find(table, html.Th) if th.scope == "col"] == headings
    text = " ".join(_texts(panel))
    if said is None:
        assert "Left out" not in text
    else:
        assert said in text and "single someone out" in text


# --- person pages: only from a list of 5 or more that the person is on ------------------------


@pytest.fixture
def services(sqlite_url: str) -> Iterator[Services]:
    opened = open_services(Settings(database_url=sqlite_url, load_demo=False))
    # opened, so the router draws the explorer at once (not the page that says it is opening)
    register_catalog(opened, _catalog(make_cohort())).prepared("tiny")
    yield opened
    opened.sessions.kw["bind"].dispose()


SHOWN = "synthetic person"
NO_LIST = "opens from a list of people in the explorer"
TOO_FEW = "This list has fewer than 5 people"
NOT_ON = "not on the list named in the address"


@pytest.mark.parametrize(
    ("person", "search", "expected"),
    [
        pytest.param(0, "?from=sector:Police", SHOWN, id="on-a-list-of-8"),
        pytest.param(9, "?gender=woman&from=sector:Housing", TOO_FEW, id="filter-leaves-4"),
        pytest.param(8, "?from=rule:emergency_frequent", TOO_FEW, id="from-a-group-of-3"),
        pytest.param(0, "?from=rule:emergency_frequent", TOO_FEW, id="small-group-same-answer"),
        pytest.param(11, "?from=rule:eviction_cycle", NOT_ON, id="not-on-a-list-of-6"),
        pytest.param(0, "", NO_LIST, id="typed-with-no-list"),
        pytest.param(0, "?gender=man", NO_LIST, id="filter-but-no-mark"),
        pytest.param(0, "?from=nonsense:Police", NO_LIST, id="unknown-chart"),
        pytest.param(0, "?from=sector:Nowhere", TOO_FEW, id="unknown-sector-is-empty"),
    ],
)
def test_a_person_page_is_shown_only_from_a_list_of_five_they_are_on(
    services, person: int, search: str, expected: str
) -> None:
    page = render_page(f"/cohorts/tiny/people/{person}", services, search)
    text = " ".join(_texts(page))
    assert expected in text
    if expected != SHOWN:
        assert "This person's page is not shown" in text
        assert not _find(page, dcc.Graph) and PSEUDONYMS[person] not in text  # nobody shown


def test_every_link_of_a_list_opens_its_person_and_only_the_columns_it_showed(
    tiny, services
) -> None:
    found = drill_down(tiny, "tiny", ExplorerState(), Selection("sector", "Police"), 0, 5)
    links = _find(build_drill_panel(found), dcc.Link)
    assert len(links) == 8
    for link in links:
        path, _, search = link.href.partition("?")
        assert search == "from=sector:Police"
        page = render_page(path, services, "?" + search)
        summary = " ".join(_texts(_find(page, html.P)))
        assert "Gender man." in summary
        assert "25-34" not in summary and "homelessness" not in summary  # the list left them out
        assert "Not shown here, as on the list this page was opened from: age band, needs" in (
            summary
        )


@pytest.mark.parametrize(
    ("search", "side", "query", "people"),
    [
        pytest.param("?gender=man", 0, "gender=man&from=sector:Housing", 8, id="filtered"),
        pytest.param(
            "?compare=coordinated:no", 1, "coordinated=no&from=sector:Housing", 9, id="compared"
        ),
        pytest.param("?gender=woman&compare=everyone", 1, "from=sector:Housing", 12, id="all"),
    ],
)
def test_a_link_names_the_list_of_its_own_side(
    tiny, services, search: str, side: int, query: str, people: int
) -> None:
    state = parse_explorer_query(search)
    found = drill_down(tiny, "tiny", state, Selection("sector", "Housing"), side, 5)
    links = _find(build_drill_panel(found), dcc.Link)
    assert len(links) == people
    for link in links:
        path, _, link_query = link.href.partition("?")
        assert link_query == query
        text = " ".join(_texts(render_page(path, services, "?" + link_query)))
        assert "synthetic person" in text and "page is not shown" not in text


# --- figure JSON of the explorer (with a list open) and of the person page --------------------


def _figures(page: object) -> list[dict]:
    return [json.loads(pio.to_json(graph.figure)) for graph in _find(page, dcc.Graph)]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


PEOPLE_COUNT = re.compile(r"\b[1-4] (people|persons?)\b")


@pytest.mark.parametrize("search", FILTERS)
def test_explorer_figures_never_carry_a_count_of_one_to_four(services, search: str) -> None:
    figures = _figures(render_page("/cohorts/tiny", services, search))
    view = build_explorer_view(catalog_for(services), "tiny", parse_explorer_query(search), 5)
    figures += _figures(list(build_sections(view, [c for c, _ in CHARTS]).values()))  # drawn later
    assert len(figures) >= 6
    for figure in figures:
        for trace in figure["data"]:
            template = trace.get("hovertemplate", "") + trace.get("texttemplate", "")
            assert "%{y}" not in template and "%{value}" not in template
            for number in [*trace.get("y", []), *trace.get("values", [])]:
                assert number not in SMALL, trace.get("name")
            shown = [*trace.get("text", []), *(d[1:] for d in trace.get("customdata", []))]
            assert not {str(n) for n in SMALL} & set(_strings(shown)), trace.get("name")
        assert not any(PEOPLE_COUNT.search(s) for s in _strings(figure))


@pytest.mark.parametrize("person", range(8))
def test_person_page_figure_names_no_small_count_and_no_attribute_left_out(
    services, person: int
) -> None:
    page = render_page(f"/cohorts/tiny/people/{person}", services, "?from=sector:Police")
    (figure,) = _figures(page)
    strings = list(_strings(figure))
    assert any("Police" in s for s in strings)  # the swimlane is there
    assert not any(PEOPLE_COUNT.search(s) for s in strings)
    for left_out in ("25-34", "35-44", "homelessness", "substance", "offending"):
        assert not any(left_out in s for s in strings), left_out
