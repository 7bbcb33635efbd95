"""Large imports through the bulk path (issue 15, item 4): what is read is stored exactly, history
records it, a bad row anywhere stores nothing, and writers side by side never share a key.
SQLite and PostgreSQL (the `services` fixture)."""

from __future__ import annotations

import csv
import gc
import io
import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import timeline.store.journey_rows as journey_rows
from schemas import Journey
from tests.factories import make_journey
from timeline.io import InvalidFileError, read_journeys
from timeline.io.cells import ColumnCells
from timeline.io.sheets import Table
from timeline.service import Services
from timeline.store import VersionAction

HEADER = [
    "journey",
    "journey_title",
    "person",
    "agency",
    "sector",
    "provider_type",
    "kind",
    "start",
    "end",
    "date_precision",
    "title",
    "description",
    "source",
    "sensitivity",
    "tags",
    "id",
]
KINDS = ["contact", "referral", "arrest", "ae_attendance", "call_out", "assessment"]
PERIODS = ["placement", "custody", "tenancy", "support"]


def _rows(events: int, keys: tuple[str, ...], seed: int = 4) -> list[list[str]]:
    """`events` valid rows spread over journeys `keys`: day, month and year dates, periods,
    both people or one, quoted text with commas, line breaks, accents and a formula quote."""
    rng = random.Random(seed)
    rows = []
    for n in range(events):
        key = keys[n % len(keys)]
        day = f"{rng.randrange(2010, 2020)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        form = rng.random()
        start, precision = (day, "")
        if form < 0.1:
            start = day[:7]  # a month
        elif form < 0.15:
            start = day[:4]  # a year
        elif form < 0.2:
            precision = "approximate"
        period = rng.random() < 0.25
        agency = rng.randrange(30)
        rows.append(
            [
                key,
                f"Journey {key} (synthetic)" if n < len(keys) else "",
                rng.choice(["Ann", "Bo", "Ann;Bo"]) if key != keys[-1] else "",
                f"Agency {agency:02d}",
                ["Housing", "Health", "Police", "Money"][agency % 4],
                ["public", "voluntary", ""][agency % 3],
                rng.choice(PERIODS if period else KINDS),
                start,
                f"{int(day[:4]) + 1}{day[4:]}" if period else "",
                precision,
                rng.choice(["Seen", "Café visit, short", "'=not a formula", "Contact"]) + f" {n}",
                rng.choice(["", "Line one\nline two", 'Said: "help", twice']),
                rng.choice(["agency_record", "self_report"]),
                rng.choice(["normal"] * 9 + ["sensitive"]),
                rng.choice(["", "crisis", "night;crisis"]),
                f"ev-{n}",
            ]
        )
    return rows


