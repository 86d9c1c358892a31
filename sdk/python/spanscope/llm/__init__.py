"""LLM client wrappers, by duck typing (no dependency on the openai or anthropic packages).

    client = spanscope.llm.wrap(OpenAI())        # or Anthropic(), AsyncOpenAI(), ...

Each call becomes an `llm` span with the model, messages (OpenAI chat shape), tool calls,
token usage and cost from the bundled price table (`configure(pricing=...)` overrides it).
Streams are passed through untouched; the span ends when the stream is consumed or closed.
"""
from __future__ import annotations

import functools
import sys
from typing import Any, Callable, TypeVar

from .._config import settings
from . import _anthropic, _openai
from ._openai_streams import adopt, trace_stream
from ._common import AsyncStreamProxy, StreamProxy, finish_llm, get, start_llm
from .pricing import cost_of, price_of

__all__ = ["wrap", "wrap_openai", "wrap_anthropic", "cost_of", "price_of"]

C = TypeVar("C")
_MARK = "__spanscope_wrapped__"


def _traced(original: Callable, provider: str, operation: str, inputs_of: Callable, meta_of: Callable,
            outputs_of: Callable, usage_of: Callable, accumulator: Callable[[], Any]) -> Callable:
    if getattr(original, _MARK, False):
        return original

    @functools.wraps(original)
    def call(*args: Any, **kwargs: Any) -> Any:
        if not settings.enabled:
            return original(*args, **kwargs)
        pending = adopt(outputs_of)
        if pending is not None:  # a stream helper's request: its span is already open
            return _call(original, args, kwargs, pending.sp, outputs_of, usage_of, accumulator, pending)
        try:
            sp = start_llm(sys._getframe(1), provider, str(kwargs.get("model") or ""), inputs_of(kwargs), meta_of(kwargs), operation)
        except Exception:  # tracing must never break the call
            return original(*args, **kwargs)
        return _call(original, args, kwargs, sp, outputs_of, usage_of, accumulator)

    setattr(call, _MARK, True)
    return call


def _call(original: Callable, args: tuple, kwargs: dict, sp: Any, outputs_of: Callable, usage_of: Callable,
          accumulator: Callable, pending: Any = None) -> Any:
    if not sp.sampled:
        return original(*args, **kwargs)
    try:
        result = original(*args, **kwargs)
    except BaseException as e:
        sp.end(e)
        raise
    if hasattr(result, "__await__") and not hasattr(result, "__aiter__"):
        return _finish_async(result, sp, kwargs, outputs_of, usage_of, accumulator, pending)
    return _finish(result, sp, kwargs, outputs_of, usage_of, accumulator, pending)


def _finish(result: Any, sp: Any, kwargs: dict, outputs_of: Callable, usage_of: Callable, accumulator: Callable,
            pending: Any = None) -> Any:
    if kwargs.get("stream"):
        acc = accumulator()
        proxy = AsyncStreamProxy if hasattr(result, "__aiter__") else StreamProxy
        wrapped = proxy(result, sp, acc.add, acc.result)
        if pending is not None:
            pending.proxy = wrapped  # the helper's `with` block may end the span before the stream does
        return wrapped
    try:
        finish_llm(sp, outputs_of(result), usage_of(get(result, "usage")), get(result, "model"))
    except Exception:
        sp.end()
    return result


async def _finish_async(coro: Any, sp: Any, kwargs: dict, outputs_of: Callable, usage_of: Callable, accumulator: Callable,
                        pending: Any = None) -> Any:
    try:
        result = await coro
    except BaseException as e:
        sp.end(e)
        raise
    return _finish(result, sp, kwargs, outputs_of, usage_of, accumulator, pending)


def _embedding_outputs(resp: Any) -> dict:
    data = get(resp, "data") or []
    return {"count": len(data), "dimensions": len(get(data[0], "embedding") or []) if data else 0}


def _embedding_inputs(kwargs: dict) -> dict:
    inp = kwargs.get("input")
    return {"input": inp if isinstance(inp, (str, list)) else str(inp)}


