"""Plain table elements reach the browser exactly as the Dash components they stand for."""

from __future__ import annotations

import json

from dash import html

from timeline.pages.encoding import encode_answer
from timeline.pages.plain_html import PlainElement, table_row


def test_a_plain_row_is_sent_as_the_dash_row_of_the_same_cells() -> None:
    cells = ["17 Nov 2014", "", "<b>Whitefriars</b> & co", 3]
    plain = html.Tbody([table_row(cells, className="row")])
    made = html.Tbody([html.Tr([html.Td(c) for c in cells], className="row")])
    assert json.loads(encode_answer(plain)) == json.loads(encode_answer(made))


def test_text_in_a_plain_element_stays_text() -> None:
    sent = encode_answer(PlainElement("Td", "<script>alert(1)</script>"))
    assert "<script>" not in sent  # escaped as Dash escapes it, and drawn by React as text
    assert json.loads(sent)["props"]["children"] == "<script>alert(1)</script>"
