"""Who may do what: the access rule, and Services checking every journey use case per viewer."""

from __future__ import annotations

import pytest

from schemas import Journey
from tests.factories import make_journey, make_restricted_journey
from timeline.access import (
    AccessDeniedError,
    Action,
    Role,
    Viewer,
    may_act_on,
    parse_role,
    role_allows,
)
from timeline.service import Services
from timeline.store import JourneyNotFoundError

ADMIN = Viewer("ada", Role.ADMIN)
FACILITATOR = Viewer("sam", Role.FACILITATOR)
REVIEWER = Viewer("rev", Role.REVIEWER, shared=frozenset({"shared"}))
COMMISSIONER = Viewer("cam", Role.COMMISSIONER)

EVERY_ACTION = set(Action)
# Written out by hand (not taken from timeline/access.py) so a change to the rule shows up here.
ALLOWED = {
    Role.ADMIN: EVERY_ACTION,
    Role.FACILITATOR: EVERY_ACTION - {Action.USERS},
    Role.REVIEWER: {Action.REVIEW, Action.CONSENT},
    Role.COMMISSIONER: {Action.VIEW, Action.COHORTS},
}


def _as(services: Services, viewer: Viewer) -> Services:
    return services.for_viewers(lambda: viewer)


def _anonymised(key: str) -> Journey:
    return Journey.model_validate({**make_journey(key).model_dump(), "provenance": "anonymised"})


@pytest.mark.parametrize(
    ("role", "action"),
    [pytest.param(r, a, id=f"{r.value}-{a.value}") for r in Role for a in Action],
)
def test_role_allows(role: Role, action: Action) -> None:
    assert role_allows(role, action) is (action in ALLOWED[role])


@pytest.mark.parametrize(
    ("viewer", "action", "key", "commissioner_may_see", "expected"),
    [
        pytest.param(ADMIN, Action.EDIT, "any", False, True, id="admin-edits-any"),
        pytest.param(FACILITATOR, Action.DECIDE, "any", False, True, id="facilitator-decides"),
        pytest.param(REVIEWER, Action.REVIEW, "shared", False, True, id="reviewer-reviews-shared"),
        pytest.param(REVIEWER, Action.CONSENT, "shared", False, True, id="reviewer-consents"),
        pytest.param(REVIEWER, Action.REVIEW, "other", True, False, id="reviewer-not-unshared"),
        pytest.param(REVIEWER, Action.VIEW, "shared", True, False, id="reviewer-no-journey-page"),
        pytest.param(REVIEWER, Action.DECIDE, "shared", True, False, id="reviewer-cannot-decide"),
        pytest.param(COMMISSIONER, Action.VIEW, "any", True, True, id="commissioner-with-consent"),
        pytest.param(COMMISSIONER, Action.VIEW, "any", False, False, id="commissioner-no-consent"),
        pytest.param(COMMISSIONER, Action.EXPORT, "any", True, False, id="commissioner-no-export"),
        pytest.param(
            COMMISSIONER, Action.HISTORY, "any", True, False, id="commissioner-no-history"
        ),
    ],
)
def test_may_act_on(
    viewer: Viewer, action: Action, key: str, commissioner_may_see: bool, expected: bool
) -> None:
    assert may_act_on(viewer, action, key, commissioner_may_see=commissioner_may_see) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("reviewer", Role.REVIEWER, id="plain"),
        pytest.param("  Commissioner ", Role.COMMISSIONER, id="case-and-spaces"),
    ],
)
def test_parse_role(text: str, expected: Role) -> None:
    assert parse_role(text) is expected


def test_unknown_role_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="choose from: admin, facilitator, reviewer, commissioner"):
        parse_role("boss")


@pytest.mark.parametrize(
    ("role", "label"),
    [
        pytest.param(Role.ADMIN, "facilitator", id="admin-as-facilitator"),
        pytest.param(Role.FACILITATOR, "facilitator", id="facilitator"),
        pytest.param(Role.REVIEWER, "person with lived experience", id="reviewer"),
    ],
)
def test_work_is_attributed_by_role_never_by_name(role: Role, label: str) -> None:
    assert Viewer("jo.bloggs", role).label == label


