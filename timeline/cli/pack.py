"""`touchpoints export KEY --format pack`: the board pack, a PDF of the whole journey for a board
paper or (A1, A0) a workshop wall poster. The export command's options that only the pack
reads are declared and checked here, so the command itself stays a few lines."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from timeline.pack import DEFAULT_PAPER, PAPERS, PackOptions, make_board_pack, parse_paper
from timeline.service import Services
from timeline.view_state import ViewState

PACK_FORMAT = "pack"

PaperOption = Annotated[
    str | None,
    typer.Option(
        "--paper",
        help=f"Paper of the board pack (--format pack), landscape: {', '.join(PAPERS)}; "
        "a1 and a0 make a wall poster. Default: a4.",
        show_default=False,
    ),
]
IncludeSensitiveOption = Annotated[
    bool,
    typer.Option(
        "--include-sensitive",
        help="Put sensitive events in the board pack (--format pack), as presenter mode's "
        "'Show sensitive events' does; restricted and hidden events never go in.",
    ),
]
InvolvedOnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--involved-on",
        help="A date (YYYY-MM-DD) for the board pack's 'who was involved' tables; repeat for "
        "more. Default: the journey's last date.",
        show_default=False,
    ),
]


def pack_option_problem(
    fmt: str,
    *,
    paper: str | None,
    include_sensitive: bool,
    involved_on: list[str] | None,
    include_restricted: bool,
    sized: bool,
) -> str | None:
    """What is wrong with the pack options given for format `fmt`, or None."""
    if fmt != PACK_FORMAT:
        given = [
            name
            for name, used in (
                ("--paper", paper is not None),
                ("--include-sensitive", include_sensitive),
                ("--involved-on", bool(involved_on)),
            )
            if used
        ]
        if given:
            verb = "is" if len(given) == 1 else "are"
            names = ", ".join(given)
            return f"{names} {verb} for --format pack only, not {fmt!r}; nothing was exported"
        return None
    if include_restricted:
        return (
            "a board pack never carries restricted or hidden events; --include-restricted is for "
            "json, csv and the images; nothing was exported"
        )
    if sized:
        return "a board pack is sized by --paper, not --width or --height; nothing was exported"
    try:
        parse_paper(paper or DEFAULT_PAPER)
        parse_dates(involved_on or [])
    except ValueError as exc:
        return f"{exc}; nothing was exported"
    return None


def parse_dates(values: list[str]) -> tuple[dt.date, ...]:
    """Dates written YYYY-MM-DD, or ValueError naming the one that is not."""
    dates = []
    for value in values:
        try:
            dates.append(dt.date.fromisoformat(value.strip()))
        except ValueError:
            raise ValueError(f"--involved-on {value!r} is not a date like 2015-03-02") from None
    return tuple(dates)


def pack_view_problem(state: ViewState, x_range: list | None) -> str | None:
    """Why the view options cannot make a board pack (None when they can): the pack is always
    the whole journey, so it takes the view's collapsed sectors and alignment, never filters
    or a zoom."""
    if state.filter.active or x_range:
        return (
            "a board pack is always the whole journey: --sectors, --people, --kinds, "
            "--since/--until and --from/--to are for the other formats (--collapse and --align "
            "apply to the pack); nothing was exported"
        )
    return None


def export_pack(
    services: Services,
    key: str,
    *,
    paper: str | None,
    include_sensitive: bool,
    involved_on: list[str] | None,
    state: ViewState | None = None,
) -> bytes:
    """The board pack's PDF bytes, drawn with the view's collapsed sectors, alignment and rule
    thresholds (errors as make_board_pack raises them)."""
    state = state or ViewState()
    options = PackOptions(
        paper=paper or DEFAULT_PAPER,
        include_sensitive=include_sensitive,
        involved_on=parse_dates(involved_on or []),
        collapsed=state.collapsed,
        align_on=state.align_on,
        overrides=state.overrides,
    )
    return make_board_pack(services, key, options)
