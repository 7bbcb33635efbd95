"""Pure figure builders: journey in, plotly Figure out. Never imports dash or sqlalchemy."""

from timeline.figures.lanes import LaneLayout, layout_lanes, short_label
from timeline.figures.swimlane import SwimlaneOptions, build_swimlane_figure

__all__ = ["LaneLayout", "SwimlaneOptions", "build_swimlane_figure", "layout_lanes", "short_label"]
