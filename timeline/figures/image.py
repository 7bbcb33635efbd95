"""A figure as a slide-sized PNG, SVG or PDF (kaleido, system Chromium) or offline HTML page."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import html
import os
import re
import shutil
import threading
from collections.abc import Coroutine, Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

SLIDE_WIDTH = 1600  # 16:9, sharp on a 1080p projector without being huge in a report
SLIDE_HEIGHT = 900
IMAGE_FORMATS = ("png", "svg", "pdf")
FORMATS = (*IMAGE_FORMATS, "html")
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome")
INSTALL_HINT = (
    "install Chromium (apt-get install chromium) or set BROWSER_PATH to a Chrome/Chromium "
    "executable; kaleido must be installed too (pip install 'kaleido>=1')"
)
START_TIMEOUT_S = 60.0
RENDER_TIMEOUT_S = 60.0
_TAG = re.compile(r"<[^>]*>")


class ImageExportError(RuntimeError):
    """A figure could not be rendered: no browser, no kaleido, or the browser failed."""


def find_browser() -> str | None:
    """The browser kaleido should drive: $BROWSER_PATH if set, else chromium found on PATH."""
    if override := os.environ.get("BROWSER_PATH"):
        return override
    return next((path for name in BROWSER_NAMES if (path := shutil.which(name))), None)


class _BrowserSession:
    """One headless Chromium on a private event loop, so only the first export pays start-up."""

    def __init__(self, browser: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        try:
            self._kaleido = self._run(self._open(browser), START_TIMEOUT_S)
        except BaseException:
            self._stop_loop()
            raise

    @staticmethod
    async def _open(browser: str) -> Any:
        import kaleido

        # path= skips choreographer's search (which prefers a downloaded Chrome); mathjax=False
        # stops the render page loading MathJax from a CDN, which fails offline.
        session = kaleido.Kaleido(path=browser, mathjax=False, timeout=RENDER_TIMEOUT_S)
        try:
            await session.open()
        except BaseException:
            await session.close()
            raise
        return session

    def _run(self, coroutine: Coroutine[Any, Any, Any], timeout: float) -> Any:
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    def render(self, figure: dict, opts: dict) -> bytes:
        return self._run(self._kaleido.calc_fig(figure, opts=opts), RENDER_TIMEOUT_S + 5)

    def close(self) -> None:
        try:
            self._run(self._kaleido.close(), 15)
        finally:
            self._stop_loop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(15)


_session: _BrowserSession | None = None
_session_lock = threading.Lock()


def _open_session() -> _BrowserSession:
    global _session
    with _session_lock:
        if _session is not None:
            return _session
        browser = find_browser()
        if browser is None or not os.access(browser, os.X_OK):
            raise ImageExportError(f"No browser to render images with ({browser}): {INSTALL_HINT}.")
        try:
            _session = _BrowserSession(browser)
        except ImportError as error:
            raise ImageExportError(f"kaleido is not installed: {INSTALL_HINT}.") from error
        except Exception as error:
            raise ImageExportError(
                f"Could not start {browser} for image export ({_reason(error)}); {INSTALL_HINT}."
            ) from error
        return _session


def _reason(error: BaseException) -> str:
    first = str(error.args[0]) if error.args else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def close_browser() -> None:
    """Close the shared export browser, if open; the next image export starts a new one."""
    _discard(_session)


def _discard(session: _BrowserSession | None) -> None:
    global _session
    with _session_lock:
        if session is None or session is not _session:
            return  # another thread already replaced it
        _session = None
    with contextlib.suppress(Exception):  # Chromium also exits once its debugging pipe closes
        session.close()


atexit.register(close_browser)


def figure_title(figure: go.Figure, default: str = "Touchpoints timeline") -> str:
    """The figure's title as plain text (markup removed, entities decoded)."""
    plain = html.unescape(_TAG.sub(" ", figure.layout.title.text or "")).split()
    return " ".join(plain) or default


def full_timeline(figure: go.Figure | dict) -> go.Figure:
    """A copy of the figure (a Figure, or a plain figure dict, validated here) with every x axis
    autoranged over all data, undoing any zoom."""
    full = go.Figure(figure)
    full.update_xaxes(range=None, autorange=True)
    return full


def export_size(figure: go.Figure, width: int | None, height: int | None) -> tuple[int, int]:
    """Slide size by default, but never shorter or narrower than the figure was built."""
    own_width, own_height = figure.layout.width or 0, figure.layout.height or 0
    return width or max(own_width, SLIDE_WIDTH), height or max(own_height, SLIDE_HEIGHT)


def render_figure(
    figure: go.Figure | dict,
    fmt: str,
    *,
    width: int | None = None,
    height: int | None = None,
    scale: float = 1.0,
    x_range: Sequence | None = None,
) -> bytes:
    """PNG, SVG or PDF of the full timeline at slide size, or a self-contained HTML page; only
    the x range `x_range` of it when given (a view's zoom, as `touchpoints export --from --to`)."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if any(v is not None and v <= 0 for v in (width, height)) or scale <= 0:
        raise ValueError("width, height and scale must be positive")
    full = full_timeline(figure)
    if x_range:
        full.update_xaxes(range=list(x_range), autorange=False)
    if fmt == "html":
        return _render_html(full, width, height)
    out_width, out_height = export_size(full, width, height)
    opts = {"format": fmt, "width": out_width, "height": out_height, "scale": scale}
    session = _open_session()
    try:
        return session.render(full.to_dict(), opts)
    except Exception as error:
        _discard(session)  # the browser may be wedged; the next export starts afresh
        raise ImageExportError(
            f"Rendering {fmt} failed ({_reason(error)}); {INSTALL_HINT}."
        ) from error


def _render_html(figure: go.Figure, width: int | None, height: int | None) -> bytes:
    if width:
        figure.update_layout(width=width)
    if height:
        figure.update_layout(height=height)
    page = pio.to_html(
        figure,
        include_plotlyjs=True,  # inline: workshops may be offline
        include_mathjax=False,
        full_html=True,
        config={"displaylogo": False, "responsive": True},
        default_width=f"{width}px" if width else "100%",
        default_height=f"{figure.layout.height or SLIDE_HEIGHT}px",
    )
    page = _script_safe_figure(page, figure)
    title = f"<title>{html.escape(figure_title(figure))}</title>"
    return page.replace("<head>", f"<head>\n    {title}", 1).encode("utf-8")


def _script_safe(json_text: str) -> str:
    """JSON that cannot end its <script> early: < > & written as \\u escapes (same values)."""
    return json_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _script_safe_figure(page: str, figure: go.Figure) -> str:
    """The page with the figure's JSON escaped, so no text in it ('</script>') is read as HTML."""
    from plotly.io.json import to_json_plotly

    head, call, tail = page.rpartition("Plotly.newPlot(")
    figure_dict = figure.to_dict()
    for part in (figure_dict.get("data", []), figure_dict.get("layout", {})):
        raw = to_json_plotly(part)
        if raw not in tail:
            raise ImageExportError("plotly wrote the HTML page in an unexpected form")
        tail = tail.replace(raw, _script_safe(raw), 1)
    return head + call + tail
