"""The Editor's plain functions: grids from a journey, import validation on the way back, undo."""

from __future__ import annotations

import dash_ag_grid as dag
import pytest

from schemas import Journey
from tests.components import walk as _walk
from tests.factories import make_journey
from timeline.demo import demo_journeys
from timeline.io import InvalidFileError, read_journeys, write_csv
from timeline.io.errors import RowError
from timeline.pages.editor.changes import (
    HISTORY_LIMIT,
    add_row,
    delete_rows,
    edit_cells,
    mark_saved,
    undo_change,
)
from timeline.pages.editor.checks import AGENCIES, EVENTS, PEOPLE
from timeline.pages.editor.view import (
    grid_state,
    journey_from_grids,
    save_edited_journey,
)
from timeline.pages.router import render_page
from timeline.service import Services


def _from(journey: Journey, state: dict) -> tuple[Journey | None, list[RowError]]:
    return journey_from_grids(journey, state["events"], state["agencies"], state["people"])


def _annotated() -> Journey:
    journey = make_journey()
    return Journey.model_validate(
        journey.model_dump()
        | {
            "annotations": [
                {
                    "id": "n1",
                    "kind": "missed_opportunity",
                    "text": "Nobody asked where she would sleep.",
                    "event_ids": ["e2"],
                }
            ]
        }
    )


@pytest.mark.parametrize(
    "journey",
    [pytest.param(j, id=j.key) for j in demo_journeys()]
    + [pytest.param(_annotated(), id="annotated-household")],
)
def test_grids_without_change_give_back_the_same_journey(journey: Journey) -> None:
    rebuilt, problems = _from(journey, grid_state(journey))
    assert problems == []
    assert rebuilt == journey


def test_an_edited_event_title_persists_after_save(sqlite_services: Services) -> None:
    journey = _annotated()
    sqlite_services.save_journeys([journey])
    state = grid_state(journey)
    state["events"][1]["title"] = "Police called to the hostel"
    outcome = save_edited_journey(sqlite_services, journey.key, **state)
    assert outcome.problems == []
    stored = sqlite_services.load_journey(journey.key)
    assert stored.events[1].title == "Police called to the hostel"
    assert stored.annotations == journey.annotations  # notes are kept on save
    assert (stored.title, stored.summary, stored.provenance) == (
        journey.title,
        journey.summary,
        journey.provenance,
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        pytest.param("start", "31/02/2015", id="impossible-date"),
        pytest.param("start", "03/04/15x", id="unreadable-date"),
        pytest.param("end", "2014-01-01", id="end-before-start"),
        pytest.param("kind", "arested", id="kind-typo"),
        pytest.param("date_precision", "day", id="precision-finer-than-date", marks=()),
        pytest.param("sensitivity", "secret", id="unknown-sensitivity"),
        pytest.param("id", "has space", id="bad-event-id"),
    ],
)
def test_a_bad_cell_gets_the_same_column_and_message_as_import(column: str, value: str) -> None:
    journey = make_journey()
    state = grid_state(journey)
    if column == "date_precision":
        state["events"][1]["start"] = "2015-01"
    state["events"][1][column] = value
    rebuilt, problems = _from(journey, state)

    # The same edit in the journey's CSV export, read back by Import.
    csv_rows = write_csv(journey).decode("utf-8-sig").splitlines()
    header = csv_rows[0].split(",")
    cells = csv_rows[2].split(",")  # spreadsheet row 3 = the second event
    if column == "date_precision":
        cells[header.index("start")] = "2015-01"
    cells[header.index(column)] = value
    csv_rows[2] = ",".join(cells)
    with pytest.raises(InvalidFileError) as imported:
        read_journeys("\n".join(csv_rows).encode(), "case.csv")

    assert rebuilt is None
    [problem] = problems
    [expected] = imported.value.errors
    assert (problem.file, problem.column, problem.message) == (
        EVENTS,
        expected.column,
        expected.message,
    )
    assert problem.row == 2 == expected.row - 1  # grid rows count from 1; a sheet's header is row 1


def test_renaming_an_agency_carries_the_new_name_to_its_events() -> None:
    journey = make_journey()
    state = grid_state(journey)
    row = state["agencies"][1]  # West Midlands Police, used by e3
    edited = dict(row, name="WM Police")
    state["agencies"][1] = edited
    change = {"rowId": row["_row"], "colId": "name", "oldValue": row["name"], "data": edited}
    outcome = edit_cells(state, [], "agencies", [change])
    assert outcome.changed == {"events"}
    assert outcome.state["events"][2]["agency"] == "WM Police"
    rebuilt, problems = _from(journey, outcome.state)
    assert problems == []
    assert rebuilt.agency("WM Police").sector == "Police"
    assert rebuilt.events[2].agency == "WM Police"


