"""Event logs for process-mining tools (issue 16, item 4): `touchpoints export KEY --format
ocel|xes`. Files are read back as a tool would: OCEL 2.0 JSON checked against the schema in
tests/fixtures/ocel2-schema.json and for ids that point somewhere; XES parsed with ElementTree
and checked for one trace per person, every event, time order and timestamps with a zone."""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from schemas import Agency, Event, Journey, ReviewProposal, Sensitivity
from tests.audience_case import KEY, coventry_with_womens_aid
from tests.conftest import FIXTURES
from tests.factories import make_journey
from tests.test_cli import cli
from timeline import coreview
from timeline.access import Role, Viewer
from timeline.demo import demo_journeys
from timeline.eventlog import journey_event_log, write_ocel, write_xes
from timeline.exporters import EXPORTERS, MEDIA_TYPES, ExportRequest
from timeline.service import Services

XES = "{http://www.xes-standard.org/}"
SCHEMA = json.loads((FIXTURES / "ocel2-schema.json").read_text(encoding="utf-8"))
DEMOS = {j.key: j for j in demo_journeys()}
AWKWARD = 'Says "no" & <leaves> },{"id":"x"} \u00e9\u2019 ]]>'  # quotes, markup, JSON, unicode


def check_ocel(data: bytes) -> dict:
    """The OCEL document, after the schema and the references it makes are checked."""
    document = json.loads(data)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    objects = {o["id"]: o["type"] for o in document["objects"]}
    assert len(objects) == len(document["objects"]), "object ids are unique"
    object_types = {
        t["name"]: {a["name"] for a in t["attributes"]} for t in document["objectTypes"]
    }
    event_types = {t["name"]: {a["name"] for a in t["attributes"]} for t in document["eventTypes"]}
    assert len({e["id"] for e in document["events"]}) == len(document["events"])
    for obj in document["objects"]:
        assert {a["name"] for a in obj["attributes"]} <= object_types[obj["type"]]
        assert all(r["objectId"] in objects for r in obj["relationships"])
    for event in document["events"]:
        assert {a["name"] for a in event["attributes"]} <= event_types[event["type"]]
        assert all(r["objectId"] in objects for r in event["relationships"])
        dt.datetime.fromisoformat(event["time"])
    return document


def check_xes(data: bytes) -> ET.Element:
    """The XES log, after its structure is checked: extensions, globals, traces in time order."""
    log = ET.fromstring(data)
    assert log.tag == f"{XES}log" and log.get("xes.version") == "1849-2016"
    prefixes = {e.get("prefix") for e in log.findall(f"{XES}extension")}
    assert prefixes == {"concept", "time", "lifecycle", "org"}
    scopes = [g.get("scope") for g in log.findall(f"{XES}global")]
    assert scopes == ["trace", "event"]
    event_keys = {a.get("key") for a in log.find(f"{XES}global[@scope='event']")}
    for trace in log.findall(f"{XES}trace"):
        times = []
        for event in trace.findall(f"{XES}event"):
            values = {a.get("key"): a.get("value") for a in event}
            assert set(values) == event_keys  # every event has every global attribute
            stamp = dt.datetime.fromisoformat(values["time:timestamp"])
            assert stamp.utcoffset() == dt.timedelta(0)
            times.append(stamp)
        assert times == sorted(times)
    return log


def _attributes(element: ET.Element) -> dict[str, str]:
    return {a.get("key"): a.get("value") for a in element if a.tag != f"{XES}event"}


def _export(journey: Journey, fmt: str) -> bytes:
    return EXPORTERS[fmt](ExportRequest(journey))


