"""Commissioner explorer charts: count tables in, plotly Figures out, small numbers suppressed.

Every count goes through timeline.cohorts.suppress before it reaches a trace: a suppressed bar
is drawn at a placeholder height with a hatched fill, its label and hover say "<5", and the exact
count appears nowhere in the figure. Each mark carries customdata [key, shown count, ...] so a
click can ask for the people behind it (the graph's id says which chart and side it is).

Figures are built as plain dicts and wrapped without plotly's per-property validation, which
costs more than all the explorer's sums at city scale; tests/test_figures_cohort.py validates
every builder's output once, so a bad property still fails a test.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import pandas as pd
import plotly.graph_objects as go

from timeline.cohorts.suppress import bar_values, format_count, is_suppressed
from timeline.figures.palette import sector_colours

SERIES_COLOURS = ("#332288", "#DDCC77")  # indigo / sand: tell apart in grey and for colour-blind
SERIES_PATTERNS = ("", "x")  # the second series also differs in texture, not colour alone
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 14, "color": "#1a1a1a"}


def plain(text: str) -> str:
    """User text (cohort and series names) as plotly shows it literally: no tags, no %{...}."""
    return escape(text).replace("{", "&#123;")


Series = Sequence[tuple[str, pd.DataFrame]]  # (name shown in the legend, count table)


def figure_of(traces: list[dict], layout: dict) -> go.Figure:
    """A figure of plain dicts, not validated on every call (the tests validate them)."""
    return go.Figure(data=traces, layout=layout, _validate=False)


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


def _empty(layout: dict, message: str) -> go.Figure:
    layout["annotations"] = [
        {
            "text": message,
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
) -> go.Figure:
    """Grouped bars of `count` per `category`, one trace per series (suppressed, clickable).

    `key` names the column a click reports (default: the category); `extra` a second count
    column shown in the hover (e.g. iterations), also suppressed.
    """
    traces = []
    for index, (name, table) in enumerate(series):
        values = bar_values(table[count].to_numpy(), threshold)
        extras = [format_count(v, threshold) for v in table[extra]] if extra else [""] * len(table)
        keys = table[key or category].astype(str).tolist()
        traces.append(
            {
                "type": "bar",
                "name": plain(name),
                "x": table[category].astype(str).tolist(),
                "y": values.heights,
                "text": values.labels,
                "textposition": "outside",
                "cliponaxis": False,
                "customdata": [
                    [k, label, more]
                    for k, label, more in zip(keys, values.labels, extras, strict=True)
                ],
                "hovertemplate": (
                    f"<b>%{{x}}</b><br>{plain(name)}<br>%{{customdata[1]}} {unit}"
                    + (f"<br>%{{customdata[2]}} {extra}" if extra else "")
                    + "<extra></extra>"
                ),
                "marker": {
                    "color": SERIES_COLOURS[index % 2],
                    "line": {"color": "#1a1a1a", "width": 1},
                    "pattern": {
                        "shape": [
                            "/" if hidden else SERIES_PATTERNS[index % 2]
                            for hidden in values.suppressed
                        ],
                        "fgcolor": "#1a1a1a" if index % 2 else "#ffffff",
                    },
                },
            }
        )
    layout = _layout(title, x_title, unit.capitalize(), showlegend=len(series) > 1)
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
) -> go.Figure:
    """A count per sector per month (the table's `count` column, `unit` in hovers) as lines
    with markers; suppressed months at a placeholder. A point's key is "sector|month" and
    `key_suffix` (for the drill-down)."""
    layout = _layout(
        title,
        "Month",
        y_title,
        height=380,
        hovermode="closest",
        legend={"orientation": "v", "y": 1, "x": 1.02},
    )
    if table.empty:
        return _empty(layout, empty)
    colours = sector_colours(list(dict.fromkeys(table["sector"])))
    traces = []
    for sector, rows in table.groupby("sector", sort=False):
        values = bar_values(rows[count].to_numpy(), threshold)
        traces.append(
            {
                "type": "scatter",
                "name": plain(str(sector)),
                "x": rows["month"].tolist(),
                "y": values.heights,
                "mode": "lines+markers",
                "line": {"color": colours[str(sector)], "width": 2},
                "marker": {
                    "size": 6,
                    "symbol": ["x-open" if hidden else "circle" for hidden in values.suppressed],
                },
                "customdata": [
                    [f"{sector}|{month}{key_suffix}", label]
                    for month, label in zip(rows["month"], values.labels, strict=True)
                ],
                "hovertemplate": f"<b>{plain(str(sector))}</b> %{{x}}<br>%{{customdata[1]}} "
                f"{plain(unit)}<extra></extra>",
            }
        )
    return figure_of(traces, layout)


def build_path_figure(
    paths: pd.DataFrame, *, title: str, threshold: int, root_label: str = "All people"
) -> go.Figure:
    """LifeFlow-style icicle of the commonest sector-to-sector paths (people per path).

    Paths followed by fewer than `threshold` people are not drawn at all.
    """
    layout = {
        "title": {"text": plain(title), "x": 0, "xanchor": "left", "font": {"size": 17}},
        "font": FONT,
        "height": 420,
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
    }
    shown = paths[paths["people"] >= threshold]
    root_people = int(shown.loc[shown["depth"] == 0, "people"].sum())
    if shown.empty or is_suppressed(root_people, threshold):
        return _empty(layout, f"Fewer than {threshold} people share any path.")
    colours = sector_colours(list(dict.fromkeys(shown["label"])))
    counts = [root_people, *shown["people"].astype(int).tolist()]
    trace = {
        "type": "icicle",
        "ids": [root_label, *shown["id"]],
        "labels": [root_label, *shown["label"]],
        "parents": ["", *[p or root_label for p in shown["parent"]]],
        "values": counts,
        "branchvalues": "total",
        "customdata": [
            [key, format_count(n, threshold)]
            for key, n in zip(["", *shown["id"]], counts, strict=True)
        ],
        "hovertemplate": "<b>%{id}</b><br>%{customdata[1]} people<extra></extra>",
        "texttemplate": "%{label}<br>%{customdata[1]}",
        "tiling": {"orientation": "h"},
        "marker": {"colors": ["#f2f2f2", *[colours[label] for label in shown["label"]]]},
        "maxdepth": 4,
    }
    return figure_of([trace], layout)


def build_cost_figure(series: Series, *, title: str, threshold: int) -> go.Figure:
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
