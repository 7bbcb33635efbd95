"""Presenter mode (/present/KEY): a journey told one event or period per step, for a room.

`page.py` builds the page (and reads its address), `callbacks.py` holds its callbacks (step
with buttons or the keyboard, full screen), and `view.py` has the plain functions behind them
(no dash): which events a room may see and the chart and caption at each step.
"""
