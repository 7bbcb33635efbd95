"""The cohort chooser: every stored synthetic cohort, linking to its explorer."""

from __future__ import annotations

from dash import dcc, html

from synthetic.generate import people_at_any_one_time
from timeline.cohorts.suppress import format_count
from timeline.cohorts.tables import CohortInfo
from timeline.describe import plural
from timeline.pages import ids


def _people(info: CohortInfo, threshold: int) -> str:
    """Everyone in the table, and, over a window, how many are in the group at any one time."""
    everyone = format_count(info.people, threshold)
    if info.window_from is None or info.window_to is None:
        return everyone
    at_once = people_at_any_one_time(info.people, info.window_from, info.window_to)
    return f"{format_count(at_once, threshold)} at any one time ({everyone} in all)"


def build_cohorts_page(infos: list[CohortInfo], threshold: int) -> html.Div:
    """The cohort chooser: each stored cohort with its size, date and provenance."""
    if not infos:
        return html.Div(
            [
                html.H1("Cohorts"),
                html.P(
                    "No synthetic cohorts stored yet. Run `touchpoints synth --people 10000 "
                    "--seed 1 --name city` to generate one."
                ),
            ]
        )
    rows = [
        html.Tr(
            [
                html.Th(dcc.Link(i.name, href=f"/cohorts/{i.name}"), scope="row"),
                html.Td(_people(i, threshold)),
                html.Td(format_count(i.events, threshold)),
                html.Td(i.created.strftime("%d %b %Y %H:%M")),
                html.Td(
                    f"{i.coordinated_share:.0%} from {i.coordinated_from:%d %b %Y}"
                    if i.coordinated_from
                    else "none"
                ),
                html.Td(html.Span(i.provenance, className=f"badge badge-{i.provenance}")),
            ],
            **{"data-cohort": i.name},
        )
        for i in infos
    ]
    headings = ("Cohort", "People", "Events", "Created", "Coordinated support", "Provenance")
    return html.Div(
        [
            html.H1("Cohorts"),
            html.P(
                "Synthetic cohorts: generated people, not real records. Open one to explore "
                f"demand, repeat contact and illustrative costs. Counts from 1 to "
                f"{threshold - 1} are shown as <{threshold}."
            ),
            html.Table(
                [
                    html.Caption(f"{plural(len(infos), 'stored cohort')}"),
                    html.Thead(html.Tr([html.Th(h, scope="col") for h in headings])),
                    html.Tbody(rows),
                ],
                id=ids.COHORTS_TABLE,
                className="table",
            ),
        ]
    )
