"""Sign-in (issue 11, item 4): only a POST to /login tries a password; every other method just
shows the form. Attempts are limited per address and per account tried, in a storage the
settings name."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import create_app
from tests.webclient import form_token, sign_in
from timeline.pages.sign_in.auth import RateLimitStorageError
from timeline.settings import Settings

PASSWORD = "correct horse battery staple"
WRONG = "not the password at all"


def _client(where: Path | str, **limits: str):
    """A test client of an app with accounts on, over a SQLite file in folder `where` or the
    database URL `where`."""
    url = where if isinstance(where, str) else f"sqlite:///{where / 'sign-in.db'}"
    settings = Settings(
        database_url=url,
        accounts=True,
        admin_password=PASSWORD,
        load_demo=False,
        **(
            {"login_rate_limit": "1000 per minute", "login_account_rate_limit": "1000 per minute"}
            | limits
        ),
    )
    return create_app(settings).server.test_client()


def _signed_in(http) -> bool:
    return http.get("/_dash-layout").status_code == 200


@pytest.mark.parametrize("method", ["HEAD", "GET", "PUT", "OPTIONS", "PATCH", "DELETE"])
@pytest.mark.parametrize("where", ["form", "query"])
def test_only_post_signs_in(tmp_path, method: str, where: str) -> None:
    http = _client(tmp_path)
    fields = {"username": "admin", "password": PASSWORD, "csrf_token": form_token(http)}
    sent = {"data": fields} if where == "form" else {"query_string": fields}
    response = http.open("/login", method=method, **sent)
    assert response.status_code != 302  # no redirect into the app
    assert not _signed_in(http)  # whatever cookie came back, the next request is anonymous
    assert sign_in(http, "admin", PASSWORD).status_code == 302  # the form itself still works
    assert _signed_in(http)


def test_sign_in_attempts_are_limited_per_address(database_url: str) -> None:
    http = _client(database_url, login_rate_limit="3 per minute")
    names = ["admin", "fran", "alice", "bob"]  # a different account each time
    codes = [sign_in(http, name, WRONG).status_code for name in names]
    assert codes == [401, 401, 401, 429]
    elsewhere = {"REMOTE_ADDR": "192.0.2.9"}
    token = form_token(http)
    other = http.post(
        "/login",
        data={"username": "admin", "password": PASSWORD, "csrf_token": token},
        environ_base=elsewhere,
    )
    assert other.status_code == 302  # another address still may


def test_sign_in_attempts_are_limited_per_account_from_any_address(database_url: str) -> None:
    http = _client(database_url, login_account_rate_limit="3 per minute")

    def attempt(username: str, password: str, address: str) -> int:
        token = form_token(http)
        return http.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": token},
            environ_base={"REMOTE_ADDR": address},
        ).status_code

    spread = [
        attempt(name, WRONG, f"192.0.2.{n}")
        for n, name in enumerate(["admin", "ADMIN", " admin", "admin"], start=1)
    ]
    assert spread == [401, 401, 401, 429]  # four addresses, one account: the fourth waits
    assert attempt("admin", PASSWORD, "198.51.100.7") == 429  # even the right password waits
    assert attempt("fran", WRONG, "198.51.100.7") == 401  # other accounts are not locked


def test_head_with_the_right_password_does_not_sign_in(database_url: str) -> None:
    http = _client(database_url)
    fields = {"username": "admin", "password": PASSWORD, "csrf_token": form_token(http)}
    assert http.open("/login", method="HEAD", data=fields).status_code != 302
    assert not _signed_in(http)


def test_an_unusable_limit_storage_is_refused_at_start(tmp_path) -> None:
    with pytest.raises(RateLimitStorageError, match="TOUCHPOINTS_LOGIN_RATE_LIMIT_STORAGE"):
        _client(tmp_path, login_rate_limit_storage="nowhere://at-all")
