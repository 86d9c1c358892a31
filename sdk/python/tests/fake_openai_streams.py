"""Stand-ins for the openai package's stream helpers, shaped like the SDK (no network):

- `Completions.stream(...)` / `Responses.stream(...)` return a stream manager built around a
  request made through the resource's own `create(..., stream=True)`: the sync managers call it
  when the `with` block is entered, the async ones create its coroutine at once and await it on
  entry, as the SDK does.
- Entering yields a ChatCompletionStream / ResponseStream over the raw SSE stream: iterating it
  yields helper events (`chunk`, `content.delta`, `tool_calls.function.arguments.delta`, ...;
  `response.output_text.delta` with its snapshot, ...), `get_final_completion()` /
  `get_final_response()` read the rest and return the accumulated result, and leaving the
  block closes the HTTP response (a closed response cannot be read any more).
"""
from __future__ import annotations

import copy
import functools
from types import SimpleNamespace as NS
from typing import Any, Iterator


class APIError(Exception):
    """What the SDK raises when the server breaks off a stream."""


class StreamClosed(RuntimeError):
    """httpx's error for reading a response that was closed."""


class _HTTPResponse:
    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


class RawStream:
    """Like openai.Stream: the decoded SSE items of one response, read once."""

    def __init__(self, items: list, fail_at: int = -1):
        self.response = _HTTPResponse()
        self._items, self._fail_at = items, fail_at
        self._iterator = self.__stream__()
        self.read = 0

    def __stream__(self) -> Iterator[Any]:
        for i, item in enumerate(self._items):
            if self.response.closed:
                raise StreamClosed("Attempted to read or stream content, but the stream has been closed.")
            if i == self._fail_at:
                raise APIError("The server had an error while processing your request.")
            self.read += 1
            yield item
        self.response.close()  # read to completion

    def __iter__(self) -> Iterator[Any]:
        yield from self._iterator

    def __next__(self) -> Any:
        return next(self._iterator)

    def close(self) -> None:
        self.response.close()


class AsyncRawStream(RawStream):
    def __aiter__(self) -> "AsyncRawStream":
        return self

    async def __anext__(self) -> Any:
        try:
            return next(self._iterator)
        except StopIteration:
            raise StopAsyncIteration from None


# -- chat completions ------------------------------------------------------------------------

class _ChatState:
    def __init__(self) -> None:
        self.snapshot: Any = None

    def handle_chunk(self, chunk: Any) -> list:
        if self.snapshot is None:
            self.snapshot = NS(id=chunk.id, model=chunk.model, object="chat.completion", usage=None, choices=[])
        snap = self.snapshot
        if chunk.usage is not None:
            snap.usage = chunk.usage
        events = [NS(type="chunk", chunk=chunk, snapshot=snap)]
        for c in chunk.choices:
            while len(snap.choices) <= c.index:
                snap.choices.append(NS(index=len(snap.choices), finish_reason=None,
                                       message=NS(role="assistant", content=None, tool_calls=None, refusal=None)))
            m = snap.choices[c.index].message
            if c.delta.content:
                m.content = (m.content or "") + c.delta.content
                events.append(NS(type="content.delta", delta=c.delta.content, snapshot=m.content, parsed=None))
            for t in c.delta.tool_calls or ():
                m.tool_calls = m.tool_calls or []
                if t.index >= len(m.tool_calls):
                    m.tool_calls.append(NS(id=t.id, type="function", index=t.index, function=NS(name=t.function.name, arguments="")))
                call = m.tool_calls[t.index]
                call.function.arguments += t.function.arguments or ""
                events.append(NS(type="tool_calls.function.arguments.delta", name=call.function.name, index=t.index,
                                 arguments=call.function.arguments, parsed_arguments=None, arguments_delta=t.function.arguments))
            if c.finish_reason:
                snap.choices[c.index].finish_reason = c.finish_reason
                if m.content is not None:
                    events.append(NS(type="content.done", content=m.content, parsed=None))
        return events


class ChatCompletionStream:
    def __init__(self, *, raw_stream: RawStream):
        self._raw_stream = raw_stream
        self._response = raw_stream.response
        self._iterator = self.__stream__()
        self._state = _ChatState()

    def __stream__(self) -> Iterator[Any]:
        for chunk in self._raw_stream:
            yield from self._state.handle_chunk(chunk)

    def __iter__(self) -> Iterator[Any]:
        yield from self._iterator

    def __next__(self) -> Any:
        return next(self._iterator)

    def close(self) -> None:
        self._response.close()

    @property
    def current_completion_snapshot(self) -> Any:
        assert self._state.snapshot is not None
        return self._state.snapshot

    def get_final_completion(self) -> Any:
        for _ in self:
            pass
        return copy.deepcopy(self._state.snapshot)


