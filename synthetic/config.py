"""Who the synthetic people are, which agencies they meet, and what coordinated support shifts.

Six TOML files in synthetic/config/, validated like the modules: every share, prevalence and
weight carries `remarks` (a citation of docs/figures.md or "assumption: ..."). places.toml holds the
invented place and street names agencies and wards are named after; window.toml how people enter
and leave the group; areas.toml the area presets and how needs vary by ward.
"""

from __future__ import annotations

import string
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


class Factor(_Model):
    """A multiplier or weight (may exceed 1) and where it comes from."""

    value: float = Field(ge=0)
    remarks: str

    _remarks = field_validator("remarks")(check_remarks)


class Population(_Model):
    """Demographics and needs (how long each person is in the group: window.toml)."""

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


PLACEHOLDERS = ("city", "area", "street", "last_name")
_VARYING = frozenset(PLACEHOLDERS) - {"city"}


def placeholders(pattern: str) -> set[str]:
    """The {fields} a name pattern uses."""
    return {field for _, field, _, _ in string.Formatter().parse(pattern) if field is not None}


class AgencyName(_Model):
    """A name pattern and the role of the agencies named by it (what kind of place it is)."""

    pattern: str = Field(min_length=1)
    role: str = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        try:
            used = placeholders(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a valid pattern: {exc}") from None
        unknown = used - set(PLACEHOLDERS)
        if unknown:
            raise ValueError(
                f"{value!r} uses {{{', '.join(sorted(unknown))}}}; patterns may use "
                + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            )
        return value

    @property
    def varies(self) -> bool:
        """Whether the pattern can name more than one agency (it uses more than the city)."""
        return bool(placeholders(self.pattern) & _VARYING)


class Sector(_Model):
    """The synthetic agencies of one sector: how many, who runs them, how they are named."""

    count: int = Field(ge=1, le=200)
    provider_types: dict[ProviderType, float]
    names: tuple[AgencyName, ...] = Field(min_length=1)
    remarks: str

    _remarks = field_validator("remarks")(check_remarks)

    @model_validator(mode="after")
    def _enough_names(self) -> Self:
        if self.count > len(self.names) and not any(n.varies for n in self.names):
            raise ValueError(
                f"{self.count} agencies but only {len(self.names)} names, none with {{area}}, "
                "{street} or {last_name}; add such a name or lower count"
            )
        return self

    @property
    def patterns(self) -> tuple[AgencyName, ...]:
        """The name of each agency in id order: every name once, then those that vary in turn.

        A city has one "{city} Police" but may have several "{area} Hostel"s.
        """
        first = self.names[: self.count]
        again = [n for n in self.names if n.varies]
        rest = self.count - len(first)
        return first + tuple(again[i % len(again)] for i in range(rest)) if rest else first

    @property
    def roles(self) -> tuple[str, ...]:
        """The role of each agency of the sector, in id order."""
        return tuple(n.role for n in self.patterns)


class KindAgencies(_Model):
    """Where events of one kind happen: only at agencies with one of these roles."""

    roles: tuple[str, ...] = Field(min_length=1)
    sectors: tuple[str, ...] = Field(
        default=(), description="the sectors it applies in; empty: wherever the kind is emitted"
    )
    remarks: str

    _remarks = field_validator("remarks")(check_remarks)

    def applies(self, sector: str) -> bool:
        """Whether events of the kind in this sector are restricted."""
        return not self.sectors or sector in self.sectors


class Agencies(_Model):
    """Sectors in display order, each with its agencies; which roles fit which event kinds."""

    sectors: dict[str, Sector]
    kinds: dict[EventKind, KindAgencies] = {}

    @model_validator(mode="after")
    def _roles_exist(self) -> Self:
        known = {role for sector in self.sectors.values() for role in sector.roles}
        problems = []
        for kind, rule in self.kinds.items():
            where = f"field 'kinds.{kind.value}'"
            for role in rule.roles:
                if role not in known:
                    problems.append(
                        f"{where}: no agency has role {role!r}; give a name in [sectors.*] that "
                        f"role, or use one of {sorted(known)}"
                    )
            for sector in rule.sectors:
                if sector not in self.sectors:
                    problems.append(
                        f"{where}: unknown sector {sector!r}; sectors are {', '.join(self.sectors)}"
                    )
                elif not set(rule.roles) & set(self.sectors[sector].roles):
                    problems.append(
                        f"{where}: no agency of {sector!r} has a role in {list(rule.roles)}; "
                        f"add a name with one of them to [sectors.{sector}]"
                    )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def fitting(self, kind: EventKind, sector: str) -> tuple[int, ...] | None:
        """Positions within the sector of the agencies an event may be at; None: any of them."""
        rule = self.kinds.get(kind)
        if rule is None or not rule.applies(sector):
            return None
        return tuple(i for i, r in enumerate(self.sectors[sector].roles) if r in rule.roles)


class Places(_Model):
    """Invented place and street names: one city per cohort, areas and streets within it."""

    remarks: str
    cities: tuple[str, ...] = Field(min_length=1)
    areas: tuple[str, ...] = Field(min_length=1)
    street_names: tuple[str, ...] = Field(min_length=1)
    street_types: tuple[str, ...] = Field(min_length=1)

    _remarks = field_validator("remarks")(check_remarks)

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        for field in ("cities", "areas", "street_names", "street_types"):
            values = getattr(self, field)
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"{field}: {', '.join(repeated)} listed more than once")
        for area in self.areas:
            clash = [c for c in self.cities if c in area.split()]
            if clash:
                raise ValueError(
                    f"area {area!r} contains the city name {clash[0]!r}; a cohort has one city, "
                    "so areas must not look like another one"
                )
        return self


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


