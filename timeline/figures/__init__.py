"""Pure figure builders: journey in, plotly Figure out. Never imports dash or sqlalchemy."""

from timeline.figures.swimlane import build_swimlane_figure, layout_lanes, short_label

__all__ = ["build_swimlane_figure", "layout_lanes", "short_label"]
