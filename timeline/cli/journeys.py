"""The journey commands of `touchpoints`: init-db, demo, list, import, export and schema: storing
case studies, and writing one out in every format."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from schemas import Provenance
from timeline.access import Action
from timeline.cli import view as cli_view
from timeline.cli.errors import shown_url
from timeline.cli.history import DEFAULT_ACTOR, ByOption, IfVersionOption
from timeline.cli.mapping import MapOption, read_mapping_option
from timeline.cli.options import EXIT_INVALID, DbOption, RulesOption, fail, open_db
from timeline.cli.pack import (
    PACK_FORMAT,
    IncludeSensitiveOption,
    InvolvedOnOption,
    PaperOption,
    export_pack,
    pack_option_problem,
    pack_view_problem,
)
from timeline.cli.progress import status
from timeline.consent import Audience, ConsentRequiredError
from timeline.describe import plural
from timeline.exporters import DATA_FORMATS, EVENT_LOG_FORMATS, EXPORTERS, ExportRequest
from timeline.figures.image import ImageExportError
from timeline.filters import with_people_named
from timeline.io import InvalidFileError, journey_json_schema, read_journeys_from_path
from timeline.settings import load_settings
from timeline.store import JourneyExistsError, JourneyNotFoundError, StaleJourneyError
from timeline.stored_dates import unshowable_dates


def register_journey_commands(app: typer.Typer) -> None:
    """Add init-db, demo, list and import to the command, in that order."""
    app.command("init-db")(init_db)
    app.command()(demo)
    app.command("list")(list_command)
    app.command("import")(import_command)


def register_export_commands(app: typer.Typer) -> None:
    """Add export and schema to the command, in that order."""
    app.command()(export)
    app.command()(schema)


def init_db(db: DbOption = None) -> None:
    """Create the database, or bring its tables up to date. Safe to run again."""
    services = open_db(db)
    typer.echo(f"Database ready: {shown_url(services.settings.database_url)}")


def demo(db: DbOption = None) -> None:
    """Store the illustrative demo case studies; ones already stored are left as they are."""
    added = open_db(db).load_demo()
    for key in added:
        typer.echo(f"added {key}")
    if not added:
        typer.echo("demo case studies already stored")


def list_command(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """List stored journeys with their counts of people, agencies, sectors and events."""
    summaries = open_db(db).list_journeys()
    if as_json:
        rows = [s.model_dump(mode="json") | {"span_days": s.span_days} for s in summaries]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not summaries:
        typer.echo("No journeys stored. `touchpoints demo` adds the demo case studies.")
    for s in summaries:
        counts = (
            plural(s.people, "person", "people"),
            plural(s.agencies, "agency", "agencies"),
            plural(s.sectors, "sector"),
            plural(s.events, "event"),
        )
        typer.echo("\t".join((s.key, s.title, s.provenance.value, *counts)))


def import_command(
    path: Annotated[Path, typer.Argument(help="A .csv, .xlsx or .json case-study file.")],
    db: DbOption = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Overwrite journeys already stored with the same key "
            "(the previous version stays in their history).",
        ),
    ] = False,
    by: ByOption = DEFAULT_ACTOR,
    if_version: IfVersionOption = None,
    provenance: Annotated[
        Provenance | None,
        typer.Option(
            "--provenance",
            help="What the case study is, for journeys whose file has no provenance column: "
            "illustrative (invented), anonymised (a real person's, details changed; needs "
            "consent to present) or synthetic (generated). A file's own column wins. "
            "Default: anonymised.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress (none is shown in scripts).")
    ] = False,
    mapping: MapOption = None,
) -> None:
    """Import case studies; a file with any bad row is rejected whole and nothing is stored.

    Prints the key of each journey imported. Exit code 2: the file was invalid, a key is already
    stored, or (--if-version) the stored journey has moved on; the reasons go to stderr.
    """
    if if_version is not None and not replace:
        raise fail("--if-version goes with --replace; nothing was imported", EXIT_INVALID)
    try:
        with status(f"Reading {path.name}", quiet=quiet) as say:
            result = read_journeys_from_path(
                path,
                max_rows=load_settings().max_rows,
                provenance=provenance,
                progress=lambda what, done, total: say(
                    f"{what}: {done:,} of {total:,} ({done / max(total, 1):.0%})"
                ),
                mapping=read_mapping_option(mapping),
            )
    except InvalidFileError as exc:
        for warning in exc.warnings:
            typer.echo(f"Warning: {warning}", err=True)
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_INVALID) from None
    for warning in result.warnings:
        typer.echo(f"Warning: {warning}", err=True)
    if if_version is not None and len(result.journeys) != 1:
        count = len(result.journeys)
        raise fail(f"--if-version needs a file with one journey, not {count}", EXIT_INVALID)
    bases = None if if_version is None else {result.journeys[0].key: if_version}
    events = sum(len(journey.events) for journey in result.journeys)
    services = open_db(db)
    try:
        with status(f"Storing {events:,} events", quiet=quiet):
            services.save_journeys(result.journeys, replace=replace, actor=by, base_versions=bases)
    except (JourneyExistsError, StaleJourneyError, JourneyNotFoundError) as exc:
        raise fail(f"{exc}; nothing was imported", EXIT_INVALID) from None
    for journey in result.journeys:
        typer.echo(journey.key)
        if provenance is None and journey.key not in result.provenance_from_file:
            typer.echo(
                f"Note: {journey.key} is stored as anonymised, since the file does not say; "
                "--provenance illustrative|anonymised|synthetic says what it is",
                err=True,
            )


def export(
    key: Annotated[str, typer.Argument(help="The journey's key (see `touchpoints list`).")],
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help=f"One of: {', '.join((*EXPORTERS, PACK_FORMAT))}."),
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write; stdout when omitted.")
    ] = None,
    width: Annotated[
        int | None, typer.Option(help="Image width in pixels. Default: 1600 (a 16:9 slide).")
    ] = None,
    height: Annotated[
        int | None, typer.Option(help="Image height. Default: 900, or the chart's own if taller.")
    ] = None,
    db: DbOption = None,
    rules: RulesOption = None,
    include_restricted: Annotated[
        bool,
        typer.Option(
            "--include-restricted",
            help="Keep restricted (facilitators-only) events: for a facilitator's own copy, "
            "never for a board paper.",
        ),
    ] = False,
    paper: PaperOption = None,
    include_sensitive: IncludeSensitiveOption = False,
    involved_on: InvolvedOnOption = None,
    collapse: cli_view.CollapseOption = None,
    align: cli_view.AlignOption = None,
    from_: cli_view.FromOption = None,
    to: cli_view.ToOption = None,
    sectors: cli_view.SectorsOption = None,
    people: cli_view.PeopleOption = None,
    kinds: cli_view.KindsOption = None,
    since: cli_view.SinceOption = None,
    until: cli_view.UntilOption = None,
    view: cli_view.ViewOption = None,
) -> None:
    """Export a journey: JSON (full model), CSV (the import format), the timeline with
    its cycles as PNG, SVG, PDF or a self-contained HTML page, or its events as an event log for
    process-mining tools: OCEL (OCEL 2.0 JSON: people, household and agencies as objects) or XES
    (one trace per person), or a board pack (PDF: cover, timeline fitted to --paper, cycles,
    description, missed opportunities, who was involved, events; sensitive events only with
    --include-sensitive). Restricted events (including ones hidden at a reviewer's request)
    are left out unless --include-restricted, which event logs and the pack refuse. An
    anonymised journey needs current board_paper consent (`touchpoints consent give`); without
    it nothing is written. The view options are the journey page's URL parameters, meaning the
    same: every format holds only what the filters keep, and the pictures are drawn as the page
    draws that view; a value the journey does not have, or a filter that keeps nothing, exports
    nothing."""
    exporter = EXPORTERS.get(fmt.lower())
    if exporter is None and fmt.lower() != PACK_FORMAT:
        choices = ", ".join((*EXPORTERS, PACK_FORMAT))
        raise fail(f"unknown format {fmt!r}; choose one of: {choices}", EXIT_INVALID)
    problem = pack_option_problem(
        fmt.lower(),
        paper=paper,
        include_sensitive=include_sensitive,
        involved_on=involved_on,
        include_restricted=include_restricted,
        sized=width is not None or height is not None,
    )
    if problem:
        raise fail(problem, EXIT_INVALID)
    if include_restricted and fmt.lower() in EVENT_LOG_FORMATS:
        raise fail(
            f"an event log ({fmt.lower()}) never carries restricted or hidden events; "
            "--include-restricted is for json, csv and the images; nothing was exported",
            EXIT_INVALID,
        )
    services = open_db(db, rules)
    try:
        journey = services.load_journey(key, Action.VIEW if include_restricted else Action.EXPORT)
    except JourneyNotFoundError as exc:
        raise fail(str(exc)) from None
    try:
        services.require_consent(journey, Audience.BOARD_PAPER)
    except ConsentRequiredError as exc:
        raise fail(f"{exc}; nothing was exported", EXIT_INVALID) from None
    given = (collapse, align, from_, to, sectors, people, kinds, since, until)
    try:
        state, x_range = cli_view.view_from_options(journey, view, given)
    except cli_view.ViewOptionError as exc:
        raise fail(f"{exc}; nothing was exported", EXIT_INVALID) from None
    if exporter is None and (problem := pack_view_problem(state, x_range)):
        raise fail(problem, EXIT_INVALID)
    if note := cli_view.zoom_note(fmt.lower(), x_range):
        typer.echo(note, err=True)
    days = services.rule_set.approximate_days
    shown, drawn = cli_view.export_view(journey, services.find_cycles(journey), state, days)
    data_journey = (
        with_people_named(shown.journey, journey) if fmt.lower() in DATA_FORMATS else shown.journey
    )
    request = ExportRequest(
        data_journey, tuple(shown.cycles), drawn, width=width, height=height, x_range=x_range
    )
    try:
        if exporter is None:  # the board pack: audience rules and consent checked inside too
            data = export_pack(
                services,
                key,
                paper=paper,
                include_sensitive=include_sensitive,
                involved_on=involved_on,
                state=state,
            )
        else:
            data = exporter(request)
    except ImageExportError as exc:
        raise fail(str(exc)) from None
    for problem in unshowable_dates(services.load_journey(key, Action.EDIT)):
        typer.echo(f"Warning: left out, fix it with the editor: {problem}", err=True)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
        typer.echo(f"wrote {output}", err=True)


def schema(db: DbOption = None) -> None:
    """Print the JSON Schema of the journey file format (--db is accepted and not needed)."""
    typer.echo(json.dumps(journey_json_schema(), indent=2, ensure_ascii=False))
