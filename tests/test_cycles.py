"""Every revolving-door rule: flags at its threshold, stays quiet just under it, handles
approximate dates at the boundary and households. Journeys are invented (tests/journeys.py)."""

from __future__ import annotations

import pytest

from tests.journeys import journey_of
from timeline.cycles import DEFAULT_RULES, find_cycles
from timeline.demo import demo_journeys

FLAG = [
    pytest.param(
        "custody_cycle",
        3,
        [
            "2015-01-01..2015-02-01 custody @HMP",
            "2015-06-01..2015-07-01 custody @HMP",
            "2016-03-01..2016-04-01 custody @HMP",
        ],
        id="custody-three-times",
    ),
    pytest.param(
        "custody_cycle",
        2,
        ["2015-01-01..2015-02-01 custody @HMP", "2016-02-01..2016-03-01 custody @HMP"],
        id="custody-again-exactly-365-days-after-release",
    ),
    pytest.param(
        "custody_cycle",
        2,
        ["2015-01-01 custody @HMP", "2015-03-01 release @HMP", "2015-05-01 custody @HMP"],
        id="custody-points-with-release-event",
    ),
    pytest.param(
        "breach_cycle",
        2,
        [
            "2015-01-01..2015-12-31 order @Probation",
            "2015-02-01 breach @Probation",
            "2015-02-10 court @Court",
            "2016-01-31 breach @Probation",
        ],
        id="breach-twice-in-364-days",
    ),
    pytest.param(
        "eviction_cycle",
        3,
        [
            "2015-01-01..2015-02-01 placement @Hostel",
            "2015-02-01 eviction @Hostel",
            "2015-02-05..2015-05-01 placement @Refuge",
            "2015-05-01 eviction @Refuge",
            "2015-12-01 eviction @Hostel",
        ],
        id="eviction-three-times",
    ),
    pytest.param(
        "hospital_self_discharge",
        2,
        [
            "2015-01-01 admission @Hospital",
            "2015-01-02 self_discharge @Hospital",
            "2015-03-30 ae_attendance @Hospital",
            "2015-03-30 self_discharge @Hospital",
        ],
        id="self-discharge-twice-in-89-days",
    ),
    pytest.param(
        "emergency_frequent",
        5,
        [f"2015-01-{d:02d} call_out @Police" for d in (1, 8, 15, 22, 31)],
        id="emergency-five-in-30-days",
    ),
    pytest.param(
        "referral_ping_pong",
        3,
        [
            "2015-01-01 referral @CMHT",
            "2015-01-10 declined @CMHT",
            "2015-02-01 declined @Housing",
            "2015-06-29 declined @CMHT",
        ],
        id="three-declines-two-agencies-in-179-days",
    ),
    pytest.param(
        "repeat_referral",
        3,
        ["2015-01-01 referral @Drugs", "2015-05-01 referral @Drugs", "2015-12-31 referral @Drugs"],
        id="three-referrals-one-agency",
    ),
    pytest.param(
        "return_to_homelessness",
        1,
        ["2015-01-01..2015-06-01 tenancy @Council", "2015-03-01 rough_sleeping @Outreach"],
        id="return-after-59-days",
    ),
    pytest.param(
        "return_to_homelessness",
        1,
        ["2015-01-01 tenancy @Council", "2016-12-31 placement @Hostel"],
        id="return-at-730-days",
    ),
    pytest.param(
        "missed_referral",
        3,
        [
            "2015-01-01 ae_attendance @Hospital",
            "2015-01-02 signposted @Hospital",
            "2015-09-01 ae_attendance @Hospital",
            "2016-12-30 ae_attendance @Hospital",
        ],
        id="three-ae-no-referral-in-two-years",
    ),
    pytest.param(
        "episodic_homelessness",
        4,
        [
            "2015-01-01..2015-01-10 rough_sleeping @Outreach",
            "2015-03-01 placement @Hostel",
            "2016-01-01 rough_sleeping @Outreach",
            "2018-12-31 rough_sleeping @Outreach",
        ],
        id="four-episodes-in-four-years",
    ),
]

