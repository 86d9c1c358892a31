"""The openai package's stream helpers: `chat.completions.stream(...)` (also under `beta.`) and
`responses.stream(...)`, context managers (sync and async) whose `with` yields the SDK's own
stream object, unchanged.

Each is one llm span, started at the call (its source line is the caller's) and ended with the
stream: when the raw stream is exhausted or fails, or when the `with` block exits first (then
`closed_early`, or the block's error). The helper makes its request through the resource's
`create`, which `wrap_openai` wrapped in place: that call adopts the helper's span instead of
starting one of its own, so the raw chunks feed the span through the same stream proxy as
`create(stream=True)` and the request is traced once. A helper whose request does not go
through a wrapped `create` (`responses.stream(response_id=...)` retrieves) is described from
the SDK stream's own final state when the block exits.
"""
from __future__ import annotations

import functools
import sys
from contextvars import ContextVar
from typing import Any, Callable, Optional

from .._config import settings
from . import _openai
from ._common import finish_llm, get, start_llm

_MARK = "__spanscope_wrapped__"


class Pending:
    """A helper's span, waiting for the request its manager makes."""

    __slots__ = ("sp", "outputs_of", "proxy", "taken")

    def __init__(self, sp: Any, outputs_of: Callable):
        self.sp, self.outputs_of, self.proxy, self.taken = sp, outputs_of, None, False


_pending: ContextVar[Optional[Pending]] = ContextVar("spanscope_llm_stream_helper", default=None)


def adopt(outputs_of: Callable) -> Optional[Pending]:
    """For a wrapped `create` of the same kind: the helper span its request belongs to, once."""
    p = _pending.get()
    if p is None or p.taken or p.outputs_of is not outputs_of:
        return None
    p.taken = True
    return p


def _final_chat(stream: Any) -> Any:
    return get(stream, "current_completion_snapshot")  # the SDK's accumulated completion; reads nothing more


def _final_response(stream: Any) -> Any:
    return stream.get_final_response()  # the response is closed by now: nothing more is read


class StreamManager:
    """Stands in for the SDK's stream manager; what `with` yields is the SDK's own stream."""

    def __init__(self, manager: Any, pending: Pending, final_of: Callable[[Any], Any]):
        self._manager, self._pending, self._final_of, self._stream = manager, pending, final_of, None

    def _ending(self, e: Optional[BaseException]) -> bool:
        """Ends the span from the adopted request's stream; False when there was none."""
        proxy = self._pending.proxy
        if proxy is None:
            return False
        proxy._finish(e, early=e is None and not proxy._done)
        return True

    def _end_with(self, final: Any, e: Optional[BaseException]) -> None:
        sp = self._pending.sp
        if final is None or e is not None:
            sp.end(e)
            return
        outputs = self._pending.outputs_of(final)
        finish_llm(sp, outputs, _openai.usage_of(get(final, "usage")), get(final, "model"))

    def __enter__(self) -> Any:
        token = _pending.set(self._pending)
        try:
            self._stream = self._manager.__enter__()
        except BaseException as e:
            self._pending.sp.end(e)  # a no-op when the adopted request already ended it
            raise
        finally:
            _pending.reset(token)
        return self._stream

    def __exit__(self, et: Any, e: Any, tb: Any) -> Any:
        try:
            return self._manager.__exit__(et, e, tb)
        finally:
            if not self._ending(e):
                final = None
                try:
                    final = self._final_of(self._stream) if e is None and self._stream is not None else None
                except Exception:
                    pass
                self._end_with(final, e)

    async def __aenter__(self) -> Any:
        token = _pending.set(self._pending)
        try:
            self._stream = await self._manager.__aenter__()
        except BaseException as e:
            self._pending.sp.end(e)
            raise
        finally:
            _pending.reset(token)
        return self._stream

    async def __aexit__(self, et: Any, e: Any, tb: Any) -> Any:
        try:
            return await self._manager.__aexit__(et, e, tb)
        finally:
            if not self._ending(e):
                final = None
                try:
                    if e is None and self._stream is not None:
                        final = self._final_of(self._stream)
                        if hasattr(final, "__await__"):
                            final = await final
                except Exception:
                    pass
                self._end_with(final, e)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._manager, name)


def trace_stream(stream: Callable, kind: str) -> Callable:
    """Wraps a resource's `stream` method; `kind` is "chat" or "responses"."""
    if getattr(stream, _MARK, False):
        return stream
    chat = kind == "chat"
    inputs_of = _openai.chat_inputs if chat else _openai.responses_inputs
    outputs_of = _openai.chat_outputs if chat else _openai.responses_outputs
    final_of = _final_chat if chat else _final_response

    @functools.wraps(stream)
    def traced_stream(*args: Any, **kwargs: Any) -> Any:
        if not settings.enabled:
            return stream(*args, **kwargs)
        try:
            sp = start_llm(sys._getframe(1), "openai", str(kwargs.get("model") or ""), inputs_of(kwargs),
                           {**_openai.metadata_of(kwargs), "stream": True})
        except Exception:  # tracing must never break the call
            return stream(*args, **kwargs)
        pending = Pending(sp, outputs_of)
        # The async helpers call `create` here already (the request runs when the block is entered).
        token = _pending.set(pending)
        try:
            manager = stream(*args, **kwargs)
        except BaseException as e:
            sp.end(e)
            raise
        finally:
            _pending.reset(token)
        return StreamManager(manager, pending, final_of)

    setattr(traced_stream, _MARK, True)
    return traced_stream
