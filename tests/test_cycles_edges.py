"""The rules at their edges, as a sceptical partner agency would check them: dates known only to
the month, year or roughly (certain and possible findings), households whose loop is shared but
whose context differs, and custody records back to back. Journeys are invented (tests/journeys.py).
"""

from __future__ import annotations

import json

from tests.journeys import journey_of
from timeline.cycles import DEFAULT_RULES, find_cycles


def _of_rule(rows: list[str], rule: str, people: tuple[str, ...] = ("A",)):
    return [c for c in find_cycles(journey_of(*rows, people=people)) if c.rule == rule]


# --- certainty --------------------------------------------------------------------------------


def test_three_certain_episodes_and_a_year_item_is_a_possible_fourth_not_a_certain_one() -> None:
    rows = [
        "2019-01-05 rough_sleeping @Outreach",
        "2020-02-04..2020-07-14 placement @Hostel",
        "2021-03-10 rough_sleeping @Outreach",
        "2020 rough_sleeping @Outreach",  # some day in 2020: inside the stay, or apart from it
    ]
    (cycle,) = _of_rule(rows, "episodic_homelessness")
    assert cycle.certainty == "possible" and cycle.iterations == 4
    assert cycle.explanation.startswith("Possible, depending on when the approximate dates")
    # the same journey with the item dated to a day inside the stay has three episodes: no cycle
    inside = [*rows[:3], "2020-03-01 rough_sleeping @Outreach"]
    assert _of_rule(inside, "episodic_homelessness") == []


def test_four_exact_episodes_stay_certain_whatever_an_uncertain_item_does() -> None:
    rows = [
        "2019-01-05 rough_sleeping @Outreach",
        "2019-06-01..2019-07-01 placement @Hostel",
        "2020-01-10 rough_sleeping @Outreach",
        "2020-09-01 rough_sleeping @Outreach",
        "2019 rough_sleeping @Outreach",  # could bridge at most two of them: never all
    ]
    cycles = _of_rule(rows, "episodic_homelessness")
    assert [c.certainty for c in cycles] == ["certain"]


def test_a_running_stay_is_never_forgotten_for_an_uncertain_item_inside_it() -> None:
    rows = [
        "2019-01-01..2019-12-31 placement @Hostel",
        "2019-06 rough_sleeping @Outreach",  # some day in June: inside the stay
        "2020-01-15 rough_sleeping @Outreach",  # 15 days after the stay ends: the same episode
        "2021-01-01 rough_sleeping @Outreach",
        "2022-01-01 rough_sleeping @Outreach",
    ]
    assert _of_rule(rows, "episodic_homelessness") == []


def test_breach_month_at_both_ends_of_its_range() -> None:
    """A breach in 'March 2015' may be 1 or 31 March: 365 days from the 1st is certain,
    from the 31st possible, and one day more is no cycle at all."""
    certain = _of_rule(["2015-03 breach", "2016-02-29 breach"], "breach_cycle")
    assert [c.certainty for c in certain] == ["certain"]
    possible = _of_rule(["2015-03 breach", "2016-03-30 breach"], "breach_cycle")
    assert [c.certainty for c in possible] == ["possible"]
    assert _of_rule(["2015-03 breach", "2016-03-31 breach"], "breach_cycle") == []


def test_an_approximate_date_never_makes_a_certain_cycle_out_of_a_possible_one() -> None:
    rows = [
        "2015-01-01 breach @Probation",
        "~2015-12-25 breach @Probation",  # 14 days either side: 1 Jan 2016 is past the year
    ]
    (cycle,) = _of_rule(rows, "breach_cycle")
    assert cycle.certainty == "possible" and cycle.approximate


def test_exact_dates_give_certain_findings_only() -> None:
    rows = ["2015-01-01 breach", "2015-06-01 breach", "2016-01-01 custody", "2016-06-01 custody"]
    cycles = find_cycles(journey_of(*rows))
    assert cycles and {c.certainty for c in cycles} == {"certain"}


