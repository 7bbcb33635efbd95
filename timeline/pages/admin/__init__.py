"""The admin page (/admin): accounts, roles, sharing with reviewers and the audit list.

`page.py` builds the page, `callbacks.py` holds its one callback, and `actions.py` is what each
action button does, as plain functions (no dash).
"""
