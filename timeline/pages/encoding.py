"""Callback answers and the layout encoded by orjson in one pass.

Dash encodes with plotly's `to_json_plotly`, which tries orjson first, fails on the first Dash
component (orjson does not know the class), and then walks the whole answer in Python
(`clean_to_json_compatible`, copying every figure) before encoding it again: about half of an
explorer answer's time went there. `encode_answer` gives orjson a `default` that turns a
component (or a plotly figure) into its plain form as orjson meets it, so the answer is walked
once, in C. What orjson cannot encode on its own (an object array, a pandas value) goes to
plotly's own converter, so nothing encodes differently; the same characters are escaped as
plotly escapes them (`<`, `>`, `/`, U+2028, U+2029), so an answer is safe inside a page.

`install_answer_encoder` points Dash at it once, at app creation: Dash's modules import
`to_json` by name, so each is given ours.
"""

from __future__ import annotations

import importlib

import numpy as np
import orjson
import pandas as pd
import plotly.io.json as plotly_json
from plotly.io._json import clean_to_json_compatible

OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
# plotly's _swap_orjson: what must not appear raw in JSON inside a <script>
_ESCAPES = (
    (b"<", b"\\u003c"),
    (b">", b"\\u003e"),
    (b"/", b"\\u002f"),
    ("\u2028".encode(), b"\\u2028"),
    ("\u2029".encode(), b"\\u2029"),
)
# Dash's modules that call to_json by the name they imported (dash 4.x)
DASH_MODULES = ("dash._utils", "dash._callback", "dash.dash", "dash._validate")
_PLOTLY_MODULES = {"sage_all": None, "np": np, "pd": pd, "image": None}


def _plain(value: object) -> object:
    """What orjson cannot encode itself, in a form it can: components and figures by their
    own plain form, anything else by plotly's converter."""
    to_plain = getattr(value, "to_plotly_json", None)
    if to_plain is not None:
        return to_plain()
    plain = clean_to_json_compatible(
        value, numpy_allowed=True, datetime_allowed=True, modules=_PLOTLY_MODULES
    )
    if plain is value:
        raise TypeError(f"cannot encode {type(value).__name__} as JSON")
    return plain


def encode_answer(value: object) -> str:
    """`value` (components, figures, numbers, text) as JSON text, as Dash sends it."""
    out = orjson.dumps(value, default=_plain, option=OPTIONS)
    for raw, escaped in _ESCAPES:
        if raw in out:
            out = out.replace(raw, escaped)
    return out.decode()


def install_answer_encoder() -> None:
    """Make Dash encode every answer and the layout with `encode_answer` (idempotent); an error
    when a Dash module no longer has the `to_json` this replaces, so an upgrade is noticed."""
    plotly_json.config.default_engine = "orjson"  # plotly's own encoding never falls back
    for name in DASH_MODULES:
        module = importlib.import_module(name)
        if not callable(getattr(module, "to_json", None)):
            raise RuntimeError(f"{name}.to_json is gone: check how this Dash encodes answers")
        module.to_json = encode_answer
