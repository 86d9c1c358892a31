/**
 * TraceForge's "OTel-style" JSONL: one flat OTLP span per line (no resource wrapper),
 * `operationName` for the name, `llm.*` and `traceforge.*` attributes, `error.message` for
 * failures. A TraceForge run is a trace without a span of its own.
 */
import type { Span } from '../model';
import { asString, isObject, type JsonObject } from './fields';
import { otlpSpanToSpan } from './otlp-span';
import type { LineContext, LineFormat } from './types';

export const traceforgeJsonlFormat: LineFormat = {
  id: 'traceforge-jsonl',
  matches(record: unknown): boolean {
    return (
      isObject(record) &&
      typeof record.spanId === 'string' &&
      typeof record.traceId === 'string' &&
      (record.operationName !== undefined || record.startTimeUnixNano !== undefined)
    );
  },
  toSpans(record: JsonObject, ctx: LineContext): Span[] {
    const span = otlpSpanToSpan(record, ctx);
    const meta = span.metadata;
    if (meta) {
      const message = asString(meta['error.message']);
      if (message) {
        span.error = { type: asString(meta['error.type']), message };
        span.status = 'error';
        delete meta['error.message'];
        delete meta['error.type'];
      }
      if (span.service === undefined && meta['traceforge.run_id'] !== undefined) span.service = 'traceforge';
    }
    if (span.error && span.error.type === undefined) delete span.error.type;
    return [span];
  },
};
