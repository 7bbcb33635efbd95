"""Demo case studies shipped with Touchpoints: illustrative, invented data about no real people.

- ``coventry-couple``: the 24 agency lanes of the published Coventry multiple complex needs case
  study, with invented dates and events for an invented couple (Sam and Jo).
- ``lucy`` and ``ahmed``: the two illustrative stories of a national vision paper on multiple
  needs, turned into timelines with invented dates.

Nothing here comes from any agency record; facilitators can show these without consent concerns.
"""

from __future__ import annotations

from schemas.journey import Journey
from timeline.demo import ahmed, coventry, lucy

DEMO_KEYS: tuple[str, ...] = (coventry.KEY, lucy.KEY, ahmed.KEY)


def demo_journeys() -> list[Journey]:
    """The three demo journeys, built fresh on each call: Coventry couple, Lucy, Ahmed."""
    return [coventry.build_journey(), lucy.build_journey(), ahmed.build_journey()]
