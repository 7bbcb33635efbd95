"""Synthetic cohorts: a seeded generator that emits the same schemas as an import does.

The generator arrives with the commissioner explorer (issue 5); this package is its home.
"""
