"""Import in the browser, as plain functions: check without storing, then store all or nothing."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from dash import dcc, html
from typer.testing import CliRunner

from schemas import EventKind, Provenance
from tests.components import text_of, walk
from tests.conftest import FIXTURES
from timeline.cli import app as cli_app
from timeline.io import InvalidFileError, read_journeys
from timeline.io.template import TEMPLATE_COLUMNS, template_csv, template_rows, template_xlsx
from timeline.pages.upload.page import build_imported_result, build_upload_page, build_upload_result
from timeline.pages.upload.view import (
    ProvenanceNeededError,
    check_upload,
    store_upload,
)
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
    stored = store_upload(sqlite_services, contents, "household.csv", replace=False)
    assert [j.key for j in stored.journeys] == ["test-household"]
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


WITH_COLUMN = (
    b"journey,agency,sector,start,provenance\nmade-up,Cyrenians,Housing,2015-03-02,synthetic\n"
)


def test_the_page_asks_what_the_case_study_is_with_what_each_means() -> None:
    page = build_upload_page(5)
    (question,) = [c for c in walk(page) if isinstance(c, dcc.RadioItems)]
    labels = [o["label"] for o in question.options]
    assert [label.split(":")[0].strip() for label in labels] == [
        "Illustrative",
        "Anonymised",
        "Synthetic",
    ]
    # the careful choice is shown chosen, so nothing is decided out of sight
    assert "consent" in labels[1] and question.value == "anonymised"
    assert "What is this case study?" in text_of(page)
    assert "keeps what its column says" in text_of(page)


def test_import_without_a_provenance_chosen_is_refused_and_stores_nothing(
    sqlite_services: Services,
) -> None:
    contents = _data_url((FIXTURES / "household.csv").read_bytes())
    words = text_of(html.Div(build_upload_result(check_upload(sqlite_services, contents, "h.csv"))))
    assert "check what this case study is below (anonymised unless" in words
    assert "as chosen below" in words
    with pytest.raises(ProvenanceNeededError, match="choose what this case study is"):
        store_upload(sqlite_services, contents, "h.csv", False, require_provenance=True)
    assert sqlite_services.list_journeys() == []


@pytest.mark.parametrize(
    ("data", "chosen", "stored", "note"),
    [
        pytest.param(
            (FIXTURES / "household.csv").read_bytes(),
            Provenance.ILLUSTRATIVE,
            Provenance.ILLUSTRATIVE,
            None,
            id="no-column-page-choice-kept",
        ),
        pytest.param(
            WITH_COLUMN,
            Provenance.ANONYMISED,
            Provenance.SYNTHETIC,
            "The file's provenance column wins over the anonymised chosen here: made-up is "
            "synthetic.",
            id="file-column-wins-and-says-so",
        ),
        pytest.param(WITH_COLUMN, None, Provenance.SYNTHETIC, None, id="file-column-no-choice"),
    ],
)
def test_after_import_the_top_says_imported_with_what_was_stored(
    sqlite_services: Services,
    data: bytes,
    chosen: Provenance | None,
    stored: Provenance,
    note: str | None,
) -> None:
    check = store_upload(
        sqlite_services, _data_url(data), "case.csv", False, None, chosen, require_provenance=True
    )
    (summary,) = sqlite_services.list_journeys()
    assert summary.provenance is stored
    words = text_of(html.Div(build_imported_result(check, chosen, replaced=False)))
    assert words.startswith("Imported 1 journey from case.csv")
    assert "Press Import" not in words and stored.value in words
    assert (note in words) if note else "wins over" not in words


@pytest.mark.parametrize(
    ("args", "stored", "note"),
    [
        pytest.param(["--provenance", "synthetic"], "synthetic", False, id="option-given"),
        pytest.param([], "anonymised", True, id="no-option-says-anonymised"),
    ],
)
def test_command_line_import_takes_a_provenance(
    tmp_path: Path, args: list[str], stored: str, note: bool
) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    source = str(FIXTURES / "household.csv")
    result = CliRunner().invoke(cli_app, ["import", source, *args, "--db", db])
    assert result.exit_code == 0 and result.stdout == "test-household\n"
    assert ("stored as anonymised" in result.stderr) is note
    listed = CliRunner().invoke(cli_app, ["list", "--db", db]).stdout
    assert f"\t{stored}\t" in listed


def test_command_line_import_refuses_an_unknown_provenance(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    args = ["import", str(FIXTURES / "household.csv"), "--provenance", "real", "--db", db]
    result = CliRunner().invoke(cli_app, args)
    assert result.exit_code == 2 and "illustrative" in result.stderr
