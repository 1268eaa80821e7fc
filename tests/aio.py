"""Running a coroutine from a plain test."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on a thread of its own: after the browser tests, Playwright's sync API
    keeps an event loop running on the main thread, where ``asyncio.run`` refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def on_own_thread(call: Callable[[], T]) -> T:
    """``call()`` on a thread of its own, for the same reason as :func:`run`: Tornado's test cases
    run an event loop of their own, which the main thread refuses after the browser tests."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(call).result()
