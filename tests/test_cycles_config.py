"""Rules as data: a rules file or a view changes parameters without code; bad files are clear."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.journeys import journey_of
from timeline.cycles import (
    DEFAULT_RULES,
    RULES_BY_ID,
    RulesFileError,
    apply_overrides,
    find_cycles,
    find_person_findings,
    load_rules_file,
)

CUSTODY = ["2015-01-01..2015-02-01 custody", "2015-06-01..2015-07-01 custody"]


def test_every_rule_is_explained_and_sourced() -> None:
    assert len(DEFAULT_RULES) == 10
    for rule in DEFAULT_RULES:
        assert rule.pattern and rule.explanation and rule.label
        for name, parameter in rule.parameters.items():
            assert parameter.description and parameter.source, (rule.id, name)


def test_spec_defaults() -> None:
    values = {rule.id: {n: p.value for n, p in rule.parameters.items()} for rule in DEFAULT_RULES}
    assert values["custody_cycle"] == {"min_count": 2, "window_days": 365}
    assert values["emergency_frequent"] == {"min_count": 5, "window_days": 30, "high_at": 10}
    assert values["referral_ping_pong"] == {"min_count": 3, "min_agencies": 2, "window_days": 180}
    assert values["return_to_homelessness"] == {"transfer_days": 14, "max_days": 730}
    assert values["missed_referral"]["window_days"] == 730
    assert values["episodic_homelessness"] == {"min_count": 4, "window_days": 1461, "gap_days": 30}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param("rules.toml", "[custody_cycle]\nwindow_days = 100\n", id="toml"),
        pytest.param("rules.json", '{"custody_cycle": {"window_days": 100}}', id="json"),
    ],
)
def test_rules_file_changes_a_threshold(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    rule_set = load_rules_file(path)
    assert RULES_BY_ID["custody_cycle"].value("window_days") == 365  # defaults untouched
    assert find_cycles(journey_of(*CUSTODY)) != []
    assert find_cycles(journey_of(*CUSTODY), rule_set.rules) == []


def test_rules_file_turns_a_rule_off_and_sets_approximate_days(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("approximate_days = 0\n[custody_cycle]\nenabled = false\n", encoding="utf-8")
    rule_set = load_rules_file(path)
    assert rule_set.approximate_days == 0
    assert find_cycles(journey_of(*CUSTODY), rule_set.rules) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("[custody]\nwindow_days = 1\n", "unknown rule 'custody'", id="unknown-rule"),
        pytest.param(
            "[custody_cycle]\nwindow = 1\n",
            "custody_cycle has no parameter window",
            id="unknown-parameter",
        ),
        pytest.param(
            "[custody_cycle]\nmin_count = 0\n", "min_count must be at least 1", id="below-minimum"
        ),
        pytest.param(
            '[custody_cycle]\nmin_count = "two"\n', "must be a whole number", id="not-a-number"
        ),
        pytest.param("[custody_cycle]\nenabled = 1\n", "must be true or false", id="enabled-int"),
        pytest.param("approximate_days = -1\n", "approximate_days", id="negative-slack"),
        pytest.param("[custody_cycle\n", "not valid toml", id="broken-toml"),
    ],
)
def test_bad_rules_files_say_what_to_fix(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesFileError, match=expected):
        load_rules_file(path)


def test_missing_rules_file_is_clear(tmp_path: Path) -> None:
    with pytest.raises(RulesFileError, match="cannot be read"):
        load_rules_file(tmp_path / "nope.toml")


def test_view_overrides_apply_on_top_of_a_rule_set() -> None:
    rules = apply_overrides(DEFAULT_RULES, {"emergency_frequent": {"min_count": 3}})
    rows = ["2015-01-01 call_out", "2015-01-02 call_out", "2015-01-03 call_out"]
    with_view = {c.rule for c in find_cycles(journey_of(*rows), rules)}
    assert "emergency_frequent" in with_view
    assert "emergency_frequent" not in {c.rule for c in find_cycles(journey_of(*rows))}


def test_rules_given_as_a_generator_serve_every_person_in_a_household() -> None:
    rows = [
        "2015-01-01 eviction @Hostel A+B",
        "2015-06-01 eviction @Foyer A+B",
        "2015-08-01 eviction @Valley A",
    ]
    journey = journey_of(*rows, people=("A", "B"))
    once = find_person_findings(journey, (r for r in DEFAULT_RULES))
    assert [(rule, person) for rule, person, _f in once] == [
        ("eviction_cycle", "A"),
        ("eviction_cycle", "B"),
    ]
