"""A chart's table as one Markdown component: names stay text (no link, image, emphasis or
column break), and only marks the page's Markdown parser reads are escaped, so no backslash
shows in a cell (a browser test reads a drawn table: test_browser_before_after.py)."""

from __future__ import annotations

import pandas as pd

from timeline.pages.markdown_table import markdown_cell, markdown_table, read_markdown_table


def test_marks_markdown_would_read_are_escaped_and_others_left_alone() -> None:
    hostile = "[click](http://x) ![img](y) *bold* _it_ `code` a|b ~s~ # h"
    escaped = markdown_cell(hostile)
    for mark in "[]()!*_`|~#":
        assert f"\\{mark}" in escaped, mark
    assert markdown_cell("contacts per person-month, 12 months: city") == (
        "contacts per person\\-month, 12 months: city"  # commas and colons show as written
    )


def test_a_table_reads_back_as_written() -> None:
    table = pd.DataFrame({"ward_name": ["Mill End", "a|b [x](y)"], "people": [6, "<5"]})
    heads, rows = read_markdown_table(markdown_table(table, 40))
    assert heads == ["ward name", "people"]
    assert rows == [["Mill End", "6"], ["a|b [x](y)", "<5"]]
