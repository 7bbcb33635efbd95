"""Voice lanes ("in my words", "strengths and little wins"), tested as figure objects."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import pytest

from schemas import Journey
from tests.journeys import journey_of
from timeline.demo import demo_journeys
from timeline.figures import SwimlaneOptions
from timeline.figures import build_swimlane_figure as build_figure_dict
from timeline.figures.theme import apply_high_contrast, contrast_ratio
from timeline.figures.voices import VOICE_STYLES, excerpt
from timeline.pages.present.view import build_step
from timeline.service import Services

WORDS, STRENGTH = "in_my_words", "strength"
LIVED = "person with lived experience"
PLAIN = SwimlaneOptions(status_strip=False, range_slider=False)
CASE = journey_of(
    "2015-01-04 contact @Hostel",
    "2015-02-10..2015-03-20 placement @Hostel",
    "2015-05-01 arrest @Police",
    "2015-09-01 contact @Hostel",
)


def _note(id_: str, kind: str, text: str = "Kept the appointment.", **fields) -> dict:
    return {"id": id_, "kind": kind, "text": text, "author_role": LIVED} | fields


def _with(journey: Journey, *notes: dict) -> Journey:
    return Journey.model_validate(journey.model_dump() | {"annotations": list(notes)})


def build_swimlane_figure(*args, **kwargs) -> go.Figure:  # noqa: ANN002, ANN003
    """The plain figure dict, validated by plotly (which the app skips), as a Figure to read."""
    return go.Figure(build_figure_dict(*args, **kwargs))


def _voices(figure) -> list:
    return [t for t in figure.data if (t.meta or {}).get("role") == "voice"]


def _points(figure, kind: str):
    return next(
        t for t in _voices(figure) if t.meta["kind"] == kind and t.meta["marks"] == "points"
    )


def _lane_labels(figure) -> dict[str, object]:
    return {
        a.name.removeprefix("voice-lane-"): a
        for a in figure.layout.annotations
        if (a.name or "").startswith("voice-lane-")
    }


def _lane_y(figure) -> dict[str, float]:
    return {kind: label.y for kind, label in _lane_labels(figure).items()}


@pytest.mark.parametrize(
    ("notes", "lanes"),
    [
        pytest.param((), [], id="no-notes-no-lanes"),
        pytest.param(
            (_note("c", "comment"), _note("m", "missed_opportunity", event_ids=["e3"])),
            [],
            id="other-kinds-no-lanes",
        ),
        pytest.param((_note("w", WORDS, event_ids=["e1"]),), [WORDS], id="in-my-words-only"),
        pytest.param(
            (_note("s", STRENGTH, start=dt.date(2015, 4, 1)),), [STRENGTH], id="strength-only"
        ),
        pytest.param(
            (
                _note("s", STRENGTH, event_ids=["e3"]),
                _note("w", WORDS, start=dt.date(2015, 2, 1), end=dt.date(2015, 3, 1)),
            ),
            [WORDS, STRENGTH],
            id="both-in-my-words-on-top",
        ),
    ],
)
def test_a_lane_for_each_kind_of_voice_present(notes, lanes) -> None:
    figure = build_swimlane_figure(_with(CASE, *notes), (), PLAIN)
    y = _lane_y(figure)
    assert sorted(y, key=y.get) == lanes  # y runs downwards: the top lane has the smallest y
    assert sorted({t.meta["kind"] for t in _voices(figure)}) == sorted(lanes)
    bands = [s for s in figure.layout.shapes if (s.name or "").startswith("voice-band-")]
    assert len(bands) == len(lanes)
    agency_lane_top = min(figure.layout.yaxis.tickvals[len(lanes) :])
    assert all(v < agency_lane_top - 1 for v in y.values())  # above every other row
    assert all(v in figure.layout.yaxis.tickvals for v in y.values())  # a grid line each
    assert figure.layout.yaxis.range[1] < min(y.values(), default=0) - 0.5  # room on top


def test_lanes_look_different_from_each_other_and_from_agencies() -> None:
    figure = build_swimlane_figure(
        _with(
            CASE,
            _note("w", WORDS, event_ids=["e1"]),
            _note("s", STRENGTH, event_ids=["e4"]),
        ),
        (),
        PLAIN,
    )
    words, strength = _points(figure, WORDS), _points(figure, STRENGTH)
    agency_symbols = {
        s
        for t in figure.data
        if (t.meta or {}).get("role") == "points"
        for s in (t.marker.symbol if isinstance(t.marker.symbol, tuple) else [t.marker.symbol])
    }
    assert words.marker.symbol != strength.marker.symbol
    assert {words.marker.symbol, strength.marker.symbol}.isdisjoint(agency_symbols)
    assert words.marker.color != strength.marker.color
    labels = _lane_labels(figure)
    assert "In my words" in labels[WORDS].text and "Strengths and little wins" in (
        labels[STRENGTH].text
    )


@pytest.mark.parametrize(
    ("note", "xs"),
    [
        pytest.param(_note("w", WORDS, event_ids=["e1"]), ["2015-01-04"], id="on-an-event"),
        pytest.param(
            _note("w", WORDS, event_ids=["e3", "e2"]), ["2015-02-10"], id="earliest-of-its-events"
        ),
        pytest.param(
            _note("w", WORDS, start=dt.date(2015, 6, 1)), ["2015-06-01"], id="period-no-end-a-point"
        ),
        pytest.param(
            _note("w", WORDS, start=dt.date(2015, 6, 1), end=dt.date(2015, 7, 31)),
            ["2015-06-01", "2015-07-31"],
            id="period-marks-at-both-ends",
        ),
    ],
)
def test_where_a_note_sits(note, xs) -> None:
    figure = build_swimlane_figure(_with(CASE, note), (), PLAIN)
    assert list(_points(figure, WORDS).x) == xs
    bars = [t for t in _voices(figure) if t.meta["marks"] == "periods"]
    if len(xs) == 2:
        assert list(bars[0].base) == [xs[0]] and bars[0].x[0] == 60 * 86_400_000  # mark to mark
    else:
        assert not bars


def test_period_outside_the_events_widens_the_axis() -> None:
    note = _note("s", STRENGTH, start=dt.date(2016, 1, 1), end=dt.date(2016, 6, 30))
    figure = build_swimlane_figure(_with(CASE, note), (), PLAIN)
    assert figure.layout.xaxis.range[1] > "2016-06-30"


def test_note_on_events_no_longer_in_the_journey_is_not_drawn() -> None:
    journey = _with(
        CASE, _note("w", WORDS, event_ids=["e3"]), _note("s", STRENGTH, event_ids=["e1"])
    )
    filtered = journey.model_copy(
        update={"events": tuple(e for e in journey.events if e.id != "e3")}
    )
    figure = build_swimlane_figure(filtered, (), PLAIN)
    assert list(_lane_y(figure)) == [STRENGTH]


@pytest.mark.parametrize(
    ("paraphrased", "attribution"),
    [
        pytest.param(False, f"— {LIVED}", id="own-words"),
        pytest.param(True, f"— {LIVED} (paraphrased)", id="paraphrased"),
    ],
)
def test_hover_gives_text_then_role_then_date(paraphrased, attribution) -> None:
    text = "Line one of what I said.\nLine two."
    note = _note("w", WORDS, text, start=dt.date(2015, 6, 1), paraphrased=paraphrased)
    trace = _points(build_swimlane_figure(_with(CASE, note), (), PLAIN), WORDS)
    heading, body, role, when = trace.customdata[0]
    assert heading == "In my words"
    assert body == "Line one of what I said.<br>Line two."
    assert role == attribution and when == "1 Jun 2015"
    template = trace.hovertemplate
    assert template.index("customdata[1]") < template.index("customdata[2]")
    assert template.index("customdata[2]") < template.index("customdata[3]")
    assert "Line one" not in template


def test_event_anchored_hover_names_the_event() -> None:
    note = _note("s", STRENGTH, "Went to the appointment.", event_ids=["e3"])
    trace = _points(build_swimlane_figure(_with(CASE, note), (), PLAIN), STRENGTH)
    assert trace.customdata[0][3] == "1 May 2015 · at: arrest 3"


SCRIPT = "<script>alert('x')</script> <b>bold</b> & more words than fit in an excerpt"


@pytest.mark.parametrize(
    "kind", [pytest.param(WORDS, id=WORDS), pytest.param(STRENGTH, id=STRENGTH)]
)
def test_user_text_stays_escaped(kind) -> None:
    note = _note("w", kind, SCRIPT, event_ids=["e1"], author_role="<i>role</i>")
    figure = build_swimlane_figure(_with(CASE, note), (), SwimlaneOptions())
    shown = [a.text for a in figure.layout.annotations] + list(figure.layout.yaxis.ticktext)
    shown += [t.name for t in figure.data] + [str(t.text) for t in figure.data]
    assert not [s for s in shown if "<script" in s or "<b>bold" in s]
    row = _points(figure, kind).customdata[0]
    assert "&lt;script&gt;" in row[1] and "<script" not in row[1]
    assert row[2] == "— &lt;i&gt;role&lt;/i&gt;"


def test_in_my_words_gets_a_short_escaped_excerpt_strengths_none() -> None:
    figure = build_swimlane_figure(
        _with(CASE, _note("w", WORDS, SCRIPT, event_ids=["e1"]), _note("s", STRENGTH, SCRIPT)),
        (),
        PLAIN,
    )
    excerpts = [a for a in figure.layout.annotations if (a.name or "").startswith("voice-excerpt")]
    assert [a.name for a in excerpts] == ["voice-excerpt-w"]
    assert excerpts[0].text == excerpt(SCRIPT) and excerpts[0].text.endswith("…”")
    assert excerpts[0].text.startswith("“&lt;script&gt;")


def test_crowded_excerpts_are_left_out() -> None:
    notes = [
        _note(f"w{i}", WORDS, "A long thing I said", start=dt.date(2015, 1, 4 + i))
        for i in range(3)
    ]
    figure = build_swimlane_figure(_with(CASE, *notes), (), PLAIN)
    excerpts = [a.name for a in figure.layout.annotations if (a.name or "").startswith("voice-ex")]
    assert excerpts == ["voice-excerpt-w2"]  # only the last has room after it


BOTH = (
    _note("w", WORDS, event_ids=["e2"]),
    _note("s", STRENGTH, start=dt.date(2015, 4, 1), end=dt.date(2015, 4, 30)),
)
LUCY = demo_journeys()[1]
LUCY_SECOND = LUCY.events[1].id


@pytest.mark.parametrize(
    "options",
    [
        pytest.param(SwimlaneOptions(), id="defaults"),
        pytest.param(PLAIN, id="no-strip-no-slider"),
        pytest.param(SwimlaneOptions(collapsed=frozenset({"Housing", "Justice"})), id="collapsed"),
        pytest.param(SwimlaneOptions(lane_pitch_px=15, show_title=False), id="presenter-pitch"),
        pytest.param(SwimlaneOptions(align_on=LUCY_SECOND), id="aligned"),
    ],
)
def test_every_option_makes_room_for_the_lanes(options) -> None:
    strength = _note("s", STRENGTH, start=dt.date(2017, 4, 1), end=dt.date(2017, 4, 30))
    journey = _with(LUCY, _note("w", WORDS, event_ids=[LUCY_SECOND]), strength)
    with_voices = build_swimlane_figure(journey, (), options)
    without = build_swimlane_figure(LUCY, (), options)
    assert set(_lane_y(with_voices)) == {WORDS, STRENGTH}
    extra = with_voices.layout.height - without.layout.height
    assert extra >= 2 * options.lane_pitch_px
    top = with_voices.layout.yaxis.range[1]
    assert top < min(_lane_y(with_voices).values()) - 0.5


def test_aligned_axis_counts_days_like_events() -> None:
    figure = build_swimlane_figure(_with(CASE, *BOTH), (), SwimlaneOptions(align_on="e2"))
    assert list(_points(figure, WORDS).x) == [0]  # e2 itself
    strength = _points(figure, STRENGTH)
    assert list(strength.x) == [50, 79]  # 1 Apr and 30 Apr 2015, days after 10 Feb
    bar = next(t for t in _voices(figure) if t.meta["marks"] == "periods")
    assert list(bar.base) == [50] and list(bar.x) == [29]


def test_high_contrast_keeps_the_lanes_distinct_and_legible() -> None:
    dark = go.Figure(apply_high_contrast(build_figure_dict(_with(CASE, *BOTH), (), PLAIN)))
    words, strength = _points(dark, WORDS), _points(dark, STRENGTH)
    assert words.marker.color != strength.marker.color
    for trace, kind in ((words, WORDS), (strength, STRENGTH)):
        assert contrast_ratio(trace.marker.color, "#000000") >= 7
        assert trace.marker.symbol == VOICE_STYLES[kind].symbol
    labels = _lane_labels(dark)
    assert set(labels) == {WORDS, STRENGTH}
    assert all(label.font.color == "#ffffff" for label in labels.values())
    for band in (s for s in dark.layout.shapes if (s.name or "").startswith("voice-band")):
        assert contrast_ratio(band.line.color, "#000000") >= 7 and band.line.width >= 2


def test_presenter_reveals_notes_only_once_reached(sqlite_services: Services) -> None:
    journey = _with(
        CASE,
        _note("on-e3", STRENGTH, event_ids=["e3"]),
        _note("spring", WORDS, start=dt.date(2015, 3, 1), end=dt.date(2015, 4, 30)),
        _note("later", WORDS, start=dt.date(2016, 1, 1)),
    )
    sqlite_services.save_journeys([journey])

    def revealed(step: int) -> set[str]:
        figure = go.Figure(build_step(sqlite_services, journey.key, step, False).figure)
        return {i for t in _voices(figure) for i in t.meta["note_ids"]}

    assert revealed(0) == set()
    assert revealed(1) == set()  # the spring is not over yet
    assert revealed(2) == {"on-e3", "spring"}
    assert revealed(3) == {"on-e3", "spring", "later"}  # the last step shows the rest
