"""Python's cyclic garbage collector paused around bulk work (reading or storing a large file).

The collector walks every live object each time enough new ones are made. Checking 50,000 rows
makes about a million objects, none of them garbage in a cycle, and the walks took a third of
an import's reading and more than its inserts. Both the reader (timeline.io) and the store use
this one pause.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """The collector off inside the block, back on after if it was on (only a pause that
    turned it off turns it on: never left off, and nested pauses are harmless)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
