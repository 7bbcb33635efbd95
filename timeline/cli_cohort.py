"""The synthetic cohort commands of `touchpoints`: synth, cohort-summary.

Kept apart from timeline/cli.py to keep modules small. No `from __future__ import annotations`
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

    @app.command()
    def synth(
        people: Annotated[
            int, typer.Option("--people", min=0, help="How many people to generate.")
        ],
        seed: Annotated[
            int, typer.Option("--seed", min=0, help="Master seed: same seed, same data.")
        ],
        name: Annotated[str, typer.Option("--name", help="Name to store the cohort under.")],
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
        db: db_option = None,
    ) -> None:
        """Generate a synthetic cohort, find its revolving-door cycles, and store it.

        Exit code 2: the name is taken (without --replace) or a module file is invalid.
        """
        from synthetic import ModuleError, generate_cohort  # the generator loads only when used
        from timeline.cohorts.detect import detect_cycles

        services = open_db(db)
        if not replace and any(info.name == name for info in services.list_cohorts()):
            raise fail(
                f"a cohort called {name!r} is already stored; use --replace to overwrite it",
                EXIT_INVALID,
            )
        try:
            cohort = generate_cohort(
                people,
                seed,
                name=name,
                modules_dir=modules,
                coordinated_from=coordinated_from.date() if coordinated_from else None,
                coordinated_share=coordinated_share,
            )
        except ModuleError as exc:
            raise fail(str(exc), EXIT_INVALID) from None
        cohort = detect_cycles(cohort)
        try:
            services.save_cohort(cohort, replace=replace)
        except CohortExistsError as exc:
            raise fail(f"{exc} Use --replace to overwrite it.", EXIT_INVALID) from None
        typer.echo(
            f"stored {name}: {plural(len(cohort.people), 'person', 'people')}, "
            f"{plural(len(cohort.events), 'event')}, {plural(len(cohort.cycles), 'cycle')}"
        )

    @app.command("cohort-summary")
    def cohort_summary(
        name: Annotated[str, typer.Argument(help="The cohort's name (as given to `synth`).")],
        db: db_option = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Summarise a stored cohort: people, events, agencies per person, events by sector, cycles
        by rule. Counts from 1 to 4 show as "<5" (TOUCHPOINTS_SUPPRESS_BELOW)."""
        from timeline.cohorts.summary import summarise_cohort, suppress_summary

        services = open_db(db)
        try:
            cohort = services.load_cohort(name)
        except CohortNotFoundError as exc:
            raise fail(str(exc)) from None
        summary = suppress_summary(summarise_cohort(cohort), services.settings.suppress_below)
        if as_json:
            typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
            return
        typer.echo(f"{summary['name']}: {summary['people']} people, {summary['events']} events")
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
