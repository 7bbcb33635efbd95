"""The Editor's changes as plain functions: cell edits, added and deleted rows, and undo.

A state is {"events": rows, "agencies": rows, "people": rows}; every row carries a hidden `_row`
key that the grid uses as its row id. The history is a list of earlier states, newest last.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from timeline.io.columns import cell_text
from timeline.pages.editor.view import number_rows

GRIDS = ("events", "agencies", "people")
HISTORY_LIMIT = 30
State = dict[str, list[dict]]
_PREFIX = {"events": "e", "agencies": "a", "people": "p"}
_NOUN = {
    "events": ("event", "events"),
    "agencies": ("agency", "agencies"),
    "people": ("person", "people"),
}


@dataclass
class Outcome:
    """A change's result: the new state and history, which grids changed, and what to say."""

    state: State
    history: list[State]
    changed: set[str] = field(default_factory=set)
    message: str = ""
    focus: str | None = None  # the `_row` of a row just added, for the page to scroll to


def push_history(history: list[State], state: State) -> list[State]:
    """The history with `state` as the newest entry, keeping the last HISTORY_LIMIT."""
    return [*history, state][-HISTORY_LIMIT:]


def _rename(rows: list[dict], column: str, old: str, new: str, *, listed: bool = False) -> bool:
    changed = False
    for row in rows:
        text = cell_text(row.get(column))
        if listed:
            names = [n.strip() for n in text.split(";")]
            if old in names:
                row[column] = ";".join(new if n == old else n for n in names if n)
                changed = True
        elif text == old:
            row[column] = new
            changed = True
    return changed


def _carry_renames(state: State, grid: str, changes: list[dict]) -> set[str]:
    """A renamed agency or person is renamed where events (and parents) refer to it."""
    column = {"agencies": "name", "people": "pseudonym"}.get(grid)
    if column is None:
        return set()
    changed: set[str] = set()
    for change in changes:
        if change.get("colId") != column:
            continue
        old = cell_text(change.get("oldValue"))
        new = cell_text((change.get("data") or {}).get(column))
        still_there = {cell_text(r.get(column)) for r in state[grid]}
        if not old or not new or old == new or old in still_there:
            continue
        if grid == "agencies":
            if _rename(state["events"], "agency", old, new):
                changed.add("events")
            if _rename(state["agencies"], "parent", old, new):
                changed.add("agencies")
        elif _rename(state["events"], "person", old, new, listed=True):
            changed.add("events")
    return changed


def edit_cells(state: State, history: list[State], grid: str, changes: list[dict]) -> Outcome:
    """Record the grid's cell edits; the state before them goes on the history for undo."""
    after = copy.deepcopy(state)
    rows = after[grid]
    where = {row.get("_row"): i for i, row in enumerate(rows)}
    for change in changes:
        index = where.get(change.get("rowId"))
        if index is not None and change.get("data"):
            rows[index] = dict(change["data"])
    before = copy.deepcopy(after)
    for change in reversed(changes):
        index = where.get(change.get("rowId"))
        if index is not None and change.get("colId"):
            before[grid][index][change["colId"]] = change.get("oldValue")
    changed = _carry_renames(after, grid, changes)
    message = "Unsaved changes."
    if "events" in changed and grid != "events":
        message = "Unsaved changes; the events that used the old name now use the new one."
    return Outcome(after, push_history(history, before), changed, message)


def _new_key(rows: list[dict], grid: str) -> str:
    taken = {row.get("_row") for row in rows}
    number = len(rows)
    while f"{_PREFIX[grid]}{number}" in taken:
        number += 1
    return f"{_PREFIX[grid]}{number}"


def _new_event_id(rows: list[dict]) -> str:
    taken = {cell_text(row.get("id")) for row in rows}
    number = len(rows) + 1
    while f"e{number:03d}" in taken:
        number += 1
    return f"e{number:03d}"


def new_row(state: State, grid: str) -> dict:
    """A blank row for `grid`, marked new (`_new`) until saved: the cells a person must fill
    are empty, never copied from another row, so an untouched one cannot be stored unseen."""
    rows = state[grid]
    key = _new_key(rows, grid)
    if grid == "agencies":
        return {
            "_row": key,
            "_new": True,
            "name": "",
            "sector": "",
            "provider_type": "unknown",
            "parent": "",
        }
    if grid == "people":
        return {
            "_row": key,
            "_new": True,
            "pseudonym": "",
            "age_band": "unknown",
            "gender": "unknown",
            "needs": "",
        }
    people = [cell_text(p.get("pseudonym")) for p in state["people"]]
    return {
        "_row": key,
        "_new": True,
        "_orig_id": None,
        "id": _new_event_id(rows),
        "person": people[0] if len(people) == 1 else "",
        "agency": "",
        "kind": "contact",
        "start": "",
        "end": "",
        "date_precision": "",
        "title": "",
        "description": "",
        "source": "agency_record",
        "sensitivity": "normal",
        "tags": "",
        "area": "",
    }


# what a new row needs before Save, in the words of the status line
_TO_FILL = {
    "events": "pick its agency and type its start date",
    "agencies": "type its name and pick its sector",
    "people": "type a pseudonym",
}


def add_row(state: State, history: list[State], grid: str) -> Outcome:
    """Add a blank row at the end of `grid`; `focus` names it for the page to scroll to."""
    after = copy.deepcopy(state)
    row = new_row(state, grid)
    after[grid] = number_rows([*after[grid], row])
    singular = _NOUN[grid][0]
    message = (
        f"Added a new {singular} as row {len(after[grid])} (highlighted, at the end of the "
        f"grid): {_TO_FILL[grid]}, then Save."
    )
    return Outcome(after, push_history(history, state), {grid}, message, focus=row["_row"])


def delete_rows(state: State, history: list[State], grid: str, selected: list[dict]) -> Outcome:
    """Delete the selected rows of `grid` (nothing happens when none are selected)."""
    keys = {row.get("_row") for row in selected or []}
    kept = [row for row in state[grid] if row.get("_row") not in keys]
    singular, plural = _NOUN[grid]
    if len(kept) == len(state[grid]):
        return Outcome(state, history, set(), f"Tick the {plural} to delete first.")
    after = copy.deepcopy(state)
    after[grid] = number_rows(kept)
    count = len(state[grid]) - len(kept)
    what = (
        f"1 {singular}; Undo brings it back"
        if count == 1
        else f"{count} {plural}; Undo brings them back"
    )
    message = f"Deleted {what}."
    return Outcome(after, push_history(history, state), {grid}, message)


def undo_change(state: State, history: list[State]) -> Outcome:
    """Go back to the state before the last change."""
    if not history:
        return Outcome(state, history, set(), "Nothing to undo.")
    previous = history[-1]
    changed = {grid for grid in GRIDS if previous.get(grid) != state.get(grid)}
    return Outcome(previous, history[:-1], changed, "Undone: the last change was taken back.")


def mark_saved(state: State, history: list[State]) -> tuple[State, list[State]]:
    """After a save, every row's `_orig_id` (the stored event id) is its id as just stored,
    and no row is new any more."""
    stored = {
        row.get("_row"): cell_text(row.get("id")) or f"r{number}"
        for number, row in enumerate(state["events"], start=1)
    }

    def _mark(one: State) -> State:
        marked = copy.deepcopy(one)
        for row in marked["events"]:
            row["_orig_id"] = stored.get(row.get("_row"))
        for grid in GRIDS:
            for row in marked[grid]:
                row.pop("_new", None)
        return marked

    return _mark(state), [_mark(h) for h in history]
