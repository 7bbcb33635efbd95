"""The truth table: the loops the generator meant to create, as far as the window shows them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from synthetic.compiled import RULE_IDS
from synthetic.engine import MAX_STEPS, Output
from timeline.cohorts.tables import CYCLE_COLUMNS
from timeline.cycles.detectors.common import FOLLOW_UP
from timeline.cycles.rules import RULES_BY_ID

_NEVER = np.iinfo(np.int64).max // 4
_WHOLE = "return_to_homelessness"  # a return is two key events: both must be seen


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers (days since 1970-01-01; negative means none) as datetime64[s], NaT for none."""
    values = days.astype("datetime64[D]").astype("datetime64[s]")
    values[days < 0] = np.datetime64("NaT")
    return values


def _need() -> np.ndarray:
    """Per rule: how many key events a part of a loop needs to still be that loop."""
    need = [
        RULES_BY_ID[r].value("min_count") if "min_count" in RULES_BY_ID[r].parameters else 1
        for r in RULE_IDS
    ]
    need = np.array(need, dtype=np.int64)
    need[RULE_IDS.index(_WHOLE)] = _NEVER
    return need


def _episodic(person: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, ...]:
    """Runs of 4+ homelessness episodes starting within 4 years (the pathway's own episodes)."""
    rule = RULES_BY_ID["episodic_homelessness"]
    need, window = rule.value("min_count"), rule.value("window_days")
    order = np.lexsort((day, person))
    person, day = person[order], day[order]
    big = int(day.max(initial=0)) + window + 10
    packed = person * big + day
    last = np.searchsorted(packed, person * big + day + window, side="right") - 1
    first = np.arange(len(day))
    ok = last - first + 1 >= need
    i, j = first[ok], last[ok]
    if len(i) == 0:
        return (np.zeros(0, np.int64),) * 4
    reach = np.maximum.accumulate(j)
    heads = np.flatnonzero(np.r_[True, i[1:] > reach[:-1]])
    low, high = i[heads], np.maximum.reduceat(j, heads)
    return person[low], day[low], day[high], high - low + 1


FOLLOW_UP_KINDS = tuple(k.value for k in FOLLOW_UP)


def _followed(
    person: np.ndarray, day: np.ndarray, rule: np.ndarray, follow_ups: tuple[np.ndarray, ...]
) -> np.ndarray:
    """Key events of rules with follow_up_days (missed referrals) that some pathway happened to
    follow up (a referral or support within that many days after): not a missed chance."""
    limit = np.array(
        [
            RULES_BY_ID[r].value("follow_up_days")
            if "follow_up_days" in RULES_BY_ID[r].parameters
            else -1
            for r in RULE_IDS
        ],
        dtype=np.int64,
    )[rule]
    who, when = follow_ups
    big = np.int64(1 << 20)  # day numbers stay far below 2**20
    packed = np.sort(who.astype(np.int64) * big + when)
    at = np.searchsorted(packed, person * big + day)
    nxt = packed[np.minimum(at, len(packed) - 1)] if len(packed) else np.zeros(len(day), np.int64)
    return (limit >= 0) & (at < len(packed)) & (nxt <= person * big + day + limit)


def _visible_loops(
    person: np.ndarray, out: Output, first: int, last: np.ndarray, follow_ups: tuple
) -> tuple:
    """The rule loops with their key events cut to the days each person is seen: whole loops as
    made, parts still long enough for the rule from their first to last visible key event."""
    loop = out.truth_instance * MAX_STEPS + out.truth_step
    key = out.key_instance * MAX_STEPS + out.key_step
    day = out.key_day
    key_person = person[out.key_instance]
    seen = (day >= first) & (day <= last[key_person])
    if len(loop) and len(key):
        by_loop = np.argsort(loop)
        at_loop = np.minimum(np.searchsorted(loop[by_loop], key), len(loop) - 1)
        rule_of_key = out.truth_rule[by_loop][at_loop]
        seen &= ~_followed(key_person, day, rule_of_key, follow_ups)
    order = np.argsort(key, kind="stable")
    key, day, seen = key[order], day[order], seen[order]
    ids, heads, total = np.unique(key, return_index=True, return_counts=True)
    if len(ids) == 0:
        return (np.zeros(0, np.int64),) * 5
    shown = np.add.reduceat(seen.astype(np.int64), heads)
    low = np.minimum.reduceat(np.where(seen, day, _NEVER), heads)
    high = np.maximum.reduceat(np.where(seen, day, -1), heads)
    at = np.minimum(np.searchsorted(ids, loop), len(ids) - 1)
    found = ids[at] == loop
    whole = found & (shown[at] == total[at])
    part = found & ~whole & (shown[at] >= _need()[out.truth_rule])
    keep = whole | part
    iterations = np.where(
        whole,
        out.truth_iterations,
        np.maximum(1, np.ceil(out.truth_iterations * shown[at] / total[at])).astype(np.int64),
    )
    return (
        out.truth_instance[keep],
        out.truth_rule[keep],
        np.where(whole, out.truth_start, low[at])[keep],
        np.where(whole, out.truth_end, high[at])[keep],
        iterations[keep],
    )


def truth_table(
    person: np.ndarray, out: Output, first: int, last: np.ndarray, follow_ups: tuple
) -> pd.DataFrame:
    """Loops made on purpose and runs of episodes, seen from day `first` to each person's
    `last` day (person = instance's person; last per person); `follow_ups` is (person, day) of
    every referral and support event in the cohort."""
    instance, rule_index, start, end, iterations = _visible_loops(
        person, out, first, last, follow_ups
    )
    who = person[instance]
    rule = np.array(RULE_IDS, dtype=object)[rule_index]
    episode_person = person[out.episode_instance]
    seen = (out.episode_day >= first) & (out.episode_day <= last[episode_person])
    e_person, e_start, e_end, e_count = _episodic(episode_person[seen], out.episode_day[seen])
    table = pd.DataFrame(
        {
            "person": np.r_[who, e_person].astype(np.int32),
            "rule": np.r_[rule, np.full(len(e_person), "episodic_homelessness", dtype=object)],
            "start": _dates(np.r_[start, e_start]),
            "end": _dates(np.r_[end, e_end]),
            "iterations": np.r_[iterations, e_count].astype(np.int32),
        },
        columns=list(CYCLE_COLUMNS),
    )
    return table.sort_values(["person", "start", "rule"], kind="stable").reset_index(drop=True)