@pytest.mark.parametrize("key", [pytest.param(k, id=k) for k in DEMOS])
def test_ocel_has_people_household_agencies_and_every_event(key: str) -> None:
    journey = DEMOS[key]
    document = check_ocel(_export(journey, "ocel"))
    types = [o["type"] for o in document["objects"]]
    assert types.count("person") == len(journey.people)
    assert types.count("household") == 1
    assert types.count("agency") == len(journey.agencies)
    assert len(document["events"]) == len(journey.events)
    by_id = {e["id"]: e for e in document["events"]}
    for event in journey.events:
        written = by_id[event.id]
        assert written["type"] == event.kind.label
        assert written["time"] == f"{event.start.isoformat()}T00:00:00Z"
        links = {(r["qualifier"], r["objectId"]) for r in written["relationships"]}
        assert links == {("person", f"person:{p}") for p in event.people} | {
            ("household", f"household:{key}"),
            ("agency", f"agency:{event.agency}"),
        }
        attributes = {a["name"]: a["value"] for a in written["attributes"]}
        assert attributes["sensitivity"] == event.sensitivity.value
        assert attributes["date_precision"] == event.date_precision.value
        assert attributes.get("end") == (event.end and f"{event.end.isoformat()}T00:00:00Z")
    members = [r for o in document["objects"] if o["type"] == "person" for r in o["relationships"]]
    assert members == [{"objectId": f"household:{key}", "qualifier": "member of"}] * len(
        journey.people
    )


@pytest.mark.parametrize("key", [pytest.param(k, id=k) for k in DEMOS])
def test_xes_has_one_trace_per_person_and_periods_start_and_complete(key: str) -> None:
    journey = DEMOS[key]
    log = check_xes(_export(journey, "xes"))
    traces = log.findall(f"{XES}trace")
    assert [_attributes(t)["concept:name"] for t in traces] == [p.pseudonym for p in journey.people]
    for trace in traces:
        person = _attributes(trace)["concept:name"]
        mine = [e for e in journey.events if person in e.people]
        written = [_attributes(e) for e in trace.findall(f"{XES}event")]
        assert len(written) == len(mine) + sum(e.end is not None for e in mine)
        for event in mine:
            pair = [w for w in written if w["concept:instance"] == event.id]
            expected = ["complete"] if event.end is None else ["start", "complete"]
            assert [w["lifecycle:transition"] for w in pair] == expected
            assert pair[0]["time:timestamp"] == f"{event.start.isoformat()}T00:00:00.000+00:00"
            assert pair[-1]["time:timestamp"].startswith((event.end or event.start).isoformat())
            assert {w["concept:name"] for w in pair} == {event.kind.label}
            assert {w["org:resource"] for w in pair} == {event.agency}


def _awkward_journey() -> Journey:
    journey = make_journey()
    first = journey.events[0]
    odd = Event(
        id="odd-1",
        people=first.people,
        agency=first.agency,
        kind="court",
        start=dt.date(2015, 3, 1),
        date_precision="month",
        title=AWKWARD,
    )
    return Journey.model_validate(
        journey.model_copy(update={"events": (*journey.events, odd)}).model_dump()
    )


@pytest.mark.parametrize("fmt", [pytest.param("ocel", id="ocel"), pytest.param("xes", id="xes")])
def test_user_text_comes_back_exactly_and_a_month_date_says_so(fmt: str) -> None:
    data = _export(_awkward_journey(), fmt)
    if fmt == "ocel":
        event = next(e for e in check_ocel(data)["events"] if e["id"] == "odd-1")
        attributes = {a["name"]: a["value"] for a in event["attributes"]}
        stamp = event["time"]
    else:
        events = check_xes(data).iter(f"{XES}event")
        attributes = next(a for a in map(_attributes, events) if a["concept:instance"] == "odd-1")
        stamp = attributes["time:timestamp"]
    assert attributes["title"] == AWKWARD
    assert attributes["date_precision"] == "month" and stamp.startswith("2015-03-01T00:00:00")


@pytest.fixture
def stored_case(sqlite_services: Services, sqlite_url: str) -> tuple[Services, str]:
    """The audience case (a sensitive Women's Aid contact, a restricted Rape Crisis stay) with
    board-paper consent."""
    sqlite_services.save_journeys([coventry_with_womens_aid()])
    sqlite_services.record_consent(KEY, given_by="the person", audiences=["board_paper"])
    return sqlite_services, sqlite_url


