"""Image and HTML export of a figure: real bytes checked (PNG header, SVG text, PDF page, HTML)."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET

import plotly.graph_objects as go
import pytest

from tests.factories import make_journey
from timeline.figures import image
from timeline.figures.image import (
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    ImageExportError,
    export_size,
    full_timeline,
    render_figure,
)
from timeline.figures.swimlane import build_swimlane_figure

WIDTH, HEIGHT, SCALE = 800, 450, 1.5
LANES = ("Cyrenians", "West Midlands Police", "Foodbank")
TITLE = "Test household (illustrative)"


def _zoomed_figure(title: str | None = None) -> dict:
    """The swimlane's plain figure dict, as the app passes it to an export, zoomed in."""
    journey = make_journey()
    if title is not None:
        journey = journey.model_copy(update={"title": title})
    figure = build_swimlane_figure(journey)
    figure["layout"]["xaxis"]["range"] = ["2015-01-10", "2015-01-20"]  # as if a user zoomed in
    return figure


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, chunk = struct.unpack(">I4s", data[8:16])
    assert chunk == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def figure() -> dict:
    return _zoomed_figure()


@pytest.fixture(scope="module")
def png(figure: dict) -> bytes:
    return render_figure(figure, "png", width=WIDTH, height=HEIGHT, scale=SCALE)


@pytest.fixture(scope="module")
def svg(figure: dict) -> bytes:
    return render_figure(figure, "svg")


@pytest.fixture(scope="module")
def html_page() -> str:
    return render_figure(_zoomed_figure("<script>alert('x')</script> & co"), "html").decode()


@pytest.mark.browser
def test_png_has_the_requested_pixel_size_times_scale(png: bytes) -> None:
    assert _png_size(png) == (int(WIDTH * SCALE), int(HEIGHT * SCALE))


@pytest.mark.browser
def test_png_defaults_to_a_16_9_slide(figure: dict) -> None:
    assert _png_size(render_figure(figure, "png")) == (SLIDE_WIDTH, SLIDE_HEIGHT)


@pytest.mark.browser
def test_svg_is_xml_with_the_title_and_lane_labels(svg: bytes) -> None:
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert (root.get("width"), root.get("height")) == (str(SLIDE_WIDTH), str(SLIDE_HEIGHT))
    text = " ".join("".join(root.itertext()).split())
    assert TITLE in text
    for lane in LANES:
        assert lane in text


@pytest.mark.browser
def test_svg_shows_the_full_timeline_not_the_zoomed_view(svg: bytes) -> None:
    text = "".join(ET.fromstring(svg).itertext())
    assert "Mar" in text  # the hostel stay runs to March; the zoom stopped at 20 January


@pytest.mark.browser
def test_pdf_has_one_page(figure: dict) -> None:
    pdf = render_figure(figure, "pdf")
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    assert pdf.rstrip().endswith(b"%%EOF")


def test_html_is_self_contained_with_a_title(html_page: str) -> None:
    assert html_page.startswith("<!doctype html>")
    assert "<title>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co</title>" in html_page
    assert '<script src="https://' not in html_page
    assert "plotly.js v" in html_page  # the library itself, inlined
    assert not re.search(r"<script[^>]*\bsrc=", html_page)  # nothing fetched: works offline


def test_html_escapes_user_text(html_page: str) -> None:
    assert "<script>alert" not in html_page
    assert "alert('x')" not in html_page


def test_html_shows_the_full_timeline(html_page: str) -> None:
    assert '"autorange":true' in html_page
    assert "2015-01-20" not in html_page


def test_full_timeline_resets_only_the_x_axis() -> None:
    zoomed = _zoomed_figure()
    full = full_timeline(zoomed)
    assert full.layout.xaxis.range is None and full.layout.xaxis.autorange is True
    assert list(full.layout.yaxis.range) == zoomed["layout"]["yaxis"]["range"]
    assert zoomed["layout"]["xaxis"]["range"] == ["2015-01-10", "2015-01-20"]  # untouched


@pytest.mark.parametrize(
    ("own_height", "asked", "expected"),
    [
        pytest.param(300, (None, None), (SLIDE_WIDTH, SLIDE_HEIGHT), id="short-fills-slide"),
        pytest.param(1400, (None, None), (SLIDE_WIDTH, 1400), id="tall-not-squashed"),
        pytest.param(1400, (1000, 500), (1000, 500), id="asked-size-wins"),
    ],
)
def test_export_size(
    own_height: int, asked: tuple[int | None, int | None], expected: tuple[int, int]
) -> None:
    assert export_size(go.Figure(layout={"height": own_height}), *asked) == expected


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="png, svg, pdf, html"):
        render_figure(go.Figure(), "gif")


@pytest.mark.parametrize(
    "browser",
    [pytest.param("/nonexistent/chromium", id="missing"), pytest.param("/bin/false", id="fails")],
)
def test_no_working_browser_says_what_to_install(
    browser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(image, "_session", None)  # leave any open browser to the other tests
    monkeypatch.setenv("BROWSER_PATH", browser)
    with pytest.raises(ImageExportError, match="apt-get install chromium"):
        render_figure(go.Figure(), "png")
