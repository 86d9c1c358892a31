/**
 * One OTLP-shaped span (camelCase or snake_case fields) into the model, with the attribute
 * conventions applied in order: GenAI, OpenInference, code.*, then seed tracers' own names.
 * What no mapper claims ends up in `metadata`.
 */
import type { SourceLocation, Span, SpanEvent } from '../model';
import { nanosToMicros } from '../time';
import { applyAdHocLlm } from './adhoc-llm';
import { errorFromException } from './errors';
import { asNumber, asString, isObject, type JsonObject } from './fields';
import { applyGenAi, applyGenAiEvents } from './genai';
import { normalizeId } from './ids';
import { applyOpenInference } from './openinference';
import { AttributeBag, attributesToObject } from './otlp-attributes';
import { inferSpanType } from './span-type';
import { applyTraceloop } from './traceloop';

export interface OtlpSpanContext {
  file: string;
  service?: string;
  line?: number;
  offset?: number;
  length?: number;
}

const KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/** `2`, `"SPAN_KIND_SERVER"` or `"SERVER"` to `"server"`. */
export function kindName(v: unknown): string | undefined {
  if (typeof v === 'number') return KIND_NAMES[v];
  if (typeof v !== 'string' || v.length === 0) return undefined;
  const s = v.startsWith('SPAN_KIND_') ? v.slice(10) : v;
  return s.toLowerCase();
}

/** 0/1/2, `STATUS_CODE_ERROR`, `ERROR` → 'unset' | 'ok' | 'error'. */
export function statusCodeName(v: unknown): string {
  if (v === 2) return 'error';
  if (v === 1) return 'ok';
  if (typeof v !== 'string') return 'unset';
  const s = (v.startsWith('STATUS_CODE_') ? v.slice(12) : v).toLowerCase();
  return s === 'error' || s === 'ok' ? s : 'unset';
}

export function otlpSpanToSpan(raw: JsonObject, ctx: OtlpSpanContext): Span {
  const id = normalizeId(raw.spanId ?? raw.span_id);
  if (!id) throw new Error('span has no "spanId"');
  const traceId = normalizeId(raw.traceId ?? raw.trace_id);
  if (!traceId) throw new Error(`span ${id}: no "traceId"`);
  const startTime = nanosToMicros(raw.startTimeUnixNano ?? raw.start_time_unix_nano);
  if (startTime === undefined) throw new Error(`span ${id}: missing or unreadable "startTimeUnixNano"`);
  const end = nanosToMicros(raw.endTimeUnixNano ?? raw.end_time_unix_nano);
  const status = isObject(raw.status) ? raw.status : {};
  const code = statusCodeName(status.code);
  const span: Span = {
    id,
    traceId,
    parentId: normalizeId(raw.parentSpanId ?? raw.parent_span_id) ?? null,
    name: asString(raw.name) ?? asString(raw.operationName) ?? '(unnamed)',
    spanType: 'custom',
    startTime,
    status: code === 'error' ? 'error' : 'ok',
    origin: { file: ctx.file, line: ctx.line, offset: ctx.offset, length: ctx.length },
  };
  if (end !== undefined && end > 0) span.endTime = end;
  else span.status = 'running';
  const kind = kindName(raw.kind);
  if (kind) span.kind = kind;
  if (ctx.service) span.service = ctx.service;
  const bag = new AttributeBag(attributesToObject(raw.attributes));
  // Our exporter's mark for a span still running when exported (OTLP has no such state).
  if (bag.take('spanscope.running') === true) {
    delete span.endTime;
    span.status = 'running';
  }
  applyAttributes(span, bag, raw.events);
  // An exception event alone is not a failure (it may have been handled); the status says so.
  if (code === 'error') {
    span.status = 'error';
    const exception = span.events?.find((e) => e.name === 'exception');
    span.error = (exception?.attributes && errorFromException(exception.attributes)) || { message: asString(status.message) ?? 'error' };
  }
  const links = raw.links;
  if (Array.isArray(links) && links.length > 0) (span.metadata ??= {})['otel.links'] = links;
  return span;
}

const OPENINFERENCE_NAMESPACES = [
  'openinference', 'llm', 'input', 'output', 'retrieval', 'embedding', 'reranker', 'tool', 'metadata', 'tag',
];

function applyAttributes(span: Span, bag: AttributeBag, rawEvents: unknown): void {
  const operation = bag.hasNamespace('gen_ai') ? applyGenAi(bag, span) : undefined;
  const oiKind = bag.hasNamespace(...OPENINFERENCE_NAMESPACES) ? applyOpenInference(bag, span) : undefined;
  const traceloopType = bag.hasNamespace('traceloop', 'llm') ? applyTraceloop(bag, span) : undefined;
  applyAdHocLlm(bag, span);
  const source = bag.hasNamespace('code') ? sourceFrom(bag) : undefined;
  if (source) span.source = source;
  const service = asString(bag.take('service.name'));
  if (service) span.service ??= service;
  let events = eventsOf(rawEvents);
  if (events) {
    events = applyGenAiEvents(events, span);
    if (events.length > 0) span.events = events;
  }
  const rest = bag.rest();
  if (rest) span.metadata = { ...span.metadata, ...rest };
  span.spanType = inferSpanType({
    spanType: traceloopType,
    openInferenceKind: oiKind,
    genAiOperation: operation,
    name: span.name,
    model: span.model,
    hasTokens: span.usage !== undefined,
  });
}

/** `code.file.path`/`code.line.number`/`code.function.name`, or the deprecated names. */
function sourceFrom(bag: AttributeBag): SourceLocation | undefined {
  const file = asString(bag.takeFirst('code.file.path', 'code.filepath'));
  const line = asNumber(bag.takeFirst('code.line.number', 'code.lineno'));
  let fn = asString(bag.takeFirst('code.function.name', 'code.function'));
  const namespace = asString(bag.take('code.namespace'));
  if (!file) return undefined;
  if (fn && namespace && !fn.includes('.')) fn = `${namespace}.${fn}`;
  const src: SourceLocation = { file };
  if (line !== undefined) src.line = line;
  if (fn) src.function = fn;
  return src;
}

function eventsOf(raw: unknown): SpanEvent[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const out: SpanEvent[] = [];
  for (const e of raw) {
    if (!isObject(e)) continue;
    const time = nanosToMicros(e.timeUnixNano ?? e.time_unix_nano ?? e.timestamp) ?? 0;
    const ev: SpanEvent = { name: asString(e.name) ?? 'event', time };
    const attrs = attributesToObject(e.attributes);
    if (Object.keys(attrs).length > 0) ev.attributes = attrs;
    out.push(ev);
  }
  return out;
}
