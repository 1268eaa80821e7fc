"""Loaded by a server the benchmarks start with this folder on PYTHONPATH: times every step of its
event loop in computing time, not the clock's, so that the figure does not depend on how busy the
machine is.

``REFLEXMAP_LOOP_STEPS`` names a file to which each step of more than ``LOGGED_MS`` of CPU (of the
event loop's thread alone) or of the clock adds a JSON line: ``[monotonic time at its end, CPU ms,
what ran, clock ms]``; for a task's step, what ran is where the task then waits (file:line
function, innermost first). A step whose clock time is far over its CPU time waited on the event
loop (a blocking read), or was kept from the CPU by a busy machine.
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
    if not isinstance(task, asyncio.Task) or task.done():
        return repr(handle)[:200]
    # the coroutine the task runs, and those it awaits in turn: where it waits now
    frames, coro = [], task.get_coro()
    while (frame := getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)) is not None:
        frames.append(frame)
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    innermost = frames[::-1][:3]
    return " < ".join(f"{_short(f.f_code.co_filename)}:{f.f_lineno} {f.f_code.co_name}" for f in innermost)


def _watch() -> None:
    run = asyncio.events.Handle._run

    def timed(handle: asyncio.events.Handle) -> None:
        profile = None
        if PROFILE_DIR:
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        start, clock = time.thread_time(), time.monotonic()
        try:
            run(handle)
        finally:
            ms = (time.thread_time() - start) * 1000
            clock_ms = (time.monotonic() - clock) * 1000
            if profile is not None:
                profile.disable()
            if ms > LOGGED_MS or clock_ms > LOGGED_MS:
                if profile is not None:
                    profile.dump_stats(os.path.join(PROFILE_DIR, f"{time.monotonic():.3f}-{ms:.0f}ms.prof"))
                line = [time.monotonic(), round(ms, 1), _what(handle), round(clock_ms, 1)]
                with open(STEPS_FILE, "a") as out:
                    out.write(json.dumps(line) + "\n")

    asyncio.events.Handle._run = timed


if STEPS_FILE:
    _watch()
