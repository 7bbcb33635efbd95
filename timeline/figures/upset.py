"""An UpSet chart of needs combinations: count tables in, a plain figure dict out (no dash).

Three panels on one figure: bars of people per combination (the commonest first), a dot matrix
under them (one row per need; filled dots for the needs of each combination, joined by a line),
and each need's set size as horizontal bars beside the matrix, growing leftwards towards the
need's name. Small counts are suppressed as in every explorer chart (bar_values: placeholder
heights, "<5" labels). Each bar, filled dot and set-size bar carries customdata
[combination key, shown count, needs in words, "exactly" or "with", rate], so a click can filter
the explorer to exactly that combination (or, from a set-size bar, to people with that need).
Given the group's number of people (when comparing groups of different sizes), the bars are
people per 100 people in the group, the unit on both axes, and hovers say the rate and the
count; a rate of a suppressed count is withheld (timeline.cohorts.rates).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from timeline.cohorts.rates import PER_PEOPLE, rate_column, rate_values
from timeline.cohorts.suppress import bar_values
from timeline.figures.cohort import (
    FONT,
    SERIES_COLOURS,
    FigureDict,
    chart_layout,
    figure_of,
    plain,
)

TOP = 15  # combinations drawn; the table lists them all
MIN_COLUMNS = 8  # the width of a combination's bar is at most that of one of eight
MATRIX_TOP = 0.34  # the matrix and set sizes fill the figure's bottom third
BARS_BOTTOM = 0.42
SETS_RIGHT = 0.15  # set-size bars on the left; the needs' names between them and the matrix
MATRIX_LEFT = 0.31
ABSENT = "#d4d4d4"
PRESENT = "#1a1a1a"
SET_COLOUR = "#5f5f5f"


def _layout(title: str, height: int) -> dict:
    return {
        **chart_layout(title, height, {"l": 20, "r": 20, "t": 80, "b": 80}),
        "showlegend": False,
        "clickmode": "event",
        "hovermode": "closest",
        "bargap": 0.25,
    }


@dataclass(frozen=True)
class _Marks:
    """One trace's bars: heights, text labels, hatched or not, shown counts, rate hovers."""

    heights: list[float]
    labels: list[str]
    hidden: list[bool]
    counts: list[str]
    rates: list[list[str]]  # [rate in words] when comparing, else []: customdata's fifth


def _marks(people: pd.Series, threshold: int, group: int | None) -> _Marks:
    """Counts as bars, or (given the group's size) people per 100 people in the group."""
    values = bar_values(people.to_numpy(), threshold)
    if group is None:
        blank: list[list[str]] = [[] for _ in range(len(people))]
        return _Marks(values.heights, values.labels, values.suppressed, values.labels, blank)
    per = rate_column(people, group, group, threshold, PER_PEOPLE)
    rates = rate_values(people.to_numpy(), per, threshold, "per 100 people")
    hovers = [[hover] for hover in rates.hovers]
    return _Marks(rates.heights, rates.labels, rates.withheld, values.labels, hovers)


def build_upset_figure(
    combinations: pd.DataFrame,
    sizes: pd.DataFrame,
    *,
    title: str,
    threshold: int,
    needs: tuple[str, ...],
    top: int = TOP,
    group: int | None = None,
) -> FigureDict:
    """The UpSet chart of a combinations table (rows in the order to draw: `combination`,
    `needs`, `needs_count`, `people`) and a set-size table (`need`, `people`) over `needs`;
    given the `group`'s number of people, as people per 100 people in it."""
    layout = _layout(title, 500)
    if combinations.empty:
        layout["annotations"] = [_note("Nobody here has a recorded need.", 0.5, 0.5, "middle")]
        layout["xaxis"], layout["yaxis"] = {"visible": False}, {"visible": False}
        return figure_of([], layout)
    shown = combinations.head(top)
    columns = list(range(len(shown)))
    bars = _marks(shown["people"], threshold, group)
    sets = _marks(sizes["people"], threshold, group)
    words = [plain(str(w)) for w in shown["needs"]]
    keys = shown["combination"].astype(str).tolist()
    unit = "people with exactly these needs"
    amount = "%{customdata[1]}" if group is None else "%{customdata[4]} (%{customdata[1]}"
    close = "" if group is None else ")"
    traces: list[dict] = [
        {
            "type": "bar",
            "name": "combinations",
            "x": columns,
            "y": bars.heights,
            "text": bars.labels,
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": [
                [k, label, w, "exactly", *rate]
                for k, label, w, rate in zip(keys, bars.counts, words, bars.rates, strict=True)
            ],
            "hovertemplate": f"<b>%{{customdata[2]}}</b><br>{amount} {unit}{close}<br>"
            "Click to show only these people<extra></extra>",
            "marker": {
                "color": SERIES_COLOURS[0],
                "line": {"color": PRESENT, "width": 1},
                "pattern": {
                    "shape": ["/" if hidden else "" for hidden in bars.hidden],
                    "fgcolor": "#ffffff",
                },
            },
            "xaxis": "x",
            "yaxis": "y",
        },
        *_matrix(shown, needs, keys, words, bars, f"{amount} {unit}{close}"),
        {
            "type": "bar",
            "name": "set sizes",
            "orientation": "h",
            "x": sets.heights,
            "y": _names(needs),
            "text": sets.labels,
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": [
                [need, label, plain(need.replace("_", " ")), "with", *rate]
                for need, label, rate in zip(needs, sets.counts, sets.rates, strict=True)
            ],
            "hovertemplate": f"<b>%{{customdata[2]}}</b><br>{amount} people with this "
            f"need, alone or with others{close}<extra></extra>",
            "marker": {
                "color": SET_COLOUR,
                "line": {"color": PRESENT, "width": 1},
                "pattern": {"shape": ["/" if h else "" for h in sets.hidden]},
            },
            "xaxis": "x2",
            "yaxis": "y3",
        },
    ]
    layout |= _axes(len(columns), needs, max(bars.heights), max(sets.heights, default=1.0))
    if group is not None:
        layout["yaxis"]["title"]["text"] = "People with exactly these<br>needs, per 100 in group"
        layout["xaxis2"]["title"]["text"] = "People with each<br>need, per 100"
    more = len(combinations) - len(shown)
    layout["annotations"] = [
        _note(
            f"The {len(shown)} commonest of {len(combinations)} combinations; "
            "all are in the table below."
            if more
            else "The one combination that anyone here has."
            if len(shown) == 1
            else f"All {len(shown)} combinations that anyone here has.",
            0,
            1.02,
            "bottom",
        )
    ]
    return figure_of(traces, layout)


