"""A reviewer asks to hide a whole agency or sector ("please don't show my contact with this
service at all"): the same workflow as hiding one event, with the same effect while it waits."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pydantic import ValidationError

from schemas import ReviewItem, ReviewProposal, ReviewStatus, Sensitivity
from tests.audience_case import KEY, coventry_with_womens_aid
from tests.components import text_of, walk
from tests.factories import make_journey
from timeline import coreview
from timeline.access import Action, Role, Viewer
from timeline.pages.journey_view import build_journey_view, export_journey
from timeline.pages.present.view import build_step
from timeline.pages.review.callbacks import about_fields
from timeline.pages.review.page import build_review_page
from timeline.pages.review.proposals import build_proposals_page
from timeline.pages.review.view import submit_proposal
from timeline.review import ReviewError, apply_review, hidden_by
from timeline.service import Services

REV = Viewer("rev", Role.REVIEWER, shared=frozenset({KEY}))
FRAN = Viewer("fran", Role.FACILITATOR)
CAM = Viewer("cam", Role.COMMISSIONER)
WOMENS_AID = ReviewProposal(kind="hide", agency="Women's Aid")
HOUSING = ReviewProposal(kind="hide", sector="housing")  # spelt as the reviewer might


def _as(services: Services, viewer: Viewer) -> Services:
    return services.for_viewers(lambda: viewer)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"kind": "hide", "agency": "Foodbank"}, None, id="hide-an-agency"),
        pytest.param({"kind": "hide", "sector": "food"}, None, id="hide-a-sector"),
        pytest.param(
            {"kind": "comment", "agency": "Foodbank", "text": "x"},
            "a whole service or kind of service can only be hidden",
            id="only-hide-is-about-a-whole-service",
        ),
        pytest.param(
            {"kind": "hide", "agency": "Foodbank", "sector": "Food"},
            "choose one service or one kind of service to hide, nothing else",
            id="agency-and-sector",
        ),
        pytest.param(
            {"kind": "hide", "agency": "Foodbank", "event_id": "e2"},
            "choose one service or one kind of service to hide, nothing else",
            id="agency-and-event",
        ),
    ],
)
def test_a_whole_service_hide_is_about_one_agency_or_one_sector(
    fields: dict[str, Any], message: str | None
) -> None:
    if message is None:
        assert ReviewProposal(**fields).kind == "hide"
    else:
        with pytest.raises(ValidationError, match=re.escape(message)):
            ReviewProposal(**fields)


def _item(proposal: ReviewProposal) -> ReviewItem:
    return ReviewItem(
        id=7,
        journey_key="t",
        proposal=proposal,
        author="rev",
        author_role="person with lived experience",
        created_at="2025-01-01T00:00:00Z",
    )


@pytest.mark.parametrize(
    ("proposal", "restricted"),
    [
        pytest.param(ReviewProposal(kind="hide", agency="Foodbank"), ["e2"], id="agency"),
        pytest.param(ReviewProposal(kind="hide", sector="Police"), ["e3"], id="sector"),
        pytest.param(ReviewProposal(kind="hide", event_id="e1"), ["e1"], id="one-event"),
    ],
)
def test_accepting_restricts_every_event_of_the_agency_or_sector(
    proposal: ReviewProposal, restricted: list[str]
) -> None:
    after = apply_review(make_journey("t"), _item(proposal))
    assert [e.id for e in after.events if e.sensitivity is Sensitivity.RESTRICTED] == restricted


def test_hiding_an_agency_hides_the_agencies_that_are_part_of_it() -> None:
    data = make_journey("t").model_dump()
    data["agencies"] = [
        *data["agencies"],
        {"name": "Pantry", "sector": "Food", "parent": "Foodbank"},
    ]
    data["events"] = [
        *data["events"],
        {"id": "p1", "people": ["B"], "agency": "Pantry", "start": "2015-02-01", "title": "Bag"},
    ]
    journey = type(make_journey()).model_validate(data)
    assert hidden_by(journey, [ReviewProposal(kind="hide", agency="Foodbank")]) == {"e2", "p1"}
    assert hidden_by(journey, [ReviewProposal(kind="hide", agency="Pantry")]) == {"p1"}


def test_an_agency_with_no_events_left_cannot_be_accepted() -> None:
    with pytest.raises(ReviewError, match="'Nowhere' has no events"):
        apply_review(make_journey("t"), _item(ReviewProposal(kind="hide", agency="Nowhere")))


# The workflow against the database (SQLite and PostgreSQL).


@pytest.fixture
def case(services: Services) -> Services:
    services.save_journeys([coventry_with_womens_aid()])
    services.record_consent(KEY, given_by="the person", audiences=["board_paper"])
    return services


def _figure_text(figure) -> str:  # noqa: ANN001
    return json.dumps(figure, ensure_ascii=False).replace("&#x27;", "'")


def _who_sees(services: Services, word: str) -> dict[str, bool]:
    """Whether each audience's figure (or download) names `word`."""
    views = {
        "facilitator": build_journey_view(_as(services, FRAN), KEY).figure,
        "presenter-sensitive": build_step(services, KEY, 10_000, True).figure,
        "commissioner": build_journey_view(_as(services, CAM), KEY).figure,
        "reviewer": build_journey_view(_as(services, REV), KEY, action=Action.REVIEW).figure,
    }
    seen = {name: word in _figure_text(figure) for name, figure in views.items()}
    download = export_journey(_as(services, FRAN), KEY, "json")[0].decode("utf-8")
    return seen | {"export": word in download.replace("\\u0027", "'")}


