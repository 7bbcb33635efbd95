"""The `touchpoints` command: a thin layer over the library; `--help` is the reference.

One module per command group; this one builds the typer app and adds the groups in the order
`touchpoints --help` lists them.
"""

from __future__ import annotations

import typer

from timeline.cli.cohort import register_cohort_commands
from timeline.cli.consent import register_consent_commands
from timeline.cli.costs import register_cost_commands
from timeline.cli.errors import PlainDatabaseErrors
from timeline.cli.history import register_history_commands
from timeline.cli.journeys import register_export_commands, register_journey_commands
from timeline.cli.options import DbOption, RulesOption, fail, open_db
from timeline.cli.rules import register_rule_commands
from timeline.cli.serve import register_serve_command
from timeline.cli.users import register_user_commands

__all__ = ["app", "main"]

app = typer.Typer(
    help="Touchpoints: journeys across services as swimlane timelines, with revolving-door cycles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=PlainDatabaseErrors,  # a database that cannot be used: one plain line, not a traceback
)

register_journey_commands(app)
register_history_commands(app, db_option=DbOption, open_db=open_db, fail=fail)
register_consent_commands(app, db_option=DbOption, open_db=open_db, fail=fail)
register_user_commands(app, db_option=DbOption, open_db=open_db, fail=fail)
register_export_commands(app)
register_rule_commands(
    app, db_option=DbOption, rules_option=RulesOption, open_db=open_db, fail=fail
)
register_serve_command(app, db_option=DbOption, fail=fail)
register_cohort_commands(app, db_option=DbOption, open_db=open_db, fail=fail)
register_cost_commands(app, db_option=DbOption, open_db=open_db)


def main() -> None:
    """Entry point of the `touchpoints` script."""
    app()
