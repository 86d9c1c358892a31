"""OpenAI-style clients: chat.completions.create (streaming too), responses.create, embeddings.create."""
from __future__ import annotations

import json
from typing import Any, Optional

from ._common import get, plain

_ROLES = {"system", "developer", "user", "assistant", "tool"}
_INPUT_KEYS = ("tools", "tool_choice", "response_format", "functions", "text", "reasoning")
_SKIP = {"model", "messages", "input", "instructions", "extra_headers", "extra_query", "extra_body", "timeout"}


def metadata_of(kwargs: dict) -> dict:
    return {k: v for k, v in kwargs.items() if k not in _SKIP and k not in _INPUT_KEYS and isinstance(v, (str, int, float, bool))}


def _args_str(v: Any) -> str:
    return v if isinstance(v, str) else json.dumps(plain(v))


def _tool_calls(calls: Any) -> list:
    out = []
    for c in calls or ():
        fn = get(c, "function") or {}
        out.append({
            "id": str(get(c, "id", "") or ""),
            "type": "function",
            "function": {"name": str(get(fn, "name", "") or ""), "arguments": _args_str(get(fn, "arguments", "") or "")},
        })
    return out


def chat_message(m: Any) -> dict:
    """One message in OpenAI chat shape, whatever object it came as."""
    if m is not None and not isinstance(m, (dict, str)) and get(m, "role") is not None:
        m = {k: get(m, k) for k in ("role", "content", "name", "tool_call_id", "tool_calls", "refusal") if get(m, k) is not None or k == "content"}
    d = plain(m)
    if not isinstance(d, dict):
        return {"role": "user", "content": str(d)}
    role = d.get("role")
    out = {k: v for k, v in d.items() if v is not None or k == "content"}
    out["role"] = role if role in _ROLES else ("tool" if role == "function" else "user")
    c = out.get("content")
    if not (c is None or isinstance(c, str) or (isinstance(c, list) and all(isinstance(p, dict) for p in c))):
        out["content"] = json.dumps(c) if not isinstance(c, list) else [p if isinstance(p, dict) else {"type": "text", "text": str(p)} for p in c]
    if d.get("tool_calls"):
        out["tool_calls"] = _tool_calls(get(m, "tool_calls"))
    else:
        out.pop("tool_calls", None)
    return out


def chat_inputs(kwargs: dict) -> dict:
    inputs: dict = {"messages": [chat_message(m) for m in kwargs.get("messages") or ()]}
    for k in _INPUT_KEYS:
        if k in kwargs and kwargs[k] is not None:
            inputs[k] = plain(kwargs[k])
    return inputs


def usage_of(u: Any) -> Optional[dict]:
    """Chat (`prompt_tokens`) and Responses (`input_tokens`) usage, in the native names."""
    if u is None:
        return None
    inp = get(u, "prompt_tokens", get(u, "input_tokens"))
    out = get(u, "completion_tokens", get(u, "output_tokens"))
    usage = {}
    if inp is not None:
        usage["input_tokens"] = inp
    if out is not None:
        usage["output_tokens"] = out
    total = get(u, "total_tokens")
    if total is not None:
        usage["total_tokens"] = total
    cached = get(get(u, "prompt_tokens_details", get(u, "input_tokens_details")), "cached_tokens")
    if cached:
        usage["cache_read_input_tokens"] = cached
    reasoning = get(get(u, "completion_tokens_details", get(u, "output_tokens_details")), "reasoning_tokens")
    if reasoning:
        usage["reasoning_tokens"] = reasoning
    return usage or None


def chat_outputs(resp: Any) -> dict:
    choices = get(resp, "choices") or []
    messages = [chat_message(get(c, "message") or {"role": "assistant", "content": None}) for c in choices]
    for m in messages:
        m["role"] = "assistant" if m.get("role") not in _ROLES else m["role"]
    out: dict = {"messages": messages}
    if choices and get(choices[0], "finish_reason"):
        out["finish_reason"] = str(get(choices[0], "finish_reason"))
    return out


