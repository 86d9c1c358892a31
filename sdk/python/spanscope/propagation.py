"""W3C Trace Context (`traceparent`, `tracestate`) across process boundaries.

Mapping (sdk/format/README.md, the same in every Spanscope SDK): the W3C trace id is our
trace id without dashes; the W3C parent id is the last 16 hex digits of the span id, and
`tracestate` carries `spanscope=<span id as 32 hex>` so the receiving side can name the exact
parent span.

    headers = inject({})                        # outgoing request
    with span("handle", parent=extract(headers)):  # incoming request
        ...
"""
from __future__ import annotations

import re
from typing import Any, Mapping, MutableMapping, Optional

from ._clock import hex_to_uuid
from ._span import RemoteParent, Span, _cv_get

_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$")
_KEY = "spanscope"
_MAX_MEMBERS = 32


def _header(carrier: Mapping[str, Any], name: str) -> Optional[str]:
    v = carrier.get(name)
    if v is None:
        for k, val in carrier.items():
            if isinstance(k, str) and k.lower() == name:
                v = val
                break
    if isinstance(v, (list, tuple)):
        v = ",".join(str(x) for x in v)
    if isinstance(v, bytes):
        v = v.decode("latin-1")
    return v if isinstance(v, str) else None


def _split_state(tracestate: str) -> tuple[Optional[str], list[str]]:
    ours: Optional[str] = None
    others: list[str] = []
    for member in tracestate.split(","):
        member = member.strip()
        if not member or "=" not in member:
            continue
        key, _, value = member.partition("=")
        if key.strip() == _KEY:
            ours = value.strip()
        else:
            others.append(member)
    return ours, others


def extract(carrier: Mapping[str, Any]) -> Optional[RemoteParent]:
    """The remote parent named by a carrier's `traceparent` (headers, any case), or None."""
    tp = _header(carrier, "traceparent")
    if not tp:
        return None
    m = _TRACEPARENT.match(tp.strip().lower())
    if not m:
        return None
    version, trace_hex, parent_hex, flags, rest = m.groups()
    if version == "ff" or (version == "00" and rest) or set(trace_hex) == {"0"} or set(parent_hex) == {"0"}:
        return None
    parent_id = parent_hex
    others: list[str] = []
    ts = _header(carrier, "tracestate") or ""
    if ts:
        ours, others = _split_state(ts)
        if ours and re.fullmatch(r"[0-9a-f]{32}", ours) and ours[16:] == parent_hex:
            parent_id = hex_to_uuid(ours)
    return RemoteParent(hex_to_uuid(trace_hex), parent_id, bool(int(flags, 16) & 1), ",".join(others[: _MAX_MEMBERS - 1]))


def _vendor_state(s: Any) -> str:
    node = s
    while node is not None:
        x = getattr(node, "x", None)
        if x and x.get("tracestate"):
            return x["tracestate"]
        if isinstance(node, RemoteParent):
            return node.tracestate
        node = getattr(node, "parent", None)
    return ""


def inject(carrier: Optional[MutableMapping[str, str]] = None, span: Optional[Span] = None) -> MutableMapping[str, str]:
    """Add `traceparent`/`tracestate` for the current span (or `span`) to `carrier`."""
    carrier = {} if carrier is None else carrier
    s = span if span is not None else _cv_get()
    if s is None or not getattr(s, "id", None) or s.id.startswith("00000000-0000-0000"):
        return carrier
    trace_hex = s.trace_id.replace("-", "")
    sid = s.id.replace("-", "")
    if len(sid) == 16:  # a remote parent known only by its W3C id
        parent_hex, ours = sid, None
    else:
        parent_hex, ours = sid[-16:], sid
    carrier["traceparent"] = "00-%s-%s-%s" % (trace_hex, parent_hex, "01" if s.sampled else "00")
    members = (["%s=%s" % (_KEY, ours)] if ours else []) + [m for m in _vendor_state(s).split(",") if m]
    if members:
        carrier["tracestate"] = ",".join(members[:_MAX_MEMBERS])
    return carrier


def traceparent_of(s: Span) -> str:
    return inject({}, s).get("traceparent", "")
