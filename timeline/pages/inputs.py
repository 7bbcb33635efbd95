"""What a callback was sent, checked: the browser sends only what the page offers, so anything
else (a forged request, a stale page) is refused with UnusableInputError, whose message says
what was wrong in plain words; the server answers it as HTTP 400 (timeline/pages/answers.py)."""

from __future__ import annotations

MAX_TEXT = 10_000  # longer than any field the pages offer


class UnusableInputError(ValueError):
    """A callback input the page never sends; the message says which and why."""


def text_input(value: object, what: str, *, limit: int = MAX_TEXT) -> str | None:
    """A text box's value: a string (None or blank stays as sent), never a list or a number."""
    if value is None or isinstance(value, str):
        if value is not None and len(value) > limit:
            raise UnusableInputError(f"The {what} is longer than {limit:,} characters.")
        return value
    raise UnusableInputError(f"The {what} should be text.")


def key_input(value: object, what: str = "journey key") -> str:
    """A journey or cohort key held by the page: a short string."""
    if not isinstance(value, str) or not value or len(value) > 200:
        raise UnusableInputError(f"The {what} is missing or not a key this page could hold.")
    return value


def choices_input(value: object, what: str) -> list[str]:
    """A checklist's or multi-select's value: a list of strings (None is none chosen)."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UnusableInputError(f"The {what} should be a list of choices.")
    return value


def search_input(value: object) -> str:
    """The URL's query string as the page holds it ('' when there is none)."""
    return value if isinstance(value, str) else ""


def journey_controls(
    collapsed: object, align_on: object, filters: list | tuple
) -> tuple[list[str], str | None, tuple]:
    """The journey page's layout and filter controls: (collapsed sectors, event to align on,
    (sectors, people, kinds, since, until))."""
    sectors, people, kinds, since, until = filters
    return (
        choices_input(collapsed, "list of collapsed sectors"),
        text_input(align_on, "event to align on") or None,
        (
            choices_input(sectors, "list of sectors"),
            choices_input(people, "list of people"),
            choices_input(kinds, "list of kinds of event"),
            text_input(since, "'since' date", limit=40),
            text_input(until, "'until' date", limit=40),
        ),
    )


def rows_input(value: object, what: str) -> list[dict]:
    """A grid's rows (or changed cells, or selected rows, or saved states): a list of objects
    (None is none)."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise UnusableInputError(f"The {what} should be a list of rows.")
    return value


def version_input(value: object) -> int | None:
    """The journey version a page holds (None: the page named none, so nothing is compared)."""
    if value is None:
        return None
    if type(value) is not int or value < 0:
        raise UnusableInputError(
            "The journey version this page holds is not a version number; reload the page."
        )
    return value


def page_version_input(value: object) -> int:
    """The journey version a changing page must name: every such page holds one, so a change
    naming none (a forged request, a page from before versions) is refused."""
    version = version_input(value)
    if version is None:
        raise UnusableInputError(
            "This page does not say which version of the journey it shows, so nothing was "
            "changed; anything you typed is kept: copy what you need, then reload."
        )
    return version


def number_input(value: object, what: str) -> int:
    """A whole number a page holds in a button's id or a store (a version, a proposal)."""
    if type(value) is not int or not 0 <= value < 2**31:
        raise UnusableInputError(f"The {what} should be a whole number.")
    return value


def upload_input(value: object) -> dict | None:
    """The Import page's checked file: contents (a data URL), a name and the versions seen."""
    if value is None:
        return None
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("contents"), str)
        or not isinstance(value.get("name"), str)
        or not isinstance(value.get("versions", {}), dict)
    ):
        raise UnusableInputError("The checked file is not one this page made; upload it again.")
    return value


def values_input(value: object, what: str) -> list:
    """A column of numbers or text a user typed into a table (None is none)."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        v is None or isinstance(v, str | int | float) and not isinstance(v, bool) for v in value
    ):
        raise UnusableInputError(f"The {what} should be a list of numbers.")
    if any(isinstance(v, str) and len(v) > 40 for v in value):
        raise UnusableInputError(f"One of the {what} is longer than 40 characters.")
    return value


def mark_input(value: object) -> tuple[str, str, int]:
    """The explorer's clicked mark as the page holds it: [chart, key, side 0 or 1]."""
    if (
        not isinstance(value, list)
        or len(value) != 3
        or not all(isinstance(v, str) and len(v) <= 200 for v in value[:2])
        or value[2] not in (0, 1)
        or isinstance(value[2], bool)
    ):
        raise UnusableInputError(
            "The chosen mark is not one this page made; click the chart again."
        )
    return value[0], value[1], value[2]