QUIET = [
    pytest.param(
        "custody_cycle",
        ["2015-01-01..2015-02-01 custody @HMP", "2016-02-02..2016-03-01 custody @HMP"],
        id="custody-366-days-after-release",
    ),
    pytest.param(
        "breach_cycle", ["2015-02-01 breach", "2016-02-02 breach"], id="breaches-366-days-apart"
    ),
    pytest.param(
        "eviction_cycle",
        ["2015-01-01 eviction", "2016-01-02 eviction"],
        id="evictions-366-days-apart",
    ),
    pytest.param(
        "hospital_self_discharge",
        [
            "2015-01-01 ae_attendance",
            "2015-01-01 self_discharge",
            "2015-04-02 ae_attendance",
            "2015-04-02 self_discharge",
        ],
        id="self-discharges-91-days-apart",
    ),
    pytest.param(
        "emergency_frequent",
        [f"2015-01-{d:02d} call_out" for d in (1, 8, 15, 22)],
        id="emergency-four-in-30-days",
    ),
    pytest.param(
        "emergency_frequent",
        [
            "2015-01-01 call_out",
            "2015-01-08 ambulance",
            "2015-01-15 ae_attendance",
            "2015-01-22 call_out",
            "2015-02-01 call_out",
        ],
        id="emergency-five-over-31-days",
    ),
    pytest.param(
        "referral_ping_pong",
        ["2015-01-10 declined @CMHT", "2015-02-01 declined @CMHT", "2015-03-01 declined @CMHT"],
        id="three-declines-one-agency",
    ),
    pytest.param(
        "referral_ping_pong",
        ["2015-01-10 declined @CMHT", "2015-02-01 declined @Housing"],
        id="two-declines",
    ),
    pytest.param(
        "repeat_referral",
        ["2015-01-01 referral @Drugs", "2015-05-01 referral @Drugs", "2015-12-31 referral @GP"],
        id="three-referrals-two-agencies",
    ),
    pytest.param(
        "return_to_homelessness",
        ["2015-01-01 tenancy @Council", "2015-01-15 placement @Hostel"],
        id="placement-14-days-on-is-a-transfer",
    ),
    pytest.param(
        "return_to_homelessness",
        ["2015-01-01 tenancy @Council", "2017-01-02 rough_sleeping @Outreach"],
        id="rough-sleeping-732-days-on",
    ),
    pytest.param(
        "missed_referral",
        [
            "2015-01-01 ae_attendance",
            "2015-01-20 referral @Alcohol",
            "2015-09-01 ae_attendance",
            "2016-12-30 ae_attendance",
        ],
        id="one-ae-followed-by-referral",
    ),
    pytest.param(
        "missed_referral",
        ["2015-01-01 ae_attendance", "2015-09-01 ae_attendance", "2017-01-02 ae_attendance"],
        id="three-ae-over-24-months",
    ),
    pytest.param(
        "episodic_homelessness",
        [
            "2015-01-01 rough_sleeping",
            "2015-01-21 rough_sleeping",
            "2016-01-01 rough_sleeping",
            "2018-12-31 rough_sleeping",
        ],
        id="two-starts-20-days-apart-are-one-episode",
    ),
    pytest.param(
        "episodic_homelessness",
        [
            "2015-01-01 rough_sleeping",
            "2016-01-01 rough_sleeping",
            "2017-01-01 rough_sleeping",
            "2019-01-02 rough_sleeping",
        ],
        id="four-episodes-over-four-years",
    ),
]


def _of_rule(rows: list[str], rule: str, **kwargs) -> list:
    return [c for c in find_cycles(journey_of(*rows, **kwargs)) if c.rule == rule]


@pytest.mark.parametrize(("rule", "iterations", "rows"), FLAG)
def test_rule_flags_at_its_threshold(rule: str, iterations: int, rows: list[str]) -> None:
    (cycle,) = _of_rule(rows, rule)
    assert cycle.iterations == iterations
    assert cycle.people == ("A",)
    assert not cycle.approximate and "approximate" not in cycle.explanation
    if iterations > 1:
        assert cycle.label.endswith(f"×{iterations}")


@pytest.mark.parametrize(("rule", "rows"), QUIET)
def test_rule_stays_quiet_just_under_its_threshold(rule: str, rows: list[str]) -> None:
    assert _of_rule(rows, rule) == []


