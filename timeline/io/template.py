"""The blank case-study template: the import columns and an invented example row per event kind."""

from __future__ import annotations

import io

from schemas import EventKind
from timeline.io.export import CSV_COLUMNS, csv_bytes
from timeline.io.formula import neutralise_cell

# The import columns, as the CSV export writes them, less the ones Touchpoints fills in itself.
TEMPLATE_COLUMNS = tuple(c for c in CSV_COLUMNS if c not in {"id", "provenance"})
# kind: (agency, sector, provider type, start, end, title); invented, for illustration only.
_EXAMPLES: dict[EventKind, tuple[str, str, str, str, str, str]] = {
    EventKind.CONTACT: ("Foodbank", "Food", "voluntary", "2015-01-05", "", "Food parcel"),
    EventKind.REFERRAL: (
        "Drug & alcohol service",
        "Substance misuse",
        "voluntary",
        "2015-01-12",
        "",
        "GP refers to drug service",
    ),
    EventKind.ASSESSMENT: (
        "Adult social care",
        "Social",
        "public",
        "2015-01-19",
        "",
        "Care Act assessment",
    ),
    EventKind.APPOINTMENT: ("GP practice", "Health", "public", "2015-01-26", "", "GP review"),
    EventKind.MISSED_APPOINTMENT: (
        "GP practice",
        "Health",
        "public",
        "2015-02-02",
        "",
        "Missed GP review",
    ),
    EventKind.DECLINED: (
        "Community mental health team",
        "Mental health",
        "public",
        "2015-02-09",
        "",
        "Threshold not met",
    ),
    EventKind.ADMISSION: (
        "Hospital",
        "Health",
        "public",
        "2015-02-16",
        "2015-02-18",
        "Admitted to ward",
    ),
    EventKind.DISCHARGE: ("Hospital", "Health", "public", "2015-02-18", "", "Discharged home"),
    EventKind.SELF_DISCHARGE: (
        "Hospital",
        "Health",
        "public",
        "2015-02-23",
        "",
        "Left before treatment",
    ),
    EventKind.AE_ATTENDANCE: ("Hospital", "Health", "public", "2015-03-02", "", "A&E visit"),
    EventKind.AMBULANCE: (
        "Ambulance service",
        "Health",
        "public",
        "2015-03-02",
        "",
        "999 ambulance",
    ),
    EventKind.CALL_OUT: ("Police", "Police", "public", "2015-03-09", "", "Police called"),
    EventKind.ARREST: ("Police", "Police", "public", "2015-03-16", "", "Arrested"),
    EventKind.CHARGE: ("Police", "Police", "public", "2015-03-17", "", "Charged"),
    EventKind.COURT: ("Magistrates' court", "Justice", "public", "2015-03-30", "", "Hearing"),
    EventKind.CUSTODY: (
        "HMP (local prison)",
        "Justice",
        "public",
        "2015-04-06",
        "2015-05-18",
        "Short sentence",
    ),
    EventKind.RELEASE: ("HMP (local prison)", "Justice", "public", "2015-05-18", "", "Released"),
    EventKind.BREACH: (
        "Probation Service",
        "Probation",
        "public",
        "2015-06-01",
        "",
        "Order breached",
    ),
    EventKind.ORDER: (
        "Probation Service",
        "Probation",
        "public",
        "2015-05-25",
        "2016-05-24",
        "Community order",
    ),
    EventKind.EVICTION: ("Hostel", "Housing", "voluntary", "2015-07-06", "", "Evicted"),
    EventKind.TENANCY: (
        "Housing association",
        "Housing",
        "voluntary",
        "2015-08-03",
        "2016-08-02",
        "Own tenancy",
    ),
    EventKind.PLACEMENT: (
        "Hostel",
        "Housing",
        "voluntary",
        "2015-06-08",
        "2015-07-06",
        "Hostel room",
    ),
    EventKind.ROUGH_SLEEPING: (
        "Street outreach team",
        "Housing",
        "voluntary",
        "2015-07",
        "",
        "Sleeping rough",
    ),
    EventKind.BENEFIT_SANCTION: (
        "DWP / Jobcentre Plus",
        "Money",
        "public",
        "2015-09-07",
        "",
        "Benefit sanctioned",
    ),
    EventKind.SUPPORT: ("Link worker", "Social", "public", "2015-09-14", "2016-03-14", "Key work"),
    EventKind.SIGNPOSTED: ("Hospital", "Health", "public", "2015-03-02", "", "Told to self-refer"),
    EventKind.WORKER_CHANGE: (
        "Link worker",
        "Social",
        "public",
        "2015-12-07",
        "",
        "New key worker",
    ),
    EventKind.CASE_CLOSED: (
        "Drug & alcohol service",
        "Substance misuse",
        "voluntary",
        "2016-01-11",
        "",
        "Case closed",
    ),
    EventKind.OTHER: ("Family & friends", "Social", "unknown", "2016", "", "Back in touch"),
}


def template_rows() -> list[list[str]]:
    """The header and one invented example row for every event kind, in vocabulary order."""
    rows = [list(TEMPLATE_COLUMNS)]
    for kind in EventKind:
        agency, sector, provider, start, end, title = _EXAMPLES[kind]
        rows.append(
            [
                "example",
                "Example journey (invented)",
                "Alex",
                agency,
                sector,
                provider,
                kind.value,
                start,
                end,
                "",
                title,
                "Invented example row: replace with your own.",
                "illustrative",
                "normal",
                "example",
                "",
            ]
        )
    return rows


def template_csv() -> bytes:
    """The template as CSV (UTF-8 with a byte-order mark, so Excel reads it right)."""
    return csv_bytes(template_rows())


def template_xlsx() -> bytes:
    """The template as an XLSX workbook with an 'events' sheet and a frozen header row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "events"
    for row in template_rows():
        sheet.append([neutralise_cell(cell) for cell in row])  # '=..' would become a formula
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
