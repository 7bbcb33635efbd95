# ruff: noqa: E501 - module snippets are TOML lines kept whole
"""The synthetic cohort generator: reproducible, person-stable, validated, and truthful."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from synthetic import ModuleError, generate_cohort, load_modules, read_module
from synthetic.modules import DEFAULT_MODULES_DIR
from timeline.cohorts.accuracy import compare_with_truth
from timeline.cohorts.detect import detect_cycles
from timeline.cohorts.summary import summarise_cohort, suppress_summary

TABLES = ("people", "agencies", "events", "truth")


@pytest.fixture(scope="module")
def cohort():
    return detect_cycles(generate_cohort(800, 11, name="small"))


def _person_rows(table: pd.DataFrame, people: int) -> pd.DataFrame:
    return table[table["person"] < people].reset_index(drop=True)


def test_same_seed_gives_identical_tables() -> None:
    first = generate_cohort(120, 5, name="a")
    second = generate_cohort(120, 5, name="a")
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
    assert first.events.to_csv(index=False) == second.events.to_csv(index=False)


def test_person_k_is_the_same_whatever_the_cohort_size() -> None:
    small = generate_cohort(50, 9, name="small")
    large = generate_cohort(200, 9, name="large")
    everyone = len(small.people)  # everyone ever in the group of 50 at any one time
    assert everyone > 50
    for name in ("people", "events", "truth"):
        pd.testing.assert_frame_equal(
            _person_rows(getattr(small, name), everyone),
            _person_rows(getattr(large, name), everyone),
        )
    pd.testing.assert_frame_equal(small.agencies, large.agencies)


def test_different_seeds_differ() -> None:
    one, two = generate_cohort(100, 1, name="x"), generate_cohort(100, 2, name="x")
    assert not one.events.equals(two.events)
    assert not one.agencies["name"].equals(two.agencies["name"])


def test_detection_agrees_with_the_ground_truth(cohort) -> None:
    accuracy = compare_with_truth(cohort).set_index("rule")
    assert len(accuracy) >= 8, accuracy  # nearly every rule occurs in 800 people
    assert (accuracy["truth"] > 0).all()
    assert (accuracy["precision"] >= 0.95).all(), accuracy
    assert (accuracy["recall"] >= 0.95).all(), accuracy


def test_cohort_follows_the_contract_and_the_facts(cohort) -> None:
    cohort.check()
    people = cohort.people
    assert (people["gender"] == "man").mean() > 0.6  # mainly male (figures.md)
    assert people["age_band"].isin(["25-34", "35-44"]).mean() > 0.5  # most often 25-44
    assert (people["needs"].str.count(r"\+") >= 1).all()  # two or more needs
    assert people["pseudonym"].str.fullmatch(r"Person \d{6}").all()
    assert cohort.agencies["name"].str.endswith("(synthetic)").all()
    per_person_year = len(cohort.events) / (800 * 5)  # 800 at any one time over five years
    assert 6 <= per_person_year <= 18
    events = cohort.events
    assert (events.groupby("person")["start"].is_monotonic_increasing).all()
    assert (events["end"].isna() | (events["end"] >= events["start"])).all()


def test_coordinated_support_shifts_contact_away_from_crisis() -> None:
    kwargs = {"name": "c"}
    without = generate_cohort(1500, 3, **kwargs)
    with_support = generate_cohort(
        1500, 3, coordinated_from=dt.date(2021, 7, 1), coordinated_share=1.0, **kwargs
    )
    assert with_support.people["coordinated_from"].notna().all()
    crisis = ["arrest", "custody", "call_out", "ambulance", "ae_attendance", "court"]

    def share(c) -> float:
        late = c.events[c.events["start"] >= pd.Timestamp("2022-01-01")]
        return late["kind"].astype(str).isin(crisis).mean()

    assert share(with_support) < share(without) * 0.9


def test_summary_counts_and_suppression(cohort) -> None:
    summary = summarise_cohort(cohort)
    assert summary["people"] == len(cohort.people)  # everyone in the group at some time
    assert 720 <= summary["people_at_any_time"] <= 880  # 800 at any one time, within 10%
    assert (summary["window_from"], summary["window_to"]) == ("2020-01-01", "2024-12-31")
    assert sum(summary["events_by_sector"].values()) == summary["events"]
    assert set(summary["agencies_per_person"]) == {"min", "p25", "median", "p75", "p90", "max"}
    assert summary["cycles_by_rule"]["custody_cycle"]["people"] > 0
    hidden = suppress_summary(summary | {"events_by_sector": {"Fire": 3}}, 5)
    assert hidden["events_by_sector"] == {"Fire": "<5"}


def test_the_built_in_modules_load() -> None:
    names = {m.name for m in load_modules()}
    assert {"homelessness", "substance_use", "mental_health", "offending"} <= names


def _module(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_HEAD = """
description = "test"
start = "a"
start_delay = { days = 0, remarks = "assumption: test" }
"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            """[states.a]
transitions = [ { to = "end", probability = 1.0, delay = { days = 1 }, remarks = "assumption: x" } ]
""",
            "broken.toml: state 'a', field 'transitions[0].delay.remarks': missing; add it",
            id="delay-without-remarks",
        ),
        pytest.param(
            """[states.a]
