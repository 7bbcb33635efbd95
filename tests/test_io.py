"""Importing case-study files as docs/file-format.md defines them, and exporting them back."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from schemas import (
    Agency,
    DatePrecision,
    Event,
    EventKind,
    Journey,
    Person,
    Provenance,
    ProviderType,
    Sensitivity,
    Source,
)
from tests.conftest import FIXTURES
from tests.factories import make_journey
from timeline.io import (
    InvalidFileError,
    read_journeys,
    read_journeys_from_path,
    write_csv,
    write_json,
)

HEADER = "journey,person,agency,sector,provider_type,kind,start,end,title\n"
GOOD_ROW = "k,A,Cyrenians,Housing,voluntary,placement,2015-03-02,2015-04-01,Hostel\n"


def _errors(text: str, name: str = "case.csv") -> list[str]:
    with pytest.raises(InvalidFileError) as caught:
        read_journeys(text.encode(), name)
    return [str(e) for e in caught.value.errors]


def test_household_fixture_reads_every_optional_form() -> None:
    result = read_journeys_from_path(FIXTURES / "household.csv")
    (journey,) = result.journeys
    assert journey.key == "test-household"
    assert journey.title == "Test household (illustrative)"
    assert [p.pseudonym for p in journey.people] == ["A", "B"]
    assert journey.agency("Cyrenians").provider_type is ProviderType.VOLUNTARY
    assert journey.agency("Foodbank").sector == "Food"
    hostel, parcel, arrest, attendance = journey.events
    assert hostel.people == ("A", "B") and hostel.end == dt.date(2015, 6, 30)
    assert (parcel.start, parcel.date_precision) == (dt.date(2015, 3, 1), DatePrecision.MONTH)
    assert parcel.tags == ("food", "crisis")
    assert (arrest.start, arrest.title) == (dt.date(2015, 4, 2), "Arrest")
    assert (attendance.start, attendance.date_precision) == (
        dt.date(2015, 1, 1),
        DatePrecision.YEAR,
    )
    assert attendance.title == "A&E attendance"


@pytest.mark.parametrize(
    ("written", "start", "end", "precision"),
    [
        pytest.param("2015-03-02", "2015-03-02", None, "day", id="iso"),
        pytest.param("02/03/2015", "2015-03-02", None, "day", id="uk-day-first"),
        pytest.param("2015-03", "2015-03-01", None, "month", id="iso-month"),
        pytest.param("Mar 2015", "2015-03-01", None, "month", id="named-month"),
        pytest.param("2015", "2015-01-01", None, "year", id="year"),
    ],
)
def test_date_forms(written: str, start: str, end: str | None, precision: str) -> None:
    text = HEADER + f"k,A,Cyrenians,Housing,voluntary,contact,{written},,\n"
    (event,) = read_journeys(text.encode(), "case.csv").journeys[0].events
    assert event.start.isoformat() == start
    assert event.date_precision.value == precision


def test_month_end_date_means_the_end_of_that_month() -> None:
    text = HEADER + "k,A,Cyrenians,Housing,voluntary,placement,Jan 2015,2015-03,\n"
    (event,) = read_journeys(text.encode(), "case.csv").journeys[0].events
    assert (event.start, event.end) == (dt.date(2015, 1, 1), dt.date(2015, 3, 31))
    assert event.date_precision is DatePrecision.MONTH


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            "k,A,Cyrenians,Housing,voluntary,placement,2015-03-02,2015-01-02,\n",
            "case.csv, row 2, column end: end date 2015-01-02 is before start date 2015-03-02",
            id="end-before-start",
        ),
        pytest.param(
            "k,A,Cyrenians,Housing,voluntary,contact,2015-02-30,,\n",
            "row 2, column start: '2015-02-30' is not a real date",
            id="impossible-date",
        ),
        pytest.param(
            "k,A,Cyrenians,Housing,voluntary,contact,03/25/2015,,\n",
            "row 2, column start: '03/25/2015' has month 25",
            id="month-first-date",
        ),
        pytest.param(
            "k,A,Cyrenians,Housing,voluntary,contact,2/3/15,,\n",
            "row 2, column start: '2/3/15' has a 2-digit year",
            id="two-digit-year",
        ),
        pytest.param(
            "k,A,Cyrenians,Housing,voluntary,contact,,,\n",
            "row 2, column start: is empty",
            id="no-start",
        ),
        pytest.param(
            "k,A,Cyrenians,Housing,voluntary,arest,2015-03-02,,\n",
            "row 2, column kind: 'arest' is not a known event kind; did you mean 'arrest'",
            id="misspelt-kind",
        ),
        pytest.param(
            "k,A,Cyrenians,Housing,council,contact,2015-03-02,,\n",
            "row 2, column provider_type: 'council' is not a known provider type",
            id="bad-provider-type",
        ),
        pytest.param(
            "k,A,,Housing,voluntary,contact,2015-03-02,,\n",
            "row 2, column agency: is empty",
            id="no-agency",
        ),
        pytest.param(
            ",A,Cyrenians,Housing,voluntary,contact,2015-03-02,,\n",
            "row 2, column journey: is empty",
            id="no-journey-key",
        ),
        pytest.param(
            "Bad Key,A,Cyrenians,Housing,voluntary,contact,2015-03-02,,\n",
            "row 2, column journey: journey key 'Bad Key' must be",
            id="bad-key",
        ),
        pytest.param(
            "k,A,Cyrenians,Housing,voluntary,contact,2015-03-02,," + "x" * 201 + "\n",
            "row 2, column title: String should have at most 200 characters",
            id="over-long-title",
        ),
        pytest.param(
            "k,A,Cyrenians,Housing,voluntary,contact,2015-03-02,,bad\x07title\n",
            "row 2, column title: contains an invisible control character (U+0007)",
            id="control-character",
        ),
        pytest.param(
            GOOD_ROW + "k,A,Cyrenians,Money,voluntary,contact,2015-05-02,,\n",
            "row 3, column sector: agency 'Cyrenians' is in sector 'Housing' on row 2",
            id="agency-in-two-sectors",
        ),
        pytest.param(
            GOOD_ROW + "k,A,Cyrenians,Housing,public,contact,2015-05-02,,\n",
            "row 3, column provider_type: agency 'Cyrenians' is voluntary on row 2",
            id="agency-two-types",
        ),
        pytest.param(
            GOOD_ROW + "k,B,Foodbank,Food,voluntary,contact,2015-05-02,,\n"
            "k,,Foodbank,Food,voluntary,contact,2015-05-09,,\n",
            "row 4, column person: is empty, but journey 'k' has 2 people (A, B)",
            id="person-missing-in-household",
        ),
    ],
)
def test_bad_rows_are_reported_with_row_and_column(rows: str, expected: str) -> None:
    errors = _errors(HEADER + rows)
    assert any(expected in e for e in errors), errors


def test_every_bad_row_is_listed_not_just_the_first() -> None:
    rows = (
        GOOD_ROW
        + "k,A,Cyrenians,Housing,voluntary,contact,2015-13-01,,\n"
        + GOOD_ROW.replace("2015-03-02", "2015-03-05")
        + "k,A,Cyrenians,Housing,voluntary,teleport,2015-03-02,,\n"
    )
    errors = _errors(HEADER + rows)
    assert [e.split(":")[0] for e in errors] == [
        "case.csv, row 3, column start",
        "case.csv, row 5, column kind",
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param(
            "journey,agency,start\n", "required column 'sector' is missing", id="missing-sector"
        ),
        pytest.param("journey,agency,sector,sector/type,start\n", "not both", id="sector-twice"),
        pytest.param("journey,agency,Agency,sector,start\n", "appears twice", id="duplicate"),
    ],
)
def test_bad_headers(header: str, expected: str) -> None:
    errors = _errors(header + "k,X,Housing,2015-03-02\n")
    assert any(expected in e and "row 1" in e for e in errors), errors


def test_headers_ignore_case_spaces_and_underscores() -> None:
    text = "JOURNEY,Journey Title,Agency,Sector,Provider Type,Date_Precision,START\n"
    text += "k,My title,Cyrenians,housing ,Voluntary,approximate,2015-03-02\n"
    (journey,) = read_journeys(text.encode(), "case.csv").journeys
    assert journey.title == "My title"
    assert journey.agencies[0].sector == "Housing"
    assert journey.events[0].date_precision is DatePrecision.APPROXIMATE


def test_unknown_columns_are_a_warning_not_silently_dropped() -> None:
    text = "journey,agency,sector,start,Notes\nk,Cyrenians,Housing,2015-03-02,remember\n"
    result = read_journeys(text.encode(), "case.csv")
    assert result.journeys
    assert ["column 'Notes' is not a Touchpoints column" in str(w) for w in result.warnings] == [
        True
    ]


def test_defaults_for_optional_columns() -> None:
    (journey,) = read_journeys(
        b"journey,agency,sector,start\nk,Cyrenians,Housing,2015-03-02\n", "case.csv"
    ).journeys
    (event,) = journey.events
    assert journey.title == "k"
    assert [p.pseudonym for p in journey.people] == ["Person 1"]
    assert event.people == ("Person 1",)
    assert (event.kind, event.title, event.source, event.sensitivity) == (
        EventKind.CONTACT,
        "Contact",
        Source.AGENCY_RECORD,
        Sensitivity.NORMAL,
    )
    assert journey.agencies[0].provider_type is ProviderType.UNKNOWN


def test_several_journeys_in_one_file() -> None:
    text = HEADER + GOOD_ROW + GOOD_ROW.replace("k,", "other,", 1)
    keys = [j.key for j in read_journeys(text.encode(), "case.csv").journeys]
    assert keys == ["k", "other"]


def test_excel_csv_with_bom_and_semicolons() -> None:
    text = "\ufeffjourney;agency;sector;start\nk;Cyrenians;Housing;02/03/2015\n"
    (journey,) = read_journeys(text.encode(), "case.csv").journeys
    assert journey.events[0].start == dt.date(2015, 3, 2)


def test_non_utf8_csv_says_how_to_save_it() -> None:
    errors = _errors_bytes("journey,agency,sector,start\nk,Caf\xe9,Housing,2015\n".encode("cp1252"))
    assert "CSV UTF-8" in errors[0]


def _errors_bytes(data: bytes, name: str = "case.csv") -> list[str]:
    with pytest.raises(InvalidFileError) as caught:
        read_journeys(data, name)
    return [str(e) for e in caught.value.errors]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_real_dates_numbers_and_combined_column() -> None:
    data = _xlsx(
        [
            ["Journey", "Agency", "Sector/Type", "Start", "End", "Kind"],
            [
                "k",
                "Cyrenians",
                "Housing/Voluntary",
                dt.datetime(2015, 3, 2),
                dt.date(2015, 4, 1),
                "placement",
            ],
            ["k", "DWP", "Money/Public", 2015, None, "benefit_sanction"],
            [None, None, None, None, None, None],
            ["k", "Foodbank", "Food/Voluntary", "Mar 2015", None, None],
        ]
    )
    (journey,) = read_journeys(data, "case.xlsx").journeys
    assert [e.id for e in journey.events] == ["r2", "r3", "r5"]
    assert journey.events[0].end == dt.date(2015, 4, 1)
    assert journey.events[1].date_precision is DatePrecision.YEAR
    assert journey.agency("DWP").provider_type is ProviderType.PUBLIC


def test_xlsx_errors_use_spreadsheet_row_numbers() -> None:
    data = _xlsx(
        [
            ["journey", "agency", "sector", "start"],
            ["k", "A", "Housing", "2015-03-02"],
            ["k", "A", "Housing", "someday"],
        ]
    )
    errors = _errors_bytes(data, "case.xlsx")
    assert errors == [
        "case.xlsx, row 3, column start: 'someday' is not a date this tool can read; "
        "write 2015-03-02, 02/03/2015 (day first), 2015-03, Mar 2015 or 2015"
    ]


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        pytest.param(b"not a zip", "case.xlsx", "not a readable XLSX workbook", id="fake-xlsx"),
        pytest.param(b"{", "case.json", "not valid JSON at line 1", id="broken-json"),
        pytest.param(b"hello", "case.pdf", "files ending .pdf are not read", id="wrong-type"),
        pytest.param(b"", "case.csv", "the first row must be the header", id="empty-csv"),
        pytest.param(
            b"journey,agency,sector,start\n", "case.csv", "no event rows", id="header-only"
        ),
    ],
)
def test_unreadable_files(data: bytes, name: str, expected: str) -> None:
    assert any(expected in e for e in _errors_bytes(data, name))


def test_json_errors_name_the_field() -> None:
    document = make_journey().model_dump(mode="json")
    document["events"][1]["end"] = "2014-01-01"
    errors = _errors_bytes(json.dumps(document).encode(), "case.json")
    assert errors == [
        "case.json, column events[1]: end date 2014-01-01 is before start date 2015-01-15"
    ]


def test_json_export_then_import_is_identical() -> None:
    journey = make_journey()
    (back,) = read_journeys(write_json(journey), "back.json").journeys
    assert back == journey


def test_csv_export_then_import_keeps_every_event_field() -> None:
    journey = make_journey(events=6)
    (back,) = read_journeys(write_csv(journey), "back.csv").journeys
    assert back.events == journey.events
    # CSV lists agencies in order of first appearance; JSON keeps the journey's own order.
    assert set(back.agencies) == set(journey.agencies)
    assert (back.key, back.title, back.provenance) == (
        journey.key,
        journey.title,
        journey.provenance,
    )


_names = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
_dates = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))


@st.composite
def journeys(draw: st.DrawFn) -> Journey:
    """Random valid journeys: any names, kinds, precisions, intervals, households."""
    pseudonyms = draw(st.lists(_names, min_size=1, max_size=3, unique=True))
    agency_names = draw(st.lists(_names, min_size=1, max_size=5, unique=True))
    agencies = [
        Agency(name=name, sector=draw(_names), provider_type=draw(st.sampled_from(ProviderType)))
        for name in agency_names
    ]
    events = []
    for index in range(draw(st.integers(0, 12))):
        start = draw(_dates)
        end = draw(st.none() | st.integers(0, 400).map(lambda d, s=start: s + dt.timedelta(d)))
        events.append(
            Event(
                id=f"e{index}",
                people=draw(st.lists(st.sampled_from(pseudonyms), min_size=1, unique=True)),
                agency=draw(st.sampled_from(agency_names)),
                kind=draw(st.sampled_from(EventKind)),
                start=start,
                end=end,
                date_precision=draw(st.sampled_from(DatePrecision)),
                title=draw(_names),
                description=draw(st.text(max_size=80).filter(lambda t: t.isprintable())),
                source=draw(st.sampled_from(Source)),
                sensitivity=draw(st.sampled_from(Sensitivity)),
                tags=draw(st.lists(_names.filter(lambda t: ";" not in t), max_size=3)),
                area=draw(st.just("") | _names),
            )
        )
    return Journey(
        key=draw(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True)),
        title=draw(_names),
        summary=draw(st.text(max_size=100).filter(str.isprintable)),
        provenance=draw(st.sampled_from(Provenance)),
        people=[Person(pseudonym=p) for p in pseudonyms],
        agencies=agencies,
        events=events,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_any_journey_survives_a_json_round_trip(journey: Journey) -> None:
    (back,) = read_journeys(write_json(journey), "any.json").journeys
    assert back == journey


# Text that a spreadsheet might run as a formula, or that looks like the export's own quoting.
_risky = st.builds(
    lambda prefix, rest: (prefix + rest).strip(),
    st.sampled_from(["=", "+", "-", "@", "'=", "''-", "'", "-3", "=HYPERLINK(", ""]),
    _names,
).filter(bool)
_risky_names = (_risky | _names).filter(lambda t: ";" not in t)


@st.composite
def risky_journeys(draw: st.DrawFn) -> Journey:
    """Journeys whose every CSV text field may start like a formula (or an escaped one)."""
    pseudonyms = draw(st.lists(_risky_names, min_size=1, max_size=2, unique=True))
    names = draw(st.lists(_risky_names, min_size=1, max_size=3, unique=True))
    agencies = [Agency(name=n, sector=draw(_risky_names)) for n in names]
    events = [
        Event(
            id=f"e{index}",
            people=[draw(st.sampled_from(pseudonyms))],
            agency=draw(st.sampled_from(names)),
            start=draw(_dates),
            title=draw(_risky_names),
            description=draw(_risky | st.just("\t=1+1") | st.just("")),
            tags=draw(st.lists(_risky_names, max_size=2, unique=True)),
            area=draw(_risky_names | st.just("")),
        )
        for index in range(draw(st.integers(1, 5)))
    ]
    return Journey(
        key="risky",
        title=draw(_risky_names),
        provenance="illustrative",
        people=[Person(pseudonym=p) for p in pseudonyms],
        agencies=agencies,
        events=events,
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(risky_journeys())
def test_formula_like_text_survives_a_csv_round_trip(journey: Journey) -> None:
    (back,) = read_journeys(write_csv(journey), "risky.csv").journeys
    assert back.events == journey.events
    assert back.title == journey.title
    assert {a.name: a.sector for a in back.agencies} == {
        a.name: a.sector for a in journey.agencies if any(e.agency == a.name for e in back.events)
    }
    # CSV names the people who appear in events, in order of first appearance
    assert {p.pseudonym for p in back.people} == {p for e in journey.events for p in e.people}


@pytest.mark.parametrize(
    "title",
    [
        pytest.param('=HYPERLINK("http://evil.example","click")', id="hyperlink"),
        pytest.param("+44 7700", id="phone"),
        pytest.param("-rent arrears", id="minus"),
        pytest.param("@mention", id="at"),
    ],
)
def test_formula_titles_are_quoted_in_csv_and_restored_on_import(title: str) -> None:
    journey = make_journey()
    event = journey.events[0].model_copy(update={"title": title})
    journey = journey.model_copy(update={"title": title, "events": (event, *journey.events[1:])})
    data = write_csv(journey)
    assert f"'{title}".replace('"', '""') in data.decode("utf-8-sig")
    (back,) = read_journeys(data, "quoted.csv").journeys
    assert (back.title, back.events[0].title) == (title, title)


def test_the_area_column_is_read_trimmed_and_optional() -> None:
    text = (
        "journey,agency,sector,start,area\n"
        "k,Cyrenians,Housing,2015-03-02,  Canal Basin  \n"
        "k,Foodbank,Food,2015-03-09,\n"
    )
    (journey,) = read_journeys(text.encode(), "case.csv").journeys
    assert [e.area for e in journey.events] == ["Canal Basin", ""]
    (plain,) = read_journeys(HEADER.encode() + GOOD_ROW.encode(), "case.csv").journeys
    assert plain.events[0].area == ""  # a file without the column reads as before


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        pytest.param("x" * 81, "row 2, column area: String should have at most 80", id="long"),
        pytest.param(
            "Canal\x07Basin",
            "row 2, column area: contains an invisible control character (U+0007)",
            id="control-character",
        ),
    ],
)
def test_a_bad_area_names_its_row_and_column(area: str, expected: str) -> None:
    errors = _errors(f"journey,agency,sector,start,area\nk,Cyrenians,Housing,2015-03-02,{area}\n")
    assert any(expected in e for e in errors), errors


def test_an_xlsx_area_comes_back_from_csv_and_json_exports() -> None:
    data = _xlsx(
        [
            ["Journey", "Agency", "Sector", "Start", "Area"],
            ["k", "Cyrenians", "Housing", dt.date(2015, 3, 2), "Old Mill"],
            ["k", "DWP", "Money", dt.date(2015, 4, 2), "-Market Cross"],
        ]
    )
    (journey,) = read_journeys(data, "case.xlsx").journeys
    assert [e.area for e in journey.events] == ["Old Mill", "-Market Cross"]
    (from_csv,) = read_journeys(write_csv(journey), "back.csv").journeys
    (from_json,) = read_journeys(write_json(journey), "back.json").journeys
    assert [e.area for e in from_csv.events] == [e.area for e in from_json.events]
    assert from_json == journey and from_csv.events == journey.events
    assert "'-Market Cross" in write_csv(journey).decode("utf-8-sig")  # not run as a formula


def test_json_without_areas_still_reads() -> None:
    document = json.loads(write_json(make_journey()))
    for event in document["events"]:
        del event["area"]
    (journey,) = read_journeys(json.dumps(document).encode(), "old.json").journeys
    assert {e.area for e in journey.events} == {""}
