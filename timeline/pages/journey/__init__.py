"""The journey page (/journeys/KEY): one journey's swimlane with its controls and panels.

`page.py` builds the page (counts, controls, the swimlane, the cycles panel, the description
and events table) and `callbacks.py` holds its callbacks. Each panel of the page is a module
with its layout and its own callbacks: `filters_panel.py` (sectors, people, kinds, dates),
`involved.py` ("who is involved"), `missed.py` (missed-opportunity notes), `pack_download.py`
(the board pack) and `consent_form.py` (consent on record). The plain functions behind the page,
`JourneyView` and `build_journey_view`, live beside this package in `timeline/pages/journey_view.py`
because the compare, review and cohort person pages draw a journey with them too.
"""
