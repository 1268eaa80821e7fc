"""Imports whose objects last as long as the process, kept out of the garbage collector's way."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def lasting() -> Iterator[None]:
    """Run the block (imports, mostly) with the cyclic collector off, then freeze what it made.

    Panel and Bokeh make objects by the hundred thousand on import, all kept for good, and the
    collector kept walking them: 0.15 s of a 0.8 s import. Frozen afterwards, they are skipped by
    later collections and left untouched in ``--num-procs`` workers' shared memory. Everything
    alive at the end is frozen, so use this only where little else is: at start-up.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
