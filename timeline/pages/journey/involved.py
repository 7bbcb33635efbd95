"""The "who is involved" panel: pick a date, see every agency involved then and what it is for."""

from __future__ import annotations

import datetime as dt

from dash import Dash, Input, Output, State, dcc, html, no_update

from schemas import DatePrecision, Journey
from timeline.cycles.timing import DEFAULT_APPROXIMATE_DAYS
from timeline.describe import display_date, plural
from timeline.involvement import (
    DEFAULT_WINDOW_DAYS,
    Involvement,
    default_involvement_date,
    involvement_dates,
    who_is_involved,
)
from timeline.pages import ids
from timeline.pages.inputs import UnusableInputError, key_input
from timeline.service import Services
from timeline.store import JourneyNotFoundError

DATE_LABEL = "Date to look at"
HEADINGS = ("Agency", "Sector", "Status", "Since", "Last contact", "What for", "People")


def involved_heading(on_date: dt.date) -> str:
    """'Who is involved on 2 Mar 2015'."""
    return f"Who is involved on {display_date(on_date, DatePrecision.DAY)}"


def build_involved_rows(involvements: list[Involvement]) -> list[html.Tr]:
    """One table row per agency; the status is written out, never shown by colour alone."""
    return [
        html.Tr(
            [
                html.Th(item.agency, scope="row"),
                html.Td(item.sector),
                html.Td(
                    html.Span(
                        item.status.capitalize(),
                        className="involved-status "
                        + ("involved-open" if item.is_open else "involved-recent"),
                    )
                ),
                html.Td(display_date(item.since, item.since_precision)),
                html.Td(display_date(item.last_contact, item.last_contact_precision)),
                html.Td(item.what_for),
                html.Td(", ".join(item.people)),
            ]
        )
        for item in involvements
    ]


def build_involved_results(
    journey: Journey,
    on_date: dt.date,
    *,
    approximate_days: int = DEFAULT_APPROXIMATE_DAYS,
) -> list:
    """The table of agencies involved on `on_date`, or one sentence when there are none."""
    when = display_date(on_date, DatePrecision.DAY)
    found = who_is_involved(journey, on_date, approximate_days=approximate_days)
    if not found:
        return [
            html.P(
                f"No agency had open support on {when} or contact in the "
                f"{DEFAULT_WINDOW_DAYS} days before it.",
                className="involved-none",
            )
        ]
    opened = sum(item.is_open for item in found)
    caption = (
        f"{plural(len(found), 'agency', 'agencies')} involved on {when}: "
        f"{opened} with open support, {len(found) - opened} with recent contact only"
    )
    return [
        html.Table(
            [
                html.Caption(caption),
                html.Thead(html.Tr([html.Th(h, scope="col") for h in HEADINGS])),
                html.Tbody(build_involved_rows(found)),
            ],
            className="table table-compact involved-table",
        )
    ]


def build_involved_panel(
    journey: Journey,
    on_date: dt.date | None = None,
    *,
    approximate_days: int = DEFAULT_APPROXIMATE_DAYS,
) -> html.Section:
    """Heading, date picker (bounded by the journey's span) and the table for `on_date`."""
    if not journey.events:
        return html.Section(
            [html.H2("Who is involved"), html.P("This journey has no events yet.")],
            id=ids.INVOLVED_PANEL,
            className="panel involved-panel",
        )
    first, last = involvement_dates(journey)
    on_date = on_date or default_involvement_date(journey)
    return html.Section(
        [
            html.H2(involved_heading(on_date), id=ids.INVOLVED_HEADING),
            html.P(
                f"Agencies with an open support period on the date, or any contact in the "
                f"{DEFAULT_WINDOW_DAYS} days before it. Restricted events are never counted.",
                className="hint",
            ),
            html.Div(
                [
                    html.Label(DATE_LABEL, htmlFor=ids.INVOLVED_DATE),
                    dcc.DatePickerSingle(
                        id=ids.INVOLVED_DATE,
                        date=on_date.isoformat(),
                        placeholder=DATE_LABEL,  # dcc uses it as the input's aria-label
                        min_date_allowed=first.isoformat(),
                        max_date_allowed=last.isoformat(),
                        initial_visible_month=on_date.isoformat(),
                        display_format="D MMM YYYY",
                        first_day_of_week=1,
                    ),
                ],
                className="control",
            ),
            html.Div(
                build_involved_results(journey, on_date, approximate_days=approximate_days),
                id=ids.INVOLVED_RESULTS,
                **{"aria-live": "polite"},
            ),
        ],
        id=ids.INVOLVED_PANEL,
        className="panel involved-panel",
        **{"aria-labelledby": ids.INVOLVED_HEADING},
    )


def register_involved_callbacks(app: Dash, services: Services) -> None:
    """Wire the panel: a new date rebuilds the heading and the table."""

    @app.callback(
        Output(ids.INVOLVED_HEADING, "children"),
        Output(ids.INVOLVED_RESULTS, "children"),
        Input(ids.INVOLVED_DATE, "date"),
        State(ids.JOURNEY_KEY, "data"),
        prevent_initial_call=True,
    )
    def _involved(date, key):  # noqa: ANN001, ANN202
        if not date or not key:
            return no_update, no_update
        try:
            journey = services.load_journey(key_input(key))
        except JourneyNotFoundError:
            return no_update, no_update
        try:
            on_date = dt.date.fromisoformat(str(date)[:10])
        except ValueError:
            raise UnusableInputError(
                "The date should be written as year-month-day, e.g. 2015-03-01."
            ) from None
        days = services.rule_set.approximate_days
        return involved_heading(on_date), build_involved_results(
            journey, on_date, approximate_days=days
        )
