"""Co-review voices: "in my words" and "strengths and little wins", in two lanes above the rest.

Each kind has a lane of its own only when the journey has such a note: a tinted band, a label in
the left margin with the mark's shape, its own colour and marker symbol (purple hexagons for the
person's own account, green triangles for strengths: the two ends of a colour-blind-safe scale),
so neither reads as an agency. A period note is a bar between two marks, a note on events a mark
at the start of its earliest event. Notes are user text: hover goes through customdata, and the
short excerpts beside "in my words" marks are escaped and cut.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from schemas import Annotation, AnnotationKind, Journey
from timeline.describe import display_date, display_span
from timeline.figures.overlays import LABEL_PX_PER_CHAR, PLOT_WIDTH_PX
from timeline.figures.timeaxis import TimeAxis

LANE_GAP = 1.1  # from the row below (status strip or first lane) to the first voice lane
LANE_STEP = 1.0
BAR_WIDTH = 0.34
EXCERPT_CHARS = 28
HOVER_WRAP = 60
HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br><i>%{customdata[2]}</i>"
    "<br>%{customdata[3]}<extra></extra>"
)


@dataclass(frozen=True)
class VoiceStyle:
    """How one kind of voice note looks: lane name, colours, marker and its text glyph."""

    name: str
    colour: str
    tint: str
    symbol: str
    glyph: str


VOICE_STYLES: dict[AnnotationKind, VoiceStyle] = {  # top lane first
    AnnotationKind.IN_MY_WORDS: VoiceStyle("In my words", "#762A83", "#f3eaf5", "hexagon", "⬢"),
    AnnotationKind.STRENGTH: VoiceStyle(
        "Strengths and little wins", "#1B7837", "#e6f3e8", "triangle-up", "▲"
    ),
}


@dataclass(frozen=True)
class PlacedVoice:
    """A voice note with the dates it is drawn at and its date in words."""

    note: Annotation
    start: dt.date
    end: dt.date | None
    when: str


@dataclass(frozen=True)
class VoiceLane:
    """One voice lane: its kind, where it sits (y) and the notes drawn in it, by date."""

    kind: AnnotationKind
    y: float
    notes: tuple[PlacedVoice, ...]

    @property
    def style(self) -> VoiceStyle:
        return VOICE_STYLES[self.kind]


def place_voice(note: Annotation, journey: Journey) -> PlacedVoice | None:
    """Where a note is drawn: its period, or its earliest event still in the journey (else None)."""
    if note.start is not None:
        return PlacedVoice(note, note.start, note.end, display_span(note.start, note.end))
    events = [e for e in journey.events if e.id in set(note.event_ids)]
    if not events:
        return None  # its events are filtered out, or not yet revealed
    first = min(events, key=lambda e: (e.start, e.id))
    when = f"{display_date(first.start, first.date_precision)} · at: {escape(first.title)}"
    return PlacedVoice(note, first.start, None, when)


def voice_lanes(journey: Journey, below: float) -> list[VoiceLane]:
    """A lane above y=`below` for each kind of note that can be drawn, "In my words" on top."""
    placed: dict[AnnotationKind, list[PlacedVoice]] = {kind: [] for kind in VOICE_STYLES}
    for note in journey.annotations:
        if note.kind in placed and (voice := place_voice(note, journey)) is not None:
            placed[note.kind].append(voice)
    kinds = [kind for kind in VOICE_STYLES if placed[kind]]
    return [
        VoiceLane(
            kind,
            below - LANE_GAP - (len(kinds) - 1 - i) * LANE_STEP,
            tuple(sorted(placed[kind], key=lambda v: (v.start, v.note.id))),
        )
        for i, kind in enumerate(kinds)
    ]


def voice_dates(lanes: Sequence[VoiceLane]) -> list[dt.date]:
    """Every date a voice note is drawn at, so the x range can include them."""
    return [d for lane in lanes for v in lane.notes for d in (v.start, v.end) if d is not None]


def voice_label_px(lanes: Sequence[VoiceLane]) -> int:
    """Left-margin width the voice lane labels need (0 when there are none)."""
    return max((int(len(lane.style.name) * 8.2) + 34 for lane in lanes), default=0)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A short, escaped, quoted excerpt of a note, for a visible label."""
    flat = " ".join(text.split())
    cut = flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
    return f"“{escape(cut)}”"


def _hover_row(voice: PlacedVoice) -> list[str]:
    note = voice.note
    lines = [
        "<br>".join(escape(part) for part in textwrap.wrap(paragraph, HOVER_WRAP) or [""])
        for paragraph in note.text.splitlines()
    ]
    attribution = f"— {note.author_role}" + (" (paraphrased)" if note.paraphrased else "")
    return [VOICE_STYLES[note.kind].name, "<br>".join(lines), escape(attribution), voice.when]


