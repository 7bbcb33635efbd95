"""Plain functions behind co-review pages (no dash): what a proposal is about, in words, and
turning the reviewer's form into a proposal with messages a reviewer can act on."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError

from schemas import EventKind, Journey, ReviewItem, ReviewKind, ReviewProposal, ReviewStatus
from timeline.consent import Audience
from timeline.coreview import propose
from timeline.describe import display_date, display_span
from timeline.review import ReviewError
from timeline.service import Services

# Consent choices in the reviewer's words.
AUDIENCE_CHOICES = {
    Audience.WORKSHOP: "Shown in workshops with partner agencies",
    Audience.BOARD_PAPER: "Put in board papers and reports (pictures and downloads)",
    Audience.COMMISSIONER: "Seen by commissioners",
}
# What an accepted proposal did, where "the timeline now shows this" would not be true.
ACCEPTED_WORDS = {
    ReviewKind.COMMENT: "Accepted: kept with the journey for the facilitators",
    ReviewKind.HIDE: "Accepted: hidden from everyone but the facilitators",
}
STATUS_WORDS = {
    ReviewStatus.OPEN: "Waiting for the facilitator",
    ReviewStatus.ACCEPTED: "Accepted: the timeline now shows this",
    ReviewStatus.DECLINED: "Not accepted",
}


def event_choices(journey: Journey) -> list[dict]:
    """The journey's events as choices: 'date · agency · title', in date order."""
    return [
        {
            "label": f"{display_date(e.start, e.date_precision)} · {e.agency} · {e.title}",
            "value": e.id,
        }
        for e in sorted(journey.events, key=lambda e: (e.start, e.id))
    ]


def service_choices(journey: Journey) -> tuple[list[str], list[str]]:
    """(agencies, sectors) a reviewer can ask to hide whole: those of the events they see."""
    agencies = {e.agency for e in journey.events}
    sectors = {journey.agency(name).sector for name in agencies}
    return sorted(agencies, key=str.casefold), sorted(sectors, key=str.casefold)


def describe_anchor(item: ReviewItem, journey: Journey | None) -> str:
    """What a proposal is about, in words: the event (date, agency, title), the period, or the
    whole service or kind of service to hide."""
    proposal = item.proposal
    if proposal.agency is not None:
        return f"all contact with {proposal.agency}"
    if proposal.sector is not None:
        return f"all contact with {proposal.sector} services"
    if proposal.start is not None:
        return f"the time {display_span(proposal.start, proposal.end)}"
    events = {e.id: e for e in journey.events} if journey else {}
    event = events.get(proposal.event_id)
    if event is None:
        return "an event no longer shown in the journey"
    return f"{display_date(event.start, event.date_precision)} · {event.agency} · {event.title}"


def kind_choices() -> list[dict]:
    """Every kind of event, in plain words, for "What kind of contact was it really?"."""
    return sorted(
        ({"label": kind.label, "value": kind.value} for kind in EventKind),
        key=lambda choice: choice["label"].casefold(),
    )


def agency_choices(journey: Journey) -> list[str]:
    """The services of the events the reviewer is shown, for "Which service was it?"."""
    return sorted({e.agency for e in journey.events}, key=str.casefold)


def describe_change(item: ReviewItem) -> str:
    """What a correction says the event really was (kind, service, dates, title), in words
    ('' for other kinds)."""
    proposal = item.proposal
    parts = []
    if proposal.corrected_kind:
        parts.append(f"It was really: {proposal.corrected_kind.label}")
    if proposal.corrected_agency:
        parts.append(f"The service was: {proposal.corrected_agency}")
    if proposal.corrected_title:
        parts.append(f"Should say: {proposal.corrected_title}")
    if proposal.corrected_start:
        parts.append(f"Right date: {display_span(proposal.corrected_start, None)}")
    if proposal.corrected_end:
        parts.append(f"It ended: {display_span(proposal.corrected_end, None)}")
    return "; ".join(parts)


def outcome_words(item: ReviewItem) -> str:
    """Where a proposal stands, with the facilitator's note when there is one."""
    words = STATUS_WORDS[item.status]
    if item.status is ReviewStatus.ACCEPTED:
        words = ACCEPTED_WORDS.get(item.proposal.kind, words)
    if item.decision_note:
        words += f". The facilitator said: {item.decision_note}"
    return words


