"""What can go wrong when saving or loading a journey, as exceptions the CLI and pages explain."""

from __future__ import annotations

from timeline.store.history import JourneyVersion


class JourneyExistsError(Exception):
    """A journey with this key is already stored and replacing it was not asked for."""

    def __init__(self, key: str) -> None:
        super().__init__(
            f"a journey with key {key!r} is already stored; "
            "use --replace to overwrite it, or give the new one another key"
        )
        self.key = key


class JourneyNotFoundError(LookupError):
    """No journey with this key is stored."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no journey with key {key!r}; `touchpoints list` shows the stored keys")
        self.key = key


class DeletedJourneyNotFoundError(JourneyNotFoundError):
    """No deleted journey with this key: it was never stored, or it is not deleted."""

    def __init__(self, key: str) -> None:
        LookupError.__init__(
            self, f"no deleted journey with key {key!r}; `touchpoints history {key}` shows its past"
        )
        self.key = key


class StaleJourneyError(Exception):
    """The journey was saved by someone else after the version this change was based on, so the
    change was refused and nothing was stored."""

    def __init__(self, key: str, based_on: int, current: JourneyVersion | None) -> None:
        self.key = key
        self.based_on = based_on
        self.version = current.version if current else None
        self.saved_at = current.saved_at if current else None
        self.actor = current.actor if current else None
        when = (
            f" by {current.actor} at {current.saved_at:%Y-%m-%d %H:%M} UTC"
            if current is not None
            else ""
        )
        now = f"version {self.version}" if self.version is not None else "a newer version"
        super().__init__(
            f"journey {key!r} was saved{when} (it is now {now}); this change was based on "
            f"version {based_on}, so nothing was stored: reload it to see their changes"
        )
