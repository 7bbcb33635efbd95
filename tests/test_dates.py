"""Dates outside 1900-01-01..2100-12-31 are refused whatever the source, with the row and column
and what to fix; a journey stored with one anyway still opens everywhere (issue 11, item 5)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable

import pytest
from openpyxl import Workbook
from pydantic import ValidationError

from schemas import Journey, ReviewProposal
from tests.factories import REVIEW_FORM, make_journey
from timeline.io import InvalidFileError, read_journeys, write_json
from timeline.pages.editor.view import grid_state, journey_from_grids
from timeline.pages.review.view import submit_proposal
from timeline.service import Services

RANGE = "is outside 1900-01-01 to 2100-12-31; check the year"
OUTSIDE = [
    pytest.param(dt.date(1, 1, 1), id="year-1"),
    pytest.param(dt.date(9999, 12, 31), id="year-9999"),
    pytest.param(dt.date(1899, 12, 31), id="day-before-1900"),
    pytest.param(dt.date(2101, 1, 1), id="day-after-2100"),
]
INSIDE = [
    pytest.param(dt.date(1900, 1, 1), id="first-day"),
    pytest.param(dt.date(2100, 12, 31), id="last-day"),
]


def _file_problem(data: bytes, name: str) -> str | None:
    try:
        read_journeys(data, name)
    except InvalidFileError as exc:
        return str(exc.errors[0])
    return None


def from_csv(day: dt.date) -> str | None:
    rows = f"journey,agency,sector,start,title\nj,Shelter,Housing,{day.isoformat()},Stay\n"
    return _file_problem(rows.encode(), "dates.csv")


def from_xlsx_date_cell(day: dt.date) -> str | None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "events"
    sheet.append(["journey", "agency", "sector", "start", "title"])
    sheet.append(["j", "Shelter", "Housing", day, "Stay"])  # a real date cell, not text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _file_problem(buffer.getvalue(), "dates.xlsx")


def _json_with(path: tuple, day: dt.date) -> str | None:
    document = json.loads(write_json(make_journey("j")))
    document["annotations"] = [{"id": "n1", "text": "That spring.", "start": "2015-03-01"}]
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = day.isoformat()
    return _file_problem(json.dumps(document).encode(), "dates.json")


def from_json(day: dt.date) -> str | None:
    return _json_with(("events", 1, "start"), day)


def from_json_annotation(day: dt.date) -> str | None:
    return _json_with(("annotations", 0, "start"), day)


def from_editor_rows(day: dt.date) -> str | None:
    journey = make_journey("j")
    grids = grid_state(journey)
    grids["events"][1]["start"] = day.isoformat()
    edited, problems = journey_from_grids(journey, **grids)
    return str(problems[0]) if problems else None


def from_reviewer_proposal(day: dt.date) -> str | None:
    try:
        ReviewProposal(kind="correction", event_id="e1", corrected_start=day)
    except ValidationError as exc:
        return exc.errors()[0]["msg"].removeprefix("Value error, ")
    return None


SOURCES: list = [
    pytest.param(from_csv, "dates.csv, row 2, column start: {day} " + RANGE, id="csv"),
    pytest.param(
        from_xlsx_date_cell, "dates.xlsx, row 2, column start: {day} " + RANGE, id="xlsx-date-cell"
    ),
    pytest.param(from_json, "dates.json, column events[1].start: {day} " + RANGE, id="json"),
    pytest.param(
        from_json_annotation,
        "dates.json, column annotations[0].start: {day} " + RANGE,
        id="json-annotation",
    ),
    pytest.param(from_editor_rows, "Events, row 2, column start: {day} " + RANGE, id="editor-rows"),
    pytest.param(from_reviewer_proposal, "{day} " + RANGE, id="reviewer-proposal"),
]


# A spreadsheet has no day before 1900-01-01: its day 0 (what 1899-12-31 is saved as) reads back
# as a time of day.
DAY_ZERO = (
    "dates.xlsx, row 2, column start: holds a time of day (00:00:00) but no date; dates go from "
    "1900-01-01 to 2100-12-31: check the year"
)


@pytest.mark.parametrize("day", OUTSIDE)
@pytest.mark.parametrize(("source", "message"), SOURCES)
def test_a_date_outside_the_range_is_refused_saying_where_and_what_to_fix(
    source: Callable[[dt.date], str | None], message: str, day: dt.date
) -> None:
    if source is from_xlsx_date_cell and day == dt.date(1899, 12, 31):
        message = DAY_ZERO
    assert source(day) == message.format(day=day.isoformat())


@pytest.mark.parametrize("day", INSIDE)
@pytest.mark.parametrize(("source", "message"), SOURCES)
def test_the_first_and_last_day_of_the_range_are_taken(
    source: Callable[[dt.date], str | None], message: str, day: dt.date
) -> None:
    assert source(day) is None


@pytest.mark.parametrize(
    ("field", "said"),
    [
        pytest.param("fix_date", "The right date", id="right-date"),
        pytest.param("fix_end", "The right end date", id="right-end-date"),
    ],
)
@pytest.mark.parametrize("day", OUTSIDE)
def test_the_reviewer_form_says_which_date_is_outside_the_range(
    sqlite_services: Services, field: str, said: str, day: dt.date
) -> None:
    sqlite_services.save_journeys([make_journey("j")])
    form = REVIEW_FORM | {"kind": "correction", field: day.isoformat()}
    assert submit_proposal(sqlite_services, "j", form) == (
        False,
        f"{said}: {day.isoformat()} {RANGE}.",
    )


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(b'{"key": ' + b"9" * 5000 + b"}", id="5000-digit-key"),
        pytest.param(b'[{"events": [{"start": ' + b"1" * 5000 + b"}]}]", id="5000-digit-date"),
    ],
)
def test_a_number_thousands_of_digits_long_in_json_is_a_clear_error(document: bytes) -> None:
    assert _file_problem(document, "huge.json") == (
        "huge.json: the file holds a number thousands of digits long; no Touchpoints field "
        "takes one: check the dates and numbers in the file"
    )


def test_the_json_schema_round_trip_keeps_a_date_at_the_edge_of_the_range() -> None:
    data = make_journey("j").model_dump()
    data["events"][0]["start"] = dt.date(1900, 1, 1)
    journey = Journey.model_validate(data)
    assert read_journeys(write_json(journey), "j.json").journeys == [journey]


@pytest.mark.parametrize(
    ("number", "where"),
    [
        pytest.param(0, ("events", 1, "start"), id="event-start-zero"),
        pytest.param(1_420_070_400, ("events", 1, "start"), id="event-start-unix-seconds"),
        pytest.param(20150302.0, ("events", 0, "end"), id="event-end-float"),
        pytest.param(0, ("annotations", 0, "start"), id="note-start-zero"),
    ],
)
def test_a_number_in_json_is_not_taken_as_a_date(number: float, where: tuple) -> None:
    document = json.loads(write_json(make_journey("j")))
    document["annotations"] = [{"id": "n1", "text": "That spring.", "start": "2015-03-01"}]
    target = document
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = number
    problem = _file_problem(json.dumps(document).encode(), "dates.json")
    assert problem is not None and "is a number, not a date; write dates as 2015-03-02" in problem