transitions = [ { to = "end", probability = 1.0, delay = { days = 1, remarks = "because" }, remarks = "assumption: x" } ]
""",
            "remarks must cite the published figures",
            id="remarks-without-citation",
        ),
        pytest.param(
            """[states.a]
transitions = [ { to = "b", probability = 1.0, delay = { days = 1, remarks = "assumption: x" }, remarks = "assumption: x" } ]
""",
            "state 'a', field 'transitions[0].to': no state 'b'",
            id="unknown-target",
        ),
        pytest.param(
            """[states.a]
transitions = [
  { to = "end", probability = 0.5, delay = { days = 1, remarks = "assumption: x" }, remarks = "assumption: x" },
  { to = "a", probability = 0.2, delay = { days = 1, remarks = "assumption: x" }, remarks = "assumption: x" },
]
""",
            "probabilities add up to 0.7, not 1",
            id="probabilities-not-one",
        ),
        pytest.param(
            """[states.a]
emit = [ { key = true, kind = "custody", sector = "Justice", duration = { days = 10, remarks = "assumption: x" } } ]
loop = { rule = "custody_cycle", iterations = { min = 1, max = 3, remarks = "assumption: x" }, gap = { days = 400, remarks = "assumption: x" } }
""",
            "custody_cycle needs 2+ iterations",
            id="loop-below-min-count",
        ),
        pytest.param(
            """[states.a]
emit = [ { key = true, kind = "breach", sector = "Probation" } ]
loop = { rule = "breach_cycle", iterations = { min = 2, max = 3, remarks = "assumption: x" }, gap = { min = 100, max = 400, remarks = "assumption: x" } }
""",
            "beyond breach_cycle's window of 365 days",
            id="loop-gap-beyond-window",
        ),
        pytest.param(
            """[states.a]
emit = [ { kind = "teleport", sector = "Housing" } ]
""",
            "state 'a', field 'emit[0].kind'",
            id="unknown-kind",
        ),
        pytest.param(
            """[states.a]
emit = [ { kind = "contact", sector = "Housing", probabilty = 0.5 } ]
""",
            "field 'emit[0].probabilty': is not a known field",
            id="misspelt-field",
        ),
    ],
)
def test_module_errors_name_file_state_field_and_fix(
    tmp_path: Path, body: str, expected: str
) -> None:
    with pytest.raises(ModuleError) as caught:
        read_module(_module(tmp_path, GOOD_HEAD + body))
    assert expected in str(caught.value), str(caught.value)


def test_unknown_sector_is_reported_when_generating(tmp_path: Path) -> None:
    folder = tmp_path / "modules"
    shutil.copytree(DEFAULT_MODULES_DIR, folder)
    text = (folder / "money.toml").read_text(encoding="utf-8")
    (folder / "money.toml").write_text(text.replace('sector = "Food"', 'sector = "Fod"'))
    with pytest.raises(ModuleError, match="money.toml: state 'sanction'.*unknown sector 'Fod'"):
        generate_cohort(5, 1, name="x", modules_dir=folder)
