"""Keeping Python errors away from the page: log them, tell the user briefly, keep going."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable

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
