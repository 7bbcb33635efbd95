"""One detector per rule: a person's timed events in, the loops found (before wording) out."""

from __future__ import annotations

from collections.abc import Callable

from timeline.cycles.detectors.common import Finding, when
from timeline.cycles.detectors.crisis import (
    find_frequent_emergencies,
    find_missed_referrals,
    find_referral_ping_pong,
    find_repeat_referrals,
    find_self_discharge_loops,
)
from timeline.cycles.detectors.housing import (
    find_episodic_homelessness,
    find_eviction_cycles,
    find_returns_to_homelessness,
)
from timeline.cycles.detectors.justice import find_breach_cycles, find_custody_cycles
from timeline.cycles.rules import Rule
from timeline.cycles.timing import Timed

DETECTORS: dict[str, Callable[[Rule, list[Timed]], list[Finding]]] = {
    "custody_cycle": find_custody_cycles,
    "breach_cycle": find_breach_cycles,
    "eviction_cycle": find_eviction_cycles,
    "hospital_self_discharge": find_self_discharge_loops,
    "emergency_frequent": find_frequent_emergencies,
    "referral_ping_pong": find_referral_ping_pong,
    "repeat_referral": find_repeat_referrals,
    "return_to_homelessness": find_returns_to_homelessness,
    "missed_referral": find_missed_referrals,
    "episodic_homelessness": find_episodic_homelessness,
}

__all__ = ["DETECTORS", "Finding", "when"]