def wrap_openai(client: C) -> C:
    """Trace `chat.completions.create`, `responses.create` and `embeddings.create` of an
    OpenAI-style client (sync or async), and the stream helpers `chat.completions.stream`
    (`beta.` too) and `responses.stream`, in place. Returns the client."""
    completions = get(get(client, "chat"), "completions")
    if completions is not None and callable(get(completions, "create")):
        completions.create = _traced(completions.create, "openai", "chat", _openai.chat_inputs, _openai.metadata_of,
                                     _openai.chat_outputs, _openai.usage_of, _openai.ChatStreamAccumulator)
    responses = get(client, "responses")
    if responses is not None and callable(get(responses, "create")):
        responses.create = _traced(responses.create, "openai", "chat", _openai.responses_inputs, _openai.metadata_of,
                                   _openai.responses_outputs, _openai.usage_of, _openai.ResponsesStreamAccumulator)
    for resource in (completions, get(get(get(client, "beta"), "chat"), "completions")):
        if resource is not None and callable(get(resource, "stream")):
            resource.stream = trace_stream(resource.stream, "chat")
    if responses is not None and callable(get(responses, "stream")):
        responses.stream = trace_stream(responses.stream, "responses")
    embeddings = get(client, "embeddings")
    if embeddings is not None and callable(get(embeddings, "create")):
        embeddings.create = _traced(embeddings.create, "openai", "embeddings", _embedding_inputs, _openai.metadata_of,
                                    _embedding_outputs, _openai.usage_of, _openai.ResponsesStreamAccumulator)
    return client


class _StreamManager:
    """Wraps `messages.stream(...)`: the span ends when the `with` block does, with the final message."""

    def __init__(self, manager: Any, sp: Any):
        self._manager, self._sp, self._stream = manager, sp, None

    def _end(self, e: Any) -> None:
        final = None
        if e is None and self._stream is not None:
            try:
                final = self._stream.get_final_message()
            except Exception:
                final = None
        if final is not None:
            finish_llm(self._sp, _anthropic.outputs_of(final), _anthropic.usage_of(get(final, "usage")), get(final, "model"))
        else:
            self._sp.end(e)

    def __enter__(self) -> Any:
        self._stream = self._manager.__enter__()
        return self._stream

    def __exit__(self, et: Any, e: Any, tb: Any) -> Any:
        try:
            return self._manager.__exit__(et, e, tb)
        finally:
            self._end(e)

    async def __aenter__(self) -> Any:
        self._stream = await self._manager.__aenter__()
        return self._stream

    async def __aexit__(self, et: Any, e: Any, tb: Any) -> Any:
        try:
            return await self._manager.__aexit__(et, e, tb)
        finally:
            if e is None and self._stream is not None and hasattr(self._stream, "get_final_message"):
                try:
                    final = await self._stream.get_final_message()
                    finish_llm(self._sp, _anthropic.outputs_of(final), _anthropic.usage_of(get(final, "usage")), get(final, "model"))
                except Exception:
                    self._sp.end()
            else:
                self._sp.end(e)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._manager, name)


def wrap_anthropic(client: C) -> C:
    """Trace `messages.create` (stream=True too) and `messages.stream` of an Anthropic-style client."""
    messages = get(client, "messages")
    if messages is None:
        return client
    if callable(get(messages, "create")):
        messages.create = _traced(messages.create, "anthropic", "chat", _anthropic.inputs_of, _anthropic.metadata_of,
                                  _anthropic.outputs_of, _anthropic.usage_of, _anthropic.StreamAccumulator)
    stream = get(messages, "stream")
    if callable(stream) and not getattr(stream, _MARK, False):
        @functools.wraps(stream)
        def traced_stream(*args: Any, **kwargs: Any) -> Any:
            if not settings.enabled:
                return stream(*args, **kwargs)
            sp = start_llm(sys._getframe(1), "anthropic", str(kwargs.get("model") or ""), _anthropic.inputs_of(kwargs),
                           {**_anthropic.metadata_of(kwargs), "stream": True})
            try:
                return _StreamManager(stream(*args, **kwargs), sp)
            except BaseException as e:
                sp.end(e)
                raise

        setattr(traced_stream, _MARK, True)
        messages.stream = traced_stream
    return client


def wrap(client: C) -> C:
    """Wrap an OpenAI- or Anthropic-style client, told apart by its shape."""
    if get(client, "messages") is not None and get(client, "chat") is None:
        return wrap_anthropic(client)
    return wrap_openai(client)
