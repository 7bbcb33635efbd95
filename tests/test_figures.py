"""The swimlane figure, tested as an object: lanes, groups, marks, cycles, strip, escaping."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import pytest

from schemas import Agency, Event, Journey, Person
from tests.factories import make_journey
from tests.journeys import journey_of
from timeline.cycles import find_cycles
from timeline.demo import demo_journeys
from timeline.figures import SwimlaneOptions, layout_lanes, short_label
from timeline.figures import build_swimlane_figure as build_figure_dict

COVENTRY, LUCY, AHMED = demo_journeys()
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
PLAIN = SwimlaneOptions(status_strip=False, range_slider=False)


def build_swimlane_figure(*args, **kwargs) -> go.Figure:  # noqa: ANN002, ANN003
    """The plain figure dict, validated by plotly (which the app skips), as a Figure to read."""
    return go.Figure(build_figure_dict(*args, **kwargs))


def _named(figure, prefix: str) -> list:
    return [a for a in figure.layout.annotations if (a.name or "").startswith(prefix)]


def _role(figure, role: str) -> list:
    return [t for t in figure.data if (t.meta or {}).get("role") == role]


def _event_marks(figure) -> int:
    return sum(len(t.y) for t in _role(figure, "points") + _role(figure, "intervals"))


def _lane_labels(figure) -> list[str]:
    return [t for t in figure.layout.yaxis.ticktext if not t.startswith("<i>Status")]


def test_coventry_has_24_lanes_in_9_sector_groups_in_display_order() -> None:
    figure = build_swimlane_figure(COVENTRY)
    assert len(_lane_labels(figure)) == 24
    assert [a.name.removeprefix("sector-") for a in _named(figure, "sector-")] == SECTOR_ORDER
    layout = layout_lanes(COVENTRY)
    assert [g.sector for g in layout.groups] == SECTOR_ORDER
    housing = [lane.agencies[0] for lane in layout.lanes if lane.sector == "Housing"]
    assert housing[:2] == ["Cyrenians", "Valley House"]


def test_every_event_is_drawn_once_points_as_markers_intervals_as_bars() -> None:
    figure = build_swimlane_figure(COVENTRY)
    assert _event_marks(figure) == len(COVENTRY.events)
    bars, points = _role(figure, "intervals"), _role(figure, "points")
    assert sum(len(t.y) for t in bars) == sum(1 for e in COVENTRY.events if e.end)
    assert sum(len(t.y) for t in points) == sum(1 for e in COVENTRY.events if e.end is None)
    assert all(t.orientation == "h" for t in bars)


def test_interval_bar_spans_start_to_inclusive_end() -> None:
    (bar,) = _role(build_swimlane_figure(make_journey(events=1), options=PLAIN), "intervals")
    assert bar.base[0] == "2015-01-05"
    assert bar.x[0] == 61 * 86_400_000


def test_colour_follows_sector_and_shape_follows_provider_type() -> None:
    figure = build_swimlane_figure(COVENTRY)
    points = {t.meta["sector"]: t for t in _role(figure, "points")}
    assert len({t.marker.color for t in points.values()}) == len(points)
    assert {0, 1, 2} <= set(points["Money"].marker.symbol)  # circle, square, diamond
    assert any(label.endswith("■") for label in _lane_labels(figure))  # Concentrix, RBS
    (key,) = _named(figure, "key")
    assert key.text.startswith("Who runs it: ● public  ◆ voluntary  ■ private")


def test_hover_is_customdata_with_a_template() -> None:
    figure = build_swimlane_figure(make_journey(), options=PLAIN)
    for trace in _role(figure, "points") + _role(figure, "intervals"):
        assert "%{customdata[0]}" in trace.hovertemplate
        assert "(%{fullData.name})" in trace.hovertemplate  # the sector, once per trace
        assert len(trace.customdata) == len(trace.y)
    (bar,) = _role(figure, "intervals")
    title, when, agency, kind, people = bar.customdata[0]
    assert (title, when, agency, kind) == (
        "Hostel room",
        "5 Jan 2015 to 6 Mar 2015",
        "Cyrenians",
        "Placement",
    )
    assert bar.name == "Housing" and people == "A, B"
    assert "People: %{customdata[4]}" in bar.hovertemplate
    day_points = [t for t in _role(figure, "points") if "%{x|%-d %b %Y}" in t.hovertemplate]
    assert day_points and all(len(row) == 4 for t in day_points for row in t.customdata)


def test_user_text_is_escaped_everywhere_it_reaches_the_figure() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    journey = Journey(
        key="hostile",
        title=f"Title {hostile}",
        provenance="illustrative",
        people=[Person(pseudonym=f"P{hostile}"), Person(pseudonym="Q")],
        agencies=[Agency(name=f"A{hostile}", sector=f"S{hostile}")],
        events=[
            Event(
                id=f"e{i}",
                people=[f"P{hostile}"],
                agency=f"A{hostile}",
                kind="eviction",
                start=dt.date(2015, 1, 1 + i),
                title=f"T{hostile}",
            )
            for i in range(3)
        ],
    )
    figure = build_swimlane_figure(journey, find_cycles(journey))
    assert "<img" not in figure.to_json()
    assert "&lt;img src=x onerror=alert(1)&gt;" in _lane_labels(figure)[0]
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
    assert [g.sector for g in layout_lanes(journey).groups] == ["Housing", "Health", "Faith groups"]


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
    cycles = find_cycles(COVENTRY)
    first = build_swimlane_figure(COVENTRY, cycles).to_json()
    assert first == build_swimlane_figure(COVENTRY, cycles).to_json()
    small = build_figure_dict(make_journey())
    assert build_figure_dict(COVENTRY)["layout"]["height"] > small["layout"]["height"]


def test_exported_figure_has_title_and_subtitle_and_screen_figure_does_not() -> None:
    assert (
        build_swimlane_figure(COVENTRY, options=SwimlaneOptions(show_title=False)).layout.title.text
        is None
    )
    subtitle = build_swimlane_figure(COVENTRY).layout.title.subtitle.text
    assert subtitle.startswith("2 people · 24 agencies in 9 sectors · 700 days")


def test_empty_journey_still_draws() -> None:
    journey = make_journey().model_copy(update={"events": ()})
    figure = build_swimlane_figure(journey)
    assert _event_marks(figure) == 0 and len(_lane_labels(figure)) == 3


def _rings(figure, index: int) -> list:
    """The x of each ring of cycle `index`: its stretch of its pattern's trace, between gaps."""
    trace = next(
        t
        for t in _role(figure, "cycle")
        if t.meta.get("marks") == "rings" and index in t.meta["cycles"]
    )
    runs, run = [], []
    for x in trace.x:
        if x is None:
            runs.append(run)
            run = []
        else:
            run.append(x)
    return [*runs, run][trace.meta["cycles"].index(index)]