class AsyncChatCompletionStream(ChatCompletionStream):
    async def __aiter__(self) -> Any:
        async for chunk in self._raw_stream:
            for event in self._state.handle_chunk(chunk):
                yield event

    async def close(self) -> None:  # type: ignore[override]
        await self._response.aclose()

    async def get_final_completion(self) -> Any:  # type: ignore[override]
        async for _ in self:
            pass
        return copy.deepcopy(self._state.snapshot)


class ChatCompletionStreamManager:
    def __init__(self, api_request: Any, stream_class: type = ChatCompletionStream):
        self.__api_request, self.__class, self.__stream = api_request, stream_class, None

    def __enter__(self) -> Any:
        self.__stream = self.__class(raw_stream=self.__api_request())
        return self.__stream

    def __exit__(self, *exc: Any) -> None:
        if self.__stream is not None:
            self.__stream.close()

    async def __aenter__(self) -> Any:
        self.__stream = self.__class(raw_stream=await self.__api_request)
        return self.__stream

    async def __aexit__(self, *exc: Any) -> None:
        if self.__stream is not None:
            await self.__stream.close()


def _chunk(content: Any = None, tool: Any = None, finish: Any = None, usage: Any = None) -> NS:
    choices = [] if usage else [NS(index=0, delta=NS(role="assistant", content=content, tool_calls=[tool] if tool else None), finish_reason=finish)]
    return NS(id="chatcmpl-7", object="chat.completion.chunk", model="gpt-4o-mini-2024-07-18", choices=choices, usage=usage)


CHAT_CHUNKS = [
    _chunk("Let me "), _chunk("look."),
    _chunk(tool=NS(index=0, id="call_1", function=NS(name="search", arguments='{"q":'))),
    _chunk(tool=NS(index=0, id=None, function=NS(name=None, arguments='"refunds"}'))),
    _chunk(finish="tool_calls"),
    _chunk(usage=NS(prompt_tokens=1000, completion_tokens=200, total_tokens=1200, prompt_tokens_details=NS(cached_tokens=400))),
]


class Completions:
    """`client.chat.completions`: `stream()` requests through `self.create`, as the SDK does."""

    def __init__(self) -> None:
        self.requests: list = []

    def create(self, **kw: Any) -> Any:
        self.requests.append(kw)
        if kw["model"] == "missing":
            raise APIError("The model `missing` does not exist.")
        return RawStream(CHAT_CHUNKS, fail_at=2 if kw["model"] == "overloaded" else -1)

    def stream(self, **kw: Any) -> ChatCompletionStreamManager:
        return ChatCompletionStreamManager(functools.partial(self.create, **kw, stream=True))


class AsyncCompletions(Completions):
    async def create(self, **kw: Any) -> Any:  # type: ignore[override]
        self.requests.append(kw)
        return AsyncRawStream(CHAT_CHUNKS, fail_at=2 if kw["model"] == "overloaded" else -1)

    def stream(self, **kw: Any) -> ChatCompletionStreamManager:  # type: ignore[override]
        return ChatCompletionStreamManager(self.create(**kw, stream=True), AsyncChatCompletionStream)


# -- responses -------------------------------------------------------------------------------

FINAL_RESPONSE = NS(id="resp_1", object="response", model="gpt-4.1-2025-04-14", status="completed", output=[
    NS(type="message", id="msg_1", role="assistant", status="completed", content=[NS(type="output_text", text="Found it.", annotations=[])]),
    NS(type="function_call", id="fc_1", call_id="call_7", name="search", arguments='{"q":"docs"}', status="completed"),
], usage=NS(input_tokens=500, output_tokens=40, total_tokens=540, input_tokens_details=NS(cached_tokens=100),
            output_tokens_details=NS(reasoning_tokens=0)))

