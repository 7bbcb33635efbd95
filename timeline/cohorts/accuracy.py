"""How well the cycle rules find the loops a generator meant to create: precision and recall."""

from __future__ import annotations

import pandas as pd

from timeline.cohorts.tables import Cohort

ACCURACY_COLUMNS = ("rule", "truth", "found", "precision", "recall")


def _matched(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """For each row of `left`, whether a row of `right` has its person and rule and overlaps it."""
    keyed = left.reset_index(drop=True).rename_axis("row").reset_index()
    pairs = keyed.merge(right, on=["person", "rule"], suffixes=("", "_other"))
    overlap = (pairs["start"] <= pairs["end_other"]) & (pairs["start_other"] <= pairs["end"])
    hit = pairs.loc[overlap, "row"].unique()
    return keyed["row"].isin(hit)


def compare_with_truth(cohort: Cohort) -> pd.DataFrame:
    """Per rule: loops in the truth, findings, precision (findings matching a loop) and recall
    (loops matched by a finding). A match is the same person and rule with overlapping spans."""
    columns = ["person", "rule", "start", "end"]
    truth = cohort.truth[columns].astype({"rule": str})
    found = cohort.cycles[columns].astype({"rule": str})
    truth = truth.assign(hit=_matched(truth, found).to_numpy())
    found = found.assign(hit=_matched(found, truth).to_numpy())
    rules = sorted(set(truth["rule"]) | set(found["rule"]))
    rows = []
    for rule in rules:
        t, f = truth[truth["rule"] == rule], found[found["rule"] == rule]
        rows.append(
            (
                rule,
                len(t),
                len(f),
                float(f["hit"].mean()) if len(f) else float("nan"),
                float(t["hit"].mean()) if len(t) else float("nan"),
            )
        )
    return pd.DataFrame(rows, columns=list(ACCURACY_COLUMNS))
