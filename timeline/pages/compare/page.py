"""The compare page: pick two journeys, see them one above the other on one time scale."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, html, no_update

from schemas import JourneySummary
from timeline.access import Action
from timeline.pages import ids
from timeline.pages.compare.view import CompareState, build_comparison, compare_query
from timeline.pages.inputs import text_input
from timeline.pages.journey_view import JourneyView, align_choices
from timeline.service import Services
from timeline.store import JourneyNotFoundError


def _picker(label: str, ident: str, options: list, value: str | None, hint: str) -> html.Div:
    return html.Div(
        [
            html.Label(label, htmlFor=ident),
            dcc.Dropdown(id=ident, options=options, value=value, placeholder=hint),
        ],
        className="control control-wide",
    )


def build_compare_charts(views: list[JourneyView], state: CompareState) -> list:
    """The two charts, each with its text alternative, or a line saying what to choose."""
    if len(views) < 2:
        return [html.P("Choose two journeys to compare.", className="hint")]
    lined_up = (
        "Both aligned on the chosen event: x is days since it."
        if state.aligned and all(v.options.align_on for v in views)
        else "Both on the same calendar dates."
    )
    charts: list = [html.P(lined_up, className="hint", role="status")]
    for index, view in enumerate(views):
        description_id = f"compare-description-{index}"
        charts.append(
            html.Section(
                [
                    html.Div(
                        dcc.Graph(
                            id=f"compare-graph-{index}",
                            figure=view.figure,
                            config={"displaylogo": False},
                            style={"height": f"{view.figure['layout']['height']}px"},
                        ),
                        className="graph-wrap",
                        **{"aria-describedby": description_id},
                    ),
                    html.Details(
                        [
                            html.Summary("Text description"),
                            html.Div(
                                [html.P(line) for line in view.description.split("\n")],
                                id=description_id,
                            ),
                        ]
                    ),
                ],
                className="compare-chart",
                **{"aria-label": view.journey.title},
            )
        )
    return charts


def build_event_options(services: Services, key: str | None) -> list[dict]:
    """Events of one journey to align on ([] when none is chosen or it has gone)."""
    try:
        return align_choices(services.load_journey(key)) if key else []
    except JourneyNotFoundError:
        return []


def build_compare_page(
    services: Services,
    journeys: list[JourneySummary],
    state: CompareState,
) -> html.Div:
    """Two journey pickers, an optional event to align each on, and the two charts."""
    options = [{"label": j.title, "value": j.key} for j in journeys]
    try:
        views = build_comparison(services, state)
    except JourneyNotFoundError as missing:
        views, state = [], CompareState()
        note = html.P(f"{missing} Choose two journeys from the lists.", className="alert")
    else:
        note = html.Span()
    return html.Div(
        [
            html.H1("Compare two journeys"),
            note,
            html.Div(
                [
                    _picker("Top journey", ids.COMPARE_A, options, state.a, "choose a journey"),
                    _picker("Bottom journey", ids.COMPARE_B, options, state.b, "choose a journey"),
                ],
                className="controls",
            ),
            html.Div(
                [
                    _picker(
                        "Align the top journey on",
                        ids.COMPARE_ALIGN_A,
                        build_event_options(services, state.a),
                        state.align_a,
                        "calendar dates",
                    ),
                    _picker(
                        "Align the bottom journey on",
                        ids.COMPARE_ALIGN_B,
                        build_event_options(services, state.b),
                        state.align_b,
                        "calendar dates",
                    ),
                ],
                className="controls",
            ),
            html.P(
                "Choose an event in both journeys (for example each person's first release) to "
                "line them up on it; leave both blank to compare calendar dates.",
                className="hint",
            ),
            html.Div(build_compare_charts(views, state), id=ids.COMPARE_CHARTS),
        ]
    )


def register_compare_callbacks(app: Dash, services: Services) -> None:
    """Redraw the charts and keep the URL in step with the four pickers."""

    @app.callback(
        Output(ids.COMPARE_CHARTS, "children"),
        Output(ids.COMPARE_ALIGN_A, "options"),
        Output(ids.COMPARE_ALIGN_B, "options"),
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.COMPARE_A, "value"),
        Input(ids.COMPARE_B, "value"),
        Input(ids.COMPARE_ALIGN_A, "value"),
        Input(ids.COMPARE_ALIGN_B, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _compare(a, b, align_a, align_b, search):  # noqa: ANN001, ANN202
        services.require(Action.COMPARE)  # the role may use this page
        a, b = text_input(a, "first journey", limit=200), text_input(b, "second journey", limit=200)
        align_a = text_input(align_a, "event to align the first journey on", limit=200)
        align_b = text_input(align_b, "event to align the second journey on", limit=200)
        state = CompareState(a, b, align_a, align_b)
        query = compare_query(state)
        return (
            build_compare_charts(build_comparison(services, state), state),
            build_event_options(services, a),
            build_event_options(services, b),
            query if query != (search or "") else no_update,
        )
