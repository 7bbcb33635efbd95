"""The journey page's filters: sectors, people, kinds of event and a date range."""

from __future__ import annotations

from dash import dcc, html

from timeline.figures.lanes import sector_order
from timeline.pages import ids
from timeline.pages.journey_view import JourneyView
from timeline.pages.url_state import view_query


def build_filters_panel(view: JourneyView) -> html.Details:
    """Show only some sectors, people, kinds of event or a date range; all combine with AND."""
    whole, chosen = view.whole, view.filter
    kinds = sorted({e.kind for e in whole.events}, key=lambda k: k.label)
    dropdowns = [
        ("Sectors", ids.FILTER_SECTORS, sector_order(whole), chosen.sectors),
        ("People", ids.FILTER_PEOPLE, [p.pseudonym for p in whole.people], chosen.people),
        (
            "Kinds of event",
            ids.FILTER_KINDS,
            [{"label": k.label, "value": k.value} for k in kinds],
            chosen.kinds,
        ),
    ]
    fields = [
        html.Div(
            [
                html.Label(label, htmlFor=ident),
                dcc.Dropdown(
                    id=ident,
                    options=_with_unknown(options, value),
                    value=sorted(value),
                    multi=True,
                    placeholder="all",
                ),
            ],
            className="control",
        )
        for label, ident, options, value in dropdowns
    ]
    first = min((e.start for e in whole.events), default=None)
    last = max(((e.end or e.start) for e in whole.events), default=None)
    for label, ident, value in (
        ("From", ids.FILTER_SINCE, chosen.since),
        ("Until", ids.FILTER_UNTIL, chosen.until),
    ):
        fields.append(
            html.Div(
                [
                    html.Label(label, htmlFor=ident),
                    dcc.Input(
                        id=ident,
                        type="date",
                        value=value.isoformat() if value else None,
                        min=first.isoformat() if first else None,
                        max=last.isoformat() if last else None,
                        debounce=True,
                        className="date-input",
                    ),
                ],
                className="control",
            )
        )
    fields.append(html.Button("Clear filters", id=ids.FILTER_CLEAR, className="button"))
    return html.Details(
        [
            html.Summary("Filter events"),
            html.Div(fields, className="controls filters"),
        ],
        open=chosen.active,
        className="filters-panel",
    )


def _with_unknown(options: list, chosen: frozenset[str]) -> list[dict]:
    """The options, plus any value a shared link chose that this journey does not have: kept
    and marked, so the page shows the filter it applies instead of the dropdown dropping it."""
    listed = [o if isinstance(o, dict) else {"label": o, "value": o} for o in options]
    known = {o["value"] for o in listed}
    unknown = [{"label": f"{v} (not in this journey)", "value": v} for v in sorted(chosen - known)]
    return listed + unknown


def build_filter_note(view: JourneyView) -> list | str:
    """What the filters hide, in words, and a link to show everything ("" when nothing is
    filtered). A filter that matches nothing says so and why."""
    busy = _overview_note(view)
    if not view.filter_note:
        return busy
    collapsed = sorted(view.options.collapsed)
    query = view_query(collapsed, view.options.align_on, None)
    # a full page load, since the router redraws on a new path, not a new query
    show_all = html.A("Show all", href=f"/journeys/{view.journey.key}{query}")
    return [html.Span(view.filter_note), " ", show_all] + ([" ", busy] if busy else [])


def _overview_note(view: JourneyView) -> str:
    """What the chart shows of a journey too busy to draw event by event (figures/overview.py)."""
    days = view.overview_days
    if not days:
        return ""
    steps = "week by week" if days == 7 else f"{days // 7} weeks at a time"
    return (
        f"{len(view.journey.events):,} events are too many to draw one by one, so the chart"
        f" shades each agency's lane {steps}, darker where more was going on. To see"
        ' every event, choose dates under "Filter events" (From, Until).'
    )