EVERYONE = dict.fromkeys(
    ["facilitator", "presenter-sensitive", "commissioner", "reviewer", "export"], True
)


def test_a_waiting_agency_hide_hides_it_at_once_and_accepting_restricts_it(case: Services) -> None:
    assert _who_sees(case, "Women's Aid") == EVERYONE
    item = coreview.propose(_as(case, REV), KEY, WOMENS_AID)
    waiting = _who_sees(case, "Women's Aid")
    assert waiting == EVERYONE | {"presenter-sensitive": False, "commissioner": False} | {
        "export": False
    }  # the reviewer still sees what she asked about, the facilitator to decide on it
    coreview.decide(_as(case, FRAN), KEY, item.id, accept=True, note="Done.")
    assert _who_sees(case, "Women's Aid") == dict.fromkeys(EVERYONE, False) | {"facilitator": True}
    stored = case.load_journey(KEY)
    assert [e.sensitivity for e in stored.events if e.agency == "Women's Aid"] == [
        Sensitivity.RESTRICTED
    ]
    assert [(v.actor, v.action.value) for v in case.list_versions(KEY)][-1] == ("fran", "review")
    (mine,) = coreview.list_proposals(_as(case, REV), KEY)
    assert (mine.status, mine.decision_note) == (ReviewStatus.ACCEPTED, "Done.")


def test_a_declined_sector_hide_shows_it_again(case: Services) -> None:
    item = coreview.propose(_as(case, REV), KEY, HOUSING)
    commissioner = build_journey_view(_as(case, CAM), KEY).figure
    sectors = [a["name"] for a in commissioner["layout"]["annotations"] if "sector-" in a["name"]]
    assert "sector-Housing" not in sectors and "sector-Money" in sectors
    assert "Valley House" not in _figure_text(build_step(case, KEY, 10_000, False).figure)
    coreview.decide(_as(case, FRAN), KEY, item.id, accept=False, note="Let's talk first.")
    assert _who_sees(case, "Valley House") == EVERYONE
    assert case.load_journey(KEY) == coventry_with_womens_aid()


def test_an_accepted_sector_hide_restricts_every_event_there(case: Services) -> None:
    item = coreview.propose(_as(case, REV), KEY, HOUSING)
    coreview.decide(_as(case, FRAN), KEY, item.id, accept=True)
    stored = case.load_journey(KEY)
    housing = {a.name for a in stored.agencies if a.sector == "Housing"}
    assert len(housing) == 8
    assert {e.sensitivity for e in stored.events if e.agency in housing} == {Sensitivity.RESTRICTED}
    shown = _as(case, CAM).load_journey(KEY)
    assert not housing & {a.name for a in shown.agencies}