def test_a_certain_and_a_possible_reading_of_one_loop_are_one_finding() -> None:
    rows = ["2015-01-01 breach", "2015-07-01 breach", "~2016-07-05 breach"]  # 21 Jun-19 Jul
    (cycle,) = _of_rule(rows, "breach_cycle")
    assert (cycle.certainty, cycle.iterations) == ("certain", 2)


def test_self_discharge_on_an_uncertain_day_possibly_ends_the_admission() -> None:
    rows = [
        "2015-01-01..2015-01-05 admission @Hospital",
        "~2015-01-05 self_discharge @Hospital",
        "2015-02-01..2015-02-03 admission @Hospital",
        "2015-02-03 self_discharge @Hospital",
    ]
    (cycle,) = _of_rule(rows, "hospital_self_discharge")
    assert cycle.certainty == "possible"


def test_cycles_json_names_the_certainty_of_each_finding() -> None:
    journey = journey_of("2015-03 breach", "2016-03-30 breach")
    (cycle,) = find_cycles(journey)
    assert json.loads(cycle.model_dump_json())["certainty"] == "possible"


# --- custody spells -----------------------------------------------------------------------------


def test_remand_sentence_recall_back_to_back_are_one_spell_however_recorded() -> None:
    rows = [
        "2015-01-01..2015-02-10 custody @HMP",  # remand
        "2015-02-10..2015-06-30 custody @HMP",  # sentence, same day
        "2015-07-01..2015-08-01 custody @HMP",  # recall the next day
        "2016-01-10..2016-02-01 custody @HMP",
    ]
    (cycle,) = _of_rule(rows, "custody_cycle")
    assert (cycle.iterations, cycle.certainty) == (2, "certain")
    assert "released from HMP on 1 Aug 2015" in cycle.explanation


# --- households ---------------------------------------------------------------------------------

HOUSEHOLD = [
    "2015-01-01..2015-01-31 placement @Hostel A+B",
    "2015-02-01 eviction @Hostel A+B",
    "2015-02-03..2015-05-01 placement @Refuge A",  # she goes to a refuge
    "2015-02-04..2015-05-01 placement @Foyer B",  # he goes to a foyer
    "2015-05-01 eviction @Refuge A",
    "2015-05-01 eviction @Foyer B",
    "2015-06-01 eviction @Hostel A+B",
]


def test_household_loop_with_different_context_is_one_finding_with_both_people() -> None:
    rows = [
        "2015-01-01..2015-01-31 placement @Hostel A+B",
        "2015-02-01 eviction @Hostel A+B",
        "2015-02-03..2015-05-01 placement @Refuge A",
        "2015-02-04..2015-05-01 placement @Foyer B",
        "2015-06-01 eviction @Hostel A+B",
    ]
    (cycle,) = _of_rule(rows, "eviction_cycle", people=("A", "B"))
    assert cycle.people == ("A", "B")
    assert cycle.iterations == 2
    assert "for A, " in cycle.explanation and "for B, " in cycle.explanation
    assert "placement at Refuge" in cycle.explanation and "placement at Foyer" in cycle.explanation
    # every event that forms it, for both people, is highlighted
    assert {"e3", "e4"} <= set(cycle.event_ids)


def test_household_loop_with_the_same_context_reads_as_one_story() -> None:
    rows = ["2015-02-01 eviction @Hostel A+B", "2015-06-01 eviction @Foyer A+B"]
    (cycle,) = _of_rule(rows, "eviction_cycle", people=("A", "B"))
    assert cycle.people == ("A", "B") and "for A, " not in cycle.explanation


def test_a_loop_only_partly_shared_is_listed_per_person() -> None:
    (a, b) = _of_rule(HOUSEHOLD, "eviction_cycle", people=("A", "B"))
    assert {a.people, b.people} == {("A",), ("B",)}
    assert a.iterations == b.iterations == 3


def test_custody_spell_of_a_couple_arrested_together_is_one_finding() -> None:
    rows = [
        "2015-01-01..2015-02-10 custody @HMP A+B",
        "2015-02-11..2015-03-01 custody @HMP A",  # only A is sentenced straight after remand
        "2015-09-01..2015-09-20 custody @HMP A+B",
    ]
    cycles = _of_rule(rows, "custody_cycle", people=("A", "B"))
    assert [(c.people, c.iterations) for c in cycles] == [(("A",), 2), (("B",), 2)]


