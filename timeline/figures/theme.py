"""The high-contrast theme: any swimlane figure redrawn white and yellow on black, lines thicker.

For projectors in bright rooms and for low-vision viewers (WCAG 1.4.6, contrast 7:1 for text).
Every colour keeps its hue but is lightened until it reaches 7:1 against black; greys and black
ink become white; revolving-door cycles become yellow. Shapes, symbols, hatching and labels are
untouched, so colour stays only one cue of several.
"""

from __future__ import annotations

import colorsys
import copy
import re
from typing import Any

BACKGROUND = "#000000"
TEXT = "#ffffff"
EMPHASIS = "#ffff00"  # cycle labels and marks: 19.6:1 on black
GRID = "#767676"  # 4.7:1 on black: visible, but quieter than the marks
BAND = "#262626"  # the alternate sector bands behind the lanes
TEXT_RATIO = 7.0
GREY_SATURATION = 0.12  # below this a colour is treated as ink, and becomes white

_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_RGB = re.compile(r"^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$")
_NAMED = {"white": (255, 255, 255), "black": (0, 0, 0)}
_INLINE_COLOUR = re.compile(r"color:\s*(#[0-9a-fA-F]{3,6})")


def _parse(colour: str) -> tuple[tuple[int, int, int], float | None] | None:
    """(r, g, b) and alpha (None when opaque) of a hex, rgb() or rgba() colour; None if other."""
    text = colour.strip()
    if text.lower() in _NAMED:
        return _NAMED[text.lower()], None
    if match := _HEX.match(text):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)), None
    if match := _RGB.match(text):
        r, g, b, a = match.groups()
        return (round(float(r)), round(float(g)), round(float(b))), (
            float(a) if a is not None else None
        )
    return None


