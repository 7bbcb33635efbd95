"""A page's view, kept in the address bar without making the address a callback output.

Dash runs a callback when the page holding its inputs is inserted, despite
prevent_initial_call, if any of its outputs lives outside that page, as the address (in the
shell) does. So a page's callbacks write the view's query into a store of the page, and a
clientside callback copies the store into the address: opening a page costs no callback, and
the explorer's charts are not drawn twice.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State

from timeline.pages import ids

QUERY_TO_ADDRESS_JS = """
function (query, search) {
    if (typeof query !== 'string' || query === (search || '')) {
        return window.dash_clientside.no_update;
    }
    return query;
}
"""


def register_address_copy(app: Dash, store: str) -> None:
    """Copy the query the store `store` holds (a string such as "?needs=homelessness") into
    the address whenever it changes and differs."""
    app.clientside_callback(
        QUERY_TO_ADDRESS_JS,
        Output(ids.URL, "search", allow_duplicate=True),
        Input(store, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
