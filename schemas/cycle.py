"""A detected revolving-door cycle: the JSON fields docs/cycles.md defines, `approximate` too."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["flag", "high"]
Certainty = Literal["certain", "possible"]


class Cycle(BaseModel):
    """One loop found by a rule, with every event that forms it and a plain-English explanation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    label: str
    explanation: str
    event_ids: tuple[str, ...] = Field(min_length=1)
    start: dt.date
    end: dt.date
    iterations: int = Field(ge=1)
    people: tuple[str, ...]
    severity: Severity = "flag"
    approximate: bool = Field(
        default=False, description="True when an approximate date could have moved it in or out"
    )
    certainty: Certainty = Field(
        default="certain",
        description="certain: holds wherever the uncertain dates really lie; possible: only for "
        "some placements of them",
    )
