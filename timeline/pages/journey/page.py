"""One journey: counts, controls, the swimlane, its cycles panel and a text description."""

from __future__ import annotations

from dash import dcc, html

from timeline.access import Action
from timeline.consent import Audience
from timeline.cycles import Rule
from timeline.describe import (
    NOT_COUNTED_HEADING,
    PROVENANCE_NOTES,
    describe_counts,
    describe_not_counted,
    display_date,
    display_span,
    plural,
)
from timeline.figures.lanes import sector_order
from timeline.figures.overlays import shown_label
from timeline.pages import ids
from timeline.pages.journey.consent_form import (
    build_consent_form,
    build_consent_note,
    may_show_view,
)
from timeline.pages.journey.filters_panel import build_filter_note, build_filters_panel
from timeline.pages.journey.involved import build_involved_panel
from timeline.pages.journey.missed import build_missed_panel
from timeline.pages.journey.pack_download import build_pack_controls
from timeline.pages.journey_view import JourneyView, event_choices
from timeline.pages.plain_html import table_row
from timeline.pages.review.proposals import build_notes_panel

_PROVENANCE_NOTES = PROVENANCE_NOTES
EXPORT_FORMATS = ("png", "svg", "pdf", "html")
TABLE_ROWS = 500  # the most events the page's table shows (build_events_table)
JOURNEY_COUNTS = "journey-counts"  # the header's counts, redrawn as the filters change


def _present_link(view: JourneyView) -> html.Span | dcc.Link | None:
    key = view.journey.key
    if not view.may(Action.PRESENT):
        return None
    if may_show_view(view, Audience.WORKSHOP):
        return dcc.Link("Present ▶", href=f"/present/{key}", className="button")
    return html.Span(
        "Present ▶",
        className="button button-disabled",
        title="No current consent for workshops",
        **{"aria-disabled": "true"},
    )


def _links(view: JourneyView, open_reviews: int) -> list:
    """Links to what the viewer may do with this journey beyond looking at it."""
    key = view.journey.key
    links = [_present_link(view)]
    if view.may(Action.EDIT):
        links.append(dcc.Link("Edit", href=f"/edit/{key}", className="button"))
    if view.may(Action.HISTORY):
        links.append(dcc.Link("History", href=f"/journeys/{key}/history", className="button"))
    if view.may(Action.DECIDE):
        waiting = f" ({open_reviews} waiting)" if open_reviews else ""
        links.append(
            dcc.Link(f"Co-review{waiting}", href=f"/journeys/{key}/review", className="button")
        )
    return [link for link in links if link is not None]


def _controls(view: JourneyView, open_reviews: int = 0) -> html.Div:
    journey = view.journey
    exportable = may_show_view(view, Audience.BOARD_PAPER)
    return html.Div(
        [
            html.Div(
                [
                    html.Label("Collapse sectors", htmlFor=ids.COLLAPSE),
                    dcc.Dropdown(
                        id=ids.COLLAPSE,
                        value=sorted(view.options.collapsed),
                        options=sector_order(journey),
                        multi=True,
                        placeholder="none",
                    ),
                ],
                className="control control-wide",
            ),
            html.Div(
                [
                    html.Label("Align on an event", htmlFor=ids.ALIGN),
                    dcc.Dropdown(
                        id=ids.ALIGN,
                        value=view.options.align_on,
                        options=event_choices(journey, chosen=view.options.align_on),
                        placeholder="calendar dates",
                    ),
                ],
                className="control control-wide",
            ),
            html.Button("Show whole journey", id=ids.SHOW_ALL, className="button"),
            *_links(view, open_reviews),
            html.Div(
                [html.Span("Download:", className="control-label")]
                + [
                    html.Button(
                        fmt.upper(),
                        id={"type": ids.DOWNLOAD_BUTTON, "format": fmt},
                        className="button button-small",
                        title=f"Download the whole timeline as {fmt.upper()}"
                        if exportable
                        else "No current consent for board papers and exports",
                        disabled=not exportable,
                    )
                    for fmt in EXPORT_FORMATS
                ],
                className="control downloads",
                hidden=not view.may(Action.EXPORT),
            ),
            build_pack_controls(exportable, view.may(Action.EXPORT)),
            dcc.Download(id=ids.DOWNLOAD),
        ],
        className="controls",
    )


