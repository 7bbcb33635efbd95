"""Paper for the board pack: ISO A sizes in landscape, with margins and type that grow with the
sheet, so an A4 pack reads at arm's length and an A0 poster across a workshop room."""

from __future__ import annotations

import math
from dataclasses import dataclass

MM_PER_INCH = 25.4
POINTS_PER_INCH = 72
A4_LONG_MM = 297.0
BASE_MARGIN_MM = 12.0
BASE_FONT_PT = 10.0


@dataclass(frozen=True)
class Paper:
    """One ISO A sheet, landscape: its name and size in millimetres."""

    name: str
    width_mm: float
    height_mm: float

    @property
    def scale(self) -> float:
        """How much bigger than on A4 type and margins are: the square root of how much longer
        the sheet is (A3 x1.19, A1 x1.68, A0 x2), so a poster's words grow with it but do not
        crowd out the timeline, which is drawn to the whole sheet."""
        return math.sqrt(self.width_mm / A4_LONG_MM)

    @property
    def margin_mm(self) -> float:
        """The page margin, wider on bigger sheets."""
        return round(BASE_MARGIN_MM * self.scale, 1)

    @property
    def font_pt(self) -> float:
        """The body type size."""
        return round(BASE_FONT_PT * self.scale, 1)

    @property
    def points(self) -> tuple[float, float]:
        """Width and height in PDF points (1/72 inch)."""
        return tuple(v / MM_PER_INCH * POINTS_PER_INCH for v in (self.width_mm, self.height_mm))


PAPERS = {
    "a4": Paper("A4", 297.0, 210.0),
    "a3": Paper("A3", 420.0, 297.0),
    "a1": Paper("A1", 841.0, 594.0),
    "a0": Paper("A0", 1189.0, 841.0),
}
DEFAULT_PAPER = "a4"


def parse_paper(value: str) -> Paper:
    """A paper named by the user ('a4', 'A3'), or ValueError naming the choices."""
    paper = PAPERS.get(str(value).strip().lower())
    if paper is None:
        raise ValueError(f"unknown paper {value!r}; choose one of: {', '.join(PAPERS)}")
    return paper
