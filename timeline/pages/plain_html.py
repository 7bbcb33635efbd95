"""HTML elements for long tables, built as the plain JSON Dash's renderer reads.

Constructing a Dash component checks its arguments and its plain form is found by walking its
properties; for a table of a few hundred rows that is most of a page's time on the server (a
110-event journey's table: about 20 ms as `html.Td` components, under 2 ms as these). A
PlainElement is drawn exactly as the `dash.html` component of the same tag: its `to_plotly_json`
gives the same `type`, `namespace` and `props`, and its text children are text, never HTML.
Use them only inside a real component (e.g. an `html.Tbody`), for elements no callback targets.
"""

from __future__ import annotations

NAMESPACE = "dash_html_components"


class PlainElement:
    """An `html.<tag>` without Dash's checks: `children` (text, numbers, elements or a list of
    them) and properties such as `className`, `scope` or `colSpan`."""

    __slots__ = ("children", "props", "tag")

    def __init__(self, tag: str, children: object = None, **props: object) -> None:
        self.tag = tag
        self.children = children
        self.props = props

    def to_plotly_json(self) -> dict:
        """The element as Dash's renderer reads a component."""
        return {
            "type": self.tag,
            "namespace": NAMESPACE,
            "props": self.props | {"children": self.children},
        }

    def __repr__(self) -> str:
        return f"PlainElement({self.tag!r}, {self.children!r})"


def table_row(cells: list[object], **props: object) -> PlainElement:
    """A `tr` of `td` cells, one per value."""
    return PlainElement("Tr", [PlainElement("Td", cell) for cell in cells], **props)
