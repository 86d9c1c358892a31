"""A span's JSON line, assembled from pre-encoded fragments (runs on the writer thread).

The fixed part of a line is a %-template: ids and times need no escaping, the name, span
type and source come pre-encoded from the span's Site, and payloads were encoded when they
were set. Only the optional fields present on a span cost anything more.
"""
from __future__ import annotations

from itertools import repeat
from typing import Any, Optional

from . import _clock
from ._clock import compact, iso
from ._jsonsafe import dumps

_START = '{"id":"%s","trace_id":"%s","parent_id":%s,"dotted_order":"%s",%s,"start_time":"%s","status":"running"%s%s%s}'


def dotted_order(sp: Any) -> str:
    d = sp._dotted
    if d is not None:
        return d
    # Walk up to the nearest ancestor that already knows its order (iteratively: trees can
    # be deeper than the recursion limit), then fill the chain back down.
    chain = []
    node = sp
    while node is not None and node._dotted is None:
        chain.append(node)
        node = node.parent
    prefix = node._dotted + "." if node is not None else ""
    for n in reversed(chain):
        n._dotted = d = prefix + compact(n.start_ns) + n.id
        prefix = d + "."
    return sp._dotted  # type: ignore[no-any-return]


def _extras(x: Optional[dict], skip_error: bool = False) -> str:
    if not x:
        return ""
    inp = x.get("inputs")
    outp = x.get("outputs")
    if len(x) == (inp is not None) + (outp is not None):  # what @observe sets: payloads only
        if inp is None:
            return ',"outputs":' + outp  # type: ignore[operator]
        if outp is None:
            return ',"inputs":' + inp
        return f',"inputs":{inp},"outputs":{outp}'
    out = []
    v = x.get("error")
    if v is not None and not skip_error:
        out.append(',"error":' + dumps(v))
    v = x.get("inputs")
    if v is not None:
        out.append(',"inputs":' + v)
    v = x.get("outputs")
    if v is not None:
        out.append(',"outputs":' + v)
    v = x.get("model")
    if v is not None:
        out.append(',"model":' + dumps(v))
    v = x.get("provider")
    if v is not None:
        out.append(',"provider":' + dumps(v))
    v = x.get("usage")
    if v:
        out.append(',"usage":' + dumps(v))
    v = x.get("cost")
    if v is not None:
        out.append(',"cost_usd":' + repr(float(v)))
    v = x.get("metadata")
    if v:
        out.append(',"metadata":' + dumps(v))
    v = x.get("tags")
    if v:
        out.append(',"tags":' + dumps(v))
    v = x.get("events")
    if v:
        evs = []
        for name, ns, attrs in v:
            e = '{"name":%s,"time":"%s"' % (dumps(name), iso(ns))
            evs.append(e + (',"attributes":' + attrs + "}" if attrs else "}"))
        out.append(',"events":[' + ",".join(evs) + "]")
    return "".join(out)


def _head(sp: Any) -> str:
    x = sp.x
    if x is not None and "name" in x:
        return '"name":%s,"span_type":"%s"' % (dumps(x["name"]), sp.site.span_type)
    return sp.site.head


_STATUS = {"ok": '","status":"ok"', "error": '","status":"error"', "running": '","status":"running"'}


def _tail(sp: Any, service_frag: str) -> str:
    """`,"name":..,"span_type":..,"source":..,"service":..}`: fixed per site and service."""
    site = sp.site
    x = sp.x
    if x is not None and "name" in x:
        return "," + _head(sp) + site.src + service_frag + "}"
    if site.tail_for is not service_frag:
        site.tail = "," + site.head + site.src + service_frag + "}"
        site.tail_for = service_frag
    return site.tail  # type: ignore[no-any-return]


