"""The board pack: one PDF with a cover, the whole timeline fitted to the paper (A4 to A0,
landscape), the cycles in plain words, the text description, missed opportunities, who was
involved at chosen dates and every event, printed by the system Chromium.

A board paper sees what a workshop room sees (timeline/audience.py): restricted events and
events hidden at a reviewer's request never, sensitive ones only when the facilitator chooses;
an anonymised journey needs current board-paper consent (ConsentRequiredError otherwise).
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from timeline.pack.content import PackContent, PackOptions, gather_pack_content
from timeline.pack.document import build_pack_document, figure_pixels
from timeline.pack.paper import DEFAULT_PAPER, PAPERS, Paper, parse_paper
from timeline.pack.printing import PackPrintError, print_to_pdf
from timeline.service import Services

TITLE_TOP_PX = 16

__all__ = [
    "DEFAULT_PAPER",
    "PAPERS",
    "PackContent",
    "PackOptions",
    "PackPrintError",
    "Paper",
    "make_board_pack",
    "pack_filename",
    "parse_paper",
    "render_pack",
]


def render_pack(content: PackContent) -> bytes:
    """The PDF of gathered pack content: the timeline drawn as SVG (kaleido), then printed."""
    from timeline.figures.image import render_figure  # starts Chromium only when asked

    figure = go.Figure(content.figure)  # a plain dict from the builder, validated once here
    width, height = figure_pixels(content.paper, int(figure.layout.height or 0))
    if figure.layout.title.text:  # as far from the top as on screen, however tall the sheet
        figure.update_layout(title_y=1 - TITLE_TOP_PX / height)
    svg = render_figure(figure, "svg", width=width, height=height)
    return print_to_pdf(build_pack_document(content, svg))


def make_board_pack(
    services: Services,
    key: str,
    options: PackOptions = PackOptions(),  # noqa: B008
    *,
    now: dt.datetime | None = None,
) -> bytes:
    """The board pack of journey `key` as PDF bytes (see the module's audience rules)."""
    return render_pack(gather_pack_content(services, key, options, now=now))


def pack_filename(key: str, options: PackOptions = PackOptions()) -> str:  # noqa: B008
    """The download's file name: 'coventry-couple-board-pack-a4.pdf'."""
    return f"{key}-board-pack-{parse_paper(options.paper).name.lower()}.pdf"
