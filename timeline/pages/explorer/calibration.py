"""The explorer's calibration table: how close the whole cohort comes to the published figures
(docs/figures.md).

Measured once per prepared cohort (when the catalog opens it, or on first use) and kept beside
it, so filtering, comparing and editing costs never measure again. Plain text in a real table.
"""

from __future__ import annotations

import threading
import weakref

from dash import html

from timeline.cohorts.calibration import Figure, calibrate_cohort, load_figures
from timeline.cohorts.prepared import PreparedCohort

COLUMNS = ("Figure", "Target", "Tolerance", "Generated", "Holds", "Source")
_cache: weakref.WeakKeyDictionary[PreparedCohort, list[dict]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def calibration_rows(prepared: PreparedCohort) -> list[dict]:
    """calibrate_cohort's rows for the prepared cohort, measured once and cached with it."""
    with _lock:
        found = _cache.get(prepared)
    if found is None:
        found = calibrate_cohort(prepared.cohort)
        with _lock:
            _cache[prepared] = found
    return found


def format_value(figure: Figure, value: float) -> str:
    """A generated or target value as text: a percentage, pounds or a number."""
    if figure.unit == "share":
        return f"{value:.1%}".replace(".0%", "%")
    if figure.unit == "gbp":
        return f"£{value:,.0f}"
    return f"{value:,.1f}".removesuffix(".0")


def _tolerance(figure: Figure) -> str:
    if figure.tolerance == 0:
        return "none"
    if figure.unit == "share":
        return f"± {figure.tolerance * 100:g} points"
    return f"± {format_value(figure, figure.tolerance)}"


def calibration_table_rows(prepared: PreparedCohort) -> list[tuple[str, ...]]:
    """The table's rows as text: figure, target, tolerance, generated, holds, source."""
    figures = load_figures()
    rows = calibration_rows(prepared)
    return [
        (
            row["figure"],
            f"{figure.bound} {format_value(figure, figure.target)}",
            _tolerance(figure),
            format_value(figure, row["generated"]),
            "yes" if row["holds"] else "no",
            row["source"],
        )
        for figure, row in zip(figures, rows, strict=True)
    ]


def build_calibration_panel(prepared: PreparedCohort) -> html.Details:
    """A collapsed section with the calibration table of the whole cohort."""
    rows = calibration_table_rows(prepared)
    held = sum(row[4] == "yes" for row in rows)
    return html.Details(
        [
            html.Summary(f"Calibration to published figures ({held} of {len(rows)} hold)"),
            html.P(
                "The whole cohort, whatever the filters, measured against the figures in the "
                "domain facts (Hard Edges, Coventry, the shelter typology), with the default "
                "unit costs. Police callers are per 6,601 people present, Coventry's estimate of "
                "people facing multiple disadvantage at any one time, in the worst month.",
                className="hint",
            ),
            html.Table(
                [
                    html.Caption("Calibration: published figure, target and generated value"),
                    html.Thead(html.Tr([html.Th(c, scope="col") for c in COLUMNS])),
                    html.Tbody(
                        [
                            html.Tr(
                                [html.Th(row[0], scope="row")]
                                + [html.Td(v) for v in row[1:5]]
                                + [html.Td(row[5], className="hint")]
                            )
                            for row in rows
                        ]
                    ),
                ],
                className="table table-compact",
                id="explorer-calibration",
            ),
        ],
        className="filters-panel calibration-panel",
    )