def render(sp: Any, service_frag: str) -> str:
    # str(us + 1_000_000)[1:] is the 6-digit, zero-padded µs: cheaper than a format spec.
    sec, us = divmod(sp.start_ns // 1000, 1_000_000)
    cache = _clock._iso_cache
    if cache[0] != sec:
        cache = _clock._prefixes(sec)
    us6 = str(us + 1_000_000)[1:]
    sid = sp.id
    dotted = sp._dotted
    if dotted is None:
        parent = sp.parent
        if parent is None:
            sp._dotted = dotted = cache[2] + us6 + "Z" + sid
        else:
            pd = parent._dotted
            if pd is None:
                pd = dotted_order(parent)
            sp._dotted = dotted = f"{pd}.{cache[2]}{us6}Z{sid}"
            sp.parent = None  # the order is known: let the parent be freed
    start = cache[1]
    esec, eus = divmod(sp.end_ns // 1000, 1_000_000)
    if esec != sec:
        cache = _clock._iso_cache
        if cache[0] != esec:
            cache = _clock._prefixes(esec)
    pid = sp.parent_id
    x = sp.x
    site = sp.site
    # _tail() inlined for the common case (no name set by the code): one call less per line
    if x is None:
        ext = ""
        tail = site.tail
        if site.tail_for is not service_frag:
            site.tail = tail = "," + site.head + site.src + service_frag + "}"
            site.tail_for = service_frag
    elif len(x) == 2 and "inputs" in x and "outputs" in x:  # what @observe sets
        ext = ',"inputs":' + x["inputs"] + ',"outputs":' + x["outputs"]
        tail = site.tail
        if site.tail_for is not service_frag:
            site.tail = tail = "," + site.head + site.src + service_frag + "}"
            site.tail_for = service_frag
    else:
        ext = _extras(x)
        tail = _tail(sp, service_frag)
    return (
        f'{{"id":"{sid}","trace_id":"{sp.trace_id}","parent_id":{"null" if pid is None else _Q + pid + _Q},'
        f'"dotted_order":"{dotted}","start_time":"{start}{us6}Z","end_time":"{cache[1]}{str(eus + 1_000_000)[1:]}Z'
        f'{_STATUS[sp.status]}{ext}{tail}'
    )


_Q = '"'


def render_start(sp: Any, service_frag: str) -> str:
    pid = sp.parent_id
    x = sp.x
    # Only what is known at start: the name and inputs (the rest arrives with the end record).
    extra = ""
    if x:
        parts = [(',"inputs":' + x["inputs"]) if x.get("inputs") else ""]
        if x.get("tags"):
            parts.append(',"tags":' + dumps(x["tags"]))
        if x.get("metadata"):
            parts.append(',"metadata":' + dumps(x["metadata"]))
        extra = "".join(parts)
    return _START % (
        sp.id,
        sp.trace_id,
        "null" if pid is None else '"' + pid + '"',
        sp._dotted or dotted_order(sp),
        _head(sp),
        iso(sp.start_ns),
        extra,
        sp.site.src,
        service_frag,
    )


_ONLY_SPANS: Optional[set] = None


def render_batch(items: list, service_frag: str, markers: list) -> list:
    """The lines of a batch taken from the queue; flush markers found in it go to `markers`.

    A record that cannot be rendered is counted as lost, never the batch.
    """
    global _ONLY_SPANS
    from . import _writer
    from ._span import Span, _RootStart

    if _ONLY_SPANS is None:
        _ONLY_SPANS = {Span}
    if set(map(type, items)) == _ONLY_SPANS:
        # The common batch, finished spans only: rendered by map, no per-item loop here.
        try:
            return list(map(render, items, repeat(service_frag)))
        except Exception:
            pass  # render is idempotent: the loop below finds the bad one
    lines = []
    for item in items:
        t = type(item)
        try:
            if t is Span:
                lines.append(render(item, service_frag))
            elif t is _RootStart:
                lines.append(render_start(item.span, service_frag))
            elif t is _writer._FlushMarker:
                markers.append(item)
        except Exception as exc:
            _writer.count_dropped(1, "render failed: %s" % type(exc).__name__)
            _writer.report_once("render:" + type(exc).__name__, "could not render a span: %r" % (exc,))
    return lines
