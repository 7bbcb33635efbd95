"""Ward tile map and its bar chart alternative: a ward table in, plain-dict plotly figures out.

The map is one equal hexagon per ward, laid out as the city: the first wards (the city centre) in
the middle, the others in rings around it, in a fixed spiral order, so a cohort draws the same
map every time. No boundary files: a tile stands for a ward, not its shape. Tiles are layout
shapes coloured by people per 1,000 adults; one invisible marker per tile carries the hover, the
click and the colour bar, and a text trace writes each ward's name and value on its tile.

A ward of 1 to threshold - 1 people is drawn grey, its count shown as "<5" and its rates
withheld (a rate times the ward's adults would give the count back).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from timeline.cohorts.suppress import format_count, is_suppressed
from timeline.figures.cohort import FONT, chart_layout, empty_figure, figure_of, plain

COLOURSCALE = "Viridis"  # sequential, colour-blind-safe, readable in grey
WITHHELD_FILL = "#d9d9d9"
WITHHELD = "withheld"
_DIRECTIONS = ((1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1))  # axial hex neighbours
_ROOT3 = math.sqrt(3)
TILE = 0.94  # a tile's corner radius (1 would touch its neighbours)


def hex_spiral(count: int) -> list[tuple[int, int]]:
    """`count` axial hex cells (q, r): the centre, then ring after ring around it."""
    cells = [(0, 0)]
    ring = 1
    while len(cells) < count:
        q, r = -ring, ring  # the ring's start, ring steps in direction 4 from the centre
        for dq, dr in _DIRECTIONS:
            for _ in range(ring):
                cells.append((q, r))
                q, r = q + dq, r + dr
        ring += 1
    return cells[:count]


def tile_centres(count: int) -> list[tuple[float, float]]:
    """Where each of `count` tiles sits (pointy-top hexagons of corner radius 1)."""
    return [(_ROOT3 * (q + r / 2), -1.5 * r) for q, r in hex_spiral(count)]


def _hexagon(x: float, y: float) -> str:
    corners = [
        (x + TILE * math.cos(angle), y + TILE * math.sin(angle))
        for angle in (math.radians(30 + 60 * i) for i in range(6))
    ]
    return "M " + " L ".join(f"{cx:.4f},{cy:.4f}" for cx, cy in corners) + " Z"


def _ink(colour: str) -> str:
    """Black or white text, whichever reads better on `colour` ("rgb(r, g, b)" or "#rrggbb")."""
    if colour.startswith("#"):
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    else:
        r, g, b = (float(v) for v in colour[colour.index("(") + 1 : -1].split(","))
    return "#1a1a1a" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#ffffff"


def _two_lines(name: str) -> str:
    """A long ward name split at its middle space, so it fits on its tile."""
    if len(name) <= 10 or " " not in name:
        return plain(name)
    spaces = [i for i, c in enumerate(name) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return f"{plain(name[:cut])}<br>{plain(name[cut + 1 :])}"


def shown_rates(tiles: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Per ward: whether its rates are withheld and its people, rate and contacts per person as
    shown ("<5", "withheld", "12.3"; contacts per person "" for nobody)."""
    hidden = [is_suppressed(int(n), threshold) for n in tiles["people"]]
    return pd.DataFrame(
        {
            "hidden": hidden,
            "people": [format_count(int(n), threshold) for n in tiles["people"]],
            "rate": [
                WITHHELD if h else f"{v:.1f}"
                for h, v in zip(hidden, tiles["per_1000_adults"], strict=True)
            ],
            "per_person": [
                WITHHELD if h else ("" if int(n) == 0 else f"{v:.1f}")
                for h, n, v in zip(
                    hidden, tiles["people"], tiles["contacts_per_person"], strict=True
                )
            ],
        },
        index=tiles.index,
    )


