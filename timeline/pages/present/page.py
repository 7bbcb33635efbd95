"""Presenter mode: one event or period per step, large type, the timeline revealed as it goes."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from dash import dcc, html

from timeline.pages import ids
from timeline.pages.present.view import STEP_BY


@dataclass(frozen=True)
class PresentState:
    """Where a presentation is, as its URL says: ?step=4&by=month&sensitive=1&contrast=1."""

    step: int = 0
    by: str = "event"
    sensitive: bool = False
    contrast: bool = False


def parse_present_query(search: str | None) -> PresentState:
    """The presentation a URL asks for; anything unreadable falls back to the start."""
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    step = query.get("step", "1")
    by = query.get("by", "event")
    return PresentState(
        step=max(int(step) - 1, 0) if step.isdigit() else 0,
        by=by if by in STEP_BY else "event",
        sensitive=query.get("sensitive") == "1",
        contrast=query.get("contrast") == "1",
    )


def present_query(state: PresentState) -> str:
    """The URL query for a presentation at a step (steps count from 1 in the URL)."""
    parts = {"step": str(state.step + 1)}
    if state.by != "event":
        parts["by"] = state.by
    if state.sensitive:
        parts["sensitive"] = "1"
    if state.contrast:
        parts["contrast"] = "1"
    return "?" + urlencode(parts)


def build_present_page(key: str, title: str, state: PresentState = PresentState()) -> html.Div:  # noqa: B008
    """The presenter frame; the step callback fills the chart and the caption."""
    return html.Div(
        [
            dcc.Store(id=ids.PRESENT_KEY, data=key),
            dcc.Store(id=ids.PRESENT_STEP, data=state.step),
            dcc.Store(id=ids.PRESENT_KEYS),
            html.Div(
                [
                    html.H1(title),
                    html.Button("Full screen", id=ids.PRESENT_FULLSCREEN, className="button"),
                    dcc.Link("Leave presenter mode", href=f"/journeys/{key}"),
                ],
                className="present-bar",
            ),
            html.Details(
                [
                    html.Summary("Before you start: sensitive events, step size, contrast"),
                    dcc.Checklist(
                        id=ids.PRESENT_SENSITIVE,
                        options=[
                            {
                                "label": " Show sensitive events (choose before you start)",
                                "value": "show",
                            }
                        ],
                        value=["show"] if state.sensitive else [],
                    ),
                    html.Div(
                        [
                            html.Label("Each step shows", htmlFor=ids.PRESENT_BY),
                            dcc.Dropdown(
                                id=ids.PRESENT_BY,
                                options=[{"label": v, "value": k} for k, v in STEP_BY.items()],
                                value=state.by,
                                clearable=False,
                                searchable=False,
                                className="present-by",
                            ),
                        ],
                        className="present-by-wrap",
                    ),
                    dcc.Checklist(
                        id=ids.PRESENT_CONTRAST,
                        options=[{"label": " High contrast", "value": "on"}],
                        value=["on"] if state.contrast else [],
                    ),
                ],
                className="present-options",
                open=not state.step,  # choose before starting; a shared mid-way link hides it
            ),
            html.Div(
                [
                    dcc.Graph(
                        id=ids.PRESENT_GRAPH,
                        config={"displayModeBar": False, "responsive": True},
                        className="present-graph",
                    ),
                    html.Div(
                        [
                            html.P(id=ids.PRESENT_COUNTER, className="present-counter"),
                            html.Div(
                                id=ids.PRESENT_CAPTION,
                                className="present-caption",
                                tabIndex="0",  # a long caption scrolls: reachable by keyboard
                                role="region",
                                **{"aria-live": "polite", "aria-label": "Caption"},
                            ),
                            html.Div(
                                [
                                    html.Button(
                                        "◀ Back",
                                        id=ids.PRESENT_PREV,
                                        className="button present-nav",
                                        title="Left arrow or Page Up",
                                    ),
                                    html.Button(
                                        "Next ▶",
                                        id=ids.PRESENT_NEXT,
                                        className="button present-nav",
                                        title="Right arrow, Space or Page Down",
                                    ),
                                ],
                                className="present-buttons",
                            ),
                        ],
                        className="present-side",
                    ),
                ],
                className="present-main",
            ),
        ],
        id=ids.PRESENTER,
        className="presenter high-contrast" if state.contrast else "presenter",
    )


def build_no_consent_page(key: str, title: str) -> html.Div:
    """What presenter mode shows instead of a journey with no current workshop consent."""
    return html.Div(
        [
            html.H1("No current consent for workshops"),
            html.P(
                f"{title!s} is about a real person and has no current consent to be shown in a "
                "workshop, so presenter mode will not show it."
            ),
            html.P(
                "Record the person's consent first, on the journey page under 'Record or "
                "withdraw consent'."
            ),
            dcc.Link("Back to the journey", href=f"/journeys/{key}"),
        ],
        id=ids.PRESENT_NO_CONSENT,
        className="present-no-consent",
        role="alert",
    )


def build_caption(caption: dict) -> list:
    """The caption of the newest step: title, when, who, what happened, who says so."""
    parts = [
        html.H2(caption["title"]),
        html.P(caption["when"], className="present-when"),
    ]
    if caption["who"]:
        parts.append(html.P(caption["who"], className="present-who"))
    if caption["text"]:
        parts.append(html.P(caption["text"], className="present-text"))
    if caption["items"]:
        parts.append(
            html.Ul([html.Li(item) for item in caption["items"]], className="present-items")
        )
    for note in caption["missed"]:
        parts.append(
            html.P([html.Strong("⚑ Missed opportunity: "), note], className="present-missed")
        )
    if caption["source"]:
        parts.append(html.P(caption["source"], className="present-source"))
    return parts