def _format(rgb: tuple[int, int, int], alpha: float | None) -> str:
    if alpha is None:
        return "#{:02x}{:02x}{:02x}".format(*rgb)
    return f"rgba({rgb[0]}, {rgb[1]}, {rgb[2]}, {alpha:g})"


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an opaque colour, from 0 (black) to 1 (white)."""
    parsed = _parse(colour)
    if parsed is None:
        raise ValueError(f"not a colour: {colour!r}")

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in parsed[0])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two opaque colours, from 1 to 21."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def high_contrast_colour(colour: str, ratio: float = TEXT_RATIO) -> str:
    """The colour lightened (same hue) to at least `ratio` on black; greys become white."""
    parsed = _parse(colour)
    if parsed is None:
        return colour
    rgb, alpha = parsed
    hue, lightness, saturation = colorsys.rgb_to_hls(*(v / 255 for v in rgb))
    if saturation < GREY_SATURATION or lightness < 0.02:
        return _format((255, 255, 255), alpha)
    while lightness < 1.0:
        candidate = tuple(round(v * 255) for v in colorsys.hls_to_rgb(hue, lightness, saturation))
        if contrast_ratio(_format(candidate, None), BACKGROUND) >= ratio:
            return _format(candidate, alpha)
        lightness = min(1.0, lightness + 0.02)
    return _format((255, 255, 255), alpha)


def _recolour(value: Any) -> Any:
    if isinstance(value, str):
        return high_contrast_colour(value)
    if isinstance(value, list | tuple):
        return [high_contrast_colour(v) if isinstance(v, str) else v for v in value]
    return value


def _recolour_inline(text: str) -> str:
    """Colours written into annotation text (the ■ swatches in sector labels and the key)."""
    return _INLINE_COLOUR.sub(lambda m: f"color:{high_contrast_colour(m.group(1))}", text)


def _thicker(width: Any, factor: float, minimum: float) -> Any:
    if isinstance(width, int | float):
        return max(width * factor, minimum) if width > 0 else width
    return width


def _theme_trace(trace: dict) -> None:
    role = (trace.get("meta") or {}).get("role")
    cycle = role in ("cycle", "cycle-bands")
    marker = trace.get("marker")
    if isinstance(marker, dict):
        if "color" in marker:
            marker["color"] = EMPHASIS if cycle else _recolour(marker["color"])
        if role == "cycle-bands" and isinstance(marker.get("opacity"), list):
            marker["opacity"] = [round(min(o * 1.6, 0.3), 3) for o in marker["opacity"]]
        elif isinstance(marker.get("opacity"), int | float):
            marker["opacity"] = max(marker["opacity"], 0.85)
        if isinstance(marker.get("line"), dict):
            line = marker["line"]
            if "color" in line:
                line["color"] = EMPHASIS if cycle else _recolour(line["color"])
            line["width"] = _thicker(line.get("width", 0), 1.6, 2)
        if isinstance(marker.get("pattern"), dict) and "fgcolor" in marker["pattern"]:
            # black hatching on bright bars; yellow on the faint bands of possible cycles
            marker["pattern"]["fgcolor"] = EMPHASIS if cycle else BACKGROUND
    if isinstance(trace.get("line"), dict):
        line = trace["line"]
        if "color" in line:
            line["color"] = EMPHASIS if cycle else _recolour(line["color"])
        line["width"] = _thicker(line.get("width", 2), 2, 3)
    for bar in ("error_x", "error_y"):
        if isinstance(trace.get(bar), dict):
            trace[bar]["color"] = TEXT
            trace[bar]["thickness"] = _thicker(trace[bar].get("thickness", 1), 1.7, 2.5)
    if "textfont" in trace and isinstance(trace["textfont"], dict):
        trace["textfont"]["color"] = TEXT


def _theme_annotation(annotation: dict) -> None:
    cycle = (annotation.get("name") or "").startswith("cycle-label")
    annotation.setdefault("font", {})["color"] = EMPHASIS if cycle else TEXT
    if "text" in annotation:
        annotation["text"] = _recolour_inline(annotation["text"])
    if "bgcolor" in annotation:
        annotation["bgcolor"] = BACKGROUND
    if "bordercolor" in annotation:
        annotation["bordercolor"] = EMPHASIS if cycle else _recolour(annotation["bordercolor"])
        annotation["borderwidth"] = _thicker(annotation.get("borderwidth", 1), 2, 2)
    if "arrowcolor" in annotation:
        annotation["arrowcolor"] = _recolour(annotation["arrowcolor"])
        annotation["arrowwidth"] = _thicker(annotation.get("arrowwidth", 1), 2, 2)


def _theme_shape(shape: dict) -> None:
    if (shape.get("name") or "").startswith("cycle-band"):
        parsed = _parse(shape.get("fillcolor", ""))
        alpha = parsed[1] if parsed and parsed[1] is not None else 0.1
        shape["fillcolor"] = _format((255, 255, 0), round(min(alpha * 1.6, 0.3), 3))
        return
    if "fillcolor" in shape and shape.get("layer") == "below":
        parsed = _parse(shape["fillcolor"])
        if parsed and relative_luminance(_format(parsed[0], None)) > 0.5:
            shape["fillcolor"] = BAND
    elif "fillcolor" in shape:
        shape["fillcolor"] = _recolour(shape["fillcolor"])
    if isinstance(shape.get("line"), dict) and "color" in shape["line"]:
        shape["line"]["color"] = _recolour(shape["line"]["color"])
        shape["line"]["width"] = _thicker(shape["line"].get("width", 0), 2, 2)


def _theme_axis(axis: dict) -> None:
    axis.setdefault("tickfont", {})["color"] = TEXT
    axis["gridcolor"] = GRID
    axis["linecolor"] = TEXT
    axis["tickcolor"] = TEXT
    if "zerolinecolor" in axis:
        axis["zerolinecolor"] = TEXT
        axis["zerolinewidth"] = _thicker(axis.get("zerolinewidth", 1), 1.5, 3)
    if isinstance(axis.get("title"), dict):
        axis["title"].setdefault("font", {})["color"] = TEXT
    if isinstance(axis.get("rangeslider"), dict):
        axis["rangeslider"] |= {"bgcolor": BACKGROUND, "bordercolor": TEXT, "borderwidth": 1}


def apply_high_contrast(fig: dict) -> dict:
    """A copy of the figure dict on black: text white or yellow (7:1 and more), lines thicker."""
    spec = copy.deepcopy(fig)
    layout = spec.setdefault("layout", {})
    for trace in spec.get("data", []):
        _theme_trace(trace)
    for annotation in layout.get("annotations", []):
        _theme_annotation(annotation)
    for shape in layout.get("shapes", []):
        _theme_shape(shape)
    for name in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
        _theme_axis(layout[name])
    layout["paper_bgcolor"] = BACKGROUND
    layout["plot_bgcolor"] = BACKGROUND
    layout.setdefault("font", {})["color"] = TEXT
    layout["hoverlabel"] = layout.get("hoverlabel", {}) | {
        "bgcolor": BACKGROUND,
        "bordercolor": EMPHASIS,
        "font": (layout.get("hoverlabel", {}).get("font") or {}) | {"color": TEXT},
    }
    if isinstance(layout.get("title"), dict):
        layout["title"].setdefault("font", {})["color"] = TEXT
        if isinstance(layout["title"].get("subtitle"), dict):
            layout["title"]["subtitle"].setdefault("font", {})["color"] = TEXT
    if isinstance(layout.get("meta"), dict) or "meta" not in layout:
        layout["meta"] = layout.get("meta", {}) | {"theme": "high-contrast"}
    return spec