def _excerpts(lane: VoiceLane, span_days: int) -> list[str]:
    """An excerpt after each note's last mark, left out where it would run into the next note."""
    if lane.kind is not AnnotationKind.IN_MY_WORDS:
        return ["" for _ in lane.notes]
    days_per_px = max(span_days, 1) / PLOT_WIDTH_PX
    texts, free_from = [], None
    for index, voice in enumerate(lane.notes):
        text = excerpt(voice.note.text)
        begin = (voice.end or voice.start).toordinal()
        chars = min(len(" ".join(voice.note.text.split())), EXCERPT_CHARS) + 4
        finish = begin + chars * LABEL_PX_PER_CHAR * days_per_px
        after = [v.start.toordinal() for v in lane.notes[index + 1 :]]
        fits = all(s > finish or s < begin for s in after) and (
            free_from is None or begin > free_from
        )
        texts.append(text if fits else "")
        free_from = finish if fits else free_from
    return texts


def _lane_traces(lane: VoiceLane, axis: TimeAxis) -> list[dict]:
    style = lane.style
    meta = {"role": "voice", "kind": lane.kind.value}
    traces: list[dict] = []
    periods = [v for v in lane.notes if v.end is not None]
    if periods:
        traces.append(
            dict(
                type="bar",
                name=style.name,
                showlegend=False,
                orientation="h",
                base=[axis.x(v.start) for v in periods],
                x=[axis.length((v.end - v.start).days) for v in periods],
                y=[lane.y] * len(periods),
                width=BAR_WIDTH,
                marker={"color": style.colour, "opacity": 0.45, "line": {"width": 0}},
                customdata=[_hover_row(v) for v in periods],
                hovertemplate=HOVER,
                meta=meta | {"marks": "periods", "note_ids": [v.note.id for v in periods]},
            )
        )
    xs, customdata, ids = [], [], []
    for voice in lane.notes:
        for day in [voice.start] if voice.end is None else [voice.start, voice.end]:
            xs.append(axis.x(day))
            customdata.append(_hover_row(voice))
            ids.append(voice.note.id)
    trace = dict(
        type="scatter",
        name=style.name,
        showlegend=False,
        mode="markers",
        x=xs,
        y=[lane.y] * len(xs),
        marker={
            "symbol": style.symbol,
            "size": 15,
            "color": style.colour,
            "line": {"color": "#ffffff", "width": 1.5},
        },
        customdata=customdata,
        hovertemplate=HOVER,
        meta=meta | {"marks": "points", "note_ids": ids},
    )
    return [*traces, trace]


def _excerpt_labels(lane: VoiceLane, axis: TimeAxis, span_days: int) -> list[dict]:
    """Excerpts as annotations, not trace text, so the range slider's miniature stays clean."""
    return [
        {
            "xref": "x",
            "yref": "y",
            "x": axis.x(voice.end or voice.start),
            "y": lane.y,
            "xanchor": "left",
            "xshift": 10,
            "showarrow": False,
            "text": text,
            "font": {"size": 12, "color": lane.style.colour},
            "name": f"voice-excerpt-{voice.note.id}",
        }
        for voice, text in zip(lane.notes, _excerpts(lane, span_days), strict=True)
        if text
    ]


def build_voice_marks(
    lanes: Sequence[VoiceLane], axis: TimeAxis, left: int, span_days: int
) -> tuple[list[dict], list[dict], list[dict]]:
    """Lane bands (shapes), lane labels and excerpts (annotations) and marks (traces)."""
    shapes, labels, traces = [], [], []
    for lane in lanes:
        style = lane.style
        shapes.append(
            {
                "type": "rect",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": lane.y - 0.46,
                "y1": lane.y + 0.46,
                "layer": "below",
                "fillcolor": style.tint,
                "line": {"width": 1, "color": style.colour},  # the theme keeps and thickens it
                "name": f"voice-band-{lane.kind.value}",
            }
        )
        labels.append(
            {
                "xref": "paper",
                "yref": "y",
                "x": 0,
                "y": lane.y,
                "xanchor": "left",
                "xshift": -left + 6,
                "showarrow": False,
                "align": "left",
                "text": f"<span style='color:{style.colour}'>{style.glyph}</span> "
                f"<b>{style.name}</b>",
                "font": {"size": 13, "color": "#1a1a1a"},
                "name": f"voice-lane-{lane.kind.value}",
            }
        )
        labels += _excerpt_labels(lane, axis, span_days)
        traces += _lane_traces(lane, axis)
    return shapes, labels, traces
