"""Checking a user's chart in a worker process with CPU-time and memory limits.

A chart within every limit of the loader can still cost seconds of computing (validation, and a
label point for each zone): done on the server's event loop, that froze every user's page. Here
each upload is checked, and its label points found, in a fresh process that the system stops at
:data:`CPU_SECONDS` of computing or :data:`MEMORY_BYTES` more memory, while the event loop stays
free; the chart's display columns are built there too. Panel-free, so the worker processes start
from a small, preloaded parent (forkserver).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection

from ..charts import only_view
from ..i18n import N_
from ..model import Chart, read_upload
from ..problems import ChartError
from ..web.map_data import MAP_VIEW, map_columns

log = logging.getLogger("reflexmap.dashboard.upload")

CPU_SECONDS = 30
MEMORY_BYTES = 1_000_000_000
WALL_SECONDS = 300
"""A check still running after this long is stopped even within its CPU limit. On a busy machine a
worker at the lowest priority gets a small share of the CPU, so this is much more than
:data:`CPU_SECONDS`; a stop here is the server's doing, and :class:`ServerBusy` says so."""
# Checks running at once in one server process; further uploads wait their turn.
WORKERS = 2
WORKER_NICENESS = 19
"""The check runs at the lowest CPU priority: the server's answers to everyone else come first."""
NICENESS_VARIABLE = "REFLEXMAP_CHECK_NICENESS"
"""For tests only: a niceness from 0 to 19 for the checks. On a loaded test machine a check at 19
gets almost no CPU, and upload tests wait minutes for what takes seconds."""


def worker_niceness() -> int:
    """:data:`WORKER_NICENESS`, or the niceness :data:`NICENESS_VARIABLE` gives (0 to 19)."""
    given = os.environ.get(NICENESS_VARIABLE, "")
    return int(given) if given.isdigit() and int(given) <= WORKER_NICENESS else WORKER_NICENESS


_slots = asyncio.Semaphore(WORKERS)


class LimitExceeded(Exception):
    """The worker was stopped (time or memory) before it could say whether the chart is valid.

    ``TEXT`` is the English message, marked for the catalogue: the page shows
    ``state._(error.TEXT).format(**error.fields)``, ``str(error)`` the English for logs."""

    TEXT = N_(
        "{filename} needs more than {cpu} s of computing or {megabytes:,} MB of memory to check, "
        "the limits for a chart loaded here"
    )

    def __init__(self, filename: str, **fields):
        self.fields = {
            "filename": filename,
            "cpu": CPU_SECONDS,
            "megabytes": MEMORY_BYTES // 1_000_000,
            **fields,
        }
        super().__init__(self.TEXT.format(**self.fields))


class ServerBusy(LimitExceeded):
    """The check ran out of wall-clock time, not of its CPU time: the machine was too busy to give
    the worker its share, which says nothing against the chart."""

    TEXT = N_(
        "{filename} could not be checked: the server is too busy right now. In {seconds:.0f} s the "
        "check got only {used:.0f} s of computing, within the {cpu} s a chart may take, so the chart "
        "itself is not the problem. Please try again in a few minutes"
    )


class WorkerFailed(RuntimeError):
    """The worker met an error that is no fault of the chart (a bug): logged, and the user told
    that it did not work, as any other error in the dashboard."""


def _context() -> multiprocessing.context.BaseContext:
    # Forking the server itself would copy its threads' locks mid-use; a fork server started
    # once, with the loader already imported, starts each worker in milliseconds (where there is
    # none, as on macOS builds without it, each worker starts afresh). Unix only all the same:
    # _run waits on the pipe with loop.add_reader, which Windows' event loop lacks for pipes.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def start_workers() -> None:
    """Start the fork server that the checks are forked from, at the lowest CPU priority, before
    the first upload (where the system has one).

    Starting, it imports the loader: about a second of computing. Started by the first upload, at
    normal priority, that second competed with the server's answers to every other user just when
    the upload arrived; the workers forked from it inherit its priority.
    """
    if _context().get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    # imported here: the fork server imports this module, and internals loads Panel
    from .internals import forkserver_pid

    forkserver.ensure_running()
    if pid := forkserver_pid():
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, worker_niceness())


def _limit_this_process(cpu_seconds: int, memory_bytes: int) -> None:
    import resource  # Unix only

    # on a machine with few cores the check competes for CPU with the server, whose answers to
    # every other user must come first
    os.nice(worker_niceness() - os.nice(0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a worker stopped at a limit leaves no core file
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 2))
    with open("/proc/self/statm") as statm:
        used = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (used + memory_bytes, used + memory_bytes))


