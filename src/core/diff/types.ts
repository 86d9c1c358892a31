/**
 * The result of comparing two traces, shaped for a side-by-side view: `rows` is already
 * aligned (one row per line of the view, left node | right node | kind) and refers to spans by
 * their index in each trace's pre-order `nodes` (the same index as in `flattenTrace` rows), so
 * the result is plain data for a webview.
 */
import type { SpanStatus } from '../model';

/**
 * `same`: matched, nothing but timing differs. `changed`: matched, and status, model,
 * inputs, outputs, tokens, cost, name (renamed) or position (moved) differ. `added`: only in
 * the right trace. `removed`: only in the left trace.
 */
export type DiffKind = 'same' | 'changed' | 'added' | 'removed';

export interface SpanDelta {
  /** right - left, µs */
  duration: number;
  /** right - left, the spans' own tokens (aggregating parents count 0, see rollup) */
  inputTokens: number;
  outputTokens: number;
  /** right - left, USD, stated or estimated */
  costUsd: number;
  statusChanged: boolean;
  leftStatus: SpanStatus;
  rightStatus: SpanStatus;
  modelChanged: boolean;
  leftModel?: string;
  rightModel?: string;
  /** undefined when either side's inputs are not loaded (partial spans) */
  inputsDiffer?: boolean;
  outputsDiffer?: boolean;
  /** matched as the one step replaced at the same place under another name */
  renamed: boolean;
  /** matched by name after the siblings around it were reordered */
  moved: boolean;
}

export interface DiffRow {
  kind: DiffKind;
  /** depth in the aligned tree */
  depth: number;
  /** index into the left trace's `nodes`; absent for added rows */
  left?: number;
  /** index into the right trace's `nodes`; absent for removed rows */
  right?: number;
  leftId?: string;
  rightId?: string;
  /** the right span's name, or the left's for removed rows */
  name: string;
  /** for matched rows */
  delta?: SpanDelta;
}

export interface DiffSideTotals {
  traceId: string;
  name: string;
  /** µs */
  duration: number;
  spanCount: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface TraceDiff {
  left: DiffSideTotals;
  right: DiffSideTotals;
  /** right - left */
  delta: { duration: number; inputTokens: number; outputTokens: number; costUsd: number; spanCount: number };
  /** spans, counting every span of an added or removed subtree */
  counts: { same: number; changed: number; added: number; removed: number };
  rows: DiffRow[];
}
