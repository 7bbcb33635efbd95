"""The text alternative to the swimlane: what a screen-reader user or a board paper gets."""

from __future__ import annotations

from tests.factories import make_journey
from timeline.cycles import find_cycles, span_text
from timeline.demo import demo_journeys
from timeline.describe import describe_journey

COVENTRY, LUCY, _AHMED = demo_journeys()


def test_describes_people_span_agencies_by_sector_and_every_cycle() -> None:
    cycles = find_cycles(LUCY)
    lines = describe_journey(LUCY, cycles).split("\n")
    assert (
        lines[0]
        == "Lucy, 24: from revolving door to a link worker. An illustrative journey of Lucy."
    )
    assert lines[1].startswith("52 events from 1 Mar 2016 to 18 Feb 2019 (1,084 days), with 14 ")
    assert lines[2].startswith("By sector: Housing: 3 agencies, 10 events;")
    assert lines[3] == "3 revolving-door cycles found:"
    assert [line.split(" (")[0] for line in lines[4:]] == [
        "Eviction cycle ×3",
        "Breach cycle ×2",
        "Custody cycle ×2",
    ]
    assert all(c.explanation in describe_journey(LUCY, cycles) for c in cycles)


def test_household_and_no_cycles() -> None:
    text = describe_journey(make_journey(), [])
    assert "journey of A and B." in text
    assert text.endswith("No revolving-door cycles were found.")


def test_coventry_description_counts_match_the_summary_line() -> None:
    text = describe_journey(COVENTRY, find_cycles(COVENTRY))
    assert "journey of Sam and Jo." in text
    assert "(700 days), with 24 agencies in 9 sectors." in text
    assert "Housing: 8 agencies" in text and "Money: 6 agencies" in text


def test_span_text_reads_naturally() -> None:
    assert [span_text(d) for d in (1, 41, 250, 800)] == [
        "1 day",
        "41 days",
        "8 months",
        "2.2 years",
    ]
