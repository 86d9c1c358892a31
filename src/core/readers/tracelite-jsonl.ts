/**
 * TraceLite's JSONL: one span per line, written when the span ends (children before parents),
 * snake_case fields, a plain `attributes` object, `resource["service.name"]`, and epoch
 * nanoseconds beyond 2^53. JSON.parse rounds those to 256 ns steps, so when the line's text is
 * at hand the digits are read from it.
 */
import type { Span } from '../model';
import { asObject, isObject, type JsonObject } from './fields';
import { otlpSpanToSpan } from './otlp-span';
import type { DetailedLineFormat, LineContext, LineReadOptions } from './types';

/** The digits of the number that follows `"key":` in a JSON line, or undefined. */
export function rawNumberAfter(text: string, key: string): string | undefined {
  const at = text.indexOf(`"${key}"`);
  if (at < 0) return undefined;
  let i = at + key.length + 2;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 58 || text.charCodeAt(i) === 9)) i++;
  const from = i;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i > from ? text.slice(from, i) : undefined;
}

/** The digits from the text when they are the parsed value (not the same key nested elsewhere). */
function exactNanos(text: string | undefined, key: string, parsed: unknown): unknown {
  const raw = text ? rawNumberAfter(text, key) : undefined;
  if (raw === undefined || typeof parsed !== 'number') return parsed;
  return Math.abs(Number(raw) - parsed) <= 1024 ? raw : parsed;
}

function toOtlpShape(rec: JsonObject, text: string | undefined): JsonObject {
  const status = asObject(rec.status);
  const events = Array.isArray(rec.events)
    ? rec.events.map((e) => (isObject(e) ? { name: e.name, timeUnixNano: e.timestamp, attributes: e.attributes } : e))
    : undefined;
  return {
    traceId: rec.trace_id,
    spanId: rec.span_id,
    parentSpanId: rec.parent_span_id,
    name: rec.name,
    kind: rec.kind,
    status: status ? { code: status.code, message: status.description } : undefined,
    attributes: rec.attributes,
    events,
    links: rec.links,
    startTimeUnixNano: exactNanos(text, 'start_time_ns', rec.start_time_ns),
    endTimeUnixNano: exactNanos(text, 'end_time_ns', rec.end_time_ns),
  };
}

export const traceliteJsonlFormat: DetailedLineFormat = {
  id: 'tracelite-jsonl',
  matches(record: unknown): boolean {
    return isObject(record) && typeof record.span_id === 'string' && record.start_time_ns !== undefined;
  },
  toSpans(record: JsonObject, ctx: LineContext): Span[] {
    return traceliteJsonlFormat.toSpansDetailed(record, ctx, {});
  },
  toSpansDetailed(record: JsonObject, ctx: LineContext, opts: LineReadOptions): Span[] {
    const service = asObject(record.resource)?.['service.name'];
    const span = otlpSpanToSpan(toOtlpShape(record, opts.text), {
      ...ctx,
      service: typeof service === 'string' ? service : undefined,
    });
    return [span];
  },
};
