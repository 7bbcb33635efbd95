"""The history commands of `touchpoints`: history, restore, delete (soft) and undelete.

One command group of the timeline/cli package. No `from __future__ import annotations`
here: typer reads these commands' annotations, which name the --db option type passed in.
"""

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from timeline.changes import describe_versions
from timeline.describe import plural
from timeline.service import Services
from timeline.store import (
    DEFAULT_ACTOR,
    JourneyNotFoundError,
    StaleJourneyError,
    VersionNotFoundError,
)

__all__ = ["DEFAULT_ACTOR", "ByOption", "IfVersionOption", "register_history_commands"]

# Free text until accounts exist (issue 6, item 1); then the signed-in user replaces it.
ByOption = Annotated[
    str,
    typer.Option("--by", help="Who is making the change, as recorded in the journey's history."),
]
IfVersionOption = Annotated[
    int | None,
    typer.Option(
        "--if-version",
        min=0,
        help="Only if the journey is still at this version (see `history`); exit 2 otherwise "
        "and nothing is stored (with import: goes with --replace; 0 means only if not stored "
        "yet).",
        show_default=False,
    ),
]
EXIT_STALE = 2


def register_history_commands(
    app: typer.Typer,
    *,
    db_option: Any,
    open_db: Callable[[str | None], Services],
    fail: Callable[..., typer.Exit],
) -> None:
    """Add `history`, `restore`, `delete` and `undelete` to the `touchpoints` command."""

    @app.command()
    def history(
        key: Annotated[str, typer.Argument(help="The journey's key (deleted journeys too).")],
        db: db_option = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    ) -> None:
        """List every saved version of a journey: number, when (UTC), who, action, events and
        what changed against the version before (JSON: `changes`)."""
        services = open_db(db)
        versions = services.list_versions(key)
        if not versions:
            raise fail(f"journey {key!r} has no history; `touchpoints list` shows the stored keys")
        changes = describe_versions(
            [(v.version, v.action.value) for v in versions],
            [services.load_version(key, v.version) for v in versions],
        )
        if as_json:
            rows = [
                {
                    "version": v.version,
                    "saved_at": v.saved_at.isoformat(),
                    "actor": v.actor,
                    "action": v.action.value,
                    "events": v.events,
                    "changes": changes[v.version],
                }
                for v in versions
            ]
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        for v in versions:
            when = v.saved_at.strftime("%Y-%m-%d %H:%M:%S UTC")
            row = (
                str(v.version),
                when,
                v.actor,
                v.action.value,
                plural(v.events, "event"),
                changes[v.version],
            )
            typer.echo("\t".join(row))

    @app.command()
    def restore(
        key: Annotated[str, typer.Argument(help="The journey's key.")],
        version: Annotated[int, typer.Argument(help="The version to bring back (see `history`).")],
        db: db_option = None,
        by: ByOption = DEFAULT_ACTOR,
        if_version: IfVersionOption = None,
    ) -> None:
        """Make an earlier version the current journey; this is recorded as a new version."""
        try:
            added = open_db(db).restore_version(key, version, actor=by, base_version=if_version)
        except (VersionNotFoundError, JourneyNotFoundError) as exc:
            raise fail(str(exc)) from None
        except StaleJourneyError as exc:
            raise fail(str(exc), EXIT_STALE) from None
        typer.echo(f"restored {key} version {version} as version {added}")

    @app.command()
    def delete(
        key: Annotated[str, typer.Argument(help="The journey's key (see `touchpoints list`).")],
        db: db_option = None,
        by: ByOption = DEFAULT_ACTOR,
        if_version: IfVersionOption = None,
    ) -> None:
        """Delete a journey softly: hidden but kept; `touchpoints undelete` brings it back."""
        try:
            open_db(db).delete_journey(key, actor=by, base_version=if_version)
        except JourneyNotFoundError as exc:
            raise fail(str(exc)) from None
        except StaleJourneyError as exc:
            raise fail(str(exc), EXIT_STALE) from None
        typer.echo(f"deleted {key} (kept in its history; `touchpoints undelete {key}` undoes this)")

    @app.command()
    def undelete(
        key: Annotated[str, typer.Argument(help="The deleted journey's key.")],
        db: db_option = None,
        by: ByOption = DEFAULT_ACTOR,
        if_version: IfVersionOption = None,
    ) -> None:
        """Bring back a deleted journey as it was when it was deleted."""
        try:
            added = open_db(db).undelete_journey(key, actor=by, base_version=if_version)
        except JourneyNotFoundError as exc:
            raise fail(str(exc)) from None
        except StaleJourneyError as exc:
            raise fail(str(exc), EXIT_STALE) from None
        typer.echo(f"undeleted {key} (version {added})")
