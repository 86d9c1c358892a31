"""The span: its context, its start and end, and the setters user code calls.

A span is recorded (queued for the writer) when it ends; a local root is also queued when it
starts so a viewer can show it running. Only ids, times and pre-encoded JSON fragments are
kept on the hot path: the writer thread turns them into the line.
"""
from __future__ import annotations

import traceback
from contextvars import ContextVar
from typing import Any, Iterable, Mapping, Optional

from . import _writer
from ._clock import random_bits_of, time_ns, uuid7
from ._config import settings
from ._jsonsafe import dumps
from ._site import Site
from ._sampling import sample_root

_current: ContextVar[Any] = ContextVar("spanscope.current_span", default=None)
_cv_get = _current.get
_cv_set = _current.set
_cv_reset = _current.reset
_enqueue = _writer.enqueue
_q = _writer._q
_q_append = _q.append


class RemoteParent:
    """A parent in another process, from a W3C `traceparent` (see propagation.extract)."""

    __slots__ = ("id", "trace_id", "sampled", "tracestate")
    recording = False
    remote = True

    def __init__(self, trace_id: str, parent_id: str, sampled: bool, tracestate: str = ""):
        self.trace_id = trace_id
        self.id = parent_id
        self.sampled = sampled
        self.tracestate = tracestate

    def __repr__(self) -> str:
        return "RemoteParent(trace_id=%r, parent_id=%r, sampled=%r)" % (self.trace_id, self.id, self.sampled)


def _guarded(method: Any) -> Any:
    """Setters never raise into user code: a bad value is reported once and ignored."""
    import functools

    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            _writer.report_once("setter:%s:%s" % (method.__name__, type(exc).__name__),
                                "%s ignored a value it could not use: %r" % (method.__name__, exc))
            return self

    return guarded


