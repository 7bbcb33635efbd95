"""The Import page's mapping step (issue 16, item 5), through its plain functions."""

from __future__ import annotations

import base64

import pytest
from dash import dcc, html

from tests.components import text_of, walk
from timeline.io.mapping import IGNORE, load_mapping, mapping_to_toml
from timeline.pages.inputs import UnusableInputError
from timeline.pages.upload.mapping import mapping_upload_input, offer_mapping
from timeline.pages.upload.mapping_view import (
    check_mapped,
    first_mapping,
    mapping_from_choices,
    needs_mapping,
    remember_mapping,
    upload_mapping,
)
from timeline.pages.upload.view import check_upload, store_upload
from timeline.service import Services

ODD = "<b>Notes</b> " + "x" * 80
CSV = (
    f"Case,Service,Service type,Date,{ODD}\n"
    "case-7,Cyrenians,Housing,2015-03-02,first\n"
    "case-7,Foodbank,Food,2015-04-01,second\n"
)


def _url(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode()).decode()


def _dropdowns(step: list) -> dict[int, str]:
    found = [c for part in step for c in walk(part) if isinstance(c, dcc.Dropdown)]
    return {d.id["index"]: d.value for d in found}


def test_a_header_of_its_own_gets_the_mapping_step_with_cautious_guesses(
    sqlite_services: Services,
) -> None:
    original = check_upload(sqlite_services, _url(CSV), "theirs.csv")
    assert needs_mapping(original)
    step, data, ok = offer_mapping(sqlite_services, original, _url(CSV), None)
    # Case -> journey and Date -> start, Service -> agency; "Service type" is not guessed
    assert _dropdowns(step) == {0: "journey", 1: "agency", 2: IGNORE, 3: "start", 4: IGNORE}
    assert not ok and data["mapping"]["columns"]["Date"] == "start"
    shown = " ".join(text_of(part) for part in step)
    assert "nothing gives 'sector'" in shown  # what is still missing, said plainly
    # the odd header is shown as text, cut short, never as markup
    headers = [c for part in step for c in walk(part) if isinstance(c, html.Th)]
    odd = next(h for h in headers if str(h.children).startswith("<b>"))
    assert len(odd.children) == 40 and odd.children.endswith("…") and odd.title == ODD


def test_the_chosen_mapping_previews_checks_and_imports(sqlite_services: Services) -> None:
    original = check_upload(sqlite_services, _url(CSV), "theirs.csv")
    choices = {0: "journey", 1: "agency", 2: "sector", 3: "start", 4: "description"}
    document = mapping_from_choices(original.header, choices)
    check, mapping = check_mapped(sqlite_services, _url(CSV), "theirs.csv", document)
    assert check.ok and [j.key for j in check.journeys] == ["case-7"]
    assert sqlite_services.list_journeys() == []  # checking stores nothing
    stored = store_upload(
        sqlite_services,
        _url(CSV),
        "theirs.csv",
        False,
        mapping=upload_mapping({"mapping": document}),
    )
    assert [j.key for j in stored.journeys] == ["case-7"]
    events = sqlite_services.load_journey("case-7").events
    assert sorted(e.description for e in events) == ["first", "second"]
    # the same mapping, downloaded, is one the command line reads
    assert load_mapping(mapping_to_toml(mapping).encode(), "mapping.toml") == mapping


def test_a_column_chosen_twice_is_an_error_not_an_import(sqlite_services: Services) -> None:
    original = check_upload(sqlite_services, _url(CSV), "theirs.csv")
    choices = {0: "journey", 1: "agency", 2: "agency", 3: "start"}
    document = mapping_from_choices(original.header, choices)
    check, mapping = check_mapped(sqlite_services, _url(CSV), "theirs.csv", document)
    assert mapping is None and not check.ok
    assert "'agency' is mapped twice, from 'Service' and 'Service type'" in check.errors[0].message


def test_row_errors_on_the_page_name_the_files_column(sqlite_services: Services) -> None:
    bad = CSV.replace("2015-04-01", "2015-02-30")
    original = check_upload(sqlite_services, _url(bad), "theirs.csv")
    document = mapping_from_choices(
        original.header, {0: "journey", 1: "agency", 2: "sector", 3: "start"}
    )
    check, _mapping = check_mapped(sqlite_services, _url(bad), "theirs.csv", document)
    assert [(e.row, e.column) for e in check.errors] == [(3, "Date")]


def test_a_saved_mapping_is_offered_for_the_same_header_only(sqlite_services: Services) -> None:
    original = check_upload(sqlite_services, _url(CSV), "theirs.csv")
    choices = {0: "journey", 1: "agency", 2: "sector", 3: "start"}
    mapping = upload_mapping({"mapping": mapping_from_choices(original.header, choices)})
    memory = remember_mapping({}, original.header, mapping)
    assert first_mapping(original.header, memory) == (mapping, True)
    assert first_mapping([*original.header, "Extra"], memory)[1] is False
    step, _data, ok = offer_mapping(sqlite_services, original, _url(CSV), memory)
    assert ok and "Using the mapping saved in this browser" in " ".join(text_of(p) for p in step)


@pytest.mark.parametrize(
    "memory",
    [
        pytest.param("not a dict", id="not-a-dict"),
        pytest.param({"[]": {"columns": {"A": "nonsense"}}}, id="unusable-entry"),
    ],
)
def test_a_damaged_memory_is_ignored(memory: object) -> None:
    assert first_mapping(["Case", "Date"], memory)[1] is False


def test_the_memory_keeps_the_newest_layouts() -> None:
    memory: dict = {}
    mapping = upload_mapping({"mapping": {"columns": {"A": "journey"}}})
    for n in range(60):
        memory = remember_mapping(memory, [f"A{n}"], mapping)
    assert len(memory) == 50 and '["A59"]' in memory and '["A0"]' not in memory


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param({"mapping": {"columns": {"A": "agency", "B": "agency"}}}, id="chosen-twice"),
        pytest.param({"mapping": {"columns": "A"}}, id="not-a-table"),
    ],
)
def test_a_tampered_mapping_is_refused_before_anything_is_stored(upload: dict) -> None:
    with pytest.raises(UnusableInputError, match="The mapping cannot be used"):
        upload_mapping(upload)


def test_the_pages_file_data_must_carry_its_header() -> None:
    good = {"contents": "data:,", "name": "f.csv", "versions": {}, "header": ["A"]}
    assert mapping_upload_input(good) == good
    with pytest.raises(UnusableInputError):
        mapping_upload_input(good | {"header": [{"html": "<b>"}]})
