"""Pathway modules: declarative state machines (TOML) validated once, Synthea style.

A module is a set of states. A state emits events (an EventKind at an agency of a sector, a delay
after the state starts or after an earlier emit, optionally an end after a duration) and then
moves on through transitions with probabilities and delays. A state may be a `loop`: its emits
repeat for a drawn number of iterations. A loop that names a cycle rule is a revolving door made
on purpose: the generator records it as ground truth (rule, first and last key event,
iterations), and validation checks that its delays fit the rule's thresholds, so the detector can
see it. Every probability and delay carries `remarks`: a citation of the published figures
(docs/figures.md) or the rules (docs/cycles.md), or the words "assumption: ...". See
docs/synthetic.md.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from schemas import EventKind, NeedDomain
from timeline.cycles.rules import RULES_BY_ID, RuleId

DEFAULT_MODULES_DIR = Path(__file__).parent / "modules"
END = "end"  # the transition target that ends a module for the person
# facts.md and cycle-rules.md: what module files written before docs/figures.md cited
CITATIONS = ("assumption:", "figures.md", "cycles.md", "facts.md", "cycle-rules.md")


class ModuleError(ValueError):
    """A module file is unreadable or invalid; the message names file, state, field and fix."""


def check_remarks(value: str) -> str:
    """Remarks must cite figures.md or cycles.md (docs/), or say "assumption: ..."."""
    text = value.strip()
    if not any(c in text.lower() for c in CITATIONS):
        raise ValueError(
            "remarks must cite the published figures ('figures.md: ...'), the rules "
            "('cycles.md: ...') "
            f"or start with 'assumption: ...'; got {value!r}"
        )
    return text


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Delay(_Model):
    """Days: fixed (`days`), uniform in [min, max], or exponential with `mean` clipped to them."""

    days: int | None = Field(default=None, ge=0)
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)
    mean: float | None = Field(default=None, gt=0)
    remarks: str

    _remarks = field_validator("remarks")(check_remarks)

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        if self.days is not None:
            if self.min is not None or self.max is not None or self.mean is not None:
                raise ValueError("give either days = N, or min and max (and optionally mean)")
        elif self.min is None or self.max is None:
            raise ValueError("a delay needs days = N, or both min and max")
        elif self.min > self.max:
            raise ValueError(f"min ({self.min}) is more than max ({self.max})")
        elif self.mean is not None and not self.min <= self.mean <= self.max:
            raise ValueError(f"mean ({self.mean}) must lie between min and max")
        return self

    @property
    def low(self) -> int:
        """The shortest delay."""
        return self.days if self.days is not None else int(self.min or 0)

    @property
    def high(self) -> int:
        """The longest delay."""
        return self.days if self.days is not None else int(self.max or 0)


SAME_DAY = Delay(days=0, remarks="assumption: the same day")


class Choice(_Model):
    """One alternative of an emit that picks its kind (and sector) by weight."""

    kind: EventKind
    sector: str
    weight: float = Field(gt=0)


class Emit(_Model):
    """An event the state emits, `offset` days after the iteration starts or after `after`."""

    id: str | None = None
    kind: EventKind | None = None
    sector: str | None = None
    choices: tuple[Choice, ...] = ()
    after: str | None = Field(default=None, description="an earlier emit's id: from its end")
    offset: Delay = SAME_DAY
    duration: Delay | None = None
    probability: float = Field(default=1.0, gt=0, le=1)
    remarks: str | None = None
    agency: Literal["usual", "any", "loop", "rotate"] = "usual"
    key: bool = Field(default=False, description="one iteration of the loop's rule")
    episode: Literal["none", "first", "each"] = "none"

    _remarks = field_validator("remarks")(lambda v: None if v is None else check_remarks(v))

    @model_validator(mode="after")
    def _kind_given(self) -> Self:
        if self.choices and (self.kind or self.sector):
            raise ValueError("give either kind and sector, or choices, not both")
        if not self.choices and not (self.kind and self.sector):
            raise ValueError("an emit needs kind and sector (or a list of choices)")
        if self.probability < 1 and self.remarks is None:
            raise ValueError("a probability below 1 needs remarks saying where it comes from")
        if self.key and self.probability < 1:
            raise ValueError("a key emit must always happen (probability 1)")
        return self

    @property
    def alternatives(self) -> tuple[Choice, ...]:
        """The (kind, sector, weight) alternatives; one for a plain emit."""
        if self.choices:
            return self.choices
        return (Choice(kind=self.kind, sector=self.sector, weight=1.0),)  # type: ignore[arg-type]


class Iterations(_Model):
    """How many times a loop goes round: uniform in [min, max]."""

    min: int = Field(ge=1, le=64)
    max: int = Field(ge=1, le=64)
    remarks: str

    _remarks = field_validator("remarks")(check_remarks)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is more than max ({self.max})")
        return self


class Loop(_Model):
    """A state's emits repeated; `gap` runs from one iteration's last event to the next start."""

    rule: RuleId | None = None
    iterations: Iterations
    gap: Delay


class Transition(_Model):
    """Where the person goes next (or "end"), how likely, and how many days later."""

    to: str
    probability: float = Field(gt=0, le=1)
    delay: Delay
    remarks: str

    _remarks = field_validator("remarks")(check_remarks)


class State(_Model):
    """A step of a pathway: what it emits, whether it loops, where it leads."""

    description: str = ""
    emit: tuple[Emit, ...] = ()
    loop: Loop | None = None
    transitions: tuple[Transition, ...] = ()


class Module(_Model):
    """A pathway module: which people it applies to and its states."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str
    needs: tuple[NeedDomain, ...] = Field(
        default=(), description="people with any of these needs; empty for everyone"
    )
    start: str
    start_delay: Delay
    states: dict[str, State]