class Span:
    """One unit of work. Use it through `span(...)`, `@observe` or `current_span()`."""

    __slots__ = (
        "id", "trace_id", "parent", "parent_id", "site", "start_ns", "end_ns",
        "status", "x", "_token", "_dotted", "sampled",
    )
    remote = False

    def __init__(self, site: Site, parent: Any = None):
        self.site = site
        self.parent = parent  # an explicit parent until start(); then the local parent span
        self.x: Optional[dict] = None
        self.end_ns = 0
        self.status = "running"
        self._dotted: Optional[str] = None
        self.sampled = True

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> "Span":
        """Give the span its ids and start time (without making it current)."""
        parent = self.parent
        if parent is None:
            parent = _cv_get()
        self.start_ns = ns = time_ns()
        if parent is None:
            self.id = self.trace_id = uuid7(ns)
            self.parent_id = None
            if settings.sample_rate < 1.0 or settings.max_traces_per_second is not None:
                if not sample_root(random_bits_of(self.id)):
                    self.sampled = False
                    return self
            _enqueue(_RootStart(self))
            return self
        if not parent.sampled:
            self.sampled = False
            self.parent = None
            self.id = parent.id
            self.trace_id = parent.trace_id
            self.parent_id = None
            return self
        self.id = uuid7(ns)
        self.trace_id = parent.trace_id
        self.parent_id = parent.id
        if parent.remote:
            self.parent = None
            if parent.tracestate:  # other vendors' entries, passed on by propagation.inject
                self.x = {"tracestate": parent.tracestate}
            _enqueue(_RootStart(self))  # the local root of a continued trace
        else:
            self.parent = parent
        return self

    def end(self, error: Optional[BaseException] = None) -> None:
        """End the span and queue it for writing. A second call does nothing."""
        if self.end_ns or not self.sampled:
            return
        self.end_ns = time_ns()
        if error is not None:
            self.record_error(error)
        elif self.status == "running":
            self.status = "ok"
        _enqueue(self)

    def __enter__(self) -> "Span":
        parent = self.parent
        if parent is None:
            parent = _cv_get()
        if parent is not None and parent.sampled and not parent.remote:
            # start() inlined for the common case: a recorded child of a local span
            self.start_ns = ns = time_ns()
            self.id = uuid7(ns)
            self.trace_id = parent.trace_id
            self.parent_id = parent.id
            self.parent = parent
        else:
            self.start()
        self._token = _cv_set(self)
        return self

    def __exit__(self, et: Any, e: Any, tb: Any) -> bool:
        token = self._token
        if token is not None:
            self._token = None
            try:
                _cv_reset(token)
            except ValueError:  # ended in another context than it started in
                pass
        if self.sampled and not self.end_ns:
            self.end_ns = time_ns()
            if e is not None and type(e) is not GeneratorExit:
                self.record_error(e)
            elif self.status == "running":
                self.status = "ok"  # GeneratorExit: the generator around the block was closed, not failed
            # _writer.enqueue inlined: this is the hottest line of the SDK
            _q_append(self)
            n = len(_q)
            if not n & 1023 or n >= _writer._max_pending or not _writer._started:
                _enqueue(None)
        return False

    async def __aenter__(self) -> "Span":
        return self.__enter__()

    async def __aexit__(self, et: Any, e: Any, tb: Any) -> bool:
        return self.__exit__(et, e, tb)

    # -- setters -----------------------------------------------------------------------------
    def _extra(self) -> dict:
        x = self.x
        if x is None:
            x = self.x = {}
        return x

    @property
    def name(self) -> str:
        x = self.x
        return x["name"] if x and "name" in x else self.site.name

    @property
    def span_type(self) -> str:
        return self.site.span_type

    @_guarded
    def set_name(self, name: str) -> "Span":
        if self.sampled:
            self._extra()["name"] = str(name)
        return self

    @_guarded
    def set_inputs(self, value: Any = None, **kw: Any) -> "Span":
        """Inputs as an object; encoded now, so later mutation of `value` is not recorded."""
        if self.sampled:
            if kw:
                value = {**value, **kw} if isinstance(value, Mapping) else (kw if value is None else {"input": value, **kw})
            self._extra()["inputs"] = dumps(value if isinstance(value, dict) else {"input": value})
        return self

    @_guarded
    def set_outputs(self, value: Any = None, **kw: Any) -> "Span":
        if self.sampled:
            if kw:
                value = {**value, **kw} if isinstance(value, Mapping) else (kw if value is None else {"output": value, **kw})
            self._extra()["outputs"] = dumps(value if isinstance(value, dict) else {"output": value})
        return self

    @_guarded
    def set_model(self, model: str, provider: Optional[str] = None) -> "Span":
        if self.sampled:
            x = self._extra()
            x["model"] = str(model)
            if provider:
                x["provider"] = str(provider)
        return self

    @_guarded
    def set_usage(self, usage: Optional[Mapping[str, Any]] = None, **kw: Any) -> "Span":
        """Token counts (`input_tokens`, `output_tokens`, `total_tokens`, `cache_read_input_tokens`, ...)."""
        if self.sampled:
            merged = dict(self._extra().get("usage") or {})
            for k, v in {**(usage or {}), **kw}.items():
                if isinstance(v, bool) or v is None:
                    continue
                try:
                    n = int(v)
                except (TypeError, ValueError):
                    continue
                if n >= 0:
                    merged[str(k)] = n
            if "total_tokens" not in merged and ("input_tokens" in merged or "output_tokens" in merged):
                merged["total_tokens"] = merged.get("input_tokens", 0) + merged.get("output_tokens", 0)
            self.x["usage"] = merged  # type: ignore[index]
        return self

    @_guarded
    def set_cost(self, usd: float) -> "Span":
        """This span's own cost in USD (not its children's)."""
        if self.sampled:
            try:
                v = float(usd)
            except (TypeError, ValueError):
                return self
            if v >= 0 and v != float("inf"):
                self._extra()["cost"] = v
        return self

    @_guarded
    def set_metadata(self, data: Optional[Mapping[str, Any]] = None, **kw: Any) -> "Span":
        if self.sampled:
            x = self._extra()
            md = dict(x.get("metadata") or {})
            if data:
                md.update(data)
            md.update(kw)
            x["metadata"] = md
        return self

    @_guarded
    def add_tags(self, *tags: str) -> "Span":
        if self.sampled:
            x = self._extra()
            x["tags"] = list(x.get("tags") or ()) + [str(t) for t in tags]
        return self

    @_guarded
    def set_tags(self, tags: Iterable[str]) -> "Span":
        if self.sampled:
            self._extra()["tags"] = [str(t) for t in tags]
        return self

    @_guarded
    def add_event(self, name: str, attributes: Optional[Mapping[str, Any]] = None) -> "Span":
        if self.sampled:
            x = self._extra()
            ev = x.get("events")
            if ev is None:
                ev = x["events"] = []
            ev.append((str(name), time_ns(), dumps(dict(attributes)) if attributes else None))
        return self

    def record_error(self, exc: BaseException) -> "Span":
        """Mark the span failed with the exception's type, message and traceback."""
        if self.sampled:
            self.status = "error"
            try:
                stack = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            except Exception:
                stack = ""
            try:
                message = str(exc)
            except Exception:
                message = "<unprintable %s>" % type(exc).__name__
            self._extra()["error"] = {"type": type(exc).__qualname__, "message": message, "stack": stack}
        return self

    @property
    def dotted_order(self) -> str:
        from ._render import dotted_order

        return dotted_order(self) if self.sampled else ""

    @property
    def recording(self) -> bool:
        return self.sampled

    def __repr__(self) -> str:
        return "Span(name=%r, id=%r, trace_id=%r, sampled=%r)" % (self.name, getattr(self, "id", None), getattr(self, "trace_id", None), self.sampled)


_new = object.__new__


def start_child(site: Site, parent: Span) -> Span:
    """A started, recorded child of a local recorded span: `Span(site).start()` in one frame."""
    s = _new(Span)
    s.site = site
    s.x = None
    s.end_ns = 0
    s.status = "running"
    s._dotted = None
    s.sampled = True
    s.start_ns = ns = time_ns()
    s.id = uuid7(ns)
    s.trace_id = parent.trace_id
    s.parent_id = parent.id
    s.parent = parent
    return s


class _RootStart:
    """Queued at a local root's start: written as the `running` record."""

    __slots__ = ("span",)

    def __init__(self, span: Span):
        self.span = span


class _NoopSpan(Span):
    """What `span()` and `current_span()` give when tracing is off or there is no span."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(_NOOP_SITE)
        self.sampled = False
        self.id = "00000000-0000-0000-0000-000000000000"
        self.trace_id = self.id

    def start(self) -> "Span":
        return self

    def __enter__(self) -> "Span":
        return self

    def __exit__(self, et: Any, e: Any, tb: Any) -> bool:
        return False


_NOOP_SITE = Site("noop", "custom", None, None, None)
NOOP = _NoopSpan()


class _Passthrough:
    """`span()` inside a sampled-out trace: the block runs under the current (unrecorded) span."""

    __slots__ = ()

    def __enter__(self) -> Any:
        return _cv_get()

    def __exit__(self, et: Any, e: Any, tb: Any) -> bool:
        return False

    async def __aenter__(self) -> Any:
        return _cv_get()

    async def __aexit__(self, et: Any, e: Any, tb: Any) -> bool:
        return False

    def start(self) -> Any:
        return _cv_get()


PASS = _Passthrough()
