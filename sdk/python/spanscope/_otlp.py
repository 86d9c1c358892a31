"""Native records → OTLP/JSON `ExportTraceServiceRequest` (for OtlpHttpExporter).

Attributes follow the OpenTelemetry GenAI conventions plus OpenInference's span kind and
input/output values, and `code.*` for the source location, so OTLP backends (and the
Spanscope viewer reading them back) see models, tokens and source lines.
"""
from __future__ import annotations

import calendar
import json
from typing import Any, Iterable

_OI_KIND = {
    "chain": "CHAIN", "llm": "LLM", "retriever": "RETRIEVER", "tool": "TOOL", "embedding": "EMBEDDING",
    "agent": "AGENT", "reranker": "RERANKER", "guardrail": "GUARDRAIL", "evaluator": "EVALUATOR", "custom": "UNKNOWN",
}


def iso_to_ns(s: str) -> int:
    base, frac = s.rstrip("Z").split(".")
    return calendar.timegm((int(base[0:4]), int(base[5:7]), int(base[8:10]), int(base[11:13]), int(base[14:16]), int(base[17:19]), 0, 0, 0)) * 1_000_000_000 + int(frac.ljust(9, "0")[:9])


def _value(v: Any) -> dict:
    if isinstance(v, bool):
        return {"boolValue": v}
    if isinstance(v, int):
        return {"intValue": str(v)}
    if isinstance(v, float):
        return {"doubleValue": v}
    if isinstance(v, str):
        return {"stringValue": v}
    if isinstance(v, (list, tuple)) and all(isinstance(x, (str, bool, int, float)) for x in v):
        return {"arrayValue": {"values": [_value(x) for x in v]}}
    return {"stringValue": json.dumps(v)}


def _attrs(d: dict) -> list:
    return [{"key": k, "value": _value(v)} for k, v in d.items() if v is not None]


def _span_id(uuid_or_hex: str) -> str:
    return uuid_or_hex.replace("-", "")[-16:]


def to_otlp_span(r: dict) -> dict:
    span_type = r.get("span_type", "chain")
    a: dict = {"spanscope.span_type": span_type, "openinference.span.kind": _OI_KIND.get(span_type, "UNKNOWN")}
    if r.get("model"):
        a["gen_ai.request.model"] = r["model"]
        a["gen_ai.response.model"] = r["model"]
    if r.get("provider"):
        a["gen_ai.system"] = r["provider"]
        a["gen_ai.provider.name"] = r["provider"]
    usage = r.get("usage") or {}
    for src, dst in (("input_tokens", "gen_ai.usage.input_tokens"), ("output_tokens", "gen_ai.usage.output_tokens"),
                     ("cache_read_input_tokens", "gen_ai.usage.cache_read_input_tokens"), ("reasoning_tokens", "gen_ai.usage.reasoning_tokens")):
        if src in usage:
            a[dst] = usage[src]
    if r.get("cost_usd") is not None:
        a["spanscope.cost_usd"] = float(r["cost_usd"])
    if r.get("inputs") is not None:
        a["input.value"] = json.dumps(r["inputs"])
        a["input.mime_type"] = "application/json"
    if r.get("outputs") is not None:
        a["output.value"] = json.dumps(r["outputs"])
        a["output.mime_type"] = "application/json"
    src_loc = r.get("source") or {}
    if src_loc.get("file"):
        a["code.file.path"] = src_loc["file"]
    if src_loc.get("line"):
        a["code.line.number"] = src_loc["line"]
    if src_loc.get("function"):
        a["code.function.name"] = src_loc["function"]
    if r.get("tags"):
        a["spanscope.tags"] = list(r["tags"])
    for k, v in (r.get("metadata") or {}).items():
        a["metadata." + k] = v
    if r.get("dotted_order"):
        a["spanscope.dotted_order"] = r["dotted_order"]
    span: dict = {
        "traceId": r["trace_id"].replace("-", ""),
        "spanId": _span_id(r["id"]),
        "name": r.get("name", ""),
        "kind": 1,
        "startTimeUnixNano": str(iso_to_ns(r["start_time"])),
        "endTimeUnixNano": str(iso_to_ns(r.get("end_time") or r["start_time"])),
        "attributes": _attrs(a),
        "status": {"code": 2 if r.get("status") == "error" else 1},
    }
    if r.get("parent_id"):
        span["parentSpanId"] = _span_id(r["parent_id"])
    events = [
        {"name": e["name"], "timeUnixNano": str(iso_to_ns(e["time"])), "attributes": _attrs(e.get("attributes") or {})}
        for e in r.get("events") or ()
    ]
    err = r.get("error")
    if err:
        span["status"]["message"] = err.get("message", "")
        events.append({
            "name": "exception",
            "timeUnixNano": span["endTimeUnixNano"],
            "attributes": _attrs({"exception.type": err.get("type"), "exception.message": err.get("message"), "exception.stacktrace": err.get("stack")}),
        })
    if events:
        span["events"] = events
    return span


def to_otlp_request(records: Iterable[dict], default_service: str) -> dict:
    by_service: dict = {}
    for r in records:
        if r.get("status") == "running":
            continue  # OTLP has no open spans: the finished record follows
        by_service.setdefault(r.get("service") or default_service, []).append(to_otlp_span(r))
    return {
        "resourceSpans": [
            {
                "resource": {"attributes": _attrs({"service.name": svc, "telemetry.sdk.name": "spanscope", "telemetry.sdk.language": "python"})},
                "scopeSpans": [{"scope": {"name": "spanscope", "version": "0.1.0"}, "spans": spans}],
            }
            for svc, spans in by_service.items()
        ]
    }
