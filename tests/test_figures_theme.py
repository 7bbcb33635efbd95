"""The high-contrast theme, tested as an object: black ground, 7:1 text, thicker lines, a copy."""

from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import pytest

from timeline.cycles import find_cycles
from timeline.demo import demo_journeys
from timeline.figures import SwimlaneOptions, build_swimlane_figure
from timeline.figures.theme import (
    BACKGROUND,
    EMPHASIS,
    apply_high_contrast,
    contrast_ratio,
    high_contrast_colour,
)

COVENTRY, LUCY, AHMED = demo_journeys()
PRESENTER = SwimlaneOptions(
    show_title=False, range_slider=False, lane_pitch_px=17, status_strip=False
)
INLINE = re.compile(r"color:\s*(#[0-9a-fA-F]{6})")


def _figure(journey, options=SwimlaneOptions()):  # noqa: B008
    return build_swimlane_figure(journey, find_cycles(journey), options)


def _themed(figure: dict) -> go.Figure:
    """The themed copy of a figure dict, validated by plotly and readable as a Figure."""
    return go.Figure(apply_high_contrast(figure))


FIGURES = [
    pytest.param(lambda: _figure(COVENTRY, PRESENTER), id="coventry-presenter"),
    pytest.param(lambda: _figure(LUCY), id="lucy-journey-page"),
    pytest.param(lambda: _figure(AHMED), id="ahmed-journey-page"),
    pytest.param(
        lambda: _figure(LUCY, SwimlaneOptions(align_on=LUCY.events[3].id)), id="lucy-aligned"
    ),
    pytest.param(
        lambda: build_swimlane_figure(LUCY.model_copy(update={"events": ()}), (), PRESENTER),
        id="no-events",
    ),
]


def _colours(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in (value or ()) if isinstance(v, str)]


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        pytest.param("#000000", "#ffffff", 21.0, id="black-on-white"),
        pytest.param("#767676", "#ffffff", 4.54, id="wcag-grey"),
        pytest.param("#ffff00", "#000", 19.56, id="yellow-short-hex"),
        pytest.param("rgb(26, 26, 26)", "white", 17.4, id="rgb-and-named"),
    ],
)
def test_contrast_ratio(first: str, second: str, ratio: float) -> None:
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize(
    "colour",
    ["#332288", "#222255", "#882255", "#004488", "#D55E00", "#88CCEE", "#DDCC77", "#CC3311"],
)
def test_high_contrast_colour_reaches_7_to_1_on_black_and_keeps_its_hue(colour: str) -> None:
    lifted = high_contrast_colour(colour)
    assert contrast_ratio(lifted, BACKGROUND) >= 7
    if contrast_ratio(colour, BACKGROUND) >= 7:
        assert lifted.lower() == colour.lower()  # already strong enough: left alone
    r, g, b = (int(lifted[i : i + 2], 16) for i in (1, 3, 5))
    r0, g0, b0 = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    assert (max(r, g, b) == r) == (max(r0, g0, b0) == r0)  # the dominant channel stays


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        pytest.param("#1a1a1a", "#ffffff", id="ink-becomes-white"),
        pytest.param("#4D4D4D", "#ffffff", id="grey-becomes-white"),
        pytest.param("rgba(26, 26, 26, 0.5)", "rgba(255, 255, 255, 0.5)", id="alpha-kept"),
        pytest.param("transparent", "transparent", id="unknown-left-alone"),
    ],
)
def test_high_contrast_colour_special_cases(colour: str, expected: str) -> None:
    assert high_contrast_colour(colour) == expected


@pytest.mark.parametrize("make", FIGURES)
def test_the_theme_returns_a_themed_copy(make) -> None:
    spec = make()
    before = json.dumps(spec)
    themed = apply_high_contrast(spec)
    assert json.dumps(spec) == before
    assert themed is not spec
    figure, themed = go.Figure(spec), go.Figure(themed)
    assert themed.layout.paper_bgcolor == BACKGROUND
    assert themed.layout.plot_bgcolor == BACKGROUND
    assert themed.layout.meta["theme"] == "high-contrast"
    assert len(themed.data) == len(figure.data)
    assert len(themed.layout.shapes) == len(figure.layout.shapes)
    assert [a.text for a in themed.layout.annotations] != [] or not figure.layout.annotations