def test_an_agency_renamed_without_its_events_is_a_problem_that_says_what_to_fix() -> None:
    journey = make_journey(events=4)
    state = grid_state(journey)
    state["agencies"][2]["name"] = "Trussell foodbank"  # used by e2 and e4
    rebuilt, problems = _from(journey, state)
    assert rebuilt is None
    assert [(p.file, p.row, p.column) for p in problems] == [
        (EVENTS, 2, "agency"),
        (EVENTS, 4, "agency"),
    ]
    assert problems[0].message == (
        "unknown agency 'Foodbank'; add it to the Agencies grid, "
        "or pick one of the agencies listed there"
    )


def test_deleting_an_agency_still_used_stores_nothing(sqlite_services: Services) -> None:
    journey = make_journey()
    sqlite_services.save_journeys([journey])
    state = grid_state(journey)
    state["events"][0]["title"] = "This edit must not be stored"
    state = delete_rows(
        state, [], "agencies", [state["agencies"][0]]
    ).state  # Cyrenians, used by e1
    outcome = save_edited_journey(sqlite_services, journey.key, **state)
    assert outcome.journey is None
    assert [(p.file, p.row, p.column) for p in outcome.problems] == [(EVENTS, 1, "agency")]
    assert "unknown agency 'Cyrenians'" in outcome.problems[0].message
    assert sqlite_services.load_journey(journey.key) == journey


def test_annotations_follow_a_changed_event_id_and_block_deleting_their_event() -> None:
    journey = _annotated()
    state = grid_state(journey)
    state["events"][1]["id"] = "police-1"
    rebuilt, problems = _from(journey, state)
    assert problems == []
    assert rebuilt.annotations[0].event_ids == ("police-1",)

    state = delete_rows(grid_state(journey), [], "events", [grid_state(journey)["events"][1]]).state
    rebuilt, problems = _from(journey, state)
    assert rebuilt is None
    assert "event 'e2' has a note" in problems[0].message


def test_mark_saved_makes_stored_ids_the_new_originals() -> None:
    journey = _annotated()
    state = grid_state(journey)
    state["events"][1]["id"] = "police-1"
    marked, history = mark_saved(state, [grid_state(journey)])
    assert marked["events"][1]["_orig_id"] == "police-1"
    assert history[0]["events"][1]["_orig_id"] == "police-1"


@pytest.mark.parametrize(
    ("grid", "field", "value", "words"),
    [
        pytest.param(AGENCIES, "provider_type", "charity", "not a known provider type", id="type"),
        pytest.param(AGENCIES, "sector", " ", "is empty; say which sector", id="empty-sector"),
        pytest.param(AGENCIES, "name", "Cyrenians", "already on row 1", id="duplicate-agency"),
        pytest.param(AGENCIES, "parent", "Nowhere", "not an agency of this journey", id="parent"),
        pytest.param(PEOPLE, "age_band", "42", "not a known age band", id="age-band"),
        pytest.param(PEOPLE, "needs", "housing", "not a known need domain", id="need"),
        pytest.param(PEOPLE, "pseudonym", "A", "already on row 1", id="duplicate-person"),
    ],
)
def test_agency_and_people_problems_name_their_row_and_field(
    grid: str, field: str, value: str, words: str
) -> None:
    journey = make_journey()
    state = grid_state(journey)
    rows = state["agencies" if grid == AGENCIES else "people"]
    rows[-1 if field in {"name", "pseudonym"} else 0][field] = value
    rebuilt, problems = _from(journey, state)
    assert rebuilt is None
    mine = [p for p in problems if p.file == grid]
    assert mine and mine[0].column == field and words in mine[0].message


def test_events_must_name_known_people() -> None:
    journey = make_journey()
    state = grid_state(journey)
    state["events"][0]["person"] = "A;Z"
    state["events"][1]["person"] = ""
    _rebuilt, problems = _from(journey, state)
    assert [(p.row, p.column) for p in problems] == [(1, "person"), (2, "person")]
    assert "unknown person 'Z'; the journey's people are A, B" in problems[0].message
    assert "say which (use A;B for both)" in problems[1].message


def test_undo_restores_the_state_before_each_change() -> None:
    journey = make_journey()
    start = grid_state(journey)
    row = start["events"][0]
    edited = dict(row, title="Changed")
    typed = dict(start, events=[edited, *start["events"][1:]])
    change = {"rowId": row["_row"], "colId": "title", "oldValue": "Hostel room", "data": edited}
    first = edit_cells(typed, [], "events", [change])
    second = add_row(first.state, first.history, "events")
    third = delete_rows(second.state, second.history, "agencies", [start["agencies"][2]])
    assert len(second.state["events"]) == len(start["events"]) + 1
    assert second.state["events"][-1]["id"] == "e004"

    back = undo_change(third.state, third.history)
    assert back.state == second.state and back.changed == {"agencies"}
    back = undo_change(back.state, back.history)
    assert back.state == first.state
    back = undo_change(back.state, back.history)
    assert back.state == start and back.history == []
    assert undo_change(back.state, back.history).message == "Nothing to undo."


