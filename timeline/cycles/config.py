"""Rule parameters from a TOML or JSON rules file, or from a view: validated, never half-applied."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from timeline.cycles.rules import DEFAULT_RULES, RULES_BY_ID, Rule
from timeline.cycles.timing import DEFAULT_APPROXIMATE_DAYS

Overrides = Mapping[str, Mapping[str, object]]


class RulesFileError(ValueError):
    """A rules file or override that cannot be used; the message says what to change."""


@dataclass(frozen=True)
class RuleSet:
    """The rules in force and how wide an approximate date is taken to be."""

    rules: tuple[Rule, ...] = DEFAULT_RULES
    approximate_days: int = DEFAULT_APPROXIMATE_DAYS


def apply_overrides(
    rules: Iterable[Rule], overrides: Overrides, *, where: str = "overrides"
) -> tuple[Rule, ...]:
    """Rules with parameters changed per rule id ({"custody_cycle": {"window_days": 300}})."""
    by_id = {rule.id: rule for rule in rules}
    for rule_id, values in overrides.items():
        if rule_id not in RULES_BY_ID:
            raise RulesFileError(
                f"{where}: unknown rule {rule_id!r}; the rules are {', '.join(RULES_BY_ID)}"
            )
        if not isinstance(values, Mapping):
            raise RulesFileError(f"{where}: [{rule_id}] must be a table of parameter = number")
        values = dict(values)
        enabled = values.pop("enabled", None)
        if enabled is not None and not isinstance(enabled, bool):
            raise RulesFileError(f"{where}: {rule_id}.enabled must be true or false")
        for name, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int):
                raise RulesFileError(
                    f"{where}: {rule_id}.{name} must be a whole number, not {value!r}"
                )
        try:
            by_id[rule_id] = by_id[rule_id].with_values(values, enabled=enabled)
        except (ValueError, ValidationError) as exc:
            message = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            raise RulesFileError(f"{where}: {message.removeprefix('Value error, ')}") from None
    return tuple(by_id[rule.id] for rule in rules)


def load_rules_file(path: Path | None) -> RuleSet:
    """Read a .toml or .json rules file; None gives the defaults (docs/cycles.md)."""
    if path is None:
        return RuleSet()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesFileError(f"rules file {path}: cannot be read ({exc.strerror})") from None
    try:
        document = json.loads(text) if Path(path).suffix.lower() == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RulesFileError(
            f"rules file {path}: not valid {Path(path).suffix[1:]}: {exc}"
        ) from None
    if not isinstance(document, dict):
        raise RulesFileError(f"rules file {path}: must be a table of rules")
    approximate_days = document.pop("approximate_days", DEFAULT_APPROXIMATE_DAYS)
    if (
        isinstance(approximate_days, bool)
        or not isinstance(approximate_days, int)
        or (approximate_days < 0)
    ):
        raise RulesFileError(f"rules file {path}: approximate_days must be a whole number >= 0")
    rules = apply_overrides(DEFAULT_RULES, document, where=f"rules file {path}")
    return RuleSet(rules, approximate_days)
