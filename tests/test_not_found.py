"""A journey that is not stored is named plainly on its page (not with the CLI's wording)."""

from __future__ import annotations

from timeline.pages.router import render_page
from timeline.service import Services


def test_a_journey_not_stored_is_named_plainly_on_its_page(sqlite_services: Services) -> None:
    page = str(render_page("/journeys/nobody-here", sqlite_services))
    assert "There is no journey with the key 'nobody-here'." in page
    assert "touchpoints list" not in page
