"""One synthetic person of a cohort: their swimlane, cycles and events, read-only.

Shown only when the address names a list of people the person is on (a filter and a chart mark,
as the explorer's drill-down links carry) and that list has TOUCHPOINTS_SUPPRESS_BELOW or more
people; the page then shows only the attributes that list showed.
"""

from __future__ import annotations

from dash import dcc, html

from timeline.cohorts.drill import list_people, refuse_person
from timeline.cohorts.person import build_person_journey
from timeline.describe import display_span
from timeline.figures import SwimlaneOptions, build_swimlane_figure
from timeline.pages import ids
from timeline.pages.explorer.state import (
    ExplorerState,
    explorer_query,
    parse_person_query,
)
from timeline.pages.explorer.view import catalog_for
from timeline.pages.journey.page import build_events_table
from timeline.pages.journey_view import SCREEN_LANE_PITCH_PX, JourneyView
from timeline.service import Services


def build_person_view(services: Services, name: str, person: int) -> JourneyView:
    """The person as a journey, with cycles found by the configured rules, drawn as a swimlane.

    CohortNotFoundError for an unknown cohort, IndexError for an unknown person.
    """
    journey = build_person_journey(catalog_for(services).prepared(name), person)
    cycles = services.find_cycles(journey)
    options = SwimlaneOptions(
        lane_pitch_px=SCREEN_LANE_PITCH_PX,
        show_title=False,
        approximate_days=services.rule_set.approximate_days,
    )
    figure = build_swimlane_figure(journey, cycles, options)
    return JourneyView(journey, cycles, figure, "", options, journey)


NO_LIST = (
    "A person's page opens from a list of people in the explorer: click a bar, point or path "
    "in a chart, then a person on the list."
)


def render_cohort_person_page(
    services: Services, name: str, person: int, search: str | None
) -> html.Div:
    """The person's page if the address names a list of enough people that they are on, else
    a plain refusal (CohortNotFoundError for an unknown cohort, IndexError for a person)."""
    threshold = services.settings.suppress_below
    prepared = catalog_for(services).prepared(name)
    if not 0 <= person < prepared.people:
        raise IndexError(f"cohort {name!r} has no person {person}")
    chosen, mark = parse_person_query(search)
    back = explorer_query(ExplorerState(chosen))
    if mark is None:
        return build_person_refused_page(name, NO_LIST, threshold, back)
    listing = list_people(prepared, chosen, mark, threshold)
    reason = refuse_person(listing, person, threshold)
    if reason:
        return build_person_refused_page(name, reason, threshold, back)
    view = build_person_view(services, name, person)
    return build_cohort_person_page(view, name, listing.columns.kept, back)


def build_person_refused_page(cohort: str, reason: str, threshold: int, back: str) -> html.Div:
    """What a person page shows instead of the person: why, and the way back."""
    return html.Div(
        [
            html.H1("This person's page is not shown"),
            html.P(reason, id="cohort-person-refused"),
            html.P(
                f"A person's page is shown only for someone on a list of {threshold} or more "
                "people, opened from that list, so that nobody in a smaller group can be "
                "picked out."
            ),
            dcc.Link(
                f"Back to cohort {cohort}",
                href=f"/cohorts/{cohort}{back}",
                className="button button-small",
            ),
        ]
    )


def _details(person: object, shown: tuple[str, ...]) -> str:
    """The person's age band, gender and needs that the list showed, and what it left out."""
    needs = ", ".join(n.value.replace("_", " ") for n in person.needs) or "none recorded"
    values = {
        "age_band": f"Age band {person.age_band.value}",
        "gender": f"gender {person.gender.value}",
        "needs": f"needs: {needs}",
    }
    told = [text for column, text in values.items() if column in shown]
    hidden = [c.replace("_", " ") for c in values if c not in shown]
    out = "; ".join(told) + ". " if told else ""
    if hidden:
        out += f"Not shown here, as on the list this page was opened from: {', '.join(hidden)}. "
    return out[:1].upper() + out[1:]


def build_cohort_person_page(
    view: JourneyView,
    cohort: str,
    shown: tuple[str, ...] = (),
    back: str = "",
) -> html.Div:
    """Title, synthetic badge, the swimlane, its cycles and every event as a table; of the
    person's age band, gender and needs only those in `shown` (the list's kept columns)."""
    journey = view.journey
    person = journey.people[0]
    cycles = [
        html.H2("Revolving-door cycles"),  # no count in the heading: it would be a small number
        html.Ul(
            [
                html.Li(
                    [
                        html.Strong(c.label),
                        f" {display_span(c.start, c.end)}"
                        + (" · high" if c.severity == "high" else "")
                        + (" · possible" if c.certainty == "possible" else ""),
                        html.Br(),
                        html.Span(c.explanation, className="cycle-explanation"),
                    ]
                )
                for c in view.cycles
            ]
        )
        if view.cycles
        else html.P("No revolving-door cycles found with the current rules."),
    ]
    events = build_events_table(view)
    events.children[0] = html.Summary("Every event as a table")
    return html.Div(
        [
            html.Div(
                [
                    html.H1(journey.title),
                    html.Span(
                        "synthetic",
                        className="badge badge-synthetic",
                        title="Synthetic: generated by a model, not a real person.",
                    ),
                    dcc.Link(
                        f"Back to cohort {cohort}",
                        href=f"/cohorts/{cohort}{back}",
                        className="button button-small",
                    ),
                ],
                className="title-row",
            ),
            html.P(
                _details(person, shown)
                + "Generated by the synthetic cohort model: not a real person, dates invented.",
                className="provenance-note",
                id="cohort-person-summary",
            ),
            html.Div(
                dcc.Graph(
                    id=ids.COHORT_PERSON_GRAPH,
                    figure=view.figure,
                    config={"displaylogo": False},
                    style={"height": f"{view.figure['layout']['height']}px"},
                ),
                className="graph-wrap",
                # the chart's room is kept while plotly loads, so nothing below it jumps (CLS)
                style={"minHeight": f"{view.figure['layout']['height']}px"},
                **{"aria-describedby": ids.EVENTS_TABLE},
            ),
            html.Div(
                [
                    html.Section(
                        cycles,
                        className="panel",
                        **{"aria-label": "Revolving-door cycles"},
                    ),
                ],
                className="panels",
            ),
            events,
        ],
        **{"data-journey": journey.key},
    )
