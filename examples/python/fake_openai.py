"""A deterministic stand-in for the OpenAI client (no network): the same call shapes and
response objects (`chat.completions.create`, streaming chunks, tool calls, usage,
`embeddings.create`), with answers scripted from the conversation so far."""
from __future__ import annotations

import hashlib
import json
import time
from types import SimpleNamespace as NS
from typing import Any, Iterator


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


def _prompt_tokens(messages: list) -> int:
    return sum(_tokens(json.dumps(m) if not isinstance(m.get("content"), str) else m["content"]) + 4 for m in messages)


class _Completions:
    def create(self, *, model: str, messages: list, tools: Any = None, stream: bool = False, **kw: Any) -> Any:
        time.sleep(0.03)  # network and queueing
        last = messages[-1]
        if tools and last["role"] == "user":
            return self._tool_calls(model, messages, last["content"])
        answer = self._answer(messages)
        if stream:
            return self._stream(model, messages, answer)
        time.sleep(0.002 * _tokens(answer))
        usage = NS(prompt_tokens=_prompt_tokens(messages), completion_tokens=_tokens(answer),
                   total_tokens=_prompt_tokens(messages) + _tokens(answer), prompt_tokens_details=NS(cached_tokens=0))
        msg = NS(role="assistant", content=answer, tool_calls=None)
        return NS(id="chatcmpl-fake", model=model, choices=[NS(index=0, message=msg, finish_reason="stop")], usage=usage)

    def _tool_calls(self, model: str, messages: list, question: str) -> Any:
        order = "".join(ch for ch in question if ch.isdigit()) or "1042"
        calls = [
            NS(id="call_order", type="function", function=NS(name="get_order_status", arguments=json.dumps({"order_id": order}))),
            NS(id="call_stock", type="function", function=NS(name="check_inventory", arguments=json.dumps({"sku": "KB-" + order[-2:]}))),
        ]
        prompt = _prompt_tokens(messages)
        usage = NS(prompt_tokens=prompt, completion_tokens=38, total_tokens=prompt + 38,
                   prompt_tokens_details=NS(cached_tokens=prompt // 2))
        msg = NS(role="assistant", content=None, tool_calls=calls)
        return NS(id="chatcmpl-fake", model=model, choices=[NS(index=0, message=msg, finish_reason="tool_calls")], usage=usage)

    def _answer(self, messages: list) -> str:
        facts = [m["content"] for m in messages if m["role"] == "tool"]
        context = next((m["content"] for m in messages if m["role"] == "system" and "Context:" in m["content"]), "")
        question = next((m["content"] for m in messages if m["role"] == "user"), "").lower()
        if "refund" in question or "return" in question:
            policy = "Refunds are accepted within 30 days of delivery." if "30 days" in context else "See our return policy page."
        else:
            policy = "Thanks for your patience."
        status = json.loads(facts[0]).get("status", "unknown") if facts else "unknown"
        stock = json.loads(facts[1]).get("in_stock") if len(facts) > 1 else None
        return (f"{policy} Your order is {status}." + (" A replacement is in stock and can ship today." if stock else "")
                + " Let me know if you want me to start the return.")

    def _stream(self, model: str, messages: list, answer: str) -> Iterator[Any]:
        words = answer.split(" ")
        for i, w in enumerate(words):
            time.sleep(0.004)
            delta = NS(content=(w if i == 0 else " " + w), tool_calls=None)
            yield NS(model=model, usage=None, choices=[NS(index=0, delta=delta, finish_reason=None)])
        yield NS(model=model, usage=None, choices=[NS(index=0, delta=NS(content=None, tool_calls=None), finish_reason="stop")])
        prompt = _prompt_tokens(messages)
        yield NS(model=model, choices=[], usage=NS(prompt_tokens=prompt, completion_tokens=len(words), total_tokens=prompt + len(words)))


class _Embeddings:
    def create(self, *, model: str, input: Any) -> Any:
        time.sleep(0.01)
        texts = [input] if isinstance(input, str) else list(input)
        data = [NS(index=i, embedding=embed_text(t)) for i, t in enumerate(texts)]
        n = sum(_tokens(t) for t in texts)
        return NS(model=model, data=data, usage=NS(prompt_tokens=n, total_tokens=n))


def embed_text(text: str, dims: int = 16) -> list:
    """Bag-of-words hashed into a small unit vector: similar texts land close together."""
    v = [0.0] * dims
    for word in text.lower().replace("?", " ").replace(".", " ").split():
        h = int(hashlib.sha1(word.encode()).hexdigest(), 16)
        v[h % dims] += 1.0
    norm = sum(x * x for x in v) ** 0.5 or 1.0
    return [x / norm for x in v]


class FakeOpenAI:
    def __init__(self) -> None:
        self.chat = NS(completions=_Completions())
        self.embeddings = _Embeddings()
