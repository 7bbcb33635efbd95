"""Page builders called directly, as the router does, without a browser."""

from __future__ import annotations

import datetime as dt

import pytest
from dash import dcc, html

from tests.components import text_of as _text
from tests.components import walk as _walk
from timeline.demo import demo_journeys
from timeline.filters import EventFilter
from timeline.pages.journey_view import (
    ViewState,
    build_journey_view,
    export_journey,
    rule_overrides,
    zoom_range,
)
from timeline.pages.router import render_page
from timeline.service import Services


def test_journeys_page_links_every_journey(sqlite_services: Services) -> None:
    sqlite_services.load_demo()
    page = render_page("/", sqlite_services)
    links = [c.href for c in _walk(page) if isinstance(c, dcc.Link)]
    assert links == ["/journeys/ahmed", "/journeys/coventry-couple", "/journeys/lucy"]
    assert "17 Nov 2014 to 17 Oct 2016" in _text(page)


def test_journey_page_shows_counts_provenance_and_graph(sqlite_services: Services) -> None:
    sqlite_services.load_demo()
    page = render_page("/journeys/coventry-couple", sqlite_services)
    assert "2 people · 24 agencies in 9 sectors · 700 days" in _text(page)
    assert "Illustrative:" in _text(page)
    graphs = [c for c in _walk(page) if isinstance(c, dcc.Graph)]
    assert len(graphs) == 1
    ticks = graphs[0].figure["layout"]["yaxis"]["ticktext"]
    assert len([t for t in ticks if not t.startswith("<i>Status")]) == 24
    cycle_buttons = [c for c in _walk(page) if getattr(c, "className", "") == "cycle-button"]
    assert len(cycle_buttons) == 2  # eviction cycle, return to homelessness
    assert "2 revolving-door cycles found:" in _text(page)


def test_empty_database_tells_the_user_what_to_run(sqlite_services: Services) -> None:
    assert "touchpoints demo" in _text(render_page("/", sqlite_services))


def test_unknown_paths_and_keys_say_not_found(sqlite_services: Services) -> None:
    for path in ("/journeys/nobody", "/elsewhere", "/journeys/%3Cscript%3E"):
        page = render_page(path, sqlite_services)
        assert any(isinstance(c, html.H1) and c.children == "Not found" for c in _walk(page))


def test_zoom_range_frames_a_cycle_in_dates_or_days() -> None:
    start, end = dt.date(2017, 8, 14), dt.date(2018, 2, 19)
    assert zoom_range(start, end) == ["2017-07-14", "2018-03-23"]  # a sixth of the span each side
    assert zoom_range(start, end, anchor=dt.date(2017, 8, 14)) == [-31, 221]


def test_view_ignores_an_unknown_align_event_and_keeps_collapsed_sectors(
    sqlite_services: Services,
) -> None:
    sqlite_services.load_demo()
    view = build_journey_view(sqlite_services, "lucy", ViewState(frozenset({"Housing"}), "nope"))
    assert view.options.align_on is None and view.options.collapsed == {"Housing"}
    assert view.figure["layout"]["xaxis"]["type"] == "date"


def test_html_download_is_a_whole_self_contained_page(sqlite_services: Services) -> None:
    sqlite_services.load_demo()
    data, filename, media_type = export_journey(sqlite_services, "lucy", "html")
    assert (filename, media_type) == ("lucy.html", "text/html")
    page = data.decode("utf-8")
    assert "<title>Lucy, 24: from revolving door to a link worker</title>" in page
    assert '<script src="http' not in page