def test_each_cycle_gets_a_band_a_label_and_ringed_joined_events() -> None:
    cycles = find_cycles(LUCY)
    figure = build_swimlane_figure(LUCY, cycles)
    (bands,) = _role(figure, "cycle-bands")
    labels = _named(figure, "cycle-label")
    (first,) = [t for t in _role(figure, "cycle") if t.meta["marks"] == "first"]
    assert len(bands.base) == len(labels) == len(first.x) == len(cycles) == 3
    assert bands.hoverinfo == "skip" and figure.data[0] is bands  # under every mark
    custody = next(i for i, c in enumerate(cycles) if c.rule == "custody_cycle")
    assert bands.base[custody] == "2017-08-14"
    assert bands.x[custody] == (dt.date(2018, 2, 20) - dt.date(2017, 8, 14)).days * 86_400_000
    assert labels[custody].text == "<b>custody cycle: 2 times</b>"
    assert first.customdata[custody] == "custody cycle: 2 times"
    rings = _rings(figure, custody)
    assert len(rings) == len(cycles[custody].event_ids) and rings == sorted(rings)
    assert first.x[custody] == rings[0]


def test_cycles_share_a_few_traces_and_overlapping_ones_differ_in_pattern() -> None:
    cycles = find_cycles(LUCY)
    figure = build_swimlane_figure(LUCY, cycles)
    rings = [t for t in _role(figure, "cycle") if t.meta["marks"] == "rings"]
    assert sorted(i for t in rings for i in t.meta["cycles"]) == [0, 1, 2]
    eviction, breach = (
        next(i for i, c in enumerate(cycles) if c.rule == rule)
        for rule in ("eviction_cycle", "breach_cycle")
    )
    assert cycles[eviction].start <= cycles[breach].end  # these two overlap in time
    style = {i: (t.line.dash, t.marker.symbol) for t in rings for i in t.meta["cycles"]}
    assert style[eviction] != style[breach]


