"""The compare page (/compare): two journeys one above the other on one time scale.

`page.py` builds the page and holds its callbacks; `view.py` has the plain functions behind
them (no dash): the page's address read and written, and the two journeys drawn.
"""
