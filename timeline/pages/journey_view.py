"""Plain functions behind the journey page's callbacks (no dash: tests call them directly)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import plotly.graph_objects as go

from schemas import Cycle, Journey
from timeline.describe import describe_journey, display_date
from timeline.exporters import EXPORTERS, MEDIA_TYPES, ExportRequest
from timeline.figures import SwimlaneOptions, build_swimlane_figure
from timeline.service import Services

SCREEN_LANE_PITCH_PX = 16  # the 24-lane Coventry chart fits a 1280x720 projector


@dataclass(frozen=True)
class JourneyView:
    """A journey as one page shows it: cycles found, the figure, the text alternative."""

    journey: Journey
    cycles: list[Cycle]
    figure: go.Figure
    description: str
    options: SwimlaneOptions


def build_journey_view(
    services: Services,
    key: str,
    collapsed: Collection[str] = (),
    align_on: str | None = None,
    *,
    show_title: bool = False,
) -> JourneyView:
    """Load a journey, find its cycles, draw it with the chosen options."""
    journey = services.load_journey(key)
    cycles = services.find_cycles(journey)
    known = {e.id for e in journey.events}
    options = SwimlaneOptions(
        lane_pitch_px=SCREEN_LANE_PITCH_PX,
        collapsed=frozenset(collapsed or ()),
        align_on=align_on if align_on in known else None,
        show_title=show_title,
        approximate_days=services.rule_set.approximate_days,
    )
    figure = build_swimlane_figure(journey, cycles, options)
    return JourneyView(journey, cycles, figure, describe_journey(journey, cycles), options)


def export_journey(
    services: Services,
    key: str,
    fmt: str,
    collapsed: Collection[str] = (),
    align_on: str | None = None,
) -> tuple[bytes, str, str]:
    """A download of the whole journey as drawn on screen: (content, file name, media type)."""
    view = build_journey_view(services, key, collapsed, align_on)
    options = dataclasses.replace(view.options, show_title=True, range_slider=False)
    data = EXPORTERS[fmt](ExportRequest(view.journey, tuple(view.cycles), options))
    return data, f"{key}.{fmt}", MEDIA_TYPES[fmt]


def zoom_range(start: dt.date, end: dt.date, anchor: dt.date | None = None) -> list:
    """The x range that frames a span with a margin, in the axis' units (dates or days)."""
    pad = dt.timedelta(days=max(14, (end - start).days // 6))
    low, high = start - pad, end + pad + dt.timedelta(days=1)
    if anchor is None:
        return [low.isoformat(), high.isoformat()]
    return [(low - anchor).days, (high - anchor).days]


def align_choices(journey: Journey) -> list[dict]:
    """Events to align the timeline on, labelled with date, kind, agency and title."""
    return [
        {
            "label": f"{display_date(e.start, e.date_precision)} · {e.kind.label} · "
            f"{e.agency} · {e.title}",
            "value": e.id,
        }
        for e in sorted(journey.events, key=lambda e: e.start)
    ]
