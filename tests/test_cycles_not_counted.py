"""A self-discharge with no admission or A&E visit it could end is not counted toward the hospital
rule, and is listed where people read the cycles: the panel, the text alternative, the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.journeys import journey_of
from timeline.cli import app
from timeline.cycles import DEFAULT_RULES, find_cycles, uncounted_self_discharges
from timeline.describe import describe_journey
from timeline.pages.journey.page import build_cycles_panel
from timeline.pages.journey_view import ViewState, build_journey_view
from timeline.service import Services

CASE = journey_of(
    "2015-01-01 ae_attendance @St_Marys",
    "2015-01-01 self_discharge @St_Marys",
    "2015-02-01 self_discharge @City_Hospital",
    "2015-02-10..2015-02-20 admission @St_Marys",
    "2015-02-15 self_discharge @St_Marys",
    key="discharges",
)
NOTE = "Self-discharge, admission not recorded: 1 Feb 2015 (City Hospital)."


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(["2015-01-01 self_discharge"], ["e1"], id="no-admission-at-all-is-listed"),
        pytest.param(
            ["2015-01-01 ae_attendance", "2015-01-01 self_discharge"],
            [],
            id="same-day-as-ae-is-counted-not-listed",
        ),
        pytest.param(
            ["2015-01-01..2015-01-10 admission", "2015-01-11 self_discharge"],
            ["e2"],
            id="the-day-after-the-admission-ended-is-listed",
        ),
        pytest.param(
            ["2015-01-01 self_discharge A", "2015-01-01 ae_attendance B"],
            ["e1"],
            id="another-persons-attendance-does-not-count",
        ),
    ],
)
def test_self_discharges_left_out_for_want_of_an_admission(
    rows: list[str], expected: list[str]
) -> None:
    journey = journey_of(*rows, people=("A", "B"))
    assert [e.id for e in uncounted_self_discharges(journey)] == expected


def test_the_counted_ones_still_make_the_cycle_and_the_other_is_named() -> None:
    (cycle,) = find_cycles(CASE)
    assert (cycle.rule, cycle.iterations) == ("hospital_self_discharge", 2)
    assert cycle.event_ids == ("e1", "e2", "e4", "e5")  # not e3, the one with no admission
    assert [e.id for e in uncounted_self_discharges(CASE)] == ["e3"]
    assert NOTE in describe_journey(CASE, find_cycles(CASE), uncounted_self_discharges(CASE))


def test_nothing_is_listed_when_the_hospital_rule_is_switched_off() -> None:
    rules = [r.with_values({}, enabled=r.id != "hospital_self_discharge") for r in DEFAULT_RULES]
    assert uncounted_self_discharges(CASE, rules) == []


def test_the_cycles_panel_lists_it_under_the_cycles(sqlite_services: Services) -> None:
    sqlite_services.save_journeys([CASE])
    view = build_journey_view(sqlite_services, "discharges")
    assert [e.id for e in view.not_counted] == ["e3"]
    panel = str(build_cycles_panel(view))
    assert NOTE in panel and "hospital self-discharge loop: 2 times" in panel
    off = ViewState(overrides={"hospital_self_discharge": {"enabled": False}})
    quiet = build_journey_view(sqlite_services, "discharges", off)
    assert quiet.not_counted == () and "admission not recorded" not in str(
        build_cycles_panel(quiet)
    )


def test_the_cli_names_it_in_text_but_the_json_is_only_the_cycles(sqlite_url: str) -> None:
    from timeline.service import open_services
    from timeline.settings import Settings

    services = open_services(Settings(database_url=sqlite_url, load_demo=False))
    services.save_journeys([CASE])
    services.sessions.kw["bind"].dispose()
    runner = CliRunner()
    text = runner.invoke(app, ["cycles", "discharges", "--db", sqlite_url])
    assert text.exit_code == 0, text.output
    assert NOTE in text.output
    as_json = runner.invoke(app, ["cycles", "discharges", "--db", sqlite_url, "--json"])
    (cycle,) = json.loads(as_json.output)
    assert cycle["rule"] == "hospital_self_discharge" and "e3" not in cycle["event_ids"]