def _matrix(
    shown: pd.DataFrame,
    needs: tuple[str, ...],
    keys: list[str],
    words: list[str],
    bars: _Marks,
    hover: str,
) -> list[dict]:
    """The dot matrix: grey dots for every (combination, need), dark ones for the needs a
    combination has, joined by a line per combination."""
    names = _names(needs)
    grid_x = [c for c in range(len(shown)) for _ in needs]
    grid_y = [name for _ in range(len(shown)) for name in names]
    dots_x, dots_y, data, line_x, line_y = [], [], [], [], []
    for column, key in enumerate(keys):
        rows = [needs.index(n) for n in key.split("+") if n in needs]
        for row in rows:
            dots_x.append(column)
            dots_y.append(names[row])
            data.append([key, bars.counts[column], words[column], "exactly", *bars.rates[column]])
        line_x += [column, column, None]
        line_y += [names[min(rows)], names[max(rows)], None]
    common = {"type": "scatter", "xaxis": "x3", "yaxis": "y2"}
    return [
        {
            **common,
            "name": "needs not in the combination",
            "x": grid_x,
            "y": grid_y,
            "mode": "markers",
            "marker": {"size": 13, "color": ABSENT},
            "hoverinfo": "skip",
        },
        {
            **common,
            "name": "joins",
            "x": line_x,
            "y": line_y,
            "mode": "lines",
            "line": {"color": PRESENT, "width": 3},
            "hoverinfo": "skip",
        },
        {
            **common,
            "name": "needs in the combination",
            "x": dots_x,
            "y": dots_y,
            "mode": "markers",
            "marker": {"size": 14, "color": PRESENT},
            "customdata": data,
            "hovertemplate": f"<b>%{{customdata[2]}}</b><br>{hover}<extra></extra>",
        },
    ]


def _axes(columns: int, needs: tuple[str, ...], tallest: float, widest: float) -> dict:
    """Bars over the matrix (x, y; x3, y2, sharing columns), set sizes to its left (x2, y3,
    sharing rows); the needs' names are the matrix's row labels."""
    # room for at least MIN_COLUMNS, so that one or two combinations are not drawn a page wide
    across = {
        "range": [-0.5, max(columns, MIN_COLUMNS) - 0.5],
        "showgrid": False,
        "zeroline": False,
    }
    rows = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": _names(needs),
        "range": [len(needs) - 0.5, -0.5],  # the first need at the top
        "showgrid": False,
        "zeroline": False,
    }
    return {
        "xaxis": {
            **across,
            "domain": [MATRIX_LEFT, 1],
            "anchor": "y",
            "showticklabels": False,
            "fixedrange": True,
        },
        "yaxis": {
            "domain": [BARS_BOTTOM, 1],
            "anchor": "x",
            "range": [0, tallest * 1.18],
            "title": {"text": "People with exactly<br>these needs", "font": {"size": 13}},
            "gridcolor": "#e5e5e5",
            "fixedrange": True,
        },
        "xaxis3": {
            **across,
            "domain": [MATRIX_LEFT, 1],
            "anchor": "y2",
            "matches": "x",
            "showticklabels": False,
            "fixedrange": True,
        },
        "yaxis2": {
            **rows,
            "domain": [0, MATRIX_TOP],
            "anchor": "x3",
            "ticks": "",
            "fixedrange": True,
        },
        "xaxis2": {
            "domain": [0, SETS_RIGHT],
            "anchor": "y3",
            "range": [widest * 1.45, 0],
            "title": {"text": "People with<br>each need", "font": {"size": 13}},
            "gridcolor": "#e5e5e5",
            "nticks": 3,
            "fixedrange": True,
        },
        "yaxis3": {
            **rows,
            "domain": [0, MATRIX_TOP],
            "anchor": "x2",
            "matches": "y2",
            "showticklabels": False,
            "fixedrange": True,
        },
    }


def _names(needs: tuple[str, ...]) -> list[str]:
    """The needs as the matrix's rows name them: "substance use"."""
    return [plain(n.replace("_", " ")) for n in needs]


def _note(text: str, x: float, y: float, anchor: str) -> dict:
    return {
        "text": plain(text),
        "showarrow": False,
        "xref": "paper",
        "yref": "paper",
        "x": x,
        "y": y,
        "xanchor": "left" if x == 0 else "center",
        "yanchor": anchor,
        "font": {**FONT, "size": 13},
    }