@pytest.mark.parametrize(
    ("viewer", "action", "allowed"),
    [
        pytest.param(ADMIN, Action.USERS, True, id="admin-manages-users"),
        pytest.param(FACILITATOR, Action.USERS, False, id="facilitator-no-users"),
        pytest.param(FACILITATOR, Action.IMPORT, True, id="facilitator-imports"),
        pytest.param(REVIEWER, Action.IMPORT, False, id="reviewer-no-import"),
        pytest.param(REVIEWER, Action.COHORTS, False, id="reviewer-no-cohorts"),
        pytest.param(COMMISSIONER, Action.COHORTS, True, id="commissioner-cohorts"),
        pytest.param(COMMISSIONER, Action.IMPORT, False, id="commissioner-no-import"),
        pytest.param(COMMISSIONER, Action.COMPARE, False, id="commissioner-no-compare"),
    ],
)
def test_require_for_actions_on_no_journey(
    sqlite_services: Services, viewer: Viewer, action: Action, allowed: bool
) -> None:
    services = _as(sqlite_services, viewer)
    assert services.may(action) is allowed
    if allowed:
        services.require(action)
    else:
        with pytest.raises(AccessDeniedError, match=f"A {viewer.role.value} account cannot"):
            services.require(action)


def test_the_operator_may_do_anything(sqlite_services: Services) -> None:
    assert sqlite_services.viewer() is None
    assert all(sqlite_services.may(action, "nowhere") for action in Action)


def _store_three(services: Services) -> None:
    services.save_journeys([make_journey("shared"), make_journey("other"), _anonymised("anon")])


@pytest.mark.parametrize(
    ("viewer", "before_consent", "after_consent"),
    [
        pytest.param(None, ["anon", "other", "shared"], ["anon", "other", "shared"], id="operator"),
        pytest.param(ADMIN, ["anon", "other", "shared"], ["anon", "other", "shared"], id="admin"),
        pytest.param(
            FACILITATOR, ["anon", "other", "shared"], ["anon", "other", "shared"], id="facilitator"
        ),
        pytest.param(REVIEWER, ["shared"], ["shared"], id="reviewer-shared-only"),
        pytest.param(
            COMMISSIONER, ["other", "shared"], ["anon", "other", "shared"], id="commissioner"
        ),
    ],
)
def test_list_journeys_shows_each_viewer_what_they_may_open(
    services: Services,
    viewer: Viewer | None,
    before_consent: list[str],
    after_consent: list[str],
) -> None:
    _store_three(services)
    seen = services if viewer is None else _as(services, viewer)
    assert [s.key for s in seen.list_journeys()] == before_consent
    services.record_consent("anon", given_by="the person", audiences=["workshop", "board_paper"])
    assert [s.key for s in seen.list_journeys()] == before_consent  # not the commissioner's
    services.record_consent("anon", given_by="the person", audiences=["commissioner"])
    assert [s.key for s in seen.list_journeys()] == after_consent
    services.withdraw_consent("anon", audiences=["commissioner"])
    assert [s.key for s in seen.list_journeys()] == before_consent


def test_commissioner_opens_an_anonymised_journey_only_with_commissioner_consent(
    services: Services,
) -> None:
    _store_three(services)
    commissioner = _as(services, COMMISSIONER)
    assert commissioner.load_journey("other").key == "other"
    with pytest.raises(JourneyNotFoundError):
        commissioner.load_journey("anon")
    services.record_consent("anon", given_by="the person", audiences=["commissioner"])
    assert commissioner.load_journey("anon").key == "anon"
    with pytest.raises(JourneyNotFoundError):
        commissioner.list_versions("anon")


@pytest.mark.parametrize(
    ("viewer", "key", "action"),
    [
        pytest.param(REVIEWER, "other", Action.REVIEW, id="reviewer-unshared"),
        pytest.param(REVIEWER, "shared", Action.VIEW, id="reviewer-journey-page"),
        pytest.param(REVIEWER, "shared", Action.EXPORT, id="reviewer-export"),
        pytest.param(COMMISSIONER, "anon", Action.VIEW, id="commissioner-without-consent"),
        pytest.param(COMMISSIONER, "other", Action.EDIT, id="commissioner-edit"),
    ],
)
def test_a_denied_journey_looks_exactly_like_an_absent_one(
    services: Services, viewer: Viewer, key: str, action: Action
) -> None:
    _store_three(services)
    seen = _as(services, viewer)
    with pytest.raises(JourneyNotFoundError) as denied:
        seen.load_journey(key, action)
    with pytest.raises(JourneyNotFoundError) as absent:
        seen.load_journey("no-such-key", action)
    assert str(denied.value).replace(key, "KEY") == str(absent.value).replace("no-such-key", "KEY")
    assert not seen.may(action, key)


ALL_EVENTS = ["e1", "e2", "e3"]
ALL_NOTES = {"on-e2": ("e2",), "on-e1-e2": ("e1", "e2"), "period": ()}
SHOWN_EVENTS = ["e1", "e3"]
SHOWN_NOTES = {"on-e1-e2": ("e1",), "period": ()}


