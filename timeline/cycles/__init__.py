"""Revolving-door cycles: pure functions over journeys. Never imports dash or sqlalchemy."""

from timeline.cycles.config import RuleSet, RulesFileError, apply_overrides, load_rules_file
from timeline.cycles.engine import (
    find_cycles,
    find_person_findings,
    span_text,
    uncounted_self_discharges,
)
from timeline.cycles.rules import DEFAULT_RULES, RULES_BY_ID, Parameter, Rule

__all__ = [
    "RuleSet",
    "RulesFileError",
    "apply_overrides",
    "load_rules_file",
    "DEFAULT_RULES",
    "RULES_BY_ID",
    "Parameter",
    "Rule",
    "find_cycles",
    "find_person_findings",
    "span_text",
    "uncounted_self_discharges",
]
