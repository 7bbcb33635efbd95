"""`touchpoints export`'s view options: the journey page's URL parameters (?collapse=, ?align=,
?from=&to=, ?sectors=, ?people=, ?kinds=, ?since=&until=) as options of the same names, read by
the page's own parser (timeline/view_state.py) so that an option cannot mean something else in
the CLI; unlike a shared link, a value the journey does not have is an error, not ignored."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Annotated
from urllib.parse import parse_qs, unquote, urlencode

import typer

from schemas import Cycle, Journey
from timeline.exporters import DATA_FORMATS, EXPORT_OPTIONS
from timeline.figures import SwimlaneOptions
from timeline.figures.lanes import sector_order
from timeline.filters import FilteredJourney, explain_no_match, filter_journey
from timeline.view_state import VIEW_PARAMETERS, ViewState, apply_view, parse_view_query

PANEL = "View: the journey page's URL parameters"
Named = Callable[[str], str]  # a URL parameter's name -> the option as the message names it


def _option(name: str, help_text: str, metavar: str, *, many: bool = False) -> object:
    more = " Comma-separated, or the option repeated." if many else ""
    return typer.Option(
        name, help=help_text + more, metavar=metavar, rich_help_panel=PANEL, show_default=False
    )


CollapseOption = Annotated[
    list[str] | None,
    _option("--collapse", "Sectors drawn as one lane each (?collapse=).", "SECTORS", many=True),
]
AlignOption = Annotated[
    str | None,
    _option(
        "--align",
        "An event's id (the id column of --format csv): the axis counts days since it (?align=).",
        "EVENT_ID",
    ),
]
_ZOOM = (
    "(?from=&to=, both or neither): a date YYYY-MM-DD, or with --align a number of days since "
    "that event. Zooms the picture formats; json, csv, ocel and xes keep every event the "
    "filters keep (cut those by date with --since/--until)."
)
FromOption = Annotated[str | None, _option("--from", "Start of the zoom " + _ZOOM, "DATE|DAYS")]
ToOption = Annotated[str | None, _option("--to", "End of the zoom " + _ZOOM, "DATE|DAYS")]
SectorsOption = Annotated[
    list[str] | None,
    _option("--sectors", "Keep only events of agencies in these sectors.", "SECTORS", many=True),
]
PeopleOption = Annotated[
    list[str] | None,
    _option(
        "--people", "Keep only events involving these people (pseudonyms).", "NAMES", many=True
    ),
]
KindsOption = Annotated[
    list[str] | None,
    _option(
        "--kinds", "Keep only events of these kinds (e.g. arrest,custody).", "KINDS", many=True
    ),
]
_CUT = "YYYY-MM-DD; cuts every format, as the page's filter does."
SinceOption = Annotated[
    str | None, _option("--since", "Keep only events on or after this date, " + _CUT, "DATE")
]
UntilOption = Annotated[
    str | None, _option("--until", "Keep only events on or before this date, " + _CUT, "DATE")
]
ViewOption = Annotated[
    str | None,
    _option(
        "--view",
        'A journey page\'s address, or just its query ("?sectors=Housing&collapse=Police"), as '
        "copied from the address bar; an option given as well wins over the same parameter in it.",
        "ADDRESS",
    ),
]


class ViewOptionError(ValueError):
    """A view option that cannot be used; the message names the option and what it accepts."""


def view_from_options(
    journey: Journey, view: str | None, given: Sequence[list[str] | str | None]
) -> tuple[ViewState, list | None]:
    """The view state and zoom the page builds from the same URL; `given` are the options in
    VIEW_PARAMETERS' order. ViewOptionError for a value this journey cannot show."""
    query = _view_query(journey.key, view) if view else {}
    from_view = set(query)
    for name, value in zip(VIEW_PARAMETERS, given, strict=True):
        if value is not None and value != []:
            query[name] = list(value) if isinstance(value, list) else [value]
            from_view.discard(name)
    state, x_range = parse_view_query(urlencode(query, doseq=True))

    def option(name: str) -> str:
        return f"--{name}" + (" (in --view)" if name in from_view else "")

    _check_values(journey, query, state, option)
    _check_dates(query, state, option)
    _check_zoom(query, state, x_range, option)
    shown = filter_journey(journey, (), state.filter)
    if state.filter.active and not shown.journey.events:
        raise ViewOptionError(explain_no_match(journey, state.filter).removesuffix("."))
    if state.align_on and state.align_on not in {e.id for e in shown.journey.events}:
        raise ViewOptionError(
            f"{option('align')}: event {state.align_on!r} is hidden by the filters; align on an "
            "event they keep, or leave --align out"
        )
    return state, x_range


