"""What every `touchpoints` command shares: the --db and --rules options, the exit code of bad
input, the one-line error, and opening the database and rules those options name."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from timeline.cycles import RulesFileError
from timeline.service import Services, open_services
from timeline.settings import load_settings
from timeline.store import DatabaseError

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLAlchemy database URL. Default: $TOUCHPOINTS_DATABASE_URL, "
        "else sqlite:///data/touchpoints.db.",
        show_default=False,
    ),
]

EXIT_INVALID = 2


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `Error: message` on stderr; the caller raises the returned Exit."""
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code)


RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help="TOML or JSON file of rule parameters. Default: $TOUCHPOINTS_RULES, else the spec's.",
        show_default=False,
    ),
]


def open_db(db: str | None, rules: Path | None = None) -> Services:
    """The services over the database and rules the options name; a plain error when unusable."""
    try:
        return open_services(load_settings(database_url=db, rules=rules))
    except (DatabaseError, RulesFileError) as exc:
        raise fail(str(exc)) from None
