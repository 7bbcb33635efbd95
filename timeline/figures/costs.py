"""Illustrative cost per person-year, by sector and by needs combination, beside the reported
£19,000 per person per year: cost tables in, a plain figure dict out (no dash, no database).

Two panels share one £ axis: on top, all sectors and each sector's part of the cost per
person-year; below, each needs combination's own cost per person-year. A dashed line at the
reference figure crosses both, labelled with its source. A row whose figure is withheld (fewer
than `threshold` people, or events shown as "<5") is not drawn at all: no bar, no hover, so
nothing in the figure's data holds it. Sector bars carry customdata [sector, ...] so a click
lists the people behind them (curve 0 is the first side, curve 1 the second); the "All sectors"
and combination bars carry an empty key, and a click on them does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import pandas as pd

from timeline.cohorts.cost_years import ALL_SECTORS, withheld_rows
from timeline.cohorts.suppress import format_count

COLOURS = ("#332288", "#DDCC77")  # as the other explorer charts: indigo / sand
PATTERNS = ("", "x")
REFERENCE_COLOUR = "#b2182b"
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 14, "color": "#1a1a1a"}
ROW = 26  # pixels per category (and side)
GAP = 80  # pixels between the panels
NOTE = "Bars: illustrative unit costs × the events of synthetic people, not real spending."
Side = tuple[str, pd.DataFrame, pd.DataFrame]  # (label, sector table, combination table)


def _plain(text: str) -> str:
    """User text as plotly shows it literally: no tags, no %{...}."""
    return escape(text).replace("{", "&#123;")


def _money(value: float) -> str:
    return f"£{value:,.0f}"


def _bars(table: pd.DataFrame, key: str, threshold: int) -> pd.DataFrame:
    """The rows that may be drawn (withheld ones left out), with what their hover shows."""
    drawn = table[~withheld_rows(table, threshold)]
    return drawn.assign(_key=drawn[key] if key == "sector" else "")


def _trace(
    rows: pd.DataFrame, category: str, side: int, label: str, axes: str, threshold: int
) -> dict:
    people = [format_count(int(n), threshold) for n in rows["people"]]
    events = [format_count(int(n), threshold) for n in rows["events"]]
    keys = [k if k != ALL_SECTORS else "" for k in rows["_key"]]
    names = [_plain(str(c)) for c in rows[category]]
    return {
        "type": "bar",
        "orientation": "h",
        "name": _plain(label),
        "legendgroup": f"side{side}",
        "showlegend": axes == "",
        "x": [float(v) for v in rows["cost_per_person_year"]],
        "y": names,
        "xaxis": f"x{axes}",
        "yaxis": f"y{axes}",
        "customdata": [
            [k, f"{_money(v)} per person-year", n, _money(c), e, p, f"{y:,.1f}"]
            for k, v, n, c, e, p, y in zip(
                keys,
                rows["cost_per_person_year"],
                names,
                rows["cost"],
                events,
                people,
                rows["person_years"],
                strict=True,
            )
        ],
        "hovertemplate": (
            f"<b>%{{customdata[2]}}</b><br>{_plain(label)}<br>%{{customdata[1]}}<br>"
            "%{customdata[3]} for %{customdata[4]} events<br>"
            "over %{customdata[6]} person-years of %{customdata[5]} people<extra></extra>"
        ),
        "marker": {
            "color": COLOURS[side % 2],
            "line": {"color": "#1a1a1a", "width": 1},
            "pattern": {"shape": PATTERNS[side % 2], "fgcolor": "#1a1a1a"},
        },
    }


def _order(tables: list[pd.DataFrame], category: str) -> list[str]:
    """Categories in the first side's order (highest first), then any only the second has."""
    seen: list[str] = []
    for table in tables:
        seen += [str(c) for c in table[category] if str(c) not in seen]
    return [_plain(c) for c in seen]