def build_cycles_panel(view: JourneyView) -> list:
    """The cycles panel's contents: a heading and one button per cycle (click to zoom)."""
    heading = html.H2(f"Revolving-door cycles ({len(view.cycles)})")
    if not view.cycles:
        return [
            heading,
            html.P("No revolving-door cycles found with the current rules."),
            *_not_counted(view),
        ]
    buttons = [
        html.Li(
            html.Button(
                [
                    html.Span(shown_label(cycle), className="cycle-label"),
                    html.Span(
                        f" {display_span(cycle.start, cycle.end)} · "
                        f"{', '.join(cycle.people)}"
                        + (" · high" if cycle.severity == "high" else "")
                        + (" · possible" if cycle.certainty == "possible" else ""),
                        className="cycle-meta",
                    ),
                    html.Span(cycle.explanation, className="cycle-explanation"),
                ],
                id={"type": ids.CYCLE_BUTTON, "index": index},
                className="cycle-button"
                + (" cycle-button-possible" if cycle.certainty == "possible" else ""),
                title="Zoom the timeline to this cycle",
            )
        )
        for index, cycle in enumerate(view.cycles)
    ]
    return [heading, html.Ol(buttons, className="cycle-list"), *_not_counted(view)]


def _not_counted(view: JourneyView) -> list:
    """Self-discharges left out of the hospital rule for want of an admission, one line each."""
    if not view.not_counted:
        return []
    return [
        html.P(NOT_COUNTED_HEADING, className="not-counted-heading"),
        html.Ul(
            [html.Li(describe_not_counted(event)) for event in view.not_counted],
            className="not-counted-list",
        ),
    ]


def build_description(view: JourneyView) -> list:
    """The text alternative to the chart, one paragraph per line."""
    return [html.P(line) for line in view.description.split("\n")]


def build_events_table(view: JourneyView) -> html.Details:
    """Every event as a table: the alternative to the chart for anyone who cannot use it. A
    journey of more than TABLE_ROWS events shows its first TABLE_ROWS and says so (tens of
    thousands of rows take a browser longer to lay out than anyone reads; the filters narrow
    the table as they narrow the chart)."""
    journey = view.journey
    ordered = sorted(journey.events, key=lambda e: (e.start, e.id))
    rows = [  # plain elements: a long table built on every visit (plain_html.py)
        table_row(
            [
                display_date(e.start, e.date_precision),
                display_date(e.end, e.date_precision) if e.end else "",
                e.agency,
                journey.agency(e.agency).sector,
                e.kind.label,
                e.title,
                ", ".join(e.people),
            ]
        )
        for e in ordered[:TABLE_ROWS]
    ]
    headings = ("Date", "Until", "Agency", "Sector", "Kind", "Title", "People")
    summary = f"All {len(rows)} events as a table"
    if len(ordered) > TABLE_ROWS:
        summary = (
            f"The first {TABLE_ROWS:,} of {len(ordered):,} events as a table "
            "(the filters above narrow it)"
        )
    return html.Details(
        [
            html.Summary(summary),
            html.Table(
                [
                    html.Caption(f"Events of {journey.title}, in date order"),
                    html.Thead(html.Tr([html.Th(h, scope="col") for h in headings])),
                    html.Tbody(rows),
                ],
                className="table table-compact",
                id=ids.EVENTS_TABLE,
            ),
        ],
        className="events-table",
    )


def _rules_panel(rules: tuple[Rule, ...]) -> html.Details:
    rows = []
    for rule in rules:
        inputs = [
            html.Label(
                [
                    f"{name.replace('_', ' ')} ",
                    dcc.Input(
                        id={"type": ids.RULE_PARAM, "rule": rule.id, "param": name},
                        type="number",
                        min=parameter.minimum,
                        step=1,
                        value=parameter.value,
                        debounce=True,
                        className="rule-input",
                    ),
                ],
                title=f"{parameter.description} (source: {parameter.source})",
                className="rule-param",
            )
            for name, parameter in rule.parameters.items()
        ]
        toggle = dcc.Checklist(
            id={"type": ids.RULE_ON, "rule": rule.id},
            options=[{"label": rule.label, "value": "on"}],
            value=["on"] if rule.enabled else [],
            className="rule-toggle",
        )
        rows.append(
            html.Div(
                [toggle, html.Div(inputs, className="rule-params")],
                className="rule-row",
                title=rule.pattern,
            )
        )
    return html.Details(
        [
            html.Summary("Rule thresholds for this view"),
            html.P(
                "Changes apply to this view only; the deployment's rules file is untouched.",
                className="hint",
            ),
            html.Div(rows, className="rule-rows"),
            html.Button("Apply", id=ids.APPLY_RULES, className="button"),
        ],
        id=ids.RULES_PANEL,
        className="rules-panel",
    )


