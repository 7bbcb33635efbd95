"""One plain line, never a traceback, when the database cannot be used by any command (or a
TOUCHPOINTS_ setting cannot be read)."""

from __future__ import annotations

import re
from typing import Any

import click
import typer
from pydantic import ValidationError
from typer.core import TyperGroup

from timeline.store.failures import DATABASE_FAILURES, database_failure_reason

EXIT_DATABASE = 1
EXIT_SETTING = 2


def shown_url(url: str) -> str:
    """A database URL fit to print: its password, if any, replaced by ***."""
    return re.sub(r"^([^:/]+://[^/@:]*):[^/@]*@", r"\1:***@", url)


def database_failure_line(error: BaseException) -> str:
    """What the CLI prints: the short reason (no SQL, no stored data) and what to check."""
    return (
        f"Error: the database could not be used: {database_failure_reason(error)}; check "
        "TOUCHPOINTS_DATABASE_URL (or --db), that the database is running and its disk has room"
    )


class PlainDatabaseErrors(TyperGroup):
    """The `touchpoints` group: a database failure in any command prints one line, exit 1."""

    def invoke(self, ctx: click.Context) -> Any:  # noqa: ANN401 - click's own signature
        """Run the command; a database failure becomes one line on stderr."""
        try:
            return super().invoke(ctx)
        except DATABASE_FAILURES as exc:
            typer.echo(database_failure_line(exc), err=True)
            raise typer.Exit(EXIT_DATABASE) from None
        except ValidationError as exc:
            if exc.title != "Settings":
                raise
            for error in exc.errors():
                name = "TOUCHPOINTS_" + "_".join(str(part) for part in error["loc"]).upper()
                typer.echo(f"Error: the setting {name} cannot be used: {error['msg']}", err=True)
            raise typer.Exit(EXIT_SETTING) from None
