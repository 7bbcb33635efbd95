"""A table as the text of one Markdown component (no dash): a chart's table on the explorer is
one component, not a component per cell, and cheap to build, send and draw.

Every cell is plain text: each mark that Markdown gives a meaning is escaped with a backslash,
so a name can never become a link, an image, emphasis or a column break, and Markdown
components are drawn without raw HTML (shown as text). Only the marks dcc.Markdown's parser
(react-markdown 4, remark's original Markdown escapes plus GFM's ~ and |) takes escaped:
escaping a comma or colon there would show the backslash.
"""

from __future__ import annotations

import re

import pandas as pd

_ESCAPABLE = re.compile(r"([\\`*{}\[\]()#+\-.!_>~|])")


def markdown_cell(value: object) -> str:
    """One cell's text, on one line, with every mark Markdown would read escaped."""
    return _ESCAPABLE.sub(r"\\\1", " ".join(str(value).split()))


def markdown_table(table: pd.DataFrame, limit: int) -> str:
    """The first `limit` rows of `table` as a Markdown (GFM) table, column names as headings
    (underscores as spaces)."""
    head = [markdown_cell(str(c).replace("_", " ")) for c in table.columns]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += [
        "| " + " | ".join(markdown_cell(v) for v in row) + " |"
        for row in table.head(limit).itertuples(index=False)
    ]
    return "\n".join(lines)


def read_markdown_table(text: str) -> tuple[list[str], list[list[str]]]:
    """(headings, rows) of a table markdown_table wrote, unescaped (for tests and checks)."""

    def cells(line: str) -> list[str]:
        parts = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        return [re.sub(r"\\(.)", r"\1", p.strip()) for p in parts]

    lines = text.splitlines()
    return cells(lines[0]), [cells(line) for line in lines[2:]]