@pytest.mark.parametrize(
    ("viewer", "action", "events", "notes"),
    [
        pytest.param(None, Action.VIEW, ALL_EVENTS, ALL_NOTES, id="operator-view"),
        pytest.param(None, Action.PRESENT, SHOWN_EVENTS, SHOWN_NOTES, id="operator-present"),
        pytest.param(FACILITATOR, Action.VIEW, ALL_EVENTS, ALL_NOTES, id="facilitator-view"),
        pytest.param(FACILITATOR, Action.EDIT, ALL_EVENTS, ALL_NOTES, id="facilitator-edit"),
        pytest.param(ADMIN, Action.HISTORY, ALL_EVENTS, ALL_NOTES, id="admin-history"),
        pytest.param(ADMIN, Action.DECIDE, ALL_EVENTS, ALL_NOTES, id="admin-decide"),
        pytest.param(
            FACILITATOR, Action.PRESENT, SHOWN_EVENTS, SHOWN_NOTES, id="facilitator-present"
        ),
        pytest.param(
            FACILITATOR, Action.EXPORT, SHOWN_EVENTS, SHOWN_NOTES, id="facilitator-export"
        ),
        pytest.param(
            FACILITATOR, Action.REVIEW, SHOWN_EVENTS, SHOWN_NOTES, id="facilitator-review"
        ),
        pytest.param(REVIEWER, Action.REVIEW, SHOWN_EVENTS, SHOWN_NOTES, id="reviewer"),
        pytest.param(COMMISSIONER, Action.VIEW, SHOWN_EVENTS, SHOWN_NOTES, id="commissioner"),
    ],
)
def test_restricted_events_are_for_facilitators_own_views_only(
    services: Services,
    viewer: Viewer | None,
    action: Action,
    events: list[str],
    notes: dict[str, tuple[str, ...]],
) -> None:
    services.save_journeys([make_restricted_journey("shared")])
    seen = services if viewer is None else _as(services, viewer)
    journey = seen.load_journey("shared", action)
    assert [e.id for e in journey.events] == events
    assert {a.id: a.event_ids for a in journey.annotations} == notes


def test_changes_are_recorded_as_the_signed_in_account(services: Services) -> None:
    sam = _as(services, FACILITATOR)
    sam.save_journeys([make_journey("shared")])
    sam.mark_missed_opportunity("shared", "e2", "")
    sam.save_journeys([make_journey("shared")], replace=True, actor="Kim", action="edit")
    sam.record_consent("shared", given_by="the person", audiences=["workshop"])
    versions = services.list_versions("shared")
    assert [(v.actor, v.action.value) for v in versions] == [
        ("sam", "import"),
        ("sam", "annotate"),
        ("Kim", "edit"),  # a caller that names someone is believed
    ]
    assert services.list_consents("shared")[0].recorded_by == "sam"


def test_a_reviewer_gives_and_withdraws_consent_only_for_shared_journeys(
    services: Services,
) -> None:
    services.save_journeys([_anonymised("shared"), _anonymised("other")])
    rev = _as(services, REVIEWER)
    rev.record_consent("shared", given_by="me", audiences=["workshop"])
    assert services.consent_audiences("shared") == {"workshop"}
    assert [r.recorded_by for r in rev.list_consents("shared")] == ["rev"]
    assert rev.withdraw_consent("shared") == 1
    assert services.consent_audiences("shared") == frozenset()
    with pytest.raises(JourneyNotFoundError):
        rev.record_consent("other", given_by="me", audiences=["workshop"])
    assert services.list_consents("other") == []


@pytest.mark.parametrize(
    ("viewer", "key", "error"),
    [
        pytest.param(REVIEWER, "new-one", AccessDeniedError, id="reviewer-import"),
        pytest.param(REVIEWER, "shared", JourneyNotFoundError, id="reviewer-edit-shared"),
        pytest.param(COMMISSIONER, "new-one", AccessDeniedError, id="commissioner-import"),
        pytest.param(COMMISSIONER, "shared", JourneyNotFoundError, id="commissioner-edit"),
    ],
)
def test_only_facilitators_and_admins_change_journeys(
    services: Services, viewer: Viewer, key: str, error: type[Exception]
) -> None:
    services.save_journeys([make_journey("shared")])
    seen = _as(services, viewer)
    edited = make_journey(key).model_copy(update={"title": "Changed"})
    with pytest.raises(error):
        seen.save_journeys([edited], replace=True)
    with pytest.raises(JourneyNotFoundError):
        seen.delete_journey("shared")
    assert [s.key for s in services.list_journeys()] == ["shared"]
    assert services.load_journey("shared") == make_journey("shared")
