/**
 * OTLP JSON: an `ExportTraceServiceRequest` per file, or one per line (the OpenTelemetry
 * Collector file exporter). Tempo's `{batches: [...]}` reads the same way.
 */
import type { Span } from '../model';
import { asObject, asString, isObject, type JsonObject } from './fields';
import { attributesToObject } from './otlp-attributes';
import { otlpSpanToSpan, type OtlpSpanContext } from './otlp-span';
import type { DetailedLineFormat, LineContext, LineReadOptions } from './types';

function resourceSpansOf(req: JsonObject): unknown[] | undefined {
  const list = req.resourceSpans ?? req.resource_spans ?? req.batches;
  return Array.isArray(list) ? list : undefined;
}

export function isOtlpRequest(v: unknown): v is JsonObject {
  return isObject(v) && resourceSpansOf(v) !== undefined;
}

/** Every span of a request; a bad span is reported through `warn` and skipped. */
export function otlpRequestToSpans(
  req: JsonObject,
  base: Omit<OtlpSpanContext, 'service'>,
  warn: (message: string) => void,
): Span[] {
  const out: Span[] = [];
  for (const rs of resourceSpansOf(req) ?? []) {
    if (!isObject(rs)) continue;
    const resource = attributesToObject(asObject(rs.resource)?.attributes);
    const ctx: OtlpSpanContext = { ...base, service: asString(resource['service.name']) };
    const scopes = rs.scopeSpans ?? rs.scope_spans ?? rs.instrumentationLibrarySpans;
    if (!Array.isArray(scopes)) continue;
    for (const scope of scopes) {
      const spans = asObject(scope)?.spans;
      if (!Array.isArray(spans)) continue;
      for (const raw of spans) {
        if (!isObject(raw)) {
          warn('a span that is not an object');
          continue;
        }
        try {
          out.push(otlpSpanToSpan(raw, ctx));
        } catch (err) {
          warn((err as Error).message);
        }
      }
    }
  }
  return out;
}

/** The request itself, or the one Jaeger's api/v3 wraps in `{"result": ...}` (one per line when streamed). */
export function unwrapOtlpRequest(v: unknown): JsonObject | undefined {
  if (isOtlpRequest(v)) return v;
  return isObject(v) && isOtlpRequest(v.result) ? v.result : undefined;
}

export const otlpLineFormat: DetailedLineFormat = {
  id: 'otlp',
  matches: (record: unknown) => unwrapOtlpRequest(record) !== undefined,
  toSpans(record: JsonObject, ctx: LineContext): Span[] {
    let first: string | undefined;
    const spans = otlpRequestToSpans(unwrapOtlpRequest(record) ?? record, ctx, (m) => (first ??= m));
    if (spans.length === 0 && first) throw new Error(first);
    return spans;
  },
  toSpansDetailed(record: JsonObject, ctx: LineContext, opts: LineReadOptions): Span[] {
    return otlpRequestToSpans(unwrapOtlpRequest(record) ?? record, ctx, opts.warn ?? (() => undefined));
  },
};
