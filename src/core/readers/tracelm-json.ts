/**
 * tracelm's JSON files. `trace_<id>.json` is a Chrome export (read by chrome.ts, recognised by
 * its synthetic `__root__` event); `analyze_<id>.json` holds the trace itself in tracelm's
 * storage shape `{trace_id, root_span_id, spans: {<id>: {...}}}`, with `time.perf_counter()`
 * seconds that are relative to the process, not dates. Without the SQLite row's timestamp
 * there is nothing to anchor them on, so they stay relative (the loader says so).
 */
import type { Span } from '../model';
import { secondsToMicros } from '../time';
import { errorFromText } from './errors';
import { asNumber, asObject, asString, isObject, type JsonObject } from './fields';
import { chromeEventsOf } from './chrome';
import { inferSpanType } from './span-type';
import { withTotal } from './usage';

export function isTracelmTrace(doc: unknown): doc is JsonObject {
  return isObject(doc) && typeof doc.trace_id === 'string' && isObject(doc.spans) && 'root_span_id' in doc;
}

/** A Chrome export whose events include tracelm's synthetic root. */
export function isTracelmChrome(doc: unknown): boolean {
  const events = chromeEventsOf(doc);
  return !!events?.some((e) => isObject(e) && e.name === '__root__');
}

/** Spans of a tracelm trace document; `anchorMicros` shifts perf_counter times when known. */
export function tracelmTraceToSpans(doc: JsonObject, file: string, shiftMicros = 0): Span[] {
  const traceId = asString(doc.trace_id) ?? '';
  const out: Span[] = [];
  const spans = doc.spans as JsonObject;
  for (const key in spans) {
    const s = asObject(spans[key]);
    if (!s) continue;
    const start = secondsToMicros(s.start_time);
    if (start === undefined) continue;
    const end = secondsToMicros(s.end_time);
    const name = asString(s.name) ?? '(unnamed)';
    const usage = withTotal({ input_tokens: positive(s.tokens_in), output_tokens: positive(s.tokens_out) });
    const error = asString(s.error);
    const span: Span = {
      id: asString(s.span_id) ?? key,
      traceId: asString(s.trace_id) ?? traceId,
      parentId: asString(s.parent_id) ?? null,
      name,
      spanType: inferSpanType({ name, hasTokens: usage !== undefined }),
      startTime: start + shiftMicros,
      status: error ? 'error' : end === undefined ? 'running' : 'ok',
      origin: { file },
    };
    if (end !== undefined) span.endTime = end + shiftMicros;
    if (error) span.error = errorFromText(error);
    if (usage) span.usage = usage;
    const cost = positive(s.cost);
    if (cost !== undefined) span.costUsd = cost;
    const meta = asObject(s.metadata);
    if (meta && Object.keys(meta).length > 0) span.metadata = meta;
    out.push(span);
  }
  return out;
}

function positive(v: unknown): number | undefined {
  const n = asNumber(v);
  return n !== undefined && n > 0 ? n : undefined;
}
