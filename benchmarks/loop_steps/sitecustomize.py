"""Loaded by a server the benchmarks start with this folder on PYTHONPATH: times every step of its
event loop in computing time, not the clock's, so that the figure does not depend on how busy the
machine is.

``REFLEXMAP_LOOP_STEPS`` names a file to which each step of more than ``LOGGED_MS`` of CPU (of the
event loop's thread alone) adds a JSON line: ``[monotonic time at its end, CPU ms, what ran]``;
for a task's step, what ran is where the task then waits (file:line function, innermost last).
With ``REFLEXMAP_LOOP_PROFILE`` naming a folder as well, every step is profiled (which makes it
slower) and the profile of each one over ``LOGGED_MS`` is written there, for ``python -m pstats``.
"""

from __future__ import annotations

import asyncio.events
import json
import os
import time

STEPS_FILE = os.environ.get("REFLEXMAP_LOOP_STEPS", "")
PROFILE_DIR = os.environ.get("REFLEXMAP_LOOP_PROFILE", "")
LOGGED_MS = 20.0


_short = os.path.basename


def _what(handle: asyncio.events.Handle) -> str:
    task = getattr(getattr(handle, "_callback", None), "__self__", None)
    if isinstance(task, asyncio.Task) and not task.done():
        frames = reversed(task.get_stack()[-3:])
        return " < ".join(f"{_short(f.f_code.co_filename)}:{f.f_lineno} {f.f_code.co_name}" for f in frames)
    return repr(handle)[:200]


def _watch() -> None:
    run = asyncio.events.Handle._run

    def timed(handle: asyncio.events.Handle) -> None:
        profile = None
        if PROFILE_DIR:
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        start = time.thread_time()
        try:
            run(handle)
        finally:
            ms = (time.thread_time() - start) * 1000
            if profile is not None:
                profile.disable()
            if ms > LOGGED_MS:
                if profile is not None:
                    profile.dump_stats(os.path.join(PROFILE_DIR, f"{time.monotonic():.3f}-{ms:.0f}ms.prof"))
                with open(STEPS_FILE, "a") as out:
                    out.write(json.dumps([time.monotonic(), round(ms, 1), _what(handle)]) + "\n")

    asyncio.events.Handle._run = timed


if STEPS_FILE:
    _watch()
