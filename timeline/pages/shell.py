"""The frame around every page: header, navigation, the page slot and a privacy note."""

from __future__ import annotations

from dash import dcc, html

from timeline.pages import ids


def build_shell() -> html.Div:
    """The app's fixed layout; the router fills the page slot."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            html.A("Skip to content", href=f"#{ids.PAGE}", className="skip-link"),
            html.Header(
                [
                    dcc.Link("Touchpoints", href="/", className="brand"),
                    html.Nav(
                        [
                            dcc.Link("Journeys", href="/"),
                            dcc.Link("Compare", href="/compare"),
                            dcc.Link("Cohorts", href="/cohorts"),
                            dcc.Link("Import", href="/import"),
                        ],
                        **{"aria-label": "Main"},
                    ),
                ],
                className="topbar",
            ),
            html.Main(id=ids.PAGE, className="page", **{"tabIndex": "-1"}),
            html.Footer(
                "Demo case studies are illustrative: invented dates, no real person's data.",
                className="footer",
            ),
        ],
        id="main",
    )
