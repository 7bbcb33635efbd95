"""The Editor page (/edit/KEY): a journey's events, agencies and people in editable grids.

`page.py` builds the page (the grids, their columns and the problems list) and `callbacks.py`
holds its callbacks (record a change, undo, save). The plain functions behind them (no dash):
`view.py` (a journey as grid rows and rows back into a journey, saved), `changes.py` (cell
edits, added and deleted rows, undo) and `checks.py` (agency and people rows checked through
the pydantic models).
"""
