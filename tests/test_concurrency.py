"""Several people at once: every save names the version it was based on, a stale one is refused,
and readers see a journey whole (before or after a save, never a mix). SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from schemas import Agency, Journey, ReviewProposal, Sensitivity
from tests.factories import make_journey
from timeline import coreview
from timeline.access import Action, Role, Viewer
from timeline.service import Services
from timeline.store import JourneyNotFoundError, StaleJourneyError

KEY = "test-journey"
SAM = Viewer("sam", Role.FACILITATOR)
ANA = Viewer("ana", Role.FACILITATOR)
REV = Viewer("rev", Role.REVIEWER, shared=frozenset({KEY}))


def _as(services: Services, viewer: Viewer) -> Services:
    return services.for_viewers(lambda: viewer)


def _retitled(journey: Journey, title: str) -> Journey:
    return journey.model_copy(update={"title": title})


@pytest.fixture
def stored(services: Services) -> Services:
    services.save_journeys([make_journey(KEY)])
    return services


def test_a_save_based_on_an_older_version_is_refused_and_stores_nothing(stored: Services) -> None:
    journey, seen = stored.load_journey_versioned(KEY)
    stored.save_journeys(
        [_retitled(journey, "Ana's edit")], replace=True, base_versions={KEY: seen}
    )
    with pytest.raises(StaleJourneyError) as refused:
        stored.save_journeys(
            [_retitled(journey, "Sam's stale edit")], replace=True, base_versions={KEY: seen}
        )
    assert refused.value.version == seen + 1 and refused.value.based_on == seen
    assert "reload" in str(refused.value)
    assert stored.load_journey(KEY).title == "Ana's edit"
    assert [v.version for v in stored.list_versions(KEY)] == [1, 2]


def test_a_save_based_on_the_current_version_is_stored_and_moves_it_on(stored: Services) -> None:
    journey, seen = stored.load_journey_versioned(KEY)
    stored.save_journeys([_retitled(journey, "First")], replace=True, base_versions={KEY: seen})
    again, now = stored.load_journey_versioned(KEY)
    assert (again.title, now) == ("First", seen + 1)
    stored.save_journeys([_retitled(again, "Second")], replace=True, base_versions={KEY: now})
    assert stored.load_journey_versioned(KEY)[0].title == "Second"


def test_a_stale_editor_save_cannot_undo_an_accepted_hide(stored: Services) -> None:
    """The reported bug: the editor open on version N, a hide accepted meanwhile, then Save."""
    grid, seen = _as(stored, SAM).load_journey_versioned(KEY, Action.EDIT)
    item = coreview.propose(_as(stored, REV), KEY, ReviewProposal(kind="hide", event_id="e2"))
    coreview.decide(_as(stored, ANA), KEY, item.id, accept=True)
    with pytest.raises(StaleJourneyError):
        _as(stored, SAM).save_journeys(
            [_retitled(grid, "Edited in a stale grid")], replace=True, base_versions={KEY: seen}
        )
    hidden = {e.id: e.sensitivity for e in stored.load_journey(KEY).events}
    assert hidden["e2"] is Sensitivity.RESTRICTED
    assert "e2" not in {e.id for e in _as(stored, REV).load_journey(KEY, Action.REVIEW).events}


def test_deciding_on_a_proposal_from_a_stale_page_is_refused(stored: Services) -> None:
    item = coreview.propose(_as(stored, REV), KEY, ReviewProposal(kind="hide", event_id="e2"))
    _, seen = stored.load_journey_versioned(KEY)
    journey = stored.load_journey(KEY)
    stored.save_journeys([_retitled(journey, "Changed")], replace=True)
    with pytest.raises(StaleJourneyError):
        coreview.decide(_as(stored, SAM), KEY, item.id, accept=True, base_version=seen)
    assert {i.status.value for i in coreview.list_proposals(stored, KEY)} == {"open"}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s, v: s.restore_version(KEY, 1, base_version=v), id="restore"),
        pytest.param(lambda s, v: s.delete_journey(KEY, base_version=v), id="delete"),
        pytest.param(
            lambda s, v: s.mark_missed_opportunity(KEY, "e1", "", base_version=v),
            id="missed-opportunity",
        ),
        pytest.param(
            lambda s, v: s.remove_annotation(KEY, "missed-1", base_version=v), id="remove-note"
        ),
    ],
)
def test_every_kind_of_save_names_its_version(
    stored: Services, change: Callable[[Services, int], object]
) -> None:
    stored.mark_missed_opportunity(KEY, "e1", "a note")
    _, seen = stored.load_journey_versioned(KEY)
    stored.save_journeys([_retitled(stored.load_journey(KEY), "Meanwhile")], replace=True)
    with pytest.raises(StaleJourneyError):
        change(stored, seen)
    assert stored.load_journey(KEY).title == "Meanwhile"
    change(stored, seen + 1)  # based on what is stored now, the same change goes through


def test_undelete_names_its_version(stored: Services) -> None:
    _, seen = stored.load_journey_versioned(KEY)
    deleted_at = stored.delete_journey(KEY, base_version=seen)
    with pytest.raises(StaleJourneyError):
        stored.undelete_journey(KEY, base_version=seen)
    stored.undelete_journey(KEY, base_version=deleted_at)
    assert stored.load_journey(KEY).key == KEY


def test_a_save_based_on_a_journey_deleted_since_is_refused(stored: Services) -> None:
    journey, seen = stored.load_journey_versioned(KEY)
    stored.delete_journey(KEY)
    with pytest.raises(StaleJourneyError):
        stored.save_journeys([journey], replace=True, base_versions={KEY: seen})
    with pytest.raises(JourneyNotFoundError):
        stored.load_journey(KEY)


def test_twelve_simultaneous_saves_give_one_winner_and_eleven_conflicts(stored: Services) -> None:
    journey, seen = stored.load_journey_versioned(KEY)
    start = threading.Barrier(12)

    def save(n: int) -> str:
        start.wait()
        try:
            stored.save_journeys(
                [_retitled(journey, f"Edit {n}")], replace=True, base_versions={KEY: seen}
            )
        except StaleJourneyError:
            return "conflict"
        return f"Edit {n}"

    with ThreadPoolExecutor(12) as pool:
        outcomes = list(pool.map(save, range(12)))
    winners = [o for o in outcomes if o != "conflict"]
    assert len(winners) == 1 and outcomes.count("conflict") == 11
    assert stored.load_journey(KEY).title == winners[0]
    assert [v.version for v in stored.list_versions(KEY)] == [seen, seen + 1]


def test_two_imports_of_one_new_key_at_once_store_one(services: Services) -> None:
    start = threading.Barrier(2)

    def add(title: str) -> str:
        start.wait()
        try:
            services.save_journeys([_retitled(make_journey("new"), title)])
        except Exception as exc:  # noqa: BLE001 - the test names what it expects below
            return type(exc).__name__
        return "stored"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(add, ["one", "two"]))
    assert outcomes == ["JourneyExistsError", "stored"]


def _variant(name: str, sector: str) -> Journey:
    """The test journey with every agency renamed: a reader that mixed two saves would see
    events whose agency is not in the journey (or fail to build it at all)."""
    base = make_journey(KEY)
    renamed = {a.name: f"{a.name} ({name})" for a in base.agencies}
    return Journey.model_validate(
        base.model_dump()
        | {
            "title": name,
            "agencies": [
                Agency(name=renamed[a.name], sector=sector, provider_type=a.provider_type)
                for a in base.agencies
            ],
            "events": [
                e.model_copy(update={"agency": renamed[e.agency]}).model_dump() for e in base.events
            ],
        }
    )


def test_reads_during_concurrent_saves_see_one_whole_journey(stored: Services) -> None:
    variants = {"A": _variant("A", "Housing"), "B": _variant("B", "Health")}
    stored.save_journeys([variants["A"]], replace=True)
    stop = threading.Event()

    def keep_saving(name: str) -> int:
        saves = 0
        while not stop.is_set() and saves < 60:
            stored.save_journeys([variants[name]], replace=True)
            saves += 1
        return saves

    def read(_: int) -> bool:
        seen = stored.load_journey(KEY)
        return seen == variants[seen.title]

    with ThreadPoolExecutor(6) as pool:
        writers = [pool.submit(keep_saving, name) for name in ("A", "B")]
        whole = list(pool.map(read, range(200)))
        stop.set()
        saves = sum(w.result() for w in writers)
    assert saves > 0
    assert all(whole) and len(whole) == 200


def test_a_replaced_journey_keeps_its_history_and_consent(stored: Services) -> None:
    stored.record_consent(KEY, given_by="the person", audiences=["workshop"])
    stored.save_journeys([_retitled(stored.load_journey(KEY), "Replaced")], replace=True)
    assert stored.consent_audiences(KEY) == {"workshop"}
    assert [v.action.value for v in stored.list_versions(KEY)] == ["import", "replace"]


def test_pages_say_who_saved_first_and_change_nothing(stored: Services) -> None:
    from timeline.pages.history.page import restore_from_history
    from timeline.pages.review.proposals import decide_proposal

    item = coreview.propose(_as(stored, REV), KEY, ReviewProposal(kind="hide", event_id="e2"))
    _, seen = stored.load_journey_versioned(KEY)
    _as(stored, ANA).save_journeys([_retitled(stored.load_journey(KEY), "Ana's")], replace=True)
    sam = _as(stored, SAM)
    for said in (
        restore_from_history(sam, KEY, 1, base_version=seen),
        decide_proposal(sam, KEY, item.id, True, "thanks", seen),
    ):
        assert said.startswith("Someone else (ana) saved this journey at ")
        assert "reload to see their changes" in said
    assert stored.load_journey(KEY).title == "Ana's"
    assert [v.action.value for v in stored.list_versions(KEY)] == ["import", "replace"]
    assert "Accepted" in decide_proposal(sam, KEY, item.id, True, "thanks", seen + 1)


def test_an_upload_checked_before_someone_saved_does_not_replace_their_journey(
    stored: Services,
) -> None:
    import base64

    from timeline.io.jsonio import write_json
    from timeline.pages.upload.view import check_upload, store_upload

    data = write_json(_retitled(stored.load_journey(KEY), "From the file"))
    contents = "data:application/json;base64," + base64.b64encode(data).decode()
    check = check_upload(stored, contents, "journey.json")
    assert check.existing == [KEY] and check.versions == {KEY: 1}
    stored.save_journeys([_retitled(stored.load_journey(KEY), "Meanwhile")], replace=True)
    with pytest.raises(StaleJourneyError):
        store_upload(stored, contents, "journey.json", True, check.versions)
    assert stored.load_journey(KEY).title == "Meanwhile"


def test_an_upload_of_a_new_key_does_not_replace_one_stored_after_the_check(
    services: Services,
) -> None:
    import base64

    from timeline.io.jsonio import write_json
    from timeline.pages.upload.view import check_upload, store_upload

    data = write_json(_retitled(make_journey("new"), "From Fran's file"))
    contents = "data:application/json;base64," + base64.b64encode(data).decode()
    check = check_upload(services, contents, "journey.json")
    assert check.existing == [] and check.versions == {"new": 0}
    services.save_journeys([_retitled(make_journey("new"), "Gus's")])  # stored meanwhile
    with pytest.raises(StaleJourneyError):
        store_upload(services, contents, "journey.json", True, check.versions)
    assert services.load_journey("new").title == "Gus's"