def test_overlapping_cycle_labels_go_on_separate_rows() -> None:
    figure = build_swimlane_figure(LUCY, find_cycles(LUCY))
    rows = {a.text: a.y for a in _named(figure, "cycle-label")}
    assert rows["<b>eviction cycle: 3 times</b>"] != rows["<b>breach cycle: 2 times</b>"]
    assert rows["<b>eviction cycle: 3 times</b>"] == rows["<b>custody cycle: 2 times</b>"]


def test_high_severity_is_said_in_words_and_shaded_darker() -> None:
    figure = build_swimlane_figure(AHMED, find_cycles(AHMED))
    high = next(a for a in _named(figure, "cycle-label") if "frequent emergency" in a.text)
    assert high.text.endswith(" · high")


def test_household_people_have_their_own_band_in_each_lane() -> None:
    journey = journey_of(
        "2015-01-01 contact @Hostel A",
        "2015-02-01 contact @Hostel B",
        "2015-03-01 contact @Hostel A+B",
        people=("A", "B"),
    )
    (points,) = _role(build_swimlane_figure(journey, options=PLAIN), "points")
    above, below, shared = points.y
    assert above < shared < below and shared == 0
    (key,) = _named(build_swimlane_figure(journey), "key")
    assert "A above the line, B below" in key.text


def test_imprecise_dates_show_their_uncertainty() -> None:
    journey = journey_of(
        "2015-03 contact",
        "~2015-06-10 contact",
        "2016 contact",
        "2015-01-01 contact",
        "2015-02..2015-04 placement",
    )
    figure = build_swimlane_figure(journey, options=PLAIN)
    exact, points = _role(figure, "points")  # dated to the day, then not
    assert len(exact.x) == 1 and exact.error_x.array is None
    day = 86_400_000
    assert list(points.error_x.array) == [30 * day, 14 * day, 365 * day]  # 2016 is a leap year
    assert list(points.error_x.arrayminus) == [0, 14 * day, 0]
    (bars,) = _role(figure, "intervals")
    assert list(bars.marker.pattern.shape) == ["/"]


def test_status_strip_shows_where_each_person_was() -> None:
    figure = build_swimlane_figure(COVENTRY)
    statuses = {t.meta["status"] for t in _role(figure, "status")}
    assert statuses == {"housed", "hostel or placement", "rough sleeping"}
    assert list(figure.layout.yaxis.ticktext[:2]) == ["<i>Status: Sam</i>", "<i>Status: Jo</i>"]


def test_collapsed_sector_is_one_lane_holding_all_its_events() -> None:
    options = SwimlaneOptions(collapsed=frozenset({"Housing", "Money"}))
    figure = build_swimlane_figure(COVENTRY, find_cycles(COVENTRY), options)
    labels = _lane_labels(figure)
    assert len(labels) == 24 - 8 - 6 + 2
    assert "<i>Housing: 8 agencies</i> ▸" in labels
    assert _event_marks(figure) == len(COVENTRY.events)


def test_aligning_on_an_event_shows_days_since_it() -> None:
    release = next(e for e in LUCY.events if e.kind == "release")
    figure = build_swimlane_figure(LUCY, find_cycles(LUCY), SwimlaneOptions(align_on=release.id))
    assert figure.layout.xaxis.type == "linear"
    assert figure.layout.xaxis.title.text.startswith("Days since ")
    xs = [x for t in _role(figure, "points") for x in t.x]
    assert 0 in xs and min(xs) < 0 < max(xs)
    with pytest.raises(KeyError, match="no event 'nope'"):
        build_swimlane_figure(LUCY, options=SwimlaneOptions(align_on="nope"))


def test_range_slider_on_screen_and_off_for_exports() -> None:
    assert build_swimlane_figure(LUCY).layout.xaxis.rangeslider.visible is True
    assert build_swimlane_figure(LUCY, options=PLAIN).layout.xaxis.rangeslider.visible is not True
