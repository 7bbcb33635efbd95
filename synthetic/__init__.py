"""Synthetic cohorts: a seeded generator that emits the same tables as a stored cohort.

Pathway modules (synthetic/modules/*.toml) are validated state machines; configuration
(synthetic/config/*.toml) sets demographics, needs, agencies, wards, area presets, how people
enter and leave the group, and the coordinated-support shift. See docs/synthetic.md.
"""

from synthetic.generate import (
    DEFAULT_FROM,
    DEFAULT_TO,
    UnknownAreaError,
    area_people,
    check_window,
    generate_cohort,
)
from synthetic.modules import ModuleError, load_modules, read_module

__all__ = [
    "DEFAULT_FROM",
    "DEFAULT_TO",
    "ModuleError",
    "UnknownAreaError",
    "area_people",
    "check_window",
    "generate_cohort",
    "load_modules",
    "read_module",
]
