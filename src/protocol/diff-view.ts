/**
 * Messages between the diff panel's host (src/extension/compare/diff-panel.ts) and its webview
 * (webview/diff/). The host sends the whole aligned diff once the view says `ready` (and again
 * when a hidden view is shown: it is rebuilt from scratch).
 */
import type { SpanStatus, SpanType } from '../core/model';
import type { DiffKind, SpanDelta } from '../core/diff/types';

/** One side of a row: what the view draws for a span, nothing heavier. */
export interface DiffViewSpan {
  id: string;
  name: string;
  type: SpanType;
  status: SpanStatus;
  /** µs */
  duration: number;
  inputTokens: number;
  outputTokens: number;
  /** USD, the span's own; absent when neither stated nor estimable */
  costUsd?: number;
  /** the cost came from a price table, not from the file */
  costEstimated?: boolean;
  model?: string;
  hasInputs: boolean;
  hasOutputs: boolean;
}

export interface DiffViewRow {
  kind: DiffKind;
  depth: number;
  left?: DiffViewSpan;
  right?: DiffViewSpan;
  delta?: SpanDelta;
  /** the left span's name when the pair was matched under another name */
  renamedFrom?: string;
}

export interface DiffViewSide {
  traceId: string;
  name: string;
  /** workspace-relative paths of the files holding the trace */
  files: string[];
  /** epoch µs */
  startTime: number;
  /** µs */
  duration: number;
  spanCount: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** part of costUsd estimated from a price table */
  estimatedCostUsd: number;
}

export interface DiffViewData {
  left: DiffViewSide;
  right: DiffViewSide;
  /** right - left */
  delta: { duration: number; inputTokens: number; outputTokens: number; costUsd: number; spanCount: number };
  counts: { same: number; changed: number; added: number; removed: number };
  rows: DiffViewRow[];
  /** date of the price table estimates came from */
  pricingDate: string;
}

export type DiffHostToView =
  | { type: 'diff'; data: DiffViewData }
  | { type: 'error'; message: string };

export type DiffViewToHost =
  | { type: 'ready' }
  /** open VS Code's diff editor on the row's two values */
  | { type: 'openValueDiff'; row: number; field: 'inputs' | 'outputs' }
  /** open the trace view of one side at that span */
  | { type: 'openSpan'; side: 'left' | 'right'; row: number }
  | { type: 'log'; level: 'warn' | 'error'; message: string };

/** Persisted with setState, so a view rebuilt after being hidden looks the same. */
export interface DiffViewState {
  changedOnly: boolean;
  selected: number;
  scrollTop: number;
}