@pytest.mark.parametrize("fmt", [pytest.param("ocel", id="ocel"), pytest.param("xes", id="xes")])
def test_restricted_and_hidden_events_never_leave_sensitive_ones_do(stored_case, fmt) -> None:
    services, db = stored_case
    plain = cli("export", KEY, "--format", fmt, db=db)
    assert plain.returncode == 0, plain.stderr
    assert "Women's Aid" in plain.stdout  # sensitive events are in board papers, marked so
    assert "sensitive" in plain.stdout
    for word in ("Kestrel", "Rape Crisis", "Sexual violence", "Safe room", "rc-1"):
        assert word not in plain.stdout, word
    reviewer = Viewer("rev", Role.REVIEWER, shared=frozenset({KEY}))
    asking = services.for_viewers(lambda: reviewer)
    coreview.propose(asking, KEY, ReviewProposal(kind="hide", agency="Women's Aid"))
    hidden = cli("export", KEY, "--format", fmt, db=db)
    assert (
        hidden.returncode == 0
        and "Women's Aid" not in hidden.stdout
        and "wa-1" not in hidden.stdout
    )
    refused = cli("export", KEY, "--format", fmt, "--include-restricted", db=db)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "never carries restricted or hidden events" in refused.stderr


def test_the_restricted_stay_is_left_out_even_when_handed_the_whole_journey() -> None:
    log = journey_event_log(coventry_with_womens_aid())
    assert "rc-1" not in set(log.events["id"]) and "person:Kestrel" not in set(log.people["id"])
    assert "agency:Rape Crisis" not in set(log.agencies["id"])


def test_export_writes_a_file_and_help_lists_the_formats(tmp_path: Path, sqlite_url: str) -> None:
    assert cli("demo", db=sqlite_url).returncode == 0
    out = tmp_path / "lucy.jsonocel"
    done = cli("export", "lucy", "--format", "ocel", "-o", str(out), db=sqlite_url)
    assert done.returncode == 0, done.stderr
    assert len(check_ocel(out.read_bytes())["events"]) == len(DEMOS["lucy"].events)
    helped = cli("export", "--help").stdout
    assert "ocel" in helped and "xes" in helped
    assert MEDIA_TYPES["ocel"] == "application/json" and MEDIA_TYPES["xes"] == "application/xml"


def test_an_agency_that_is_part_of_another_says_so() -> None:
    journey = make_journey()
    first = journey.agencies[0]
    part = Agency(name="Night shelter", sector=first.sector, parent=first.name)
    stay = journey.events[0].model_copy(update={"id": "shelter-1", "agency": part.name})
    with_part = Journey.model_validate(
        journey.model_copy(
            update={"agencies": (*journey.agencies, part), "events": (*journey.events, stay)}
        ).model_dump()
    )
    document = check_ocel(_export(with_part, "ocel"))
    shelter = next(o for o in document["objects"] if o["id"] == "agency:Night shelter")
    assert shelter["relationships"] == [
        {"objectId": f"agency:{first.name}", "qualifier": "part of"}
    ]


def test_a_journey_with_no_events_left_is_still_a_valid_log() -> None:
    journey = make_journey()
    restricted = tuple(
        e.model_copy(update={"sensitivity": Sensitivity.RESTRICTED}) for e in journey.events
    )
    empty = journey.model_copy(update={"events": restricted})
    document = check_ocel(_write(write_ocel, empty))
    assert document["events"] == [] and document["objects"] == []
    log = check_xes(_write(write_xes, empty))
    assert log.findall(f"{XES}trace") == []


def _write(write, journey: Journey) -> bytes:
    out = io.BytesIO()
    write(journey_event_log(journey), out)
    return out.getvalue()
