"""Hidden means hidden, for every audience: an agency, sector, person, status strip, "in my words"
entry, strength, note or key entry seen only in events an audience may not see is not drawn,
named, counted or exported. Asserted on the figure JSON each audience gets.

The named case is the Coventry demo with Jo's contact with Women's Aid (Domestic abuse), marked
sensitive: before this was fixed, presenter mode without sensitive events still drew the
"Domestic abuse · Women's Aid" lane, empty, in front of the room.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

import plotly.graph_objects as go
import pytest

from schemas import (
    Agency,
    Annotation,
    Journey,
    JourneySummary,
    Person,
    ShownJourney,
)
from tests.audience_case import KEY, coventry_with_womens_aid
from tests.factories import make_journey
from timeline.access import Action, Role, Viewer
from timeline.audience import show_events
from timeline.exporters import EXPORTERS, ExportRequest
from timeline.figures import build_swimlane_figure
from timeline.pages.journey_view import build_journey_view, export_journey
from timeline.pages.present.view import build_step
from timeline.review import without_restricted
from timeline.service import Services

CAM = Viewer("cam", Role.COMMISSIONER)
REV = Viewer("rev", Role.REVIEWER, shared=frozenset({KEY}))
FRAN = Viewer("fran", Role.FACILITATOR)
LAST = 10_000  # a step past the end: presenter mode clamps it to the last step


# What a figure draws and names, read from its JSON.


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).replace("&#x27;", "'")


def lane_labels(figure: dict) -> list[str]:
    """The y axis tick labels: agency lanes and status strips."""
    return [_plain(t) for t in figure["layout"]["yaxis"]["ticktext"] if t]


def annotations(figure: dict, prefix: str) -> list[str]:
    """Text of the annotations whose name starts with `prefix` (sector-, key, voice-lane-)."""
    return [
        _plain(a["text"])
        for a in figure["layout"].get("annotations", ())
        if a.get("name", "").startswith(prefix)
    ]


def drawn_notes(figure: dict) -> set[str]:
    """Ids of the notes drawn as marks (voices and missed opportunities)."""
    return {
        note for trace in figure["data"] for note in (trace.get("meta") or {}).get("note_ids", ())
    } | {
        a["name"].removeprefix("missed-opportunity-")
        for a in figure["layout"].get("annotations", ())
        if a.get("name", "").startswith("missed-opportunity-")
    }


def as_json(figure: go.Figure | dict) -> dict:
    return json.loads(json.dumps(figure if isinstance(figure, dict) else figure.to_plotly_json()))


# Each audience's figure of the stored case.


def _as(services: Services, viewer: Viewer) -> Services:
    return services.for_viewers(lambda: viewer)


AUDIENCES: dict[str, Callable[[Services], go.Figure]] = {
    "facilitator": lambda s: build_journey_view(_as(s, FRAN), KEY).figure,
    "presenter-first-step": lambda s: build_step(s, KEY, 0, False).figure,
    "presenter": lambda s: build_step(s, KEY, LAST, False).figure,
    "presenter-sensitive": lambda s: build_step(s, KEY, LAST, True).figure,
    "export": lambda s: build_journey_view(_as(s, FRAN), KEY, action=Action.EXPORT).figure,
    "commissioner": lambda s: build_journey_view(_as(s, CAM), KEY).figure,
    "reviewer": lambda s: build_journey_view(_as(s, REV), KEY, action=Action.REVIEW).figure,
}


@pytest.fixture
def case(sqlite_services: Services) -> Services:
    sqlite_services.save_journeys([coventry_with_womens_aid()])
    return sqlite_services


@pytest.mark.parametrize(
    ("audience", "sensitive", "restricted"),
    [
        pytest.param("facilitator", True, True, id="facilitator-sees-everything"),
        pytest.param("presenter-first-step", False, False, id="presenter-first-step"),
        pytest.param("presenter", False, False, id="presenter-womens-aid-lane-gone"),
        pytest.param("presenter-sensitive", True, False, id="presenter-with-sensitive"),
        pytest.param("export", True, False, id="export-board-pack"),
        pytest.param("commissioner", True, False, id="commissioner"),
        pytest.param("reviewer", True, False, id="reviewer"),
    ],
)
def test_each_audience_draws_and_names_only_what_it_may_see(
    case: Services, audience: str, sensitive: bool, restricted: bool
) -> None:
    figure = as_json(AUDIENCES[audience](case))
    lanes, key = lane_labels(figure), " ".join(annotations(figure, "key"))
    sectors = annotations(figure, "sector-")
    # Women's Aid: seen only in a sensitive event
    assert ("Women's Aid ◆" in lanes) is sensitive
    assert ("■ Domestic abuse" in sectors) is sensitive
    assert ("voice-lane-strength" in json.dumps(figure)) is sensitive
    # Rape Crisis and Kestrel: seen only in a restricted event
    assert ("Rape Crisis ○" in lanes) is restricted
    assert ("■ Sexual violence" in sectors) is restricted
    assert ("Status: Kestrel" in lanes) is restricted
    assert ("Kestrel" in key) is restricted
    assert ("○ unknown" in key) is restricted  # the provider-type legend entry
    assert ("voice-lane-in_my_words" in json.dumps(figure)) is restricted
    assert ({"words", "missed"} <= drawn_notes(figure)) is restricted
    # and nowhere else in the figure, hover text included
    text = json.dumps(figure, ensure_ascii=False).replace("&#x27;", "'")
    assert ("Women's Aid" in text) is sensitive
    assert any(w in text for w in ("Kestrel", "Rape Crisis", "Nobody believed")) is restricted
    assert len([lane for lane in lanes if not lane.startswith("Status")]) == 24 + sensitive + (
        restricted
    )


def test_presenter_lanes_stay_still_and_the_room_sees_no_empty_lane(case: Services) -> None:
    first, last = (as_json(build_step(case, KEY, step, False).figure) for step in (0, LAST))
    assert lane_labels(first) == lane_labels(last)
    assert not any("Women" in label for label in lane_labels(first))


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_downloads_name_nothing_only_restricted_events_named(case: Services, fmt: str) -> None:
    case.record_consent(KEY, given_by="the person", audiences=["board_paper"])
    data = export_journey(_as(case, FRAN), KEY, fmt)[0].decode("utf-8").replace("&#x27;", "'")
    assert "Women" in data  # sensitive events are in board papers
    for word in ("Kestrel", "Rape Crisis", "Sexual violence", "Nobody believed", "Unasked"):
        assert word not in data, word


def test_the_commissioner_list_counts_only_what_they_are_shown(case: Services) -> None:
    shown = next(s for s in _as(case, CAM).list_journeys() if s.key == KEY)
    whole = next(s for s in case.list_journeys() if s.key == KEY)
    assert (shown.people, shown.agencies, shown.sectors) == (2, 25, 10)
    assert (whole.people, whole.agencies, whole.sectors) == (3, 26, 11)


# The shared rule (timeline/audience.py) on small journeys.


def _tree() -> Journey:
    """make_journey plus a refuge that is part of Foodbank, a lane with no events, a person
    with no events, and a period note."""
    base = make_journey("tree")
    return Journey.model_validate(
        base.model_copy(
            update={
                "agencies": (
                    *base.agencies,
                    Agency(name="Pantry", sector="Food", parent="Foodbank"),
                    Agency(name="Listed only", sector="Advice"),
                ),
                "people": (*base.people, Person(pseudonym="C")),
                "annotations": (
                    Annotation(id="on-e2", text="x", event_ids=["e2"]),
                    Annotation(id="on-e1-e2", text="x", event_ids=["e1", "e2"]),
                    Annotation(id="period", text="x", start=dt.date(2015, 3, 1)),
                ),
            }
        ).model_dump()
    )


@pytest.mark.parametrize(
    ("hidden", "agencies", "people", "notes"),
    [
        pytest.param(
            set(),
            ["Cyrenians", "West Midlands Police", "Foodbank", "Pantry", "Listed only"],
            ["A", "B", "C"],
            {"on-e2": ("e2",), "on-e1-e2": ("e1", "e2"), "period": ()},
            id="nothing-hidden-nothing-changes",
        ),
        pytest.param(
            {"e2"},
            ["Cyrenians", "West Midlands Police", "Listed only"],  # Pantry: part of Foodbank
            ["A", "B", "C"],
            {"on-e1-e2": ("e1",), "period": ()},
            id="agency-and-its-parts-only-in-hidden-events",
        ),
        pytest.param(
            {"e1", "e2"},
            ["West Midlands Police", "Listed only"],
            ["B", "C"],  # A is only in e1 and e2; C is in no event at all
            {"period": ()},
            id="person-only-in-hidden-events",
        ),
        pytest.param(
            {"e1", "e2", "e3"},
            ["Listed only"],
            ["C"],
            {"period": ()},
            id="only-what-no-event-names-is-left",
        ),
    ],
)
def test_show_events_leaves_out_what_only_hidden_events_name(
    hidden: set[str], agencies: list[str], people: list[str], notes: dict
) -> None:
    shown = show_events(_tree(), lambda e: e.id not in hidden)
    assert [a.name for a in shown.agencies] == agencies
    assert [p.pseudonym for p in shown.people] == people
    assert {a.id: a.event_ids for a in shown.annotations} == notes


def test_a_part_shown_keeps_its_parent_named() -> None:
    journey = _tree()
    data = journey.model_dump()
    data["events"] = [
        *data["events"],
        {"id": "p1", "people": ["C"], "agency": "Pantry", "start": "2015-02-01", "title": "Bag"},
    ]
    shown = show_events(Journey.model_validate(data), lambda e: e.id != "e2")
    assert {"Foodbank", "Pantry"} <= {a.name for a in shown.agencies}


def test_parents_that_loop_do_not_hang() -> None:
    data = make_journey("loop").model_dump()
    data["agencies"] = [
        {**data["agencies"][0], "parent": "Foodbank"},
        data["agencies"][1],
        {**data["agencies"][2], "parent": "Cyrenians"},
    ]
    shown = show_events(Journey.model_validate(data), lambda e: e.id == "e3")
    assert [a.name for a in shown.agencies] == ["West Midlands Police"]


def test_no_stand_in_when_nothing_is_left_and_the_empty_journey_still_draws() -> None:
    data = make_journey("all").model_dump()
    for event in data["events"]:
        event["sensitivity"] = "restricted"
    shown = without_restricted(Journey.model_validate(data))
    assert isinstance(shown, ShownJourney)
    assert (shown.events, shown.agencies, shown.people) == ((), (), ())
    figure = as_json(build_swimlane_figure(shown))
    assert lane_labels(figure) == [] and annotations(figure, "sector-") == []
    assert "Cyrenians" not in json.dumps(figure) and " A " not in annotations(figure, "key")[0]
    assert JourneySummary.of(shown).agencies == 0
    for fmt in ("json", "csv"):
        data = EXPORTERS[fmt](ExportRequest(shown)).decode("utf-8")
        assert "Cyrenians" not in data and "Hostel" not in data
