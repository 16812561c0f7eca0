"""Pausing Python's cycle collector while large documents are parsed and compared."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while documents are parsed and compared.

    Parsed JSON is a tree, so the collector finds nothing in it, yet with millions of new
    containers it runs again and again over the growing heap: on the 13 MB GitHub pair that
    costs as much as the parsing. Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
