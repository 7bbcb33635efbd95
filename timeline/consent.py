"""The consent rule, as pure functions: which journeys need consent, and for whom.

Consent matters for journeys about real people: provenance `anonymised`. Illustrative and
synthetic journeys are invented, so they need none. An anonymised journey may be shown to an
audience only while it has a current (not withdrawn) consent record for that audience:
- workshop: presenter mode (/present/KEY), and showing the journey page in a workshop;
- board_paper: every export and download (PNG, SVG, PDF, HTML, CSV, JSON);
- commissioner: reserved for commissioner views (stored now, checked when those views exist).
The journey page itself still opens for the facilitator, with a banner and Present/Download off.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from schemas import Journey, Provenance


class Audience(StrEnum):
    """Who a journey may be shown to."""

    WORKSHOP = "workshop"
    BOARD_PAPER = "board_paper"
    COMMISSIONER = "commissioner"

    @property
    def label(self) -> str:
        """The audience in words, plural, for messages ('No current consent for workshops')."""
        return AUDIENCE_WORDS[self]


AUDIENCE_WORDS = {
    Audience.WORKSHOP: "workshops",
    Audience.BOARD_PAPER: "board papers and exports",
    Audience.COMMISSIONER: "commissioner views",
}
NOT_NEEDED_TEXT = "Invented journey ({provenance}): no consent is needed to show or export it."


class ConsentRequiredError(PermissionError):
    """The journey has no current consent for this audience; the message says what to do."""

    def __init__(self, key: str, audience: Audience | str) -> None:
        audience = Audience(audience)
        super().__init__(
            f"No current consent for {audience.label} for journey {key!r}; record consent with "
            f"`touchpoints consent give {key} --given-by WHO --audience {audience.value}`"
        )
        self.key = key
        self.audience = audience


def needs_consent(journey: Journey) -> bool:
    """True for journeys about real people (anonymised); invented ones need no consent."""
    return journey.provenance == Provenance.ANONYMISED  # a StrEnum: also a plain "anonymised"


def may_show(journey: Journey, audiences_with_consent: Iterable[str], audience: str) -> bool:
    """Whether `journey` may be shown to `audience` given the audiences it has consent for."""
    return may_show_provenance(journey.provenance, audiences_with_consent, audience)


def may_show_provenance(
    provenance: str, audiences_with_consent: Iterable[str], audience: str
) -> bool:
    """may_show for a journey known only by its provenance (no need to load it)."""
    wanted = Audience(audience)
    needed = provenance == Provenance.ANONYMISED
    return not needed or wanted.value in {str(a) for a in audiences_with_consent}


def parse_audiences(values: Iterable[str]) -> tuple[Audience, ...]:
    """Audience names checked against the known ones (ValueError naming the choices)."""
    chosen = []
    for value in values:
        try:
            chosen.append(Audience(value.strip().lower()))
        except ValueError:
            choices = ", ".join(a.value for a in Audience)
            raise ValueError(f"unknown audience {value!r}; choose from: {choices}") from None
    return tuple(dict.fromkeys(chosen))
