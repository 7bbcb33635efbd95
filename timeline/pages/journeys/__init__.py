"""The journeys page (/ and /journeys): every stored case study, linking to its swimlane.

`page.py` builds it; it has no callbacks. (A reviewer's own list is the review package's.)
"""
