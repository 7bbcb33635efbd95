"""A journey's history page (/journeys/KEY/history): every saved version, and restore.

`page.py` holds it all: the page's layout, the plain function that restores a version, and the
restore button's callback.
"""
