/**
 * From the repository's FlatTrace to what the trace view receives: lean rows (no inputs or
 * outputs) and positional patches between two versions. No vscode import: unit-tested directly.
 */
import type { FlatTrace, TraceRow, TraceSummary } from '../../ingest/types';
import { SPAN_TYPES } from '../../core/model';
import { COLUMN_SEPARATOR, ROW_CRITICAL, ROW_HAS_SOURCE, ROW_ORPHAN, ROW_STATUSES, type RowColumns, type RowPatch, type ViewRow, type ViewSummary } from '../../protocol/trace-view';

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

const TYPE_INDEX = new Map<string, number>(SPAN_TYPES.map((t, i) => [t, i]));
const STATUS_INDEX = new Map<string, number>(ROW_STATUSES.map((t, i) => [t, i]));

/** Rows as columns for a snapshot (see RowColumns for why). */
export function toColumns(rows: readonly ViewRow[]): RowColumns {
  const n = rows.length;
  const c: RowColumns = {
    length: n,
    ids: joinColumn(rows.map((r) => r.id)),
    names: joinColumn(rows.map((r) => r.name)),
    types: new Uint8Array(n),
    status: new Uint8Array(n),
    flags: new Uint8Array(n),
    start: new Float64Array(n),
    duration: new Float64Array(n),
    selfTime: new Float64Array(n),
    depth: new Int32Array(n),
    parent: new Int32Array(n),
    childCount: new Int32Array(n),
    tokens: new Float64Array(n),
    costUsd: new Float64Array(n),
    models: [],
    errors: [],
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    c.types[i] = TYPE_INDEX.get(r.type) ?? TYPE_INDEX.get('custom')!;
    c.status[i] = STATUS_INDEX.get(r.status) ?? 0;
    c.flags[i] = (r.critical ? ROW_CRITICAL : 0) | (r.orphan ? ROW_ORPHAN : 0) | (r.hasSource ? ROW_HAS_SOURCE : 0);
    c.start[i] = r.start;
    c.duration[i] = r.duration;
    c.selfTime[i] = r.selfTime;
    c.depth[i] = r.depth;
    c.parent[i] = r.parent;
    c.childCount[i] = r.childCount;
    c.tokens[i] = r.tokens ?? 0;
    c.costUsd[i] = r.costUsd ?? Number.NaN;
    if (r.model !== undefined) c.models.push([i, r.model]);
    if (r.error !== undefined) c.errors.push([i, r.error]);
  }
  return c;
}

/** One string when no value holds the separator (one copy to clone), else the array itself. */
function joinColumn(values: string[]): string | string[] {
  for (const v of values) if (v.includes(COLUMN_SEPARATOR)) return values;
  return values.join(COLUMN_SEPARATOR);
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