def build_tile_map_figure(
    tiles: pd.DataFrame, *, title: str, threshold: int, top: float, empty: str
) -> go.Figure:
    """One hexagon per ward of `tiles` (ward_table's columns, in map order), coloured by people
    per 1,000 adults on a scale from 0 to `top` (shared by the sides compared)."""
    layout = chart_layout(title, 480, {"l": 10, "r": 10, "t": 60, "b": 10})
    if tiles.empty:
        return empty_figure(layout, empty)
    shown = shown_rates(tiles, threshold)
    top = max(top, 1e-9)
    centres = tile_centres(len(tiles))
    rates = zip(shown["hidden"], tiles["per_1000_adults"], strict=True)
    values = [0.0 if h else float(v) for h, v in rates]
    fills = sample_colorscale(COLOURSCALE, [min(v / top, 1.0) for v in values])
    fills = [WITHHELD_FILL if h else f for h, f in zip(shown["hidden"], fills, strict=True)]
    layout["shapes"] = [
        {
            "type": "path",
            "path": _hexagon(x, y),
            "fillcolor": fill,
            "line": {
                "color": "#ffffff" if not h else "#595959",
                "width": 1.5,
                "dash": "dot" if h else "solid",
            },
            "layer": "below",
        }
        for (x, y), fill, h in zip(centres, fills, shown["hidden"], strict=True)
    ]
    xs, ys = [c[0] for c in centres], [c[1] for c in centres]
    names = [str(w) for w in tiles["ward"]]
    customdata = [
        [name, plain(name), people, rate, per_person, f"{int(adults):,}"]
        for name, people, rate, per_person, adults in zip(
            names, shown["people"], shown["rate"], shown["per_person"], tiles["adults"], strict=True
        )
    ]
    hover = {
        "type": "scatter",
        "mode": "markers",
        "x": xs,
        "y": ys,
        "name": "wards",
        "showlegend": False,
        "customdata": customdata,
        "hovertemplate": (
            "<b>%{customdata[1]}</b><br>%{customdata[2]} people<br>"
            "%{customdata[3]} per 1,000 adults<br>%{customdata[4]} contacts per person<br>"
            "%{customdata[5]} adults (illustrative)<extra></extra>"
        ),
        "marker": {
            "symbol": "hexagon",
            "size": 44,
            "opacity": 0,
            "color": values,
            "colorscale": COLOURSCALE,
            "cmin": 0,
            "cmax": top,
            "showscale": True,
            "colorbar": {
                "title": {"text": "People per<br>1,000 adults", "side": "top"},
                "thickness": 14,
                "len": 0.8,
            },
        },
    }
    labels = {
        "type": "scatter",
        "mode": "text",
        "x": xs,
        "y": ys,
        "showlegend": False,
        "hoverinfo": "skip",
        "text": [
            f"{_two_lines(name)}<br><b>{people if h else rate}</b>"
            for name, h, people, rate in zip(
                names, shown["hidden"], shown["people"], shown["rate"], strict=True
            )
        ],
        "textfont": {"size": 10, "color": [_ink(f) for f in fills], "family": FONT["family"]},
    }
    span = max(max(abs(v) for v in xs + ys), 1.0) + 1.2
    layout |= {
        "xaxis": {"visible": False, "range": [-span, span], "fixedrange": True},
        "yaxis": {"visible": False, "range": [-span, span], "scaleanchor": "x", "fixedrange": True},
        "hovermode": "closest",
        "clickmode": "event",
        "showlegend": False,
    }
    return figure_of([hover, labels], layout)


def build_ward_bar_figure(
    tiles: pd.DataFrame, *, title: str, threshold: int, empty: str
) -> go.Figure:
    """The map as bars: people per 1,000 adults and contacts per person, one row per ward
    (highest rate first, withheld wards last), two panels sharing the wards' axis."""
    height = 160 + 22 * len(tiles)
    layout = chart_layout(title, height, {"l": 130, "r": 40, "t": 110, "b": 20})
    if tiles.empty:
        layout["height"] = 300
        return empty_figure(layout, empty)
    shown = shown_rates(tiles, threshold)
    order = sorted(
        range(len(tiles)),
        key=lambda i: (bool(shown["hidden"].iloc[i]), -float(tiles["per_1000_adults"].iloc[i])),
    )
    wards = [str(tiles["ward"].iloc[i]) for i in order]
    traces = []
    for axis, column, label, colour in (
        ("", "per_1000_adults", "rate", "#332288"),
        ("2", "contacts_per_person", "per_person", "#44AA99"),
    ):
        values = [
            0.0
            if shown["hidden"].iloc[i] or pd.isna(tiles[column].iloc[i])
            else float(tiles[column].iloc[i])
            for i in order
        ]
        texts = [
            shown[label].iloc[i]
            if not shown["hidden"].iloc[i]
            else f"{shown['people'].iloc[i]} people: {WITHHELD}"
            for i in order
        ]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "x": values,
                "y": [plain(w) for w in wards],
                "xaxis": f"x{axis}",
                "yaxis": "y",
                "text": texts,
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {"color": colour},
                "customdata": [[w, plain(w), t] for w, t in zip(wards, texts, strict=True)],
                "hovertemplate": "<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>",
                "showlegend": False,
            }
        )
    layout |= {
        "xaxis": {
            "domain": [0, 0.47],
            "title": {"text": "People per 1,000 adults"},
            "gridcolor": "#e5e5e5",
            "rangemode": "tozero",
            "side": "top",
        },
        "xaxis2": {
            "domain": [0.53, 1],
            "title": {"text": "Contacts per person"},
            "gridcolor": "#e5e5e5",
            "rangemode": "tozero",
            "side": "top",
            "anchor": "y",
        },
        "yaxis": {"autorange": "reversed", "automargin": True},
        "bargap": 0.25,
        "clickmode": "event",
        "hovermode": "closest",
    }
    return figure_of(traces, layout)
