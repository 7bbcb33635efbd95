"""The rule commands of `touchpoints`: cycles (a journey's revolving-door cycles) and rules (the
rules in force). One command group of the timeline/cli package. No `from __future__ import
annotations` here: typer reads these commands' annotations, which name option types passed in.
"""

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from timeline.cycles import RulesFileError, load_rules_file, uncounted_self_discharges
from timeline.describe import NOT_COUNTED_HEADING, describe_not_counted
from timeline.settings import load_settings
from timeline.store import JourneyNotFoundError

__all__ = ["register_rule_commands"]


def register_rule_commands(
    app: typer.Typer,
    *,
    db_option: Any,
    rules_option: Any,
    open_db: Callable[..., Any],
    fail: Callable[..., typer.Exit],
) -> None:
    """Add `cycles` and `rules` to `touchpoints`."""

    @app.command()
    def cycles(
        key: Annotated[str, typer.Argument(help="The journey's key (see `touchpoints list`).")],
        db: db_option = None,
        rules: rules_option = None,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print a JSON list of cycles.")
        ] = False,
    ) -> None:
        """Print a journey's revolving-door cycles; `[]` with --json when there are none."""
        services = open_db(db, rules)
        try:
            journey = services.load_journey(key)
        except JourneyNotFoundError as exc:
            raise fail(str(exc)) from None
        found = services.find_cycles(journey)
        if as_json:
            typer.echo(
                json.dumps([c.model_dump(mode="json") for c in found], indent=2, ensure_ascii=False)
            )
            return
        if not found:
            typer.echo(f"No revolving-door cycles found in {key}.")
        for cycle in found:
            people = ", ".join(cycle.people)
            flags = cycle.severity + (", possible" if cycle.certainty == "possible" else "")
            typer.echo(f"{cycle.label} [{flags}] {cycle.start} to {cycle.end} ({people})")
            typer.echo(f"  {cycle.explanation}")
        rule_set = services.rule_set
        left_out = uncounted_self_discharges(
            journey, rule_set.rules, approximate_days=rule_set.approximate_days
        )
        if left_out:
            typer.echo(NOT_COUNTED_HEADING)
        for event in left_out:
            typer.echo(f"  {describe_not_counted(event)}")

    @app.command("rules")
    def rules_command(
        rules: rules_option = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the rules as JSON.")] = False,
    ) -> None:
        """Show the revolving-door rules in force: pattern, parameters and where each comes from."""
        try:
            rule_set = load_rules_file(rules if rules is not None else load_settings().rules)
        except RulesFileError as exc:
            raise fail(str(exc)) from None
        if as_json:
            typer.echo(
                json.dumps(
                    [r.model_dump(mode="json") for r in rule_set.rules],
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return
        for rule in rule_set.rules:
            state = "" if rule.enabled else " (off)"
            typer.echo(f"{rule.id}{state}: {rule.pattern}")
            for name, parameter in rule.parameters.items():
                typer.echo(
                    f"  {name} = {parameter.value}: {parameter.description} [{parameter.source}]"
                )
