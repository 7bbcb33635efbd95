"""Checks found by testing issue 11 from outside: a forged or stale request must never undo
what others saved, and settings are read as a user means them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import Workbook
from pydantic import ValidationError
from typer.testing import CliRunner

from tests.test_concurrency_web import (
    KEY,
    PASSWORD,
    _open_editor,
    _signed_in,
    deployment,
)
from tests.test_hardening import _csv
from tests.webclient import csrf_header, editor_save
from timeline.accounts import Accounts
from timeline.cli import app as cli
from timeline.cli.errors import shown_url
from timeline.io import InvalidFileError, read_journeys
from timeline.pages import ids
from timeline.pages.answers import NOT_FOUND_MESSAGE
from timeline.settings import Settings

__all__ = ["deployment"]


def test_an_editor_save_naming_no_version_is_refused_and_stores_nothing(deployment) -> None:
    app, services = deployment
    fran = _signed_in(app, "fran")
    editor = _open_editor(app, fran)
    editor[ids.EDITOR_EVENTS_GRID][0]["title"] = "Overwritten blindly"
    before = services.list_versions(KEY)
    answer = editor_save(app, fran, KEY, None, editor)
    assert answer.status_code == 400
    assert "which version of the journey" in answer.get_data(as_text=True)
    assert services.list_versions(KEY) == before
    assert "Overwritten blindly" not in json.dumps(
        [e.title for e in services.load_journey(KEY).events]
    )


def _xlsx(events: int) -> bytes:
    """The same valid rows as `_csv`, in a workbook."""
    book = Workbook()
    book.active.title = "events"
    for row in csv.reader(io.StringIO(_csv(events).decode())):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["case.csv", "case.xlsx"])
@pytest.mark.parametrize(
    ("events", "refused"),
    [pytest.param(5, False, id="at-the-cap"), pytest.param(6, True, id="one-over")],
)
def test_the_row_cap_counts_events_not_the_header(name, events, refused) -> None:
    data = _csv(events) if name.endswith(".csv") else _xlsx(events)
    if refused:
        with pytest.raises(InvalidFileError, match="more than 5 rows"):
            read_journeys(data, name, max_rows=5)
    else:
        assert len(read_journeys(data, name, max_rows=5).journeys[0].events) == events


@pytest.mark.parametrize("role", ["reviewer", "commissioner"])
def test_an_editor_save_by_a_role_that_may_not_edit_reads_as_not_found(deployment, role) -> None:
    app, services = deployment
    Accounts(services.sessions).add_user("outsider", role, PASSWORD, created_by="test")
    outsider = _signed_in(app, "outsider")
    before = services.list_versions(KEY)
    answers = [
        editor_save(app, outsider, key, 1).get_data(as_text=True) for key in (KEY, "missing")
    ]
    assert all(NOT_FOUND_MESSAGE in answer for answer in answers)
    assert answers[0] == answers[1].replace("missing", KEY)  # a stored key cannot be told apart
    assert "touchpoints list" not in answers[0]
    assert services.list_versions(KEY) == before


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        pytest.param({"TOUCHPOINTS_MAX_ROWS": "abc"}, "TOUCHPOINTS_MAX_ROWS", id="not-a-number"),
        pytest.param({"TOUCHPOINTS_MAX_ROWS": "0"}, "greater than or equal to 1", id="zero"),
        pytest.param({"TOUCHPOINTS_SESSION_HOURS": "x"}, "TOUCHPOINTS_SESSION_HOURS", id="hours"),
    ],
)
def test_a_setting_that_cannot_be_read_is_one_plain_line(tmp_path, setting, said) -> None:
    path = tmp_path / "case.csv"
    path.write_bytes(_csv(2))
    db = f"sqlite:///{tmp_path / 'c.db'}"
    result = CliRunner().invoke(cli, ["import", str(path), "--db", db], env=setting)
    assert result.exit_code == 2
    assert said in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        pytest.param(
            "postgresql+psycopg://tp:s3cret@db:5432/tp",
            "postgresql+psycopg://tp:***@db:5432/tp",
            id="password-hidden",
        ),
        pytest.param("postgresql://tp@db/tp", "postgresql://tp@db/tp", id="no-password"),
        pytest.param("sqlite:///data/t.db", "sqlite:///data/t.db", id="sqlite"),
    ],
)
def test_init_db_never_prints_the_database_password(url, shown) -> None:
    assert shown_url(url) == shown


def test_init_db_says_which_database_is_ready(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    result = CliRunner().invoke(cli, ["init-db", "--db", db])
    assert result.exit_code == 0 and result.stdout.strip() == f"Database ready: {db}"


def _decide(app, client, item: object, accept: object):
    """Accept/Decline on the Co-review page, with the button's id as sent."""
    button = {"accept": accept, "item": item, "type": ids.PROPOSAL_DECIDE}
    output = next(k for k in app.callback_map if f"{ids.PROPOSALS_MESSAGE}.children" in k)
    outputs = [
        {"id": o.split(".")[0], "property": o.split(".")[1]} for o in output.strip(".").split("...")
    ]
    body = {
        "output": output,
        "outputs": outputs,
        "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
        "state": [
            [{"id": {"item": item, "type": ids.PROPOSAL_NOTE}, "property": "value", "value": "ok"}],
            {"id": ids.PROPOSALS_KEY, "property": "data", "value": KEY},
            {"id": ids.PROPOSALS_VERSION, "property": "data", "value": 1},
        ],
        "changedPropIds": [json.dumps(button, separators=(",", ":")) + ".n_clicks"],
    }
    return client.post("/_dash-update-component", json=body, headers=csrf_header(client))


