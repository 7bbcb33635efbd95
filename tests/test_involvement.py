"""Who is involved on a date: the rules as named cases, the demo, the panel without a browser."""

from __future__ import annotations

import datetime as dt

import pytest
from dash import Dash, dcc, html

from schemas import Journey
from tests.components import text_of as _text
from tests.components import walk as _walk
from tests.journeys import journey_of
from timeline.demo import demo_journeys
from timeline.involvement import (
    OPEN_SUPPORT,
    RECENT_CONTACT,
    default_involvement_date,
    involvement_dates,
    who_is_involved,
)
from timeline.pages import ids
from timeline.pages.journey.involved import (
    HEADINGS,
    build_involved_panel,
    build_involved_results,
    register_involved_callbacks,
)
from timeline.service import Services

ON = dt.date(2015, 6, 1)
OPEN, RECENT = OPEN_SUPPORT, RECENT_CONTACT


def _days_before(days: int) -> str:
    return (ON - dt.timedelta(days=days)).isoformat()


def _with(journey: Journey, **sensitivity: str) -> Journey:
    events = tuple(
        e.model_copy(update={"sensitivity": sensitivity.get(e.id, "normal")})
        for e in journey.events
    )
    return journey.model_copy(update={"events": events})


def _statuses(journey: Journey, on: dt.date = ON, **options) -> list[tuple[str, str]]:
    return [(i.agency, i.status) for i in who_is_involved(journey, on, **options)]


@pytest.mark.parametrize(
    ("rows", "on", "expected"),
    [
        pytest.param(["2015-01-01 tenancy @Flat"], ON, [("Flat", OPEN)], id="open-ended-tenancy"),
        pytest.param(
            ["2015-01-01..2015-12-31 tenancy @Flat"], ON, [("Flat", OPEN)], id="tenancy-with-end"
        ),
        pytest.param(
            ["2015-01-01..2015-06-01 placement @Hostel"], ON, [("Hostel", OPEN)], id="last-day"
        ),
        pytest.param(
            ["2015-01-01..2015-05-01 placement @Hostel"],
            ON,
            [("Hostel", RECENT)],
            id="period-ended-in-window-is-recent-contact",
        ),
        pytest.param(
            ["2014-01-01..2014-06-01 placement @Hostel"], ON, [], id="period-ended-long-ago"
        ),
        pytest.param([f"{_days_before(0)} contact @CAB"], ON, [("CAB", RECENT)], id="same-day"),
        pytest.param(
            [f"{_days_before(89)} contact @CAB"], ON, [("CAB", RECENT)], id="contact-89-days-before"
        ),
        pytest.param([f"{_days_before(90)} contact @CAB"], ON, [], id="contact-90-days-before"),
        pytest.param([f"{_days_before(91)} contact @CAB"], ON, [], id="contact-91-days-before"),
        pytest.param(["2015-06-02 contact @CAB"], ON, [], id="contact-after-the-date"),
        pytest.param(["2015-06-02 tenancy @Flat"], ON, [], id="tenancy-starting-after"),
        pytest.param(["2015-01-01 contact @CAB"], ON, [], id="contact-is-not-a-period"),
        pytest.param(
            ["2014-06-01 support @Grapevine", "2014-09-01 case_closed @Grapevine"],
            ON,
            [],
            id="case-closed-ends-support",
        ),
        pytest.param(
            ["2014-06-01 support @Grapevine", "2015-05-01 case_closed @Grapevine"],
            ON,
            [("Grapevine", RECENT)],
            id="closed-in-window-is-recent-contact",
        ),
        pytest.param(
            ["2014-06-01 support @Grapevine", "2015-06-01 case_closed @Grapevine"],
            ON,
            [("Grapevine", OPEN)],
            id="closing-day-still-open",
        ),
        pytest.param(
            ["2014-06-01 tenancy @Flat", "2015-01-05 eviction @Flat"],
            ON,
            [],
            id="eviction-ends-tenancy",
        ),
        pytest.param(
            ["2014-06-01 admission @Ward", "2014-06-09 self_discharge @Ward"],
            ON,
            [],
            id="self-discharge-ends-admission",
        ),
        pytest.param(
            ["2014-06-01 custody @HMP_Leeds", "2015-02-01 release @HMP_Leeds"],
            ON,
            [],
            id="release-ends-custody",
        ),
        pytest.param(
            ["2014-06-01 support @Grapevine", "2014-09-01 case_closed @CAB"],
            ON,
            [("Grapevine", OPEN)],
            id="closing-by-another-agency-does-not-close",
        ),
        pytest.param(
            ["2014-01-01 case_closed @Grapevine", "2014-06-01 support @Grapevine"],
            ON,
            [("Grapevine", OPEN)],
            id="closing-before-the-start-does-not-close",
        ),
        pytest.param(
            ["2015-03 contact @CAB"],
            dt.date(2015, 5, 31),
            [("CAB", RECENT)],
            id="month-may-be-late",
        ),
        pytest.param(
            ["2015-03-01 contact @CAB"], dt.date(2015, 5, 31), [], id="same-day-date-is-exact"
        ),
        pytest.param(["2015-06 contact @CAB"], ON, [("CAB", RECENT)], id="month-may-be-early"),
        pytest.param(["2015-07 contact @CAB"], ON, [], id="month-wholly-after"),
        pytest.param(
            ["2015-01..2015-05 placement @Hostel"],
            dt.date(2015, 5, 20),
            [("Hostel", OPEN)],
            id="month-period-open-to-month-end",
        ),
        pytest.param(["2015 tenancy @Flat"], dt.date(2015, 1, 1), [("Flat", OPEN)], id="year-date"),
        pytest.param(
            ["~2015-06-10 contact @CAB"], ON, [("CAB", RECENT)], id="approximate-date-may-be-early"
        ),
        pytest.param(
            [
                "2015-05-20 contact @CAB",
                "2015-01-01 tenancy @Flat",
                "2015-05-25 contact @Police",
                "2014-12-01 support @Grapevine",
                "2015-05-25 contact @Advice",
            ],
            ON,
            [
                ("Flat", OPEN),  # last contact 1 Jan 2015
                ("Grapevine", OPEN),  # last contact 1 Dec 2014
                ("Advice", RECENT),
                ("Police", RECENT),
                ("CAB", RECENT),
            ],
            id="open-first-then-latest-contact-then-name",
        ),
    ],
)
def test_who_is_involved(rows: list[str], on: dt.date, expected: list[tuple[str, str]]) -> None:
    assert _statuses(journey_of(*rows), on) == expected


