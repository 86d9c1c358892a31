/**
 * The JSON printed by `spanscope inspect --json`: a stable interface (documented in the
 * README), so fields are only ever added, never renamed or removed.
 */
import type { ReadWarning } from '../core/model';
import { microsToIso } from '../core/time';
import type { FlatTrace } from '../ingest/types';

const ms = (us: number) => Math.round(us) / 1000;

export function traceJson(t: FlatTrace, withSpans: boolean) {
  const s = t.summary;
  return {
    trace_id: s.traceId,
    name: s.name,
    start_time: microsToIso(s.startTime),
    duration_ms: ms(s.duration),
    span_count: s.spanCount,
    error_count: s.errorCount,
    input_tokens: s.inputTokens,
    output_tokens: s.outputTokens,
    cost_usd: s.costUsd,
    running: s.running,
    files: s.files,
    ...(withSpans ? {
      spans: t.rows.map((r) => ({
        id: r.span.id,
        parent_id: r.span.parentId,
        name: r.span.name,
        span_type: r.span.spanType,
        depth: r.depth,
        start_time: microsToIso(r.span.startTime),
        duration_ms: ms(r.duration),
        status: r.span.status,
        model: r.span.model ?? null,
        input_tokens: r.span.usage?.input_tokens ?? 0,
        output_tokens: r.span.usage?.output_tokens ?? 0,
        cost_usd: r.span.costUsd ?? 0,
        source: r.span.source ?? null,
        critical_path: r.critical,
        orphan: r.orphan,
        error: r.span.error?.message ?? null,
      })),
    } : {}),
  };
}

export function inspectJson(traces: FlatTrace[], warnings: ReadWarning[], withSpans: boolean) {
  return {
    traces: traces.map((t) => traceJson(t, withSpans)),
    warnings: warnings.map((w) => ({ file: w.file, line: w.line ?? null, message: w.message })),
  };
}