def test_history_keeps_only_the_last_changes() -> None:
    state, history = grid_state(make_journey()), []
    for _ in range(HISTORY_LIMIT + 5):
        outcome = add_row(state, history, "people")
        state, history = outcome.state, outcome.history
    assert len(history) == HISTORY_LIMIT


def test_deleting_with_nothing_ticked_changes_nothing() -> None:
    state = grid_state(make_journey())
    outcome = delete_rows(state, [], "events", [])
    assert outcome.history == [] and outcome.changed == set()
    assert outcome.message == "Tick the events to delete first."


def test_edit_page_has_three_labelled_grids_and_unknown_keys_say_not_found(
    sqlite_services: Services,
) -> None:
    sqlite_services.load_demo()
    page = render_page("/edit/lucy", sqlite_services)
    grids = [c for c in _walk(page) if isinstance(c, dag.AgGrid)]
    assert [g.id for g in grids] == [
        "editor-events-grid",
        "editor-agencies-grid",
        "editor-people-grid",
    ]
    assert len(grids[0].rowData) == 52
    agency_column = next(c for c in grids[0].columnDefs if c["field"] == "agency")
    assert "GP practice" in agency_column["cellEditorParams"]["values"]
    headings = [
        c.children for c in _walk(page) if getattr(c, "id", "") and str(c.id).endswith("-heading")
    ]
    assert headings == ["Events", "Agencies", "People"]
    missing = render_page("/edit/nobody", sqlite_services)
    assert any(getattr(c, "children", None) == "Not found" for c in _walk(missing))


def test_an_added_event_is_empty_marked_new_and_named_for_the_page_to_scroll_to() -> None:
    state = grid_state(make_journey())
    outcome = add_row(state, [], "events")
    row = outcome.state["events"][-1]
    assert row["_new"] is True and outcome.focus == row["_row"]
    assert (row["agency"], row["start"], row["title"]) == ("", "", "")  # nothing copied
    assert "row 4 (highlighted" in outcome.message and "start date" in outcome.message


@pytest.mark.parametrize(
    ("grid", "fill", "expected"),
    [
        pytest.param(
            "events",
            {},
            [
                (
                    EVENTS,
                    4,
                    "agency",
                    "is a new event not filled in yet: pick the agency the contact was with and "
                    "type the date it happened (2015-03-02, Mar 2015 or 2015), or tick it and "
                    "press Delete selected events",
                )
            ],
            id="untouched-event",
        ),
        pytest.param(
            "events",
            {"agency": "Cyrenians", "person": "A"},
            [
                (
                    EVENTS,
                    4,
                    "start",
                    "is empty; type the date it happened (2015-03-02, Mar 2015 or 2015)",
                )
            ],
            id="event-without-its-date",
        ),
        pytest.param(
            "events",
            {"start": "2015-05-01", "title": "Seen at the hostel", "person": "A;B"},
            [(EVENTS, 4, "agency", "is empty; pick the agency the contact was with")],
            id="event-without-its-agency",
        ),
        pytest.param(
            "agencies",
            {},
            [
                (
                    AGENCIES,
                    4,
                    "name",
                    "is a new agency not filled in yet: type the agency's name and pick its "
                    "sector, or tick it and press Delete selected agencies",
                )
            ],
            id="untouched-agency",
        ),
    ],
)
def test_an_unfilled_added_row_is_refused_on_save_saying_which_row_and_what_to_fill(
    sqlite_services: Services, grid: str, fill: dict, expected: list
) -> None:
    journey = make_journey()
    sqlite_services.save_journeys([journey])
    state = add_row(grid_state(journey), [], grid).state
    state[grid][-1].update(fill)
    outcome = save_edited_journey(sqlite_services, journey.key, **state)
    assert [(p.file, p.row, p.column, p.message) for p in outcome.problems] == expected
    assert sqlite_services.load_journey(journey.key) == journey  # nothing stored


def test_a_filled_added_event_is_stored_and_no_longer_new(sqlite_services: Services) -> None:
    journey = make_journey()
    sqlite_services.save_journeys([journey])
    state = add_row(grid_state(journey), [], "events").state
    state["events"][-1].update(
        agency="Cyrenians", start="2015-05-01", title="Seen again", person="A"
    )
    outcome = save_edited_journey(sqlite_services, journey.key, **state)
    assert outcome.problems == []
    assert sqlite_services.load_journey(journey.key).events[-1].title == "Seen again"
    marked, _history = mark_saved(state, [])
    assert not any("_new" in row for row in marked["events"])
