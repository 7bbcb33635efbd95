"""Accounts: names and passwords, Argon2 hashes, sessions, shares with reviewers, first admin."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher

import timeline.accounts as accounts_module
from tests.factories import make_journey
from timeline import store
from timeline.access import Role, Viewer
from timeline.accounts import Accounts, UserInfo, check_password, check_username
from timeline.service import Services, open_services
from timeline.settings import Settings

# The tests here choose their hasher: the real cost unless they take the `accounts` fixture.
pytestmark = pytest.mark.real_password_cost

PASSWORD = "correct horse battery"
OTHER_PASSWORD = "staple lantern orchard"


# Argon2id with its cost turned down, so these tests hash in a millisecond, not a third of a second.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def accounts(services: Services, monkeypatch: pytest.MonkeyPatch) -> Accounts:
    monkeypatch.setattr(accounts_module, "HASHER", CHEAP_HASHER)
    return Accounts(services.sessions)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        pytest.param("sam", "sam", id="plain"),
        pytest.param("  Sam.Smith ", "sam.smith", id="lower-cased-and-trimmed"),
        pytest.param("jo_b-1", "jo_b-1", id="underscore-dash-digit"),
        pytest.param("7x", "7x", id="two-characters"),
        pytest.param("a" * 80, "a" * 80, id="eighty-characters"),
    ],
)
def test_check_username_accepts(typed: str, stored: str) -> None:
    assert check_username(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("s", id="one-character"),
        pytest.param("a" * 81, id="eighty-one-characters"),
        pytest.param("-sam", id="starts-with-dash"),
        pytest.param(".sam", id="starts-with-dot"),
        pytest.param("sam smith", id="space"),
        pytest.param("sam@example.org", id="email"),
        pytest.param("zoë", id="accent"),
        pytest.param("", id="empty"),
    ],
)
def test_check_username_says_what_a_name_may_contain(typed: str) -> None:
    with pytest.raises(ValueError, match="use 2 to 80 lower-case letters, digits, dots, dashes"):
        check_username(typed)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        pytest.param("x" * 11, "at least 12 characters", id="eleven-characters"),
        pytest.param("", "at least 12 characters", id="empty"),
        pytest.param("x" * 257, "at most 256 characters", id="too-long"),
        pytest.param("x" * 12, None, id="twelve-characters"),
        pytest.param("x" * 256, None, id="two-hundred-fifty-six"),
    ],
)
def test_check_password(password: str, message: str | None) -> None:
    if message is None:
        assert check_password(password) == password
    else:
        with pytest.raises(ValueError, match=message):
            check_password(password)


def test_add_list_and_remove_users(accounts: Accounts) -> None:
    assert not accounts.any_users()
    assert accounts.add_user(" Sam ", "Facilitator", PASSWORD, created_by="admin") == "sam"
    accounts.add_user("rev", "reviewer", PASSWORD, created_by="sam")
    assert accounts.any_users()
    assert accounts.list_users() == [
        UserInfo("rev", Role.REVIEWER, "sam", ()),
        UserInfo("sam", Role.FACILITATOR, "admin", ()),
    ]
    with pytest.raises(store.UserExistsError, match="already an account called 'sam'"):
        accounts.add_user("SAM", "admin", OTHER_PASSWORD, created_by="admin")
    accounts.remove_user("Sam")
    assert [u.username for u in accounts.list_users()] == ["rev"]
    with pytest.raises(store.UserNotFoundError):
        accounts.remove_user("sam")


@pytest.mark.parametrize(
    ("username", "role", "password", "message"),
    [
        pytest.param("s", "reviewer", PASSWORD, "use 2 to 80", id="bad-username"),
        pytest.param("sam", "boss", PASSWORD, "unknown role 'boss'", id="bad-role"),
        pytest.param("sam", "reviewer", "short", "at least 12", id="short-password"),
    ],
)
def test_a_refused_account_is_not_added(
    accounts: Accounts, username: str, role: str, password: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        accounts.add_user(username, role, password, created_by="admin")
    assert accounts.list_users() == []


def _stored_hash(accounts: Accounts, username: str) -> str:
    with accounts.sessions() as session:
        return store.find_user(session, username).password_hash


def test_passwords_are_stored_as_argon2id_hashes_with_the_default_cost(services: Services) -> None:
    accounts = Accounts(services.sessions)
    accounts.add_user("sam", "facilitator", PASSWORD, created_by="admin")
    stored = _stored_hash(accounts, "sam")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in stored


def test_a_weaker_old_hash_is_upgraded_when_its_owner_signs_in(services: Services) -> None:
    with services.sessions.begin() as session:
        store.add_user(session, "sam", "facilitator", CHEAP_HASHER.hash(PASSWORD), "tok", "admin")
    accounts = Accounts(services.sessions)
    assert accounts.authenticate("sam", PASSWORD) == ("sam", "tok")
    assert _stored_hash(accounts, "sam").startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert accounts.authenticate("sam", PASSWORD) == ("sam", "tok")
    assert accounts.authenticate("sam", OTHER_PASSWORD) is None


@pytest.mark.parametrize(
    ("username", "password", "signed_in"),
    [
        pytest.param("sam", PASSWORD, True, id="right-password"),
        pytest.param("  SAM ", PASSWORD, True, id="name-case-and-spaces"),
        pytest.param("sam", OTHER_PASSWORD, False, id="wrong-password"),
        pytest.param("sam", PASSWORD.upper(), False, id="password-case-matters"),
        pytest.param("sam", "", False, id="empty-password"),
        pytest.param("kim", PASSWORD, False, id="unknown-user"),
        pytest.param("not a name", PASSWORD, False, id="invalid-username"),
    ],
)
def test_authenticate(accounts: Accounts, username: str, password: str, signed_in: bool) -> None:
    accounts.add_user("sam", "facilitator", PASSWORD, created_by="admin")
    result = accounts.authenticate(username, password)
    if not signed_in:
        assert result is None
        return
    assert result is not None
    name, token = result
    assert name == "sam"
    assert accounts.load_viewer(name, token) == Viewer("sam", Role.FACILITATOR)


def test_signing_out_everywhere_ends_every_session(accounts: Accounts) -> None:
    accounts.add_user("sam", "facilitator", PASSWORD, created_by="admin")
    _, phone = accounts.authenticate("sam", PASSWORD)
    _, laptop = accounts.authenticate("sam", PASSWORD)
    assert accounts.load_viewer("sam", phone) is not None
    assert accounts.load_viewer("sam", laptop) is not None
    accounts.end_sessions("sam")
    assert accounts.load_viewer("sam", phone) is None
    assert accounts.load_viewer("sam", laptop) is None
    _, fresh = accounts.authenticate("sam", PASSWORD)
    assert fresh != phone
    assert accounts.load_viewer("sam", fresh) == Viewer("sam", Role.FACILITATOR)


def test_changing_the_password_ends_sessions_and_the_old_password(accounts: Accounts) -> None:
    accounts.add_user("sam", "facilitator", PASSWORD, created_by="admin")
    _, old_token = accounts.authenticate("sam", PASSWORD)
    accounts.set_password("sam", OTHER_PASSWORD)
    assert accounts.load_viewer("sam", old_token) is None
    assert accounts.authenticate("sam", PASSWORD) is None
    _, new_token = accounts.authenticate("sam", OTHER_PASSWORD)
    assert accounts.load_viewer("sam", new_token) is not None


def test_a_refused_new_password_changes_nothing(accounts: Accounts) -> None:
    accounts.add_user("sam", "facilitator", PASSWORD, created_by="admin")
    _, token = accounts.authenticate("sam", PASSWORD)
    with pytest.raises(ValueError, match="at least 12 characters"):
        accounts.set_password("sam", "short")
    assert accounts.load_viewer("sam", token) is not None
    assert accounts.authenticate("sam", PASSWORD) is not None
    with pytest.raises(store.UserNotFoundError):
        accounts.set_password("kim", OTHER_PASSWORD)


def test_a_removed_account_signs_out_even_if_its_name_is_reused(accounts: Accounts) -> None:
    accounts.add_user("rev", "reviewer", PASSWORD, created_by="admin")
    _, token = accounts.authenticate("rev", PASSWORD)
    accounts.remove_user("rev")
    assert accounts.load_viewer("rev", token) is None
    assert accounts.authenticate("rev", PASSWORD) is None
    accounts.add_user("rev", "admin", PASSWORD, created_by="admin")
    assert accounts.load_viewer("rev", token) is None


def test_sharing_with_a_reviewer(services: Services, accounts: Accounts) -> None:
    services.save_journeys([make_journey("one"), make_journey("two"), make_journey("three")])
    accounts.add_user("rev", "reviewer", PASSWORD, created_by="admin")
    accounts.add_user("rita", "reviewer", PASSWORD, created_by="admin")
    _, token = accounts.authenticate("rev", PASSWORD)

    assert accounts.share("one", "Rev", by="sam") is True
    assert accounts.share("one", "rev", by="sam") is False  # already shared
    assert accounts.share("two", "rev", by="sam") is True
    assert accounts.share("two", "rita", by="sam") is True
    viewer = accounts.load_viewer("rev", token)
    assert viewer == Viewer("rev", Role.REVIEWER, frozenset({"one", "two"}))
    assert accounts.shared_with("two") == ["rev", "rita"]
    assert accounts.shared_with("three") == []
    assert {u.username: u.shared for u in accounts.list_users()} == {
        "rev": ("one", "two"),
        "rita": ("two",),
    }

    assert accounts.unshare("one", "rev") is True
    assert accounts.unshare("one", "rev") is False
    assert accounts.load_viewer("rev", token).shared == {"two"}


def test_removing_a_reviewer_removes_their_shares(services: Services, accounts: Accounts) -> None:
    services.save_journeys([make_journey("one")])
    accounts.add_user("rev", "reviewer", PASSWORD, created_by="admin")
    accounts.share("one", "rev", by="sam")
    accounts.remove_user("rev")
    assert accounts.shared_with("one") == []
    accounts.add_user("rev", "reviewer", PASSWORD, created_by="admin")
    assert accounts.list_users()[0].shared == ()


@pytest.mark.parametrize(
    ("key", "username", "error", "message"),
    [
        pytest.param("one", "sam", ValueError, "journeys are shared with reviewers only", id="fac"),
        pytest.param("one", "ada", ValueError, "'ada' has the admin role", id="admin"),
        pytest.param("one", "cam", ValueError, "shared with reviewers only", id="commissioner"),
        pytest.param("one", "kim", store.UserNotFoundError, "no account called 'kim'", id="nobody"),
        pytest.param("nowhere", "rev", store.JourneyNotFoundError, "nowhere", id="no-journey"),
        pytest.param("gone", "rev", store.JourneyNotFoundError, "gone", id="deleted-journey"),
    ],
)
def test_share_only_stored_journeys_with_reviewers(
    services: Services,
    accounts: Accounts,
    key: str,
    username: str,
    error: type[Exception],
    message: str,
) -> None:
    services.save_journeys([make_journey("one"), make_journey("gone")])
    services.delete_journey("gone")
    for name, role in [("sam", "facilitator"), ("ada", "admin"), ("cam", "commissioner")]:
        with accounts.sessions.begin() as session:  # no hashing: these never sign in here
            store.add_user(session, name, role, "not-a-hash", "token", "admin")
    with accounts.sessions.begin() as session:
        store.add_user(session, "rev", "reviewer", "not-a-hash", "token", "admin")
    with pytest.raises(error, match=message):
        accounts.share(key, username, by="sam")
    assert accounts.shared_with(key) == []


@pytest.mark.parametrize(
    "role",
    [
        pytest.param("facilitator", id="facilitator"),
        pytest.param("commissioner", id="commissioner"),
        pytest.param("admin", id="admin"),
    ],
)
def test_only_reviewers_carry_shared_keys(accounts: Accounts, role: str) -> None:
    with accounts.sessions.begin() as session:
        store.add_user(session, "who", role, "not-a-hash", "tok", "admin")
    assert accounts.load_viewer("who", "tok") == Viewer("who", Role(role))
    assert accounts.load_viewer("who", "wrong") is None
    assert accounts.load_viewer("nobody", "tok") is None


def test_the_first_admin_is_made_once(accounts: Accounts) -> None:
    password = accounts.ensure_first_admin()
    assert password is not None and len(password) >= 12
    assert accounts.list_users() == [UserInfo("admin", Role.ADMIN, "first run", ())]
    name, token = accounts.authenticate("admin", password)
    assert accounts.load_viewer(name, token) == Viewer("admin", Role.ADMIN)
    assert accounts.ensure_first_admin() is None
    assert accounts.ensure_first_admin(OTHER_PASSWORD) is None
    assert accounts.authenticate("admin", OTHER_PASSWORD) is None
    assert len(accounts.list_users()) == 1


def test_the_first_admin_takes_a_chosen_password_and_not_when_others_exist(
    services: Services, accounts: Accounts
) -> None:
    assert accounts.ensure_first_admin(PASSWORD) == PASSWORD
    assert accounts.authenticate("admin", PASSWORD) is not None

    with services.sessions.begin() as session:
        store.remove_user(session, "admin")
        store.add_user(session, "sam", "facilitator", "not-a-hash", "tok", "admin")
    assert accounts.ensure_first_admin(PASSWORD) is None
    assert [u.username for u in accounts.list_users()] == ["sam"]


def test_the_session_key_is_made_once_and_kept(database_url: str) -> None:
    settings = Settings(database_url=database_url, load_demo=False)
    first = open_services(settings)
    key = Accounts(first.sessions).secret_key()
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert Accounts(first.sessions).secret_key() == key
    first.sessions.kw["bind"].dispose()

    reopened = open_services(settings)
    assert Accounts(reopened.sessions).secret_key() == key
    reopened.sessions.kw["bind"].dispose()
