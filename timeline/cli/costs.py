"""The `touchpoints cost-tables` command: list the named cost tables saved from the explorer.

One command group of the timeline/cli package. No `from __future__ import annotations`
here: typer reads these commands' annotations, which name the --db option type passed in.
"""

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from timeline.cohorts.costs import load_unit_costs
from timeline.cost_tables import list_cost_tables
from timeline.service import Services

__all__ = ["register_cost_commands"]


def register_cost_commands(
    app: typer.Typer, *, db_option: Any, open_db: Callable[[str | None], Services]
) -> None:
    """Add `cost-tables` to the `touchpoints` command."""

    @app.command("cost-tables")
    def cost_tables(
        db: db_option = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    ) -> None:
        """List the named cost tables saved from the explorer: name, who saved it and when (UTC),
        and its unit costs that differ from the illustrative defaults. A table opens in the
        explorer with ?costs=NAME."""
        tables = list_cost_tables(open_db(db))
        if as_json:
            rows = [
                {
                    "name": t.name,
                    "saved_by": t.saved_by,
                    "saved_at": t.saved_at.isoformat(),
                    "costs": [{"kind": k, "sector": s, "gbp": g} for k, s, g in t.costs],
                }
                for t in tables
            ]
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        if not tables:
            typer.echo("No cost tables saved. Save one from a cohort's explorer page.")
        for table in tables:
            changed = _changed(table.costs)
            typer.echo(
                f"{table.name}  saved by {table.saved_by} at "
                f"{table.saved_at:%Y-%m-%d %H:%M} UTC  "
                + (f"differs from the defaults in: {changed}" if changed else "the defaults")
            )


def _changed(costs: tuple[tuple[str, str, float], ...]) -> str:
    """The unit costs that differ from the defaults, as the URL writes them (kind:sector:gbp)."""
    defaults = {(k, s): g for k, s, g in load_unit_costs()[["kind", "sector", "gbp"]].to_numpy()}
    return ", ".join(
        f"{k}:{s}:{g:g}" for k, s, g in costs if (k, s) in defaults and defaults[(k, s)] != g
    )
