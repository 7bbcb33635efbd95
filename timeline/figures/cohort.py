"""Commissioner explorer charts: count tables in, plain figure dicts out, small numbers
suppressed.

Every count goes through timeline.cohorts.suppress before it reaches a trace: a suppressed bar
is drawn at a placeholder height with a hatched fill, its label and hover say "<5", and the exact
count appears nowhere in the figure. Each mark carries customdata [key, shown count, ...] so a
click can ask for the people behind it (the graph's id says which chart and side it is).

Given a `rate` column (timeline.cohorts.rates: people per 100 people in the group, contacts per
person-year), a builder draws the rate instead, its unit on the axis, and the hover says both
("12.3 per 100 people (648 people)"); a rate of a suppressed count is withheld. The explorer
draws rates whenever it compares two groups, whose sizes differ.

Figures are plain dicts ({"data": [...], "layout": {...}}), never go.Figure: plotly's
per-property validation costs more than all the explorer's sums at city scale.
tests/test_figures_cohort.py validates every builder's output once with go.Figure(figure), so a
bad property still fails a test.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

import numpy as np
import pandas as pd

from timeline.cohorts.rates import PER_PEOPLE, rate_column, rate_text, rate_values
from timeline.cohorts.suppress import bar_values, format_count, is_suppressed
from timeline.figures.palette import sector_colours

SERIES_COLOURS = ("#332288", "#DDCC77")  # indigo / sand: tell apart in grey and for colour-blind
SERIES_PATTERNS = ("", "x")  # the second series also differs in texture, not colour alone
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 14, "color": "#1a1a1a"}
_AXIS = {  # as plotly.py's default template draws axes: no ticks, room for long labels
    "automargin": True,
    "ticks": "",
    "linecolor": "white",
    "zerolinecolor": "white",
    "zerolinewidth": 2,
    "title": {"standoff": 15},
}
# What the explorer's charts took from plotly.py's default template when they were go.Figure
# objects, and a plain dict does not get: a few hundred bytes, not its 6.5 kB. "strict": bins
# such as "0", "1", "6-7" are categories, not numbers (or "6-7" would have no place).
TEMPLATE = {
    "layout": {
        "autotypenumbers": "strict",
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
    }
}


def plain(text: str) -> str:
    """User text (cohort and series names) as plotly shows it literally: no tags, no %{...}."""
    return escape(text).replace("{", "&#123;")


Series = Sequence[tuple[str, pd.DataFrame]]  # (name shown in the legend, count table)
FigureDict = dict[str, Any]  # {"data": [trace dicts], "layout": {...}}: what dcc.Graph takes


def figure_of(traces: list[dict], layout: dict) -> FigureDict:
    """A figure as a plain dict, not validated on every call (the tests validate them)."""
    return {"data": traces, "layout": layout}


def chart_layout(title: str, height: int, margin: dict) -> dict:
    """What every explorer chart's layout shares: its title (as text), font, size and white
    background."""
    return {
        "title": {"text": plain(title), "x": 0, "xanchor": "left", "font": {"size": 17}},
        "font": FONT,
        "height": height,
        "margin": margin,
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "template": TEMPLATE,
    }


def _layout(title: str, x_title: str, y_title: str, height: int = 340, **extra: object) -> dict:
    return {
        **chart_layout(title, height, {"l": 60, "r": 20, "t": 60, "b": 60}),
        "barmode": "group",
        "legend": {"orientation": "h", "y": -0.25},
        "clickmode": "event",
        "xaxis": {"title": {"text": x_title}, "gridcolor": "#e5e5e5"},
        "yaxis": {"title": {"text": y_title}, "gridcolor": "#e5e5e5", "rangemode": "tozero"},
        **extra,
    }


def empty_figure(layout: dict, message: str) -> FigureDict:
    """A chart with nothing to draw: its message in the middle, no axes."""
    layout["annotations"] = [
        {
            "text": plain(message),
            "showarrow": False,
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.5,
            "font": FONT,
        }
    ]
    layout["xaxis"] = {"visible": False}
    layout["yaxis"] = {"visible": False}
    return figure_of([], layout)


def _marks(
    table: pd.DataFrame, count: str, rate: str | None, threshold: int, rate_unit: str
) -> tuple[list[float], list[str], list[bool], list[str], list[str]]:
    """(heights, text labels, hatched, shown counts, rate hovers) of one trace: the counts,
    or with a `rate` column the rates (withheld where their count or group is suppressed)."""
    counts = table[count].to_numpy()
    values = bar_values(counts, threshold)
    if rate is None:
        return values.heights, values.labels, values.suppressed, values.labels, [""] * len(table)
    rates = rate_values(counts, table[rate].to_numpy(), threshold, rate_unit)
    return rates.heights, rates.labels, rates.withheld, values.labels, rates.hovers


def build_count_bar_figure(
    series: Series,
    *,
    category: str,
    count: str,
    title: str,
    x_title: str,
    unit: str,
    threshold: int,
    extra: str | None = None,
    key: str | None = None,
    rate: str | None = None,
    rate_title: str = "People per 100 in the group",
    rate_unit: str = "per 100 people",
) -> FigureDict:
    """Grouped bars of `count` per `category`, one trace per series (suppressed, clickable).

    `key` names the column a click reports (default: the category); `extra` a second count
    column shown in the hover (e.g. iterations), also suppressed. With `rate` (a column of
    rates, e.g. per_100_people) the bars are the rates, `rate_title` on the axis, and each
    hover says the rate and the count; customdata is [key, shown count, extra, rate].
    """
    traces = []
    for index, (name, table) in enumerate(series):
        heights, labels, hidden, shown, rates = _marks(table, count, rate, threshold, rate_unit)
        extras = [format_count(v, threshold) for v in table[extra]] if extra else [""] * len(table)
        keys = table[key or category].astype(str).tolist()
        amount = (
            f"%{{customdata[3]}} (%{{customdata[1]}} {unit})"
            if rate
            else f"%{{customdata[1]}} {unit}"
        )
        traces.append(
            {
                "type": "bar",
                "name": plain(name),
                "x": table[category].astype(str).tolist(),
                "y": heights,
                "text": labels,
                "textposition": "outside",
                "cliponaxis": False,
                "customdata": [
                    [k, label, more, *([per] if rate else [])]
                    for k, label, more, per in zip(keys, shown, extras, rates, strict=True)
                ],
                "hovertemplate": (
                    f"<b>%{{x}}</b><br>{plain(name)}<br>{amount}"
                    + (f"<br>%{{customdata[2]}} {extra}" if extra else "")
                    + "<extra></extra>"
                ),
                "marker": {
                    "color": SERIES_COLOURS[index % 2],
                    "line": {"color": "#1a1a1a", "width": 1},
                    "pattern": {
                        "shape": [
                            "/" if withheld else SERIES_PATTERNS[index % 2] for withheld in hidden
                        ],
                        "fgcolor": "#1a1a1a" if index % 2 else "#ffffff",
                    },
                },
            }
        )
    y_title = rate_title if rate else unit.capitalize()
    layout = _layout(title, x_title, y_title, showlegend=len(series) > 1)
    layout["xaxis"]["type"] = "category"  # "0", "1", "6-7": bins, never numbers
    if len(series) > 1:  # the groups' names above the bars, clear of the (slanted) categories
        layout["legend"] = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}
        layout["margin"] = {**layout["margin"], "t": 95}
    longest = max((len(str(v)) for _, table in series for v in table[category]), default=0)
    if longest > 10:  # rule names: slant them, and let the axis grow to fit
        layout["xaxis"] |= {"tickangle": -25, "automargin": True}
        layout["height"] = 420
    return figure_of(traces, layout)


def build_sector_time_figure(
    table: pd.DataFrame,
    *,
    title: str,
    threshold: int,
    count: str = "events",
    y_title: str = "Events",
    unit: str = "events",
    empty: str = "No events for these people.",
    key_suffix: str = "",
    rate: str | None = None,
    rate_unit: str = "per person-year",
) -> FigureDict:
    """A count per sector per month (the table's `count` column, `unit` in hovers) as lines
    with markers; suppressed months at a placeholder. A point's key is "sector|month" and
    `key_suffix` (for the drill-down). With `rate` (a column of rates; `y_title` then names
    its unit) the lines are the rates, and each hover says the rate and the count;
    customdata is [key, shown count, rate]."""
    layout = _layout(
        title,
        "Month",
        y_title,
        height=380,
        hovermode="closest",
        legend={"orientation": "v", "y": 1, "x": 1.02},
    )
    if table.empty:
        return empty_figure(layout, empty)
    colours = sector_colours(list(dict.fromkeys(table["sector"])))
    amount = (
        f"%{{customdata[2]}} (%{{customdata[1]}} {plain(unit)})"
        if rate
        else f"%{{customdata[1]}} {plain(unit)}"
    )
    traces = []
    for sector, rows in table.groupby("sector", sort=False):
        heights, _, hidden, shown, rates = _marks(rows, count, rate, threshold, rate_unit)
        traces.append(
            {
                "type": "scatter",
                "name": plain(str(sector)),
                "x": rows["month"].tolist(),
                "y": heights,
                "mode": "lines+markers",
                "line": {"color": colours[str(sector)], "width": 2},
                "marker": {
                    "size": 6,
                    "symbol": ["x-open" if withheld else "circle" for withheld in hidden],
                },
                "customdata": [
                    [f"{sector}|{month}{key_suffix}", label, *([per] if rate else [])]
                    for month, label, per in zip(rows["month"], shown, rates, strict=True)
                ],
                "hovertemplate": f"<b>{plain(str(sector))}</b> %{{x}}<br>{amount}<extra></extra>",
            }
        )
    return figure_of(traces, layout)


def build_path_figure(
    paths: pd.DataFrame,
    *,
    title: str,
    threshold: int,
    root_label: str = "All people",
    group: int | None = None,
) -> FigureDict:
    """LifeFlow-style icicle of the commonest sector-to-sector paths (people per path).

    Paths followed by fewer than `threshold` people are not drawn at all. Given the `group`'s
    number of people, each band also says its people per 100 in the group (customdata
    [key, shown count, rate, rate as the band says it]); the bands' sizes are shares of the
    group either way.
    """
    layout = {
        "title": {"text": plain(title), "x": 0, "xanchor": "left", "font": {"size": 17}},
        "font": FONT,
        "height": 420,
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        "template": TEMPLATE,
    }
    shown = paths[paths["people"] >= threshold]
    root_people = int(shown.loc[shown["depth"] == 0, "people"].sum())
    if shown.empty or is_suppressed(root_people, threshold):
        return empty_figure(layout, f"Fewer than {threshold} people share any path.")
    colours = sector_colours(list(dict.fromkeys(shown["label"])))
    counts = [root_people, *shown["people"].astype(int).tolist()]
    if group is None:
        rates = [[] for _ in counts]
        text, hover = "%{customdata[1]}", "%{customdata[1]} people"
    else:
        per = rate_column(counts, group, group, threshold, PER_PEOPLE)
        said = ["" if np.isnan(r) else f"{rate_text(r)} per 100" for r in per]
        rates = [[f"{r} people" if r else "", r] for r in said]  # as the hover and band say it
        text, hover = "%{customdata[3]}", "%{customdata[2]} (%{customdata[1]} people)"
    trace = {
        "type": "icicle",
        "ids": [root_label, *shown["id"]],
        "labels": [root_label, *shown["label"]],
        "parents": ["", *[p or root_label for p in shown["parent"]]],
        "values": counts,
        "branchvalues": "total",
        "customdata": [
            [key, format_count(n, threshold), *rate]
            for key, n, rate in zip(["", *shown["id"]], counts, rates, strict=True)
        ],
        "hovertemplate": f"<b>%{{id}}</b><br>{hover}<extra></extra>",
        "texttemplate": f"%{{label}}<br>{text}",
        "tiling": {"orientation": "h"},
        "marker": {"colors": ["#f2f2f2", *[colours[label] for label in shown["label"]]]},
        "maxdepth": 4,
    }
    return figure_of([trace], layout)


def build_cost_figure(series: Series, *, title: str, threshold: int) -> FigureDict:
    """Illustrative cost per sector, grouped by series; sectors with <5 events drawn as 0."""
    traces = []
    for index, (name, table) in enumerate(series):
        hidden = [is_suppressed(int(n), threshold) for n in table["events"]]
        traces.append(
            {
                "type": "bar",
                "name": plain(name),
                "x": table["sector"].tolist(),
                "y": [0.0 if h else float(c) for h, c in zip(hidden, table["cost"], strict=True)],
                "customdata": [
                    [s, f"<{threshold} events: not shown" if h else f"£{c:,.0f}"]
                    for s, c, h in zip(table["sector"], table["cost"], hidden, strict=True)
                ],
                "hovertemplate": (
                    f"<b>%{{x}}</b><br>{plain(name)}<br>%{{customdata[1]}}<extra></extra>"
                ),
                "marker": {
                    "color": SERIES_COLOURS[index % 2],
                    "line": {"color": "#1a1a1a", "width": 1},
                    "pattern": {"shape": SERIES_PATTERNS[index % 2], "fgcolor": "#1a1a1a"},
                },
            }
        )
    layout = _layout(title, "Sector", "Illustrative cost (£)", showlegend=len(series) > 1)
    layout["yaxis"]["tickprefix"] = "£"
    return figure_of(traces, layout)
