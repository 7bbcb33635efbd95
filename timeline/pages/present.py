"""Presenter mode: one event per step, large type, the timeline revealed as the story goes."""

from __future__ import annotations

from dash import dcc, html

from timeline.pages import ids


def build_present_page(key: str, title: str) -> html.Div:
    """The presenter frame; the step callback fills the chart and the caption."""
    return html.Div(
        [
            dcc.Store(id=ids.PRESENT_KEY, data=key),
            dcc.Store(id=ids.PRESENT_STEP, data=0),
            dcc.Store(id=ids.PRESENT_KEYS),
            html.Div(
                [
                    html.H1(title),
                    dcc.Checklist(
                        id=ids.PRESENT_SENSITIVE,
                        options=[
                            {
                                "label": " Show sensitive events (choose before you start)",
                                "value": "show",
                            }
                        ],
                        value=[],
                    ),
                    html.Button("Full screen", id=ids.PRESENT_FULLSCREEN, className="button"),
                    dcc.Link("Leave presenter mode", href=f"/journeys/{key}"),
                ],
                className="present-bar",
            ),
            html.Div(
                [
                    html.Button(
                        "◀ Back",
                        id=ids.PRESENT_PREV,
                        className="button present-nav",
                        title="Left arrow or Page Up",
                    ),
                    html.Div(
                        id=ids.PRESENT_CAPTION,
                        className="present-caption",
                        **{"aria-live": "polite"},
                    ),
                    html.Button(
                        "Next ▶",
                        id=ids.PRESENT_NEXT,
                        className="button present-nav",
                        title="Right arrow, Space or Page Down",
                    ),
                ],
                className="present-footer",
            ),
            dcc.Graph(id=ids.PRESENT_GRAPH, config={"displayModeBar": False}),
            html.P(id=ids.PRESENT_COUNTER, className="present-counter"),
        ],
        className="presenter",
    )


def build_caption(caption: dict[str, str]) -> list:
    """The caption of the newest event: title, when, who, what happened, who says so."""
    return [
        html.H2(caption["title"]),
        html.P(caption["when"], className="present-when"),
        html.P(caption["who"], className="present-who"),
        html.P(caption["text"], className="present-text"),
        html.P(caption["source"], className="present-source"),
    ]
