/**
 * Spans as an OTLP JSON `ExportTraceServiceRequest`: one resource per service, GenAI attributes
 * under their current names (with OpenInference kind and input/output beside them, which
 * Phoenix reads), `code.*` for the source, errors as status plus an `exception` event.
 */
import type { Span } from '../model';
import { microsToNanosString } from '../time';
import { toGenAiMessages } from './genai-messages';
import { otlpSpanId, otlpTraceId } from './otlp-ids';
import { toKeyValues, type KeyValue } from './otlp-values';

const KIND_NUMBERS: Record<string, number> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const GENAI_OPERATION: Partial<Record<Span['spanType'], string>> = {
  llm: 'chat', embedding: 'embeddings', tool: 'execute_tool', agent: 'invoke_agent',
};
const STATUS_UNSET = 0;
const STATUS_OK = 1;
const STATUS_ERROR = 2;
/** spans without a service share a resource without `service.name` */
const NO_SERVICE = '';

export interface OtlpExportRequest {
  resourceSpans: Array<{
    resource: { attributes: KeyValue[] };
    scopeSpans: Array<{ scope: { name: string }; spans: Record<string, unknown>[] }>;
  }>;
}

export function toOtlpJson(spans: Span[]): OtlpExportRequest {
  const byService = new Map<string, Record<string, unknown>[]>();
  for (const span of spans) {
    const service = span.service ?? NO_SERVICE;
    let list = byService.get(service);
    if (!list) byService.set(service, (list = []));
    list.push(otlpSpan(span));
  }
  return {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: service === NO_SERVICE ? [] : toKeyValues({ 'service.name': service }) },
      scopeSpans: [{ scope: { name: 'spanscope' }, spans: list }],
    })),
  };
}

function otlpSpan(span: Span): Record<string, unknown> {
  const out: Record<string, unknown> = {
    traceId: otlpTraceId(span.traceId),
    spanId: otlpSpanId(span.id),
    name: span.name,
    kind: KIND_NUMBERS[span.kind ?? ''] ?? (span.spanType === 'llm' || span.spanType === 'embedding' ? 3 : 1),
    startTimeUnixNano: microsToNanosString(span.startTime),
    // OTLP has no running span: one still running ends where it started, and says so
    endTimeUnixNano: microsToNanosString(span.endTime ?? span.startTime),
    attributes: toKeyValues(attributesOf(span)),
    status: statusOf(span),
  };
  if (span.parentId) out.parentSpanId = otlpSpanId(span.parentId);
  const events = eventsOf(span);
  if (events.length > 0) out.events = events;
  return out;
}

function statusOf(span: Span): Record<string, unknown> {
  if (span.status === 'error') return { code: STATUS_ERROR, message: span.error?.message ?? '' };
  return { code: span.status === 'ok' ? STATUS_OK : STATUS_UNSET };
}

function attributesOf(span: Span): Map<string, unknown> {
  const a = new Map<string, unknown>();
  // metadata first, so that the model's own fields win over a stale copy in metadata
  if (span.metadata) for (const [k, v] of Object.entries(span.metadata)) a.set(k, v);
  const operation = GENAI_OPERATION[span.spanType];
  if (operation) a.set('gen_ai.operation.name', operation);
  if (span.spanType !== 'custom') a.set('openinference.span.kind', span.spanType.toUpperCase());
  if (span.status === 'running') a.set('spanscope.running', true);
  if (span.provider) a.set('gen_ai.provider.name', span.provider);
  // a reader that kept the requested name beside the model (read from the response) gets both back
  if (span.model) a.set(a.has('gen_ai.request.model') ? 'gen_ai.response.model' : 'gen_ai.request.model', span.model);
  setUsage(a, span);
  if (span.costUsd !== undefined) a.set('gen_ai.usage.cost', span.costUsd);
  setIo(a, span);
  if (span.tags && span.tags.length > 0) a.set('tag.tags', span.tags);
  if (span.source) {
    a.set('code.file.path', span.source.file);
    if (span.source.line !== undefined) a.set('code.line.number', span.source.line);
    if (span.source.function) a.set('code.function.name', span.source.function);
  }
  return a;
}

function setUsage(a: Map<string, unknown>, span: Span): void {
  const u = span.usage;
  if (!u) return;
  if (u.input_tokens !== undefined) a.set('gen_ai.usage.input_tokens', u.input_tokens);
  if (u.output_tokens !== undefined) a.set('gen_ai.usage.output_tokens', u.output_tokens);
  if (u.total_tokens !== undefined) a.set('gen_ai.usage.total_tokens', u.total_tokens);
  if (u.cache_read_input_tokens !== undefined) a.set('gen_ai.usage.cache_read.input_tokens', u.cache_read_input_tokens);
  if (u.reasoning_tokens !== undefined) a.set('gen_ai.usage.reasoning.output_tokens', u.reasoning_tokens);
}

/** Chat messages as GenAI messages; everything else (or besides them) as OpenInference input/output values. */
function setIo(a: Map<string, unknown>, span: Span): void {
  for (const [value, side] of [[span.inputs, 'input'], [span.outputs, 'output']] as const) {
    if (value === undefined || value === null) continue;
    let rest: unknown = value;
    const obj = typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    const messages = obj ? toGenAiMessages(obj.messages) : undefined;
    if (obj && messages) {
      a.set(`gen_ai.${side}.messages`, JSON.stringify(messages));
      const { messages: _, ...others } = obj;
      rest = Object.keys(others).length > 0 ? others : undefined;
    }
    if (rest === undefined) continue;
    const text = typeof rest === 'string';
    a.set(`${side}.value`, text ? rest : JSON.stringify(rest));
    a.set(`${side}.mime_type`, text ? 'text/plain' : 'application/json');
  }
}

function eventsOf(span: Span): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const e of span.events ?? []) {
    const ev: Record<string, unknown> = { timeUnixNano: microsToNanosString(e.time), name: e.name };
    if (e.attributes) ev.attributes = toKeyValues(e.attributes);
    out.push(ev);
  }
  const err = span.error;
  if (err && !(span.events ?? []).some((e) => e.name === 'exception')) {
    out.push({
      timeUnixNano: microsToNanosString(span.endTime ?? span.startTime),
      name: 'exception',
      attributes: toKeyValues({ 'exception.type': err.type, 'exception.message': err.message, 'exception.stacktrace': err.stack }),
    });
  }
  return out;
}
