"""The journeys page: every stored case study, with its counts, linking to its swimlane."""

from __future__ import annotations

from dash import dcc, html

from schemas import JourneySummary
from timeline.describe import display_span, plural
from timeline.pages import ids

_HEADINGS = ("Journey", "People", "Dates", "Agencies", "Sectors", "Events", "Provenance")


def _dates(summary: JourneySummary) -> str:
    if summary.first_date is None or summary.last_date is None:
        return "no events yet"
    return display_span(summary.first_date, summary.last_date)


def build_journeys_page(summaries: list[JourneySummary]) -> html.Div:
    """A table of journeys; each title links to /journeys/<key>."""
    if not summaries:
        return html.Div(
            [
                html.H1("Journeys"),
                html.P(
                    "No journeys stored yet. Run `touchpoints demo` to add the demo case "
                    "studies, or `touchpoints import FILE` to add your own."
                ),
            ]
        )
    rows = [
        html.Tr(
            [
                html.Th(dcc.Link(s.title, href=f"/journeys/{s.key}"), scope="row"),
                html.Td(s.people),
                html.Td(_dates(s)),
                html.Td(s.agencies),
                html.Td(s.sectors),
                html.Td(s.events),
                html.Td(
                    html.Span(s.provenance.value, className=f"badge badge-{s.provenance.value}")
                ),
            ],
            **{"data-key": s.key},
        )
        for s in summaries
    ]
    return html.Div(
        [
            html.H1("Journeys"),
            html.P("Open a journey to see its swimlane timeline across the agencies involved."),
            html.Table(
                [
                    html.Caption(f"{plural(len(summaries), 'stored journey')}"),
                    html.Thead(html.Tr([html.Th(h, scope="col") for h in _HEADINGS])),
                    html.Tbody(rows),
                ],
                id=ids.JOURNEYS_TABLE,
                className="table",
            ),
        ]
    )
