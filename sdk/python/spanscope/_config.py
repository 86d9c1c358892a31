"""Settings, from the environment at import and from `configure()` in code.

Hot-path code reads plain attributes of the module-level `settings` object.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Callable, Optional

SPAN_TYPES = frozenset(
    ("chain", "llm", "retriever", "tool", "embedding", "agent", "reranker", "guardrail", "evaluator", "custom")
)

_FALSE = {"0", "false", "no", "off", ""}


def _env_bool(name: str, default: bool) -> bool:
    v = os.environ.get(name)
    return default if v is None else v.strip().lower() not in _FALSE


def _env_float(name: str, default: Optional[float]) -> Optional[float]:
    v = os.environ.get(name)
    if v is None or not v.strip():
        return default
    try:
        return float(v)
    except ValueError:
        sys.stderr.write("spanscope: ignoring %s=%r (not a number)\n" % (name, v))
        return default


def _default_service() -> str:
    svc = os.environ.get("SPANSCOPE_SERVICE") or os.environ.get("OTEL_SERVICE_NAME")
    if svc:
        return svc
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else "python"
    base = os.path.basename(argv0)
    return base[:-3] if base.endswith(".py") else (base or "python")


class Settings:
    def __init__(self) -> None:
        self.enabled: bool = _env_bool("SPANSCOPE_ENABLED", True)
        self.file: Optional[str] = os.path.abspath(os.environ.get("SPANSCOPE_FILE") or "traces.jsonl")
        if os.environ.get("SPANSCOPE_FILE", "").strip().lower() in ("none", "off"):
            self.file = None
        self.service: str = _default_service()
        rate = _env_float("SPANSCOPE_SAMPLE_RATE", 1.0)
        self.sample_rate: float = min(1.0, max(0.0, rate if rate is not None else 1.0))
        self.max_traces_per_second: Optional[float] = _env_float("SPANSCOPE_MAX_TRACES_PER_SECOND", None)
        self.otlp_endpoint: Optional[str] = (
            os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or None
        )
        self.otlp_traces_endpoint_is_full: bool = bool(os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
        self.otlp_headers: dict[str, str] = _parse_headers(
            os.environ.get("OTEL_EXPORTER_OTLP_TRACES_HEADERS") or os.environ.get("OTEL_EXPORTER_OTLP_HEADERS") or ""
        )
        self.redact: Optional[Callable[[dict], Optional[dict]]] = None
        # Back-pressure bound: at most this many finished spans wait for the writer; a producer
        # that finds the queue full waits (up to `block_timeout` seconds) for room.
        self.max_pending: int = int(_env_float("SPANSCOPE_MAX_PENDING", 50_000) or 50_000)
        self.block_timeout: float = _env_float("SPANSCOPE_BLOCK_TIMEOUT", 10.0) or 10.0
        self.flush_interval: float = _env_float("SPANSCOPE_FLUSH_INTERVAL", 0.2) or 0.2
        self.exporters: Optional[list[Any]] = None  # None: built from file/otlp settings
        self.pricing: dict[str, dict[str, float]] = {}


def _parse_headers(s: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in s.split(","):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out


settings = Settings()