def test_per_view_rule_thresholds_change_the_cycles_found(sqlite_services: Services) -> None:
    sqlite_services.load_demo()
    param_ids = [
        {"rule": "custody_cycle", "param": "window_days"},
        {"rule": "breach_cycle", "param": "min_count"},
        {"rule": "eviction_cycle", "param": "min_count"},
    ]
    on_ids = [{"rule": "eviction_cycle"}]
    overrides = rule_overrides(sqlite_services, param_ids, [30, None, 0], on_ids, [[]])
    # blank and below-minimum entries are ignored; the others change this view only
    assert overrides == {"custody_cycle": {"window_days": 30}, "eviction_cycle": {"enabled": False}}
    view = build_journey_view(sqlite_services, "lucy", ViewState(overrides=overrides))
    assert [c.rule for c in view.cycles] == ["breach_cycle"]
    assert len(build_journey_view(sqlite_services, "lucy").cycles) == 3


def test_journey_page_has_every_event_as_a_table(sqlite_services: Services) -> None:
    sqlite_services.load_demo()
    page = render_page("/journeys/coventry-couple", sqlite_services)
    (table,) = [c for c in _walk(page) if getattr(c, "id", None) == "journey-events-table"]
    body = next(c for c in _walk(table) if isinstance(c, html.Tbody))
    assert len(body.children) == 109
    first = [cell.children for cell in body.children[0].children]
    assert first[0] == "17 Nov 2014" and first[3] == "Housing"


def test_filtered_view_keeps_matching_events_and_says_what_is_hidden(
    sqlite_services: Services,
) -> None:
    sqlite_services.load_demo()
    chosen = EventFilter(people=frozenset({"Jo"}), sectors=frozenset({"Health"}))
    page = render_page("/journeys/coventry-couple", sqlite_services, "?people=Jo&sectors=Health")
    view = build_journey_view(sqlite_services, "coventry-couple", ViewState(filter=chosen))
    assert view.journey.events and all(
        "Jo" in e.people and view.journey.agency(e.agency).sector == "Health"
        for e in view.journey.events
    )
    (table,) = [c for c in _walk(page) if getattr(c, "id", None) == "journey-events-table"]
    body = next(c for c in _walk(table) if isinstance(c, html.Tbody))
    assert len(body.children) == len(view.journey.events) < 109
    hidden = 109 - len(view.journey.events)
    assert f"Showing only sectors Health; people Jo ({hidden} events and 2 cycles hidden" in (
        _text(page)
    )
    sectors = [c for c in _walk(page) if getattr(c, "id", None) == "filter-sectors"]
    assert sectors[0].value == ["Health"]
    assert {"label": "Housing", "value": "Housing"} in sectors[0].options


def test_one_stored_journey_is_not_plural(sqlite_services: Services) -> None:
    sqlite_services.save_journeys([next(iter(demo_journeys()))])
    assert "1 stored journey" in _text(render_page("/", sqlite_services))
    assert "1 stored journeys" not in _text(render_page("/", sqlite_services))


def _by_id(page, name: str):  # noqa: ANN001, ANN202
    return next(c for c in _walk(page) if getattr(c, "id", None) == name)


@pytest.mark.parametrize(
    ("search", "counts", "status_rows"),
    [
        pytest.param("", "2 people · 24 agencies in 9 sectors · 700 days", 2, id="unfiltered"),
        pytest.param("?people=Jo", "1 person · ", 1, id="one-person"),
    ],
)
def test_header_counts_and_status_strips_follow_a_person_filter(
    sqlite_services: Services, search: str, counts: str, status_rows: int
) -> None:
    sqlite_services.load_demo()
    page = render_page("/journeys/coventry-couple", sqlite_services, search)
    assert _by_id(page, "journey-counts").children.startswith(counts)
    figure = _by_id(page, "journey-graph").figure
    labels = [t for t in figure["layout"]["yaxis"]["ticktext"] if t.startswith("<i>Status")]
    assert len(labels) == status_rows


