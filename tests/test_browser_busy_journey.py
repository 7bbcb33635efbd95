"""A busy journey (more than 5,000 point events) is drawn in a real browser whether or not
WebGL is allowed: with TOUCHPOINTS_WEBGL the page's CSP lets plotly's WebGL run (without
'unsafe-eval' plotly shows "WebGL is not supported" instead of the chart); without it the
chart is SVG."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from bench.figures import large_journey
from timeline.service import open_services
from timeline.settings import Settings


@pytest.mark.parametrize("webgl", [False, True], ids=["svg", "webgl"])
def test_a_busy_journey_is_drawn_with_or_without_webgl(dash_duo, tmp_path: Path, webgl) -> None:  # noqa: ANN001
    settings = Settings(database_url=f"sqlite:///{tmp_path / 't.db'}", load_demo=False, webgl=webgl)
    open_services(settings).save_journeys([large_journey(7_000, seed=5)])
    dash_duo.start_server(create_app(settings))
    dash_duo.driver.get(dash_duo.server_url + "/journeys/bench")
    graph = "#journey-graph"
    WebDriverWait(dash_duo.driver, 90).until(
        lambda d: d.execute_script(
            "const g = document.querySelector(arguments[0]);"
            "return !!g && !!g.querySelector('.main-svg') && "
            "(!!g.querySelector('.no-webgl') || g.querySelectorAll('.point').length > 1000 || "
            "!!g.querySelector('canvas.gl-canvas-context'))",
            graph,
        )
    )
    assert not dash_duo.find_elements(f"{graph} .no-webgl")  # never "WebGL is not supported"
    canvases = dash_duo.find_elements(f"{graph} canvas.gl-canvas-context")
    assert bool(canvases) == webgl
    if not webgl:
        assert len(dash_duo.find_elements(f"{graph} .point")) > 5_000  # every mark as SVG
