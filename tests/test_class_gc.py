"""A live class's sessions and Python's full garbage collections (dashboard/class_gc.py)."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref

from reflexmap.dashboard import class_gc

from .aio import run


class OnServer:
    """A served page's document, as far as class_gc looks."""

    session_context = object()


class Cycle:
    """Garbage only a collection frees: it refers to itself."""

    def __init__(self):
        self.me = self


def test_a_settled_class_page_is_left_out_of_collections_until_a_quiet_moment(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(class_gc, "clock", lambda: now[0])
    monkeypatch.setattr(class_gc, "_waiting_since", [None])
    monkeypatch.setattr(class_gc, "_last_news", [0.0])
    later: list = []

    async def scenario() -> list[bool]:
        loop = asyncio.get_running_loop()
        monkeypatch.setattr(loop, "call_later", lambda _delay, fn: later.append(fn))
        page = Cycle()
        left = weakref.ref(page)
        class_gc.settled(OnServer())  # the page's session, frozen while it is open
        del page
        gc.collect()
        seen = [left() is not None]  # a full collection passes it by
        class_gc.news()  # a teacher's click just now
        class_gc.closed()
        class_gc.closed()  # another page: the same collection
        seen.append(len(later) == 1 and left() is not None)  # not at once
        now[0] += class_gc.QUIET_S / 2
        class_gc.news()  # the class is still clicking: no pause yet
        now[0] += class_gc.QUIET_S / 2
        later.pop()()
        seen.append(len(later) == 1 and left() is not None)
        now[0] += class_gc.QUIET_S  # quiet: collected
        later.pop()()
        seen.append(not later and left() is None)
        return seen

    try:
        assert run(scenario()) == [True, True, True, True]
    finally:
        gc.unfreeze()


def test_a_busy_class_still_has_its_closed_pages_collected_in_the_end(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(class_gc, "clock", lambda: now[0])
    monkeypatch.setattr(class_gc, "_waiting_since", [now[0]])
    monkeypatch.setattr(class_gc, "_last_news", [now[0] + class_gc.MOST_WAIT_S])
    now[0] += class_gc.MOST_WAIT_S + 1
    page = Cycle()
    left = weakref.ref(page)
    gc.freeze()
    del page
    try:
        class_gc._collect_when_quiet()  # news a moment ago, but it has waited long enough
        assert left() is None and class_gc._waiting_since == [None]
    finally:
        gc.unfreeze()


def test_off_a_server_nothing_is_frozen_nor_scheduled(monkeypatch):
    monkeypatch.setattr(class_gc, "_waiting_since", [None])
    page = Cycle()
    left = weakref.ref(page)
    class_gc.settled(None)
    class_gc.settled(type("Doc", (), {"session_context": None})())
    del page
    gc.collect()
    assert left() is None
    # on a thread of its own: an earlier test's library (nbclient's nest_asyncio) can leave this
    # thread looking as if a loop ran in it
    off_the_loop = threading.Thread(target=class_gc.closed)
    off_the_loop.start()
    off_the_loop.join()
    assert class_gc._waiting_since == [None]


def test_a_write_to_a_closed_page_is_not_reported_and_other_errors_still_are():
    from tornado.websocket import WebSocketClosedError

    from reflexmap.dashboard.errors import quiet_closed_pages

    async def scenario() -> list[str]:
        loop = asyncio.get_running_loop()
        reported: list[str] = []
        loop.set_exception_handler(
            lambda _loop, context: reported.append(type(context["exception"]).__name__)
        )
        quiet_closed_pages(loop)
        quiet_closed_pages(loop)  # once per loop, however many pages

        async def fail(error: Exception) -> None:
            raise error

        for error in (WebSocketClosedError(), ValueError("ours")):
            task = asyncio.ensure_future(fail(error))
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            del task  # never awaited: asyncio reports it when collected
            gc.collect()
        return reported

    assert run(scenario()) == ["ValueError"]