def _fail(where: str, message: str) -> ValueError:
    return ValueError(f"{where}: {message}")


def check_module(module: Module) -> list[str]:
    """Problems a single field cannot see: links between states and loops against the rules."""
    problems: list[str] = []
    names = set(module.states)
    if module.start not in names:
        problems.append(f"field 'start': no state {module.start!r}; states are {sorted(names)}")
    for name, state in module.states.items():
        where = f"state {name!r}"
        for i, transition in enumerate(state.transitions):
            if transition.to != END and transition.to not in names:
                problems.append(
                    f"{where}, field 'transitions[{i}].to': no state {transition.to!r}; "
                    f"use one of {sorted(names)} or {END!r}"
                )
        total = sum(t.probability for t in state.transitions)
        if state.transitions and abs(total - 1) > 1e-6:
            problems.append(
                f"{where}, field 'transitions': probabilities add up to {total:g}, not 1; "
                "adjust them"
            )
        ids: list[str] = []
        for i, emit in enumerate(state.emit):
            if emit.after is not None and emit.after not in ids:
                problems.append(
                    f"{where}, field 'emit[{i}].after': {emit.after!r} is not the id of an "
                    "earlier emit of this state"
                )
            if emit.id is not None:
                ids.append(emit.id)
            if emit.agency in ("loop", "rotate") and state.loop is None:
                problems.append(
                    f"{where}, field 'emit[{i}].agency': {emit.agency!r} needs a loop state"
                )
        problems.extend(_check_loop(where, state))
    return problems


def _check_loop(where: str, state: State) -> list[str]:
    """A rule loop must reach the rule's min_count and keep its key events within the window."""
    loop = state.loop
    if loop is None or loop.rule is None:
        return []
    rule = RULES_BY_ID[loop.rule]
    keys = [e for e in state.emit if e.key]
    if not keys:
        return [f"{where}, field 'emit': a loop for {loop.rule} needs an emit with key = true"]
    problems = []
    need = rule.value("min_count") if "min_count" in rule.parameters else 1
    if loop.iterations.min < need:
        problems.append(
            f"{where}, field 'loop.iterations.min': {loop.rule} needs {need}+ iterations "
            f"(docs/cycles.md); raise min to {need}"
        )
    spacing = key_spacing(state)
    if "window_days" in rule.parameters:
        window = rule.value("window_days")
        reach = spacing * (max(need, 2) - 1)
        if reach > window:
            problems.append(
                f"{where}, field 'loop.gap': {need} key events can spread over {reach} days, "
                f"beyond {loop.rule}'s window of {window} days; shorten the gap or the emits"
            )
    if loop.rule == "return_to_homelessness":
        spans = times(state)
        first, last = ([spans[i] for i, e in enumerate(state.emit) if e.key] + [(0,) * 4] * 2)[:2]
        low, high = last[0] - first[1], last[1] - first[0]
        lo_limit, hi_limit = rule.value("transfer_days"), rule.value("max_days")
        if len(keys) != 2 or low <= lo_limit or high > hi_limit:
            problems.append(
                f"{where}, field 'emit': a return needs two key emits (tenancy, then homeless) "
                f"{lo_limit + 1} to {hi_limit} days apart; they can be {low} to {high}"
            )
    return problems


