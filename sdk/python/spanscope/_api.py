"""The block API: `span(...)` as a (async) context manager, and `current_span()`."""
from __future__ import annotations

import sys
from typing import Any, Iterable, Mapping, Optional

from ._config import settings
from ._site import _new_site, _sites
from ._span import NOOP, PASS, Span, _cv_get, _cv_reset, _cv_set, _new

_getframe = sys._getframe


def span(
    name: str,
    span_type: str = "chain",
    *,
    inputs: Any = None,
    metadata: Optional[Mapping[str, Any]] = None,
    tags: Optional[Iterable[str]] = None,
    parent: Any = None,
) -> Span:
    """A span for a block: `with span("retrieve", "retriever") as s: ...` (or `async with`).

    `parent` may be a `RemoteParent` from `propagation.extract(headers)` to continue a trace.
    """
    if not settings.enabled:
        return NOOP
    if parent is None:
        cur = _cv_get()
        if cur is not None and not cur.sampled:
            return PASS  # inside a sampled-out trace: nothing to record, nothing to set
    f = _getframe(1)
    code = f.f_code
    # Keyed by id(code) and bytecode offset: hashing a code object hashes all its constants,
    # and the offset is cheaper to read than f_lineno. The code object is kept in the Site
    # and checked, so a recycled id never yields another function's site.
    key = (id(code), f.f_lasti, name, span_type)
    try:
        site = _sites.get(key)
    except TypeError:  # an unhashable name or type: use its text
        name, span_type = str(name), str(span_type)
        key = (id(code), f.f_lasti, name, span_type)
        site = _sites.get(key)
    if site is None or site.code is not code:
        site = _sites[key] = _new_site(code, f.f_lineno, name, span_type)
    s = _new(Span)  # Span.__init__ inlined: one frame less on the hot path
    s.site = site
    s.parent = parent
    s.x = None
    s.end_ns = 0
    s.status = "running"
    s._dotted = None
    s.sampled = True
    if inputs is not None or metadata or tags:
        return _Preset(s, inputs, metadata, tags)  # type: ignore[return-value]
    return s


class _Preset:
    """Applies span(...) keyword values once the span has started (and knows if it records)."""

    __slots__ = ("s", "inputs", "metadata", "tags")

    def __init__(self, s: Span, inputs: Any, metadata: Any, tags: Any):
        self.s, self.inputs, self.metadata, self.tags = s, inputs, metadata, tags

    def _apply(self, s: Span) -> Span:
        if self.inputs is not None:
            s.set_inputs(self.inputs)
        if self.metadata:
            s.set_metadata(self.metadata)
        if self.tags:
            s.set_tags(self.tags)
        return s

    def start(self) -> Span:
        return self._apply(self.s.start())

    def __enter__(self) -> Span:
        s = self.s
        s.start()
        self._apply(s)
        s._token = _cv_set(s)
        return s

    def __exit__(self, et: Any, e: Any, tb: Any) -> bool:
        return self.s.__exit__(et, e, tb)

    async def __aenter__(self) -> Span:
        return self.__enter__()

    async def __aexit__(self, et: Any, e: Any, tb: Any) -> bool:
        return self.s.__exit__(et, e, tb)


def current_span() -> Span:
    """The innermost active span, or a no-op span whose setters do nothing."""
    s = _cv_get()
    return s if s is not None and not s.remote else NOOP


def activate(s: Any) -> Any:
    """Make `s` (a Span or RemoteParent) current; returns a token for `deactivate`."""
    return _cv_set(s)


def deactivate(token: Any) -> None:
    try:
        _cv_reset(token)
    except ValueError:
        pass
