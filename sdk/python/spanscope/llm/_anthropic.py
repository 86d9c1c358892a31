"""Anthropic-style clients: messages.create (stream=True too) and messages.stream(...).

Messages are recorded in OpenAI chat shape (the native format's convention): `system` becomes
a system message, `tool_use` blocks become `tool_calls`, `tool_result` blocks become `tool`
messages.
"""
from __future__ import annotations

import json
from typing import Any, Optional

from ._common import get, plain

_SKIP = {"model", "messages", "system", "tools", "tool_choice", "extra_headers", "extra_query", "extra_body", "timeout", "metadata"}


def metadata_of(kwargs: dict) -> dict:
    return {k: v for k, v in kwargs.items() if k not in _SKIP and isinstance(v, (str, int, float, bool))}


def _blocks_to_text(blocks: list) -> Any:
    if all(b.get("type") == "text" for b in blocks):
        return "".join(str(b.get("text", "")) for b in blocks)
    return [b for b in blocks if b.get("type") not in ("tool_use", "tool_result")] or None


def _message(m: Any) -> list:
    d = plain(m)
    if not isinstance(d, dict):
        return [{"role": "user", "content": str(d)}]
    role = d.get("role") if d.get("role") in ("user", "assistant") else "user"
    content = d.get("content")
    if isinstance(content, str) or content is None:
        return [{"role": role, "content": content}]
    blocks = [b if isinstance(b, dict) else {"type": "text", "text": str(b)} for b in content]
    out: list = []
    for b in blocks:  # tool results answer earlier calls: they come first, as tool messages
        if b.get("type") == "tool_result":
            c = b.get("content")
            text = c if isinstance(c, str) else _blocks_to_text([x for x in (c or []) if isinstance(x, dict)]) if isinstance(c, list) else json.dumps(c)
            out.append({"role": "tool", "tool_call_id": str(b.get("tool_use_id", "")), "content": text if isinstance(text, (str, list)) or text is None else str(text)})
    rest = [b for b in blocks if b.get("type") != "tool_result"]
    calls = [b for b in rest if b.get("type") == "tool_use"]
    if rest:
        others = [b for b in rest if b.get("type") != "tool_use"]
        msg: dict = {"role": role, "content": _blocks_to_text(others) if others else None}
        if calls:
            msg["tool_calls"] = [
                {"id": str(c.get("id", "")), "type": "function", "function": {"name": str(c.get("name", "")), "arguments": json.dumps(c.get("input", {}))}}
                for c in calls
            ]
        out.append(msg)
    return out


def inputs_of(kwargs: dict) -> dict:
    msgs: list = []
    system = kwargs.get("system")
    if system:
        sys_content = system if isinstance(system, str) else _blocks_to_text([plain(b) for b in system])
        msgs.append({"role": "system", "content": sys_content})
    for m in kwargs.get("messages") or ():
        msgs.extend(_message(m))
    inputs: dict = {"messages": msgs}
    if kwargs.get("tools"):
        inputs["tools"] = [
            {"type": "function", "function": {"name": t.get("name"), "description": t.get("description"), "parameters": t.get("input_schema")}}
            if isinstance(t, dict) and "input_schema" in t else t
            for t in plain(kwargs["tools"])
        ]
    if kwargs.get("tool_choice") is not None:
        inputs["tool_choice"] = plain(kwargs["tool_choice"])
    return inputs


def usage_of(u: Any) -> Optional[dict]:
    if u is None:
        return None
    base = get(u, "input_tokens") or 0
    cr = get(u, "cache_read_input_tokens") or 0
    cw = get(u, "cache_creation_input_tokens") or 0
    out = get(u, "output_tokens") or 0
    usage = {"input_tokens": base + cr + cw, "output_tokens": out, "total_tokens": base + cr + cw + out}
    if cr:
        usage["cache_read_input_tokens"] = cr
    if cw:
        usage["cache_creation_input_tokens"] = cw
    return usage


def outputs_of(msg: Any) -> dict:
    content = [plain(b) for b in (get(msg, "content") or ())]
    m = _message({"role": "assistant", "content": content})
    out: dict = {"messages": m or [{"role": "assistant", "content": None}]}
    if get(msg, "stop_reason"):
        out["finish_reason"] = str(get(msg, "stop_reason"))
    return out


class StreamAccumulator:
    """Rebuilds the message from raw stream events (message_start, content_block_*, message_delta)."""

    def __init__(self) -> None:
        self.blocks: dict = {}
        self.usage: dict = {}
        self.model: Optional[str] = None
        self.stop: Optional[str] = None

    def add(self, ev: Any) -> bool:
        """Whether the event carried output text."""
        t = get(ev, "type")
        if t == "message_start":
            msg = get(ev, "message")
            self.model = get(msg, "model") or self.model
            u = get(msg, "usage")
            for k in ("input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens", "output_tokens"):
                if get(u, k) is not None:
                    self.usage[k] = get(u, k)
        elif t == "content_block_start":
            b = plain(get(ev, "content_block")) or {}
            b.setdefault("text", "") if b.get("type") == "text" else None
            b["_json"] = []
            self.blocks[get(ev, "index", 0)] = b
        elif t == "content_block_delta":
            b = self.blocks.setdefault(get(ev, "index", 0), {"type": "text", "text": "", "_json": []})
            d = get(ev, "delta")
            if get(d, "type") == "text_delta":
                b["text"] = b.get("text", "") + (get(d, "text") or "")
                return bool(get(d, "text"))
            elif get(d, "type") == "input_json_delta":
                b["_json"].append(get(d, "partial_json") or "")
        elif t == "message_delta":
            self.stop = get(get(ev, "delta"), "stop_reason") or self.stop
            u = get(ev, "usage")
            if get(u, "output_tokens") is not None:
                self.usage["output_tokens"] = get(u, "output_tokens")
        return False

    def result(self) -> tuple:
        content = []
        for _, b in sorted(self.blocks.items()):
            parts = b.pop("_json", [])
            if b.get("type") == "tool_use" and parts:
                try:
                    b["input"] = json.loads("".join(parts))
                except ValueError:
                    b["input"] = "".join(parts)
            content.append(b)
        msg = {"content": content, "stop_reason": self.stop}
        return outputs_of(msg), usage_of(self.usage) if self.usage else None, self.model