def test_rules_switched_off_find_nothing_of_either_certainty() -> None:
    rules = [r.with_values({}, enabled=False) for r in DEFAULT_RULES]
    assert find_cycles(journey_of("2015-03 breach", "2016-03-30 breach"), rules) == []


# --- where people read them ---------------------------------------------------------------------

POSSIBLE = journey_of(
    "2015-03 breach @Probation",
    "2016-03-30 breach @Probation",
    "2015-01-01 breach @Probation B",
    "2015-06-01 breach @Probation B",
    people=("A", "B"),
    key="edges",
)


def test_the_chart_draws_a_possible_cycle_differently_from_a_certain_one() -> None:
    from timeline.figures.swimlane import build_swimlane_figure

    cycles = find_cycles(POSSIBLE)
    assert sorted(c.certainty for c in cycles) == ["certain", "possible"]
    figure = build_swimlane_figure(POSSIBLE, cycles)
    (bands,) = [t for t in figure["data"] if t["meta"]["role"] == "cycle-bands"]
    labels = [a["text"] for a in figure["layout"]["annotations"] if "cycle-label" in a["name"]]
    index = [c.certainty for c in cycles].index("possible")
    assert bands["marker"]["pattern"]["shape"][index] == "/"  # hatched and outlined
    assert bands["marker"]["line"]["width"][index] > 0
    assert bands["marker"]["pattern"]["shape"][1 - index] == ""
    assert bands["marker"]["line"]["width"][1 - index] == 0
    assert sum("possible" in text for text in labels) == 1
    (key,) = [a["text"] for a in figure["layout"]["annotations"] if a.get("name") == "key"]
    assert "Hatched, outlined band: possible" in key
    certain_only = build_swimlane_figure(POSSIBLE, [c for c in cycles if c.certainty == "certain"])
    assert "possible" not in str(certain_only["layout"]["annotations"])


def test_the_panel_text_and_cli_name_a_possible_cycle(sqlite_services, sqlite_url) -> None:  # noqa: ANN001
    from typer.testing import CliRunner

    from timeline.cli import app
    from timeline.describe import describe_journey
    from timeline.pages.journey.page import build_cycles_panel
    from timeline.pages.journey_view import build_journey_view

    sqlite_services.save_journeys([POSSIBLE])
    view = build_journey_view(sqlite_services, "edges")
    panel = str(build_cycles_panel(view))
    assert panel.count("cycle-button-possible") == 1 and "· possible" in panel
    text = describe_journey(POSSIBLE, find_cycles(POSSIBLE))
    assert "Breach cycle ×2 (possible) (A): Possible, depending on" in text
    sqlite_services.sessions.kw["bind"].dispose()
    out = CliRunner().invoke(app, ["cycles", "edges", "--db", sqlite_url])
    assert out.exit_code == 0 and "[flag, possible]" in out.output
    as_json = CliRunner().invoke(app, ["cycles", "edges", "--db", sqlite_url, "--json"])
    assert sorted(c["certainty"] for c in json.loads(as_json.output)) == ["certain", "possible"]


def test_the_place_after_an_eviction_is_one_certainly_after_it_when_recorded() -> None:
    rows = [
        "2020-02-01 eviction @Hostel",
        "2020 rough_sleeping @Outreach",  # may be before the eviction, or after
        "2020-02-03..2020-05-01 placement @Refuge",
        "2020-07-14 eviction @Refuge",
    ]
    (cycle,) = _of_rule(rows, "eviction_cycle")
    assert "evicted from Hostel on 1 Feb 2020, then placement at Refuge" in cycle.explanation


def test_custody_cycle_is_dated_by_its_spells_not_its_last_record() -> None:
    rows = [
        "2015-01-01..2015-02-01 custody @HMP",
        "2015-09-01..2015-09-30 custody @HMP",  # remand
        "2015-10-01..2016-03-01 custody @HMP",  # sentence the next day: the same spell
    ]
    (cycle,) = _of_rule(rows, "custody_cycle")
    assert cycle.explanation.startswith("In custody 2 times between 1 Jan 2015 and 1 Sep 2015")
