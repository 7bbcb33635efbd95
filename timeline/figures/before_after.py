"""Before and after coordinated support as two figures (plain dicts wrapped, no dash).

The contacts figure is a grid of small charts, one per sector (all sectors first): contacts per
person-month from 12 months before the start to 12 after, with support (solid) and without
(dashed, same calendar months), and a dotted line at month 0. The cost figure is bars of the
illustrative cost per person-year in the year before and the year after, with a reference line
26% below the supported people's "before" (the published "up to 26%"), labelled as a model of
synthetic data. Rates withheld for small numbers are not drawn (a gap), and their hover is never
made: no trace carries a count of 1 to threshold - 1.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from timeline.cohorts.before_after import CONTACTS, COSTS, PERIODS, UP_TO, withheld
from timeline.cohorts.suppress import format_count
from timeline.figures.cohort import FONT, SERIES_COLOURS, chart_layout, figure_of, plain

WITH_SUPPORT = "With coordinated support"
WITHOUT = "Without support, same calendar months"
COMPARISON_COLOUR = "#8C6D00"  # a dark sand: the explorer's second colour, 3:1 on white
COLUMNS = 3
FACET_HEIGHT = 190
MODEL_NOTE = "A model of synthetic data, not evidence."


def _axis(index: int) -> str:
    return "" if index == 0 else str(index + 1)


def _facet_layout(title: str, facets: int) -> dict:
    rows = math.ceil(facets / COLUMNS)
    height = 150 + FACET_HEIGHT * rows
    layout = chart_layout(title, height, {"l": 70, "r": 20, "t": 110, "b": 60})
    layout |= {
        "hovermode": "closest",
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 1 - 58 / height,
            "yanchor": "top",
            "yref": "container",
        },
    }
    shapes = []
    for index in range(facets):
        row, column = divmod(index, COLUMNS)
        x_domain = [column / COLUMNS + 0.03, (column + 1) / COLUMNS - 0.03]
        top = 1 - row / rows
        y_domain = [top - 1 / rows + 0.12 / rows, top - 0.14 / rows]
        suffix = _axis(index)
        layout[f"xaxis{suffix}"] = {
            "domain": x_domain,
            "anchor": f"y{suffix}",
            "range": [-12.5, 12.5],
            "tickvals": [-12, -6, 0, 6, 12],
            "gridcolor": "#e5e5e5",
            "zeroline": False,
        }
        layout[f"yaxis{suffix}"] = {
            "domain": y_domain,
            "anchor": f"x{suffix}",
            "rangemode": "tozero",
            "gridcolor": "#e5e5e5",
        }
        shapes.append(
            {
                "type": "line",
                "xref": f"x{suffix}",
                "yref": f"y{suffix} domain",
                "x0": 0,
                "x1": 0,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#1a1a1a", "width": 1, "dash": "dot"},
            }
        )
    layout["shapes"] = shapes
    layout["annotations"] = []
    return layout


def _sector_title(sector: str, index: int, layout: dict) -> dict:
    suffix = _axis(index)
    domain_x, domain_y = layout[f"xaxis{suffix}"]["domain"], layout[f"yaxis{suffix}"]["domain"]
    return {
        "text": f"<b>{plain(sector)}</b>",
        "xref": "paper",
        "yref": "paper",
        "x": domain_x[0],
        "y": domain_y[1],
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "font": FONT,
    }


def build_before_after_figure(table: pd.DataFrame, *, title: str, threshold: int) -> dict:
    """Contacts per person-month around the start, one small chart per sector (the table's
    monthly rows, exact: rates of small numbers are withheld here)."""
    monthly = np.flatnonzero(table["measure"].to_numpy(dtype=object) == CONTACTS)
    sector_of = table["sector"].to_numpy(dtype=object)[monthly]
    sectors = list(dict.fromkeys(sector_of.tolist()))
    layout = _facet_layout(title, max(len(sectors), 1))
    own_hidden, their_hidden = withheld(table, threshold)
    months = table["month"].to_numpy()[monthly].astype(int)
    series = (
        (WITH_SUPPORT, "rate", "people", own_hidden, SERIES_COLOURS[0], "solid", "circle"),
        (WITHOUT, "comparison_rate", "comparison_people", their_hidden,
         COMPARISON_COLOUR, "dash", "diamond-open"),
    )  # fmt: skip
    columns = {
        name: (
            table[rate].to_numpy(dtype=float)[monthly],
            [format_count(n, threshold) for n in table[people].to_numpy()[monthly].tolist()],
            hidden[monthly],
        )
        for name, rate, people, hidden, *_ in series
    }
    traces = []
    for index, sector in enumerate(sectors):
        at = np.flatnonzero(sector_of == sector)
        layout["annotations"].append(_sector_title(sector, index, layout))
        for name, _, _, _, colour, dash, symbol in series:
            rates, people, hidden = columns[name]
            shown = [None if hidden[i] else float(rates[i]) for i in at.tolist()]
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": name,
                    "legendgroup": name,
                    "showlegend": index == 0,
                    "xaxis": f"x{_axis(index)}",
                    "yaxis": f"y{_axis(index)}",
                    "x": months[at].tolist(),
                    "y": shown,
                    "line": {"color": colour, "width": 2, "dash": dash},
                    "marker": {"size": 5, "symbol": symbol, "color": colour},
                    "connectgaps": False,
                    "customdata": [
                        ["", "withheld" if y is None else f"{y:.2f}", people[i]]
                        for y, i in zip(shown, at.tolist(), strict=True)
                    ],
                    "hovertemplate": f"<b>{plain(sector)}</b>, month %{{x}}<br>%{{customdata[1]}}"
                    f" contacts per person-month<br>%{{customdata[2]}} people in the group"
                    f"<extra>{name}</extra>",
                }
            )
    layout["annotations"] += [
        {
            "text": "Months from the start of coordinated support (0 = the month it starts)",
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0,
            "yshift": -40,
            "showarrow": False,
            "font": FONT,
        },
    ]
    layout["yaxis"]["title"] = {"text": "Contacts per person-month"}
    return figure_of(traces, layout)


def build_before_after_cost_figure(table: pd.DataFrame, *, title: str, threshold: int) -> dict:
    """Illustrative cost per person-year in the year before and the year after, both groups,
    and the "up to 26%" reference line (the table's cost rows, exact)."""
    own_hidden, their_hidden = withheld(table, threshold)
    at = [np.flatnonzero((table["measure"] == f"{COSTS}, {p}").to_numpy())[0] for p, *_ in PERIODS]
    periods = [period for period, *_ in PERIODS]
    traces = []
    for index, (name, column, hidden) in enumerate(
        ((WITH_SUPPORT, "rate", own_hidden), (WITHOUT, "comparison_rate", their_hidden))
    ):
        values = [None if hidden[i] else float(table[column].iloc[i]) for i in at]
        labels = ["withheld" if v is None else f"£{v:,.0f}" for v in values]
        traces.append(
            {
                "type": "bar",
                "name": name,
                "x": periods,
                "y": values,
                "text": labels,
                "textposition": "outside",
                "cliponaxis": False,
                "customdata": [["", label] for label in labels],
                "hovertemplate": f"<b>%{{x}}</b><br>{name}<br>%{{customdata[1]}} per person-year"
                "<extra></extra>",
                "marker": {
                    "color": SERIES_COLOURS[0] if index == 0 else COMPARISON_COLOUR,
                    "line": {"color": "#1a1a1a", "width": 1},
                    "pattern": {"shape": "" if index == 0 else "x", "fgcolor": "#ffffff"},
                },
            }
        )
    layout = chart_layout(title, 380, {"l": 70, "r": 20, "t": 90, "b": 90})
    layout |= {
        "barmode": "group",
        "legend": {"orientation": "h", "y": -0.18},
        "xaxis": {"type": "category"},
        "yaxis": {
            "title": {"text": "Illustrative £ per person-year"},
            "gridcolor": "#e5e5e5",
            "rangemode": "tozero",
        },
    }
    before = traces[0]["y"][0]
    notes = [MODEL_NOTE]
    if before is not None:
        level = before * (1 - UP_TO)
        layout["shapes"] = [
            {
                "type": "line",
                "xref": "x",
                "yref": "y",
                "x0": 0.55,
                "x1": 1.45,
                "y0": level,
                "y1": level,
                "line": {"color": "#B2182B", "width": 2, "dash": "dash"},
            }
        ]
        notes.insert(
            0,
            f"Dashed red line: 26% below the supported people's year before (£{level:,.0f}), "
            "the published estimate of 'up to 26%' lower costs; a reference, not a finding.",
        )
    layout["annotations"] = [
        {
            "text": "<br>".join(notes),
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 1.0,
            "xanchor": "left",
            "yanchor": "bottom",
            "align": "left",
            "showarrow": False,
            "font": {**FONT, "size": 12},
        }
    ]
    return figure_of(traces, layout)