class Stay(_Model):
    """How long people stay in the group: gamma-distributed days with a whole-number shape."""

    mean_days: Count
    shape: Count

    @model_validator(mode="after")
    def _positive(self) -> Self:
        if self.mean_days.value < 1 or self.shape.value < 1:
            raise ValueError("stay mean_days and shape must be 1 or more")
        return self


class Leaving(_Model):
    """Of those who leave alive, the share who move away (the rest move on)."""

    moved_away: Share


class Died(_Model):
    """Deaths: the share of people present over span_days who die in it, weighted by age band."""

    share: Share
    span_days: Count
    age_weight: dict[AgeBand, Factor]


class Window(_Model):
    """window.toml: stays in the group and why people leave it."""

    stay: Stay
    leaving: Leaving
    died: Died
    history_days: Count


class AreaPreset(_Model):
    """A bundled area: how many people at any one time, and in how many wards."""

    description: str
    people: Count
    wards: Count
    per_1000_adults: Factor  # the ward map's illustrative adults: people at any one time / rate


class WardNeed(_Model):
    """A need's prevalence multiplier: `centre` in city-centre wards, 1 +- spread elsewhere."""

    centre: Factor
    spread: Share


class Wards(_Model):
    """How many wards a city has by default, how they differ in size and in needs."""

    count: Count
    centre: Count
    size_spread: Share
    per_1000_adults: Factor  # as AreaPreset's, for a cohort made without --area
    prevalence: dict[NeedDomain, WardNeed]


class Areas(_Model):
    """areas.toml: the presets and the wards."""

    presets: dict[str, AreaPreset]
    wards: Wards


class Config(_Model):
    """The six configuration files together."""

    population: Population
    agencies: Agencies
    coordinated: Coordinated
    places: Places
    window: Window
    areas: Areas

    @model_validator(mode="after")
    def _enough_ward_names(self) -> Self:
        most = max(
            [self.areas.wards.count.value] + [p.wards.value for p in self.areas.presets.values()]
        )
        if most > len(self.places.areas):
            raise ValueError(
                f"areas.toml asks for {most} wards but places.toml has {len(self.places.areas)} "
                "area names; add names or ask for fewer wards"
            )
        return self


def _read(path: Path, model: type[BaseModel]) -> BaseModel:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        return model.model_validate(document)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModuleError(f"{path.name}: cannot read it: {exc}") from None
    except ValidationError as exc:
        lines = [
            f"{path.name}: "
            + (f"field {'.'.join(str(p) for p in e['loc'])!r}: " if e["loc"] else "")
            + e["msg"].removeprefix("Value error, ")
            for e in exc.errors()
        ]
        raise ModuleError("\n".join(lines)) from None


def load_config(directory: Path | None = None) -> Config:
    """population, agencies, coordinated, places, window and areas (.toml) from a folder
    (default: built in)."""
    folder = directory or CONFIG_DIR
    return Config(
        population=_read(folder / "population.toml", Population),  # type: ignore[arg-type]
        agencies=_read(folder / "agencies.toml", Agencies),  # type: ignore[arg-type]
        coordinated=_read(folder / "coordinated.toml", Coordinated),  # type: ignore[arg-type]
        places=_read(folder / "places.toml", Places),  # type: ignore[arg-type]
        window=_read(folder / "window.toml", Window),  # type: ignore[arg-type]
        areas=_read(folder / "areas.toml", Areas),  # type: ignore[arg-type]
    )