@pytest.mark.parametrize(
    ("item", "accept", "said"),
    [
        pytest.param("abc", True, "proposal to decide should be a whole number", id="text-item"),
        pytest.param(10**30, True, "proposal to decide should be a whole number", id="huge-item"),
        pytest.param([1], True, "proposal to decide should be a whole number", id="list-item"),
        pytest.param(1, "yes", "should say Accept or Decline", id="accept-not-a-choice"),
    ],
)
def test_a_forged_decision_says_what_was_wrong(deployment, item, accept, said, caplog) -> None:
    app, services = deployment
    answer = _decide(app, _signed_in(app, "fran"), item, accept)
    assert answer.status_code == 400 and said in answer.get_data(as_text=True)
    assert [v.version for v in services.list_versions(KEY)] == [1]
    # the admin's log names the refused callback, not what was sent
    (refused,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("refused")]
    assert "/_dash-update-component (output" in refused and "UnusableInputError" in refused
    assert "yes" not in refused and "abc" not in refused


@pytest.mark.parametrize(
    "fmt", [pytest.param(["csv"], id="list"), pytest.param({"a": 1}, id="dict"), "exe"]
)
def test_a_forged_template_button_names_what_was_wrong(deployment, fmt) -> None:
    app, _ = deployment
    client = _signed_in(app, "fran")
    button = {"format": fmt, "type": ids.TEMPLATE_BUTTON}
    body = {
        "output": f"{ids.TEMPLATE_DOWNLOAD}.data",
        "outputs": {"id": ids.TEMPLATE_DOWNLOAD, "property": "data"},
        "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
        "state": [],
        "changedPropIds": [json.dumps(button, separators=(",", ":")) + ".n_clicks"],
    }
    answer = client.post("/_dash-update-component", json=body, headers=csrf_header(client))
    assert answer.status_code == 400 and "choose csv or xlsx" in answer.get_data(as_text=True)


@pytest.mark.parametrize("limit", ["lots", "", "5 per fortnight"])
@pytest.mark.parametrize("name", ["login_rate_limit", "login_account_rate_limit"])
def test_a_sign_in_limit_the_limiter_cannot_read_is_refused_not_ignored(name, limit) -> None:
    with pytest.raises(ValidationError, match="is not a rate limit"):
        Settings(**{name: limit})
    assert Settings(**{name: "3 per minute;10 per hour"}).model_dump()[name] == (
        "3 per minute;10 per hour"
    )
