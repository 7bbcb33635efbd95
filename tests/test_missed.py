"""Missed-opportunity markers: stored as notes, drawn in their own style, safe with user text."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from schemas import Annotation
from tests.journeys import journey_of
from timeline.figures import SwimlaneOptions
from timeline.figures import build_swimlane_figure as build_figure_dict
from timeline.filters import EventFilter, filter_journey
from timeline.pages.journey.missed import build_missed_list
from timeline.pages.journey_view import build_journey_view
from timeline.service import MISSED_OPPORTUNITY_TEXT, Services

CASE = journey_of("2015-01-10 ae_attendance @A&E", "2015-02-01 signposted @A&E")
NOTE = Annotation(
    id="m1",
    kind="missed_opportunity",
    text="<b>Nobody</b> asked where she slept",
    event_ids=("e1",),
)


def build_swimlane_figure(*args, **kwargs) -> go.Figure:  # noqa: ANN002, ANN003
    """The plain figure dict, validated by plotly (which the app skips), as a Figure to read."""
    return go.Figure(build_figure_dict(*args, **kwargs))


def _marks(figure) -> tuple[list, list]:
    traces = [t for t in figure.data if (t.meta or {}).get("role") == "missed_opportunity"]
    labels = [a for a in figure.layout.annotations if (a.name or "").startswith("missed-")]
    return traces, labels


def test_missed_opportunity_is_a_starred_event_with_a_flagged_label() -> None:
    figure = build_swimlane_figure(CASE.model_copy(update={"annotations": (NOTE,)}))
    (trace,), (label,) = _marks(figure)
    assert trace.marker.symbol == "star-open" and len(trace.x) == 1
    assert label.text == "⚑ missed opportunity" and label.showarrow
    # user text is escaped, never rendered as HTML
    assert label.hovertext == "&lt;b&gt;Nobody&lt;/b&gt; asked where she slept"
    assert trace.customdata[0][0] == label.hovertext


def test_no_marks_without_notes_or_when_turned_off_or_filtered_out() -> None:
    assert _marks(build_swimlane_figure(CASE)) == ([], [])
    noted = CASE.model_copy(update={"annotations": (NOTE,)})
    off = build_swimlane_figure(noted, (), SwimlaneOptions(missed_opportunities=False))
    assert _marks(off) == ([], [])
    shown = filter_journey(noted, [], EventFilter(kinds=frozenset({"signposted"}))).journey
    assert _marks(build_swimlane_figure(shown)) == ([], [])


def test_marking_and_removing_persist(database_url: str, services: Services) -> None:
    services.load_demo()
    before = services.load_journey("lucy")
    event_id = before.events[3].id
    note = services.mark_missed_opportunity("lucy", event_id, "  ")
    assert note.text == MISSED_OPPORTUNITY_TEXT and note.event_ids == (event_id,)
    second = services.mark_missed_opportunity(
        "lucy", event_id, "Housing options could have met her"
    )
    assert second.id != note.id
    stored = services.load_journey("lucy")
    assert [a.id for a in stored.annotations][-2:] == [note.id, second.id]
    assert stored.events == before.events  # nothing else changed
    view = build_journey_view(services, "lucy")
    assert len(_marks(go.Figure(view.figure))[1]) == 2
    services.remove_annotation("lucy", note.id)
    assert [a.id for a in services.load_journey("lucy").annotations][-1:] == [second.id]
    assert "Housing options could have met her" in str(
        build_missed_list(services.load_journey("lucy"))
    )


def test_marking_an_unknown_event_says_so_and_stores_nothing(services: Services) -> None:
    services.load_demo()
    before = services.load_journey("lucy")
    with pytest.raises(ValueError, match="no event 'nope'"):
        services.mark_missed_opportunity("lucy", "nope", "text")
    assert services.load_journey("lucy") == before
