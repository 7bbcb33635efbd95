"""The swimlane figure: one lane per agency, lanes grouped by sector, time across."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

from schemas import Event, Journey, ProviderType
from timeline.describe import describe_counts, display_date
from timeline.figures.palette import PROVIDER_SYMBOLS, sector_colours, sector_order_key

LANE_PITCH_PX = 19
GROUP_GAP = 0.45  # extra space between sector groups, in lanes
LABEL_CHARS = 30
MARGIN = {"t": 112, "b": 34, "r": 24}  # the date axis sits on top, under the title
SECTOR_COLUMN_PX = 118
HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]} · %{customdata[3]}"
    "<br>%{customdata[4]}<extra></extra>"
)
_MS_PER_DAY = 86_400_000


@dataclass(frozen=True)
class Lane:
    """Where an agency's lane sits (y, top to bottom) and what its label says."""

    agency: str
    sector: str
    provider_type: ProviderType
    y: float
    label: str


@dataclass(frozen=True)
class SectorGroup:
    """A sector heading and the span of lanes under it."""

    sector: str
    colour: str
    top: float
    bottom: float


def short_label(name: str, limit: int = LABEL_CHARS) -> str:
    """A lane label that fits: drop a bracketed list of teams, then cut with an ellipsis."""
    text = name.split(" (", 1)[0].strip() if " (" in name else name
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def layout_lanes(journey: Journey) -> tuple[list[Lane], list[SectorGroup]]:
    """Lanes in sector order (recommended sectors first), agencies in the journey's own order."""
    first_seen: dict[str, int] = {}
    for agency in journey.agencies:
        first_seen.setdefault(agency.sector, len(first_seen))
    sectors = sorted(first_seen, key=lambda s: sector_order_key(s, first_seen))
    colours = sector_colours(sectors)
    lanes: list[Lane] = []
    groups: list[SectorGroup] = []
    y = 0.0
    for sector in sectors:
        top = y
        for agency in (a for a in journey.agencies if a.sector == sector):
            glyph = PROVIDER_SYMBOLS[agency.provider_type][1]
            label = f"{escape(short_label(agency.name))} {glyph}"
            lanes.append(Lane(agency.name, sector, agency.provider_type, y, label))
            y += 1
        groups.append(SectorGroup(sector, colours[sector], top - 0.5, y - 0.5))
        y += GROUP_GAP
    return lanes, groups


def _hover_row(event: Event, journey: Journey) -> list[str]:
    agency = journey.agency(event.agency)
    when = display_date(event.start, event.date_precision)
    if event.end is not None:
        when += f" to {display_date(event.end, event.date_precision)}"
    return [
        escape(event.title),
        when,
        escape(f"{agency.name} ({agency.sector})"),
        event.kind.label,
        escape("People: " + ", ".join(event.people)),
    ]


def _event_traces(
    journey: Journey, lanes: list[Lane], groups: list[SectorGroup]
) -> list[go.BaseTraceType]:
    lane_of = {lane.agency: lane for lane in lanes}
    traces: list[go.BaseTraceType] = []
    for group in groups:
        events = [e for e in journey.events if lane_of[e.agency].sector == group.sector]
        intervals = [e for e in events if e.end is not None]
        points = [e for e in events if e.end is None]
        if intervals:
            traces.append(
                go.Bar(
                    name=group.sector,
                    legendgroup=group.sector,
                    showlegend=False,
                    orientation="h",
                    base=[e.start.isoformat() for e in intervals],
                    x=[((e.end - e.start).days + 1) * _MS_PER_DAY for e in intervals],  # type: ignore[operator]
                    y=[lane_of[e.agency].y for e in intervals],
                    width=0.56,
                    marker={
                        "color": group.colour,
                        "opacity": 0.55,
                        "line": {"color": group.colour, "width": 1},
                    },
                    customdata=[_hover_row(e, journey) for e in intervals],
                    hovertemplate=HOVER,
                    meta={"role": "intervals", "sector": group.sector},
                )
            )
        if points:
            traces.append(
                go.Scatter(
                    name=group.sector,
                    legendgroup=group.sector,
                    showlegend=False,
                    mode="markers",
                    x=[e.start.isoformat() for e in points],
                    y=[lane_of[e.agency].y for e in points],
                    marker={
                        "color": group.colour,
                        "size": 11,
                        "symbol": [
                            PROVIDER_SYMBOLS[lane_of[e.agency].provider_type][0] for e in points
                        ],
                        "line": {"color": "#1a1a1a", "width": 1},
                    },
                    customdata=[_hover_row(e, journey) for e in points],
                    hovertemplate=HOVER,
                    meta={"role": "points", "sector": group.sector},
                )
            )
    return traces


