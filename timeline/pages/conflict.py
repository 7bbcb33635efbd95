"""What a page says when a save was refused because someone else saved the journey first."""

from __future__ import annotations

from dash import dcc, html

from timeline.store import StaleJourneyError


def stale_words(exc: StaleJourneyError, *, kept: str = "") -> str:
    """The refusal in plain words: who saved, when, and what to do; `kept` says what of the
    user's own input is still on the page."""
    when = f" at {exc.saved_at:%H:%M} UTC on {exc.saved_at:%d %b %Y}" if exc.saved_at else ""
    who = f" ({exc.actor})" if exc.actor else ""
    return (
        f"Someone else{who} saved this journey{when}: reload to see their changes. "
        f"Nothing of yours was stored{'; ' + kept if kept else '.'}"
    )


def stale_alert(exc: StaleJourneyError, reload_href: str, *, kept: str = "") -> html.Div:
    """A red alert with the refusal and a link that reloads the page."""
    return html.Div(
        [
            html.P(stale_words(exc, kept=kept)),
            dcc.Link("Reload", href=reload_href, refresh=True, className="button"),
        ],
        className="alert alert-error",
        role="alert",
    )
