"""`touchpoints cohort-export`: a stored synthetic cohort as CSV or Parquet tables (issue 13)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tests.test_cli import run
from tests.test_eventlog import XES, check_ocel, check_xes
from timeline.cohorts import export as cohort_export
from timeline.cohorts.export import CohortExportError, export_cohort, export_cohort_log

HEADERS = {
    "people": [
        "person", "pseudonym", "age_band", "gender", "needs", "area", "entered", "left",
        "left_because", "coordinated_from",
    ],
    "events": ["person", "agency", "sector", "provider_type", "kind", "start", "end"],
    "agencies": ["agency", "name", "sector", "provider_type"],
    "cycles": ["person", "rule", "start", "end", "iterations"],
}  # fmt: skip
NAMES = ["agencies.csv", "cycles.csv", "events.csv", "people.csv"]


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> tuple[str, object]:
    """A small stored cohort (synthetic) and its tables as the store gives them back."""
    from timeline.service import open_services
    from timeline.settings import Settings

    folder = tmp_path_factory.mktemp("export")
    db = f"sqlite:///{folder / 't.db'}"
    made = run(
        "synth", "--people", "60", "--seed", "5", "--name", "city",
        "--coordinated-from", "2022-06-01", "--coordinated-share", "0.3", db=db,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    services = open_services(Settings(database_url=db, load_demo=False))
    return db, services.load_cohort("city")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_tables_have_the_contract_columns_and_every_row(stored, tmp_path) -> None:
    db, cohort = stored
    out = tmp_path / "out"
    done = run("cohort-export", "city", "--format", "csv", "-o", str(out), db=db)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == NAMES  # nothing else, no partial files
    for table, header in HEADERS.items():
        with (out / f"{table}.csv").open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == header
        assert len(_rows(out / f"{table}.csv")) == len(getattr(cohort, table)), table
        assert f"{table}.csv" in done.stdout
    people = _rows(out / "people.csv")
    with_two = [p["needs"] for p in people if ";" in p["needs"]]
    assert with_two and all("+" not in p["needs"] for p in people)  # needs ;-separated
    for p in people:
        dt.date.fromisoformat(p["entered"])  # ISO dates
        assert p["left"] == "" or dt.date.fromisoformat(p["left"]) >= dt.date.fromisoformat(
            p["entered"]
        )
        assert (p["left"] == "") == (p["left_because"] == "")
    coordinated = [p["coordinated_from"] for p in people if p["coordinated_from"]]
    assert coordinated and set(coordinated) == {"2022-06-01"}
    agencies = {a["agency"]: a for a in _rows(out / "agencies.csv")}
    events = _rows(out / "events.csv")
    assert all(e["sector"] == agencies[e["agency"]]["sector"] for e in events)
    assert all(e["provider_type"] == agencies[e["agency"]]["provider_type"] for e in events)
    assert all(e["end"] == "" or e["end"] >= e["start"] for e in events)


def test_parquet_tables_read_back_with_dates_and_whole_numbers(stored, tmp_path) -> None:
    db, cohort = stored
    out = tmp_path / "pq"
    done = run("cohort-export", "city", "--format", "parquet", "-o", str(out), db=db)
    assert done.returncode == 0, done.stderr
    for table, header in HEADERS.items():
        schema = pq.read_schema(out / f"{table}.parquet")
        assert schema.names == header
        assert len(pd.read_parquet(out / f"{table}.parquet")) == len(getattr(cohort, table))
    events = pq.read_table(out / "events.parquet")
    assert str(events.schema.field("start").type) == "date32[day]"
    assert str(events.schema.field("person").type).startswith("int")
    first = events.slice(0, 1).to_pylist()[0]
    expected = cohort.events.iloc[0]
    assert first["start"] == expected["start"].date() and first["kind"] == str(expected["kind"])


def test_an_export_never_overwrites_without_replace(stored, tmp_path) -> None:
    db, _ = stored
    out = tmp_path / "again"
    out.mkdir()
    (out / "people.csv").write_text("mine\n", encoding="utf-8")
    refused = run("cohort-export", "city", "--format", "csv", "-o", str(out), db=db)
    assert refused.returncode == 2 and "people.csv" in refused.stderr
    assert "--replace" in refused.stderr
    assert sorted(p.name for p in out.iterdir()) == ["people.csv"]
    assert (out / "people.csv").read_text(encoding="utf-8") == "mine\n"
    replaced = run("cohort-export", "city", "--format", "csv", "-o", str(out), "--replace", db=db)
    assert replaced.returncode == 0, replaced.stderr
    assert (out / "people.csv").read_text(encoding="utf-8").startswith("person,pseudonym")


@pytest.mark.parametrize(
    ("args", "said", "code"),
    [
        pytest.param(["city", "--format", "xls"], "xls", 2, id="unknown-format"),
        pytest.param(["nope", "--format", "csv"], "no cohort called 'nope'", 1, id="no-cohort"),
        pytest.param(["city", "--format", "csv", "--to-file"], "No such option", 2, id="bad-flag"),
    ],
)
def test_bad_requests_say_what_to_fix(stored, tmp_path, args, said, code) -> None:
    db, _ = stored
    answer = run("cohort-export", *args, "-o", str(tmp_path / "x"), db=db)
    assert answer.returncode == code and said in answer.stderr
    assert not (tmp_path / "x").exists()


def test_a_file_in_the_way_is_refused(stored, tmp_path) -> None:
    db, _ = stored
    (tmp_path / "x").write_text("", encoding="utf-8")
    answer = run("cohort-export", "city", "--format", "csv", "-o", str(tmp_path / "x"), db=db)
    assert answer.returncode == 2 and "is a file" in answer.stderr


def test_a_failure_half_way_leaves_the_folder_as_it_was(stored, tmp_path, monkeypatch) -> None:
    _, cohort = stored
    out = tmp_path / "half"
    out.mkdir()
    (out / "people.parquet").write_bytes(b"earlier export")
    written: list[str] = []

    def failing(table, path) -> None:
        if len(written) == 2:
            raise OSError("disk full")
        written.append(path.name)
        path.write_bytes(b"x")

    monkeypatch.setitem(cohort_export.COHORT_EXPORTERS, "parquet", (".parquet", failing))
    with pytest.raises(OSError, match="disk full"):
        export_cohort(cohort, "parquet", out, replace=True)
    assert sorted(p.name for p in out.iterdir()) == ["people.parquet"]
    assert (out / "people.parquet").read_bytes() == b"earlier export"
    with pytest.raises(CohortExportError, match="use one of: csv, parquet, ocel, xes"):
        export_cohort(cohort, "xls", out)
    with pytest.raises(CohortExportError, match="event log in one file"):
        export_cohort(cohort, "ocel", out)


def test_the_summary_json_and_the_export_agree_on_people(stored, tmp_path) -> None:
    db, cohort = stored
    out = tmp_path / "agree"
    assert run("cohort-export", "city", "--format", "csv", "-o", str(out), db=db).returncode == 0
    summary = json.loads(run("cohort-summary", "city", "--json", db=db).stdout)
    assert summary["people"] == len(_rows(out / "people.csv")) == len(cohort.people)


# Event logs (issue 16, item 4): one file each, for process-mining tools


@pytest.mark.parametrize("fmt", [pytest.param("ocel", id="ocel"), pytest.param("xes", id="xes")])
def test_an_event_log_holds_every_person_agency_and_event(stored, tmp_path, fmt) -> None:
    db, cohort = stored
    out = tmp_path / "logs" / f"city.{fmt}"
    done = run("cohort-export", "city", "--format", fmt, "-o", str(out), db=db)
    assert done.returncode == 0, done.stderr
    assert f"{len(cohort.people):,} people, {len(cohort.events):,} events" in done.stdout
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no partial file left
    periods = int(cohort.events["end"].notna().sum())
    if fmt == "ocel":
        document = check_ocel(out.read_bytes())
        types = [o["type"] for o in document["objects"]]
        assert types.count("person") == len(cohort.people) and "household" not in types
        assert types.count("agency") == len(cohort.agencies)
        assert len(document["events"]) == len(cohort.events)
        assert all(len(e["relationships"]) == 2 for e in document["events"])  # person, agency
        assert sum(
            any(a["name"] == "end" for a in e["attributes"]) for e in document["events"]
        ) == (periods)
    else:
        log = check_xes(out.read_bytes())
        traces = log.findall(f"{XES}trace")
        assert len(traces) == len(cohort.people)
        assert sum(len(t.findall(f"{XES}event")) for t in traces) == len(cohort.events) + periods
        first = {a.get("key"): a.get("value") for a in traces[0] if a.tag != f"{XES}event"}
        person = cohort.people.iloc[0]
        assert first["concept:name"] == str(person["person"])
        assert first["pseudonym"] == person["pseudonym"]


@pytest.mark.parametrize("fmt", [pytest.param("ocel", id="ocel"), pytest.param("xes", id="xes")])
def test_an_event_log_is_one_file_never_overwritten_without_replace(stored, tmp_path, fmt) -> None:
    db, _ = stored
    folder = run("cohort-export", "city", "--format", fmt, "-o", str(tmp_path), db=db)
    assert folder.returncode == 2 and "is a folder" in folder.stderr
    assert "give a file name" in folder.stderr and list(tmp_path.iterdir()) == []
    mine = tmp_path / "mine.log"
    mine.write_text("keep me", encoding="utf-8")
    refused = run("cohort-export", "city", "--format", fmt, "-o", str(mine), db=db)
    assert refused.returncode == 2 and "--replace" in refused.stderr
    assert mine.read_text(encoding="utf-8") == "keep me"
    again = run("cohort-export", "city", "--format", fmt, "-o", str(mine), "--replace", db=db)
    assert again.returncode == 0, again.stderr
    assert mine.read_bytes().startswith(b'{"eventTypes"' if fmt == "ocel" else b"<?xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.log"]


def test_an_event_log_that_fails_half_way_leaves_the_earlier_file(stored, tmp_path, monkeypatch):
    _, cohort = stored
    out = tmp_path / "city.xes"
    out.write_bytes(b"earlier export")

    def failing(log, handle) -> None:
        handle.write(b"<?xml half")
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(cohort_export.LOG_EXPORTERS, "xes", failing)
    with pytest.raises(CohortExportError, match="could not write .*No space left"):
        export_cohort_log(cohort, "xes", out, replace=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["city.xes"]
    assert out.read_bytes() == b"earlier export"


def test_cohort_export_help_lists_the_event_log_formats() -> None:
    helped = run("cohort-export", "--help").stdout
    assert "ocel" in helped and "xes" in helped and "OCEL 2.0" in helped
