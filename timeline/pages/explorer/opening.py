"""What the explorer shows while a cohort opens: a status naming the cohort and its size in place
of the page, until the cohort's first callback has read it and the page is drawn over it.

A cohort already in memory (the last two opened, and the newest two from start-up) opens at
once, with no status and no extra request. One that is not can take seconds (a city cohort read
from its files, a national one longer), so the router sends this page first; its one callback
builds the explorer into it. Ids carry the cohort's name so that a page left while it opens
never receives another cohort's explorer.
"""

from __future__ import annotations

from dash import dcc, html

from timeline.cohorts.suppress import format_count
from timeline.cohorts.tables import CohortInfo
from timeline.pages import ids
from timeline.pages.explorer.page import build_explorer_page
from timeline.pages.explorer.state import parse_explorer_query
from timeline.pages.explorer.view import CohortCatalog, build_explorer_view
from timeline.store import CohortNotFoundError


def opening_text(info: CohortInfo, threshold: int) -> str:
    """What the page says while the cohort opens."""
    people = format_count(info.people, threshold)
    return (
        f"Opening cohort {info.name} ({people} people)… "
        "this can take a few seconds for a large cohort."
    )


def build_opening_page(info: CohortInfo, threshold: int) -> html.Div:
    """The page while cohort `info` opens: its title and a status, replaced by the explorer."""
    return html.Div(
        [
            dcc.Store(id={"type": ids.EXPLORER_OPENING_NAME, "cohort": info.name}, data=info.name),
            html.Div(
                html.Div(
                    [
                        html.H1(f"Cohort {info.name}"),
                        html.P(
                            opening_text(info, threshold),
                            id=ids.EXPLORER_OPENING_STATUS,
                            role="status",
                            className="opening-status",
                        ),
                    ],
                ),
                id={"type": ids.EXPLORER_OPENING, "cohort": info.name},
            ),
        ],
        className="explorer-opening",
    )


def open_explorer(
    catalog: CohortCatalog, name: str, search: str | None, threshold: int
) -> html.Div:
    """The explorer for cohort `name` under the address's query, reading it if need be
    (CohortNotFoundError when there is none)."""
    view = build_explorer_view(catalog, name, parse_explorer_query(search), threshold)
    others = [i.name for i in catalog.infos() if i.name != name]
    return build_explorer_page(view, others)


def render_explorer(
    catalog: CohortCatalog, name: str, search: str | None, threshold: int
) -> html.Div:
    """The explorer when the cohort is in memory, else the page that says it is opening (whose
    callback calls open_explorer); CohortNotFoundError when there is no such cohort."""
    info = catalog.info(name)
    if info is None:
        raise CohortNotFoundError(f"There is no cohort called {name!r}.")
    if not catalog.is_open(info):
        return build_opening_page(info, threshold)
    return open_explorer(catalog, name, search, threshold)