def test_every_rule_has_flag_and_quiet_cases() -> None:
    ids = {rule.id for rule in DEFAULT_RULES}
    assert {p.values[0] for p in FLAG} == ids
    assert {p.values[0] for p in QUIET} == ids


@pytest.mark.parametrize(
    ("rule", "rows"),
    [
        pytest.param(
            "custody_cycle",
            ["2015-01-01..2015-01-15 custody", "2016-01 custody"],
            id="custody-in-a-month-351-to-381-days-after-release",
        ),
        pytest.param(
            "breach_cycle",
            ["2015-02-15 breach", "2016-02 breach"],
            id="breach-in-a-month-351-to-379-days-later",
        ),
        pytest.param(
            "emergency_frequent",
            [
                "2015-01-01 call_out",
                "2015-01-08 call_out",
                "2015-01-15 call_out",
                "2015-01-22 call_out",
                "~2015-02-10 call_out",
            ],
            id="approximate-fifth-call-out-could-fall-in-the-month",
        ),
        pytest.param(
            "episodic_homelessness",
            [
                "2015-01-01..2015-01-10 rough_sleeping",
                "~2015-02-05 rough_sleeping",
                "2016-06-01 rough_sleeping",
                "2017-06-01 rough_sleeping",
            ],
            id="approximate-start-26-to-40-days-after-an-episode-could-be-a-new-one",
        ),
        pytest.param(
            "missed_referral",
            [
                "2015-01-01 ae_attendance",
                "~2015-01-20 referral @Alcohol",
                "2015-09-01 ae_attendance",
                "2016-12-30 ae_attendance",
            ],
            id="approximate-referral-maybe-too-late-still-a-missed-chance",
        ),
        pytest.param(
            "episodic_homelessness",
            [
                "2015 rough_sleeping",
                "2016-06-01 rough_sleeping",
                "2017-06-01 rough_sleeping",
                "2019-06-01 rough_sleeping",
            ],
            id="year-precision-first-episode",
        ),
    ],
)
def test_approximate_dates_at_the_boundary_widen_the_window_and_say_so(
    rule: str, rows: list[str]
) -> None:
    (cycle,) = _of_rule(rows, rule)
    assert cycle.approximate
    assert "approximate" in cycle.explanation


def test_exact_dates_past_the_boundary_do_not_flag() -> None:
    assert (
        _of_rule(
            [
                "2015-01-01..2015-01-10 rough_sleeping",
                "2015-02-05 rough_sleeping",
                "2016-06-01 rough_sleeping",
                "2017-06-01 rough_sleeping",
            ],
            "episodic_homelessness",
        )
        == []
    )
    assert (
        _of_rule(
            [
                "2015-01-01 ae_attendance",
                "2015-01-20 referral @Alcohol",
                "2015-09-01 ae_attendance",
                "2016-12-30 ae_attendance",
            ],
            "missed_referral",
        )
        == []
    )
    assert _of_rule(["2015-01-01..2015-01-15 custody", "2016-01-20 custody"], "custody_cycle") == []
    assert _of_rule(["2015-02-15 breach", "2016-02-20 breach"], "breach_cycle") == []


def test_month_dates_order_by_their_first_day() -> None:
    (cycle,) = _of_rule(["2015-03 breach", "2015-02-20 breach"], "breach_cycle")
    assert cycle.event_ids == ("e2", "e1")


def test_household_loop_shared_by_both_is_listed_once_with_both_people() -> None:
    rows = [
        "2015-01-01 eviction @Hostel A+B",
        "2015-06-01 eviction @Foyer A+B",
        "2015-08-01 eviction @Valley A",
    ]
    cycles = find_cycles(journey_of(*rows, people=("A", "B")))
    by_people = {c.people: c for c in cycles if c.rule == "eviction_cycle"}
    assert set(by_people) == {("A",), ("B",)}
    assert by_people[("A",)].iterations == 3 and by_people[("B",)].iterations == 2
    shared = find_cycles(journey_of(*rows[:2], people=("A", "B")))
    (cycle,) = shared
    assert (cycle.people, cycle.iterations) == (("A", "B"), 2)


