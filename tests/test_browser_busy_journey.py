"""A busy journey (more than 5,000 point events) is drawn in a real browser whether or not
WebGL is allowed: with TOUCHPOINTS_WEBGL the page's CSP lets plotly's WebGL run (without
'unsafe-eval' plotly shows "WebGL is not supported" instead of the chart) and every event is
drawn; without it the chart is an overview of weekly cells (timeline/figures/overview.py), and
the page says how to see every event."""

from __future__ import annotations

import re
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
            "(!!g.querySelector('.no-webgl') || g.querySelectorAll('.hm image').length > 0 || "
            "!!g.querySelector('canvas.gl-canvas-context'))",
            graph,
        )
    )
    assert not dash_duo.find_elements(f"{graph} .no-webgl")  # never "WebGL is not supported"
    canvases = dash_duo.find_elements(f"{graph} canvas.gl-canvas-context")
    assert bool(canvases) == webgl
    cells = dash_duo.find_elements(f"{graph} .hm image")  # plotly draws a heatmap as an image
    note = dash_duo.find_element("#journey-filter-note").text
    if webgl:
        assert not cells and not note
    else:
        assert len(cells) >= len({a.sector for a in large_journey(10).agencies})  # one per sector
        assert len(dash_duo.find_elements(f"{graph} .point")) < 100  # not a mark per event
        assert "7,000 events are too many to draw one by one" in note
        assert 'choose dates under "Filter events"' in note


def test_zooming_a_busy_journeys_cells_draws_the_events_and_zooming_out_the_cells(
    dash_duo, tmp_path: Path
) -> None:  # noqa: ANN001
    settings = Settings(database_url=f"sqlite:///{tmp_path / 't.db'}", load_demo=False)
    open_services(settings).save_journeys([large_journey(7_000, seed=5)])
    dash_duo.start_server(create_app(settings))
    dash_duo.driver.get(dash_duo.server_url + "/journeys/bench")
    plot = "#journey-graph .js-plotly-plot"
    count = (
        "const g = document.querySelector(arguments[0]);"
        "return g ? [g.querySelectorAll('.cartesianlayer .hm image').length,"
        " g.querySelectorAll('.cartesianlayer .point').length] : [0, 0];"
    )
    wait = WebDriverWait(dash_duo.driver, 90)
    wait.until(lambda d: d.execute_script(count, plot)[0] > 0)
    # as a drag across six weeks of the chart does
    dash_duo.driver.execute_script(
        "Plotly.relayout(document.querySelector(arguments[0]),"
        " {'xaxis.range[0]': '2017-03-01', 'xaxis.range[1]': '2017-04-15'});",
        plot,
    )
    wait.until(lambda d: d.execute_script(count, plot)[0] == 0)
    assert dash_duo.driver.execute_script(count, plot)[1] > 50  # the events, one by one
    assert "Zoomed in: every event from 1 Mar 2017" in dash_duo.find_element(plot).text
    ticks = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll(arguments[0] + ' .xtick text')]"
        ".map(t => t.textContent);",
        plot,
    )  # ticks weeks apart name the day ("13 Mar"), not the month over and over
    assert len(ticks) > 3 and all(re.match(r"\d{1,2} [A-Z][a-z]{2}", t) for t in ticks), ticks
    dash_duo.driver.execute_script(  # as a double-click does
        "Plotly.relayout(document.querySelector(arguments[0]), {'xaxis.autorange': true});", plot
    )
    wait.until(lambda d: d.execute_script(count, plot)[0] > 0)
    assert dash_duo.driver.execute_script(count, plot)[1] < 100
