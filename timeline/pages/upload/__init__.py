"""The Import page (/import): upload a case study, see its rows and every error, then store it.

`page.py` builds the page and its results, `callbacks.py` holds its callbacks (check on upload,
store on Import, clear on Cancel) and `view.py` the plain functions behind them (no dash).
`mapping.py` is the mapping step for a spreadsheet whose header lacks a Touchpoints column (its
layout and callbacks), with its plain functions in `mapping_view.py`.
"""
