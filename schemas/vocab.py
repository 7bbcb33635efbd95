"""Controlled vocabularies of the case-study file format (docs/file-format.md)."""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    """What happened: the event-kind vocabulary of the file format."""

    CONTACT = "contact"
    REFERRAL = "referral"
    ASSESSMENT = "assessment"
    APPOINTMENT = "appointment"
    MISSED_APPOINTMENT = "missed_appointment"
    DECLINED = "declined"
    ADMISSION = "admission"
    DISCHARGE = "discharge"
    SELF_DISCHARGE = "self_discharge"
    AE_ATTENDANCE = "ae_attendance"
    AMBULANCE = "ambulance"
    CALL_OUT = "call_out"
    ARREST = "arrest"
    CHARGE = "charge"
    COURT = "court"
    CUSTODY = "custody"
    RELEASE = "release"
    BREACH = "breach"
    ORDER = "order"
    EVICTION = "eviction"
    TENANCY = "tenancy"
    PLACEMENT = "placement"
    ROUGH_SLEEPING = "rough_sleeping"
    BENEFIT_SANCTION = "benefit_sanction"
    SUPPORT = "support"
    SIGNPOSTED = "signposted"
    WORKER_CHANGE = "worker_change"
    CASE_CLOSED = "case_closed"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Plain-English label shown on screen ("A&E attendance", "Self-discharge")."""
        return _KIND_LABELS.get(self, self.value.replace("_", " ").capitalize())


_KIND_LABELS = {
    EventKind.AE_ATTENDANCE: "A&E attendance",
    EventKind.CALL_OUT: "Call-out (999 / police)",
    EventKind.SELF_DISCHARGE: "Self-discharge",
    EventKind.WORKER_CHANGE: "New key worker",
}


class ProviderType(StrEnum):
    """Who runs the agency (ownership), separate from what the contact was about (sector)."""

    PUBLIC = "public"
    VOLUNTARY = "voluntary"
    PRIVATE = "private"
    UNKNOWN = "unknown"


class DatePrecision(StrEnum):
    """How exactly a date is known; month and year dates are stored as their first day."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    APPROXIMATE = "approximate"


class Source(StrEnum):
    """Where an event's account comes from."""

    AGENCY_RECORD = "agency_record"
    SELF_REPORT = "self_report"
    CO_REVIEW = "co_review"
    ILLUSTRATIVE = "illustrative"


class Sensitivity(StrEnum):
    """Who may see an event: restricted events are for facilitators only."""

    NORMAL = "normal"
    SENSITIVE = "sensitive"
    RESTRICTED = "restricted"


class Provenance(StrEnum):
    """Whether a journey is made up, anonymised from a real one, or generated."""

    ILLUSTRATIVE = "illustrative"
    ANONYMISED = "anonymised"
    SYNTHETIC = "synthetic"


class NeedDomain(StrEnum):
    """Need domains used in MCN / SMD definitions."""

    HOMELESSNESS = "homelessness"
    SUBSTANCE_USE = "substance_use"
    MENTAL_HEALTH = "mental_health"
    OFFENDING = "offending"
    DOMESTIC_ABUSE = "domestic_abuse"
    PHYSICAL_HEALTH = "physical_health"
    TRAUMA = "trauma"
    POVERTY = "poverty"
    LEARNING_DISABILITY = "learning_disability"


class AgeBand(StrEnum):
    """Age bands wide enough that they never identify anyone."""

    UNDER_18 = "under 18"
    AGE_18_24 = "18-24"
    AGE_25_34 = "25-34"
    AGE_35_44 = "35-44"
    AGE_45_54 = "45-54"
    AGE_55_64 = "55-64"
    AGE_65_PLUS = "65+"
    UNKNOWN = "unknown"


class Gender(StrEnum):
    """Gender as recorded; "unknown" when not said."""

    WOMAN = "woman"
    MAN = "man"
    NON_BINARY = "non-binary"
    OTHER = "other"
    UNKNOWN = "unknown"


class AnnotationKind(StrEnum):
    """Notes added beside the agency record."""

    COMMENT = "comment"
    IN_MY_WORDS = "in_my_words"
    MISSED_OPPORTUNITY = "missed_opportunity"
    STRENGTH = "strength"


# Recommended sectors, in display order (the Coventry chart's nine first, then the rest).
RECOMMENDED_SECTORS: tuple[str, ...] = (
    "Housing",
    "Money",
    "Advice",
    "Training",
    "Health",
    "Police",
    "Fire",
    "Food",
    "Social",
    "Justice",
    "Probation",
    "Mental health",
    "Substance misuse",
    "Domestic abuse",
    "Education",
    "Employment",
)
