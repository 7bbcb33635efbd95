"""A compact way to write small test journeys, one event per line (invented data).

"2015-01-01..2015-02-01 custody @HMP"    an interval at HMP
"~2015-03-02 arrest"                      an approximate date
"2015-03 eviction @Hostel A+B"            month precision, both people
"""

from __future__ import annotations

import datetime as dt

from schemas import Agency, Event, Journey, Person

_PRECISION = {10: "day", 7: "month", 4: "year"}


def _date(text: str) -> tuple[dt.date, str]:
    approximate = text.startswith("~")
    text = text.lstrip("~")
    precision = _PRECISION[len(text)]
    parts = [int(p) for p in text.split("-")] + [1, 1]
    date = dt.date(parts[0], parts[1], parts[2])
    return date, "approximate" if approximate else precision


def journey_of(*rows: str, people: tuple[str, ...] = ("A",), key: str = "case") -> Journey:
    """A journey from rows like '2015-01-01..2015-02-01 custody @HMP A+B'."""
    events, agencies = [], {}
    for index, row in enumerate(rows, start=1):
        when, kind, *rest = row.split()
        agency = next((r[1:].replace("_", " ") for r in rest if r.startswith("@")), "Agency")
        who = next((r.split("+") for r in rest if not r.startswith("@")), [people[0]])
        start_text, _, end_text = when.partition("..")
        start, precision = _date(start_text)
        end = None
        if end_text:
            end, end_precision = _date(end_text)
            precision = precision if precision != "day" else end_precision
            if end_precision == "month":
                end = (end.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
        agencies.setdefault(agency, Agency(name=agency, sector="Housing"))
        events.append(
            Event(
                id=f"e{index}",
                people=who,
                agency=agency,
                kind=kind,
                start=start,
                end=end,
                date_precision=precision,
                title=f"{kind} {index}",
            )
        )
    return Journey(
        key=key,
        title="Test case (invented)",
        provenance="illustrative",
        people=[Person(pseudonym=p) for p in people],
        agencies=list(agencies.values()),
        events=events,
    )