RESPONSE_EVENTS = [
    NS(type="response.created", sequence_number=0, response=NS(id="resp_1", model="gpt-4.1-2025-04-14", status="in_progress", output=[], usage=None)),
    NS(type="response.output_item.added", sequence_number=1, output_index=0, item=NS(type="message", id="msg_1", role="assistant", content=[])),
    NS(type="response.content_part.added", sequence_number=2, output_index=0, content_index=0, part=NS(type="output_text", text="")),
    NS(type="response.output_text.delta", sequence_number=3, output_index=0, content_index=0, delta="Found "),
    NS(type="response.output_text.delta", sequence_number=4, output_index=0, content_index=0, delta="it."),
    NS(type="response.output_item.added", sequence_number=5, output_index=1, item=NS(type="function_call", id="fc_1", call_id="call_7", name="search", arguments="")),
    NS(type="response.function_call_arguments.delta", sequence_number=6, output_index=1, delta='{"q":'),
    NS(type="response.function_call_arguments.delta", sequence_number=7, output_index=1, delta='"docs"}'),
    NS(type="response.completed", sequence_number=8, response=FINAL_RESPONSE),
]
# The terminal event may leave the output out: the items came one by one as `output_item.done`.
LEAN_EVENTS = RESPONSE_EVENTS[:5] + [NS(type="response.output_item.done", sequence_number=5, output_index=0, item=FINAL_RESPONSE.output[0])] + \
    RESPONSE_EVENTS[5:8] + [NS(type="response.output_item.done", sequence_number=9, output_index=1, item=FINAL_RESPONSE.output[1]),
                            NS(type="response.completed", sequence_number=10, response=NS(**{**vars(FINAL_RESPONSE), "output": None}))]


class ResponseStream:
    def __init__(self, *, raw_stream: RawStream):
        self._raw_stream = raw_stream
        self._response = raw_stream.response
        self._iterator = self.__stream__()
        self._snapshot: Any = None
        self._completed: Any = None
        self._done: dict = {}

    def _handle(self, event: Any) -> list:
        if self._snapshot is None:
            if event.type != "response.created":
                raise RuntimeError("Expected to have received `response.created` before `%s`" % event.type)
            self._snapshot = copy.deepcopy(event.response)
            return [event]
        out = self._snapshot.output
        if event.type == "response.output_item.added":
            out.append(copy.deepcopy(event.item))
        elif event.type == "response.content_part.added":
            out[event.output_index].content.append(copy.deepcopy(event.part))
        elif event.type == "response.output_text.delta":
            part = out[event.output_index].content[event.content_index]
            part.text += event.delta
            return [NS(type=event.type, delta=event.delta, output_index=event.output_index, snapshot=part.text)]
        elif event.type == "response.function_call_arguments.delta":
            out[event.output_index].arguments += event.delta
            return [NS(type=event.type, delta=event.delta, snapshot=out[event.output_index].arguments)]
        elif event.type == "response.output_item.done":
            self._done[event.output_index] = event.item
        elif event.type == "response.completed":
            self._completed = event.response
            if event.response.output is None:  # recovered from the items, as the SDK does
                self._completed = NS(**{**vars(event.response), "output": [v for _, v in sorted(self._done.items())]})
        return [event]

    def __stream__(self) -> Iterator[Any]:
        for event in self._raw_stream:
            yield from self._handle(event)

    def __iter__(self) -> Iterator[Any]:
        yield from self._iterator

    def __next__(self) -> Any:
        return next(self._iterator)

    def close(self) -> None:
        self._response.close()

    def get_final_response(self) -> Any:
        for _ in self:
            pass
        if not self._completed:
            raise RuntimeError("Didn't receive a `response.completed` event.")
        return self._completed


class ResponseStreamManager(ChatCompletionStreamManager):
    def __init__(self, api_request: Any):
        super().__init__(api_request, ResponseStream)


class Responses:
    """`client.responses`: `stream(input=...)` creates; `stream(response_id=...)` retrieves."""

    def __init__(self) -> None:
        self.requests: list = []

    def create(self, **kw: Any) -> Any:
        self.requests.append(kw)
        return RawStream(LEAN_EVENTS if kw["model"] == "lean" else RESPONSE_EVENTS, fail_at=5 if kw["model"] == "overloaded" else -1)

    def retrieve(self, response_id: str, **kw: Any) -> Any:
        return RawStream(RESPONSE_EVENTS)

    def stream(self, **kw: Any) -> ResponseStreamManager:
        if "response_id" in kw:
            return ResponseStreamManager(functools.partial(self.retrieve, kw["response_id"], stream=True))
        return ResponseStreamManager(functools.partial(self.create, **kw, stream=True))


class BetaCompletions:
    """The older `client.beta.chat.completions`: its `stream()` requests through the client's
    `chat.completions.create`."""

    def __init__(self, client: Any):
        self._client = client

    def stream(self, **kw: Any) -> ChatCompletionStreamManager:
        return ChatCompletionStreamManager(functools.partial(self._client.chat.completions.create, **kw, stream=True))


class FakeStreamingOpenAI:
    def __init__(self) -> None:
        self.chat = NS(completions=Completions())
        self.beta = NS(chat=NS(completions=BetaCompletions(self)))
        self.responses = Responses()


class FakeStreamingAsyncOpenAI:
    def __init__(self) -> None:
        self.chat = NS(completions=AsyncCompletions())