@pytest.mark.parametrize("make", FIGURES)
def test_all_text_reaches_7_to_1_on_black(make) -> None:
    themed = _themed(make())
    layout = themed.layout
    text_colours = [layout.font.color, layout.hoverlabel.font.color]
    text_colours += [a.font.color for a in layout.annotations]
    text_colours += [c for a in layout.annotations for c in INLINE.findall(a.text or "")]
    for axis in (layout.xaxis, layout.yaxis):
        text_colours.append(axis.tickfont.color)
    assert all(text_colours)
    weak = [c for c in text_colours if contrast_ratio(c, BACKGROUND) < 7]
    assert not weak
    assert layout.hoverlabel.bgcolor == BACKGROUND


@pytest.mark.parametrize("make", FIGURES)
def test_every_mark_reaches_7_to_1_on_black(make) -> None:
    themed = _themed(make())
    colours = []
    for trace in themed.data:
        colours += _colours(trace.marker.color)
        if trace.type == "scatter":
            colours += _colours(trace.line.color)
    weak = [c for c in colours if contrast_ratio(c, BACKGROUND) < 7]
    assert not weak


def test_cycles_are_yellow_and_lines_are_thicker() -> None:
    spec = _figure(LUCY, PRESENTER)
    figure, themed = go.Figure(spec), _themed(spec)
    pairs = [
        (old, new)
        for old, new in zip(figure.data, themed.data, strict=True)
        if (old.meta or {}).get("marks") == "rings"
    ]
    assert pairs
    for old, new in pairs:
        assert new.line.color == EMPHASIS
        assert new.marker.line.color == EMPHASIS
        assert new.line.width > old.line.width
        assert new.marker.line.width > old.marker.line.width
    labels = [a for a in themed.layout.annotations if a.name.startswith("cycle-label")]
    assert labels and all(a.font.color == EMPHASIS and a.bgcolor == BACKGROUND for a in labels)
    (bands,) = [t for t in themed.data if t.meta["role"] == "cycle-bands"]
    assert bands.marker.color == EMPHASIS and max(bands.marker.opacity) <= 0.3


def test_point_outlines_and_whiskers_turn_white_and_thicker() -> None:
    spec = _figure(LUCY)
    figure, themed = go.Figure(spec), _themed(spec)
    points = [
        (old, new)
        for old, new in zip(figure.data, themed.data, strict=True)
        if (old.meta or {}).get("role") == "points"
    ]
    assert points
    for old, new in points:
        assert new.marker.line.color == "#ffffff"
        assert new.marker.line.width > old.marker.line.width
        if old.error_x.array is not None:  # only points not dated to the day have whiskers
            assert new.error_x.color == "#ffffff"
            assert new.error_x.thickness > old.error_x.thickness
    assert any(old.error_x.array is not None for old, _new in points)


def test_shapes_symbols_and_hatching_are_kept_so_colour_is_never_the_only_cue() -> None:
    spec = _figure(LUCY)
    figure, themed = go.Figure(spec), _themed(spec)
    for old, new in zip(figure.data, themed.data, strict=True):
        if old.type == "scatter":
            assert old.marker.symbol == new.marker.symbol
        elif old.marker.pattern.shape is not None:
            assert old.marker.pattern.shape == new.marker.pattern.shape
            ink = EMPHASIS if old.meta["role"] == "cycle-bands" else BACKGROUND
            assert new.marker.pattern.fgcolor == ink  # black hatching on bright bars

    def words(fig) -> list[str]:  # the annotations' text, with inline colours left out
        return [INLINE.sub("", a.text) for a in fig.layout.annotations]

    assert words(themed) == words(figure)


def test_sector_bands_stay_dark() -> None:
    themed = _themed(_figure(COVENTRY, PRESENTER))
    bands = [s for s in themed.layout.shapes if s.layer == "below" and not s.name]
    assert bands
    assert all(contrast_ratio(s.fillcolor, BACKGROUND) < 1.5 for s in bands)
