"""Clients shaped like the openai and anthropic SDKs (attribute objects, streams of chunk
objects, async variants), returning fixed answers: the wrappers only ever see duck types."""
from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any


def _chat_response(model: str, tool: bool) -> NS:
    if tool:
        msg = NS(role="assistant", content=None, tool_calls=[
            NS(id="call_1", type="function", function=NS(name="get_weather", arguments='{"city":"Paris"}')),
            NS(id="call_2", type="function", function=NS(name="get_weather", arguments='{"city":"Rome"}')),
        ])
        finish = "tool_calls"
    else:
        msg, finish = NS(role="assistant", content="It is sunny.", tool_calls=None), "stop"
    usage = NS(prompt_tokens=1000, completion_tokens=200, total_tokens=1200,
               prompt_tokens_details=NS(cached_tokens=400), completion_tokens_details=NS(reasoning_tokens=50))
    return NS(id="chatcmpl-1", model=model + "-2024-08-06", choices=[NS(index=0, message=msg, finish_reason=finish)], usage=usage)


def _chat_chunks(model: str) -> list:
    chunks = [NS(model=model, usage=None, choices=[NS(index=0, delta=NS(content=t, tool_calls=None), finish_reason=None)])
              for t in ("It ", "is ", "sunny.")]
    chunks.append(NS(model=model, usage=None, choices=[NS(index=0, delta=NS(content=None, tool_calls=[
        NS(index=0, id="call_9", function=NS(name="lookup", arguments='{"q":'))]), finish_reason=None)]))
    chunks.append(NS(model=model, usage=None, choices=[NS(index=0, delta=NS(content=None, tool_calls=[
        NS(index=0, id=None, function=NS(name=None, arguments='"x"}'))]), finish_reason="tool_calls")]))
    chunks.append(NS(model=model, choices=[], usage=NS(prompt_tokens=10, completion_tokens=4, total_tokens=14)))
    return chunks


class _Stream:
    """Like openai.Stream: iterable once, a context manager, closable."""

    def __init__(self, items: list, fail_at: int = -1):
        self.items, self.fail_at, self.closed = items, fail_at, False

    def __iter__(self):  # type: ignore[no-untyped-def]
        for i, c in enumerate(self.items):
            if i == self.fail_at:
                raise ConnectionError("stream dropped")
            yield c

    def close(self) -> None:
        self.closed = True

    def __enter__(self) -> "_Stream":
        return self

    def __exit__(self, *a: Any) -> None:
        self.close()


class _AsyncStream(_Stream):
    async def __aiter__(self):  # type: ignore[no-untyped-def,override]
        for c in self.items:
            yield c


class FakeOpenAI:
    def __init__(self) -> None:
        self.chat = NS(completions=NS(create=self._create))
        self.responses = NS(create=self._responses)
        self.embeddings = NS(create=lambda **kw: NS(model=kw["model"], data=[NS(embedding=[0.1] * 8)], usage=NS(prompt_tokens=5, total_tokens=5)))

    def _create(self, **kw: Any) -> Any:
        if kw.get("model") == "broken":
            raise RuntimeError("rate limited")
        if kw.get("stream"):
            return _Stream(_chat_chunks(kw["model"]), fail_at=kw.get("fail_at", -1) if "fail_at" in kw else -1)
        return _chat_response(kw["model"], bool(kw.get("tools")))

    def _responses(self, **kw: Any) -> Any:
        resp = NS(model=kw["model"], status="completed", output=[
            NS(type="function_call", call_id="fc_1", name="search", arguments='{"q":"docs"}'),
            NS(type="message", role="assistant", content=[NS(type="output_text", text="Found it.")]),
        ], usage=NS(input_tokens=50, output_tokens=10, total_tokens=60, input_tokens_details=NS(cached_tokens=0)))
        if kw.get("stream"):
            return _Stream([NS(type="response.output_text.delta", delta="Found "), NS(type="response.output_text.delta", delta="it."),
                            NS(type="response.completed", response=resp)])
        return resp


class FakeAsyncOpenAI:
    def __init__(self) -> None:
        self.chat = NS(completions=NS(create=self._create))

    async def _create(self, **kw: Any) -> Any:
        if kw.get("stream"):
            return _AsyncStream(_chat_chunks(kw["model"]))
        return _chat_response(kw["model"], False)


class _MessageStream:
    def __init__(self, final: NS):
        self.final = final
        self.text_stream = iter(["Hel", "lo"])

    def get_final_message(self) -> NS:
        return self.final


class _StreamManager:
    def __init__(self, final: NS):
        self.stream = _MessageStream(final)

    def __enter__(self) -> _MessageStream:
        return self.stream

    def __exit__(self, *a: Any) -> None:
        return None


class FakeAnthropic:
    def __init__(self) -> None:
        self.messages = NS(create=self._create, stream=self._stream)

    @staticmethod
    def _message(model: str) -> NS:
        return NS(model=model, stop_reason="tool_use", content=[
            NS(type="text", text="Let me check."),
            NS(type="tool_use", id="toolu_1", name="get_weather", input={"city": "Paris"}),
        ], usage=NS(input_tokens=100, output_tokens=30, cache_read_input_tokens=900, cache_creation_input_tokens=0))

    def _create(self, **kw: Any) -> Any:
        if kw.get("stream"):
            return _Stream([
                {"type": "message_start", "message": {"model": kw["model"], "usage": {"input_tokens": 12, "output_tokens": 1}}},
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi "}},
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "there"}},
                {"type": "content_block_start", "index": 1, "content_block": {"type": "tool_use", "id": "toolu_2", "name": "lookup", "input": {}}},
                {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": '{"q": '}},
                {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": '"x"}'}},
                {"type": "message_delta", "delta": {"stop_reason": "tool_use"}, "usage": {"output_tokens": 9}},
                {"type": "message_stop"},
            ])
        return self._message(kw["model"])

    def _stream(self, **kw: Any) -> _StreamManager:
        final = NS(model=kw["model"], stop_reason="end_turn", content=[NS(type="text", text="Hello")],
                   usage=NS(input_tokens=7, output_tokens=2, cache_read_input_tokens=0, cache_creation_input_tokens=0))
        return _StreamManager(final)