class ChatStreamAccumulator:
    """Rebuilds the final assistant message(s) from chat.completion.chunk deltas."""

    def __init__(self) -> None:
        self.choices: dict = {}
        self.usage: Any = None
        self.model: Optional[str] = None

    def add(self, chunk: Any) -> bool:
        """Whether the chunk carried output text."""
        text = False
        self.model = get(chunk, "model") or self.model
        if get(chunk, "usage") is not None:
            self.usage = get(chunk, "usage")
        for c in get(chunk, "choices") or ():
            st = self.choices.setdefault(get(c, "index", 0) or 0, {"content": [], "tools": {}, "finish": None, "role": "assistant"})
            delta = get(c, "delta") or {}
            if get(delta, "content"):
                st["content"].append(get(delta, "content"))
                text = True
            for tc in get(delta, "tool_calls") or ():
                t = st["tools"].setdefault(get(tc, "index", 0) or 0, {"id": "", "name": "", "args": []})
                t["id"] = get(tc, "id") or t["id"]
                fn = get(tc, "function") or {}
                t["name"] = get(fn, "name") or t["name"]
                if get(fn, "arguments"):
                    t["args"].append(get(fn, "arguments"))
            if get(c, "finish_reason"):
                st["finish"] = get(c, "finish_reason")
        return text

    def result(self) -> tuple:
        messages, finish = [], None
        for _, st in sorted(self.choices.items()):
            m: dict = {"role": "assistant", "content": "".join(st["content"]) if st["content"] else None}
            if st["tools"]:
                m["tool_calls"] = [
                    {"id": t["id"], "type": "function", "function": {"name": t["name"], "arguments": "".join(t["args"])}}
                    for _, t in sorted(st["tools"].items())
                ]
            messages.append(m)
            finish = finish or st["finish"]
        out: dict = {"messages": messages}
        if finish:
            out["finish_reason"] = str(finish)
        return out, usage_of(self.usage), self.model


# -- Responses API ---------------------------------------------------------------------------

def _content_text(content: Any) -> Any:
    if isinstance(content, str) or content is None:
        return content
    parts = [plain(p) for p in content]
    texts = [p.get("text") for p in parts if isinstance(p, dict) and isinstance(p.get("text"), str)]
    return "".join(texts) if len(texts) == len(parts) else [p if isinstance(p, dict) else {"type": "text", "text": str(p)} for p in parts]


def responses_inputs(kwargs: dict) -> dict:
    msgs: list = []
    if kwargs.get("instructions"):
        msgs.append({"role": "system", "content": str(kwargs["instructions"])})
    inp = kwargs.get("input")
    if isinstance(inp, str):
        msgs.append({"role": "user", "content": inp})
    else:
        msgs.extend(items_to_messages(inp or ()))
    inputs: dict = {"messages": msgs}
    for k in _INPUT_KEYS:
        if k in kwargs and kwargs[k] is not None:
            inputs[k] = plain(kwargs[k])
    return inputs


def items_to_messages(items: Any) -> list:
    msgs: list = []
    for it in items:
        t = get(it, "type")
        if t == "function_call":
            call = {"id": str(get(it, "call_id") or get(it, "id") or ""), "type": "function",
                    "function": {"name": str(get(it, "name") or ""), "arguments": _args_str(get(it, "arguments") or "")}}
            if msgs and msgs[-1].get("role") == "assistant" and msgs[-1].get("tool_calls") is not None:
                msgs[-1]["tool_calls"].append(call)
            else:
                msgs.append({"role": "assistant", "content": None, "tool_calls": [call]})
        elif t == "function_call_output":
            out = get(it, "output")
            msgs.append({"role": "tool", "tool_call_id": str(get(it, "call_id") or ""), "content": out if isinstance(out, str) else json.dumps(plain(out))})
        elif get(it, "role") is not None:
            role = get(it, "role")
            msgs.append({"role": role if role in _ROLES else "user", "content": _content_text(get(it, "content"))})
    return msgs


def responses_outputs(resp: Any) -> dict:
    msgs = items_to_messages(get(resp, "output") or ())
    out: dict = {"messages": [m for m in msgs if m.get("role") == "assistant"]}
    status = get(resp, "status")
    if status:
        out["finish_reason"] = str(status)
    return out


class ResponsesStreamAccumulator:
    """Responses events: text deltas until a terminal event carries the whole response (whose
    output may be left out: then the items from `response.output_item.done` stand for it)."""

    def __init__(self) -> None:
        self.text: list = []
        self.items: dict = {}
        self.final: Any = None

    def add(self, event: Any) -> bool:
        """Whether the event carried output text."""
        t = get(event, "type")
        if t == "response.output_text.delta":
            delta = get(event, "delta") or ""
            self.text.append(delta)
            return bool(delta)
        if t == "response.output_item.done":
            self.items[get(event, "output_index", len(self.items)) or 0] = get(event, "item")
        elif t in ("response.completed", "response.incomplete", "response.failed"):
            self.final = get(event, "response")
        return False

    def result(self) -> tuple:
        if self.final is not None:
            outputs = responses_outputs(self.final)
            if get(self.final, "output") is None and self.items:
                outputs["messages"] = [m for m in items_to_messages(v for _, v in sorted(self.items.items())) if m.get("role") == "assistant"]
            return outputs, usage_of(get(self.final, "usage")), get(self.final, "model")
        return {"messages": [{"role": "assistant", "content": "".join(self.text)}]}, None, None
