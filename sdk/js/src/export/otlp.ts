/**
 * OTLP/HTTP JSON exporter (POST {resourceSpans} to …/v1/traces) for sending traces to a
 * collector, Jaeger, Tempo, Langfuse or Phoenix. Attributes follow the OpenTelemetry GenAI
 * conventions plus OpenInference's span kinds, and keep Spanscope's own ids so a trace read
 * back from a backend rebuilds the same tree. Running (start) records are not sent: OTLP
 * spans are immutable once exported.
 */
import { uuidToHex, w3cSpanId } from '../ids';
import { reportOnce } from '../serialize';
import type { SpanRecord } from '../types';
import type { Exporter } from './exporter';

type AnyValue =
  | { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean }
  | { arrayValue: { values: AnyValue[] } };
interface KeyValue { key: string; value: AnyValue }

function val(v: unknown): AnyValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return { arrayValue: { values: v.map(val) } };
  return { stringValue: JSON.stringify(v) };
}

function isoToNanos(iso: string): string {
  const sec = BigInt(Date.parse(iso.slice(0, 19) + 'Z') / 1000);
  const frac = BigInt(iso.slice(20, 26) || '0');
  return (sec * 1_000_000_000n + frac * 1000n).toString();
}

function otelSpanId(id: string): string {
  return id.length === 16 ? id : w3cSpanId(id);
}

export function toOtlpSpan(r: SpanRecord): Record<string, unknown> {
  const attrs: KeyValue[] = [];
  const add = (key: string, v: unknown): void => {
    if (v !== undefined && v !== null) attrs.push({ key, value: val(v) });
  };
  add('spanscope.id', r.id);
  add('spanscope.span_type', r.span_type);
  add('openinference.span.kind', r.span_type === 'custom' ? undefined : r.span_type.toUpperCase());
  add('spanscope.dotted_order', r.dotted_order);
  if (r.parent_id) add('spanscope.parent_id', r.parent_id);
  add('gen_ai.request.model', r.model);
  add('gen_ai.provider.name', r.provider);
  add('gen_ai.usage.input_tokens', r.usage?.input_tokens);
  add('gen_ai.usage.output_tokens', r.usage?.output_tokens);
  add('spanscope.cost_usd', r.cost_usd);
  if (r.inputs !== undefined) add('input.value', JSON.stringify(r.inputs));
  if (r.outputs !== undefined) add('output.value', JSON.stringify(r.outputs));
  add('code.file.path', r.source?.file);
  add('code.line.number', r.source?.line);
  add('code.function.name', r.source?.function);
  if (r.tags) add('spanscope.tags', r.tags);
  for (const [k, v] of Object.entries(r.metadata ?? {})) add(`metadata.${k}`, v);
  const events = (r.events ?? []).map((e) => ({
    timeUnixNano: isoToNanos(e.time), name: e.name,
    attributes: Object.entries(e.attributes ?? {}).map(([key, v]) => ({ key, value: val(v) })),
  }));
  if (r.error) {
    events.push({
      timeUnixNano: isoToNanos(r.end_time ?? r.start_time), name: 'exception',
      attributes: [
        { key: 'exception.type', value: val(r.error.type ?? 'Error') },
        { key: 'exception.message', value: val(r.error.message) },
        ...(r.error.stack ? [{ key: 'exception.stacktrace', value: val(r.error.stack) }] : []),
      ],
    });
  }
  const span: Record<string, unknown> = {
    traceId: uuidToHex(r.trace_id), spanId: otelSpanId(r.id), name: r.name, kind: 1,
    startTimeUnixNano: isoToNanos(r.start_time), endTimeUnixNano: isoToNanos(r.end_time ?? r.start_time),
    attributes: attrs, events,
    status: r.status === 'error' ? { code: 2, message: r.error?.message ?? '' } : { code: 1 },
  };
  if (r.parent_id) span.parentSpanId = otelSpanId(r.parent_id);
  return span;
}

export function toOtlpRequest(records: SpanRecord[]): Record<string, unknown> {
  const byService = new Map<string, Record<string, unknown>[]>();
  for (const r of records) {
    const key = r.service ?? '';
    let list = byService.get(key);
    if (!list) byService.set(key, (list = []));
    list.push(toOtlpSpan(r));
  }
  return {
    resourceSpans: [...byService].map(([service, spans]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service || 'unknown_service:node' } }] },
      scopeSpans: [{ scope: { name: 'spanscope' }, spans }],
    })),
  };
}

export class OtlpHttpExporter implements Exporter {
  private readonly inflight = new Set<Promise<void>>();
  sent = 0;
  failed = 0;

  /**
   * The fetch of the moment the exporter is made: should the program later replace the global
   * with a traced fetch, exports must not trace themselves (each export would make new spans).
   */
  private readonly fetchImpl: typeof fetch = globalThis.fetch;

  constructor(readonly url: string, private readonly headers: Record<string, string> = {}) {}

  export(bytes: Uint8Array, count: number): void {
    if (count === 0) return;
    const records: SpanRecord[] = [];
    for (const line of Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split('\n')) {
      if (line === '') continue;
      try {
        const r = JSON.parse(line) as SpanRecord;
        if (r.status !== 'running' && r.name !== undefined) records.push(r);
      } catch { /* a line we wrote ourselves always parses */ }
    }
    if (records.length === 0) return;
    const p = this.post(records).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  private async post(records: SpanRecord[]): Promise<void> {
    try {
      const res = await this.fetchImpl(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.headers },
        body: JSON.stringify(toOtlpRequest(records)),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status} from ${this.url}`);
      await res.arrayBuffer().catch(() => undefined);
      this.sent += records.length;
    } catch (err) {
      this.failed += records.length;
      reportOnce(`cannot send traces to ${this.url}`, err);
    }
  }

  async flush(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  async shutdown(): Promise<void> {
    await this.flush();
  }
}
