"""Named cost tables: save the explorer's edited unit costs under a name, and read them back.

Names are short, lower-case and safe in a URL (`?costs=coventry-2024`). A saved table never
changes, so a shared link keeps showing the same costs; a name is taken by the first save, and a
later save of the same name (by anyone, also at the same moment) is refused with who saved it
and when, unless it holds exactly the same costs. Saving needs the cohorts permission; reading
is for whoever can open the explorer (its callbacks check that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from timeline import store
from timeline.access import Action
from timeline.cohorts.costs import MAX_UNIT_COST
from timeline.cohorts.prepared import KINDS
from timeline.service import Services
from timeline.store import CostTableRecord

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_NAME = 60
UnitCost = tuple[str, str, float]


class CostTableNameError(ValueError):
    """A name a cost table may not have; the message says what a name may be."""


@dataclass(frozen=True)
class SavedCostTable:
    """The outcome of a save: the table under the name, and whether this save stored it."""

    table: CostTableRecord
    created: bool


def check_table_name(text: object) -> str:
    """The name, trimmed and lower-cased, or CostTableNameError saying what to fix."""
    name = text.strip().lower() if isinstance(text, str) else ""
    if not name:
        raise CostTableNameError("Give the cost table a name before saving it.")
    if len(name) > MAX_NAME:
        raise CostTableNameError(
            f"A cost table's name is at most {MAX_NAME} characters; this one has {len(name)}."
        )
    if not NAME.match(name):
        raise CostTableNameError(
            "A cost table's name may hold only letters, digits, dashes (-) and underscores (_), "
            "starting with a letter or digit, e.g. coventry-2024 (it goes in the page's address)."
        )
    return name


def check_costs(costs: tuple[UnitCost, ...]) -> tuple[UnitCost, ...]:
    """The unit costs as stored: known kinds, pounds from 0 to MAX_UNIT_COST (ValueError)."""
    if not costs:
        raise ValueError("there are no unit costs to save")
    for kind, sector, gbp in costs:
        if kind not in KINDS or not sector or not (0 <= gbp <= MAX_UNIT_COST):
            raise ValueError(f"{kind}:{sector}:{gbp} is not a unit cost that can be saved")
    return tuple((str(k), str(s), float(g)) for k, s, g in costs)


def save_cost_table(services: Services, name: str, costs: tuple[UnitCost, ...]) -> SavedCostTable:
    """Save `costs` as a new table called `name` (checked by check_table_name); the same costs
    saved again under that name return the table as it is; other costs are refused with
    CostTableExistsError, whoever saved the name first."""
    services.require(Action.COHORTS)
    name, costs = check_table_name(name), check_costs(costs)
    viewer = services.viewer()
    saved_by = viewer.username if viewer is not None else store.DEFAULT_ACTOR
    try:
        with services.sessions.begin() as session:
            return SavedCostTable(
                store.save_cost_table(session, name, costs, saved_by=saved_by), True
            )
    except store.CostTableExistsError as taken:
        if sorted(taken.existing.costs) == sorted(costs):
            return SavedCostTable(taken.existing, False)
        raise


def find_cost_table(services: Services, name: str) -> CostTableRecord | None:
    """The table saved as `name`, or None when there is none (or the name could not be one)."""
    try:
        name = check_table_name(name)
    except CostTableNameError:
        return None
    with services.sessions() as session:
        try:
            return store.load_cost_table(session, name)
        except store.CostTableNotFoundError:
            return None


def list_cost_tables(services: Services) -> list[CostTableRecord]:
    """Every saved cost table, by name."""
    with services.sessions() as session:
        return store.list_cost_tables(session)


def describe_saved(table: CostTableRecord) -> str:
    """Who saved a table and when, in words: "saved by alice on 29 Nov 2026 at 14:02 UTC"."""
    at = table.saved_at
    return f"saved by {table.saved_by} on {at.day} {at:%b %Y at %H:%M} UTC"