def build_journey_page(
    view: JourneyView, rules: tuple[Rule, ...], open_reviews: int = 0
) -> html.Div:
    """Title, provenance, counts, controls, the swimlane, the cycles and the text alternative."""
    journey = view.journey
    spans = [[c.start.isoformat(), c.end.isoformat()] for c in view.cycles]
    return html.Div(
        [
            dcc.Store(id=ids.JOURNEY_KEY, data=journey.key),
            dcc.Store(id=ids.CYCLE_SPANS, data=spans),
            dcc.Store(id=ids.ANCHOR, data=view.anchor_date),
            dcc.Store(id=ids.JOURNEY_OVERVIEW, data=view.overview_days),
            dcc.Store(id=ids.REVISION, data=0),
            dcc.Store(id=ids.JOURNEY_ZOOM, data=None),
            dcc.Store(id=ids.JOURNEY_QUERY, data=None),
            html.Div(
                [
                    html.H1(journey.title),
                    html.Span(
                        journey.provenance.value,
                        className=f"badge badge-{journey.provenance.value}",
                        title=_PROVENANCE_NOTES[journey.provenance],
                    ),
                    html.Span(build_counts(view), className="counts", id=JOURNEY_COUNTS),
                ],
                className="title-row",
            ),
            build_consent_note(view),
            build_consent_form(view.whole, view.consented) if view.may(Action.CONSENT) else None,
            html.P(  # above the chart, so nobody mistakes a filtered view for the whole story
                build_filter_note(view), id=ids.FILTER_NOTE, className="filter-note", role="status"
            ),
            html.Div(
                dcc.Graph(
                    id=ids.JOURNEY_GRAPH,
                    figure=view.figure,
                    config={
                        "displaylogo": False,
                        # no "share to Plotly Cloud": nothing leaves the laptop
                        "modeBarButtonsToRemove": [
                            "select2d",
                            "lasso2d",
                            "autoScale2d",
                            "sendChartToCloud",
                        ],
                        "toImageButtonOptions": {
                            "format": "png",
                            "filename": journey.key,
                            "scale": 2,
                        },
                    },
                    style={"height": f"{view.figure['layout']['height']}px"},
                ),
                **{"aria-describedby": ids.DESCRIPTION},
                className="graph-wrap",
                # the chart's room is kept while plotly loads, so nothing below it jumps (CLS)
                style={"minHeight": f"{view.figure['layout']['height']}px"},
            ),
            _controls(view, open_reviews),
            build_filters_panel(view),
            _rules_panel(rules),
            build_missed_panel(view.whole, view.version) if view.may(Action.EDIT) else None,
            build_notes_panel(view.whole) if view.may(Action.DECIDE) else None,
            html.P(_PROVENANCE_NOTES[journey.provenance], className="provenance-note"),
            html.Div(
                [
                    html.Section(
                        build_cycles_panel(view),
                        id=ids.CYCLES_PANEL,
                        className="panel",
                        **{"aria-label": "Revolving-door cycles"},
                    ),
                    html.Section(
                        [
                            html.H2("Text description"),
                            html.Div(build_description(view), id=ids.DESCRIPTION),
                        ],
                        className="panel",
                    ),
                ],
                className="panels",
            ),
            build_involved_panel(view.whole, approximate_days=view.options.approximate_days),
            html.Div(build_events_table(view), id=ids.EVENTS_TABLE_WRAP),
        ],
        **{"data-journey": journey.key},
    )


def build_counts(view: JourneyView) -> str:
    """The header's counts of what is shown: the filtered people, agencies and span, with how
    many of the journey's events the filters leave."""
    if not view.filter.active:
        return describe_counts(view.journey)
    total = len(view.whole.events)
    if not view.journey.events:
        return f"No events shown (of {plural(total, 'event')})"
    shown = len(view.journey.events)
    return f"{describe_counts(view.journey)} · {shown} of {plural(total, 'event')} shown"


def build_not_found_page(message: str, back: str = "Back to all journeys") -> html.Div:
    """What a wrong or stale link shows."""
    return html.Div([html.H1("Not found"), html.P(message), dcc.Link(back, href="/")])
