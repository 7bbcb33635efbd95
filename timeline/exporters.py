"""Exporters in a registry: one journey in memory, many formats out (data, images, a web page,
event logs for process-mining tools)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from schemas import Cycle, Journey
from timeline.eventlog import journey_event_log, write_ocel, write_xes
from timeline.figures import SwimlaneOptions, build_swimlane_figure
from timeline.io.export import write_csv
from timeline.io.jsonio import write_json

EXPORT_OPTIONS = SwimlaneOptions(show_title=True, range_slider=False)


@dataclass(frozen=True)
class ExportRequest:
    """What to export: the journey, its cycles, how to draw it, and an optional image size."""

    journey: Journey
    cycles: tuple[Cycle, ...] = ()
    options: SwimlaneOptions = EXPORT_OPTIONS
    width: int | None = None
    height: int | None = None
    x_range: tuple | None = None  # a zoom, as the page's ?from=&to= (images only)


def _figure_exporter(fmt: str) -> Callable[[ExportRequest], bytes]:
    def export(request: ExportRequest) -> bytes:
        from timeline.figures.image import render_figure  # starts Chromium only when asked

        figure = build_swimlane_figure(request.journey, request.cycles, request.options)
        # the zoom, else the frame the page draws (the kept events'), not the whole span again
        frame = request.x_range or figure["layout"].get("xaxis", {}).get("range")
        return render_figure(figure, fmt, width=request.width, height=request.height, x_range=frame)

    export.__doc__ = f"The timeline as {fmt.upper()} (slide size unless the chart is taller)."
    return export


def _event_log_exporter(write: Callable) -> Callable[[ExportRequest], bytes]:
    def export(request: ExportRequest) -> bytes:
        out = io.BytesIO()
        write(journey_event_log(request.journey), out)
        return out.getvalue()

    export.__doc__ = f"The journey's events as an event log ({write.__name__}); no restricted ones."
    return export


EXPORTERS: dict[str, Callable[[ExportRequest], bytes]] = {
    "json": lambda request: write_json(request.journey),
    "csv": lambda request: write_csv(request.journey),
    "png": _figure_exporter("png"),
    "svg": _figure_exporter("svg"),
    "pdf": _figure_exporter("pdf"),
    "html": _figure_exporter("html"),
    "ocel": _event_log_exporter(write_ocel),
    "xes": _event_log_exporter(write_xes),
}
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "ocel": "application/json",
    "xes": "application/xml",
}
# formats that other tools analyse, which never carry a restricted or hidden event, not even in
# a facilitator's own copy (--include-restricted)
EVENT_LOG_FORMATS = frozenset({"ocel", "xes"})
# formats that hold events rather than draw them: a zoom does not cut them, and they list every
# person their events name (so a file filtered to one person imports again)
DATA_FORMATS = frozenset({"json", "csv", *EVENT_LOG_FORMATS})
