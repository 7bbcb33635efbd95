"""The consent commands of `touchpoints`: consent give, consent withdraw, consent list.

One command group of the timeline/cli package. No `from __future__ import annotations`
here: typer reads these commands' annotations, which name the --db option type passed in.
"""

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from timeline.cli.history import ByOption
from timeline.consent import Audience, needs_consent
from timeline.service import Services
from timeline.store import DEFAULT_ACTOR, ConsentRecord, JourneyNotFoundError

__all__ = ["register_consent_commands"]

EXIT_INVALID = 2
GIVEN_BY_HELP = "Who gave consent, free text, e.g. 'the person, via their worker'."
AUDIENCE_HELP = f"One of: {', '.join(a.value for a in Audience)}; repeat for several."


def _when(record: ConsentRecord) -> str:
    return record.given_at.strftime("%Y-%m-%d %H:%M:%S UTC")


def register_consent_commands(
    app: typer.Typer,
    *,
    db_option: Any,
    open_db: Callable[[str | None], Services],
    fail: Callable[..., typer.Exit],
) -> None:
    """Add the `consent` group (give, withdraw, list) to the `touchpoints` command."""
    consent = typer.Typer(
        help="Consent to show a journey about a real person (provenance anonymised): record "
        "who gave it and for which audiences (workshop, board_paper, commissioner), withdraw it, "
        "list its history. Without current consent, presenter mode and exports refuse.",
        no_args_is_help=True,
    )
    app.add_typer(consent, name="consent")

    @consent.command("give")
    def give(
        key: Annotated[str, typer.Argument(help="The journey's key (see `touchpoints list`).")],
        given_by: Annotated[
            str,
            typer.Option("--given-by", help=GIVEN_BY_HELP),
        ],
        audience: Annotated[list[str], typer.Option("--audience", help=AUDIENCE_HELP)],
        db: db_option = None,
        by: ByOption = DEFAULT_ACTOR,
    ) -> None:
        """Record consent for a journey to be shown to the given audiences."""
        services = open_db(db)
        try:
            services.record_consent(key, given_by=given_by, audiences=audience, actor=by)
            journey = services.load_journey(key)
        except JourneyNotFoundError as exc:
            raise fail(str(exc)) from None
        except ValueError as exc:
            raise fail(str(exc), EXIT_INVALID) from None
        typer.echo(f"recorded consent for {key}: {', '.join(audience)}")
        if not needs_consent(journey):
            typer.echo(f"note: {key} is {journey.provenance.value}; it needs no consent", err=True)

    @consent.command("withdraw")
    def withdraw(
        key: Annotated[str, typer.Argument(help="The journey's key.")],
        audience: Annotated[
            list[str] | None,
            typer.Option("--audience", help=f"Only these; all when omitted. {AUDIENCE_HELP}"),
        ] = None,
        db: db_option = None,
        by: ByOption = DEFAULT_ACTOR,
    ) -> None:
        """Withdraw current consent (kept in the consent history, never deleted)."""
        try:
            count = open_db(db).withdraw_consent(key, audiences=audience, actor=by)
        except ValueError as exc:
            raise fail(str(exc), EXIT_INVALID) from None
        if not count:
            typer.echo(f"{key} had no current consent to withdraw", err=True)
            return
        what = ", ".join(audience) if audience else "all audiences"
        typer.echo(f"withdrew consent for {key}: {what}")

    @consent.command("list")
    def list_command(
        key: Annotated[str, typer.Argument(help="The journey's key.")],
        db: db_option = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    ) -> None:
        """List a journey's consent records, withdrawn ones too: when, who, audiences, status."""
        records = open_db(db).list_consents(key)
        if as_json:
            rows = [
                {
                    "id": r.id,
                    "given_by": r.given_by,
                    "recorded_by": r.recorded_by,
                    "given_at": r.given_at.isoformat(),
                    "audiences": list(r.audiences),
                    "withdrawn_at": r.withdrawn_at.isoformat() if r.withdrawn_at else None,
                    "withdrawn_by": r.withdrawn_by,
                }
                for r in records
            ]
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        if not records:
            typer.echo(f"{key} has no consent records", err=True)
        for r in records:
            status = "current"
            if r.withdrawn_at:
                status = f"withdrawn {r.withdrawn_at:%Y-%m-%d %H:%M:%S} UTC by {r.withdrawn_by}"
            row = (_when(r), r.given_by, f"recorded by {r.recorded_by}", ",".join(r.audiences))
            typer.echo("\t".join((*row, status)))