def times(state: State) -> list[tuple[int, int, int, int]]:
    """Earliest/latest start and earliest/latest end of each emit, from the iteration start."""
    found: list[tuple[int, int, int, int]] = []
    index_of: dict[str, int] = {}
    for index, emit in enumerate(state.emit):
        base = (0, 0) if emit.after is None else found[index_of[emit.after]][2:]
        s0, s1 = base[0] + emit.offset.low, base[1] + emit.offset.high
        d0, d1 = (emit.duration.low, emit.duration.high) if emit.duration else (0, 0)
        found.append((s0, s1, s0 + d0, s1 + d1))
        if emit.id is not None:
            index_of[emit.id] = index
    return found


def key_spacing(state: State) -> int:
    """The most days from one key event's start (custody: its end) to the next key's start."""
    assert state.loop is not None
    spans = times(state)
    key = next(i for i, e in enumerate(state.emit) if e.key)
    use_end = state.loop.rule == "custody_cycle"
    index_of = {e.id: i for i, e in enumerate(state.emit) if e.id is not None}
    # latest end of each emit relative to the key's start (or end): exact for emits chained
    # after the key, the absolute worst case for the others
    tail: dict[int, int] = {}
    for i, emit in enumerate(state.emit):
        parent = index_of.get(emit.after) if emit.after is not None else None
        if i == key:
            tail[i] = 0 if use_end else (emit.duration.high if emit.duration else 0)
        elif parent is not None and parent in tail and _depends(state, parent, key, index_of):
            tail[i] = tail[parent] + emit.offset.high + (emit.duration.high if emit.duration else 0)
        else:
            anchor = spans[key][2] if use_end else spans[key][0]
            tail[i] = spans[i][3] - anchor
    return max(tail.values()) + state.loop.gap.high + spans[key][1]


def _depends(state: State, index: int, key: int, index_of: dict[str, int]) -> bool:
    """Whether emit `index` is the key or chained after it."""
    while True:
        if index == key:
            return True
        after = state.emit[index].after
        if after is None:
            return False
        index = index_of[after]


def read_module(path: Path) -> Module:
    """One module file, validated (ModuleError names the file, state, field and what to fix)."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModuleError(f"{path.name}: cannot read the module: {exc}") from None
    document.setdefault("name", path.stem)
    try:
        module = Module.model_validate(document)
    except ValidationError as exc:
        raise ModuleError("\n".join(_describe(path.name, e) for e in exc.errors())) from None
    problems = check_module(module)
    if problems:
        raise ModuleError("\n".join(f"{path.name}: {p}" for p in problems))
    return module


def load_modules(directory: Path | None = None) -> tuple[Module, ...]:
    """Every *.toml module of a folder (default: the built-in modules), sorted by name."""
    folder = directory or DEFAULT_MODULES_DIR
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise ModuleError(f"{folder}: no module files (*.toml) found")
    errors: list[str] = []
    modules: list[Module] = []
    for path in paths:
        try:
            modules.append(read_module(path))
        except ModuleError as exc:
            errors.append(str(exc))
    if errors:
        raise ModuleError("\n".join(errors))
    return tuple(modules)


def _describe(file: str, error: dict) -> str:
    """A pydantic error as 'file: state 'x', field 'a.b': message'."""
    loc = [str(part) for part in error["loc"]]
    where = ""
    if len(loc) >= 2 and loc[0] == "states":
        where, loc = f"state {loc[1]!r}, ", loc[2:]
    field = ".".join(p if not p.isdigit() else f"[{p}]" for p in loc).replace(".[", "[")
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "missing":
        message = "missing; add it" + (
            " (a citation or 'assumption: ...')" if "remarks" in field else ""
        )
    elif error["type"] == "extra_forbidden":
        message = "is not a known field; remove it or fix its spelling"
    return f"{file}: {where}field {field!r}: {message}"