@pytest.mark.parametrize(
    ("include_sensitive", "expected"),
    [
        pytest.param(True, [("Ward", OPEN), ("CAB", RECENT)], id="sensitive-shown"),
        pytest.param(False, [("Ward", OPEN)], id="sensitive-hidden"),
    ],
)
def test_restricted_never_counts_and_sensitive_only_when_asked(
    include_sensitive: bool, expected: list[tuple[str, str]]
) -> None:
    journey = _with(
        journey_of(
            "2015-05-01 contact @CAB",
            "2015-05-02 contact @Police",
            "2015-01-01 support @Ward",
            "2015-02-01 case_closed @Ward",
        ),
        e1="sensitive",
        e2="restricted",
        e4="restricted",  # a hidden closing event closes nothing: the visible record is used
    )
    assert _statuses(journey, include_sensitive=include_sensitive) == expected


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        pytest.param(None, [("Flat", ("B",)), ("CAB", ("A", "B"))], id="everyone"),
        pytest.param({"A"}, [("CAB", ("A",))], id="only-A"),
        pytest.param({"B"}, [("Flat", ("B",)), ("CAB", ("B",))], id="only-B"),
        pytest.param({"C"}, [], id="nobody-named"),
    ],
)
def test_people_filter_and_closing_per_person(people, expected) -> None:
    journey = journey_of(
        "2014-06-01 tenancy @Flat A+B",
        "2015-01-05 eviction @Flat A",  # A left; B's tenancy carries on
        "2015-05-01 contact @CAB A+B",
        people=("A", "B", "C"),
    )
    found = who_is_involved(journey, ON, people=people)
    assert [(i.agency, i.people) for i in found] == expected


def test_what_for_since_and_last_contact_in_plain_english() -> None:
    journey = journey_of(
        "2015-03-03 tenancy @Flat", "2015-06-12 contact @Flat", "2015-05-01 court @Court"
    )
    flat, court = who_is_involved(journey, dt.date(2015, 6, 20))
    assert flat.status == OPEN and flat.is_open
    assert (flat.since, flat.last_contact) == (dt.date(2015, 3, 3), dt.date(2015, 6, 12))
    assert (
        flat.what_for == "Tenancy since 3 Mar 2015: tenancy 1; last contact 12 Jun 2015: contact 2"
    )
    assert flat.event_ids == ("e1", "e2")
    assert court.what_for == "Last contact 1 May 2015, court: court 3"
    assert court.sector == "Housing" and court.people == ("A",)


def test_journey_dates_bound_the_picker() -> None:
    journey = journey_of("2015-03-03 contact", "2015-01-01..2015-08-01 placement")
    assert involvement_dates(journey) == (dt.date(2015, 1, 1), dt.date(2015, 8, 1))
    assert default_involvement_date(journey) == dt.date(2015, 8, 1)
    with pytest.raises(ValueError, match="no events"):
        involvement_dates(journey.model_copy(update={"events": ()}))