def _csv(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def test_five_thousand_events_are_stored_exactly_as_read(services: Services) -> None:
    rows = _rows(5_000, ("bulk-a", "bulk-b", "bulk-c"))
    read = read_journeys(_csv(rows), "bulk.csv").journeys
    assert sum(len(j.events) for j in read) == 5_000
    services.save_journeys(read)
    for journey in read:
        stored = services.load_journey(journey.key)
        assert stored == journey  # every field of every event, person, agency, in order
        assert [e.model_dump() for e in stored.events] == [e.model_dump() for e in journey.events]
    # and what was read is what the file says
    by_id = {e.id: (j.key, e) for j in read for e in j.events}
    for row in rows:
        key, event = by_id[row[-1]]
        assert (key, event.agency, event.kind.value, event.description) == (
            row[0],
            row[3],
            row[6],
            row[11],
        )
        assert event.title == row[10].removeprefix("'")
        assert event.tags == tuple(t for t in row[14].split(";") if t)


def test_history_records_the_import_and_a_replace(services: Services) -> None:
    first = read_journeys(_csv(_rows(2_000, ("bulk-a",))), "bulk.csv").journeys[0]
    services.save_journeys([first], actor="ana")
    second = read_journeys(_csv(_rows(3_000, ("bulk-a",), seed=9)), "bulk.csv").journeys[0]
    services.save_journeys([second], replace=True, actor="sam")
    versions = services.list_versions("bulk-a")
    assert [(v.version, v.action, v.actor, v.events) for v in versions] == [
        (1, VersionAction.IMPORT, "ana", 2_000),
        (2, VersionAction.REPLACE, "sam", 3_000),
    ]
    assert services.load_version("bulk-a", 1) == first
    assert services.load_journey("bulk-a") == second
    assert services.current_versions(["bulk-a"]) == {"bulk-a": 2}


@pytest.mark.parametrize("bad_row", [2, 2_501, 5_001], ids=["first", "middle", "last"])
def test_a_bad_row_anywhere_stores_nothing(services: Services, bad_row: int) -> None:
    services.save_journeys([make_journey("kept")])
    before = services.list_journeys()
    rows = _rows(5_000, ("bulk-a", "bulk-b"))
    rows[bad_row - 2][7] = "2015-02-30"  # row numbers count the header as row 1
    with pytest.raises(InvalidFileError) as refused:
        read_journeys(_csv(rows), "bulk.csv")
    assert [(e.row, e.column) for e in refused.value.errors] == [(bad_row, "start")]
    assert "February 2015 has 28 days" in refused.value.errors[0].message
    assert services.list_journeys() == before
    assert services.load_journey("kept") == make_journey("kept")


def test_a_store_failing_half_way_through_a_replace_leaves_the_journey_as_it_was(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = read_journeys(_csv(_rows(3_000, ("bulk-a",))), "bulk.csv").journeys[0]
    services.save_journeys([first])
    second = read_journeys(_csv(_rows(3_000, ("bulk-a",), seed=9)), "bulk.csv").journeys[0]
    real = journey_rows._insert_all

    def failing(session, table: str, rows: list[dict]) -> None:  # noqa: ANN001
        real(session, table, rows)
        if table == "event_people":  # people, agencies and events are in: then it fails
            raise RuntimeError("disk full")

    monkeypatch.setattr(journey_rows, "_insert_all", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        services.save_journeys([second], replace=True)
    monkeypatch.undo()
    assert services.load_journey("bulk-a") == first
    assert [v.version for v in services.list_versions("bulk-a")] == [1]
    services.save_journeys([second], replace=True)  # the keys it reserved are not in the way
    assert services.load_journey("bulk-a") == second


def test_writers_of_different_journeys_at_once_never_share_a_key(services: Services) -> None:
    journeys = [
        read_journeys(_csv(_rows(1_500, (f"side-{i}",), seed=i)), "side.csv").journeys[0]
        for i in range(4)
    ]
    start = threading.Barrier(len(journeys))

    def save(journey: Journey) -> None:
        start.wait()
        services.save_journeys([journey])

    with ThreadPoolExecutor(len(journeys)) as pool:
        list(pool.map(save, journeys))
    for journey in journeys:
        assert services.load_journey(journey.key) == journey


@pytest.mark.parametrize("collector_on", [True, False], ids=["on", "off"])
def test_the_garbage_collector_is_left_as_it_was(services: Services, collector_on: bool) -> None:
    try:
        if not collector_on:
            gc.disable()
        journeys = read_journeys(_csv(_rows(200, ("bulk-a",))), "bulk.csv").journeys
        assert gc.isenabled() is collector_on
        services.save_journeys(journeys)
        assert gc.isenabled() is collector_on
        with pytest.raises(InvalidFileError):
            read_journeys(b"journey,agency,sector,start\nx,A,Housing,not a date\n", "bad.csv")
        assert gc.isenabled() is collector_on
    finally:
        gc.enable()


def test_cells_read_once_per_value_keep_true_apart_from_one() -> None:
    table = Table(["title"], [(2, [1]), (3, [True]), (4, [1.0]), (5, ["x"]), (6, [None])])
    assert ColumnCells(table, {"title": 0}).texts["title"] == ["1", "True", "1", "x", ""]
