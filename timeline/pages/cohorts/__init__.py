"""The cohort pages around the explorer: the chooser (/cohorts) and one synthetic person
(/cohorts/NAME/people/ID, reached from the explorer's drill-down).

`page.py` builds the chooser; `person.py` builds a person's read-only page and says when the
address may not show one. Neither has callbacks of its own; the explorer itself is the
`explorer` package beside this one.
"""
