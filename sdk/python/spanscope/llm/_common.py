"""What the OpenAI and Anthropic wrappers share: field access by duck typing, the LLM span's
start and end, and proxies that keep a streamed response's span open until it is consumed."""
from __future__ import annotations

import atexit
import sys
import weakref
from typing import Any, Callable, Mapping, Optional

from .._jsonsafe import jsonable
from .._site import site_at
from .._span import Span
from .pricing import cost_of


def get(obj: Any, key: str, default: Any = None) -> Any:
    """`obj[key]` for mappings, `obj.key` for SDK objects."""
    if obj is None:
        return default
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def plain(obj: Any) -> Any:
    """SDK objects (pydantic models and the like) as plain JSON values."""
    return _strip_types(jsonable(obj))


def _strip_types(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _strip_types(x) for k, x in v.items() if k != "__type__"}
    if isinstance(v, list):
        return [_strip_types(x) for x in v]
    return v


def start_llm(frame: Any, provider: str, model: str, inputs: dict, metadata: dict, operation: str = "chat") -> Span:
    name = "%s %s" % (operation, model) if model else operation
    span_type = "embedding" if operation == "embeddings" else "llm"
    sp = Span(site_at(frame.f_code, frame.f_lineno, name, span_type)).start()
    if sp.sampled:
        if model:
            sp.set_model(model, provider)
        else:
            sp._extra()["provider"] = provider
        sp.set_inputs(inputs)
        if metadata:
            sp.set_metadata(metadata)
    return sp


def finish_llm(sp: Span, outputs: Optional[dict], usage: Optional[Mapping[str, int]], model: Optional[str] = None) -> None:
    if sp.sampled:
        if model and (sp.x is None or sp.x.get("model") != model):
            sp._extra()["model"] = str(model)  # the response names the exact snapshot
        if outputs is not None:
            sp.set_outputs(outputs)
        if usage:
            sp.set_usage(usage)
            m = (sp.x or {}).get("model") or ""
            cost = cost_of(m, sp.x["usage"]) if sp.x and sp.x.get("usage") else None  # type: ignore[index]
            if cost is not None:
                sp.set_cost(cost)
    sp.end()


# Streams whose span is still open. At exit they end as closed early, before the writer's final
# flush (registered before this module's, so it runs after), rather than in `__del__` during
# interpreter shutdown, where starting the writer again would wait forever.
_open: "weakref.WeakSet[StreamProxy]" = weakref.WeakSet()


@atexit.register
def _end_open_streams() -> None:
    for proxy in list(_open):
        try:
            proxy._finish(early=True)
        except Exception:
            pass


class StreamProxy:
    """Wraps a sync stream: chunks pass through `accumulate` (which returns True for a chunk that
    carried output text: the first one is the span's `first_token` event); the span ends with
    the stream."""

    def __init__(self, stream: Any, sp: Span, accumulate: Callable[[Any], Any], result: Callable[[], tuple]):
        self._stream = stream
        self._sp = sp
        self._acc = accumulate
        self._result = result
        self._it: Any = None
        self._done = False
        self._first = True
        _open.add(self)

    def _add(self, chunk: Any) -> None:
        try:
            if self._acc(chunk) is True and self._first:
                self._first = False
                self._sp.add_event("first_token")
        except Exception:
            pass  # an unexpected chunk shape must not break the user's stream

    def _finish(self, error: Optional[BaseException] = None, early: bool = False) -> None:
        if self._done:
            return
        self._done = True
        _open.discard(self)
        outputs, usage, model = self._result()
        if early:
            self._sp.set_metadata(closed_early=True)
        if error is not None:
            self._sp.record_error(error)
        finish_llm(self._sp, outputs, usage, model)

    def __iter__(self) -> "StreamProxy":
        if self._it is None:
            self._it = iter(self._stream)
        return self

    def __next__(self) -> Any:
        if self._it is None:
            self._it = iter(self._stream)
        try:
            chunk = next(self._it)
        except StopIteration:
            self._finish()
            raise
        except BaseException as e:
            self._finish(e)
            raise
        self._add(chunk)
        return chunk

    def __enter__(self) -> "StreamProxy":
        enter = getattr(self._stream, "__enter__", None)
        if enter is not None:
            enter()
        return self

    def __exit__(self, et: Any, e: Any, tb: Any) -> Any:
        exit_ = getattr(self._stream, "__exit__", None)
        try:
            return exit_(et, e, tb) if exit_ is not None else False
        finally:
            self._finish(e, early=e is None and not self._done)

    def close(self) -> None:
        try:
            close = getattr(self._stream, "close", None)
            if close is not None:
                close()
        finally:
            self._finish(early=not self._done)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def __del__(self) -> None:
        if not self._done and not sys.is_finalizing():
            try:
                self._finish(early=True)
            except Exception:
                pass


class AsyncStreamProxy(StreamProxy):
    """The same for async streams (`async for chunk in stream`)."""

    def __aiter__(self) -> "AsyncStreamProxy":
        if self._it is None:
            self._it = self._stream.__aiter__()
        return self

    async def __anext__(self) -> Any:
        if self._it is None:
            self._it = self._stream.__aiter__()
        try:
            chunk = await self._it.__anext__()
        except StopAsyncIteration:
            self._finish()
            raise
        except BaseException as e:
            self._finish(e)
            raise
        self._add(chunk)
        return chunk

    async def __aenter__(self) -> "AsyncStreamProxy":
        enter = getattr(self._stream, "__aenter__", None)
        if enter is not None:
            await enter()
        return self

    async def __aexit__(self, et: Any, e: Any, tb: Any) -> Any:
        exit_ = getattr(self._stream, "__aexit__", None)
        try:
            return (await exit_(et, e, tb)) if exit_ is not None else False
        finally:
            self._finish(e, early=e is None and not self._done)

    async def aclose(self) -> None:
        try:
            close = getattr(self._stream, "aclose", None) or getattr(self._stream, "close", None)
            if close is not None:
                r = close()
                if hasattr(r, "__await__"):
                    await r
        finally:
            self._finish(early=not self._done)
