"""The x axis: calendar dates, or days since a chosen event ("show time since release")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from schemas import Event
from timeline.describe import display_date

MS_PER_DAY = 86_400_000
# ticks less than 28 days apart (a chart zoomed to weeks) name the day, not the month again
DAY_TICKS = [{"dtickrange": [None, 28 * MS_PER_DAY], "value": "%-d %b\n%Y"}]


@dataclass(frozen=True)
class TimeAxis:
    """Turns dates into x values; with an anchor, x is days since the anchor event's start."""

    anchor: Event | None = None

    @property
    def aligned(self) -> bool:
        return self.anchor is not None

    def x(self, day: dt.date) -> str | int:
        """The x value of a day: an ISO date, or days since the anchor."""
        if self.anchor is None:
            return day.isoformat()
        return (day - self.anchor.start).days

    def length(self, days: int) -> int:
        """A length of `days` in x units (milliseconds on a date axis)."""
        return days * MS_PER_DAY if self.anchor is None else days

    def padded_range(self, first: dt.date, last: dt.date) -> list:
        """The x range from `first` to `last` (inclusive) with a small margin each side."""
        pad = dt.timedelta(days=max(3, (last - first).days // 40))
        return [self.x(first - pad), self.x(last + pad + dt.timedelta(days=1))]

    def layout(self, first: dt.date | None, last: dt.date | None, slider: bool) -> dict:
        """The xaxis layout: range padded around the data, ticks on top, optional range slider."""
        axis: dict = {
            "showgrid": True,
            "gridcolor": "#e3e3e3",
            "zeroline": False,
            "showline": True,
            "linecolor": "#888888",
            "ticks": "outside",
            "side": "top",
            "automargin": True,
        }
        if first is not None and last is not None:
            axis["range"] = self.padded_range(first, last)
        if slider:
            axis["rangeslider"] = {"visible": True, "thickness": 0.045, "bgcolor": "#f7f7f7"}
        if self.anchor is None:
            return axis | {"type": "date", "tickformat": "%b\n%Y", "tickformatstops": DAY_TICKS}
        when = display_date(self.anchor.start, self.anchor.date_precision)
        title = f"Days since {escape(self.anchor.title)} ({when})"
        return axis | {
            "type": "linear",
            "title": {"text": title, "standoff": 4},
            "zeroline": True,
            "zerolinecolor": "#1a1a1a",
            "zerolinewidth": 2,
        }
