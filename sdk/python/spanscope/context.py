"""Carrying the current span into threads.

asyncio tasks copy the context by themselves, and `asyncio.to_thread` does too. A plain
`threading.Thread` or `ThreadPoolExecutor.submit` starts with an empty context, so spans
made there would start new traces. Use one of:

    spanscope.context.Thread(target=work).start()          # a Thread that inherits the span
    pool.submit(spanscope.context.wrap(work), arg)          # any executor
    with spanscope.context.ThreadPoolExecutor() as pool:    # submit/map inherit the span
        pool.map(work, items)

All three are `contextvars.copy_context()` taken when the work is handed over, then
`ctx.run(fn, ...)` in the thread.
"""
from __future__ import annotations

import concurrent.futures
import contextvars
import threading
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def wrap(fn: Callable[..., T]) -> Callable[..., T]:
    """`fn` bound to the current context: call it from any thread and its spans nest here."""
    ctx = contextvars.copy_context()

    def run(*args: Any, **kwargs: Any) -> T:
        return ctx.run(fn, *args, **kwargs)

    return run


class Thread(threading.Thread):
    """A `threading.Thread` whose target runs in the context of the code that created it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._spanscope_ctx = contextvars.copy_context()

    def run(self) -> None:
        self._spanscope_ctx.run(super().run)


class ThreadPoolExecutor(concurrent.futures.ThreadPoolExecutor):
    """A thread pool whose tasks run in the context of the code that submitted them."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> "concurrent.futures.Future[T]":
        return super().submit(contextvars.copy_context().run, fn, *args, **kwargs)