def test_a_filter_that_matches_nothing_says_so_with_a_way_back(sqlite_services: Services) -> None:
    sqlite_services.load_demo()
    page = render_page("/journeys/coventry-couple", sqlite_services, "?sectors=Nonexistent")
    assert _by_id(page, "journey-counts").children == "No events shown (of 109 events)"
    note = _by_id(page, "journey-filter-note")
    assert _text(note) == (
        "Nothing matches these filters: no events for sector 'Nonexistent'. Show all"
    )
    (link,) = [c for c in _walk(note) if isinstance(c, html.A)]
    assert link.href == "/journeys/coventry-couple"
    # the dropdown keeps the unknown sector (else the browser would drop it and show everything)
    sectors = _by_id(page, "filter-sectors")
    assert sectors.value == ["Nonexistent"]
    assert sectors.options[-1] == {
        "label": "Nonexistent (not in this journey)",
        "value": "Nonexistent",
    }


def test_a_shared_link_opens_the_journey_zoomed_to_its_dates(sqlite_services: Services) -> None:
    sqlite_services.load_demo()
    search = "?collapse=Housing&from=2017-06-01&to=2018-01-31"
    page = render_page("/journeys/lucy", sqlite_services, search)
    xaxis = _by_id(page, "journey-graph").figure["layout"]["xaxis"]
    assert xaxis["range"][0].startswith("2017-06-01") and xaxis["range"][1].startswith("2018-01-31")
    assert xaxis["autorange"] is False


def test_a_very_long_journeys_table_shows_its_first_500_events_and_says_so(
    sqlite_services: Services,
) -> None:
    from bench.figures import large_journey

    journey = large_journey(1_400, seed=11)
    sqlite_services.save_journeys([journey])
    page = render_page(f"/journeys/{journey.key}", sqlite_services)
    (table,) = [c for c in _walk(page) if getattr(c, "id", None) == "journey-events-table"]
    body = next(c for c in _walk(table) if isinstance(c, html.Tbody))
    assert len(body.children) == 500
    assert "The first 500 of 1,400 events as a table (the filters above narrow it)" in _text(page)
    first = min(journey.events, key=lambda e: (e.start, e.id))
    assert body.children[0].children[5].children == first.title
    # a filter that leaves fewer than 500 shows them all
    narrowed = render_page(f"/journeys/{journey.key}", sqlite_services, "?until=2015-06-30")
    (table,) = [c for c in _walk(narrowed) if getattr(c, "id", None) == "journey-events-table"]
    body = next(c for c in _walk(table) if isinstance(c, html.Tbody))
    from timeline.filters import EventFilter

    until = EventFilter(until=dt.date(2015, 6, 30))  # with events an unsure date may put there
    shown = sum(1 for e in journey.events if until.keeps(e, ""))
    assert 100 < shown < 500 and len(body.children) == shown
    assert "The first 500 of" not in _text(narrowed)


def test_a_very_long_journeys_event_dropdowns_list_a_few_hundred_and_find_the_rest(
    sqlite_services: Services,
) -> None:
    from bench.figures import large_journey
    from timeline.pages.journey_view import CHOICES_SHOWN, event_choices

    journey = large_journey(1_400, seed=11)
    sqlite_services.save_journeys([journey])
    page = render_page(f"/journeys/{journey.key}", sqlite_services)
    (align,) = [c for c in _walk(page) if getattr(c, "id", None) == "journey-align"]
    assert len(align.options) == CHOICES_SHOWN < len(journey.events)
    late = max(journey.events, key=lambda e: (e.start, e.id))  # not among the first listed
    assert late.id not in {o["value"] for o in align.options}
    found = event_choices(journey, search=late.title.upper())  # typed, in any case
    assert late.id in {o["value"] for o in found}
    assert all(late.title.casefold() in o["label"].casefold() for o in found)
    kept = event_choices(journey, chosen=late.id, search="no such event")
    assert [o["value"] for o in kept] == [late.id]  # the chosen event stays choosable
    short = demo_journeys()[0]
    assert len(event_choices(short, search="zzz")) == len(short.events)  # short: all, always
