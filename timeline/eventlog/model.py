"""One shape for an event log, whether it comes from a journey or a whole synthetic cohort.

Columns, not one object per event: a city cohort is about five million events, and both writers
(OCEL 2.0 JSON, XES) stream from these columns in chunks. Object ids are typed ("person:Sam",
"household:lucy", "agency:City Police") so that no two objects of different types share an id.

people        id, label (the pseudonym as stored; a cohort person's number, which is unique),
              pseudonym, age_band, gender, needs (";"-separated), household (an object id, or ""
              when the person has none, as in a cohort)
agencies      id, name, sector, provider_type, parent (an object id, or "")
events        id (a cohort's instead: person_number and number, made into "e12-3" by
              event_ids a chunk at a time, since five million strings held at once cost about
              a gigabyte), activity (the kind's label, "A&E attendance": what a process miner
              groups by), kind, agency (row number in `agencies`), start, end (datetime64[s],
              NaT for a point event), then the `extra` string columns (a journey's title,
              source, sensitivity, date_precision; a cohort has none)
event_people  event, person (row numbers in `events` and `people`): who each event is about
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from schemas import EventKind, Journey, Provenance
from timeline.audience import outside_facilitators, show_events
from timeline.cohorts.tables import Cohort

JOURNEY_EXTRA = ("title", "source", "sensitivity", "date_precision")
EPOCH = "1970-01-01T00:00:00Z"  # OCEL's time for attributes that never change (the spec's own)


@dataclass(frozen=True)
class EventLog:
    """An event log's objects and events as columns; see the module docstring."""

    name: str
    title: str
    provenance: str
    people: pd.DataFrame
    agencies: pd.DataFrame
    households: tuple[str, ...]
    events: pd.DataFrame
    event_people: pd.DataFrame
    extra: tuple[str, ...] = ()


def event_ids(events: pd.DataFrame, rows: slice | np.ndarray) -> np.ndarray:
    """The ids of events[rows], as an object array of str."""
    if "id" in events:
        return events["id"].to_numpy(dtype=object)[rows]
    people = events["person_number"].to_numpy()[rows]
    numbers = events["number"].to_numpy()[rows]
    return np.array([f"e{p}-{n}" for p, n in zip(people, numbers, strict=True)], dtype=object)


def journey_event_log(journey: Journey) -> EventLog:
    """A journey as an event log: restricted events (and what only they name) left out here as
    well as by the caller, so a log never carries one; the household is the journey."""
    journey = show_events(journey, outside_facilitators)
    household = f"household:{journey.key}"
    people = pd.DataFrame(
        {
            "id": [f"person:{p.pseudonym}" for p in journey.people],
            "label": [p.pseudonym for p in journey.people],
            "pseudonym": [p.pseudonym for p in journey.people],
            "age_band": [p.age_band.value for p in journey.people],
            "gender": [p.gender.value for p in journey.people],
            "needs": [";".join(n.value for n in p.needs) for p in journey.people],
            "household": household,
        },
        columns=["id", "label", "pseudonym", "age_band", "gender", "needs", "household"],
    )
    agencies = pd.DataFrame(
        {
            "id": [f"agency:{a.name}" for a in journey.agencies],
            "name": [a.name for a in journey.agencies],
            "sector": [a.sector for a in journey.agencies],
            "provider_type": [a.provider_type.value for a in journey.agencies],
            "parent": [f"agency:{a.parent}" if a.parent else "" for a in journey.agencies],
        },
        columns=["id", "name", "sector", "provider_type", "parent"],
    )
    row_of_agency = {a.name: i for i, a in enumerate(journey.agencies)}
    row_of_person = {p.pseudonym: i for i, p in enumerate(journey.people)}
    ordered = sorted(journey.events, key=lambda e: (e.start, e.id))
    events = pd.DataFrame(
        {
            "id": [e.id for e in ordered],
            "activity": [e.kind.label for e in ordered],
            "kind": [e.kind.value for e in ordered],
            "agency": np.array([row_of_agency[e.agency] for e in ordered], dtype=np.int64),
            "start": pd.Series([e.start for e in ordered], dtype="datetime64[s]"),
            "end": pd.Series([e.end for e in ordered], dtype="datetime64[s]"),
            "title": [e.title for e in ordered],
            "source": [e.source.value for e in ordered],
            "sensitivity": [e.sensitivity.value for e in ordered],
            "date_precision": [e.date_precision.value for e in ordered],
        }
    )
    pairs = [(i, row_of_person[p]) for i, e in enumerate(ordered) for p in e.people]
    event_people = pd.DataFrame(
        pairs or np.empty((0, 2), dtype=np.int64), columns=["event", "person"]
    )
    return EventLog(
        name=journey.key,
        title=journey.title,
        provenance=journey.provenance.value,
        people=people,
        agencies=agencies,
        households=(household,) if journey.people else (),
        events=events,
        event_people=event_people.astype(np.int64),
        extra=JOURNEY_EXTRA,
    )


def cohort_event_log(cohort: Cohort) -> EventLog:
    """A synthetic cohort as an event log: one object per person (no household), agencies as
    objects, each event about one person at one agency. The cohort's cycles are not in it."""
    people_table = cohort.people
    numbers = people_table["person"].to_numpy().astype(np.int64)
    people = pd.DataFrame(
        {
            "id": [f"person:{n}" for n in numbers],
            "label": numbers.astype(str),
            "pseudonym": people_table["pseudonym"].astype(str).to_numpy(),
            "age_band": people_table["age_band"].astype(str).to_numpy(),
            "gender": people_table["gender"].astype(str).to_numpy(),
            "needs": people_table["needs"].astype(str).str.replace("+", ";").to_numpy(),
            "household": "",
        }
    )
    table = cohort.agencies
    agencies = pd.DataFrame(
        {
            "id": [f"agency:{n}" for n in table["name"].astype(str)],
            "name": table["name"].astype(str).to_numpy(),
            "sector": table["sector"].astype(str).to_numpy(),
            "provider_type": table["provider_type"].astype(str).to_numpy(),
            "parent": "",
        }
    )
    source = cohort.events
    agency_row = pd.Index(table["agency"].to_numpy()).get_indexer(source["agency"].to_numpy())
    person_row = pd.Index(numbers).get_indexer(source["person"].to_numpy().astype(np.int64))
    if (agency_row < 0).any() or (person_row < 0).any():
        raise ValueError("the cohort has events for people or agencies it does not list")
    kinds = source["kind"].astype(str)
    labels = {k: EventKind(k).label for k in kinds.unique()}
    events = pd.DataFrame(
        {
            "person_number": source["person"].to_numpy(),
            "number": source["event"].to_numpy(),
            "activity": kinds.map(labels).to_numpy(),
            "kind": kinds.to_numpy(),
            "agency": agency_row.astype(np.int64),
            "start": source["start"].to_numpy().astype("datetime64[s]"),
            "end": source["end"].to_numpy().astype("datetime64[s]"),
        }
    )
    event_people = pd.DataFrame(
        {"event": np.arange(len(events), dtype=np.int64), "person": person_row.astype(np.int64)}
    )
    return EventLog(
        name=cohort.info.name,
        title=f"Synthetic cohort {cohort.info.name}",
        provenance=cohort.info.provenance or Provenance.SYNTHETIC.value,
        people=people,
        agencies=agencies,
        households=(),
        events=events,
        event_people=event_people,
    )
