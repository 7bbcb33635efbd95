"""Import in the browser, as plain functions: check without storing, then store all or nothing."""

from __future__ import annotations

import base64

import pytest

from schemas import EventKind
from tests.conftest import FIXTURES
from timeline.io import InvalidFileError, read_journeys
from timeline.io.template import TEMPLATE_COLUMNS, template_csv, template_rows, template_xlsx
from timeline.pages.upload_view import check_upload, store_upload
from timeline.service import Services

BAD_CSV = (
    b"journey,agency,sector,start,end\n"
    b"new-one,Cyrenians,Housing,2015-03-02,\n"
    b"new-one,Cyrenians,Housing,2015-03-02,2015-01-02\n"
    b"new-one,Foodbank,Food,2015-02-30,\n"
)


def _data_url(data: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(data).decode()


def test_a_bad_file_lists_every_problem_beside_its_rows_and_stores_nothing(
    sqlite_services: Services,
) -> None:
    check = check_upload(sqlite_services, _data_url(BAD_CSV), "bad.csv")
    assert not check.ok
    assert [(e.row, e.column) for e in check.errors] == [(3, "end"), (4, "start")]
    assert [n for n, _cells in check.rows] == [2, 3, 4]
    assert check.header == ["journey", "agency", "sector", "start", "end"]
    with pytest.raises(InvalidFileError):
        store_upload(sqlite_services, _data_url(BAD_CSV), "bad.csv", replace=False)
    assert sqlite_services.list_journeys() == []


def test_a_good_file_is_checked_then_stored(sqlite_services: Services) -> None:
    contents = _data_url((FIXTURES / "household.csv").read_bytes())
    check = check_upload(sqlite_services, contents, "household.csv")
    assert check.ok and [j.key for j in check.journeys] == ["test-household"]
    assert sqlite_services.list_journeys() == []  # checking stores nothing
    assert store_upload(sqlite_services, contents, "household.csv", replace=False) == [
        "test-household"
    ]
    assert check_upload(sqlite_services, contents, "household.csv").existing == ["test-household"]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        pytest.param("notes.docx", b"x", "only .csv, .xlsx and .json", id="wrong-type"),
        pytest.param(
            "big.csv",
            b"journey,agency,sector,start\n" + b"x" * 5_000_001,
            "the limit is 5.0 MB",
            id="too-big",
        ),
        pytest.param("fake.xlsx", b"not a workbook", "not a readable XLSX", id="fake-xlsx"),
    ],
)
def test_unusable_uploads_are_explained(
    sqlite_services: Services, name: str, data: bytes, expected: str
) -> None:
    check = check_upload(sqlite_services, _data_url(data), name)
    assert not check.ok and expected in check.errors[0].message


def test_a_damaged_upload_is_explained(sqlite_services: Services) -> None:
    check = check_upload(sqlite_services, "data:text/csv;base64,%%%", "case.csv")
    assert "damaged" in check.errors[0].message


def test_template_has_every_column_and_an_example_row_per_kind() -> None:
    rows = template_rows()
    assert rows[0] == list(TEMPLATE_COLUMNS)
    assert [row[6] for row in rows[1:]] == [k.value for k in EventKind]
    for data, name in ((template_csv(), "template.csv"), (template_xlsx(), "template.xlsx")):
        (journey,) = read_journeys(data, name).journeys
        assert len(journey.events) == len(EventKind)
        assert all(e.source.value == "illustrative" for e in journey.events)
