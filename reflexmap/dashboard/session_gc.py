"""Built sessions kept out of Python's full garbage collections while their pages are open.

A full collection walks every object the process tracks, and a dashboard session is a great many
of them: with 30 pages open one took some 400 ms of CPU, a pause of the one event loop, and while
100 pages joined they grew to 1.4 s each. Python starts one when enough new objects have lived
long enough, which pages joining and clicking provide, so now and then one fell in a click and
that page (or a class's every student, see ``class_panel``) saw its answer late.

A session, once its page has loaded, lives as long as its page, so it is frozen (``gc.freeze``:
left out of collections, still freed by reference counting); so is a class page again when it
joins its class. A frozen session that closes cannot have its reference cycles collected, so a
closed page schedules one full collection of everything (``gc.unfreeze``) for a quiet moment:
when no page has clicked and no class has had news for :data:`QUIET_S`, and at most
:data:`MOST_WAIT_S` after the page closed.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time

import panel as pn

QUIET_S = 3.0  # no clicks nor class news for this long: a pause now delays nobody's answer
MOST_WAIT_S = 120.0  # closed pages' memory is not held longer than this, quiet or not
log = logging.getLogger("reflexmap.dashboard")

clock = time.monotonic  # seconds; tests set their own
_last_news = [0.0]
_waiting_since: list[float | None] = [None]  # when the first closed page asked for a collection


def watch(doc) -> None:
    """``doc`` is a new session's (on a server; elsewhere nothing): freeze it once its page has
    loaded (what building and sending it left behind is gone by then), and collect what it leaves
    when it closes."""
    if doc is None or doc.session_context is None:
        return
    pn.state.onload(lambda: settled(doc))
    doc.on_session_destroyed(lambda _context: closed())


def settled(doc) -> None:
    """The session of ``doc`` is built and its page loaded (or a class page is in its class):
    leave it out of full collections. Only on a server: elsewhere (tests, notebooks) no closed
    page would unfreeze it."""
    if doc is not None and doc.session_context is not None:
        gc.freeze()


def news() -> None:
    """A page clicked, or a class had news (a teacher's click): no collection for :data:`QUIET_S`
    from now."""
    _last_news[0] = clock()


def closed() -> None:
    """A page closed: collect what it leaves, at the next quiet moment."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # not on a server (tests, notebooks): nothing is frozen for long there
        return
    if _waiting_since[0] is None:
        _waiting_since[0] = clock()
        loop.call_later(QUIET_S, _collect_when_quiet)


def _collect_when_quiet() -> None:
    now, since = clock(), _waiting_since[0]
    if since is None:
        return
    if now - _last_news[0] < QUIET_S and now - since < MOST_WAIT_S:
        asyncio.get_running_loop().call_later(QUIET_S, _collect_when_quiet)
        return
    _waiting_since[0] = None
    started = time.process_time()
    gc.unfreeze()
    found = gc.collect()
    gc.freeze()  # the pages still open stay out of the collections to come
    cpu_ms = (time.process_time() - started) * 1000
    log.debug("pages closed: %d objects collected in %.0f ms of CPU", found, cpu_ms)
