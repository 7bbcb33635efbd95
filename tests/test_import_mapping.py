"""Import any spreadsheet (issue 16, item 5): a column mapping from the file's own header to the
Touchpoints columns, read from a mapping.toml (CLI --map) or made on the Import page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from tests.conftest import FIXTURES
from timeline.cli import app as cli_app
from timeline.io import InvalidFileError, read_journeys
from timeline.io.columns import OPTIONAL, REQUIRED
from timeline.io.mapping import (
    IGNORE,
    ColumnMapping,
    guess_mapping,
    load_mapping,
    mapping_from_dict,
    mapping_to_toml,
    missing_fields,
    touchpoints_fields,
)

# The household fixture's rows under a header of the facilitator's own making.
THEIR_HEADER = [
    "Client ref",
    "Case name",
    "Who",
    "Service",
    "Service type",
    "What happened",
    "Date seen",
    "Until",
    "Label",
    "Keywords",
    "Notes (internal)",
]
MAPPING_TOML = b"""# the facilitator's layout
[columns]
"Client ref" = "journey"
"Case name" = "journey_title"
"Who" = "person"
"Service" = "agency"
"Service type" = "Sector/Type"
"What happened" = "kind"
"Date seen" = "start"
"Until" = "end"
"Label" = "title"
"Keywords" = "tags"
"Notes (internal)" = "ignore"
"""


def _household_rows() -> list[list[str]]:
    with (FIXTURES / "household.csv").open(newline="") as handle:
        return list(csv.reader(handle))


def _csv(header: list[str], rows: list[list[str]], notes: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([*row, "do not share"] if notes else row)
    return out.getvalue().encode()


def _xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([*row, "do not share"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _their_file(suffix: str, rows: list[list[str]] | None = None) -> bytes:
    rows = _household_rows()[1:] if rows is None else rows
    return _csv(THEIR_HEADER, rows) if suffix == ".csv" else _xlsx(THEIR_HEADER, rows)


@pytest.mark.parametrize(
    "suffix", [pytest.param(".csv", id="csv"), pytest.param(".xlsx", id="xlsx")]
)
def test_a_mapped_file_imports_the_same_journey_as_the_template_header(suffix: str) -> None:
    expected = read_journeys((FIXTURES / "household.csv").read_bytes(), "household.csv")
    mapping = load_mapping(MAPPING_TOML, "mapping.toml")
    mapped = read_journeys(_their_file(suffix), f"theirs{suffix}", mapping=mapping)
    assert mapped.journeys == expected.journeys
    assert mapped.warnings == []  # the ignored column is not warned about
    with pytest.raises(InvalidFileError) as refused:  # without the mapping: the header is wrong
        read_journeys(_their_file(suffix), f"theirs{suffix}")
    assert "required column 'journey' is missing" in str(refused.value)


def test_row_errors_name_the_files_own_column_and_spreadsheet_row() -> None:
    rows = _household_rows()[1:]
    rows[2][6] = "2015-02-30"  # Date seen, spreadsheet row 4
    rows[0][7] = "2015-01-01"  # Until before Date seen, row 2
    with pytest.raises(InvalidFileError) as refused:
        read_journeys(
            _csv(THEIR_HEADER, rows), "theirs.csv", mapping=load_mapping(MAPPING_TOML, "m")
        )
    assert [(e.row, e.column) for e in refused.value.errors] == [(2, "Until"), (4, "Date seen")]
    assert "row 4, column Date seen:" in str(refused.value)


def test_a_default_fills_a_column_the_file_does_not_have() -> None:
    rows = [row[1:] for row in _household_rows()[1:]]
    header = THEIR_HEADER[1:]
    mapping = load_mapping(
        MAPPING_TOML.replace(b'"Client ref" = "journey"\n', b"")
        + b'[defaults]\njourney = "from-default"\n',
        "mapping.toml",
    )
    result = read_journeys(_csv(header, rows), "theirs.csv", mapping=mapping)
    assert [j.key for j in result.journeys] == ["from-default"]
    assert len(result.journeys[0].events) == len(rows)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            b'[columns]\n"Service" = "agencie"\n',
            "'agencie' is not a Touchpoints column; did you mean 'agency'? use one of: journey,",
            id="unknown-field-lists-the-valid-ones",
        ),
        pytest.param(
            b'[columns]\n"Date" = "start"\n"Date seen" = "start"\n',
            "'start' is mapped twice, from 'Date' and 'Date seen'",
            id="field-mapped-twice",
        ),
        pytest.param(
            b'[columns]\n"Service" = "agency"\n"Date" = \n',
            "is not valid TOML: ",
            id="malformed-toml",
        ),
        pytest.param(b"[colums]\n", "[colums] is not a mapping section", id="unknown-section"),
        pytest.param(b"[columns]\n", "[columns] is empty", id="empty"),
        pytest.param(
            b'[columns]\n"Service" = 3\n', "should be a Touchpoints column", id="not-text"
        ),
        pytest.param(
            b'[columns]\n"Client" = "journey"\n[defaults]\njourney = "x"\n',
            "the file column 'Client' already gives it",
            id="default-and-column",
        ),
        pytest.param(b"\xff\xfe[", "is not a text file", id="binary"),
    ],
)
def test_a_wrong_mapping_says_what_to_fix(text: bytes, expected: str) -> None:
    with pytest.raises(InvalidFileError) as refused:
        load_mapping(text, "mapping.toml")
    assert expected in str(refused.value)


def test_a_malformed_mapping_says_which_line() -> None:
    with pytest.raises(InvalidFileError) as refused:
        load_mapping(b'[columns]\n"Service" = "agency"\n"Date" = \n', "mapping.toml")
    assert "line 3" in str(refused.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            {"Date of birth": "end"},
            "names the column 'Date of birth', which this file does not have",
            id="column-the-file-lacks",
        ),
        pytest.param(
            {"Date seen": IGNORE},
            "after the mapping, nothing gives 'start'",
            id="required-field-left-unfed",
        ),
        pytest.param(
            {"Date seen": IGNORE, "Service": IGNORE},
            "nothing gives 'agency', 'start'",
            id="says-every-missing-field",
        ),
    ],
)
def test_a_mapping_that_does_not_fit_the_file_stores_nothing(
    tmp_path: Path, change: dict, expected: str
) -> None:
    mapping = load_mapping(MAPPING_TOML, "m")
    changed = ColumnMapping(mapping.columns | change)
    with pytest.raises(InvalidFileError) as refused:
        read_journeys(_their_file(".csv"), "theirs.csv", mapping=changed)
    assert expected in str(refused.value)


def test_a_column_already_named_by_the_format_cannot_be_fed_twice() -> None:
    header = ["Journey", "Client ref", "agency", "sector", "start"]
    data = _csv(header, [["a", "b", "X", "Housing", "2015"]], notes=False)
    with pytest.raises(InvalidFileError) as refused:
        read_journeys(data, "f.csv", mapping=ColumnMapping({"Client ref": "journey"}))
    assert "'journey' would come from both 'Journey' and 'Client ref'" in str(refused.value)


def test_a_mapping_written_out_reads_back_the_same_even_with_odd_names() -> None:
    odd = ColumnMapping(
        {'Quote " and \\ back': "journey", "tab\there": "agency", "del\x7f": IGNORE, "é": "start"},
        {"sector": "Housing"},
    )
    assert load_mapping(mapping_to_toml(odd).encode(), "m") == odd
    assert mapping_from_dict(odd.as_dict()) == odd


def test_the_fields_offered_are_the_formats_columns() -> None:
    fields = touchpoints_fields()
    assert set(REQUIRED) | set(OPTIONAL) <= set(fields)
    assert fields[: len(REQUIRED)] == REQUIRED


def test_guesses_are_cautious() -> None:
    guessed = guess_mapping(["Journey", "Date", "Service", "Colour", "Agency name", "Start"])
    assert guessed.columns == {
        "Journey": "journey",
        "Date": "start",
        "Service": "agency",
        "Colour": IGNORE,
        "Agency name": IGNORE,  # close, but not obvious enough to guess
        "Start": IGNORE,  # 'start' is already taken by Date
    }
    assert missing_fields(list(guessed.columns)) == ["agency", "sector"]


def test_cli_import_with_map(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    source = tmp_path / "theirs.xlsx"
    source.write_bytes(_their_file(".xlsx"))
    mapping = tmp_path / "mapping.toml"
    mapping.write_bytes(MAPPING_TOML)
    refused = CliRunner().invoke(cli_app, ["import", str(source), "--db", db])
    assert refused.exit_code == 2 and "required column 'journey' is missing" in refused.stderr
    result = CliRunner().invoke(
        cli_app,
        ["import", str(source), "--map", str(mapping), "--provenance", "illustrative", "--db", db],
    )
    assert result.exit_code == 0 and result.stdout == "test-household\n"
    listed = CliRunner().invoke(cli_app, ["list", "--db", db]).stdout
    assert "test-household" in listed and "\tillustrative\t" in listed


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        pytest.param(b"[columns\n", "is not valid TOML", id="malformed"),
        pytest.param(b'[columns]\n"Service" = "agent"\n', "not a Touchpoints column", id="unknown"),
        pytest.param(
            b'[columns]\n"Nope" = "agency"\n', "which this file does not have", id="lacks"
        ),
        pytest.param(None, "cannot be read", id="no-such-file"),
        pytest.param(MAPPING_TOML, "a column mapping applies to CSV or XLSX", id="json-file"),
    ],
)
def test_cli_refuses_a_wrong_mapping_and_stores_nothing(
    tmp_path: Path, toml: bytes | None, expected: str
) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    json_file = "CSV or XLSX" in expected
    source = tmp_path / ("theirs.json" if json_file else "theirs.csv")
    source.write_bytes(b"{}" if json_file else _their_file(".csv"))
    mapping = tmp_path / "mapping.toml"
    if toml is not None:
        mapping.write_bytes(toml)
    result = CliRunner().invoke(cli_app, ["import", str(source), "--map", str(mapping), "--db", db])
    assert result.exit_code == 2 and expected in result.stderr
    assert "nothing was imported" in result.stderr
    assert CliRunner().invoke(cli_app, ["list", "--db", db]).stdout.startswith("No journeys")


def test_the_documented_example_is_a_mapping_that_reads() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "file-format.md").read_text()
    section = doc.split("## A spreadsheet of your own layout", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    mapping = load_mapping(example.encode(), "docs/file-format.md")
    assert mapping.columns["Date seen"] == "start" and mapping.defaults == {
        "provenance": "illustrative"
    }
