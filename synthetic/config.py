"""Who the synthetic people are, which agencies they meet, and what coordinated support shifts.

Three TOML files in synthetic/config/, validated like the modules: every share, prevalence and
weight carries `remarks` (a citation of facts.md or "assumption: ...").
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from schemas import AgeBand, EventKind, Gender, NeedDomain, ProviderType
from synthetic.modules import ModuleError, check_remarks

CONFIG_DIR = Path(__file__).parent / "config"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Share(_Model):
    """A share of people (or a weight) and where it comes from."""

    share: float = Field(ge=0, le=1)
    remarks: str

    _remarks = field_validator("remarks")(check_remarks)


class Prevalence(_Model):
    """How common a need is; `women` overrides it for women (domestic abuse)."""

    prevalence: float = Field(ge=0, le=1)
    women: float | None = Field(default=None, ge=0, le=1)
    remarks: str

    _remarks = field_validator("remarks")(check_remarks)


class Count(_Model):
    """A whole number and where it comes from."""

    value: int = Field(ge=0)
    remarks: str

    _remarks = field_validator("remarks")(check_remarks)


class Population(_Model):
    """Demographics, needs and the span of each person's history."""

    horizon_days: Count
    min_needs: Count
    usual_agency: Share
    gender: dict[Gender, Share]
    age_band: dict[AgeBand, Share]
    needs: dict[NeedDomain, Prevalence]

    @model_validator(mode="after")
    def _shares_add_up(self) -> Self:
        for name in ("gender", "age_band"):
            total = sum(s.share for s in getattr(self, name).values())
            if abs(total - 1) > 1e-6:
                raise ValueError(f"{name} shares add up to {total:g}, not 1")
        if self.min_needs.value > len(self.needs):
            raise ValueError("min_needs is more than the number of needs")
        return self


class Sector(_Model):
    """The synthetic agencies of one sector: how many, who runs them, how they are named."""

    count: int = Field(ge=1, le=200)
    provider_types: dict[ProviderType, float]
    names: tuple[str, ...] = Field(min_length=1)
    remarks: str

    _remarks = field_validator("remarks")(check_remarks)


class Agencies(_Model):
    """Sectors in display order, each with its agencies."""

    sectors: dict[str, Sector]


class Shift(_Model):
    """Transitions into states emitting these kinds (in these sectors) are re-weighted."""

    kinds: tuple[EventKind, ...]
    sectors: tuple[str, ...] = ()
    weight: float = Field(gt=0)
    remarks: str

    _remarks = field_validator("remarks")(check_remarks)


class Coordinated(_Model):
    """The coordinated-support intervention: weights below 1 shift contact away, above 1 towards."""

    description: str
    shift: tuple[Shift, ...]


class Config(_Model):
    """The three configuration files together."""

    population: Population
    agencies: Agencies
    coordinated: Coordinated


def _read(path: Path, model: type[BaseModel]) -> BaseModel:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        return model.model_validate(document)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModuleError(f"{path.name}: cannot read it: {exc}") from None
    except ValidationError as exc:
        lines = [
            f"{path.name}: field {'.'.join(str(p) for p in e['loc'])!r}: "
            + e["msg"].removeprefix("Value error, ")
            for e in exc.errors()
        ]
        raise ModuleError("\n".join(lines)) from None


def load_config(directory: Path | None = None) -> Config:
    """population.toml, agencies.toml and coordinated.toml from a folder (default: built in)."""
    folder = directory or CONFIG_DIR
    return Config(
        population=_read(folder / "population.toml", Population),  # type: ignore[arg-type]
        agencies=_read(folder / "agencies.toml", Agencies),  # type: ignore[arg-type]
        coordinated=_read(folder / "coordinated.toml", Coordinated),  # type: ignore[arg-type]
    )
