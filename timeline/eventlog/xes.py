"""An event log as XES (IEEE 1849-2016): one trace per person, for process-mining tools.

<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/"> declares the concept, time,
lifecycle and org extensions, the attributes every trace and event has (<global>), and two
classifiers (Activity: concept:name; Resource: org:resource). Then one <trace> per person:

- trace: concept:name is the person's label as stored (a journey's pseudonym, a cohort
  person's number), never anything else; pseudonym, age_band, gender and needs beside it.
- event: concept:name is the activity, the kind's label ("A&E attendance"); concept:instance
  the Touchpoints event id; time:timestamp midnight UTC of the day
  ("2015-03-02T00:00:00.000+00:00"); org:resource the agency; kind, sector, provider_type, and a
  journey's title, source, sensitivity and date_precision.
- A point event is one event with lifecycle:transition "complete". A period (a stay, a
  sentence, support) is two events with the same concept:instance: "start" on its first day and
  "complete" on its last, so tools can measure how long it lasted; within a trace events are in
  time order.
- An event about two people (a couple) is in both people's traces.

Every value is escaped by xml.sax.saxutils.quoteattr, so no text can break the XML. Written a
group of people at a time, so a cohort's log never sits in memory whole.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO
from xml.sax.saxutils import quoteattr

import numpy as np
import pandas as pd

from timeline.eventlog.model import EventLog, event_ids

PEOPLE_PER_GROUP = 2_000
EXTENSIONS = (
    ("Concept", "concept"),
    ("Time", "time"),
    ("Lifecycle", "lifecycle"),
    ("Organizational", "org"),
)
TRACE_ATTRIBUTES = ("pseudonym", "age_band", "gender", "needs")


def _string(key: str, value: str) -> str:
    return f"<string key={quoteattr(key)} value={quoteattr(str(value))}/>"


def _timestamps(values: np.ndarray) -> np.ndarray:
    text = np.datetime_as_string(values.astype("datetime64[ms]"), unit="ms")
    return np.char.add(text, "+00:00")


def _header(log: EventLog) -> str:
    event_keys = ("concept:instance", "org:resource", "kind", "sector", "provider_type", *log.extra)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">')
    for name, prefix in EXTENSIONS:
        uri = f"http://www.xes-standard.org/{prefix}.xesext"
        lines.append(f'  <extension name="{name}" prefix="{prefix}" uri="{uri}"/>')
    lines.append('  <global scope="trace">')
    lines += [f"    {_string(k, '__INVALID__')}" for k in ("concept:name", *TRACE_ATTRIBUTES)]
    lines.append("  </global>")
    lines.append('  <global scope="event">')
    lines.append(f"    {_string('concept:name', '__INVALID__')}")
    lines.append('    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>')
    lines.append(f"    {_string('lifecycle:transition', 'complete')}")
    lines += [f"    {_string(k, '__INVALID__')}" for k in event_keys]
    lines.append("  </global>")
    lines.append('  <classifier name="Activity" keys="concept:name"/>')
    lines.append('  <classifier name="Resource" keys="org:resource"/>')
    lines.append(f"  {_string('concept:name', log.name)}")
    lines.append(f"  {_string('title', log.title)}")
    lines.append(f"  {_string('provenance', log.provenance)}")
    return "\n".join(lines) + "\n"


def _rows(log: EventLog) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(person, event, timestamp, complete) of every XES event, in trace then time order."""
    person = log.event_people["person"].to_numpy()
    event = log.event_people["event"].to_numpy()
    starts = log.events["start"].to_numpy().astype("datetime64[s]")
    ends = log.events["end"].to_numpy().astype("datetime64[s]")
    period = ~np.isnat(ends[event])
    all_person = np.concatenate([person, person[period]])
    all_event = np.concatenate([event, event[period]])
    time = np.concatenate([starts[event], ends[event[period]]])
    complete = np.concatenate([~period, np.ones(int(period.sum()), dtype=bool)])
    order = np.lexsort((complete, all_event, time, all_person))
    return all_person[order], all_event[order], time[order], complete[order]


def _coded(values: pd.Series, make: Callable[[str], str]) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, fragment per code): each distinct value's XML made once."""
    codes, distinct = pd.factorize(values)
    return codes, np.array([make(v) for v in distinct], dtype=object)


def write_xes(log: EventLog, out: BinaryIO) -> tuple[int, int]:
    """Write `log` to `out` as XES; (traces, events) written."""
    out.write(_header(log).encode())
    person, event, time, complete = _rows(log)
    agency_part = np.array(
        [
            _string("org:resource", a.name)
            + _string("sector", a.sector)
            + _string("provider_type", a.provider_type)
            for a in log.agencies.itertuples(index=False)
        ],
        dtype=object,
    )
    events = log.events
    agency_of = events["agency"].to_numpy()
    activity, named = _coded(events["activity"], lambda a: _string("concept:name", a))
    kind, kinds = _coded(events["kind"], lambda k: _string("kind", k))
    extras = [events[name].to_numpy() for name in log.extra]
    transition = np.array(
        [_string("lifecycle:transition", "start"), _string("lifecycle:transition", "complete")],
        dtype=object,
    )
    bounds = np.searchsorted(person, np.arange(len(log.people) + 1))
    people = log.people
    labels = people["label"].to_numpy()
    trace_columns = [(k, people[k].to_numpy()) for k in TRACE_ATTRIBUTES]
    for first in range(0, len(people), PEOPLE_PER_GROUP):
        last = min(first + PEOPLE_PER_GROUP, len(people))
        low, high = bounds[first], bounds[last]
        e = event[low:high]
        instances = np.array(
            [_string("concept:instance", i) for i in event_ids(events, e)], dtype=object
        )
        texts = (
            "    <event>" + named[activity[e]] + instances
            + transition[complete[low:high].astype(np.int64)]
            + '<date key="time:timestamp" value="' + _timestamps(time[low:high]).astype(object)
            + '"/>' + agency_part[agency_of[e]] + kinds[kind[e]]
        )  # fmt: skip
        for name, values in zip(log.extra, extras, strict=True):
            texts += np.array([_string(name, v) for v in values[e]], dtype=object)
        texts += "</event>\n"
        chunk = []
        for p in range(first, last):
            attributes = "".join(_string(k, column[p]) for k, column in trace_columns)
            chunk.append(f"  <trace>{_string('concept:name', labels[p])}{attributes}\n")
            chunk += texts[bounds[p] - low : bounds[p + 1] - low].tolist()
            chunk.append("  </trace>\n")
        out.write("".join(chunk).encode())
    out.write(b"</log>\n")
    return len(people), len(person)
