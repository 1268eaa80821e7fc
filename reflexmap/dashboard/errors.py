"""Keeping Python errors away from the page: log them, tell the user briefly, keep going."""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
from collections.abc import Callable

from tornado.websocket import WebSocketClosedError

from ..i18n import N_

log = logging.getLogger("reflexmap.dashboard")

SORRY = N_("Sorry, that did not work. The error has been logged; the map is still usable.")


def guarded(state, fn: Callable) -> Callable:
    """Wrap an event handler (a function or a coroutine function) so an exception becomes
    ``state.message`` instead of a traceback."""

    def report() -> None:
        log.exception("error in %s", getattr(fn, "__qualname__", fn))
        # an offer made before the failure no longer goes with the message
        state.param.update(message=state._(SORRY), offer="", offer_label="")

    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def async_wrapper(*args, **kwargs):
            try:
                return await fn(*args, **kwargs)
            except Exception:
                report()
                return None

        return async_wrapper

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception:
            report()
            return None

    return wrapper


def quiet_closed_pages(loop: asyncio.AbstractEventLoop) -> None:
    """Have ``loop`` drop asyncio's report of a write to a page that had already closed.

    Panel writes a session's changes as tasks it awaits later; when the page closes first, a write
    that already failed (``WebSocketClosedError``) is cancelled with the rest, which leaves its
    error unread, and asyncio logs it with a traceback when the task is collected. Nothing went
    wrong: the page is gone. A class whose students leave at once logged one for every few pages.
    Every other error still reaches the loop's handler. Done once per loop.
    """
    before = loop.get_exception_handler()
    if getattr(before, "quiets_closed_pages", False):
        return

    def handler(loop: asyncio.AbstractEventLoop, context: dict) -> None:
        if isinstance(context.get("exception"), WebSocketClosedError) and "never retrieved" in str(
            context.get("message", "")
        ):
            return
        if before is None:
            loop.default_exception_handler(context)
        else:
            before(loop, context)

    handler.quiets_closed_pages = True
    loop.set_exception_handler(handler)