def _view_query(key: str, view: str) -> dict[str, list[str]]:
    address, _, query = view.split("#")[0].strip().rpartition("?")
    if not address and "=" not in query:
        address, query = query, ""  # an address with no view parameters: the whole journey
    if "/journeys/" in address:
        shown = unquote(address.rsplit("/journeys/", 1)[1].strip("/"))
        if shown != key:
            raise ViewOptionError(f"--view is the address of journey {shown!r}, not {key!r}")
    parsed = parse_qs(query)
    if unknown := sorted(set(parsed) - set(VIEW_PARAMETERS)):
        raise ViewOptionError(
            f"--view: the journey page has no parameter {', '.join(map(repr, unknown))}; "
            f"its parameters are: {', '.join(VIEW_PARAMETERS)}"
        )
    return parsed


def _check_values(journey: Journey, query: dict, state: ViewState, option: Named) -> None:
    sectors = sector_order(journey)
    chosen = state.filter
    for name, values, known, what in (
        ("collapse", state.collapsed, sectors, "sector"),
        ("sectors", chosen.sectors, sectors, "sector"),
        ("people", chosen.people, [p.pseudonym for p in journey.people], "person"),
        ("kinds", chosen.kinds, sorted({e.kind.value for e in journey.events}), "kind"),
    ):
        if name not in query:
            continue
        if not values:
            raise ViewOptionError(f"{option(name)}: give one or more, comma-separated")
        if unknown := sorted(values - set(known)):
            raise ViewOptionError(
                f"{option(name)}: no {what} {', '.join(map(repr, unknown))} in journey "
                f"{journey.key!r}; it has: {', '.join(known)}"
            )
    if "align" in query and state.align_on not in {e.id for e in journey.events}:
        raise ViewOptionError(
            f"{option('align')}: no event {state.align_on or ''!r} in journey {journey.key!r}; "
            "the id column of `touchpoints export KEY --format csv` lists its events"
        )


def _check_dates(query: dict, state: ViewState, option: Named) -> None:
    since, until = state.filter.since, state.filter.until
    for name, day in (("since", since), ("until", until)):
        if name in query and day is None:
            raise ViewOptionError(
                f"{option(name)}: {query[name][0]!r} is not a date; write it as the page's "
                "address does, YYYY-MM-DD"
            )
    if since and until and since > until:
        raise ViewOptionError(f"{option('since')} {since} is after {option('until')} {until}")


def _check_zoom(query: dict, state: ViewState, x_range: list | None, option: Named) -> None:
    given = [name for name in ("from", "to") if name in query]
    if len(given) == 1:
        other = "to" if given == ["from"] else "from"
        raise ViewOptionError(f"{option(given[0])} goes with --{other}: a zoom needs both ends")
    if not x_range:
        return
    ends = []
    for name, value in zip(("from", "to"), x_range, strict=True):
        if state.align_on:
            if not isinstance(value, float) or not math.isfinite(value):
                raise ViewOptionError(
                    f"{option(name)}: {query[name][0]!r} is not a number of days; with --align "
                    "the zoom counts days since that event (e.g. --from -30 --to 200)"
                )
            ends.append(value)
            continue
        try:
            ends.append(dt.date.fromisoformat(str(value)))
        except ValueError:
            raise ViewOptionError(
                f"{option(name)}: {query[name][0]!r} is not a date YYYY-MM-DD (a number of days "
                "goes with --align)"
            ) from None
    if ends[0] >= ends[1]:
        raise ViewOptionError(
            f"{option('from')} {query['from'][0]} is not before {option('to')} {query['to'][0]}"
        )


def export_view(
    journey: Journey, cycles: Sequence[Cycle], state: ViewState, approximate_days: int
) -> tuple[FilteredJourney, SwimlaneOptions]:
    """What an export of the view holds and how it is drawn: apply_view on the export options."""
    options = dataclasses.replace(EXPORT_OPTIONS, approximate_days=approximate_days)
    return apply_view(journey, cycles, state, options)


def zoom_note(fmt: str, x_range: list | None) -> str:
    """A note for a data format given a zoom, which only the pictures follow ("" otherwise)."""
    if not x_range or fmt not in DATA_FORMATS:
        return ""
    return (
        f"Note: --from/--to zoom the picture formats only; the {fmt} holds every event the "
        "filters keep (--since/--until cut by date)"
    )