def test_a_reviewer_may_ask_to_hide_only_a_service_she_is_shown(case: Services) -> None:
    with pytest.raises(ReviewError, match="There is no service 'Rape Crisis'"):
        coreview.propose(_as(case, REV), KEY, ReviewProposal(kind="hide", agency="Rape Crisis"))
    with pytest.raises(ReviewError, match="There is no kind of service 'Sexual violence'"):
        coreview.propose(_as(case, REV), KEY, ReviewProposal(kind="hide", sector="Sexual violence"))
    assert coreview.list_proposals(case, KEY) == []


# The reviewer's form and the Co-review page.


def _dropdown_options(page, component_id: str) -> list:  # noqa: ANN001
    return next(c for c in walk(page) if getattr(c, "id", None) == component_id).options


def test_the_reviewer_form_offers_the_services_she_sees(case: Services) -> None:
    view = build_journey_view(_as(case, REV), KEY, action=Action.REVIEW)
    page = build_review_page(view, [], frozenset())
    about = [o["value"] for o in _dropdown_options(page, "review-about")]
    assert about == ["event", "period", "agency", "sector"]
    agencies = _dropdown_options(page, "review-agency")
    assert "Women's Aid" in agencies and "Rape Crisis" not in agencies and len(agencies) == 25
    assert "Domestic abuse" in _dropdown_options(page, "review-sector")
    assert "Sexual violence" not in _dropdown_options(page, "review-sector")
    labels = [o["label"] for o in _dropdown_options(page, "review-about")]
    assert " All my contact with one service" in labels


FORM = {"about": "agency", "agency": "Women's Aid", "kind": "hide", "text": "", "paraphrased": []}


@pytest.mark.parametrize(
    ("changes", "ok", "said"),
    [
        pytest.param({}, True, "please hide Women's Aid", id="sent"),
        pytest.param({"agency": None}, False, "Choose the service you want hidden.", id="none"),
        pytest.param(
            {"about": "sector", "agency": None},
            False,
            "Choose the kind of service you want hidden.",
            id="no-sector",
        ),
        pytest.param(
            {"kind": "comment", "text": "x"},
            False,
            "A whole service can only be hidden: choose 'Please hide this'.",
            id="not-a-hide",
        ),
        pytest.param(
            {"agency": "Rape Crisis"}, False, "There is no service 'Rape Crisis'", id="not-shown"
        ),
    ],
)
def test_the_form_sends_a_whole_service_hide_or_says_what_to_fix(
    case: Services, changes: dict, ok: bool, said: str
) -> None:
    sent, message = submit_proposal(_as(case, REV), KEY, FORM | changes)
    assert (sent, said in message) == (ok, True), message
    stored = coreview.list_proposals(case, KEY)
    assert [i.proposal for i in stored] == ([WOMENS_AID] if ok else [])


def test_choosing_a_whole_service_shows_its_pick_list_and_picks_hide() -> None:
    assert about_fields("agency") == (True, True, False, True, "hide")
    assert about_fields("sector") == (True, True, True, False, "hide")
    assert about_fields("event")[:4] == (False, True, True, True)
    assert about_fields("period")[:4] == (True, False, True, True)


def test_the_co_review_page_says_what_accepting_would_hide(case: Services) -> None:
    coreview.propose(_as(case, REV), KEY, WOMENS_AID)
    items = coreview.list_proposals(case, KEY)
    page = text_of(build_proposals_page(case.load_journey(KEY, Action.DECIDE), items, [], []))
    assert "Please hide this" in page and "about all contact with Women's Aid" in page
    assert "Accepting makes 1 event there restricted" in page
    mine = text_of(
        build_review_page(
            build_journey_view(_as(case, REV), KEY, action=Action.REVIEW),
            coreview.list_proposals(_as(case, REV), KEY),
            frozenset(),
        )
    )
    assert "about all contact with Women's Aid" in mine and "Waiting for the facilitator" in mine
