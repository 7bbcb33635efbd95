"""An event log as OCEL 2.0 JSON (https://www.ocel-standard.org/specification/formats/json/).

Top level: "eventTypes" and "objectTypes" ([{name, attributes: [{name, type}]}]), "events"
([{id, type, time, attributes: [{name, value}], relationships: [{objectId, qualifier}]}]) and
"objects" ([{id, type, attributes: [{name, value, time}], relationships}]). Times are ISO 8601
in UTC ("2015-03-02T00:00:00Z"): a day's midnight, since Touchpoints dates are days.

- Object types: person, household (journeys only: the journey's household, each person
  "member of" it) and agency (an agency that is part of another is "part of" it). Their
  attributes never change, so each carries the spec's time for that, 1970-01-01T00:00:00Z.
- Event types: one per kind of event, named by its label ("A&E attendance"); attributes kind,
  sector, provider_type (the agency's, repeated so a flattened log keeps them), a journey's
  title, source, sensitivity and date_precision, and end (type time) on a period.
- Each event is linked to each of its people (qualifier "person"), their household
  ("household", journeys only) and its agency ("agency").

Written as it goes, a chunk of events at a time, each piece encoded by orjson (which escapes
every string), so a cohort of millions of events never becomes one document in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import numpy as np
import orjson
import pandas as pd

from timeline.eventlog.model import EPOCH, EventLog, event_ids

CHUNK = 50_000
PERSON_ATTRIBUTES = ("pseudonym", "age_band", "gender", "needs")
AGENCY_ATTRIBUTES = ("name", "sector", "provider_type")


def _dumps(value: object) -> str:
    return orjson.dumps(value).decode()


def _iso(values: np.ndarray) -> np.ndarray:
    """datetime64 values as OCEL times ("2015-03-02T00:00:00Z"); "" for NaT."""
    text = np.datetime_as_string(values.astype("datetime64[s]"), unit="s")
    return np.where(np.isnat(values), "", np.char.add(text, "Z"))


def _types(log: EventLog) -> tuple[list[dict], list[dict]]:
    string = "string"
    event_attributes = [
        {"name": name, "type": string} for name in ("kind", "sector", "provider_type", *log.extra)
    ] + [{"name": "end", "type": "time"}]
    activities = pd.unique(log.events["activity"])  # in order of first appearance
    event_types = [{"name": a, "attributes": event_attributes} for a in activities]
    object_types = [
        {"name": "person", "attributes": [{"name": n, "type": string} for n in PERSON_ATTRIBUTES]}
    ]
    if log.households:
        object_types.append({"name": "household", "attributes": []})
    object_types.append(
        {"name": "agency", "attributes": [{"name": n, "type": string} for n in AGENCY_ATTRIBUTES]}
    )
    return event_types, object_types


def _object(kind: str, row, names: tuple[str, ...], link: str, qualifier: str) -> dict:  # noqa: ANN001
    """One OCEL object: its attributes at the fixed time, and a relationship when it has one."""
    return {
        "id": row.id,
        "type": kind,
        "attributes": [{"name": n, "value": getattr(row, n), "time": EPOCH} for n in names],
        "relationships": [{"objectId": link, "qualifier": qualifier}] if link else [],
    }


def _objects(log: EventLog) -> Iterator[dict]:
    for person in log.people.itertuples(index=False):
        yield _object("person", person, PERSON_ATTRIBUTES, person.household, "member of")
    for household in log.households:
        yield {"id": household, "type": "household", "attributes": [], "relationships": []}
    for agency in log.agencies.itertuples(index=False):
        yield _object("agency", agency, AGENCY_ATTRIBUTES, agency.parent, "part of")


def _person_links(log: EventLog) -> np.ndarray:
    """Each event's relationships to its people and their household, as JSON text ending in a
    comma, in event order."""
    link = np.array(
        [_dumps({"objectId": i, "qualifier": "person"}) + "," for i in log.people["id"]],
        dtype=object,
    )
    pairs = log.event_people.sort_values(["event", "person"], kind="stable")
    events, people = pairs["event"].to_numpy(), pairs["person"].to_numpy()
    if len(events) == len(log.events) and np.array_equal(events, np.arange(len(events))):
        joined = link[people]  # one person per event (a cohort): no grouping needed
    else:
        grouped = pd.Series(link[people]).groupby(events).agg("".join)
        joined = grouped.reindex(range(len(log.events)), fill_value="").to_numpy(dtype=object)
    if not log.households:
        return joined
    household = {h: _dumps({"objectId": h, "qualifier": "household"}) + "," for h in log.households}
    first = pd.Series(log.people["household"].to_numpy()[people]).groupby(events).first()
    of_event = first.reindex(range(len(log.events)), fill_value="").map(household).fillna("")
    return joined + of_event.to_numpy(dtype=object)


def _text(values: np.ndarray) -> np.ndarray:
    return np.asarray(values).astype(object)


def _event_chunks(log: EventLog) -> Iterator[str]:
    """The events' JSON, CHUNK events at a time, joined by numpy over object arrays (a loop in
    C): the pieces that repeat (an agency's, a kind's) are encoded once, the rest per value."""
    events = log.events
    agencies = log.agencies
    agency_attributes = _text(
        [
            "," + _dumps({"name": "sector", "value": a.sector})
            + "," + _dumps({"name": "provider_type", "value": a.provider_type})
            for a in agencies.itertuples(index=False)
        ]
    )  # fmt: skip
    agency_links = _text([_dumps({"objectId": i, "qualifier": "agency"}) for i in agencies["id"]])
    kind, kinds = pd.factorize(events["kind"])
    kinds = _text([_dumps({"name": "kind", "value": k}) for k in kinds])
    activity, names = pd.factorize(events["activity"])
    names = _text([_dumps(a) for a in names])
    agency = events["agency"].to_numpy()
    starts, ends = events["start"].to_numpy(), events["end"].to_numpy()
    extras = {name: events[name].to_numpy(dtype=object) for name in log.extra}
    person_links = _person_links(log)
    for first in range(0, len(events), CHUNK):
        span = slice(first, first + CHUNK)
        rows = agency[span]
        attributes = kinds[kind[span]] + agency_attributes[rows]
        for name, values in extras.items():
            attributes += _text(
                [',{"name":"' + name + '","value":' + _dumps(v) + "}" for v in values[span]]
            )
        end = _iso(ends[span])
        attributes += np.where(
            end == "", "", np.char.add(np.char.add(',{"name":"end","value":"', end), '"}')
        ).astype(object)
        lines = (
            '{"id":' + _text([_dumps(i) for i in event_ids(events, span)])
            + ',"type":' + names[activity[span]]
            + ',"time":"' + _iso(starts[span]).astype(object)
            + '","attributes":[' + attributes
            + '],"relationships":[' + person_links[span]
            + agency_links[rows] + "]}"
        )  # fmt: skip
        yield ",\n".join(lines)


def write_ocel(log: EventLog, out: BinaryIO) -> int:
    """Write `log` to `out` as OCEL 2.0 JSON; the number of events written."""
    event_types, object_types = _types(log)
    out.write(b'{"eventTypes":' + orjson.dumps(event_types))
    out.write(b',\n"objectTypes":' + orjson.dumps(object_types))
    out.write(b',\n"objects":[\n')
    out.write(b",\n".join(orjson.dumps(o) for o in _objects(log)))
    out.write(b'\n],\n"events":[\n')
    for number, chunk in enumerate(_event_chunks(log)):
        out.write((",\n" if number else "").encode() + chunk.encode())
    out.write(b"\n]}\n")
    return len(log.events)
