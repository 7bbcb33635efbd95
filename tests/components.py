"""Reading Dash component trees in tests, as the router builds them, without a browser."""

from __future__ import annotations

from collections.abc import Iterator


def walk(component) -> Iterator:  # noqa: ANN001 - any Dash component
    """The component and everything inside it, depth first."""
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, list | tuple):
        for child in children:
            yield from walk(child)
    elif children is not None and not isinstance(children, str | int | float):
        yield from walk(children)


def text_of(component) -> str:  # noqa: ANN001
    """All the text the tree shows, joined with spaces."""
    return " ".join(
        str(c.children)
        for c in walk(component)
        if isinstance(getattr(c, "children", None), str | int)
    )
