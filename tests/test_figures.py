"""The swimlane figure, tested as an object: lanes, groups, marks, hover, escaping."""

from __future__ import annotations

import datetime as dt

import pytest

from schemas import Agency, Event, Journey, Person
from tests.factories import make_journey
from timeline.demo import demo_journeys
from timeline.figures import build_swimlane_figure, layout_lanes, short_label

COVENTRY = demo_journeys()[0]
SECTOR_ORDER = [
    "Housing",
    "Money",
    "Advice",
    "Training",
    "Health",
    "Police",
    "Fire",
    "Food",
    "Social",
]


def _sector_headings(figure) -> list[str]:
    texts = [a.text for a in figure.layout.annotations if a.name != "provider-key"]
    return [t.split("<b>")[1].split("</b>")[0] for t in texts]


def _marks(figure) -> int:
    return sum(len(t.y) for t in figure.data)


def test_coventry_has_24_lanes_in_9_sector_groups_in_display_order() -> None:
    figure = build_swimlane_figure(COVENTRY)
    assert len(figure.layout.yaxis.tickvals) == 24
    assert _sector_headings(figure) == SECTOR_ORDER
    lanes, groups = layout_lanes(COVENTRY)
    assert [g.sector for g in groups] == SECTOR_ORDER
    assert [lane.agency for lane in lanes if lane.sector == "Housing"][:2] == [
        "Cyrenians",
        "Valley House",
    ]


def test_every_event_is_drawn_once_points_as_markers_intervals_as_bars() -> None:
    figure = build_swimlane_figure(COVENTRY)
    assert _marks(figure) == len(COVENTRY.events)
    bars = [t for t in figure.data if t.type == "bar"]
    points = [t for t in figure.data if t.type == "scatter"]
    assert sum(len(t.y) for t in bars) == sum(1 for e in COVENTRY.events if e.end)
    assert sum(len(t.y) for t in points) == sum(1 for e in COVENTRY.events if e.end is None)
    assert all(t.orientation == "h" for t in bars)


def test_interval_bar_spans_start_to_inclusive_end() -> None:
    journey = make_journey(events=1)
    (bar,) = [t for t in build_swimlane_figure(journey).data if t.type == "bar"]
    assert bar.base[0] == "2015-01-05"
    assert bar.x[0] == 61 * 86_400_000


def test_colour_follows_sector_and_shape_follows_provider_type() -> None:
    figure = build_swimlane_figure(COVENTRY)
    points = {t.meta["sector"]: t for t in figure.data if t.type == "scatter"}
    assert len({t.marker.color for t in points.values()}) == len(points)
    money = points["Money"]
    symbols = set(money.marker.symbol)
    assert {"circle", "diamond", "square"} <= symbols  # public, voluntary, private agencies
    labels = dict(zip(figure.layout.yaxis.tickvals, figure.layout.yaxis.ticktext, strict=True))
    assert any(label.endswith("■") for label in labels.values())  # private: Concentrix, RBS
    key = next(a for a in figure.layout.annotations if a.name == "provider-key")
    assert key.text == "Provider type: ● public   ◆ voluntary   ■ private"


def test_hover_is_customdata_with_a_template() -> None:
    figure = build_swimlane_figure(make_journey())
    for trace in figure.data:
        assert "%{customdata[0]}" in trace.hovertemplate
        assert len(trace.customdata) == len(trace.y)
    bar = next(t for t in figure.data if t.type == "bar")
    title, when, agency, kind, people = bar.customdata[0]
    assert (title, when, agency, kind) == (
        "Hostel room",
        "5 Jan 2015 to 6 Mar 2015",
        "Cyrenians (Housing)",
        "Placement",
    )
    assert people == "People: A, B"


def test_user_text_is_escaped_everywhere_it_reaches_the_figure() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    journey = Journey(
        key="hostile",
        title=f"Title {hostile}",
        provenance="illustrative",
        people=[Person(pseudonym=f"P{hostile}")],
        agencies=[Agency(name=f"A{hostile}", sector=f"S{hostile}")],
        events=[
            Event(
                id="e1",
                people=[f"P{hostile}"],
                agency=f"A{hostile}",
                start=dt.date(2015, 1, 1),
                title=f"T{hostile}",
            )
        ],
    )
    figure = build_swimlane_figure(journey)
    text = figure.to_json()
    assert "<img" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in figure.layout.yaxis.ticktext[0]
    assert figure.layout.title.text == "Title &lt;img src=x onerror=alert(1)&gt;"


def test_unknown_sectors_come_after_recommended_ones() -> None:
    journey = Journey(
        key="order",
        title="Order",
        provenance="illustrative",
        people=[Person(pseudonym="A")],
        agencies=[
            Agency(name="Church", sector="Faith groups"),
            Agency(name="GP", sector="health"),
            Agency(name="Hostel", sector="Housing"),
        ],
    )
    assert [g.sector for g in layout_lanes(journey)[1]] == ["Housing", "Health", "Faith groups"]


@pytest.mark.parametrize(
    ("name", "label"),
    [
        pytest.param(
            "Social Care (Children's, Adults, All Ages Disability, MASH, CLDT)",
            "Social Care",
            id="drops-team-list",
        ),
        pytest.param(
            "Severn Trent Water Big Difference Scheme",
            "Severn Trent Water Big Differ…",
            id="ellipsis",
        ),
        pytest.param("Foodbank", "Foodbank", id="short-kept"),
    ],
)
def test_lane_labels_fit(name: str, label: str) -> None:
    assert short_label(name) == label


def test_figure_is_deterministic_and_sized_for_its_lanes() -> None:
    first = build_swimlane_figure(COVENTRY).to_json()
    assert first == build_swimlane_figure(COVENTRY).to_json()
    small = build_swimlane_figure(make_journey())
    assert build_swimlane_figure(COVENTRY).layout.height > small.layout.height


def test_in_app_figure_leaves_the_title_to_the_page() -> None:
    figure = build_swimlane_figure(COVENTRY, show_title=False)
    assert figure.layout.title.text is None
    assert build_swimlane_figure(COVENTRY).layout.title.subtitle.text.startswith(
        "2 people · 24 agencies in 9 sectors · 700 days"
    )


def test_empty_journey_still_draws() -> None:
    journey = make_journey().model_copy(update={"events": ()})
    figure = build_swimlane_figure(journey)
    assert _marks(figure) == 0 and len(figure.layout.yaxis.tickvals) == 3
