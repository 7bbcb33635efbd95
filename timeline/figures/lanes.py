"""Where each lane sits: sectors in order, agencies within, collapsed sectors as one lane."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from html import escape

from schemas import Journey, ProviderType
from timeline.figures.palette import PROVIDER_SYMBOLS, sector_colours, sector_order_key

GROUP_GAP = 0.45  # extra space between sector groups, in lanes
LABEL_CHARS = 30


@dataclass(frozen=True)
class Lane:
    """One row of the chart: an agency's lane, or a whole collapsed sector."""

    agencies: tuple[str, ...]
    sector: str
    provider_type: ProviderType | None
    y: float
    label: str


@dataclass(frozen=True)
class SectorGroup:
    """A sector heading and the span of lanes under it."""

    sector: str
    colour: str
    top: float
    bottom: float
    collapsed: bool = False


@dataclass(frozen=True)
class LaneLayout:
    """Every lane, every sector group, and the lane each agency's events go on."""

    lanes: list[Lane]
    groups: list[SectorGroup]
    lane_of: dict[str, Lane] = field(default_factory=dict)

    @property
    def bottom(self) -> float:
        """The y of the lowest lane (lanes run downwards from 0)."""
        return self.lanes[-1].y if self.lanes else 0.0


def short_label(name: str, limit: int = LABEL_CHARS) -> str:
    """A lane label that fits: drop a bracketed list of teams, then cut with an ellipsis."""
    text = name.split(" (", 1)[0].strip() if " (" in name else name
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sector_order(journey: Journey) -> list[str]:
    """The journey's sectors: recommended ones in their order, then others as first seen."""
    first_seen: dict[str, int] = {}
    for agency in journey.agencies:
        first_seen.setdefault(agency.sector, len(first_seen))
    return sorted(first_seen, key=lambda s: sector_order_key(s, first_seen))


def layout_lanes(journey: Journey, collapsed: Collection[str] = ()) -> LaneLayout:
    """Lanes top to bottom; a sector named in `collapsed` becomes a single lane."""
    sectors = sector_order(journey)
    colours = sector_colours(sectors)
    lanes: list[Lane] = []
    groups: list[SectorGroup] = []
    lane_of: dict[str, Lane] = {}
    y = 0.0
    for sector in sectors:
        top = y
        agencies = [a for a in journey.agencies if a.sector == sector]
        if sector in collapsed:
            names = tuple(a.name for a in agencies)
            count = f"{len(names)} agenc{'y' if len(names) == 1 else 'ies'}"
            lane = Lane(names, sector, None, y, f"<i>{escape(sector)}: {count}</i> ▸")
            lanes.append(lane)
            lane_of.update(dict.fromkeys(names, lane))
            y += 1
        else:
            for agency in agencies:
                glyph = PROVIDER_SYMBOLS[agency.provider_type][1]
                label = f"{escape(short_label(agency.name))} {glyph}"
                lane = Lane((agency.name,), sector, agency.provider_type, y, label)
                lanes.append(lane)
                lane_of[agency.name] = lane
                y += 1
        groups.append(SectorGroup(sector, colours[sector], top - 0.5, y - 0.5, sector in collapsed))
        y += GROUP_GAP
    return LaneLayout(lanes, groups, lane_of)
