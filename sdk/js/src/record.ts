/**
 * A span to one line of the native format. Ids, times and enums are known to need no JSON
 * escaping, so the line is assembled by concatenation; only user values go through
 * JSON.stringify. With a redaction hook the record is built as an object first, so the hook
 * sees (and may change) every field before anything is written.
 */
import { isoUs } from './clock';
import { toJson, sanitize, asObject } from './serialize';
import { resolveSite } from './source';
import type { SpanImpl, SpanData } from './span';
import type { SpanRecord, SourceLocation, Usage } from './types';
import type { RedactHook } from './config';

// Spans repeat a few names: the record's run from the name to the start time's value is
// built once per (type, name) and kept flat, so a line is a handful of pieces.
const nameParts = new Map<string, Map<string, string>>();
let lastName = '';
let lastType = '';
let lastPart = '';
function namePart(name: string, type: string): string {
  if (name === lastName && type === lastType) return lastPart;
  let byName = nameParts.get(type);
  if (byName === undefined) nameParts.set(type, (byName = new Map()));
  let part = byName.get(name);
  if (part === undefined) {
    part = '","name":' + JSON.stringify(name) + ',"span_type":"' + type + '","start_time":"';
    part.charCodeAt(0);
    if (byName.size >= 4096) byName.clear();
    byName.set(name, part);
  }
  lastName = name;
  lastType = type;
  lastPart = part;
  return part;
}

export function sourceOf(s: SpanImpl): string | null {
  if (s.sourceJson === null && s.stack) {
    s.sourceJson = resolveSite(s.stack);
    s.stack = undefined;
  }
  return s.sourceJson;
}

export function spanLine(s: SpanImpl, running: boolean, serviceJson: string | null, withData = true): string {
  let line = s.parent !== null
    ? '{"id":"' + s.id + s.parent.headForChildren() + s.stamp + s.id
    : '{"id":"' + s.id + '","trace_id":"' + s.traceId + '","parent_id":' +
      (s.parentId === null ? 'null' : '"' + s.parentId + '"') +
      ',"dotted_order":"' + s.stamp + s.id;
  line += namePart(s.name, s.spanType) + isoUs(s.startUs);
  if (running) line += '","status":"running"';
  else line += '","end_time":"' + isoUs(s.endUs) + (s.failed ? '","status":"error"' : '","status":"ok"');
  if (withData && s.x !== undefined) line += dataPart(s.x, running);
  const src = sourceOf(s);
  if (src !== null) line += ',"source":' + src;
  if (serviceJson !== null) line += ',"service":' + serviceJson;
  return line + '}\n';
}

/** The record's fields from user data, between its status and its source. */
export function dataPart(x: SpanData, running: boolean): string {
  let line = '';
  if (x.error !== undefined) line += ',"error":' + toJson(x.error);
  if (x.inputs !== undefined) line += ',"inputs":' + toJson(asObject(x.inputs, 'input'));
  if (!running && x.outputs !== undefined) line += ',"outputs":' + toJson(asObject(x.outputs, 'output'));
  if (x.model !== undefined) line += ',"model":' + JSON.stringify(x.model);
  if (x.provider !== undefined) line += ',"provider":' + JSON.stringify(x.provider);
  if (x.usage !== undefined) line += ',"usage":' + toJson(cleanUsage(x.usage));
  if (x.cost !== undefined) line += ',"cost_usd":' + x.cost;
  if (x.metadata !== undefined) line += ',"metadata":' + toJson(x.metadata);
  if (x.tags !== undefined) line += ',"tags":' + JSON.stringify(x.tags);
  if (x.events !== undefined) line += ',"events":' + toJson(x.events);
  return line;
}

/** Token counts must be non-negative integers in the format. */
function cleanUsage(usage: Usage): Record<string, number> {
  const u = usage as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const k of Object.keys(u)) {
    const n = Number(u[k]);
    if (Number.isFinite(n) && n >= 0) out[k] = Math.round(n);
  }
  return out;
}

export function spanRecord(s: SpanImpl, running: boolean, service: string | undefined): SpanRecord {
  const r: SpanRecord = {
    id: s.id, trace_id: s.traceId, parent_id: s.parentId, dotted_order: s.dottedOrder,
    name: s.name, span_type: s.spanType, start_time: isoUs(s.startUs),
    status: running ? 'running' : s.failed ? 'error' : 'ok',
  };
  if (!running) r.end_time = isoUs(s.endUs);
  // The hook gets plain JSON data, so it can walk and rewrite it without surprises.
  const plain = <T>(v: unknown): T => sanitize(v, new Set(), 0) as T;
  const x = s.x ?? {};
  if (x.error !== undefined) r.error = { ...x.error };
  if (x.inputs !== undefined) r.inputs = plain(asObject(x.inputs, 'input'));
  if (!running && x.outputs !== undefined) r.outputs = plain(asObject(x.outputs, 'output'));
  if (x.model !== undefined) r.model = x.model;
  if (x.provider !== undefined) r.provider = x.provider;
  if (x.usage !== undefined) r.usage = cleanUsage(x.usage);
  if (x.cost !== undefined) r.cost_usd = x.cost;
  if (x.metadata !== undefined) r.metadata = plain(x.metadata);
  if (x.tags !== undefined) r.tags = [...x.tags];
  if (x.events !== undefined) r.events = plain(x.events);
  const src = sourceOf(s);
  if (src !== null) r.source = JSON.parse(src) as SourceLocation;
  if (service !== undefined) r.service = service;
  return r;
}

/** The line for a span, through the redaction hook when there is one; null = redacted away. */
export function renderSpan(s: SpanImpl, running: boolean, service: string | undefined, serviceJson: string | null, redact: RedactHook | undefined): string | null {
  if (redact === undefined) return spanLine(s, running, serviceJson);
  let rec: SpanRecord | null | undefined;
  try {
    rec = redact(spanRecord(s, running, service));
  } catch (err) {
    // A failing hook must not leak what it was meant to hide: the record is withheld.
    rec = null;
    reportRedactFailure(err);
  }
  return rec ? toJson(rec) + '\n' : null;
}

let redactWarned = false;
function reportRedactFailure(err: unknown): void {
  if (redactWarned) return;
  redactWarned = true;
  try {
    process.stderr.write(`spanscope: the redaction hook threw, records it failed on are not written: ${err instanceof Error ? err.message : String(err)}\n`);
  } catch { /* nothing to do */ }
}
