/**
 * Decoded protobuf messages to the OTLP/JSON shape the OTLP reader reads: hex trace and span
 * ids, 64-bit integers (times, intValue) as decimal strings so nanoseconds keep every digit,
 * enums as integers, bytes as base64. Absent and default fields are left out, as the
 * protobuf JSON mapping does, which keeps the stored lines short.
 */
import type {
  Int64, PbAnyValue, PbEvent, PbKeyValue, PbLink, PbLogRecord, PbResource, PbResourceLogs,
  PbResourceSpans, PbScope, PbSpan,
} from './proto/otlp-root';

type Json = Record<string, unknown>;

export function hex(bytes: Uint8Array | null): string {
  return bytes && bytes.length > 0 ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex') : '';
}

/** fixed64 and int64 fields: long.js Long (or a plain number) to its exact decimal digits. */
export function int64(v: Int64 | null): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return String(v);
  if (v.high === 0) return String(v.low >>> 0);
  // BigInt formats a 64-bit value about five times faster than long.js's toString
  const bits = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return (v.unsigned ? bits : BigInt.asIntN(64, bits)).toString();
}

export function anyValueJson(v: PbAnyValue | null): Json {
  if (!v) return {};
  if (v.stringValue !== null) return { stringValue: v.stringValue };
  if (v.boolValue !== null) return { boolValue: v.boolValue };
  if (v.intValue !== null) return { intValue: int64(v.intValue) };
  if (v.doubleValue !== null) return { doubleValue: v.doubleValue };
  if (v.arrayValue !== null) return { arrayValue: { values: (v.arrayValue.values ?? []).map(anyValueJson) } };
  if (v.kvlistValue !== null) return { kvlistValue: { values: attributesJson(v.kvlistValue.values) } };
  if (v.bytesValue !== null) return { bytesValue: Buffer.from(v.bytesValue).toString('base64') };
  return {};
}

export function attributesJson(list: PbKeyValue[] | null): Json[] {
  return (list ?? []).map((kv) => ({ key: kv.key ?? '', value: anyValueJson(kv.value) }));
}

/** Sets `key` only when the value says something: no empty strings, zeros or empty lists. */
function put(out: Json, key: string, value: unknown): void {
  if (value === null || value === undefined || value === '' || value === 0) return;
  if (Array.isArray(value) && value.length === 0) return;
  out[key] = value;
}

function resourceJson(r: PbResource | null): Json | undefined {
  if (!r) return undefined;
  const out: Json = { attributes: attributesJson(r.attributes) };
  put(out, 'droppedAttributesCount', r.droppedAttributesCount);
  return out;
}

function scopeJson(s: PbScope | null): Json | undefined {
  if (!s) return undefined;
  const out: Json = {};
  put(out, 'name', s.name);
  put(out, 'version', s.version);
  put(out, 'attributes', attributesJson(s.attributes));
  put(out, 'droppedAttributesCount', s.droppedAttributesCount);
  return out;
}

function eventJson(e: PbEvent): Json {
  const out: Json = { timeUnixNano: int64(e.timeUnixNano) ?? '0', name: e.name ?? '' };
  put(out, 'attributes', attributesJson(e.attributes));
  put(out, 'droppedAttributesCount', e.droppedAttributesCount);
  return out;
}

function linkJson(l: PbLink): Json {
  const out: Json = { traceId: hex(l.traceId), spanId: hex(l.spanId) };
  put(out, 'traceState', l.traceState);
  put(out, 'attributes', attributesJson(l.attributes));
  put(out, 'droppedAttributesCount', l.droppedAttributesCount);
  put(out, 'flags', l.flags);
  return out;
}

export function spanJson(s: PbSpan): Json {
  const out: Json = { traceId: hex(s.traceId), spanId: hex(s.spanId) };
  put(out, 'traceState', s.traceState);
  put(out, 'parentSpanId', hex(s.parentSpanId));
  put(out, 'flags', s.flags);
  out.name = s.name ?? '';
  put(out, 'kind', s.kind);
  out.startTimeUnixNano = int64(s.startTimeUnixNano) ?? '0';
  out.endTimeUnixNano = int64(s.endTimeUnixNano) ?? '0';
  put(out, 'attributes', attributesJson(s.attributes));
  put(out, 'droppedAttributesCount', s.droppedAttributesCount);
  put(out, 'events', (s.events ?? []).map(eventJson));
  put(out, 'droppedEventsCount', s.droppedEventsCount);
  put(out, 'links', (s.links ?? []).map(linkJson));
  put(out, 'droppedLinksCount', s.droppedLinksCount);
  if (s.status) {
    const status: Json = {};
    put(status, 'message', s.status.message);
    put(status, 'code', s.status.code);
    out.status = status;
  }
  return out;
}

export function resourceSpansJson(rs: PbResourceSpans): Json {
  const out: Json = {};
  put(out, 'resource', resourceJson(rs.resource));
  out.scopeSpans = (rs.scopeSpans ?? []).map((ss) => {
    const scope: Json = {};
    put(scope, 'scope', scopeJson(ss.scope));
    scope.spans = (ss.spans ?? []).map(spanJson);
    put(scope, 'schemaUrl', ss.schemaUrl);
    return scope;
  });
  put(out, 'schemaUrl', rs.schemaUrl);
  return out;
}

export function logRecordJson(r: PbLogRecord): Json {
  const out: Json = {};
  put(out, 'timeUnixNano', int64(r.timeUnixNano));
  put(out, 'observedTimeUnixNano', int64(r.observedTimeUnixNano));
  put(out, 'severityNumber', r.severityNumber);
  put(out, 'severityText', r.severityText);
  if (r.body) out.body = anyValueJson(r.body);
  put(out, 'attributes', attributesJson(r.attributes));
  put(out, 'flags', r.flags);
  put(out, 'traceId', hex(r.traceId));
  put(out, 'spanId', hex(r.spanId));
  put(out, 'eventName', r.eventName);
  return out;
}

export function resourceLogsJson(rl: PbResourceLogs): Json {
  const out: Json = {};
  put(out, 'resource', resourceJson(rl.resource));
  out.scopeLogs = (rl.scopeLogs ?? []).map((sl) => {
    const scope: Json = {};
    put(scope, 'scope', scopeJson(sl.scope));
    scope.logRecords = (sl.logRecords ?? []).map(logRecordJson);
    return scope;
  });
  return out;
}