def _date(value: object, what: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a date: pick it from the calendar") from None


def submit_proposal(services: Services, key: str, form: dict) -> tuple[bool, str]:
    """Send the reviewer's form as a proposal: (True, thanks) or (False, what to fix).

    `form` holds the raw values: about ('event', 'period', 'agency' or 'sector'), event, start,
    end, agency, sector, kind, text, fix_title, fix_date, paraphrased.
    """
    about = form.get("about")
    if about in WHOLE_SERVICE:
        return _submit_whole_service(services, key, form, about)
    try:
        period = form.get("about") == "period"
        kind = form.get("kind") or ReviewKind.COMMENT
        # the "what it really was" boxes belong to corrections; other kinds ignore them
        fixing = kind == ReviewKind.CORRECTION
        proposal = ReviewProposal(
            kind=kind,
            event_id=None if period else (form.get("event") or None),
            start=_date(form.get("start"), "The start date") if period else None,
            end=_date(form.get("end"), "The end date") if period else None,
            text=form.get("text") or "",
            corrected_title=((form.get("fix_title") or "").strip() or None) if fixing else None,
            corrected_start=_date(form.get("fix_date"), "The right date") if fixing else None,
            corrected_end=_date(form.get("fix_end"), "The right end date") if fixing else None,
            corrected_kind=(form.get("fix_kind") or None) if fixing else None,
            corrected_agency=(form.get("fix_agency") or None) if fixing else None,
            paraphrased=bool(form.get("paraphrased")),
        )
    except ValidationError as exc:
        return False, _first_problem(exc, period)
    except ValueError as exc:
        return False, str(exc)
    try:
        item = propose(services, key, proposal)
    except ReviewError as exc:
        # the check names the event by its internal id: say it in the person's words instead
        return False, GONE_EVENT if str(exc).startswith("There is no event") else str(exc)
    return True, f"Thank you. Sent to the facilitator ({item.proposal.kind.label.lower()})."


GONE_EVENT = (
    "That event is no longer shown in this journey: a facilitator may have changed it. "
    "Reload the page and choose again."
)


WHOLE_SERVICE = {  # what the form's "about" offers beyond one event or a period: hide only
    "agency": "Choose the service you want hidden.",
    "sector": "Choose the kind of service you want hidden.",
}


def _submit_whole_service(services: Services, key: str, form: dict, about: str) -> tuple[bool, str]:
    """Send a request to hide all contact with one agency or one sector."""
    chosen = form.get(about)
    if not chosen or not isinstance(chosen, str):
        return False, WHOLE_SERVICE[about]
    if (form.get("kind") or ReviewKind.COMMENT) != ReviewKind.HIDE:
        return False, "A whole service can only be hidden: choose 'Please hide this'."
    try:
        proposal = ReviewProposal(
            kind=ReviewKind.HIDE,
            text=form.get("text") or "",
            paraphrased=bool(form.get("paraphrased")),
            **{about: chosen},
        )
        item = propose(services, key, proposal)
    except ValidationError as exc:
        return False, _first_problem(exc, period=False)
    except ReviewError as exc:
        return False, str(exc)
    whole = item.proposal.agency or item.proposal.sector
    return True, (
        f"Thank you. Sent to the facilitator: please hide {whole}. It is left out of workshops, "
        "reports and downloads straight away."
    )


def _first_problem(exc: ValidationError, period: bool) -> str:
    error = exc.errors()[0]
    field = error["loc"][0] if error["loc"] else ""
    if field == "event_id" or (not period and "either one event" in error["msg"]):
        return "Choose the event this is about."
    if period and "either one event" in error["msg"]:
        return "Choose the date the period starts."
    if field == "kind":
        return "Choose what you want to do."
    if field in CHOOSE_FROM_LIST:
        return CHOOSE_FROM_LIST[field]
    if field in TEXT_FIELDS:
        return _text_problem(error, *TEXT_FIELDS[field])
    message = error["msg"].removeprefix("Value error, ")
    if field in DATE_FIELDS:  # e.g. "The right date: 0001-01-01 is outside ...; check the year."
        return f"{DATE_FIELDS[field]}: {message}."
    return message[:1].upper() + message[1:] + "."


# The form's date boxes and pick lists, by the proposal field each fills.
DATE_FIELDS = {
    "start": "The start date",
    "end": "The end date",
    "corrected_start": "The right date",
    "corrected_end": "The right end date",
}
# The form's text boxes: what the person calls each, and whether it is one thing or several.
TEXT_FIELDS = {"text": ("Your words", True), "corrected_title": ("What it should say", False)}


def _text_problem(error: dict, words: str, several: bool) -> str:
    """A text box's problem in plain words (never the validator's 'String should have ...')."""
    verb, them = ("are", "them") if several else ("is", "it")
    if error["type"] == "string_too_long":
        most = error.get("ctx", {}).get("max_length")
        limit = f"at most {most:,} characters" if isinstance(most, int) else "shorter"
        return f"{words} {verb} too long: {limit}. Shorten {them}, or send the rest separately."
    if "control character" in str(error["msg"]):
        return (
            f"{words} {'contain' if several else 'contains'} an invisible character that cannot "
            f"be saved: retype {them}, or paste {them} as plain text."
        )
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{words}: {message}."


CHOOSE_FROM_LIST = {
    "corrected_kind": "Choose what kind of contact it was from the list.",
    "corrected_agency": "Choose the service from the list.",
}
