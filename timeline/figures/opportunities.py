"""Missed-opportunity markers: a facilitator's note that a joined-up response could have started.

Drawn in a style of their own, never colour alone: a black star ringed round the event and a
flagged label with an arrow, so they read on a projector and in greyscale print. The note's text
is shown on hover, escaped, since it is user text.
"""

from __future__ import annotations

from html import escape

from schemas import AnnotationKind, Journey
from timeline.figures.lanes import LaneLayout
from timeline.figures.marks import person_offsets
from timeline.figures.timeaxis import TimeAxis

MISSED_COLOUR = "#1a1a1a"
MISSED_FILL = "#fff3b0"  # pale yellow label: unlike any sector, cycle or status colour
MISSED_LABEL = "⚑ missed opportunity"


def build_missed_opportunity_marks(
    journey: Journey, layout: LaneLayout, axis: TimeAxis
) -> tuple[list[dict], list[dict]]:
    """Labels (annotations) and star marks (one trace) for every missed opportunity shown."""
    by_id = {e.id: e for e in journey.events}
    offsets = person_offsets(journey)
    labels: list[dict] = []
    xs, ys, notes = [], [], []
    notes_of = [a for a in journey.annotations if a.kind is AnnotationKind.MISSED_OPPORTUNITY]
    for note in notes_of:
        for event_id in note.event_ids:
            event = by_id.get(event_id)
            if event is None or event.agency not in layout.lane_of:
                continue  # hidden by a filter, or not yet revealed in presenter mode
            x = axis.x(event.start)
            y = layout.lane_of[event.agency].y + (
                0.0 if len(event.people) > 1 else offsets[event.people[0]]
            )
            xs.append(x)
            ys.append(y)
            notes.append([escape(note.text), escape(event.title)])
            labels.append(
                {
                    "x": x,
                    "y": y,
                    "xref": "x",
                    "yref": "y",
                    "text": MISSED_LABEL,
                    "hovertext": escape(note.text),
                    "showarrow": True,
                    "arrowhead": 2,
                    "arrowwidth": 1.5,
                    "arrowcolor": MISSED_COLOUR,
                    "ax": 0,
                    "ay": -26,
                    "font": {"size": 11, "color": MISSED_COLOUR},
                    "bgcolor": MISSED_FILL,
                    "bordercolor": MISSED_COLOUR,
                    "borderwidth": 1.5,
                    "borderpad": 2,
                    "name": f"missed-opportunity-{note.id}",
                }
            )
    if not xs:
        return labels, []
    trace = {
        "type": "scatter",
        "mode": "markers",
        "name": "missed opportunity",
        "showlegend": False,
        "x": xs,
        "y": ys,
        "marker": {
            "symbol": "star-open",
            "size": 22,
            "color": MISSED_COLOUR,
            "line": {"width": 2, "color": MISSED_COLOUR},
        },
        "customdata": notes,
        "hovertemplate": "<b>Missed opportunity</b><br>%{customdata[0]}"
        "<br><i>%{customdata[1]}</i><extra></extra>",
        "meta": {"role": "missed_opportunity"},
    }
    return labels, [trace]
