"""Revolving-door rules as data: id, plain-English pattern, explanation, parameters, sources.

The thresholds are the defaults docs/cycles.md defines; each parameter names where its number
comes from. Detectors (timeline/cycles/detectors/) read only these values.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

RuleId = Literal[
    "custody_cycle",
    "breach_cycle",
    "eviction_cycle",
    "hospital_self_discharge",
    "emergency_frequent",
    "referral_ping_pong",
    "repeat_referral",
    "return_to_homelessness",
    "missed_referral",
    "episodic_homelessness",
]


class Parameter(BaseModel):
    """One threshold of a rule: its value, what it means and where the number comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: int = Field(ge=0)
    minimum: int = Field(default=1, ge=0)
    description: str
    source: str


class Rule(BaseModel):
    """A revolving-door rule: what it looks for, how it explains itself, and its thresholds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: RuleId
    label: str
    pattern: str
    explanation: str = Field(description="str.format template; fields listed in docs/cycles.md")
    parameters: dict[str, Parameter]
    enabled: bool = True

    @model_validator(mode="after")
    def _values_in_range(self) -> Self:
        for name, parameter in self.parameters.items():
            if parameter.value < parameter.minimum:
                raise ValueError(
                    f"{self.id}.{name} must be at least {parameter.minimum}, not {parameter.value}"
                )
        return self

    def value(self, name: str) -> int:
        """The current value of parameter `name`."""
        return self.parameters[name].value

    def with_values(self, values: dict[str, int], *, enabled: bool | None = None) -> Rule:
        """A copy with some parameter values changed (validated; unknown names are errors)."""
        unknown = sorted(set(values) - set(self.parameters))
        if unknown:
            raise ValueError(
                f"{self.id} has no parameter {', '.join(unknown)}; "
                f"its parameters are {', '.join(self.parameters)}"
            )
        parameters = {
            name: p.model_copy(update={"value": values[name]}) if name in values else p
            for name, p in self.parameters.items()
        }
        document = self.model_dump() | {
            "parameters": {k: v.model_dump() for k, v in parameters.items()}
        }
        if enabled is not None:
            document["enabled"] = enabled
        return Rule.model_validate(document)


def _p(value: int, description: str, source: str, minimum: int = 1) -> Parameter:
    return Parameter(value=value, minimum=minimum, description=description, source=source)


_YEAR_WINDOW = "days from one to the next that still count as the same cycle"
_APPROX = "{approximate}"

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(
        id="custody_cycle",
        label="custody cycle",
        pattern="custody → release → custody again",
        explanation="In custody {count} times between {first} and {last}: {details}." + _APPROX,
        parameters={
            "min_count": _p(2, "custody episodes in the chain", "short-sentence revolving door"),
            "window_days": _p(
                365, "days from a release to the next custody", "short-sentence revolving door"
            ),
        },
    ),
    Rule(
        id="breach_cycle",
        label="breach cycle",
        pattern="order or requirement → breach → court, repeated",
        explanation="{count} breaches in {span}: {details}." + _APPROX,
        parameters={
            "min_count": _p(
                2, "breaches", "repeated breaches of a drug rehabilitation requirement"
            ),
            "window_days": _p(
                365, _YEAR_WINDOW, "repeated breaches of a drug rehabilitation requirement"
            ),
        },
    ),
    Rule(
        id="eviction_cycle",
        label="eviction cycle",
        pattern="placement or tenancy → eviction → new placement or rough sleeping",
        explanation="{count} evictions in {span}: {details}." + _APPROX,
        parameters={
            "min_count": _p(2, "evictions", '"often evicted from accommodation projects"'),
            "window_days": _p(365, _YEAR_WINDOW, '"often evicted from accommodation projects"'),
        },
    ),
    Rule(
        id="hospital_self_discharge",
        label="hospital self-discharge loop",
        pattern="admission → self-discharge → street → admission",
        explanation="{count} hospital stays ended in self-discharge in {span}: {details}."
        + _APPROX,
        parameters={
            "min_count": _p(
                2, "admissions ending in self-discharge", "ambulance → self-discharge loop"
            ),
            "window_days": _p(
                90, "days the self-discharges fall within", "ambulance → self-discharge loop"
            ),
        },
    ),
    Rule(
        id="emergency_frequent",
        label="frequent emergency contact",
        pattern="frequent 999 / police call-outs, ambulance, A&E",
        explanation="{count} emergency contacts from {first} to {last}, up to {peak} in "
        "{window_days} days: {details}." + _APPROX,
        parameters={
            "min_count": _p(
                5,
                "contacts in any rolling window",
                "police repeat-demand count of 5+ calls a month (Coventry, Sept 2016)",
            ),
            "window_days": _p(30, "the rolling window, in days", "calls per caller in a month"),
            "high_at": _p(
                10,
                "contacts in one window that make it high severity",
                "police repeat-demand count of 10+ calls a month (Coventry, Sept 2016)",
            ),
        },
    ),
    Rule(
        id="referral_ping_pong",
        label="referral ping-pong",
        pattern="referrals declined (not eligible, threshold not met) and re-presenting elsewhere",
        explanation="{count} referrals declined by {agency_count} agencies in {span}: {details}."
        + _APPROX,
        parameters={
            "min_count": _p(3, "declined referrals", '"not my problem" thresholds'),
            "min_agencies": _p(2, "different agencies declining", '"not my problem" thresholds'),
            "window_days": _p(180, "days the declines fall within", '"not my problem" thresholds'),
        },
    ),
    Rule(
        id="repeat_referral",
        label="repeat referral",
        pattern="the same agency takes the person on again and again",
        explanation="Referred to {agency} {count} times in {span}: {details}." + _APPROX,
        parameters={
            "min_count": _p(3, "referrals to one agency", "re-entry after case closure"),
            "window_days": _p(365, "days the referrals fall within", "re-entry after case closure"),
        },
    ),
    Rule(
        id="return_to_homelessness",
        label="return to homelessness",
        pattern="housed (a tenancy starts), then rough sleeping or a homelessness placement",
        explanation="Housed with {agency} on {first}; {details} {days} days later, "
        "a return within {bucket}." + _APPROX,
        parameters={
            "transfer_days": _p(
                14,
                "a move within this many days is a transfer, not a return",
                "US HUD System Performance Measure 2",
                minimum=0,
            ),
            "max_days": _p(
                730,
                "the longest gap still counted as a return",
                "US HUD System Performance Measure 2 (6, 12 or 24 months)",
            ),
        },
    ),
    Rule(
        id="missed_referral",
        label="missed referrals",
        pattern='emergency contacts that end with "self-refer" or nothing, and no referral or '
        "support follows",
        explanation="{count} emergency contacts in {span} with no referral or support within "
        "{follow_up_days} days after: {details}." + _APPROX,
        parameters={
            "min_count": _p(
                3,
                "emergency contacts with no follow-up",
                "A&E five times in two years, each time told to self-refer",
            ),
            "window_days": _p(
                730,
                "days (24 months) the contacts fall within",
                "A&E five times in two years, each time told to self-refer",
            ),
            "follow_up_days": _p(
                30,
                "days after a contact in which a referral or support counts",
                "assumption: a month to act on an emergency contact",
            ),
        },
    ),
    Rule(
        id="episodic_homelessness",
        label="episodic homelessness",
        pattern="many separate homelessness episodes",
        explanation="{count} separate homelessness episodes in {span}: {details}." + _APPROX,
        parameters={
            "min_count": _p(4, "episodes", "US HMIS episodic homelessness (4+ in 4 years)"),
            "window_days": _p(
                1461, "days (4 years) the episodes start within", "US HMIS episodic homelessness"
            ),
            "gap_days": _p(
                30,
                "days without homelessness contact that separate two episodes",
                "US HMIS episodic homelessness",
            ),
        },
    ),
)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in DEFAULT_RULES}