def _heading(text: str, y: float) -> dict:
    """A panel's heading, just above its top left corner."""
    return {
        "text": f"<b>{_plain(text)}</b>",
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": y,
        "yanchor": "bottom",
        "xanchor": "left",
        "showarrow": False,
        "font": {"size": 13},
    }


def build_cost_years_figure(
    sides: Sequence[Side],
    *,
    title: str,
    threshold: int,
    reference: float,
    reference_label: Sequence[str],
) -> dict:
    """The two-panel figure of cost per person-year (see the module docstring)."""
    sectors = [_bars(s, "sector", threshold) for _, s, _ in sides]
    combos = [_bars(c, "combination", threshold) for _, _, c in sides]
    top, bottom = _order(sectors, "sector"), _order(combos, "needs")
    per_row = ROW + 14 * (max(len(sides), 1) - 1)
    top_px, bottom_px = max(len(top), 1) * per_row, max(len(bottom), 1) * per_row
    plot = top_px + bottom_px + GAP
    height = plot + 300
    split = bottom_px / plot
    values = [float(v) for t in (*sectors, *combos) for v in t["cost_per_person_year"]]
    widest = max([reference, *values]) * 1.06
    layout: dict = {
        "title": {
            "text": _plain(title),
            "x": 0,
            "xanchor": "left",
            "font": {"size": 17},
            "subtitle": {
                "text": "<br>".join(_plain(line) for line in (NOTE, *reference_label)),
                "font": {"size": 13},
            },
        },
        "font": FONT,
        "height": height,
        "margin": {"l": 20, "r": 30, "t": 190, "b": 110},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "barmode": "group",
        "clickmode": "event",
        "hovermode": "closest",
        "showlegend": len(sides) > 1,
        "legend": {"orientation": "h", "x": 0, "y": -95 / plot, "yanchor": "top"},
        "xaxis": {
            "anchor": "y",
            "range": [0, widest],
            "tickprefix": "£",
            "separatethousands": True,
            "gridcolor": "#e5e5e5",
            "rangemode": "tozero",
        },
        "xaxis2": {
            "anchor": "y2",
            "matches": "x",
            "tickprefix": "£",
            "separatethousands": True,
            "gridcolor": "#e5e5e5",
            "title": {"text": "Illustrative cost per person-year (£)"},
        },
        "yaxis": {
            "domain": [split + GAP / plot, 1],
            "categoryorder": "array",
            "categoryarray": top,
            "autorange": "reversed",
            "automargin": True,
        },
        "yaxis2": {
            "domain": [0, split],
            "categoryorder": "array",
            "categoryarray": bottom,
            "autorange": "reversed",
            "automargin": True,
        },
        "shapes": [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": reference,
                "x1": reference,
                "y0": 0,
                "y1": 1,
                "line": {"color": REFERENCE_COLOUR, "width": 2, "dash": "dash"},
            }
        ],
        "annotations": [
            {
                "text": f"£{reference:,.0f}",
                "xref": "x",
                "yref": "paper",
                "x": reference,
                "y": 1,
                "yanchor": "bottom",
                "yshift": 20,
                "showarrow": False,
                "font": {"size": 12, "color": REFERENCE_COLOUR},
            },
            _heading("By sector: each sector's part of the cost per person-year", 1),
            _heading("By needs combination: each combination's own cost per person-year", split),
        ],
    }
    if any(withheld_rows(c, threshold).any() for _, _, c in sides):
        layout["annotations"].append(
            {
                "text": f"Combinations held by fewer than {threshold} people are not drawn "
                "(withheld in the table).",
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "yshift": -50,
                "yanchor": "top",
                "xanchor": "left",
                "showarrow": False,
                "font": {"size": 12},
            }
        )
    traces = [
        _trace(rows, "sector", side, label, "", threshold)
        for side, (rows, (label, _, _)) in enumerate(zip(sectors, sides, strict=True))
    ]
    traces += [
        _trace(rows, "needs", side, label, "2", threshold)
        for side, (rows, (label, _, _)) in enumerate(zip(combos, sides, strict=True))
    ]
    return {"data": traces, "layout": layout}
