"""Consent: anonymised journeys are shown or exported only to audiences with current consent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas import Journey
from tests.components import text_of, walk
from tests.factories import make_journey
from tests.test_cli import cli
from timeline.consent import Audience, ConsentRequiredError, may_show, parse_audiences
from timeline.pages import ids
from timeline.pages.journey_view import export_journey
from timeline.pages.present.view import build_step
from timeline.pages.router import render_page
from timeline.service import Services

KEY = "real-person"


def _with_provenance(provenance: str, key: str = KEY) -> Journey:
    return Journey.model_validate({**make_journey(key).model_dump(), "provenance": provenance})


def _anonymised(key: str = KEY) -> Journey:
    return _with_provenance("anonymised", key)


@pytest.mark.parametrize(
    ("provenance", "given", "audience", "expected"),
    [
        pytest.param("illustrative", set(), "workshop", True, id="illustrative-needs-none"),
        pytest.param("synthetic", set(), "board_paper", True, id="synthetic-needs-none"),
        pytest.param("anonymised", set(), "workshop", False, id="anonymised-without-consent"),
        pytest.param("anonymised", {"workshop"}, "workshop", True, id="anonymised-workshop"),
        pytest.param(
            "anonymised", {"workshop"}, "board_paper", False, id="workshop-is-not-board-paper"
        ),
        pytest.param("anonymised", {"commissioner"}, "commissioner", True, id="commissioner"),
    ],
)
def test_may_show(provenance: str, given: set[str], audience: str, expected: bool) -> None:
    journey = _with_provenance(provenance)
    assert may_show(journey, given, audience) is expected


def test_unknown_audience_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="workshop, board_paper, commissioner"):
        parse_audiences(["press"])


def test_error_message_says_what_to_do() -> None:
    message = str(ConsentRequiredError(KEY, Audience.WORKSHOP))
    assert "No current consent for workshops" in message
    assert f"touchpoints consent give {KEY}" in message and "--audience workshop" in message


def _presenter_refuses(services: Services) -> bool:
    page = render_page(f"/present/{KEY}", services)
    found = [c for c in walk(page) if getattr(c, "id", None) == ids.PRESENT_NO_CONSENT]
    return bool(found) and "No current consent for workshops" in text_of(page)


def test_illustrative_journey_is_shown_and_exported_without_consent(services: Services) -> None:
    services.save_journeys([make_journey(KEY)])
    assert not _presenter_refuses(services)
    assert build_step(services, KEY, 0, False).total == 3
    data, _, _ = export_journey(services, KEY, "json")
    assert json.loads(data)["key"] == KEY
    assert "no consent is needed" in text_of(render_page(f"/journeys/{KEY}", services))


def test_consent_lifecycle_gates_presenter_and_exports(services: Services) -> None:
    services.save_journeys([_anonymised()])
    journey = services.load_journey(KEY)

    # No consent: presenter refuses, exports refuse, the journey page opens with a banner.
    assert _presenter_refuses(services)
    with pytest.raises(ConsentRequiredError):
        build_step(services, KEY, 0, False)
    with pytest.raises(ConsentRequiredError, match="board papers"):
        export_journey(services, KEY, "csv")
    page = render_page(f"/journeys/{KEY}", services)
    assert "No current consent: not for showing in a workshop or board paper" in text_of(page)
    buttons = [c for c in walk(page) if isinstance(getattr(c, "id", None), dict)]
    downloads = [b for b in buttons if b.id.get("type") == ids.DOWNLOAD_BUTTON]
    assert downloads and all(b.disabled for b in downloads)
    assert not [c for c in walk(page) if getattr(c, "href", None) == f"/present/{KEY}"]

    # Workshop only: presenter works, exports still refused.
    services.record_consent(
        KEY, given_by="the person, via their worker", audiences=["workshop"], actor="Sam"
    )
    assert not _presenter_refuses(services)
    assert build_step(services, KEY, 0, False).total == 3
    with pytest.raises(ConsentRequiredError):
        export_journey(services, KEY, "json")
    banner = text_of(render_page(f"/journeys/{KEY}", services))
    assert "No current consent for board papers and exports" in banner
    assert "not for showing in a workshop" not in banner

    # Board paper too: exports work.
    services.record_consent(KEY, given_by="the person", audiences=["board_paper"], actor="Sam")
    assert services.consent_audiences(KEY) == {"workshop", "board_paper"}
    data, name, _ = export_journey(services, KEY, "json")
    assert name == f"{KEY}.json" and json.loads(data)["key"] == KEY
    page = render_page(f"/journeys/{KEY}", services)
    assert "Consent on record for: workshops, board papers and exports" in text_of(page)

    # Withdraw everything: both refused again.
    assert services.withdraw_consent(KEY, actor="Alex") == 2
    assert services.consent_audiences(KEY) == frozenset()
    assert not services.may_show(journey, "workshop")
    assert _presenter_refuses(services)
    with pytest.raises(ConsentRequiredError):
        export_journey(services, KEY, "json")

    # History kept: both records, withdrawn, with who and when.
    records = services.list_consents(KEY)
    assert [r.audiences for r in records] == [("workshop",), ("board_paper",)]
    assert all(not r.current and r.withdrawn_by == "Alex" for r in records)
    assert records[0].given_by == "the person, via their worker" and records[0].recorded_by == "Sam"
    assert records[0].given_at.tzinfo is not None


def test_withdrawing_one_audience_keeps_the_others(services: Services) -> None:
    services.save_journeys([_anonymised()])
    services.record_consent(KEY, given_by="the person", audiences=["workshop", "board_paper"])
    assert services.withdraw_consent(KEY, audiences=["board_paper"]) == 1
    assert services.consent_audiences(KEY) == {"workshop"}
    records = services.list_consents(KEY)
    assert [(r.audiences, r.current) for r in records] == [
        (("board_paper", "workshop"), False),
        (("workshop",), True),
    ]
    assert records[1].given_at == records[0].given_at and records[1].given_by == "the person"
    assert services.withdraw_consent(KEY, audiences=["board_paper"]) == 0


def test_cli_consent_give_withdraw_list_and_export(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    source = tmp_path / "real.json"
    source.write_text(_anonymised().model_dump_json(), encoding="utf-8")
    assert cli("import", str(source), db=db).returncode == 0
    out = tmp_path / "out.json"

    refused = cli("export", KEY, "-f", "json", "-o", str(out), db=db)
    assert refused.returncode == 2 and not out.exists()
    assert "No current consent" in refused.stderr and "touchpoints consent give" in refused.stderr

    gave = cli(
        "consent", "give", KEY, "--given-by", "the person, via their worker",
        "--audience", "workshop", "--by", "Sam", db=db,
    )  # fmt: skip
    assert gave.returncode == 0, gave.stderr
    assert cli("export", KEY, "-o", str(out), db=db).returncode == 2 and not out.exists()

    assert (
        cli(
            "consent", "give", KEY, "--given-by", "the person", "--audience", "board_paper", db=db
        ).returncode
        == 0
    )
    assert cli("export", KEY, "-o", str(out), db=db).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["key"] == KEY
    out.unlink()

    withdrew = cli("consent", "withdraw", KEY, "--by", "Alex", db=db)
    assert withdrew.returncode == 0 and "withdrew" in withdrew.stdout
    assert cli("export", KEY, "-o", str(out), db=db).returncode == 2 and not out.exists()

    listing = json.loads(cli("consent", "list", KEY, "--json", db=db).stdout)
    assert [r["audiences"] for r in listing] == [["workshop"], ["board_paper"]]
    assert listing[0]["recorded_by"] == "Sam" and listing[1]["recorded_by"] == "local user"
    assert all(r["withdrawn_by"] == "Alex" and r["withdrawn_at"] for r in listing)

    bad = cli("consent", "give", KEY, "--given-by", "x", "--audience", "press", db=db)
    assert bad.returncode == 2 and "unknown audience" in bad.stderr
    missing = cli("consent", "give", "nobody", "--given-by", "x", "--audience", "workshop", db=db)
    assert missing.returncode == 1
