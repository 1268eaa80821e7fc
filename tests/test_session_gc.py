"""Open pages' sessions and Python's full garbage collections (dashboard/session_gc.py)."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref

from reflexmap.dashboard import session_gc

from .aio import run


class OnServer:
    """A served page's document, as far as session_gc looks."""

    session_context = object()


class Cycle:
    """Garbage only a collection frees: it refers to itself."""

    def __init__(self):
        self.me = self


def test_a_settled_class_page_is_left_out_of_collections_until_a_quiet_moment(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(session_gc, "clock", lambda: now[0])
    monkeypatch.setattr(session_gc, "_waiting_since", [None])
    monkeypatch.setattr(session_gc, "_last_news", [0.0])
    later: list = []

    async def scenario() -> list[bool]:
        loop = asyncio.get_running_loop()
        monkeypatch.setattr(loop, "call_later", lambda _delay, fn: later.append(fn))
        page = Cycle()
        left = weakref.ref(page)
        session_gc.settled(OnServer())  # the page's session, frozen while it is open
        del page
        gc.collect()
        seen = [left() is not None]  # a full collection passes it by
        session_gc.news()  # a teacher's click just now
        session_gc.closed()
        session_gc.closed()  # another page: the same collection
        seen.append(len(later) == 1 and left() is not None)  # not at once
        now[0] += session_gc.QUIET_S / 2
        session_gc.news()  # the class is still clicking: no pause yet
        now[0] += session_gc.QUIET_S / 2
        later.pop()()
        seen.append(len(later) == 1 and left() is not None)
        now[0] += session_gc.QUIET_S  # quiet: collected
        later.pop()()
        seen.append(not later and left() is None)
        return seen

    try:
        assert run(scenario()) == [True, True, True, True]
    finally:
        gc.unfreeze()


def test_a_busy_class_still_has_its_closed_pages_collected_in_the_end(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(session_gc, "clock", lambda: now[0])
    monkeypatch.setattr(session_gc, "_waiting_since", [now[0]])
    monkeypatch.setattr(session_gc, "_last_news", [now[0] + session_gc.MOST_WAIT_S])
    now[0] += session_gc.MOST_WAIT_S + 1
    page = Cycle()
    left = weakref.ref(page)
    gc.freeze()
    del page
    try:
        session_gc._collect_when_quiet()  # news a moment ago, but it has waited long enough
        assert left() is None and session_gc._waiting_since == [None]
    finally:
        gc.unfreeze()


def test_off_a_server_nothing_is_frozen_nor_scheduled(monkeypatch):
    monkeypatch.setattr(session_gc, "_waiting_since", [None])
    page = Cycle()
    left = weakref.ref(page)
    session_gc.settled(None)
    session_gc.settled(type("Doc", (), {"session_context": None})())
    del page
    gc.collect()
    assert left() is None
    # on a thread of its own: an earlier test's library (nbclient's nest_asyncio) can leave this
    # thread looking as if a loop ran in it
    off_the_loop = threading.Thread(target=session_gc.closed)
    off_the_loop.start()
    off_the_loop.join()
    assert session_gc._waiting_since == [None]


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


def test_every_served_session_is_frozen_once_its_page_loaded_and_collected_after_it_closes(monkeypatch):
    loaded: list = []
    destroyed: list = []
    closed: list = []
    monkeypatch.setattr(session_gc.pn.state, "onload", loaded.append)
    monkeypatch.setattr(session_gc, "closed", lambda: closed.append(True))

    class ServedDoc(OnServer):
        on_session_destroyed = staticmethod(destroyed.append)

    class NotServed(ServedDoc):
        session_context = None

    session_gc.watch(NotServed())  # a notebook's or a test's: nothing would unfreeze it
    session_gc.watch(None)
    assert loaded == destroyed == []
    session_gc.watch(ServedDoc())
    assert len(loaded) == len(destroyed) == 1
    page = Cycle()
    try:
        loaded[0]()  # its page has loaded
        assert gc.get_freeze_count() > 0
        left = weakref.ref(page)
        del page
        gc.collect()
        assert left() is not None  # left out of collections while open
    finally:
        gc.unfreeze()
    destroyed[0](None)  # the page closed: a collection asked for
    assert closed == [True]
