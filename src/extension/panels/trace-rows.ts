/**
 * From the repository's FlatTrace to what the trace view receives: lean rows (no inputs or
 * outputs) and positional patches between two versions. No vscode import: unit-tested directly.
 */
import type { FlatTrace, TraceRow, TraceSummary } from '../../ingest/types';
import type { RowPatch, ViewRow, ViewSummary } from '../../protocol/trace-view';

export function toViewSummary(s: TraceSummary): ViewSummary {
  return {
    traceId: s.traceId,
    name: s.name,
    startTime: s.startTime,
    duration: s.duration,
    spanCount: s.spanCount,
    errorCount: s.errorCount,
    running: s.running,
    inputTokens: s.inputTokens,
    outputTokens: s.outputTokens,
    costUsd: s.costUsd,
  };
}

export function toViewRow(r: TraceRow, traceStart: number): ViewRow {
  const s = r.span;
  const row: ViewRow = {
    id: s.id,
    name: s.name,
    type: s.spanType,
    status: s.status,
    start: s.startTime - traceStart,
    duration: r.duration,
    selfTime: r.selfTime,
    depth: r.depth,
    parent: r.parentIndex,
    childCount: r.childCount,
  };
  // Optional fields only when set: they are most of the bytes of a 100k-row snapshot otherwise.
  if (r.critical) row.critical = true;
  if (r.orphan) row.orphan = true;
  const tokens = (s.usage?.input_tokens ?? 0) + (s.usage?.output_tokens ?? 0);
  const total = tokens || s.usage?.total_tokens || 0;
  if (total > 0) row.tokens = total;
  if (s.costUsd !== undefined) row.costUsd = s.costUsd;
  if (s.model) row.model = s.model;
  if (s.error) row.error = firstLine(s.error.message);
  if (s.source?.file) row.hasSource = true;
  return row;
}

export function toViewRows(t: FlatTrace): ViewRow[] {
  const start = t.summary.startTime;
  return t.rows.map((r) => toViewRow(r, start));
}

/**
 * Positional patches turning `prev` into `next`. Spans written while a program runs start
 * after every earlier span, so they land at the end of the pre-order: a live update is then a
 * few appended rows plus the running ancestors whose duration grew.
 */
export function diffRows(prev: readonly ViewRow[], next: readonly ViewRow[]): RowPatch[] {
  const patches: RowPatch[] = [];
  for (let i = 0; i < next.length; i++) {
    if (i >= prev.length || !sameRow(prev[i], next[i])) patches.push({ index: i, row: next[i] });
  }
  return patches;
}

export function sameRow(a: ViewRow, b: ViewRow): boolean {
  return a.id === b.id && a.name === b.name && a.type === b.type && a.status === b.status
    && a.start === b.start && a.duration === b.duration && a.selfTime === b.selfTime
    && a.depth === b.depth && a.parent === b.parent && a.childCount === b.childCount
    && a.critical === b.critical && a.orphan === b.orphan && a.tokens === b.tokens
    && a.costUsd === b.costUsd && a.model === b.model && a.error === b.error && a.hasSource === b.hasSource;
}

function firstLine(s: string): string {
  const line = s.split('\n', 1)[0];
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