def _own_cpu_seconds() -> float:
    # the worker's own figure: it is the fork server's child, not the server's, so the server
    # never sees it among its reaped children's times
    import resource  # Unix only, as the fork server

    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def _work(reply: Connection, filename: str, data: bytes, limits: tuple[int, int]) -> None:
    with contextlib.suppress(ImportError, OSError, ValueError):  # no /proc: the CPU limit alone
        _limit_this_process(*limits)
    try:
        # the app draws one view; a chart without it is refused like any other unusable chart
        loaded = only_view(read_upload(filename, data), MAP_VIEW)
        chart = Chart(loaded)
        # the display columns (and the label points in them) are what costs time on a hostile
        # chart after the checks: built here too, under the limits
        columns = map_columns(chart)
        keys = zip(chart.zones["zone_id"], chart.zones["foot"], chart.zones["view"], strict=True)
        answer = ("ok", (loaded, {key: chart.inner_point(*key) for key in keys}, columns))
    except ChartError as error:
        answer = ("refused", error.problems)
    except MemoryError:
        answer = None  # the closed pipe says "stopped at a limit"
    except Exception:  # a bug, not the chart's fault: the server logs it and says sorry
        answer = ("error", traceback.format_exc())
    try:
        if answer is not None:
            reply.send((*answer, _own_cpu_seconds()))
    finally:
        reply.close()


def cpu_seconds(pid: int) -> float | None:
    """The CPU time process ``pid`` has used so far, user and system, or None where unknown."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            # after the command name (in parentheses, which may hold spaces): utime, stime at 14, 15
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


async def check_upload(filename: str, data: bytes, progress: Callable[[float], None]) -> Chart:
    """The uploaded chart, checked and prepared in a worker; ``progress(seconds)`` is called about
    once a second while it runs (and while waiting for a free worker).

    Raises :class:`ChartError` for an invalid chart, :class:`LimitExceeded` for one that
    costs more than a chart may and :class:`WorkerFailed` for any other error in the worker.
    """
    start = time.monotonic()
    async with _slots:
        return await _run(filename, data, lambda: progress(time.monotonic() - start))


async def _run(filename: str, data: bytes, tick: Callable[[], None]) -> Chart:
    context = _context()
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(
        target=_work, args=(send, filename, data, (CPU_SECONDS, MEMORY_BYTES)), daemon=True
    )
    loop = asyncio.get_running_loop()
    tick()
    await loop.run_in_executor(None, worker.start)  # the first start launches the fork server
    send.close()
    answer = loop.create_future()
    loop.add_reader(receive.fileno(), lambda: answer.done() or answer.set_result(None))
    try:
        # a wall-clock cap as well, for a worker that waits rather than computes
        started = time.monotonic()
        while not answer.done() and time.monotonic() < started + WALL_SECONDS:
            tick()
            await asyncio.wait([answer], timeout=1.0)
        if not answer.done():
            used = cpu_seconds(worker.pid)
            if used is not None and used < CPU_SECONDS:
                raise ServerBusy(filename, seconds=time.monotonic() - started, used=used)
            raise LimitExceeded(filename)
        try:
            # read on a thread: the answer is megabytes, which the worker, at the lowest priority,
            # writes into the pipe a piece at a time; read on the event loop, every other user
            # waited while the busy machine let the worker write the next piece
            status, value, used = await loop.run_in_executor(None, receive.recv)
        except EOFError:  # the system stopped the worker, or it gave up at the memory limit
            raise LimitExceeded(filename) from None
    finally:
        loop.remove_reader(receive.fileno())
        # the worker first: its end of the pipe closed, a read still running on a thread ends
        worker.kill()
        await loop.run_in_executor(None, worker.join)
        receive.close()
    # the figure benchmarks/bench_hostile_upload.py reports as the check's CPU
    log.info("checked %r in a worker: %s, %.2f s of CPU", filename, status, used)
    if status == "refused":
        raise ChartError(value)
    if status == "error":
        raise WorkerFailed(f"checking {filename!r} failed in the worker:\n{value}")
    loaded, points, columns = value
    chart = Chart(loaded, inner_points=points)
    map_columns.prime(chart, columns)
    return chart


__all__ = [
    "CPU_SECONDS",
    "MEMORY_BYTES",
    "WALL_SECONDS",
    "LimitExceeded",
    "ServerBusy",
    "WorkerFailed",
    "check_upload",
    "start_workers",
]
