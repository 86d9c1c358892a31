/**
 * Spans as Chrome trace event JSON (Perfetto, chrome://tracing): one process per trace, one
 * complete ('X') event per span in µs, lanes (tids) chosen so nesting on a lane is the tree
 * (see chrome-lanes.ts), args carrying ids, parent id, tokens, cost, model and error, which
 * Spanscope's own Chrome reader reads back.
 */
import type { Span } from '../model';
import type { Trace } from '../trace';
import { placeTrace, type Placed } from './chrome-lanes';

export interface ChromeTraceEvent {
  name: string;
  ph: 'X' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ms';
}

export function toChromeTrace(spans: Span[], traces?: Trace[]): ChromeTrace {
  const names = new Map<string, string>();
  for (const t of traces ?? []) names.set(t.traceId, t.name);
  const events: ChromeTraceEvent[] = [];
  let pid = 0;
  for (const [traceId, list] of groupByTrace(spans)) {
    pid++;
    const placed = placeTrace(list);
    const root = placed[0]?.span;
    const label = names.get(traceId) ?? root?.name ?? traceId;
    const service = root?.service ? ` [${root.service}]` : '';
    events.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: `${label}${service} · ${traceId}` } });
    const lanes = new Set<number>();
    for (const p of placed) {
      lanes.add(p.lane);
      events.push(completeEvent(p, pid));
    }
    for (const lane of lanes) {
      events.push({ name: 'thread_name', ph: 'M', pid, tid: lane + 1, args: { name: lane === 0 ? 'main' : `parallel ${lane}` } });
    }
  }
  return { traceEvents: events, displayTimeUnit: 'ms' };
}

function groupByTrace(spans: Span[]): Map<string, Span[]> {
  const map = new Map<string, Span[]>();
  for (const s of spans) {
    let list = map.get(s.traceId);
    if (!list) map.set(s.traceId, (list = []));
    list.push(s);
  }
  return new Map([...map].sort((a, b) => earliest(a[1]) - earliest(b[1])));
}

function earliest(spans: Span[]): number {
  let m = Infinity;
  for (const s of spans) if (s.startTime < m) m = s.startTime;
  return m;
}

function completeEvent(p: Placed, pid: number): ChromeTraceEvent {
  const s = p.span;
  return { name: s.name, cat: s.spanType, ph: 'X', pid, tid: p.lane + 1, ts: p.start, dur: p.end - p.start, args: argsOf(p) };
}

function argsOf(p: Placed): Record<string, unknown> {
  const s = p.span;
  const args: Record<string, unknown> = {
    span_id: s.id,
    trace_id: s.traceId,
    parent_id: s.parentId,
    span_type: s.spanType,
    status: s.status,
  };
  if (s.service) args.service = s.service;
  if (s.model) args.model = s.model;
  if (s.provider) args.provider = s.provider;
  if (s.usage) Object.assign(args, s.usage);
  if (s.costUsd !== undefined) args.cost_usd = s.costUsd;
  if (s.error) args.error = { ...s.error };
  if (s.source) args.source = `${s.source.file}${s.source.line !== undefined ? `:${s.source.line}` : ''}`;
  if (p.clamped) {
    // the bar was fitted into its parent; these are the times the span really has
    args.start_time_us = s.startTime;
    args.end_time_us = s.endTime;
  }
  if (s.status === 'running') args.running = true;
  return args;
}