def test_one_persons_events_do_not_make_anothers_cycle() -> None:
    rows = ["2015-01-01 eviction @Hostel A", "2015-06-01 eviction @Foyer B"]
    assert find_cycles(journey_of(*rows, people=("A", "B"))) == []


def test_emergency_high_at_ten_in_a_month() -> None:
    rows = [f"2015-01-{d:02d} call_out @Police" for d in range(1, 31, 3)]
    (cycle,) = _of_rule(rows, "emergency_frequent")
    assert (cycle.iterations, cycle.severity) == (10, "high")
    assert "up to 10 in 30 days" in cycle.explanation


def test_explanations_use_real_dates_and_agency_names() -> None:
    (cycle,) = _of_rule(
        [
            "2015-01-01..2015-03-03 custody @HMP_Birmingham",
            "2015-04-13..2015-05-01 custody @HMP_Birmingham",
        ],
        "custody_cycle",
    )
    assert cycle.explanation == (
        "In custody 2 times between 1 Jan 2015 and 13 Apr 2015: released from HMP Birmingham on "
        "3 Mar 2015, in custody again 41 days later, the 2nd time in 3 months."
    )
    assert (cycle.start.isoformat(), cycle.end.isoformat()) == ("2015-01-01", "2015-05-01")
    assert cycle.event_ids == ("e1", "e2")


def test_remand_then_sentence_is_one_stay_in_the_explanation() -> None:
    (cycle,) = _of_rule(
        [
            "2015-01-01..2015-03-03 custody @HMP_Birmingham",
            "2015-03-04..2015-06-30 custody @HMP_Birmingham",
            "2015-09-01..2015-10-01 custody @HMP_Leeds",
        ],
        "custody_cycle",
    )
    assert (cycle.iterations, cycle.label) == (2, "custody cycle ×2")
    assert cycle.event_ids == ("e1", "e2", "e3")
    assert cycle.explanation.startswith(
        "In custody 2 times between 1 Jan 2015 and 1 Sep 2015: released from HMP Birmingham on "
        "30 Jun 2015, in custody again 63 days later"
    )


def test_breach_cycle_includes_the_order_and_the_courts() -> None:
    rows = [
        "2015-01-01..2015-12-31 order @Probation",
        "2015-02-01 breach @Probation",
        "2015-02-10 court @Court",
        "2015-05-01 breach @Probation",
        "2015-05-20 court @Court",
    ]
    (cycle,) = _of_rule(rows, "breach_cycle")
    assert cycle.event_ids == ("e1", "e2", "e3", "e4", "e5")
    assert "back in court on 10 Feb 2015" in cycle.explanation


def test_return_to_homelessness_reports_the_bucket() -> None:
    for rows, bucket in [
        (["2015-01-01 tenancy", "2015-03-01 rough_sleeping"], "6 months"),
        (["2015-01-01 tenancy", "2015-10-01 placement"], "12 months"),
        (["2015-01-01 tenancy", "2016-10-01 rough_sleeping"], "24 months"),
    ]:
        (cycle,) = _of_rule(rows, "return_to_homelessness")
        assert cycle.explanation.endswith(f"a return within {bucket}.")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param(
            "lucy",
            {"breach_cycle": 2, "custody_cycle": 2, "eviction_cycle": 3},
            id="lucy-breaches-custody-evictions",
        ),
        pytest.param(
            "ahmed",
            {"hospital_self_discharge": 5, "emergency_frequent": 23, "missed_referral": 12},
            id="ahmed-self-discharge-and-999",
        ),
    ],
)
def test_demo_journeys_show_the_cycles_their_stories_describe(key: str, expected: dict) -> None:
    journey = next(j for j in demo_journeys() if j.key == key)
    found = {c.rule: c.iterations for c in find_cycles(journey)}
    assert found == expected
    if key == "ahmed":
        emergency = next(c for c in find_cycles(journey) if c.rule == "emergency_frequent")
        assert emergency.severity == "high"


def test_every_cycle_names_only_events_of_the_journey() -> None:
    for journey in demo_journeys():
        ids = {e.id for e in journey.events}
        for cycle in find_cycles(journey):
            assert set(cycle.event_ids) <= ids and cycle.start <= cycle.end
