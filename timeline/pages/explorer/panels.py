"""The explorer's controls, unit-cost table and drill-down panel (dash components only)."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from schemas import AgeBand, Gender
from timeline.cohorts.tables import NEEDS
from timeline.pages import ids
from timeline.pages.explorer.costs import cost_table_note
from timeline.pages.explorer.exports import DrillDown
from timeline.pages.explorer.needs import EXACTLY
from timeline.pages.explorer.state import (
    COMPARE_CHOICES,
    COMPARE_COHORT,
    REPEAT_RANGE,
    ExplorerState,
)
from timeline.pages.explorer.view import ExplorerView


def _dropdown(label: str, ident: str, options: list, value: object, multi: bool) -> html.Div:
    return html.Div(
        [
            html.Label(label, htmlFor=ident),
            dcc.Dropdown(
                id=ident,
                options=options,
                value=value,
                multi=multi,
                placeholder="all",
                clearable=multi,
            ),
        ],
        className="control",
    )


def build_filters(state: ExplorerState, others: list[str]) -> html.Div:
    """Needs, age band, gender, coordinated support and what to compare with."""
    f = state.filter
    compare = [{"label": "nothing", "value": ""}]
    compare += [{"label": text, "value": value} for value, text in COMPARE_CHOICES.items()]
    compare += [{"label": f"cohort {n}, same filters", "value": COMPARE_COHORT + n} for n in others]
    coordinated = "" if f.coordinated is None else ("yes" if f.coordinated else "no")
    return html.Div(
        [
            html.Fieldset(
                [
                    html.Legend("Needs (people with all those ticked)"),
                    dcc.Checklist(
                        id=ids.EXPLORER_NEEDS,
                        options=[{"label": n.replace("_", " "), "value": n} for n in NEEDS],
                        value=sorted(f.needs or ()),
                        inline=True,
                    ),
                    dcc.Checklist(
                        id=ids.EXPLORER_NEEDS_EXACT,
                        options=[{"label": "and no other need", "value": EXACTLY}],
                        value=[EXACTLY] if f.needs_exactly else [],
                        inline=True,
                    ),
                ],
                className="control fieldset",
            ),
            _dropdown(
                "Age band", ids.EXPLORER_AGE, [a.value for a in AgeBand], sorted(f.age_bands), True
            ),
            _dropdown(
                "Gender", ids.EXPLORER_GENDER, [g.value for g in Gender], sorted(f.genders), True
            ),
            _dropdown(
                "Coordinated support",
                ids.EXPLORER_COORDINATED,
                [
                    {"label": "with or without", "value": ""},
                    {"label": "with coordinated support", "value": "yes"},
                    {"label": "without coordinated support", "value": "no"},
                ],
                coordinated,
                False,
            ),
            _dropdown("Compare with", ids.EXPLORER_COMPARE, compare, state.compare, False),
            html.Div(
                [
                    html.Label(
                        "Repeat demand: contacts in a month, at least "
                        f"({REPEAT_RANGE[0]} to {REPEAT_RANGE[1]})",
                        htmlFor=ids.EXPLORER_REPEAT,
                    ),
                    dcc.Input(
                        id=ids.EXPLORER_REPEAT,
                        type="number",  # no min or max: the page says what is wrong
                        value=state.repeat,
                        debounce=True,
                        className="rule-input",
                    ),
                    html.P(id=ids.EXPLORER_REPEAT_MESSAGE, role="status", className="filter-note"),
                ],
                className="control",
            ),
        ],
        className="controls explorer-filters",
    )


def build_costs_panel(view: ExplorerView) -> html.Details:
    """The editable, illustrative unit costs: one labelled number input per row."""
    rows = [
        html.Tr(
            [
                html.Th(row.label, scope="row", id=f"explorer-cost-kind-{index}"),
                html.Td("any" if row.sector == "*" else row.sector),
                html.Td(
                    html.Label(
                        [
                            html.Span(
                                f"£ per event: {row.label}, "
                                + ("any sector" if row.sector == "*" else row.sector),
                                className="visually-hidden",
                            ),
                            dcc.Input(
                                id={"type": ids.EXPLORER_COST, "row": index},
                                type="number",
                                min=0,
                                step=1,
                                value=row.gbp,
                                debounce=True,
                                className="rule-input",
                            ),
                        ]
                    )
                ),
                html.Td(row.remarks, className="hint"),
            ]
        )
        for index, row in enumerate(view.unit_costs.itertuples(index=False))
    ]
    return html.Details(
        [
            html.Summary("Illustrative unit costs (edit to recompute)"),
            html.P(
                "Illustrative figures, not published unit costs: round assumptions loosely set "
                "near the ~£19,000 per person per year reported for people facing multiple "
                "disadvantage. Replace them with local costs before quoting any total. "
                "Changes apply to this view and are kept in its URL.",
                className="hint",
            ),
            html.Button(
                "Back to the illustrative defaults",
                id=ids.EXPLORER_COST_RESET,
                className="button button-small",
            ),
            html.P(id=ids.EXPLORER_COST_MESSAGE, role="status", className="filter-note"),
            build_cost_table_controls(view),
            html.Table(
                [
                    html.Caption("Pounds per event, by kind of event and sector"),
                    html.Thead(
                        html.Tr(
                            [
                                html.Th(h, scope="col")
                                for h in ("Event", "Sector", "£ per event", "Remarks")
                            ]
                        )
                    ),
                    html.Tbody(rows),
                ],
                className="table table-compact",
            ),
        ],
        className="filters-panel costs-panel",
    )


def build_cost_table_controls(view: ExplorerView) -> html.Div:
    """Which saved cost table the view starts from, and a name box to save the costs shown."""
    return html.Div(
        [
            dcc.Store(id=ids.EXPLORER_COST_TABLE, data=view.cost_table and view.cost_table.name),
            html.P(
                cost_table_note(view.cost_table),
                id=ids.EXPLORER_COST_TABLE_NOTE,
                className="hint",
            ),
            html.Label("Name to save these unit costs under", htmlFor=ids.EXPLORER_COST_TABLE_NAME),
            dcc.Input(
                id=ids.EXPLORER_COST_TABLE_NAME,
                type="text",
                placeholder="e.g. coventry-2024",
                maxLength=200,  # longer than a name may be: the page says what is wrong
                className="text-input",
            ),
            html.Button(
                "Save cost table", id=ids.EXPLORER_COST_SAVE, className="button button-small"
            ),
            html.P(
                "A saved table never changes, and its name goes in this page's address "
                "(costs=NAME), so a shared link shows the same costs.",
                className="hint",
            ),
            html.P(id=ids.EXPLORER_COST_SAVE_MESSAGE, role="status", className="filter-note"),
        ],
        className="control cost-table-controls",
    )


def build_drill_panel(found: DrillDown | None) -> list:
    """The people behind the clicked mark, each linking to their swimlane."""
    if found is None:
        return [
            html.H2("People behind a bar"),
            html.P(
                "Click a bar, point or path in a chart to list the people behind it (a "
                "needs combination's bar shows only its people in every chart instead).",
                className="hint",
            ),
        ]
    parts: list = [html.H2(f"{found.heading}: {found.count}")]
    if found.note:
        parts.append(html.P(found.note, className="hint"))
    if found.left_out:
        parts.append(html.P(found.left_out, className="hint", id="explorer-drill-left-out"))
    if found.by_agency is not None and not found.by_agency.empty:
        parts.append(_agency_table(found.by_agency))
    if not found.rows.empty:
        headings = [str(c).replace("_", " ") for c in found.rows.columns]
        rows = [
            html.Tr(
                [
                    html.Th(
                        dcc.Link(
                            f"{r.pseudonym} (#{r.person})",
                            href=f"/cohorts/{found.cohort}/people/{r.person}{found.person_query}",
                        ),
                        scope="row",
                    )
                ]
                + [html.Td(str(v)) for v in list(r)[2:]],
                **{"data-person": str(r.person)},
            )
            for r in found.rows.itertuples(index=False)
        ]
        parts.append(
            html.Table(
                [
                    html.Caption("Synthetic people, by id"),
                    html.Thead(
                        html.Tr(
                            [html.Th("Person", scope="col")]
                            + [html.Th(h, scope="col") for h in headings[2:]]
                        )
                    ),
                    html.Tbody(rows),
                ],
                className="table table-compact",
                id="explorer-drill-table",
            )
        )
        parts.append(
            html.Button(
                "Download CSV: everyone behind this mark",
                id=ids.EXPLORER_DRILL_CSV,
                className="button button-small",
            )
        )
    return parts


AGENCY_HEADINGS = {
    "agency": "Agency",
    "people": "People with that many contacts",
    "their_contacts": "Contacts they made",
    "contacts": "All contacts",
    "share": "Their share",
}


def _agency_table(table: pd.DataFrame) -> html.Table:
    """A repeat-demand point by agency: who in the sector the repeat contacts went to."""
    return html.Table(
        [
            html.Caption("The same month by agency of the sector"),
            html.Thead(html.Tr([html.Th(AGENCY_HEADINGS[c], scope="col") for c in table.columns])),
            html.Tbody(
                [
                    html.Tr(
                        [html.Th(str(row[0]), scope="row")] + [html.Td(_shown(v)) for v in row[1:]]
                    )
                    for row in table.itertuples(index=False)
                ]
            ),
        ],
        className="table table-compact",
        id="explorer-drill-agencies",
    )


def _shown(value: object) -> str:
    """A cell as text: shares as percentages, counts (perhaps "<5") and "withheld" as given."""
    if isinstance(value, float):
        return f"{value:.0%}"
    return str(value)
