"""The synthetic cohort commands of `touchpoints`: synth, cohort-summary.

One command group of the timeline/cli package. No `from __future__ import annotations`
here: typer reads these commands' annotations, which name the --db option type passed in.
"""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from timeline.describe import plural
from timeline.service import Services
from timeline.store import CohortExistsError, CohortNotFoundError

__all__ = ["register_cohort_commands"]

EXIT_INVALID = 2


def register_cohort_commands(
    app: typer.Typer,
    *,
    db_option: Any,
    open_db: Callable[[str | None], Services],
    fail: Callable[..., typer.Exit],
) -> None:
    """Add `synth` and `cohort-summary` to `touchpoints`."""

    def stored_cohort(services: Services, name: str):  # noqa: ANN202 (a Cohort)
        """The stored cohort `name`; exit code 1 saying there is none."""
        try:
            return services.load_cohort(name)
        except CohortNotFoundError as exc:
            raise fail(str(exc)) from None

    def rebuild_missing(services: Services, name: str, quiet: bool) -> None:
        """Make a stored cohort's missing files again from its seed, with a bar of people done;
        exit code 1 saying what to run when its catalogue cannot make it again."""
        from timeline.cli.progress import people_bar
        from timeline.store.cohort_storage import missing_files, rebuild_cohort_files, root_for

        root = root_for(services.settings)
        try:
            info = missing_files(services.sessions, root, name)
            if info is None or root is None:
                return
            say = (lambda _said: None) if quiet else (lambda said: typer.echo(said, err=True))
            with people_bar(info.people, f"rebuild {name}", quiet=quiet) as progress:
                rebuild_cohort_files(root, info, progress, say)
        except CohortNotFoundError as exc:
            raise fail(str(exc)) from None

    @app.command()
    def synth(
        seed: Annotated[
            int, typer.Option("--seed", min=0, help="Master seed: same seed, same data.")
        ],
        name: Annotated[str, typer.Option("--name", help="Name to store the cohort under.")],
        people: Annotated[
            int | None,
            typer.Option(
                "--people",
                min=0,
                help="How many people are in the group at any one time (overrides --area's).",
            ),
        ] = None,
        area: Annotated[
            str | None,
            typer.Option(
                "--area",
                help="A bundled area (coventry, england): its people at any one time and wards.",
            ),
        ] = None,
        window_from: Annotated[
            dt.datetime | None,
            typer.Option(
                "--from",
                formats=["%Y-%m-%d"],
                help="First day of the window (default 2020-01-01).",
            ),
        ] = None,
        window_to: Annotated[
            dt.datetime | None,
            typer.Option(
                "--to", formats=["%Y-%m-%d"], help="Last day of the window (default 2024-12-31)."
            ),
        ] = None,
        modules: Annotated[
            Path | None,
            typer.Option(
                "--modules", help="Folder of pathway modules (*.toml). Default: built in."
            ),
        ] = None,
        coordinated_from: Annotated[
            dt.datetime | None,
            typer.Option(
                "--coordinated-from",
                formats=["%Y-%m-%d"],
                help="Coordinated support starts (date).",
            ),
        ] = None,
        coordinated_share: Annotated[
            float,
            typer.Option(
                "--coordinated-share", min=0.0, max=1.0, help="Share of people who get it."
            ),
        ] = 0.0,
        replace: Annotated[
            bool, typer.Option("--replace", help="Overwrite a stored cohort with the same name.")
        ] = False,
        quiet: Annotated[
            bool, typer.Option("--quiet", "-q", help="No progress bar (none is shown in scripts).")
        ] = False,
        db: db_option = None,
    ) -> None:
        """Generate a synthetic open cohort over a window, find its revolving-door cycles, and
        store it. People enter and leave the group during the window; --people (or --area's
        figure) is how many are in it at any one time.

        Exit code 2: neither --people nor --area, an unknown area, a window shorter than a year,
        the name is taken (without --replace) or a module file is invalid.
        """
        from synthetic import (  # the generator loads only when used
            DEFAULT_FROM,
            DEFAULT_TO,
            ModuleError,
            UnknownAreaError,
            area_people,
            check_window,
        )
        from synthetic.generate import generate_cohort_chunks
        from timeline.cli.progress import people_bar
        from timeline.cohorts.stream import detect_in_parts

        first = window_from.date() if window_from else DEFAULT_FROM
        last = window_to.date() if window_to else DEFAULT_TO
        try:
            check_window(first, last)
            at_any_time = people if people is not None or area is None else area_people(area)
        except (ValueError, ModuleError) as exc:  # UnknownAreaError is a ValueError
            raise fail(str(exc), EXIT_INVALID) from None
        if at_any_time is None:
            raise fail("give --people N or --area NAME (e.g. --area coventry)", EXIT_INVALID)
        services = open_db(db)
        if not replace and any(info.name == name for info in services.list_cohorts()):
            raise fail(
                f"a cohort called {name!r} is already stored; use --replace to overwrite it",
                EXIT_INVALID,
            )
        try:
            total, parts = generate_cohort_chunks(
                at_any_time,
                seed,
                name=name,
                modules_dir=modules,
                coordinated_from=coordinated_from.date() if coordinated_from else None,
                coordinated_share=coordinated_share,
                window_from=first,
                window_to=last,
                area=area,
            )
        except (ModuleError, UnknownAreaError) as exc:
            raise fail(str(exc), EXIT_INVALID) from None
        cycles = [0]

        def counted(detected):  # noqa: ANN001, ANN202 - parts in, the same parts out
            for part in detected:
                cycles[0] += len(part.cycles)
                yield part

        with people_bar(total, f"synth {name}", quiet=quiet) as progress:
            try:  # generated, detected and written part by part (bounded memory)
                info = services.save_cohort(
                    counted(detect_in_parts(parts)), replace=replace, progress=progress
                )
            except CohortExistsError as exc:
                raise fail(f"{exc} Use --replace to overwrite it.", EXIT_INVALID) from None
        typer.echo(
            f"stored {name}: {at_any_time:,} at any one time, "
            f"{plural(info.people, 'person', 'people')} from {first} to {last}, "
            f"{plural(info.events, 'event')}, {plural(cycles[0], 'cycle')}"
        )

    @app.command("cohort-summary")
    def cohort_summary(
        name: Annotated[str, typer.Argument(help="The cohort's name (as given to `synth`).")],
        db: db_option = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
        quiet: Annotated[
            bool, typer.Option("--quiet", "-q", help="No progress bar (none is shown in scripts).")
        ] = False,
    ) -> None:
        """Summarise a stored cohort: people, events, agencies per person, events by sector, cycles
        by rule, calibration to published figures and cost per person-year (docs/synthetic.md).
        Counts from 1 to 4 show as "<5" (TOUCHPOINTS_SUPPRESS_BELOW). A cohort whose files are
        missing is made again from its seed first (the same seed gives the same files)."""
        from timeline.cli.progress import status
        from timeline.cohorts.calibration import calibration_summary
        from timeline.cohorts.summary import summarise_cohort, suppress_summary

        services = open_db(db)
        rebuild_missing(services, name, quiet)
        with status(f"Reading cohort {name}", quiet=quiet) as say:
            cohort = stored_cohort(services, name)
            say(f"Summarising {plural(len(cohort.people), 'person', 'people')}")
            summary = suppress_summary(summarise_cohort(cohort), services.settings.suppress_below)
            summary |= calibration_summary(cohort)  # shares and rates, not counts of people
        if as_json:
            typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
            return
        typer.echo(f"{summary['name']}: {summary['people']} people, {summary['events']} events")
        if summary["window_from"]:
            typer.echo(
                f"window: {summary['window_from']} to {summary['window_to']}, "
                f"{summary['people_at_any_time']} people at any one time"
                + (f", area {summary['area']}" if summary["area"] else "")
            )
        quantiles = ", ".join(f"{k} {v:g}" for k, v in summary["agencies_per_person"].items())
        typer.echo(f"agencies per person: {quantiles}")
        typer.echo("events by sector:")
        for sector, count in summary["events_by_sector"].items():
            typer.echo(f"  {sector}: {count}")
        typer.echo("cycles by rule (people, iterations):")
        if not summary["cycles_by_rule"]:
            typer.echo("  none")
        for rule, counts in summary["cycles_by_rule"].items():
            typer.echo(f"  {rule}: {counts['people']} people, {counts['iterations']} iterations")
        held = sum(row["holds"] for row in summary["calibration"])
        typer.echo(
            f"calibration: {held} of {len(summary['calibration'])} published figures hold; "
            f"£{summary['cost_per_person_year']:,.0f} per person-year (docs/synthetic.md)"
        )

    @app.command("cohort-export")
    def cohort_export(
        name: Annotated[str, typer.Argument(help="The cohort's name (as given to `synth`).")],
        output: Annotated[
            Path,
            typer.Option(
                "--output",
                "-o",
                help="Folder to write the tables into (csv, parquet); "
                "the file to write (ocel, xes).",
            ),
        ],
        fmt: Annotated[
            str,
            typer.Option(
                "--format",
                help="csv or parquet (one file per table), or an event log for process-mining "
                "tools in one file: ocel (OCEL 2.0 JSON) or xes (XES, one trace per person).",
            ),
        ] = "csv",
        replace: Annotated[
            bool,
            typer.Option("--replace", help="Overwrite the tables or the file already there."),
        ] = False,
        db: db_option = None,
        quiet: Annotated[
            bool, typer.Option("--quiet", "-q", help="No progress bar (none is shown in scripts).")
        ] = False,
    ) -> None:
        """Write a stored cohort for analysts' own tools: people, events, agencies and cycles
        tables (CSV or Parquet), or its events as an OCEL 2.0 or XES event log; synthetic data.

        Exit code 2: an unknown format, the tables or file already there (without --replace),
        or a folder given to ocel or xes; nothing is written then.
        """
        from timeline.cli.progress import status
        from timeline.cohorts.export import (
            LOG_EXPORTERS,
            CohortExportError,
            export_cohort,
            export_cohort_log,
        )

        services = open_db(db)
        rebuild_missing(services, name, quiet)
        with status(f"Reading cohort {name}", quiet=quiet) as say:
            cohort = stored_cohort(services, name)
            say(f"Writing {plural(len(cohort.people), 'person', 'people')} as {fmt}")
            try:
                if fmt in LOG_EXPORTERS:
                    held = export_cohort_log(cohort, fmt, output, replace=replace)
                    typer.echo(f"wrote {output} ({held})")
                    return
                written = export_cohort(cohort, fmt, output, replace=replace)
            except CohortExportError as exc:
                raise fail(str(exc), EXIT_INVALID) from None
        for path, table in zip(written, ("people", "events", "agencies", "cycles"), strict=True):
            typer.echo(f"wrote {path} ({plural(len(getattr(cohort, table)), 'row')})")
