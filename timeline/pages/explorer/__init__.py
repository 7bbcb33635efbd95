"""The commissioner explorer (/cohorts/NAME): a synthetic cohort filtered, compared and drawn.

`page.py` builds the page (filters, headline, sections with their tables and CSV buttons) and
`panels.py` its controls, unit-cost table and drill-down panel; `callbacks.py` holds its
callbacks, `sections.py` draws a section when it is scrolled to and `opening.py` shows a
cohort's status while it opens. The plain functions behind them (no dash) are `view.py` (the
view: counts, figures and tables, suppressed on their way out), `state.py` (the view as its URL
says it), `exports.py` (controls decoded, drill-down lists, CSVs) and `catalog.py` (the cohorts
kept open), with one module per question: `needs.py`, `repeat.py`, `rates.py`, `costs.py`,
`before_after.py`, `where.py` and `calibration.py`.
"""
