"""Answers encoded by orjson in one pass (issue 14, item 7): the same JSON text plotly's encoder
gives, and the app's answers never fall back to plotly's walk of the whole answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.io._json as plotly_json_module
import pytest
from dash import dcc, html
from plotly.io.json import to_json_plotly

from app import create_app
from tests.webclient import page_callback
from timeline.pages.encoding import DASH_MODULES, encode_answer
from timeline.settings import Settings

SAMPLES = [
    pytest.param({"n": np.int64(3), "x": np.arange(4), "f": np.array([1.5, np.nan])}, id="numpy"),
    pytest.param({"text": np.array(["a", None, 2], dtype=object)}, id="object-array"),
    pytest.param([pd.Timestamp("2024-01-02 03:04"), dt.date(2024, 5, 6)], id="dates"),
    pytest.param(pd.Series([1, 2, 3]), id="series"),
    pytest.param("</script><script>alert(1)</script>\u2028", id="script-in-text"),
    pytest.param(
        html.Div(
            [
                html.P("a < b & c > d", id={"type": "x", "chart": "paths"}),
                dcc.Graph(figure={"data": [{"type": "bar", "y": np.array([1, 2])}], "layout": {}}),
            ],
            **{"aria-describedby": "t"},
        ),
        id="components-and-a-figure",
    ),
]


@pytest.mark.parametrize("value", SAMPLES)
def test_the_same_text_as_plotlys_encoder(value: object) -> None:
    assert encode_answer(value) == to_json_plotly(value)


def test_what_cannot_be_encoded_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        encode_answer({"x": object()})


def test_the_app_answers_without_plotlys_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}"))  # demo loaded
    for name in DASH_MODULES:  # every Dash module that encodes answers uses ours
        assert __import__(name, fromlist=["to_json"]).to_json is encode_answer

    def fell_back(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("plotly walked the answer in Python")

    monkeypatch.setattr(plotly_json_module, "clean_to_json_compatible", fell_back)
    client = app.server.test_client()
    client.get("/")
    answer = page_callback(app, client, "/journeys/coventry-couple")
    assert answer.status_code == 200
    assert b"journey-graph" in answer.get_data()  # the page, with its chart
    with pytest.raises(AssertionError, match="walked"):  # the check itself can fail
        to_json_plotly([html.Div("x")])
