/**
 * Chrome trace event JSON (`{traceEvents: [...]}` or a bare array): complete `X` events and
 * `B`/`E` pairs, µs. Ids and parents come from `args` when a writer put them there (ours
 * does); otherwise spans nest by time containment within one pid/tid lane.
 */
import path from 'node:path';
import type { ReadWarning, SourceLocation, Span } from '../model';
import { errorFromValue } from './errors';
import { asNumber, asObject, asString, isObject, type JsonObject } from './fields';
import { inferSpanType } from './span-type';
import { normalizeUsage } from './usage';

interface Interval {
  ev: JsonObject;
  start: number;
  end: number | undefined;
  lane: string;
  order: number;
}

export function chromeEventsOf(doc: unknown): unknown[] | undefined {
  if (Array.isArray(doc)) return doc.length > 0 && isObject(doc[0]) && 'ph' in doc[0] ? doc : undefined;
  const events = asObject(doc)?.traceEvents;
  return Array.isArray(events) ? events : undefined;
}

export function readChromeTrace(doc: unknown, file: string): { spans: Span[]; warnings: ReadWarning[] } {
  const warnings: ReadWarning[] = [];
  const events = chromeEventsOf(doc) ?? [];
  const processNames = new Map<string, string>();
  const intervals = collectIntervals(events, processNames, (m) => warnings.push({ file, message: m }));
  const fallbackTrace = path.basename(file).replace(/\.json$/i, '');
  const nested = nest(intervals);
  const ids = nested.map(({ iv }, i) => asString(asObject(iv.ev.args)?.span_id) ?? `${iv.lane}:${i}`);
  const spans = nested.map(({ iv, parentIndex }, i) =>
    toSpan(iv, ids[i]!, parentIndex === undefined ? null : ids[parentIndex]!, file, fallbackTrace, processNames),
  );
  return { spans, warnings };
}

function collectIntervals(events: unknown[], processNames: Map<string, string>, warn: (m: string) => void): Interval[] {
  const out: Interval[] = [];
  const open = new Map<string, Interval[]>();
  let unmatched = 0;
  events.forEach((e, order) => {
    if (!isObject(e)) return;
    const lane = `${String(e.pid ?? 0)}:${String(e.tid ?? 0)}`;
    const ts = asNumber(e.ts);
    if (e.ph === 'M' && e.name === 'process_name') {
      const n = asString(asObject(e.args)?.name);
      if (n) processNames.set(String(e.pid ?? 0), n);
      return;
    }
    if (ts === undefined) return;
    if (e.ph === 'X') out.push({ ev: e, start: ts, end: ts + (asNumber(e.dur) ?? 0), lane, order });
    else if (e.ph === 'B') {
      const iv: Interval = { ev: e, start: ts, end: undefined, lane, order };
      out.push(iv);
      const stack = open.get(lane) ?? [];
      stack.push(iv);
      open.set(lane, stack);
    } else if (e.ph === 'E') {
      const iv = open.get(lane)?.pop();
      if (iv) {
        iv.end = ts;
        if (e.args !== undefined) iv.ev = { ...iv.ev, args: { ...asObject(iv.ev.args), ...asObject(e.args) } };
      } else unmatched++;
    }
  });
  if (unmatched > 0) warn(`${unmatched} end ('E') events without a matching begin were ignored`);
  return out;
}

/** Pre-order by lane and time; the parent of each interval is the innermost one containing it. */
function nest(intervals: Interval[]): Array<{ iv: Interval; parentIndex: number | undefined }> {
  const sorted = [...intervals].sort(
    (a, b) => (a.lane < b.lane ? -1 : a.lane > b.lane ? 1 : 0) || a.start - b.start ||
      (b.end ?? Infinity) - (a.end ?? Infinity) || a.order - b.order,
  );
  const out: Array<{ iv: Interval; parentIndex: number | undefined }> = [];
  const stack: number[] = [];
  let lane = '';
  for (const iv of sorted) {
    if (iv.lane !== lane) {
      stack.length = 0;
      lane = iv.lane;
    }
    while (stack.length > 0) {
      const top = out[stack[stack.length - 1]!]!.iv;
      if (top.end === undefined || (iv.start >= top.start && (iv.end ?? Infinity) <= top.end)) break;
      stack.pop();
    }
    out.push({ iv, parentIndex: stack.length > 0 ? stack[stack.length - 1] : undefined });
    stack.push(out.length - 1);
  }
  return out;
}

function toSpan(
  iv: Interval, id: string, nestedParent: string | null, file: string, fallbackTrace: string,
  processNames: Map<string, string>,
): Span {
  const args = asObject(iv.ev.args) ?? {};
  const pid = String(iv.ev.pid ?? 0);
  const name = asString(iv.ev.name) ?? '(unnamed)';
  const model = asString(args.model);
  const usage = normalizeUsage(args);
  const error = errorFromValue(args.error);
  const span: Span = {
    id,
    traceId: asString(args.trace_id) ?? `${fallbackTrace}:${pid}`,
    parentId: args.parent_id === null ? null : asString(args.parent_id) ?? nestedParent,
    name,
    spanType: inferSpanType({ spanType: args.span_type, name, model, hasTokens: usage !== undefined }),
    // a writer that fitted a bar into its parent (ours does) keeps the real times in args
    startTime: asNumber(args.start_time_us) ?? iv.start,
    status: error ? 'error' : iv.end === undefined || args.running === true ? 'running' : 'ok',
    origin: { file },
  };
  const end = args.running === true ? undefined : asNumber(args.end_time_us) ?? iv.end;
  if (end !== undefined) span.endTime = end;
  const provider = asString(args.provider);
  if (provider) span.provider = provider;
  const source = sourceOf(args.source);
  if (source) span.source = source;
  if (error) span.error = error;
  if (model) span.model = model;
  if (usage) span.usage = usage;
  const cost = asNumber(args.cost_usd);
  if (cost !== undefined) span.costUsd = cost;
  const service = asString(args.service) ?? processNames.get(pid);
  if (service) span.service = service;
  const meta = metadataOf(iv.ev, args);
  if (meta) span.metadata = meta;
  return span;
}

/** `"file:line"` as our Chrome export writes it. */
function sourceOf(v: unknown): SourceLocation | undefined {
  const text = asString(v);
  if (!text) return undefined;
  const colon = text.lastIndexOf(':');
  const line = colon > 0 ? Number(text.slice(colon + 1)) : NaN;
  return Number.isInteger(line) && line > 0 ? { file: text.slice(0, colon), line } : { file: text };
}

const CONSUMED_ARGS = new Set([
  'span_id', 'trace_id', 'parent_id', 'span_type', 'model', 'error', 'cost_usd', 'service',
  'status', 'provider', 'source', 'running', 'start_time_us', 'end_time_us',
  'input_tokens', 'output_tokens', 'total_tokens', 'cache_read_input_tokens', 'reasoning_tokens',
]);

function metadataOf(ev: JsonObject, args: JsonObject): JsonObject | undefined {
  let out: JsonObject | undefined;
  for (const k in args) if (!CONSUMED_ARGS.has(k)) (out ??= {})[k] = args[k];
  if (ev.cat !== undefined) (out ??= {}).cat = ev.cat;
  return out;
}
