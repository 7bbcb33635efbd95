"""Progress for long `touchpoints` commands: a bar on a terminal, nothing in scripts.

Shown on stderr only when stderr is a terminal and --quiet was not given, so piped output and
scripts see exactly what they saw before. rich ships with typer: no new dependency.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def showing(quiet: bool) -> bool:
    """Whether to show progress: not --quiet, and stderr is a terminal."""
    return not quiet and sys.stderr.isatty()


@contextmanager
def people_bar(total: int, label: str, *, quiet: bool) -> Iterator[Callable[[int], None]]:
    """A bar of people done out of `total`, with the time left; yields `update(people_done)`."""
    if not showing(quiet):
        yield lambda _done: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("people"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done: bar.update(task, completed=done)


@contextmanager
def status(message: str, *, quiet: bool) -> Iterator[Callable[[str], None]]:
    """A one-line status with a spinner while work runs; yields `say(new_message)`."""
    if not showing(quiet):
        yield lambda _message: None
        return
    from rich.console import Console

    with Console(stderr=True).status(message) as shown:
        yield lambda new: shown.update(new)
