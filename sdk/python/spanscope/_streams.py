"""Generators under a span: the span is current while the generator body runs, and ends
when the generator is exhausted, raises, is closed, or is dropped unfinished."""
from __future__ import annotations

from typing import Any

from ._jsonsafe import dumps
from ._span import Span, _cv_reset, _cv_set

_MAX_ITEMS = 1000


def _collected(items: list, truncated: bool) -> str:
    if items and all(isinstance(i, str) for i in items):
        value: Any = "".join(items)
    else:
        value = items
    out = {"output": value}
    if truncated:
        out["truncated"] = True
    return dumps(out)


class _Base:
    __slots__ = ("_it", "_span", "_items", "_capture", "_truncated", "_done", "__weakref__")

    def __init__(self, it: Any, sp: Span, capture: bool):
        self._it = it
        self._span = sp
        self._items: list = []
        self._capture = capture and sp.sampled
        self._truncated = False
        self._done = False

    def _keep(self, item: Any) -> None:
        if self._capture:
            if len(self._items) < _MAX_ITEMS:
                self._items.append(item)
            else:
                self._truncated = True

    def _finish(self, error: Any = None) -> None:
        if self._done:
            return
        self._done = True
        sp = self._span
        if self._capture and sp.sampled:
            if sp.x is None:
                sp.x = {}
            sp.x["outputs"] = _collected(self._items, self._truncated)
        sp.end(error)


class TracedGenerator(_Base):
    __slots__ = ()

    def __iter__(self) -> "TracedGenerator":
        return self

    def __next__(self) -> Any:
        return self._step(self._it.send, None)

    def send(self, value: Any) -> Any:
        return self._step(self._it.send, value)

    def throw(self, *exc: Any) -> Any:
        return self._step(self._it.throw, *exc)

    def _step(self, fn: Any, *a: Any) -> Any:
        if self._done:
            raise StopIteration
        token = _cv_set(self._span)
        try:
            item = fn(*a)
        except StopIteration:
            self._finish()
            raise
        except BaseException as e:
            self._finish(e)
            raise
        finally:
            _reset(token)
        self._keep(item)
        return item

    def close(self) -> None:
        if self._done:
            return
        token = _cv_set(self._span)
        try:
            self._it.close()
        except BaseException as e:
            self._finish(e)
            raise
        finally:
            _reset(token)
        self._span.set_metadata(closed_early=True)
        self._finish()

    def __del__(self) -> None:
        if not self._done:
            try:
                self.close()
            except BaseException:
                pass


class TracedAsyncGenerator(_Base):
    __slots__ = ()

    def __aiter__(self) -> "TracedAsyncGenerator":
        return self

    def __anext__(self) -> Any:
        return self._step(self._it.asend, None)

    def asend(self, value: Any) -> Any:
        return self._step(self._it.asend, value)

    def athrow(self, *exc: Any) -> Any:
        return self._step(self._it.athrow, *exc)

    async def _step(self, fn: Any, *a: Any) -> Any:
        if self._done:
            raise StopAsyncIteration
        token = _cv_set(self._span)
        try:
            item = await fn(*a)
        except StopAsyncIteration:
            self._finish()
            raise
        except BaseException as e:
            self._finish(e)
            raise
        finally:
            _reset(token)
        self._keep(item)
        return item

    async def aclose(self) -> None:
        if self._done:
            return
        token = _cv_set(self._span)
        try:
            await self._it.aclose()
        except BaseException as e:
            self._finish(e)
            raise
        finally:
            _reset(token)
        self._span.set_metadata(closed_early=True)
        self._finish()

    def __del__(self) -> None:
        # An async generator dropped unfinished: its body can no longer run here, but the
        # span must still be written.
        if not self._done:
            self._span.set_metadata(closed_early=True)
            self._finish()


def _reset(token: Any) -> None:
    try:
        _cv_reset(token)
    except ValueError:
        pass
