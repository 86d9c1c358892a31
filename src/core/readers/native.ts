/**
 * The native JSONL format (DESIGN.md §2), which also reads LangSmith-style runs: `run_type`,
 * `parent_run_id`, `session_name`, `error` as a string, usage and cost where LangSmith puts them.
 */
import type { SourceLocation, Span, SpanEvent, SpanStatus } from '../model';
import { toMicros } from '../time';
import { errorFromValue } from './errors';
import { asNumber, asObject, asString, asStringArray, isObject, type JsonObject } from './fields';
import { runCost, runMetadata, runModel, runProvider, runUsage } from './langsmith';
import { inferSpanType } from './span-type';
import type { LineContext, LineFormat } from './types';

export const nativeFormat: LineFormat = {
  id: 'native',
  matches(record: unknown): boolean {
    if (!isObject(record)) return false;
    const native = record.start_time !== undefined || record.trace_id !== undefined || record.run_type !== undefined;
    // A record shaped like ours but without an id is claimed, so its warning says what is missing.
    return native && (typeof record.id === 'string' || record.span_type !== undefined || record.name !== undefined);
  },
  toSpans(record: JsonObject, ctx: LineContext): Span[] {
    return [nativeRecordToSpan(record, ctx)];
  },
};

export function nativeRecordToSpan(rec: JsonObject, ctx: LineContext): Span {
  const id = asString(rec.id);
  if (!id) throw new Error('record has no "id"');
  const startTime = toMicros(rec.start_time);
  if (startTime === undefined) throw new Error(`span ${id}: missing or unreadable "start_time"`);
  const endTime = toMicros(rec.end_time);
  const name = asString(rec.name) ?? '(unnamed)';
  const model = runModel(rec);
  const runType = rec.run_type;
  const spanType = inferSpanType({ spanType: rec.span_type, runType, name, model });
  const isLlm = spanType === 'llm';
  const error = errorFromValue(rec.error);
  const dottedOrder = asString(rec.dotted_order);
  const parentId = asString(rec.parent_id) ?? asString(rec.parent_run_id) ?? null;
  const span: Span = {
    id,
    traceId: asString(rec.trace_id) ?? traceIdFromDottedOrder(dottedOrder) ?? parentId ?? id,
    parentId,
    name,
    spanType,
    startTime,
    status: statusOf(rec.status, error !== undefined, endTime !== undefined),
    origin: { file: ctx.file, line: ctx.line, offset: ctx.offset, length: ctx.length },
  };
  if (dottedOrder) span.dottedOrder = dottedOrder;
  if (endTime !== undefined) span.endTime = endTime;
  if (error) span.error = error;
  if (rec.inputs !== undefined && rec.inputs !== null) span.inputs = rec.inputs;
  if (rec.outputs !== undefined && rec.outputs !== null) span.outputs = rec.outputs;
  if (model) span.model = model;
  const provider = runProvider(rec);
  if (provider) span.provider = provider;
  const usage = runUsage(rec, isLlm);
  if (usage) span.usage = usage;
  const cost = runCost(rec, isLlm);
  if (cost !== undefined) span.costUsd = cost;
  const metadata = runMetadata(rec);
  if (metadata) span.metadata = metadata;
  const tags = asStringArray(rec.tags);
  if (tags) span.tags = tags;
  const source = sourceOf(rec.source);
  if (source) span.source = source;
  const events = eventsOf(rec.events);
  if (events) span.events = events;
  const service = asString(rec.service) ?? asString(rec.session_name);
  if (service) span.service = service;
  const kind = asString(rec.kind);
  if (kind) span.kind = kind;
  return span;
}

function statusOf(raw: unknown, hasError: boolean, ended: boolean): SpanStatus {
  if (raw === 'running' || raw === 'pending') return 'running';
  if (raw === 'error' || hasError) return 'error';
  if (raw === 'ok' || raw === 'success') return 'ok';
  return ended ? 'ok' : 'running';
}

/** The root's id: the uuid of the first `<timestamp><uuid>` segment. */
function traceIdFromDottedOrder(dotted: string | undefined): string | undefined {
  if (!dotted) return undefined;
  const dot = dotted.indexOf('.');
  const first = dot < 0 ? dotted : dotted.slice(0, dot);
  const z = first.indexOf('Z');
  return z >= 0 && z + 1 < first.length ? first.slice(z + 1) : undefined;
}

export function sourceOf(raw: unknown): SourceLocation | undefined {
  const s = asObject(raw);
  const file = asString(s?.file) ?? asString(s?.filepath) ?? asString(s?.path);
  if (!s || !file) return undefined;
  const out: SourceLocation = { file };
  const line = asNumber(s.line) ?? asNumber(s.lineno);
  if (line !== undefined) out.line = line;
  const fn = asString(s.function) ?? asString(s.func);
  if (fn) out.function = fn;
  return out;
}

function eventsOf(raw: unknown): SpanEvent[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const out: SpanEvent[] = [];
  for (const e of raw) {
    if (!isObject(e)) continue;
    const time = toMicros(e.time ?? e.timestamp);
    const ev: SpanEvent = { name: asString(e.name) ?? 'event', time: time ?? 0 };
    const attrs = asObject(e.attributes) ?? asObject(e.kwargs);
    if (attrs) ev.attributes = attrs;
    out.push(ev);
  }
  return out.length > 0 ? out : undefined;
}