def _provider_key(journey: Journey) -> dict:
    """An annotation explaining the provider-type shapes (a legend nobody can click away)."""
    used = {a.provider_type for a in journey.agencies}
    parts = [
        f"{glyph} {ptype.value}" for ptype, (_s, glyph) in PROVIDER_SYMBOLS.items() if ptype in used
    ]
    return {
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 1,
        "xanchor": "right",
        "yanchor": "bottom",
        "yshift": 6,
        "xshift": -4,
        "showarrow": False,
        "align": "right",
        "text": "Provider type: " + "   ".join(parts),
        "font": {"size": 12, "color": "#1a1a1a"},
        "name": "provider-key",
    }


def _date_range(journey: Journey) -> tuple[dt.date, dt.date] | None:
    if not journey.events:
        return None
    first = min(e.start for e in journey.events)
    last = max((e.end or e.start) for e in journey.events)
    pad = dt.timedelta(days=max(3, (last - first).days // 40))
    return first - pad, last + pad + dt.timedelta(days=1)


def build_swimlane_figure(journey: Journey, *, show_title: bool = True) -> go.Figure:
    """The journey as a swimlane figure, sized for its lanes; the title is for exported images."""
    lanes, groups = layout_lanes(journey)
    label_px = 7 * max((len(short_label(lane.agency)) + 2 for lane in lanes), default=10)
    left = SECTOR_COLUMN_PX + label_px + 10
    bottom_y = lanes[-1].y if lanes else 0
    margin = {**MARGIN, "l": left} if show_title else {**MARGIN, "l": left, "t": 66}
    height = int(margin["t"] + margin["b"] + LANE_PITCH_PX * (bottom_y + 1.5))
    figure = go.Figure(_event_traces(journey, lanes, groups))
    shapes, annotations = [], [_provider_key(journey)]
    for index, group in enumerate(groups):
        if index % 2 == 0:
            shapes.append(
                {
                    "type": "rect",
                    "xref": "paper",
                    "yref": "y",
                    "x0": 0,
                    "x1": 1,
                    "y0": group.top,
                    "y1": group.bottom,
                    "layer": "below",
                    "fillcolor": "#f1f3f5",
                    "line": {"width": 0},
                }
            )
        annotations.append(
            {
                "xref": "paper",
                "yref": "y",
                "x": 0,
                "y": (group.top + group.bottom) / 2,
                "xanchor": "left",
                "xshift": -left + 6,
                "showarrow": False,
                "align": "left",
                "text": f"<span style='color:{group.colour}'>■</span> "
                f"<b>{escape(group.sector)}</b>",
                "font": {"size": 13, "color": "#1a1a1a"},
            }
        )
    provenance = journey.provenance.value
    if show_title:
        figure.update_layout(
            title={
                "text": escape(journey.title),
                "subtitle": {"text": f"{describe_counts(journey)} · {provenance}"},
                "x": 0,
                "xref": "paper",
                "font": {"size": 18},
                "y": 0.98,
                "yanchor": "top",
                "yref": "container",
            }
        )
    figure.update_layout(
        height=max(height, 300),
        margin=margin,
        plot_bgcolor="white",
        paper_bgcolor="white",
        font={"family": "Arial, Helvetica, sans-serif", "size": 12, "color": "#1a1a1a"},
        barmode="overlay",
        shapes=shapes,
        annotations=annotations,
        hoverlabel={"bgcolor": "white", "font": {"size": 13}},
        showlegend=False,
        meta={"journey": journey.key},
    )
    date_range = _date_range(journey)
    figure.update_xaxes(
        type="date",
        range=[d.isoformat() for d in date_range] if date_range else None,
        showgrid=True,
        gridcolor="#e3e3e3",
        zeroline=False,
        showline=True,
        linecolor="#888888",
        ticks="outside",
        tickformat="%b\n%Y",
        side="top",
    )
    figure.update_yaxes(
        tickmode="array",
        tickvals=[lane.y for lane in lanes],
        ticktext=[lane.label for lane in lanes],
        range=[bottom_y + 0.7, -0.7],
        showgrid=True,
        gridcolor="#d0d4d9",
        griddash="dot",
        zeroline=False,
        fixedrange=True,
    )
    return figure
