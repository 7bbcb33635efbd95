"""The use cases the CLI and the pages call; sessions and transactions are owned here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from schemas import Annotation, AnnotationKind, Cycle, Journey, JourneySummary
from timeline import store
from timeline.access import (
    JOURNEY_ACTIONS,
    AccessDeniedError,
    Action,
    Role,
    Viewer,
    may_act_on,
    role_allows,
)
from timeline.cohorts.tables import Cohort, CohortInfo
from timeline.consent import (
    Audience,
    ConsentRequiredError,
    may_show,
    may_show_provenance,
    parse_audiences,
)
from timeline.cycles import RuleSet, apply_overrides, load_rules_file
from timeline.cycles.config import Overrides
from timeline.cycles.remembered import remembered_cycles
from timeline.demo import demo_journeys
from timeline.review import without_restricted
from timeline.settings import Settings
from timeline.store import cohort_storage
from timeline.store.cohort_storage import Parts, Progress, root_for
from timeline.stored_dates import set_aside_unshowable

MISSED_OPPORTUNITY_TEXT = "A joined-up response could have started here."


@dataclass(frozen=True)
class Services:
    """A database opened for Touchpoints, with one method per use case."""

    settings: Settings
    sessions: store.SessionFactory
    rule_set: RuleSet
    # Who is asking, for the web app; None (the CLI, start-up) means the operator: no checks.
    viewer_source: Callable[[], Viewer] | None = None

    def for_viewers(self, viewer_source: Callable[[], Viewer]) -> Services:
        """These services with every journey use case checked against `viewer_source()`."""
        return replace(self, viewer_source=viewer_source)

    def viewer(self) -> Viewer | None:
        """Who is asking (None for the operator: CLI and start-up)."""
        return None if self.viewer_source is None else self.viewer_source()

    def require(self, action: Action, key: str | None = None) -> None:
        """Check the viewer may do `action` (on journey `key`): without a key, AccessDeniedError
        for a role that may not; with a key, JourneyNotFoundError whenever the viewer may not,
        whatever the reason, so a key's existence can't be probed."""
        viewer = self.viewer()
        if viewer is None:
            return
        if key is None or action not in JOURNEY_ACTIONS:
            if not role_allows(viewer.role, action):
                raise AccessDeniedError(f"A {viewer.role.value} account cannot do this.")
            return
        commissioner = viewer.role is Role.COMMISSIONER and self._may_show_commissioner(key)
        if not may_act_on(viewer, action, key, commissioner_may_see=commissioner):
            raise store.JourneyNotFoundError(key)

    def may(self, action: Action, key: str | None = None) -> bool:
        """Whether the viewer may do `action` (on journey `key`), without raising."""
        try:
            self.require(action, key)
        except (AccessDeniedError, store.JourneyNotFoundError):
            return False
        return True

    def _actor(self, actor: str) -> str:
        """Who to record as doing a change: the signed-in account unless a caller named one."""
        viewer = self.viewer()
        if viewer is not None and actor == store.DEFAULT_ACTOR:
            return viewer.username
        return actor

    def _may_show_commissioner(self, key: str) -> bool:
        with self.sessions() as session:
            provenance = store.journey_provenance(session, key)
            if provenance is None:
                return False
            audiences = store.current_audiences(session, key)
        return may_show_provenance(provenance, audiences, Audience.COMMISSIONER)

    def list_journeys(self) -> list[JourneySummary]:
        """Summaries of every stored journey the viewer may open."""
        with self.sessions() as session:
            summaries = store.list_journeys(session)
            trimmed = store.keys_with_restricted_events(session) | store.keys_with_pending_hides(
                session
            )
        viewer = self.viewer()
        if viewer is None or viewer.role in {Role.ADMIN, Role.FACILITATOR}:
            return summaries
        action = Action.REVIEW if viewer.role is Role.REVIEWER else Action.VIEW
        # Counted from what this viewer is shown: a journey with something left out is loaded
        # as shown to them; the rest are counted as stored.
        return [
            JourneySummary.of(self.load_journey(s.key, action)) if s.key in trimmed else s
            for s in summaries
            if self.may(action, s.key)
        ]

    def load_journey(self, key: str, action: Action = Action.VIEW) -> Journey:
        """The stored journey with `key`, as the viewer may see it for `action`
        (JourneyNotFoundError when there is none or the viewer may not).

        Restricted events are for facilitators' own views only: presenting, exporting,
        reviewing, and anyone but a facilitator get the journey without them. Events a reviewer
        asked to hide are left out of presenting, exports and commissioners' views at once,
        while the request waits for a facilitator (the reviewer still sees what they asked).
        """
        return self.load_journey_versioned(key, action)[0]

    def load_journey_versioned(self, key: str, action: Action = Action.VIEW) -> tuple[Journey, int]:
        """load_journey, with the version the journey is at, read in the same snapshot: a page
        keeps the version and names it when it saves (see save_journeys' base_versions)."""
        self.require(action, key)
        viewer = self.viewer()
        facilitator = viewer is None or viewer.role in {Role.ADMIN, Role.FACILITATOR}
        whole = facilitator and action in {Action.VIEW, Action.EDIT, Action.HISTORY, Action.DECIDE}
        with self.sessions() as session:
            journey, version = store.load_journey_versioned(session, key)
            if action is not Action.EDIT:  # the editor gets bad dates to fix; nobody else
                journey = set_aside_unshowable(journey, tell=whole)
            if whole:
                return journey, version
            pending = frozenset() if action is Action.REVIEW else store.pending_hides(session, key)
        return without_restricted(journey, pending), version

    def save_journeys(
        self,
        journeys: list[Journey],
        *,
        replace: bool = False,
        actor: str = store.DEFAULT_ACTOR,
        action: store.VersionAction | str | None = None,
        base_versions: dict[str, int] | None = None,
    ) -> dict[str, int]:
        """Store journeys, each with a history version, in one transaction: all or none.
        `base_versions` names, per key, the version each change was based on: a journey saved
        by someone else since is refused with StaleJourneyError and nothing is stored.
        Returns each key's new version."""
        if self.viewer_source is not None:  # the operator (CLI, start-up) is not checked
            with self.sessions() as session:
                stored = [
                    store.journey_exists(session, j.key, include_deleted=True) for j in journeys
                ]
            for journey, exists in zip(journeys, stored, strict=True):
                self.require(Action.EDIT if exists else Action.IMPORT, journey.key)
        with self.sessions.begin() as session:
            return store.save_journeys(
                session,
                journeys,
                replace=replace,
                actor=self._actor(actor),
                action=action,
                base_versions=base_versions,
            )

    def current_versions(self, keys: list[str], *, include_deleted: bool = False) -> dict[str, int]:
        """The version each stored journey among `keys` is at (for a later save to name)."""
        with self.sessions() as session:
            return store.current_versions(session, keys, include_deleted=include_deleted)

    def refuse_stale(self, key: str, base_version: int) -> None:
        """Raise StaleJourneyError, saying who saved journey `key` last and when, unless it is
        still at `base_version` (a check before work; saves check again under their lock)."""
        with self.sessions() as session:
            if store.current_version(session, key) != base_version:
                raise store.StaleJourneyError(key, base_version, store.latest_version(session, key))

    def list_versions(self, key: str) -> list[store.JourneyVersion]:
        """Journey `key`'s history, oldest first (also for a deleted journey)."""
        self.require(Action.HISTORY, key)
        with self.sessions() as session:
            return store.list_versions(session, key)

    def load_version(self, key: str, version: int) -> Journey:
        """Journey `key` as saved in `version` (VersionNotFoundError when there is none)."""
        self.require(Action.HISTORY, key)
        with self.sessions() as session:
            return store.load_version(session, key, version)

    def restore_version(
        self,
        key: str,
        version: int,
        *,
        actor: str = store.DEFAULT_ACTOR,
        base_version: int | None = None,
    ) -> int:
        """Make an earlier version current again; returns the new 'restore' version's number."""
        self.require(Action.EDIT, key)
        with self.sessions.begin() as session:
            return store.restore_version(
                session, key, version, actor=self._actor(actor), base_version=base_version
            )

    def delete_journey(
        self, key: str, *, actor: str = store.DEFAULT_ACTOR, base_version: int | None = None
    ) -> int:
        """Soft-delete a journey (undo with undelete_journey); returns the 'delete' version."""
        self.require(Action.EDIT, key)
        with self.sessions.begin() as session:
            return store.delete_journey(
                session, key, actor=self._actor(actor), base_version=base_version
            )

    def undelete_journey(
        self, key: str, *, actor: str = store.DEFAULT_ACTOR, base_version: int | None = None
    ) -> int:
        """Bring back a soft-deleted journey; returns the 'restore' version it records."""
        self.require(Action.EDIT, key)
        with self.sessions.begin() as session:
            return store.undelete_journey(
                session, key, actor=self._actor(actor), base_version=base_version
            )

    def record_consent(
        self,
        key: str,
        *,
        given_by: str,
        audiences: list[str] | tuple[str, ...],
        actor: str = store.DEFAULT_ACTOR,
    ) -> int:
        """Record consent for a stored journey and audiences; returns the record's id."""
        chosen = [a.value for a in parse_audiences(audiences)]
        self.require(Action.CONSENT, key)
        with self.sessions.begin() as session:
            store.load_journey(session, key)  # JourneyNotFoundError for a key that is not stored
            return store.record_consent(
                session, key, given_by=given_by, audiences=chosen, recorded_by=self._actor(actor)
            )

    def withdraw_consent(
        self,
        key: str,
        *,
        audiences: list[str] | tuple[str, ...] | None = None,
        actor: str = store.DEFAULT_ACTOR,
    ) -> int:
        """Withdraw current consent for audiences (all when None); returns records withdrawn."""
        chosen = None if not audiences else [a.value for a in parse_audiences(audiences)]
        self.require(Action.CONSENT, key)
        with self.sessions.begin() as session:
            return store.withdraw_consent(
                session, key, audiences=chosen, withdrawn_by=self._actor(actor)
            )

    def consent_audiences(self, key: str) -> frozenset[str]:
        """The audiences journey `key` has current consent for."""
        with self.sessions() as session:
            return store.current_audiences(session, key)

    def list_consents(self, key: str) -> list[store.ConsentRecord]:
        """Journey `key`'s consent records, withdrawn ones too, oldest first."""
        self.require(Action.CONSENT, key)
        with self.sessions() as session:
            return store.list_consents(session, key)

    def may_show(self, journey: Journey, audience: Audience | str) -> bool:
        """Whether `journey` may be shown to `audience` now (see timeline/consent.py)."""
        return may_show(journey, self.consent_audiences(journey.key), audience)

    def require_consent(self, journey: Journey, audience: Audience | str) -> None:
        """Raise ConsentRequiredError unless `journey` may be shown to `audience` now."""
        if not self.may_show(journey, audience):
            raise ConsentRequiredError(journey.key, audience)

    def mark_missed_opportunity(
        self,
        key: str,
        event_id: str,
        text: str,
        *,
        actor: str = store.DEFAULT_ACTOR,
        base_version: int | None = None,
    ) -> Annotation:
        """Add a facilitator's missed-opportunity note to one event, in one transaction."""
        self.require(Action.EDIT, key)
        with self.sessions.begin() as session:
            store.check_version(session, key, base_version)
            journey = store.load_journey(session, key)
            if event_id not in {e.id for e in journey.events}:
                raise ValueError(f"There is no event {event_id!r} in {journey.title!r}.")
            taken = {a.id for a in journey.annotations}
            number = next(n for n in range(1, len(taken) + 2) if f"missed-{n}" not in taken)
            note = Annotation(
                id=f"missed-{number}",
                kind=AnnotationKind.MISSED_OPPORTUNITY,
                text=text.strip() or MISSED_OPPORTUNITY_TEXT,
                event_ids=(event_id,),
            )
            updated = journey.model_copy(update={"annotations": (*journey.annotations, note)})
            store.save_journeys(
                session,
                [Journey.model_validate(updated.model_dump())],
                replace=True,
                actor=self._actor(actor),
                action=store.VersionAction.ANNOTATE,
            )
        return note

    def remove_annotation(
        self,
        key: str,
        annotation_id: str,
        *,
        actor: str = store.DEFAULT_ACTOR,
        base_version: int | None = None,
    ) -> None:
        """Remove one note from a journey (nothing happens if it is already gone)."""
        self.require(Action.EDIT, key)
        with self.sessions.begin() as session:
            store.check_version(session, key, base_version)
            journey = store.load_journey(session, key)
            kept = tuple(a for a in journey.annotations if a.id != annotation_id)
            if len(kept) != len(journey.annotations):
                updated = journey.model_copy(update={"annotations": kept})
                store.save_journeys(
                    session,
                    [updated],
                    replace=True,
                    actor=self._actor(actor),
                    action=store.VersionAction.ANNOTATE,
                )

    def find_cycles(self, journey: Journey, overrides: Overrides | None = None) -> list[Cycle]:
        """The journey's cycles under the configured rules, with per-view overrides on top."""
        rules = self.rule_set.rules
        if overrides:
            rules = apply_overrides(rules, overrides)
        return remembered_cycles(journey, rules, approximate_days=self.rule_set.approximate_days)

    def save_cohort(
        self, cohort: Parts, *, replace: bool = False, progress: Progress = None
    ) -> CohortInfo:
        """Store a cohort, whole or in parts of people (see cohort_storage.store_cohort)."""
        self.require(Action.IMPORT)
        return cohort_storage.store_cohort(
            self.sessions, root_for(self.settings), cohort, replace=replace, progress=progress
        )

    def load_cohort(self, name: str) -> Cohort:
        """The stored cohort `name` (CohortNotFoundError when there is none)."""
        return cohort_storage.open_cohort(self.sessions, root_for(self.settings), name)

    def list_cohorts(self) -> list[CohortInfo]:
        """Every stored cohort's description, by name."""
        with self.sessions() as session:
            return store.list_cohorts(session)

    def delete_cohort(self, name: str) -> None:
        """Remove a stored cohort, its rows and its files (CohortNotFoundError when none)."""
        self.require(Action.IMPORT)
        cohort_storage.remove_cohort(self.sessions, root_for(self.settings), name)

    def never_stored_a_journey(self) -> bool:
        """True for a new database: no journey stored, not even one since deleted."""
        with self.sessions() as session:
            return not store.any_journey_row(session)

    def load_demo(self) -> list[str]:
        """Store the demo case studies never stored yet; returns the keys added.

        A demo journey someone deleted stays deleted (undelete brings it back).
        """
        with self.sessions.begin() as session:
            added = [
                j
                for j in demo_journeys()
                if not store.journey_exists(session, j.key, include_deleted=True)
            ]
            store.save_journeys(session, added)
        return [j.key for j in added]


def open_services(settings: Settings) -> Services:
    """Read the rules file, then open the database, creating or upgrading its tables first."""
    rule_set = load_rules_file(settings.rules)
    engine = store.make_engine(settings.database_url)
    store.upgrade_database(engine)
    return Services(settings, store.make_session_factory(engine), rule_set)
