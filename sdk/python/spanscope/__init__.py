"""Spanscope: trace LLM programs to a JSON Lines file the Spanscope viewer reads.

    from spanscope import observe, span, current_span

    @observe(span_type="retriever")
    def retrieve(query): ...

    with span("answer", "chain") as s:
        s.set_metadata(user="u-42")

Spans are written by a background thread to `traces.jsonl` in the working directory (or
`SPANSCOPE_FILE`). Threads started inside a span see it as their parent when started with
`spanscope.context.Thread` / `spanscope.context.wrap` or `contextvars.copy_context().run`.
"""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

from . import _writer
from ._config import SPAN_TYPES, settings
from ._observe import observe
from ._api import current_span, span
from ._span import RemoteParent, Span

__all__ = [
    "observe", "span", "current_span", "configure", "flush", "shutdown",
    "Span", "RemoteParent", "SPAN_TYPES", "settings",
]
__version__ = "0.1.0"

_UNSET: Any = object()


def configure(
    *,
    file: Optional[str] = _UNSET,
    service: str = _UNSET,
    enabled: bool = _UNSET,
    sample_rate: float = _UNSET,
    max_traces_per_second: Optional[float] = _UNSET,
    redact: Optional[Callable[[dict], Optional[dict]]] = _UNSET,
    exporters: Optional[Sequence[Any]] = _UNSET,
    otlp_endpoint: Optional[str] = _UNSET,
    otlp_headers: Optional[dict] = _UNSET,
    max_pending: int = _UNSET,
    block_timeout: float = _UNSET,
    flush_interval: float = _UNSET,
    pricing: Optional[dict] = _UNSET,
) -> None:
    """Change settings in code (the environment gives the defaults).

    file: JSONL output path (None: no file). exporters: replaces the file/OTLP exporters
    with your own list. redact(record) -> record or None runs on every record before any
    exporter sees it. pricing: {model: {"input": $/Mtok, "output": ..., "cache_read": ...}}
    merged over the bundled table.
    """
    import os

    if file is not _UNSET:
        settings.file = os.path.abspath(file) if file else None
    if service is not _UNSET:
        settings.service = str(service)
    if enabled is not _UNSET:
        settings.enabled = bool(enabled)
    if sample_rate is not _UNSET:
        settings.sample_rate = min(1.0, max(0.0, float(sample_rate)))
    if max_traces_per_second is not _UNSET:
        settings.max_traces_per_second = max_traces_per_second
    if redact is not _UNSET:
        settings.redact = redact
    if exporters is not _UNSET:
        settings.exporters = list(exporters) if exporters is not None else None
    if otlp_endpoint is not _UNSET:
        settings.otlp_endpoint = otlp_endpoint
        settings.otlp_traces_endpoint_is_full = False
    if otlp_headers is not _UNSET:
        settings.otlp_headers = dict(otlp_headers or {})
    if max_pending is not _UNSET:
        settings.max_pending = int(max_pending)
    if block_timeout is not _UNSET:
        settings.block_timeout = float(block_timeout)
    if flush_interval is not _UNSET:
        settings.flush_interval = float(flush_interval)
    if pricing is not _UNSET:
        settings.pricing = dict(pricing or {})
    _writer.reconfigure()


def flush(timeout: Optional[float] = 30.0) -> bool:
    """Write every span that has ended so far. True when done within `timeout` seconds."""
    return _writer.flush(timeout)


def shutdown(timeout: Optional[float] = 30.0) -> None:
    """Flush and stop the writer (it restarts if more spans end). Also runs at exit."""
    _writer.shutdown(timeout)