def _coventry() -> Journey:
    return next(j for j in demo_journeys() if j.key == "coventry-couple")


def test_coventry_demo_in_spring_2015_lists_hostels_and_recent_contacts() -> None:
    found = who_is_involved(_coventry(), dt.date(2015, 4, 15))
    by_agency = {i.agency: i for i in found}
    assert len(found) >= 6
    assert by_agency["Salvation Army Lifehouse"].status == OPEN
    assert by_agency["Salvation Army Lifehouse"].people == ("Sam",)
    assert by_agency["Valley House"].status == OPEN
    assert by_agency["Valley House"].people == ("Jo",)
    assert by_agency["Whitefriars Housing/Caradoc Court"].status == RECENT  # evicted 6 Mar 2015
    assert "Evicted from the flat" in by_agency["Whitefriars Housing/Caradoc Court"].what_for
    assert "Sherbourne Fields" not in by_agency
    assert found == who_is_involved(_coventry(), dt.date(2015, 4, 15))  # deterministic
    assert [i.is_open for i in found] == sorted((i.is_open for i in found), reverse=True)


# The panel, built as the page builds it, read without a browser.


def test_panel_has_heading_picker_and_one_row_per_agency() -> None:
    panel = build_involved_panel(_coventry(), dt.date(2015, 4, 15))
    assert isinstance(panel, html.Section) and panel.id == ids.INVOLVED_PANEL
    heading = next(c for c in _walk(panel) if isinstance(c, html.H2))
    assert heading.children == "Who is involved on 15 Apr 2015"
    picker = next(c for c in _walk(panel) if isinstance(c, dcc.DatePickerSingle))
    assert (picker.id, picker.date) == (ids.INVOLVED_DATE, "2015-04-15")
    assert (picker.min_date_allowed, picker.max_date_allowed) == ("2014-11-17", "2016-10-17")
    label = next(c for c in _walk(panel) if isinstance(c, html.Label))
    assert label.htmlFor == ids.INVOLVED_DATE
    table = next(c for c in _walk(panel) if isinstance(c, html.Table))
    head = [c for c in _walk(table) if isinstance(c, html.Th) and c.scope == "col"]
    assert [c.children for c in head] == list(HEADINGS)
    body = next(c for c in _walk(table) if isinstance(c, html.Tbody))
    rows = [_text(row) for row in body.children]
    lifehouse = next(r for r in rows if r.startswith("Salvation Army Lifehouse"))
    assert "Housing Open support 20 Mar 2015" in lifehouse
    assert "Placement 20 Mar 2015 to 12 Jun 2015: Sam moves into the Lifehouse" in lifehouse
    assert lifehouse.endswith("Sam")
    assert any(r.startswith("Whitefriars") and "Recent contact" in r for r in rows)
    assert "agencies involved on 15 Apr 2015" in _text(table)


def test_panel_says_so_when_nobody_is_involved_and_keeps_user_text_as_text() -> None:
    journey = journey_of("2015-01-01 contact @CAB", "2015-08-01 contact @CAB")
    quiet = build_involved_results(journey, dt.date(2015, 5, 1))
    assert isinstance(quiet[0], html.P)
    assert quiet[0].children == (
        "No agency had open support on 1 May 2015 or contact in the 90 days before it."
    )
    marked_up = journey.model_copy(
        update={"events": (journey.events[0].model_copy(update={"title": "<b>Hi</b>"}),)}
    )
    table = build_involved_results(marked_up, dt.date(2015, 1, 2))[0]
    cells = [c for c in _walk(table) if isinstance(c, html.Td)]
    assert "Last contact 1 Jan 2015: <b>Hi</b>" in [c.children for c in cells]  # a plain string


def test_panel_for_a_journey_without_events() -> None:
    journey = journey_of("2015-01-01 contact")
    panel = build_involved_panel(journey.model_copy(update={"events": ()}))
    assert "This journey has no events yet." in _text(panel)


def test_callback_rebuilds_heading_and_table_for_the_picked_date(
    sqlite_services: Services,
) -> None:
    sqlite_services.load_demo()
    app = Dash(__name__)
    register_involved_callbacks(app, sqlite_services)
    (entry,) = [v for k, v in app.callback_map.items() if ids.INVOLVED_RESULTS in k]
    assert [i["id"] for i in entry["inputs"]] == [ids.INVOLVED_DATE]
    assert [s["id"] for s in entry["state"]] == [ids.JOURNEY_KEY]
    adapter = entry["callback"].__wrapped__
    heading, results = adapter("2015-04-15", "coventry-couple")
    assert heading == "Who is involved on 15 Apr 2015"
    assert "Salvation Army Lifehouse" in _text(results[0])
